/**
 * Can the numbers in a workbook another bureau sent be trusted? `check` recomputes every
 * formula and compares the result with the value Excel cached in the file, and looks for the
 * usual ways a shared model goes wrong:
 *
 * - **differs**: the cached value is not what the formula gives (stale, or computed from
 *   inputs changed since the last recalculation); spilled arrays are compared cell by cell;
 * - **missing**: a formula with no cached value (a recipient sees nothing or 0) — unless the
 *   workbook asks Excel to recalculate everything when it opens (`fullCalcOnLoad`): then
 *   nobody sees the empty cache, and such cells are counted (`uncached`), not reported. A
 *   formula whose result is the empty string may be cached as `<v></v>` or as `t="str"` with no
 *   value (Excel and LibreOffice write both): that is a cached "", not a missing value;
 * - **overwritten**: a constant typed over a formula, found where the cells directly on both
 *   sides of it (above and below, or left and right) hold formulas of the same shape
 *   (the same formula once relative references are read as offsets, R1C1 style) and that
 *   formula was filled down: a second cell of the same shape continues the run on one side —
 *   the typical hand-typed number in the middle of a filled-down column. An input column
 *   where each input is followed by a formula converting it (input, =C5*365, input,
 *   =C7*365) is not a filled-down formula and is not flagged;
 * - **spelling**: a REUSE call saved in a form Excel cannot resolve (`[1]!_xldudf_…`, or a bare
 *   `REUSE.…(` saved before the add-in loaded) — `repair` fixes those.
 *
 * - **unverified**: a formula the engine did not compute (a function it does not know or
 *   cannot vouch for, another add-in's function, an external link, a data table, a formula
 *   too long or a range too large to evaluate): its cached value could not be checked; or a
 *   formula whose cached value differs from the engine's and that calls a built-in the engine
 *   is not verified to compute as Excel does (docs/excel-compatibility.md): Excel may be right;
 * - **skipped**: a sheet that was not read (an Excel 4.0 macro sheet) or a defined name the
 *   engine could not take.
 *
 * A workbook is consistent only when every formula in it was read, computed and matched: an
 * unverified cell or a skipped sheet is a finding too, so `check` never passes what it did
 * not read. Cells whose value legitimately changes at each calculation (RAND, NOW, TODAY and
 * what depends on them) are counted, not compared. Pure over bytes and the loaded workbook:
 * no file system, so the task pane can run it on the open file's bytes.
 */
import { unverifiedFunctionsIn } from './excel-builtins';
import type { Lang } from '../core/errors';
import { Result } from '../xlsx/cells';
import { cellAddress, parseCellAddress, parseRange } from '../xlsx/a1';
import type { XlsxLimits } from '../xlsx/limits';
import type { ExternalLink } from '../xlsx/package';
import type { CellRecord } from '../xlsx/sheet';
import { formulaShape, repairFormula, usesReuse } from './formula-text';
import { hasWpsOnlySpelling, toWpsFormula } from '../wps/names';
import {
  CellWarning,
  DEFAULT_TOLERANCE,
  LoadedWorkbook,
  Tolerance,
  computeResults,
  loadWorkbook,
  same,
  showValue,
} from './load';

export { DEFAULT_TOLERANCE, Tolerance };

/** Numbers agree when |a − b| ≤ abs + rel × max(|a|, |b|). */

export type FindingKind = 'differs' | 'missing' | 'overwritten' | 'spelling' | 'unverified' | 'skipped';

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
  /**
   * Formulas with no cached value that are not findings because the workbook recalculates
   * when it opens (`fullCalcOnLoad`); 0 otherwise (each such cell is a `missing` finding).
   */
  uncached: number;
  /** Formula cells the engine could not compute, so could not check (each is also an `unverified` finding). */
  unchecked: CellWarning[];
  /** Cells not compared because their value changes at each calculation (RAND, NOW, TODAY and their dependents). */
  volatile: number;
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

