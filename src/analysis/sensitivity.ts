/**
 * One-way sensitivity: each input on its own to a low and a high value (± a share of its current
 * value, or explicit values), every other input at its current value; each output's swing
 * |output(high) − output(low)|; bars sorted by swing, largest first (a tornado). With `steps`,
 * also a spider: each input at `steps` points from low through the current value to high.
 *
 * Cost: 2 what-ifs per input (+ steps − 3 more per input for a spider; its low, base and high
 * points are the tornado's and the base's).
 */
import { badArgument } from './errors';
import { compileOutputs } from './outputs';
import type { AnalysisPort, CellValue, RunOptions } from './port';
import { RunRecord, Runner, checkInputRefs, finite } from './run';

export interface SensitivityInput {
  ref: string;
  /** Explicit low and high values; both or neither (then base × (1 ∓ delta)). */
  low?: number;
  high?: number;
}

export interface SensitivityOptions extends RunOptions {
  inputs: SensitivityInput[];
  outputs: string[];
  /** The share each input moves by when low/high are not given (default 0.1 = ± 10 %). */
  delta?: number;
  /** Points per input for a spider chart (odd, ≥ 3), or 0 for none (default). */
  steps?: number;
}

export interface TornadoBar {
  input: string;
  base: number;
  low: number;
  high: number;
  outputLow: CellValue;
  outputHigh: CellValue;
  /** |outputHigh − outputLow|, or null when either is not a number (sorted last). */
  swing: number | null;
}

export interface SpiderSeries {
  input: string;
  /** `change` is (value − base) / |base| (or −1 … 1 across the range when base is 0). */
  points: { change: number; value: number; output: CellValue }[];
}

export interface SensitivityResult {
  kind: 'sensitivity';
  base: { inputs: { ref: string; value: number }[]; outputs: { output: string; value: CellValue }[] };
  /** One tornado per output, bars sorted by swing, largest first. */
  tornado: { output: string; base: CellValue; bars: TornadoBar[] }[];
  /** One spider per output when `steps` was given. */
  spider?: { output: string; series: SpiderSeries[] }[];
  record: RunRecord;
}

export async function sensitivity(port: AnalysisPort, opts: SensitivityOptions): Promise<SensitivityResult> {
  const refs = checkInputRefs((opts.inputs ?? []).map((i) => i?.ref));
  const outs = compileOutputs(opts.outputs);
  const delta = opts.delta ?? 0.1;
  if (!(finite(delta) && delta > 0))
    throw badArgument(
      `delta must be a number > 0 (got ${String(opts.delta)})`,
      `delta 须为大于 0 的数（得到 ${String(opts.delta)}）`
    );
  const steps = opts.steps ?? 0;
  if (!(steps === 0 || (Number.isInteger(steps) && steps >= 3 && steps % 2 === 1 && steps <= 101)))
    throw badArgument(
      `steps must be 0 or an odd whole number from 3 to 101 (got ${String(steps)})`,
      `steps 须为 0 或 3 至 101 的奇数（得到 ${String(steps)}）`
    );
  const runner = new Runner(port, opts, refs.length * (steps ? steps - 1 : 2));
  const bases = await runner.baseNumbers(refs);
  const ranges = opts.inputs.map((inp, i) => {
    const b = bases[i];
    if (inp.low !== undefined || inp.high !== undefined) {
      if (!finite(inp.low) || !finite(inp.high) || inp.low === inp.high)
        throw badArgument(
          `input ${refs[i]}: low and high must be two different numbers`,
          `输入项 ${refs[i]}：低值与高值须为两个不同的数`
        );
      return { low: inp.low, high: inp.high };
    }
    if (b === 0)
      throw badArgument(
        `input ${refs[i]} is 0, so ± ${delta * 100} % does not move it: give LOW:HIGH`,
        `输入项 ${refs[i]} 为 0，± ${delta * 100}% 不会改变它：请给出 低值:高值`
      );
    return { low: b * (1 - delta), high: b * (1 + delta) };
  });
  const baseOut = outs.values(await runner.read(outs.cells));
  const memo = new Map<string, CellValue[]>();
  const at = async (i: number, value: number): Promise<CellValue[]> => {
    if (value === bases[i]) return baseOut;
    const key = `${i}:${value}`;
    let v = memo.get(key);
    if (!v) memo.set(key, (v = outs.values(await runner.evaluate([[refs[i], value]], outs.cells))));
    return v;
  };
  const lows: CellValue[][] = [];
  const highs: CellValue[][] = [];
  for (let i = 0; i < refs.length; i++) {
    lows.push(await at(i, ranges[i].low));
    highs.push(await at(i, ranges[i].high));
  }
  const tornado = outs.outputs.map((o, k) => {
    const bars: TornadoBar[] = refs.map((ref, i) => {
      const lo = lows[i][k];
      const hi = highs[i][k];
      return {
        input: ref,
        base: bases[i],
        low: ranges[i].low,
        high: ranges[i].high,
        outputLow: lo,
        outputHigh: hi,
        swing: typeof lo === 'number' && typeof hi === 'number' ? Math.abs(hi - lo) : null,
      };
    });
    bars.sort((a, b) => (b.swing ?? -1) - (a.swing ?? -1));
    return { output: o.expr, base: baseOut[k], bars };
  });
  let spider: SensitivityResult['spider'];
  if (steps) {
    const series: { input: string; points: { change: number; value: number; outputs: CellValue[] }[] }[] = [];
    for (let i = 0; i < refs.length; i++) {
      const b = bases[i];
      const { low, high } = ranges[i];
      const points = [];
      for (let s = 0; s < steps; s++) {
        const t = -1 + (2 * s) / (steps - 1);
        const value = t < 0 ? b + t * (b - low) : b + t * (high - b);
        points.push({ change: b !== 0 ? (value - b) / Math.abs(b) : t, value, outputs: await at(i, value) });
      }
      series.push({ input: refs[i], points });
    }
    spider = outs.outputs.map((o, k) => ({
      output: o.expr,
      series: series.map((s) => ({
        input: s.input,
        points: s.points.map((p) => ({ change: p.change, value: p.value, output: p.outputs[k] })),
      })),
    }));
  }
  const record = runner.record('sensitivity', {
    inputs: refs.map((ref, i) => ({ ref, low: ranges[i].low, high: ranges[i].high })),
    outputs: opts.outputs,
    delta,
    steps,
  });
  return {
    kind: 'sensitivity',
    base: {
      inputs: refs.map((ref, i) => ({ ref, value: bases[i] })),
      outputs: outs.outputs.map((o, k) => ({ output: o.expr, value: baseOut[k] })),
    },
    tornado,
    ...(spider ? { spider } : {}),
    record,
  };
}
