/**
 * .xlsx in and out (bytes; no file system, so it also runs in the browser — file paths are in
 * files.ts): loads a bureau's workbook with ExcelJS, evaluates it in the engine and
 * writes fresh cached values, leaving every formula's text exactly as it was read (the
 * engine sees a translated copy). Sheets, sheet names (Chinese included), number formats
 * and defined names are kept. A formula the engine cannot compute keeps its old value and
 * is reported, never silently zeroed.
 */
import ExcelJS from 'exceljs';
import type { RawCellContent, SimpleCellAddress } from 'hyperformula';
import type { Lang } from '../core/errors';
import { markDynamicArrays, readDynamicArrayCells } from './dynamic-arrays';
import { Engine, isEngineError } from './engine';
import { toEngineFormula, usesReuse } from './formula-text';
import type { ExternalLink } from './package';
import { DEFAULT_LIMITS, WorkbookError, XlsxLimits, checkXlsxBytes } from './safe-xlsx';

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
  cell: ExcelJS.Cell;
  /** The text exactly as stored (never rewritten). */
  text: string;
  /** Legacy array / spilled formula range, e.g. "B2:B10". */
  arrayRef?: string;
}

/** Why the engine could not compute a formula, for people. */
function uncomputableReason(text: string, value: { value: string; message?: string }): string {
  if (/\[\d+\][^!(]*!/.test(text.replace(/"(?:[^"]|"")*"/g, '""'))) return 'it refers to another workbook (external links are never followed)';
  return `${value.value} ${value.message ?? ''}`.trim();
}

/** Engine errors meaning "cannot compute here" rather than a result: keep the cached value. */
const UNCOMPUTABLE = new Set(['NAME', 'ERROR', 'CYCLE', 'LIC']);

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

export function excelSerial(d: Date): number {
  return (d.getTime() - EXCEL_EPOCH_MS) / 86_400_000;
}

function errorFormula(code: string): string {
  return code === '#N/A' ? '=NA()' : code === '#DIV/0!' ? '=1/0' : `'${code}`;
}

/** A cell's constant content as the engine takes it. Text always gets a leading apostrophe so "0012" or "=x" stay text. */
function constantContent(v: ExcelJS.CellValue): RawCellContent {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return `'${v}`;
  if (v instanceof Date) return excelSerial(v);
  if (typeof v === 'object') {
    if ('richText' in v) return `'${v.richText.map((r) => r.text).join('')}`;
    if ('error' in v) return errorFormula(String(v.error));
    if ('text' in v) return `'${String((v as { text: unknown }).text)}`;
  }
  return null;
}

export function decodeRange(ref: string): { top: number; left: number; bottom: number; right: number } | undefined {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(ref);
  if (!m) return undefined;
  const col = (s: string) => [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const top = Number(m[2]);
  const left = col(m[1]);
  return { top, left, bottom: m[4] ? Number(m[4]) : top, right: m[3] ? col(m[3]) : left };
}

export function columnLetters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Defined names the engine can take (ranges only; Excel's own `_xlnm.` names skipped). */
function definedNames(wb: ExcelJS.Workbook, warnings: CellWarning[]): Record<string, string> {
  const out: Record<string, string> = {};
  const model = (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model ?? [];
  for (const { name, ranges } of model) {
    if (/^_xlnm\./i.test(name)) continue;
    const valid = /^[A-Za-z_\\\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) && !/^(TRUE|FALSE)$/i.test(name);
    if (!valid || ranges.length !== 1) {
      warnings.push({ sheet: '', address: name, formula: ranges.join(','), reason: 'defined name not supported by the engine (skipped)' });
      continue;
    }
    out[name] = ranges[0];
  }
  return out;
}

export interface LoadedWorkbook {
  workbook: ExcelJS.Workbook;
  engine: Engine;
  formulas: FormulaCell[];
  sheetIds: Map<string, number>;
  warnings: CellWarning[];
  /** Cells that held dynamic-array formulas in the file read (sheet → addresses); ExcelJS forgets them. */
  dynamicArrays: Map<string, Set<string>>;
  /** Links to other workbooks found in the package (never followed). */
  externalLinks: ExternalLink[];
}

/** Reads a workbook's bytes (checked first) and builds the engine over it. */
export async function loadWorkbook(buf: Uint8Array, opts: { lang?: Lang; limits?: XlsxLimits } = {}): Promise<LoadedWorkbook> {
  const { externalLinks } = await checkXlsxBytes(buf, opts.limits ?? DEFAULT_LIMITS);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new WorkbookError('corrupt', `corrupt .xlsx: ${(e as Error).message}`);
  }
  return { ...buildEngine(workbook, opts.lang), dynamicArrays: await readDynamicArrayCells(buf), externalLinks };
}

/** Builds the engine over an ExcelJS workbook already in memory (example builders, tests, the task pane). */
export function buildEngine(workbook: ExcelJS.Workbook, lang?: Lang): LoadedWorkbook {
  const warnings: CellWarning[] = [];
  const formulas: FormulaCell[] = [];
  const sheets: Record<string, RawCellContent[][]> = {};
  for (const ws of workbook.worksheets) {
    const grid: RawCellContent[][] = [];
    const spilled = new Set<string>();
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) {
          const v = cell.value as ExcelJS.CellFormulaValue & { shareType?: string; ref?: string };
          const text = cell.formula;
          const arrayRef = v.shareType === 'array' && v.ref ? v.ref : undefined;
          formulas.push({ sheet: ws.name, cell, text, arrayRef });
          const r = arrayRef ? decodeRange(arrayRef) : undefined;
          if (r) {
            for (let y = r.top; y <= r.bottom; y++) for (let x = r.left; x <= r.right; x++) spilled.add(`${y}:${x}`);
          }
        }
      });
    });
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        let content: RawCellContent;
        if (cell.type === ExcelJS.ValueType.Merge) return;
        if (cell.type === ExcelJS.ValueType.Formula) content = '=' + toEngineFormula(cell.formula);
        else if (spilled.has(`${rowNumber}:${colNumber}`)) return; // a spilled neighbour: the engine refills it
        else content = constantContent(cell.value);
        if (content === null) return;
        (grid[rowNumber - 1] ??= [])[colNumber - 1] = content;
      });
    });
    for (let i = 0; i < grid.length; i++) grid[i] ??= [];
    sheets[ws.name] = grid;
  }
  const engine = Engine.fromSheets(sheets, { lang, names: definedNames(workbook, warnings) });
  const sheetIds = new Map(workbook.worksheets.map((ws) => [ws.name, engine.hf.getSheetId(ws.name)!]));
  return { workbook, engine, formulas, sheetIds, warnings, dynamicArrays: new Map(), externalLinks: [] };
}

