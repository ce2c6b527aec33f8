/**
 * A workbook's bytes → the engine, through the one package reader (src/xlsx): every formula
 * cell the reader found is computed, or kept with its cached value and a reason — never
 * silently skipped, never a different number over Excel's. What this module decides:
 *
 *  - what the engine sees: constants (text stays text), formulas in the engine's spelling
 *    (formula-text.ts; defined names HyperFormula cannot hold renamed), shared formulas with
 *    their own text, legacy (Ctrl+Shift+Enter) arrays constrained to their range, the cells
 *    of an array's range left for the engine to fill;
 *  - what it does not compute, and why: data tables (What-If), formulas longer or deeper than
 *    the engine parses, references larger than it can walk (limits.ts), shared formulas
 *    without their master; those cells enter the engine as their cached values, so what
 *    depends on them is computed from what Excel showed;
 *  - each formula's new cached value (`computeResults`), the one place that decides it for
 *    recalc, check and snapshot alike.
 *
 * Bytes in, no file system: the task pane runs the same code.
 */
import type { RawCellContent, SimpleCellAddress } from 'hyperformula';
import { ErrorType, HyperFormula } from 'hyperformula';
import type { Lang } from '../core/errors';
import { Result } from '../xlsx/cells';
import {
  MAX_COL,
  MAX_ROW,
  Range,
  cellAddress,
  columnLetters,
  excelSerial,
  formatRange,
  isBuiltinName,
  parseRange,
  rangeCells,
} from '../xlsx/a1';
import { scanReferences } from '../xlsx/formula-refs';
import { DEFAULT_LIMITS, WorkbookError, XlsxLimits, count } from '../xlsx/limits';
import type { ExternalLink, WorkbookModel } from '../xlsx/package';
import { readWorkbook } from '../xlsx/package';
import type { CellRecord, FormulaKind } from '../xlsx/sheet';
import { Engine, EngineName, isEngineError } from './engine';
import { explainEngineMessage } from './engine-messages';
import { unverifiedFunctionsIn } from './excel-builtins';
import { toEngineFormula, usesReuse } from './formula-text';

export { WorkbookError };
export type { Result };
export { columnLetters, excelSerial };

export interface CellWarning {
  sheet: string;
  address: string;
  formula: string;
  reason: string;
}

export interface RecalcReport {
  sheets: string[];
  formulas: number;
  reuseFormulas: number;
  /** Formula cells whose cached value changed. */
  changed: number;
  warnings: CellWarning[];
  /** Links to other workbooks: reported, never followed (cells that use them keep their cached values). */
  externalLinks: ExternalLink[];
}

/** A formula cell as read from the file. */
export interface FormulaCell {
  sheet: string;
  /** Position of the sheet in the workbook. */
  sheetIndex: number;
  row: number;
  col: number;
  address: string;
  /** The text exactly as stored (a shared formula's other cells: the master's, moved). */
  text: string;
  kind: FormulaKind;
  /** Range of an array formula (legacy or dynamic) or a data table, e.g. "B2:B10". */
  arrayRef?: string;
  /** A dynamic array (Excel 365: `cm` pointing at XLDAPR metadata). */
  dynamic: boolean;
  /** The value cached in the file. */
  cached: Result;
  record: CellRecord;
  /** Why the engine does not compute it (it keeps its cached value); undefined when it does. */
  skip?: string;
}

export interface LoadedWorkbook {
  model: WorkbookModel;
  engine: Engine;
  formulas: FormulaCell[];
  /** Sheet name → the engine's sheet id (worksheets only). */
  sheetIds: Map<string, number>;
  /** Warnings about the workbook as a whole: sheets not read, names not given to the engine (cells' come from computeResults). */
  warnings: CellWarning[];
  externalLinks: ExternalLink[];
  /** Defined names renamed for the engine (upper-case name → engine name). */
  aliases: Map<string, string>;
}

