/**
 * Can the numbers in a workbook another bureau sent be trusted? `check` recomputes every
 * formula and compares the result with the value Excel cached in the file, and looks for the
 * usual ways a shared model goes wrong:
 *
 * - **differs**: the cached value is not what the formula gives (stale, or computed from
 *   inputs changed since the last recalculation); spilled arrays are compared cell by cell;
 * - **missing**: a formula with no cached value (a recipient sees nothing or 0);
 * - **overwritten**: a constant typed over a formula, found where the cells directly on both
 *   sides of it (above and below, or left and right) hold formulas of the same shape
 *   (the same formula once relative references are read as offsets, R1C1 style) — the
 *   typical hand-typed number in the middle of a filled-down column;
 * - **spelling**: a REUSE call saved in a form Excel cannot resolve (`[1]!_xldudf_…`, or a bare
 *   `REUSE.…(` saved before the add-in loaded) — `repair` fixes those.
 *
 * Cells the engine cannot compute (functions it does not know, another add-in's functions)
 * are listed as unchecked, not as inconsistencies. Pure over bytes and the loaded workbook:
 * no file system, so the task pane can run it on the open file's bytes.
 */
import ExcelJS from 'exceljs';
import type { Lang } from '../core/errors';
import { formulaShape, repairFormula, usesReuse } from './formula-text';
import type { ExternalLink } from './package';
import type { XlsxLimits } from './safe-xlsx';
import {
  CellWarning,
  LoadedWorkbook,
  Result,
  cachedResult,
  computeResults,
  decodeRange,
  excelSerial,
  loadWorkbook,
} from './workbook';

/** Numbers agree when |a − b| ≤ abs + rel × max(|a|, |b|). */
export interface Tolerance {
  rel: number;
  abs: number;
}

/**
 * The registry's functions promise 1e-9 relative agreement with an independent computation,
 * and Excel caches 15–17 significant digits; the absolute floor keeps a result of 1e-12
 * against a cached 0 from counting as a difference.
 */
export const DEFAULT_TOLERANCE: Tolerance = { rel: 1e-9, abs: 1e-9 };

export type FindingKind = 'differs' | 'missing' | 'overwritten' | 'spelling';

export interface CheckFinding {
  kind: FindingKind;
  sheet: string;
  address: string;
  /** The formula as stored; for `overwritten`, the formula of the first cell in `neighbours`. */
  formula: string;
  /** The value cached in the file (the constant, for `overwritten`). */
  stored?: Result;
  /** The engine's value (`differs`, `missing`). */
  recomputed?: Result;
  /** For `spelling`, the formula as `repair` would write it. */
  repaired?: string;
  /** For a spilled cell, the cell holding the formula. */
  spilledFrom?: string;
  /** For `overwritten`, the cells on either side that hold the formula. */
  neighbours?: [string, string];
  /** The formula calls a REUSE function. */
  reuse: boolean;
  /** One line for people (en-US). */
  message: string;
}

export interface CheckReport {
  /** No findings: every recomputed value matches the cached one within the tolerance. */
  consistent: boolean;
  sheets: string[];
  formulas: number;
  reuseFormulas: number;
  /** Cells whose cached value was compared (spilled cells included). */
  cellsCompared: number;
  tolerance: Tolerance;
  findings: CheckFinding[];
  /** Formula cells the engine could not compute, so could not check. */
  unchecked: CellWarning[];
  externalLinks: ExternalLink[];
}

export interface CheckOptions {
  tolerance?: Partial<Tolerance>;
  lang?: Lang;
  limits?: XlsxLimits;
}

/** Loads a workbook's bytes (with every safety limit) and checks it. */
export async function checkWorkbookBytes(bytes: Uint8Array, opts: CheckOptions = {}): Promise<CheckReport> {
  const loaded = await loadWorkbook(bytes, { lang: opts.lang, limits: opts.limits });
  try {
    return checkWorkbook(loaded, opts);
  } finally {
    loaded.engine.hf.destroy();
  }
}