/**
 * The .xlsx bytes of a workbook, with dynamic arrays marked as Excel marks them (the cells
 * listed, plus every array formula that calls a REUSE function).
 */
export async function workbookBytes(workbook: ExcelJS.Workbook, dynamicArrays?: Map<string, Set<string>>): Promise<Uint8Array> {
  return markDynamicArrays(new Uint8Array(await workbook.xlsx.writeBuffer()), dynamicArrays);
}

export type Result = number | string | boolean | { error: string } | null;

/** A formula's value as Excel caches it; a reference to an empty cell shows as 0, as in Excel. */
function toExcelResult(v: unknown): Result {
  if (isEngineError(v)) return { error: v.value };
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return 0;
}

function sameResult(a: unknown, b: Result): boolean {
  if (a instanceof Date && typeof b === 'number') return Math.abs(excelSerial(a) - b) < 1e-9;
  if (a && typeof a === 'object' && b && typeof b === 'object') return (a as { error?: string }).error === b.error;
  return a === b || (a === undefined && b === null);
}

/**
 * Sets a formula cell's value. ExcelJS drops falsy members when it copies a formula value,
 * so a result of 0, FALSE or "" would silently lose its cached value; put it back.
 */
function setFormulaValue(cell: ExcelJS.Cell, value: Record<string, unknown>, result: Result): void {
  cell.value = value as unknown as ExcelJS.CellValue;
  const model = (cell as unknown as { _value?: { model?: Record<string, unknown> } })._value?.model;
  if (model && result !== null && !model.result) model.result = result;
}

/** A formula cell's cached result as read from the file (`cell.result` keeps 0, FALSE and ""; `cell.value` does not). */
export function cachedResult(cell: ExcelJS.Cell): unknown {
  return cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
}

/** Size of the array a formula produced in the engine (1×1 for a scalar), found by walking its spill. */
function spillSize(engine: Engine, at: SimpleCellAddress): { rows: number; cols: number } {
  const { hf } = engine;
  if (!hf.isCellPartOfArray(at)) return { rows: 1, cols: 1 };
  const inArray = (a: SimpleCellAddress) => hf.isCellPartOfArray(a) && hf.getCellFormula(a) === undefined;
  let cols = 1;
  while (inArray({ ...at, col: at.col + cols })) cols++;
  let rows = 1;
  while (inArray({ ...at, row: at.row + rows })) rows++;
  return { rows, cols };
}