/**
 * From how many formula cells freeing a workbook's engine is followed by the host's memory
 * release (`onLargeEngineFreed`). Below it a full collection is not worth its time: the heap of
 * a small workbook never grew far past what it holds.
 */
export const LARGE_ENGINE_FORMULAS = 50_000;

let afterLargeEngineFreed: (() => void) | undefined;

/**
 * What runs after a large workbook's engine is freed. The Node API (src/api/memory.ts) installs
 * a full garbage collection: V8 lets its heap grow to about four times the data it held at the
 * last full collection, so without one the freed graph stays resident while the sheets are
 * patched (measured at 300 000 rows: 1.10 GB peak against 0.92 GB with it, bench (t)). The
 * browser installs nothing.
 */
export function onLargeEngineFreed(hook: (() => void) | undefined): void {
  afterLargeEngineFreed = hook;
}

/**
 * Frees a loaded workbook's engine once its results are planned; the model and the formula
 * cells stay readable for patching the package.
 */
export function freeEngine(loaded: LoadedWorkbook): void {
  loaded.engine.hf.destroy();
  if (loaded.formulas.length >= LARGE_ENGINE_FORMULAS) afterLargeEngineFreed?.();
}

/** Engine errors meaning "cannot compute here" rather than a result: keep the cached value. */
const UNCOMPUTABLE = new Set(['NAME', 'ERROR', 'CYCLE', 'LIC']);

/** Why the engine could not compute a formula, for people. */
function uncomputableReason(text: string, value: { value: string; message?: string }, lang: Lang): string {
  if (/\[\d+\][^!(]*!/.test(text.replace(/"(?:[^"]|"")*"/g, '""')))
    return 'it refers to another workbook (external links are never followed)';
  return `${value.value} ${explainEngineMessage(value.value, value.message, lang)}`.trim();
}

/** Error values as the engine takes them (formulas that produce them). */
const ERROR_FORMULA: Record<string, string> = {
  '#N/A': '=NA()',
  '#DIV/0!': '=#DIV/0!',
  '#REF!': '=#REF!',
  '#VALUE!': '=#VALUE!',
  '#NAME?': '=#NAME?',
  '#NUM!': '=#NUM!',
};

/** A cell's constant content as the engine takes it. Text always gets a leading apostrophe so "0012" or "=x" stay text. */
export function constantContent(v: Result): RawCellContent {
  if (v === null) return null;
  if (typeof v === 'string') return `'${v}`;
  if (typeof v === 'object') return ERROR_FORMULA[v.error.toUpperCase()] ?? '=#VALUE!';
  return v;
}

/** Backwards-compatible range decoding (`B2:B10` → 1-based bounds). */
export function decodeRange(ref: string): Range | undefined {
  return parseRange(ref);
}

/**
 * A rough bound on how deep the engine's recursion goes for a formula: every binary operator
 * may add a level (a chain `A1+A2+…` is a left-deep tree), every parenthesis or call about
 * seven (measured: HyperFormula 3.5 evaluates 1 100 chained additions and 150 nested
 * parentheses, and overflows the stack at 1 200 and 200). Only long formulas are scanned.
 */
function complexity(text: string): number {
  if (text.length < 200) return 0;
  let ops = 0;
  let depth = 0;
  let max = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quote) {
      if (ch === quote) quote = 0;
      continue;
    }
    if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 40 || ch === 123) max = Math.max(max, ++depth);
    else if (ch === 41 || ch === 125) depth--;
    else if (
      ch === 43 ||
      ch === 45 ||
      ch === 42 ||
      ch === 47 ||
      ch === 94 ||
      ch === 38 ||
      ch === 60 ||
      ch === 62 ||
      ch === 61
    )
      ops++;
  }
  return ops + 7 * max;
}

export interface LoadOptions {
  lang?: Lang;
  limits?: XlsxLimits;
  /**
   * Cells changed since the file was read, by sheet name: key `(row - 1) * 16384 + (col - 1)`,
   * content in engine form. They replace what the file holds (the port's edits).
   */
  overlay?: Map<string, Map<number, RawCellContent>>;
  /** Sheets added since the file was read (after the file's own), with their contents. */
  extraSheets?: Map<string, RawCellContent[][]>;
}