/** A cached value in comparable form: dates as Excel serials, errors as `{ error }`, nothing as null. */
function comparable(v: unknown): Result {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return excelSerial(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'object') {
    if ('error' in v) return { error: String((v as { error: unknown }).error) };
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as { text: unknown }).text);
  }
  return null;
}

function same(stored: Result, computed: Result, tol: Tolerance): boolean {
  if (typeof stored === 'number' && typeof computed === 'number') {
    return Math.abs(stored - computed) <= tol.abs + tol.rel * Math.max(Math.abs(stored), Math.abs(computed));
  }
  if (stored && computed && typeof stored === 'object' && typeof computed === 'object') return stored.error === computed.error;
  // An empty cached string and an empty result are the same thing to a reader.
  if ((stored === null || stored === '') && (computed === null || computed === '')) return true;
  return stored === computed;
}

export function showValue(v: Result | undefined): string {
  if (v === undefined || v === null) return '(empty)';
  if (typeof v === 'object') return v.error;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** Checks a loaded workbook (before `writeResults`: the cached values are the file's). */
export function checkWorkbook(loaded: LoadedWorkbook, opts: CheckOptions = {}): CheckReport {
  const tol: Tolerance = { ...DEFAULT_TOLERANCE, ...opts.tolerance };
  const { workbook } = loaded;
  const findings: CheckFinding[] = [];
  let compared = 0;
  // The recomputed value of every formula cell and spill, decided in one place (as recalc writes them).
  const plan = computeResults(loaded);

  loaded.formulas.forEach((f, i) => {
    const reuse = usesReuse(f.text);
    const repaired = repairFormula(f.text);
    if (repaired !== f.text) {
      const corrupted = /\[\d+\]!_xldudf_/i.test(f.text);
      findings.push({
        kind: 'spelling',
        sheet: f.sheet,
        address: f.cell.address,
        formula: f.text,
        repaired,
        reuse: true,
        message: corrupted
          ? 'REUSE call saved as a corrupted external reference [n]!_xldudf_…: run `reuse-calc repair`'
          : 'REUSE call saved before the add-in loaded (Excel shows #NAME?): run `reuse-calc repair`',
      });
    }
    const cellPlan = plan.cells[i];
    if (cellPlan.keep) return; // the engine cannot compute it: listed among the unchecked cells
    // The cells to compare: the formula's own, and for an array formula every cell of the old
    // range and of the engine's spill (a cell outside the new spill should be empty).
    const spill = cellPlan.array?.values ?? [[cellPlan.value]];
    const old = cellPlan.array?.oldRef ? decodeRange(cellPlan.array.oldRef) : undefined;
    const rows = Math.max(spill.length, old ? old.bottom - old.top + 1 : 1);
    const cols = Math.max(spill[0].length, old ? old.right - old.left + 1 : 1);
    const ws = workbook.getWorksheet(f.sheet)!;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const master = r === 0 && c === 0;
        const computed: Result = r < spill.length && c < spill[0].length ? spill[r][c] : null;
        const cell = master ? f.cell : ws.getCell(cellPlan.row + r, cellPlan.col + c);
        const raw = master ? cachedResult(f.cell) : cell.value;
        compared++;
        const base = { sheet: f.sheet, address: cell.address, formula: f.text, reuse, ...(master ? {} : { spilledFrom: f.cell.address }) };
        if (master && (raw === undefined || raw === null)) {
          findings.push({ ...base, kind: 'missing', recomputed: computed, message: `no cached value; the formula gives ${showValue(computed)}` });
          continue;
        }
        const stored = comparable(raw);
        if (!same(stored, computed, tol)) {
          const what = reuse ? 'stale REUSE result' : 'stale value';
          findings.push({ ...base, kind: 'differs', stored, recomputed: computed, message: `${what}: cached ${showValue(stored)}, recomputed ${showValue(computed)}` });
        }
      }
    }
  });

  findings.push(...overwrittenFormulas(loaded));
  const sheetOrder = new Map(workbook.worksheets.map((w, i) => [w.name, i]));
  const pos = (f: CheckFinding) => {
    const m = /^([A-Z]+)(\d+)$/.exec(f.address);
    return m ? [Number(m[2]), m[1].length, m[1]] : [0, 0, ''];
  };
  findings.sort((a, b) => {
    const s = sheetOrder.get(a.sheet)! - sheetOrder.get(b.sheet)!;
    if (s) return s;
    const [ra, la, ca] = pos(a);
    const [rb, lb, cb] = pos(b);
    return (ra as number) - (rb as number) || (la as number) - (lb as number) || String(ca).localeCompare(String(cb));
  });

  return {
    consistent: findings.length === 0,
    sheets: workbook.worksheets.map((w) => w.name),
    formulas: loaded.formulas.length,
    reuseFormulas: loaded.formulas.filter((f) => usesReuse(f.text)).length,
    cellsCompared: compared,
    tolerance: tol,
    findings,
    unchecked: plan.report.warnings,
    externalLinks: loaded.externalLinks,
  };
}

