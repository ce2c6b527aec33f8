/**
 * Monte Carlo: inputs drawn from distributions (distributions.ts), by Latin hypercube (default)
 * or plain random sampling, optionally rank-correlated (Iman–Conover), one what-if per
 * iteration; per output the mean, standard deviation, P5/P10/P50/P90/P95, the probability of
 * crossing each threshold, a histogram and the CDF (stats.ts).
 *
 * The same seed, inputs, correlations and iteration count give the same samples and the same
 * results, byte for byte (only the record's time differs). Cancelling (AbortSignal) stops at the
 * next iteration; the workbook is as it was, since every what-if puts its inputs back.
 */
import { sampleRankCorrelation } from 'simple-statistics';
import { Distribution, checkDistribution, formatDistribution, quantileFunction } from './distributions';
import { badArgument, num } from './errors';
import { compileOutputs } from './outputs';
import type { AnalysisPort, CellValue, RunOptions } from './port';
import { RunRecord, Runner, checkInputRefs, finite } from './run';
import { imanConover, seededUniform, uniformColumns } from './sampling';
import { OutputSummary, Threshold, ThresholdOp, summarise } from './stats';

export interface MonteCarloInput {
  ref: string;
  distribution: Distribution;
}

export interface RankCorrelation {
  /** Two input references, as given in `inputs`. */
  a: string;
  b: string;
  /** Target Spearman rank correlation, −1 < rho < 1. */
  rho: number;
}

export interface MonteCarloOptions extends RunOptions {
  inputs: MonteCarloInput[];
  outputs: string[];
  iterations: number;
  /** 1 … 4 294 967 295. */
  seed: number;
  /** `lhs` (Latin hypercube, default) or `random`. */
  sampling?: 'lhs' | 'random';
  correlations?: RankCorrelation[];
  /** Probabilities to report: `{ output: "min(…)", op: '<', value: 1.2 }`; `output` as given in `outputs`. */
  thresholds?: (Threshold & { output: string })[];
  /** Histogram bins (default 20). */
  bins?: number;
  /** Keep every iteration's inputs and outputs in the result (for a scatter plot or a sheet). */
  keepSamples?: boolean;
}

export interface MonteCarloResult {
  kind: 'montecarlo';
  iterations: number;
  seed: number;
  sampling: 'lhs' | 'random';
  inputs: { ref: string; distribution: Distribution; summary: OutputSummary }[];
  outputs: { output: string; summary: OutputSummary }[];
  /** Target and achieved Spearman rank correlation of each correlated pair. */
  correlations: { a: string; b: string; target: number; achieved: number }[];
  /** With keepSamples: samples.inputs[i][j] = input j in iteration i; samples.outputs[i][k] likewise. */
  samples?: { inputs: number[][]; outputs: CellValue[][] };
  record: RunRecord;
}

/** The most iterations one run may take. */
export const MAX_ITERATIONS = 1_000_000;
const OPS: readonly ThresholdOp[] = ['<', '<=', '>', '>='];