/**
 * Which valid defined names (`isDefinedName`) HyperFormula's lexer takes as they are (Latin
 * letters, digits, `_` and `.`): not a validity rule, a spelling the engine needs; other
 * names get an alias.
 */
const ENGINE_NAME = /^[A-Za-z\u00C0-\u02AF_][A-Za-z\u00C0-\u02AF0-9_.]*$/;

/** Reads a workbook's bytes (limits applied as it reads) and builds the engine over it. */
export async function loadWorkbook(bytes: Uint8Array, opts: LoadOptions = {}): Promise<LoadedWorkbook> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const model = await readWorkbook(bytes, limits);
  return buildEngine(model, { lang: opts.lang, limits });
}

/** Builds the engine over a workbook model. */
export function buildEngine(model: WorkbookModel, opts: LoadOptions = {}): LoadedWorkbook {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const warnings: CellWarning[] = model.skipped.map((s) => ({
    sheet: s.sheet,
    address: '',
    formula: '',
    reason: s.reason,
  }));
  const worksheets = model.sheets.filter((s) => s.xml);
  const hfId = new Map(worksheets.map((s, i) => [s.index, i]));

  // Defined names: renamed where HyperFormula cannot hold them, sized like any formula.
  const aliases = new Map<string, string>();
  model.names.forEach((n, i) => {
    if (!isBuiltinName(n.name) && !ENGINE_NAME.test(n.name)) aliases.set(n.name.toUpperCase(), `REUSE_NAME_${i}`);
  });
  const budget = { total: 0, seen: new Set<string>() };
  /** Why a formula's references are too large for the engine, or undefined. */
  const tooLarge = (text: string, ownSheet: string): string | undefined => {
    if (text.indexOf(':') < 0) return undefined;
    for (const ref of scanReferences(text)) {
      const cells = rangeCells(ref.range);
      if (cells > limits.maxRangeCells) {
        return `it refers to ${formatRange(ref.range)} (${count(cells)} cells), more than the ${count(limits.maxRangeCells)} cells the engine walks for one reference`;
      }
      if (cells > 65_536) {
        const key = `${(ref.sheet ?? ownSheet).toLowerCase()}!${ref.range.top}:${ref.range.left}:${ref.range.bottom}:${ref.range.right}`;
        if (!budget.seen.has(key)) {
          if (budget.total + cells > limits.maxRangeCellsTotal) {
            return `its ranges take the workbook over the ${count(limits.maxRangeCellsTotal)} cells the engine walks in all`;
          }
          budget.seen.add(key);
          budget.total += cells;
        }
      }
    }
    return undefined;
  };

  const names: EngineName[] = [];
  for (const n of model.names) {
    if (isBuiltinName(n.name)) continue;
    const big = tooLarge(n.formula, n.scope === undefined ? '' : model.sheets[n.scope].name);
    const scope = n.scope === undefined ? undefined : hfId.get(n.scope);
    if (big || (n.scope !== undefined && scope === undefined)) {
      warnings.push({
        sheet: '',
        address: n.name,
        formula: n.formula,
        reason: `defined name not given to the engine: ${big ?? 'it belongs to a sheet that is not a worksheet'}`,
      });
      continue;
    }
    names.push({
      name: aliases.get(n.name.toUpperCase()) ?? n.name,
      expression: '=' + toEngineFormula(n.formula, aliases),
      ...(scope !== undefined ? { scope } : {}),
    });
  }

  // Cells: constants and formulas, by sheet.
  const formulas: FormulaCell[] = [];
  const grids = new Map<string, RawCellContent[][]>();
  for (const sheet of worksheets) {
    const xml = sheet.xml!;
    const grid: RawCellContent[][] = [];
    const put = (c: CellRecord, content: RawCellContent) => {
      if (content === null) return;
      (grid[c.row - 1] ??= [])[c.col - 1] = content;
    };
    // Cells of array ranges (not their anchors): the engine fills them when it computes the anchor.
    const covered: Range[] = [];
    const sheetFormulas: FormulaCell[] = [];
    for (const c of xml.cells) {
      if (!c.f) continue;
      const f = c.f;
      const dynamic = f.kind === 'array' && c.cm !== undefined && model.dynamicArrayCm.has(c.cm);
      const cell: FormulaCell = {
        sheet: sheet.name,
        sheetIndex: sheet.index,
        row: c.row,
        col: c.col,
        address: cellAddress(c.row, c.col),
        text: f.text,
        kind: f.kind,
        ...(f.ref && f.kind !== 'shared' ? { arrayRef: f.ref } : {}),
        dynamic,
        cached: c.value,
        record: c,
      };
      if (f.kind === 'dataTable')
        cell.skip = 'a What-If data table: its cached values are kept (data tables are not recalculated)';
      else if (f.text.trim() === '')
        cell.skip = f.kind === 'shared' ? 'a shared formula whose master cell is missing' : 'an empty formula';
      else if (f.text.length > limits.maxFormulaChars)
        cell.skip = `the formula is ${count(f.text.length)} characters long, more than Excel's ${count(limits.maxFormulaChars)}`;
      else if (complexity(f.text) > 800)
        cell.skip =
          'the formula is too long or too deeply nested for the engine to evaluate (it is kept as Excel computed it)';
      else cell.skip = tooLarge(f.text, sheet.name);
      sheetFormulas.push(cell);
      if (!cell.skip && cell.arrayRef && f.kind === 'array') {
        const r = parseRange(cell.arrayRef);
        if (r && (r.bottom > r.top || r.right > r.left)) covered.push(r);
      }
    }
    const isCovered = (c: CellRecord) =>
      covered.some(
        (r) =>
          c.row >= r.top &&
          c.row <= r.bottom &&
          c.col >= r.left &&
          c.col <= r.right &&
          !(c.row === r.top && c.col === r.left)
      );
    let fi = 0;
    for (const c of xml.cells) {
      if (c.f) {
        const cell = sheetFormulas[fi++];
        if (cell.skip) {
          put(c, constantContent(c.value));
          continue;
        }
        let text = toEngineFormula(cell.text, aliases);
        if (cell.kind === 'array' && !cell.dynamic && cell.arrayRef) {
          // A legacy array shows its result within its range only.
          const r = parseRange(cell.arrayRef);
          if (r) text = `ARRAY_CONSTRAIN(${text},${r.bottom - r.top + 1},${r.right - r.left + 1})`;
        }
        put(c, '=' + text);
      } else if (!(covered.length && isCovered(c))) put(c, constantContent(c.value));
    }
    for (const [key, content] of opts.overlay?.get(sheet.name) ?? [])
      (grid[Math.floor(key / MAX_COL)] ??= [])[key % MAX_COL] = content;
    // HyperFormula reads every row: missing ones share one empty array.
    for (let i = 0; i < grid.length; i++) grid[i] ??= EMPTY_ROW;
    grids.set(sheet.name, grid);
    for (const f of sheetFormulas) formulas.push(f); // not push(...): a sheet of 300 000 formulas overflows the stack
  }

  for (const [name, grid] of opts.extraSheets ?? []) grids.set(name, grid);
  const lang = opts.lang;
  let engine: Engine;
  try {
    engine = Engine.fromSheets(grids, {
      lang,
      names: validNames(grids, names, model.date1904, warnings),
      date1904: model.date1904,
    });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // A formula the screen let through still overflowed the stack: keep every long formula instead.
    engine = rebuildWithoutLongFormulas(model, grids, formulas, names, lang, warnings);
  }
  const sheetIds = new Map(worksheets.map((s) => [s.name, engine.hf.getSheetId(s.name)!]));
  return { model, engine, formulas, sheetIds, warnings, externalLinks: model.externalLinks, aliases };
}

