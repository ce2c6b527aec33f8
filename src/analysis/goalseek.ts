/**
 * Goal seek (break-even): the value of one input that brings one output to a target, searched
 * inside a bracket by Brent's method (brent.ts). Unlike Excel's Goal Seek it never stops on a
 * "close enough" last guess: it answers to the tolerance or says why it cannot.
 *
 * Without a bracket it searches [base / 10, base × 10] (base < 0: [base × 10, base / 10];
 * base = 0: [−1, 1]).
 */
import { brentRoot } from './brent';
import { AnalysisError, badArgument, num } from './errors';
import { compileOutput } from './outputs';
import type { AnalysisPort, CellValue, RunOptions } from './port';
import { RunRecord, Runner, checkInputRefs, finite } from './run';

export interface GoalSeekOptions extends RunOptions {
  input: string;
  output: string;
  target: number;
  between?: [number, number];
  /** Relative tolerance on the input (default 1e-9). */
  relTol?: number;
  /** Evaluations beyond the bracket's ends before giving up (default 100). */
  maxIter?: number;
}

export interface GoalSeekResult {
  kind: 'goalseek';
  input: string;
  output: string;
  target: number;
  /** The input value found. */
  value: number;
  /** The output at that value (within the tolerance of the target). */
  outputValue: number;
  base: { input: number; output: CellValue };
  between: [number, number];
  record: RunRecord;
}

export function defaultBracket(base: number): [number, number] {
  if (base > 0) return [base / 10, base * 10];
  if (base < 0) return [base * 10, base / 10];
  return [-1, 1];
}

export async function goalSeek(port: AnalysisPort, opts: GoalSeekOptions): Promise<GoalSeekResult> {
  const [input] = checkInputRefs([opts.input], 'input');
  const out = compileOutput(opts.output);
  if (!finite(opts.target))
    throw badArgument(
      `target must be a finite number (got ${String(opts.target)})`,
      `目标值须为有限数（得到 ${String(opts.target)}）`
    );
  const relTol = opts.relTol ?? 1e-9;
  if (!(finite(relTol) && relTol > 0 && relTol < 1))
    throw badArgument('relTol must be a number between 0 and 1', 'relTol 须为 0 与 1 之间的数');
  const runner = new Runner(port, opts, 0);
  const [base] = await runner.baseNumbers([input]);
  const baseOut = out.reduce(await runner.read(out.cells));
  let between = opts.between;
  if (between !== undefined) {
    if (
      !Array.isArray(between) ||
      between.length !== 2 ||
      !finite(between[0]) ||
      !finite(between[1]) ||
      between[0] === between[1]
    ) {
      throw badArgument('between must be two different numbers LOW:HIGH', 'between 须为两个不同的数 低值:高值');
    }
    between = [Math.min(between[0], between[1]), Math.max(between[0], between[1])];
  } else between = defaultBracket(base);
  const f = async (x: number) => {
    const v = out.reduce(await runner.evaluate([[input, x]], out.cells));
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      const shown = v !== null && typeof v === 'object' ? v.error : JSON.stringify(v);
      throw new AnalysisError(
        'not-a-number',
        `output ${opts.output} is ${shown}, not a number, when ${input} = ${num(x)}: narrow the bracket`,
        `当 ${input} = ${num(x)} 时输出 ${opts.output} 为 ${shown}，不是数字：请缩小区间`
      );
    }
    return v - opts.target;
  };
  const r = await brentRoot(f, between[0], between[1], {
    relTol,
    absTol: relTol * 1e-3 * (between[1] - between[0]),
    maxIter: opts.maxIter ?? 100,
  });
  const record = runner.record('goalseek', { input, output: opts.output, target: opts.target, between, relTol });
  return {
    kind: 'goalseek',
    input,
    output: opts.output,
    target: opts.target,
    value: r.x,
    outputValue: r.fx + opts.target,
    base: { input: base, output: baseOut },
    between,
    record,
  };
}
