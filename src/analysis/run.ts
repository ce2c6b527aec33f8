/**
 * What every analysis shares: counting evaluations, progress, cancel, reading the base values,
 * and the record of what ran.
 */
import { AnalysisError, badArgument } from './errors';
import type { AnalysisPort, CellValue, RunOptions } from './port';

/** What an analysis ran, kept with its results (and written beside them into a results sheet). */
export interface RunRecord {
  analysis: 'sensitivity' | 'goalseek' | 'table' | 'montecarlo';
  /** ISO 8601 UTC time the run started. */
  started: string;
  /** Wall-clock time of the run, in milliseconds. */
  elapsedMs: number;
  /** What-ifs evaluated (each one recalculation of the workbook). */
  evaluations: number;
  /** What computed the outputs. */
  engine: string;
  /** The settings the analysis ran with: inputs with their ranges, values or distributions, outputs, seed… */
  settings: Record<string, unknown>;
}

/** A number for display in messages and keys. */
const text = (v: CellValue): string => (v !== null && typeof v === 'object' ? v.error : JSON.stringify(v));

export class Runner {
  evaluations = 0;
  private readonly started: Date;
  private readonly t0: number;
  private lastYield: number;
  private lastReport = -1;

  constructor(
    private readonly port: AnalysisPort,
    private readonly opts: RunOptions,
    /** Evaluations planned (for progress; 0 when unknown). */
    public total: number
  ) {
    this.started = (opts.now ?? (() => new Date()))();
    this.t0 = Date.now();
    this.lastYield = this.t0;
    this.checkCancel();
  }

  checkCancel(): void {
    if (this.opts.signal?.aborted)
      throw new AnalysisError(
        'cancelled',
        'the analysis was cancelled; the workbook is as it was',
        '分析已取消；工作簿未作改动'
      );
  }

  /** One what-if, counted, with progress and a chance for the host to breathe (and cancel). */
  async evaluate(inputs: ReadonlyArray<readonly [string, number]>, cells: string[]): Promise<CellValue[]> {
    this.checkCancel();
    const values = await this.port.evaluate(inputs, cells);
    this.evaluations++;
    this.progress();
    if (Date.now() - this.lastYield > 50) {
      // Let the host paint progress and deliver an abort (a button, Ctrl-C) between evaluations.
      await new Promise((r) => setTimeout(r, 0));
      this.lastYield = Date.now();
      this.checkCancel();
    }
    return values;
  }

  progress(final = false): void {
    const { onProgress } = this.opts;
    if (!onProgress) return;
    const total = Math.max(this.total, this.evaluations);
    const step = Math.max(1, Math.floor(total / 100));
    if (final || this.evaluations - this.lastReport >= step) {
      this.lastReport = this.evaluations;
      onProgress({ done: this.evaluations, total });
    }
  }

  /** The current numbers in `refs` (the base case); anything else is a clear error naming the input. */
  async baseNumbers(refs: string[]): Promise<number[]> {
    const values = await this.port.read(refs);
    return values.map((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw badArgument(
          `input ${refs[i]} holds ${text(v)}, not a number`,
          `输入项 ${refs[i]} 的值为 ${text(v)}，不是数字`
        );
      return v;
    });
  }

  read(refs: string[]): Promise<CellValue[]> {
    return this.port.read(refs);
  }

  record(analysis: RunRecord['analysis'], settings: Record<string, unknown>): RunRecord {
    this.progress(true);
    return {
      analysis,
      started: this.started.toISOString(),
      elapsedMs: Date.now() - this.t0,
      evaluations: this.evaluations,
      engine: this.port.engine ?? 'unknown',
      settings,
    };
  }
}

/** Input references: strings, none twice (a name and its cell count as two; the port resolves them). */
export function checkInputRefs(refs: readonly unknown[], what = 'inputs'): string[] {
  if (!Array.isArray(refs) || refs.length === 0)
    throw badArgument(`${what}: give at least one input`, `${what}：至少需要一个输入项`);
  const seen = new Set<string>();
  return refs.map((r) => {
    if (typeof r !== 'string' || r.trim() === '')
      throw badArgument(
        `${what}: an input must be a defined name or Sheet!A1 (got ${JSON.stringify(r)})`,
        `${what}：输入项须为名称或 Sheet!A1（得到 ${JSON.stringify(r)}）`
      );
    const k = r.trim().toLowerCase();
    if (seen.has(k)) throw badArgument(`${what}: ${r} is given twice`, `${what}：${r} 重复`);
    seen.add(k);
    return r.trim();
  });
}

export const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