const EMPTY_ROW: RawCellContent[] = Object.freeze([]) as unknown as RawCellContent[];

/** The names HyperFormula accepts (valid name, parsable expression); the others are reported. */
function validNames(
  grids: Map<string, RawCellContent[][]>,
  names: EngineName[],
  date1904: boolean,
  warnings: CellWarning[]
): EngineName[] {
  if (names.length === 0) return names;
  const scratch = HyperFormula.buildEmpty(Engine.config({ lang: 'en-US', hints: undefined as never }, date1904));
  try {
    for (const name of grids.keys()) scratch.addSheet(name);
    return names.filter((n) => {
      if (scratch.isItPossibleToAddNamedExpression(n.name, n.expression, n.scope)) return true;
      warnings.push({
        sheet: '',
        address: n.name,
        formula: n.expression.slice(1),
        reason: 'defined name not supported by the engine (skipped)',
      });
      return false;
    });
  } finally {
    scratch.destroy();
  }
}

function rebuildWithoutLongFormulas(
  model: WorkbookModel,
  grids: Map<string, RawCellContent[][]>,
  formulas: FormulaCell[],
  names: EngineName[],
  lang: Lang | undefined,
  warnings: CellWarning[]
): Engine {
  for (const f of formulas) {
    if (f.skip || f.text.length < 200) continue;
    f.skip =
      'the formula is too long or too deeply nested for the engine to evaluate (it is kept as Excel computed it)';
    const grid = grids.get(f.sheet)!;
    if (grid[f.row - 1] === EMPTY_ROW) grid[f.row - 1] = [];
    grid[f.row - 1][f.col - 1] = constantContent(f.cached);
  }
  try {
    return Engine.fromSheets(grids, {
      lang,
      names: validNames(grids, names, model.date1904, warnings),
      date1904: model.date1904,
    });
  } catch (e) {
    if (e instanceof RangeError)
      throw new WorkbookError(
        'too-large',
        `the workbook's formulas are too deeply nested for the engine (${e.message})`
      );
    throw e;
  }
}

