/**
 * A1 references, column letters, sheet and defined-name spelling, and Excel's date serials:
 * the one module every layer uses for them (the package reader, the engine, both workbook
 * ports, scenarios, the CLI and the pane). Pure, no imports but core's date serials.
 */
export {
  EXCEL_EPOCH_1900_MS,
  EXCEL_EPOCH_1904_MS,
  LAST_EXCEL_SERIAL,
  dateToSerial,
  excelSerial,
  serialToDate,
} from '../core/excel-date';
export type { YMD } from '../core/excel-date';

/** Excel's grid: 1 048 576 rows, 16 384 columns (A … XFD). */
export const MAX_ROW = 1_048_576;
export const MAX_COL = 16_384;

/** Column letters → 1-based number (`A` → 1, `AA` → 27, `XFD` → 16384); either case. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + ((letters.charCodeAt(i) | 0x20) - 96);
  return n;
}

/** 1-based column number → letters (`28` → `AB`); '' for 0 or less. */
export function columnLetters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** (row, col), 1-based → `B12`. */
export const cellAddress = (row: number, col: number): string => `${columnLetters(col)}${row}`;

/** `B12` → { row: 12, col: 2 } (`$` allowed, either case), or undefined outside the grid. */
export function parseCellAddress(a: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(a);
  if (!m) return undefined;
  const col = columnNumber(m[1]);
  const row = Number(m[2]);
  return col >= 1 && col <= MAX_COL && row >= 1 && row <= MAX_ROW ? { row, col } : undefined;
}

/** A rectangle of cells, 1-based and inclusive. */
export interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** `A1`, `A1:C3`, `A:C` or `2:5` (with or without `$`) → 1-based bounds, or undefined. */
export function parseRange(ref: string): Range | undefined {
  const [a, b] = ref.split(':');
  if (b === undefined) {
    const c = parseCellAddress(a);
    return c ? { top: c.row, left: c.col, bottom: c.row, right: c.col } : undefined;
  }
  const p = parseCellAddress(a);
  const q = parseCellAddress(b);
  if (p && q)
    return {
      top: Math.min(p.row, q.row),
      left: Math.min(p.col, q.col),
      bottom: Math.max(p.row, q.row),
      right: Math.max(p.col, q.col),
    };
  const cols = /^\$?([A-Za-z]{1,3})$/;
  const rows = /^\$?(\d{1,7})$/;
  const ca = cols.exec(a);
  const cb = cols.exec(b);
  if (ca && cb) {
    const l = columnNumber(ca[1]);
    const r = columnNumber(cb[1]);
    return l <= MAX_COL && r <= MAX_COL
      ? { top: 1, bottom: MAX_ROW, left: Math.min(l, r), right: Math.max(l, r) }
      : undefined;
  }
  const ra = rows.exec(a);
  const rb = rows.exec(b);
  if (ra && rb) {
    const t = Number(ra[1]);
    const u = Number(rb[1]);
    return t >= 1 && u >= 1 && t <= MAX_ROW && u <= MAX_ROW
      ? { top: Math.min(t, u), bottom: Math.max(t, u), left: 1, right: MAX_COL }
      : undefined;
  }
  return undefined;
}

export const rangeCells = (r: Range): number => (r.bottom - r.top + 1) * (r.right - r.left + 1);

/** Bounds → `A1` or `A1:C3`. */
export function formatRange(r: Range): string {
  const a = cellAddress(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? a : `${a}:${cellAddress(r.bottom, r.right)}`;
}

/** A name that spells an R1C1 reference (`R`, `C`, `RC`, `R1C1`, `R2`, `C10`, `R1C`). */
const R1C1_LIKE = /^(?:[Rr]\d*[Cc]\d*|[Rr]\d*|[Cc]\d*)$/u;
/** Letters of any script, digits, `_`, `.`, `\` (Excel also lets `\` start a name). */
const NAME_CHARS = /^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u;

/**
 * A defined name as Excel accepts it: 1–255 characters; starts with a letter (any script,
 * so `年用水量` is one), `_` or `\`; then letters, digits, `_`, `.`, `\`; not a cell
 * reference in either notation (`A1`, `xfd1048576`, `R1C1`, `RC`, `R`, `C`) and not
 * TRUE/FALSE. Excel's own names (`_xlnm.Print_Area`) pass; see `isBuiltinName`.
 */
export function isDefinedName(s: string): boolean {
  return (
    s.length > 0 &&
    s.length <= 255 &&
    NAME_CHARS.test(s) &&
    !/^[A-Za-z]{1,3}\d+$/.test(s) &&
    !R1C1_LIKE.test(s) &&
    !/^(TRUE|FALSE)$/i.test(s)
  );
}

/** Excel's reserved names (`_xlnm.Print_Area`, `_xlnm._FilterDatabase`): the host's, not the user's. */
export function isBuiltinName(s: string): boolean {
  return /^_xlnm\./i.test(s);
}

/** A sheet name Excel allows: 1–31 characters, none of `: \ / ? * [ ]`, not starting or ending with `'`. */
export function isSheetName(s: string): boolean {
  return s.length >= 1 && s.length <= 31 && !/[:\\/?*[\]]/.test(s) && !s.startsWith("'") && !s.endsWith("'");
}

/** A sheet name that a formula may write without quotes (`Sheet1`, `参数`; not `A1`, `my sheet`). */
export function isPlainSheetName(sheet: string): boolean {
  return (
    /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*$/.test(sheet) &&
    !/^[A-Za-z]{1,3}\d+$/.test(sheet) &&
    !R1C1_LIKE.test(sheet)
  );
}

/** `Sheet` or `'Sheet name'` as a formula needs it (quotes doubled inside). */
export function quoteSheet(sheet: string): string {
  return isPlainSheetName(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}