/**
 * The value a formula cell has cached, or undefined when it has none. An empty `<v></v>` (any
 * type) and `t="str"` with no `<v>` are how Excel and LibreOffice cache a formula that returns
 * "": that is a cached empty string, not a missing value.
 */
function cachedValue(c: CellRecord): Result | undefined {
  if (c.value !== null) return c.value;
  if (c.vStart >= 0 || c.t === 'str' || (c.t === 'inlineStr' && c.isStart >= 0)) return '';
  return undefined;
}

/** Re-exported: the CLI prints findings with it. */
export { showValue };

/** Functions whose value changes at each calculation. */
/** Functions whose value changes at every calculation (OFFSET and INDIRECT are volatile too, but give the same value each time, so they are compared). */
const VOLATILE = /(?:^|[^A-Za-z0-9_.])(?:_xlfn\.)?(RAND|RANDBETWEEN|RANDARRAY|NOW|TODAY)\s*\(/i;

/** Cells (sheet!row!col) holding volatile formulas, and every cell that depends on them. */
function volatileCells(loaded: LoadedWorkbook): Set<string> {
  const out = new Set<string>();
  const { hf } = loaded.engine;
  const queue: { sheet: number; row: number; col: number }[] = [];
  for (const f of loaded.formulas) {
    if (f.skip || !VOLATILE.test(f.text.replace(/"(?:[^"]|"")*"/g, '""'))) continue;
    queue.push({ sheet: loaded.sheetIds.get(f.sheet)!, row: f.row - 1, col: f.col - 1 });
  }
  const key = (a: { sheet: number; row: number; col: number }) => `${a.sheet}!${a.row}!${a.col}`;
  for (const a of queue) out.add(key(a));
  while (queue.length) {
    const at = queue.pop()!;
    for (const d of hf.getCellDependents(at)) {
      if (!('col' in d)) continue; // a range: its own dependents are listed through the cells that read it
      const k = key(d);
      if (!out.has(k)) {
        out.add(k);
        queue.push(d);
      }
    }
  }
  return out;
}

/** Checks a loaded workbook (its cached values are the file's). */
export function checkWorkbook(loaded: LoadedWorkbook, opts: CheckOptions = {}): CheckReport {
  const tol: Tolerance = { ...DEFAULT_TOLERANCE, ...opts.tolerance };
  const { model } = loaded;
  const findings: CheckFinding[] = [];
  let compared = 0;
  // The recomputed value of every formula cell and spill, decided in one place (as recalc writes them).
  const plan = computeResults(loaded);
  const volatile = volatileCells(loaded);
  let volatileCount = 0;
  const index = new Map<string, Map<number, CellRecord>>();
  const cellAt = (sheet: string, row: number, col: number): CellRecord | undefined => {
    let m = index.get(sheet);
    if (!m) {
      m = new Map();
      for (const c of model.sheets.find((s) => s.name === sheet)?.xml?.cells ?? []) m.set(c.row * 16_385 + c.col, c);
      index.set(sheet, m);
    }
    return m.get(row * 16_385 + col);
  };

  let uncached = 0;
  // A workbook in WPS's spelling (REUSE.TARIFF_TIERED): a call spelt the same in WPS and Excel
  // (REUSE.POLICY) is WPS's form there, not a call saved before Excel's add-in loaded.
  const wpsWorkbook = loaded.formulas.some((f) => hasWpsOnlySpelling(f.text));
  loaded.formulas.forEach((f, i) => {
    const reuse = usesReuse(f.text);
    const repaired = repairFormula(f.text);
    if (repaired !== f.text && !(wpsWorkbook && toWpsFormula(f.text) === f.text)) {
      const corrupted = /\[\d+\]!_xldudf_/i.test(f.text);
      findings.push({
        kind: 'spelling',
        sheet: f.sheet,
        address: f.address,
        formula: f.text,
        repaired,
        reuse: true,
        message: corrupted
          ? 'REUSE call saved as a corrupted external reference [n]!_xldudf_…: run `reuse-calc repair`'
          : 'REUSE call saved before the add-in loaded (Excel shows #NAME?): run `reuse-calc repair`',
      });
    }
    const cellPlan = plan.cells[i];
    if (cellPlan.keep) return; // listed as unverified below
    const sheetId = loaded.sheetIds.get(f.sheet)!;
    if (volatile.has(`${sheetId}!${f.row - 1}!${f.col - 1}`)) {
      volatileCount++;
      return;
    }
    const masterCached = cachedValue(f.record);
    if (masterCached === undefined && model.fullCalcOnLoad) {
      // Never calculated, and Excel calculates it on opening: nothing a person sees to compare.
      uncached++;
      return;
    }
    // The cells to compare: the formula's own, and for an array formula every cell of the old
    // range and of the engine's spill (a cell outside the new spill should be empty).
    const spill = cellPlan.array?.values ?? [[cellPlan.value]];
    const old = cellPlan.array?.oldRef ? parseRange(cellPlan.array.oldRef) : undefined;
    const rows = Math.max(spill.length, old ? old.bottom - old.top + 1 : 1);
    const cols = Math.max(spill[0].length, old ? old.right - old.left + 1 : 1);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const master = r === 0 && c === 0;
        const computed: Result = r < spill.length && c < spill[0].length ? spill[r][c] : null;
        const address = master ? f.address : cellAddress(f.row + r, f.col + c);
        const stored = master ? (masterCached ?? null) : (cellAt(f.sheet, f.row + r, f.col + c)?.value ?? null);
        compared++;
        const base = { sheet: f.sheet, address, formula: f.text, reuse, ...(master ? {} : { spilledFrom: f.address }) };
        if (master && masterCached === undefined) {
          findings.push({
            ...base,
            kind: 'missing',
            recomputed: computed,
            message: `no cached value; the formula gives ${showValue(computed)}`,
          });
          continue;
        }
        if (!same(stored, computed, tol)) {
          const unverified = unverifiedFunctionsIn(f.text);
          if (unverified.length) {
            // Excel's value may be the right one: HyperFormula's version of these functions is not verified.
            findings.push({
              ...base,
              kind: 'unverified',
              stored,
              recomputed: computed,
              message: `not verified: cached ${showValue(stored)}, the engine gives ${showValue(computed)} with ${unverified.join(', ')}, which it is not verified to compute as Excel does (docs/excel-compatibility.md)`,
            });
            continue;
          }
          const what = reuse ? 'stale REUSE result' : 'stale value';
          findings.push({
            ...base,
            kind: 'differs',
            stored,
            recomputed: computed,
            message: `${what}: cached ${showValue(stored)}, recomputed ${showValue(computed)}`,
          });
        }
      }
    }
  });

  for (const f of overwrittenFormulas(loaded)) findings.push(f); // unbounded: never spread into a call
  // What was not read or not computed is a finding too: check passes only what it verified.
  for (const w of plan.report.warnings) {
    if (w.sheet && w.address) {
      findings.push({
        kind: 'unverified',
        sheet: w.sheet,
        address: w.address,
        formula: w.formula,
        reuse: usesReuse(w.formula),
        message: `not verified: ${w.reason}`,
      });
    } else {
      findings.push({
        kind: 'skipped',
        sheet: w.sheet,
        address: w.address,
        formula: w.formula,
        reuse: usesReuse(w.formula),
        message: w.sheet ? `sheet not checked: ${w.reason}` : `name ${w.address} not checked: ${w.reason}`,
      });
    }
  }
  const sheetOrder = new Map(model.sheets.map((w, i) => [w.name, i]));
  const pos = (f: CheckFinding) => {
    const c = parseCellAddress(f.address);
    return c ? [c.row, c.col] : [0, 0];
  };
  findings.sort((a, b) => {
    const s = (sheetOrder.get(a.sheet) ?? -1) - (sheetOrder.get(b.sheet) ?? -1);
    if (s) return s;
    const [ra, ca] = pos(a);
    const [rb, cb] = pos(b);
    return ra - rb || ca - cb;
  });

  return {
    consistent: findings.length === 0,
    sheets: model.sheets.filter((w) => w.xml).map((w) => w.name),
    formulas: loaded.formulas.length,
    reuseFormulas: loaded.formulas.filter((f) => usesReuse(f.text)).length,
    cellsCompared: compared,
    tolerance: tol,
    findings,
    uncached,
    unchecked: plan.report.warnings,
    volatile: volatileCount,
    externalLinks: loaded.externalLinks,
  };
}