/** A formula's value as Excel caches it; a reference to an empty cell shows as 0, as in Excel. */
export function toExcelResult(v: unknown): Result {
  if (isEngineError(v)) return { error: v.value };
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return 0;
}

export interface Tolerance {
  rel: number;
  abs: number;
}

/**
 * The registry's functions promise 1e-9 relative agreement with an independent computation,
 * and Excel caches 15–17 significant digits (LibreOffice 15); the absolute floor keeps a result
 * of 1e-12 against a cached 0 from counting as a difference.
 */
export const DEFAULT_TOLERANCE: Tolerance = { rel: 1e-9, abs: 1e-9 };

/** Does a cached value agree with the recomputed one, as `check` judges it? */
export function same(stored: Result, computed: Result, tol: Tolerance = DEFAULT_TOLERANCE): boolean {
  if (typeof stored === 'number' && typeof computed === 'number') {
    return Math.abs(stored - computed) <= tol.abs + tol.rel * Math.max(Math.abs(stored), Math.abs(computed));
  }
  if (stored && computed && typeof stored === 'object' && typeof computed === 'object')
    return stored.error === computed.error;
  // An empty cached string and an empty result are the same thing to a reader.
  if ((stored === null || stored === '') && (computed === null || computed === '')) return true;
  return stored === computed;
}

function sameResult(a: Result, b: Result): boolean {
  if (a && typeof a === 'object' && b && typeof b === 'object') return a.error === b.error;
  return a === b;
}