export async function monteCarlo(port: AnalysisPort, opts: MonteCarloOptions): Promise<MonteCarloResult> {
  const refs = checkInputRefs((opts.inputs ?? []).map((i) => i?.ref));
  const dists = opts.inputs.map((i) => checkDistribution(i.distribution, `input ${i.ref}`));
  const outs = compileOutputs(opts.outputs);
  const n = opts.iterations;
  if (!(Number.isInteger(n) && n >= 2 && n <= MAX_ITERATIONS))
    throw badArgument(
      `iterations must be a whole number from 2 to ${MAX_ITERATIONS} (got ${String(n)})`,
      `迭代次数须为 2 至 ${MAX_ITERATIONS} 的整数（得到 ${String(n)}）`
    );
  const sampling = opts.sampling ?? 'lhs';
  if (sampling !== 'lhs' && sampling !== 'random')
    throw badArgument(
      `sampling must be lhs or random (got ${String(sampling)})`,
      `抽样方法须为 lhs 或 random（得到 ${String(sampling)}）`
    );
  const bins = opts.bins ?? 20;
  if (!(Number.isInteger(bins) && bins >= 1 && bins <= 1000))
    throw badArgument('bins must be a whole number from 1 to 1000', 'bins 须为 1 至 1000 的整数');
  const u = seededUniform(opts.seed);
  const index = new Map(refs.map((r, i) => [r.toLowerCase(), i]));
  const target: number[][] = refs.map((_, i) => refs.map((__, j) => (i === j ? 1 : 0)));
  const pairs = (opts.correlations ?? []).map((c) => {
    const i = index.get(String(c?.a).toLowerCase());
    const j = index.get(String(c?.b).toLowerCase());
    if (i === undefined || j === undefined || i === j)
      throw badArgument(
        `correlation ${String(c?.a)}, ${String(c?.b)}: both must be two different inputs of the run`,
        `相关 ${String(c?.a)}、${String(c?.b)}：须为本次模拟的两个不同输入项`
      );
    if (!(finite(c.rho) && c.rho > -1 && c.rho < 1))
      throw badArgument(
        `correlation ${c.a}, ${c.b}: rho must be between −1 and 1, exclusive (got ${num(c.rho)})`,
        `相关 ${c.a}、${c.b}：相关系数须在 −1 与 1 之间（不含端点，得到 ${num(c.rho)}）`
      );
    target[i][j] = target[j][i] = c.rho;
    return { a: refs[i], b: refs[j], i, j, rho: c.rho };
  });
  const thresholds = (opts.thresholds ?? []).map((t) => {
    const k = opts.outputs.indexOf(t?.output);
    if (k < 0)
      throw badArgument(
        `threshold: ${String(t?.output)} is not one of the outputs`,
        `阈值：${String(t?.output)} 不是输出项之一`
      );
    if (!OPS.includes(t.op) || !finite(t.value))
      throw badArgument(
        `threshold for ${t.output}: need an operator (<, <=, >, >=) and a number`,
        `${t.output} 的阈值：需要比较符（<、<=、>、>=）和一个数`
      );
    return { k, op: t.op, value: t.value };
  });

  // All random numbers first, in a fixed order: the run repeats exactly whatever happens after.
  const cols = uniformColumns(n, refs.length, u, sampling === 'lhs');
  const samples = cols.map((col, j) => {
    const q = quantileFunction(dists[j]);
    return Float64Array.from(col, q);
  });
  if (pairs.length) imanConover(samples, target, u);

  const runner = new Runner(port, opts, n);
  await runner.baseNumbers(refs); // every input must hold a number now: a clear error before 10 000 runs
  const results: CellValue[][] = outs.outputs.map(() => new Array<CellValue>(n));
  const kept: CellValue[][] | undefined = opts.keepSamples ? [] : undefined;
  const writes: [string, number][] = refs.map((r) => [r, 0]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < refs.length; j++) writes[j][1] = samples[j][i];
    const values = outs.values(await runner.evaluate(writes, outs.cells));
    values.forEach((v, k) => (results[k][i] = v));
    kept?.push(values);
  }
  const record = runner.record('montecarlo', {
    inputs: refs.map((ref, j) => ({ ref, distribution: formatDistribution(dists[j]) })),
    outputs: opts.outputs,
    iterations: n,
    seed: opts.seed,
    sampling,
    correlations: pairs.map((p) => ({ a: p.a, b: p.b, rho: p.rho })),
    thresholds: opts.thresholds ?? [],
  });
  return {
    kind: 'montecarlo',
    iterations: n,
    seed: opts.seed,
    sampling,
    inputs: refs.map((ref, j) => ({
      ref,
      distribution: dists[j],
      summary: summarise(Array.from(samples[j]), [], bins),
    })),
    outputs: outs.outputs.map((o, k) => ({
      output: o.expr,
      summary: summarise(
        results[k],
        thresholds.filter((t) => t.k === k).map((t) => ({ op: t.op, value: t.value })),
        bins
      ),
    })),
    correlations: pairs.map((p) => ({
      a: p.a,
      b: p.b,
      target: p.rho,
      achieved: sampleRankCorrelation(Array.from(samples[p.i]), Array.from(samples[p.j])),
    })),
    ...(kept
      ? { samples: { inputs: Array.from({ length: n }, (_, i) => samples.map((s) => s[i])), outputs: kept } }
      : {}),
    record,
  };
}