/**
 * One formula cell's new cached value, as decided by `computeResults`. `keep` marks a formula
 * the engine cannot compute: its cached value, and its spill, stay as they were (`value` is
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

/**
 * The engine's value for every formula cell, without touching the workbook: the one place
 * that decides each cached value (the ExcelJS writer below and the in-place patcher,
 * patch-values.ts, both apply it). Returns the report too: what changed and what could not
 * be computed.
 */
export function computeResults(loaded: LoadedWorkbook): ResultsPlan {
  const { engine, formulas, sheetIds, workbook } = loaded;
  const warnings = [...loaded.warnings];
  const cells: CellPlan[] = [];
  let changed = 0;
  for (const f of formulas) {
    const sheet = sheetIds.get(f.sheet)!;
    const row = Number(f.cell.row);
    const col = Number(f.cell.col);
    const at: SimpleCellAddress = { sheet, row: row - 1, col: col - 1 };
    const value = engine.hf.getCellValue(at);
    const plan: CellPlan = { sheet: f.sheet, address: f.cell.address, row, col, keep: true, value: null };
    cells.push(plan);
    if (isEngineError(value) && UNCOMPUTABLE.has(value.type)) {
      warnings.push({ sheet: f.sheet, address: f.cell.address, formula: f.text, reason: uncomputableReason(f.text, value) });
      continue;
    }
    const result = toExcelResult(value);
    plan.keep = false;
    plan.value = result;
    if (!sameResult(f.cell.result, result)) changed++;
    const size = spillSize(engine, at);
    if (size.rows > 1 || size.cols > 1 || f.arrayRef) {
      const values: Result[][] = [];
      for (let r = 0; r < size.rows; r++) {
        const line: Result[] = [];
        for (let c = 0; c < size.cols; c++) line.push(r === 0 && c === 0 ? result : toExcelResult(engine.hf.getCellValue({ sheet, row: at.row + r, col: at.col + c })));
        values.push(line);
      }
      const ref = size.rows > 1 || size.cols > 1 ? `${f.cell.address}:${columnLetters(at.col + size.cols)}${at.row + size.rows}` : f.cell.address;
      plan.array = { ref, ...(f.arrayRef ? { oldRef: f.arrayRef } : {}), values };
    }
  }
  const report: RecalcReport = {
    sheets: workbook.worksheets.map((w) => w.name),
    formulas: formulas.length,
    reuseFormulas: formulas.filter((f) => usesReuse(f.text)).length,
    changed,
    warnings,
    externalLinks: loaded.externalLinks,
  };
  return { report, cells };
}

/**
 * Writes the engine's values into the workbook's cached results (through ExcelJS: snapshot,
 * the task pane's engine port). Formula text, number formats and every other cell stay as
 * they were. Returns what changed and what could not be computed.
 */
export function writeResults(loaded: LoadedWorkbook): RecalcReport {
  const plan = computeResults(loaded);
  applyResults(loaded, plan);
  return plan.report;
}

/** Applies a plan of `computeResults` to the ExcelJS workbook the engine was built over. */
export function applyResults(loaded: LoadedWorkbook, plan: ResultsPlan): void {
  const { formulas, workbook } = loaded;
  plan.cells.forEach((p, i) => {
    if (p.keep) return;
    const f = formulas[i];
    const old = f.cell.value as ExcelJS.CellFormulaValue & { shareType?: string; ref?: string };
    const next: Record<string, unknown> = { ...old, result: p.value ?? undefined };
    if (p.array) {
      const ws = workbook.getWorksheet(f.sheet)!;
      // Clear the old spill area, then fill the new one with the engine's values.
      const oldRange = p.array.oldRef ? decodeRange(p.array.oldRef) : undefined;
      if (oldRange) {
        for (let y = oldRange.top; y <= oldRange.bottom; y++)
          for (let x = oldRange.left; x <= oldRange.right; x++) if (y !== p.row || x !== p.col) ws.getCell(y, x).value = null;
      }
      p.array.values.forEach((line, r) =>
        line.forEach((v, c) => {
          if (r > 0 || c > 0) ws.getCell(p.row + r, p.col + c).value = v as ExcelJS.CellValue;
        }),
      );
      next.shareType = 'array';
      next.ref = p.array.ref;
    }
    setFormulaValue(f.cell, next, p.value);
  });
}