/** Size of the array a formula produced in the engine (1×1 for a scalar), found by walking its spill. */
function spillSize(engine: Engine, at: SimpleCellAddress): { rows: number; cols: number } {
  const { hf } = engine;
  if (!hf.isCellPartOfArray(at)) return { rows: 1, cols: 1 };
  const inArray = (a: SimpleCellAddress) =>
    a.row < MAX_ROW && a.col < MAX_COL && hf.isCellPartOfArray(a) && hf.getCellFormula(a) === undefined;
  let cols = 1;
  while (inArray({ ...at, col: at.col + cols })) cols++;
  let rows = 1;
  while (inArray({ ...at, row: at.row + rows })) rows++;
  return { rows, cols };
}

/**
 * One formula cell's new cached value, as decided by `computeResults`. `keep` marks a formula
 * the engine does not compute: its cached value, and its spill, stay as they were (`value` is
 * then meaningless).
 */
export interface CellPlan {
  sheet: string;
  /** A1 address of the formula cell. */
  address: string;
  /** 1-based row and column. */
  row: number;
  col: number;
  keep: boolean;
  value: Result;
  /**
   * For an array formula (a spill, or a legacy array): its new range (the cell's own address
   * for a single cell), the range it covered in the file, and the value of every cell of the
   * new range, row by row (the formula cell's own value first).
   */
  array?: { ref: string; oldRef?: string; values: Result[][] };
}

export interface ResultsPlan {
  report: RecalcReport;
  cells: CellPlan[];
}

/** Excel's fill of a legacy array's range by a result of another size: a single row or column repeats, the rest is #N/A. */
function fillLegacy(values: Result[][], rows: number, cols: number): Result[][] {
  const h = values.length;
  const w = values[0]?.length ?? 0;
  const out: Result[][] = [];
  for (let r = 0; r < rows; r++) {
    const line: Result[] = [];
    for (let c = 0; c < cols; c++) {
      const rr = h === 1 ? 0 : r;
      const cc = w === 1 ? 0 : c;
      line.push(rr < h && cc < w ? values[rr][cc] : { error: '#N/A' });
    }
    out.push(line);
  }
  return out;
}

/**
 * The engine's value for every formula cell, without touching the file: the one place that
 * decides each cached value (the in-place writer, check and snapshot all apply it). Returns
 * the report too: what changed and what was not computed.
 */
export interface ResultsOptions {
  /**
   * A formula calling a built-in the engine is not verified to compute as Excel does
   * (docs/excel-compatibility.md) whose cached value differs from the engine's keeps Excel's
   * value, with a warning. Right for a file as received (Excel computed it); wrong once inputs
   * were changed here (the pane, `--set`), so those pass false. Default true.
   */
  keepUnverified?: boolean;
}

const IMPLICIT_INTERSECTION =
  'an ordinary (not array) formula whose result is an array: Excel shows one value of it by implicit intersection (=@…), which the engine does not compute; the cached value is kept and nothing is spilled';

