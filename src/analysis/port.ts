/**
 * What an analysis needs from a workbook: read cells, and run one what-if (set inputs, read
 * outputs, put the inputs back). Nothing else — so the same analysis runs over the headless
 * engine (CLI, API, playground) and over Excel's own recalculation (the Office port), and a unit
 * test can give it a plain JavaScript function.
 *
 * References are single cells: a defined name or `Sheet!A1`. Aggregates over ranges (`min(…)`)
 * are expanded into their cells by outputs.ts before they reach the port.
 */

/** A cell value as the ports give it: errors as `{ error: '#DIV/0!' }`, empty cells as `null`. */
export type CellValue = number | string | boolean | null | { error: string };

export interface AnalysisPort {
  /** The current values of `refs`, in order. */
  read(refs: string[]): Promise<CellValue[]>;
  /**
   * One what-if: writes `inputs` (reference → number), reads `outputs` after recalculation, and
   * puts every input back as it was (formulas as formulas). The workbook is unchanged afterwards.
   */
  evaluate(inputs: ReadonlyArray<readonly [string, number]>, outputs: string[]): Promise<CellValue[]>;
  /** What computes the outputs (`reuse-finance 0.1.0, HyperFormula 3.5.0`), for the run record. */
  engine?: string;
}

/** Progress of a long analysis: evaluations done out of the total planned. */
export interface Progress {
  done: number;
  total: number;
}

/** Options every analysis takes. */
export interface RunOptions {
  /** Called now and then (at most every 1 % of the work, and at the end). */
  onProgress?: (p: Progress) => void;
  /** Aborting stops the analysis at the next evaluation with an AnalysisError `cancelled`. */
  signal?: AbortSignal;
  /** The clock for the run record (tests give a fixed one). */
  now?: () => Date;
}