/** One cell of the grid, as the overwrite scan sees it. */
type GridCell = { kind: 'formula'; shape: string; text: string; address: string } | { kind: 'constant'; value: Result; address: string };

/**
 * Constants typed over formulas: a run of number, date or TRUE/FALSE constants whose
 * neighbours directly before and after it (in a column, or in a row) are formulas of the same
 * shape. Text constants (labels) and cells inside spilled ranges are never flagged.
 */
function overwrittenFormulas(loaded: LoadedWorkbook): CheckFinding[] {
  const out = new Map<string, CheckFinding>();
  for (const ws of loaded.workbook.worksheets) {
    const grid = new Map<string, GridCell>();
    const key = (r: number, c: number) => `${r}:${c}`;
    const spilled = new Set<string>();
    for (const f of loaded.formulas) {
      if (f.sheet !== ws.name || !f.arrayRef) continue;
      const r = decodeRange(f.arrayRef);
      if (r) for (let y = r.top; y <= r.bottom; y++) for (let x = r.left; x <= r.right; x++) spilled.add(key(y, x));
    }
    const byCol = new Map<number, number[]>();
    const byRow = new Map<number, number[]>();
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        let g: GridCell | undefined;
        if (cell.type === ExcelJS.ValueType.Formula) g = { kind: 'formula', shape: formulaShape(cell.formula, r, c), text: cell.formula, address: cell.address };
        else if (!spilled.has(key(r, c))) {
          const v = cell.value;
          if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) g = { kind: 'constant', value: comparable(v), address: cell.address };
        }
        if (!g) return;
        grid.set(key(r, c), g);
        (byCol.get(c) ?? byCol.set(c, []).get(c)!).push(r);
        (byRow.get(r) ?? byRow.set(r, []).get(r)!).push(c);
      });
    });
    const scan = (lines: Map<number, number[]>, at: (line: number, i: number) => GridCell | undefined) => {
      for (const [line, positions] of lines) {
        positions.sort((a, b) => a - b);
        for (let k = 0; k < positions.length; k++) {
          const start = positions[k];
          if (at(line, start)?.kind !== 'constant') continue;
          let end = start;
          while (at(line, end + 1)?.kind === 'constant') end++;
          const before = at(line, start - 1);
          const after = at(line, end + 1);
          if (before?.kind === 'formula' && after?.kind === 'formula' && before.shape === after.shape) {
            for (let i = start; i <= end; i++) {
              const g = at(line, i) as Extract<GridCell, { kind: 'constant' }>;
              if (out.has(`${ws.name}!${g.address}`)) continue;
              out.set(`${ws.name}!${g.address}`, {
                kind: 'overwritten',
                sheet: ws.name,
                address: g.address,
                formula: before.text,
                neighbours: [before.address, after.address],
                stored: g.value,
                reuse: usesReuse(before.text),
                message: `constant ${showValue(g.value)} where ${before.address} and ${after.address} hold the same formula (typed over a formula?)`,
              });
            }
          }
          while (k + 1 < positions.length && positions[k + 1] <= end) k++;
        }
      }
    };
    scan(byCol, (c, r) => grid.get(key(r, c)));
    scan(byRow, (r, c) => grid.get(key(r, c)));
  }
  return [...out.values()];
}