export function computeResults(loaded: LoadedWorkbook, opts: ResultsOptions = {}): ResultsPlan {
  const keepUnverified = opts.keepUnverified ?? true;
  const { engine, formulas, sheetIds } = loaded;
  const warnings = [...loaded.warnings];
  const cells: CellPlan[] = [];
  let changed = 0;
  for (const f of formulas) {
    const plan: CellPlan = { sheet: f.sheet, address: f.address, row: f.row, col: f.col, keep: true, value: null };
    cells.push(plan);
    if (f.skip) {
      warnings.push({ sheet: f.sheet, address: f.address, formula: f.text, reason: f.skip });
      continue;
    }
    const sheet = sheetIds.get(f.sheet)!;
    const at: SimpleCellAddress = { sheet, row: f.row - 1, col: f.col - 1 };
    const value = engine.hf.getCellValue(at);
    if (isEngineError(value) && UNCOMPUTABLE.has(value.type)) {
      warnings.push({
        sheet: f.sheet,
        address: f.address,
        formula: f.text,
        reason: uncomputableReason(f.text, value, engine.lang),
      });
      continue;
    }
    // An ordinary formula of built-ins that yields an array is intersected by Excel. A REUSE call
    // saved that way (by a generator, not by Excel 365, which marks spills) is taken as the spill
    // the function returns and becomes a dynamic array: the add-in's documented choice.
    const ordinary = f.kind !== 'array' && !usesReuse(f.text);
    if (ordinary && isEngineError(value) && value.type === ErrorType.SPILL) {
      // Its array result is blocked by the neighbours: Excel intersects instead (see below).
      warnings.push({ sheet: f.sheet, address: f.address, formula: f.text, reason: IMPLICIT_INTERSECTION });
      continue;
    }
    const result = toExcelResult(value);
    // Only a real disagreement keeps Excel's value: LibreOffice caches 15 significant digits, so an
    // exact comparison kept (and listed) every unverified formula of a file it saved.
    if (keepUnverified && f.cached !== null && !same(f.cached, result)) {
      const unverified = unverifiedFunctionsIn(f.text);
      if (unverified.length) {
        warnings.push({
          sheet: f.sheet,
          address: f.address,
          formula: f.text,
          reason: `Excel's cached value ${showValue(f.cached)} is kept: the engine gives ${showValue(result)} with ${unverified.join(', ')}, which it is not verified to compute as Excel does`,
        });
        continue;
      }
    }
    const size = spillSize(engine, at);
    if (ordinary && (size.rows > 1 || size.cols > 1)) {
      // Saved as an ordinary formula (no array, no dynamic-array metadata): Excel and LibreOffice
      // show one value of the array by implicit intersection (Excel displays it as =@…), which the
      // engine does not compute; spilling it would overwrite the neighbours.
      warnings.push({ sheet: f.sheet, address: f.address, formula: f.text, reason: IMPLICIT_INTERSECTION });
      continue;
    }
    plan.keep = false;
    plan.value = result;
    if (!sameResult(f.cached, result)) changed++;
    const legacy = f.kind === 'array' && !f.dynamic && f.arrayRef ? parseRange(f.arrayRef) : undefined;
    if (size.rows > 1 || size.cols > 1 || f.arrayRef) {
      const values: Result[][] = [];
      for (let r = 0; r < size.rows; r++) {
        const line: Result[] = [];
        for (let c = 0; c < size.cols; c++)
          line.push(
            r === 0 && c === 0
              ? result
              : toExcelResult(engine.hf.getCellValue({ sheet, row: at.row + r, col: at.col + c }))
          );
        values.push(line);
      }
      if (legacy) {
        const rows = legacy.bottom - legacy.top + 1;
        const cols = legacy.right - legacy.left + 1;
        const filled = fillLegacy(values, rows, cols);
        plan.value = filled[0][0];
        plan.array = { ref: f.arrayRef!, oldRef: f.arrayRef, values: filled };
      } else {
        const ref =
          size.rows > 1 || size.cols > 1
            ? `${f.address}:${columnLetters(at.col + size.cols)}${at.row + size.rows}`
            : f.address;
        plan.array = { ref, ...(f.arrayRef ? { oldRef: f.arrayRef } : {}), values };
      }
    }
  }
  const report: RecalcReport = {
    sheets: loaded.model.sheets.filter((s) => s.xml).map((s) => s.name),
    formulas: formulas.length,
    reuseFormulas: formulas.filter((f) => usesReuse(f.text)).length,
    changed,
    warnings,
    externalLinks: loaded.externalLinks,
  };
  return { report, cells };
}

/**
 * `computeResults`, then `freeEngine` whatever happens: for recalc and snapshot, which only
 * patch the package afterwards, so the engine's graph stays out of their peak (bench (t)).
 */
export function computeResultsThenFree(loaded: LoadedWorkbook, opts: ResultsOptions = {}): ResultsPlan {
  try {
    return computeResults(loaded, opts);
  } finally {
    freeEngine(loaded);
  }
}

/** A value as people read it in a report: errors as Excel shows them, text quoted, booleans as TRUE/FALSE. */
export function showValue(v: Result | undefined): string {
  if (v === undefined || v === null) return '(empty)';
  if (typeof v === 'object') return v.error;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}
