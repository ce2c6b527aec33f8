/**
 * Comparing scenarios: apply each in turn, read the outputs, put the workbook back as it was.
 * Long runs report progress and can be cancelled between scenarios; the input cells are
 * restored whatever happens (finished, cancelled or failed).
 */
import type { CellValue, WorkbookPort } from '../workbook/port';
import { applyScenario, restoreInputs, RestorePoint } from './operations';
import type { InputValue, ModelInput, ModelOutput, Scenario, ScenarioDocument } from './types';

export interface ComparedOutput {
  output: ModelOutput;
  /** One value per compared scenario, in order. */
  values: CellValue[];
  /** value − base value, when both are numbers. */
  diffs: (number | null)[];
  /** (value − base) / |base|, when both are numbers and base ≠ 0. */
  ratios: (number | null)[];
}

export interface Comparison {
  scenarios: Scenario[];
  /** Index in `scenarios` of the base the differences are taken against. */
  baseIndex: number;
  inputs: { input: ModelInput; values: InputValue[] }[];
  outputs: ComparedOutput[];
  /** True when the run was cancelled: `scenarios` holds those done so far. */
  cancelled: boolean;
}

export interface CompareOptions {
  /** Id of the base scenario (default: the first compared). */
  baseId?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, current?: Scenario) => void;
}

/** Differences of each value to the base value. */
export function differences(
  values: CellValue[],
  baseIndex: number
): { diffs: (number | null)[]; ratios: (number | null)[] } {
  const base = values[baseIndex];
  const diffs = values.map((v) => (typeof v === 'number' && typeof base === 'number' ? v - base : null));
  const ratios = diffs.map((d) => (d !== null && typeof base === 'number' && base !== 0 ? d / Math.abs(base) : null));
  return { diffs, ratios };
}

/** Builds a comparison from output values already computed (one row per scenario). */
export function buildComparison(
  doc: ScenarioDocument,
  scenarios: Scenario[],
  rows: CellValue[][],
  baseIndex: number,
  cancelled: boolean
): Comparison {
  const base = Math.min(Math.max(0, baseIndex), Math.max(0, scenarios.length - 1));
  return {
    scenarios,
    baseIndex: base,
    cancelled,
    inputs: doc.model.inputs.map((input) => ({
      input,
      values: scenarios.map((s) =>
        Object.prototype.hasOwnProperty.call(s.values, input.id) ? s.values[input.id] : null
      ),
    })),
    outputs: doc.model.outputs.map((output, k) => {
      const values = rows.map((r) => r[k] ?? null);
      return { output, values, ...differences(values, base) };
    }),
  };
}

/**
 * Applies each scenario of `ids` (in that order), reads the outputs, and restores the input
 * cells to what they held before the run.
 */
export async function compareScenarios(
  port: WorkbookPort,
  doc: ScenarioDocument,
  ids: string[],
  opts: CompareOptions = {}
): Promise<Comparison> {
  const wanted = ids.map((id) => doc.scenarios.find((s) => s.id === id)).filter((s): s is Scenario => !!s);
  const done: Scenario[] = [];
  const rows: CellValue[][] = [];
  let restore: RestorePoint | undefined;
  let cancelled = false;
  try {
    for (const s of wanted) {
      if (opts.signal?.aborted) {
        cancelled = true;
        break;
      }
      opts.onProgress?.(done.length, wanted.length, s);
      const applied = await applyScenario(port, doc, s, restore);
      restore = applied.restore;
      done.push(s);
      rows.push(applied.outputs);
    }
    opts.onProgress?.(done.length, wanted.length);
  } finally {
    if (restore) await restoreInputs(port, restore);
  }
  const baseIndex = Math.max(
    0,
    done.findIndex((s) => s.id === (opts.baseId ?? done[0]?.id))
  );
  return buildComparison(doc, done, rows, baseIndex, cancelled);
}