/** One cell of the grid, as the overwrite scan sees it. */
type GridCell =
  | { kind: 'formula'; shape: string; text: string; address: string }
  | { kind: 'constant'; value: Result; address: string };

/**
 * Constants typed over formulas: a run of number, date or TRUE/FALSE constants whose
 * neighbours directly before and after it (in a column, or in a row) are formulas of the same
 * shape, with that shape in a second cell next to one of them (the formula was filled, not
 * written once per input). Text constants (labels) and cells inside spilled ranges are never
 * flagged.
 */
function overwrittenFormulas(loaded: LoadedWorkbook): CheckFinding[] {
  const out = new Map<string, CheckFinding>();
  for (const sheet of loaded.model.sheets) {
    // A constant can only stand in for a formula on a sheet that has formulas.
    if (!sheet.xml || !sheet.xml.cells.some((c) => c.f)) continue;
    const ws = sheet.name;
    const grid = new Map<number, GridCell>();
    const key = (r: number, c: number) => r * 16_385 + c;
    // Cells inside array ranges (as stored: each one holds a cell of the file, so their number is bounded).
    const spilled = new Set<number>();
    for (const c of sheet.xml.cells) {
      if (!c.f || !c.f.ref || c.f.kind === 'shared') continue;
      const r = parseRange(c.f.ref);
      if (r && (r.bottom - r.top + 1) * (r.right - r.left + 1) <= 1_048_576) {
        for (let y = r.top; y <= r.bottom; y++) for (let x = r.left; x <= r.right; x++) spilled.add(key(y, x));
      }
    }
    const byCol = new Map<number, number[]>();
    const byRow = new Map<number, number[]>();
    const shapes = new Map<number, string>();
    for (const cell of sheet.xml.cells) {
      const { row: r, col: c } = cell;
      let g: GridCell | undefined;
      if (cell.f) {
        // The cells of a shared formula have its master's shape.
        let shape =
          cell.f.kind === 'shared' && !cell.f.own && cell.f.si !== undefined ? shapes.get(cell.f.si) : undefined;
        if (shape === undefined) {
          shape = formulaShape(cell.f.text, r, c);
          if (cell.f.kind === 'shared' && cell.f.own && cell.f.si !== undefined) shapes.set(cell.f.si, shape);
        }
        g = { kind: 'formula', shape, text: cell.f.text, address: cellAddress(r, c) };
      } else if (
        (typeof cell.value === 'number' || typeof cell.value === 'boolean') &&
        cell.t !== 's' &&
        !spilled.has(key(r, c))
      ) {
        g = { kind: 'constant', value: cell.value, address: cellAddress(r, c) };
      }
      if (!g) continue;
      grid.set(key(r, c), g);
      (byCol.get(c) ?? byCol.set(c, []).get(c)!).push(r);
      (byRow.get(r) ?? byRow.set(r, []).get(r)!).push(c);
    }
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
          // Filled down: the shape continues on at least one side (two formulas in a row), so an
          // input column with a converting formula after each input is left alone.
          const sameShape = (g: GridCell | undefined, shape: string) => g?.kind === 'formula' && g.shape === shape;
          if (
            before?.kind === 'formula' &&
            after?.kind === 'formula' &&
            before.shape === after.shape &&
            (sameShape(at(line, start - 2), before.shape) || sameShape(at(line, end + 2), before.shape))
          ) {
            for (let i = start; i <= end; i++) {
              const g = at(line, i) as Extract<GridCell, { kind: 'constant' }>;
              if (out.has(`${ws}!${g.address}`)) continue;
              out.set(`${ws}!${g.address}`, {
                kind: 'overwritten',
                sheet: ws,
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
