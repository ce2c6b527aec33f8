/**
 * Cell addresses and values, shared by the reader, the writer and the engine: A1 references,
 * the grid's bounds, Excel's date serials and the value of a cell as a plain value.
 */

export const MAX_ROW = 1_048_576;
export const MAX_COL = 16_384;

/** A cell's value as cached in a file or computed: numbers, text, booleans, errors, or nothing. */
export type Result = number | string | boolean | { error: string } | null;

export function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + ((letters.charCodeAt(i) | 0x20) - 96);
  return n;
}

export function columnLetters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export const cellAddress = (row: number, col: number): string => `${columnLetters(col)}${row}`;

/** `B12` → { row: 12, col: 2 } (`$` allowed), or undefined. */
export function parseCellAddress(a: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(a);
  if (!m) return undefined;
  const col = colNumber(m[1]);
  const row = Number(m[2]);
  return col >= 1 && col <= MAX_COL && row >= 1 && row <= MAX_ROW ? { row, col } : undefined;
}

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
  if (p && q) return { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) };
  const cols = /^\$?([A-Za-z]{1,3})$/;
  const rows = /^\$?(\d{1,7})$/;
  const ca = cols.exec(a);
  const cb = cols.exec(b);
  if (ca && cb) {
    const l = colNumber(ca[1]);
    const r = colNumber(cb[1]);
    return l <= MAX_COL && r <= MAX_COL ? { top: 1, bottom: MAX_ROW, left: Math.min(l, r), right: Math.max(l, r) } : undefined;
  }
  const ra = rows.exec(a);
  const rb = rows.exec(b);
  if (ra && rb) {
    const t = Number(ra[1]);
    const u = Number(rb[1]);
    return t >= 1 && u >= 1 && t <= MAX_ROW && u <= MAX_ROW ? { top: Math.min(t, u), bottom: Math.max(t, u), left: 1, right: MAX_COL } : undefined;
  }
  return undefined;
}

export const rangeCells = (r: Range): number => (r.bottom - r.top + 1) * (r.right - r.left + 1);

export function formatRange(r: Range): string {
  const a = cellAddress(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? a : `${a}:${cellAddress(r.bottom, r.right)}`;
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** A date (UTC) → Excel serial. In the 1900 system serials before 1900-03-01 count Lotus's phantom 29 Feb 1900. */
export function excelSerial(d: Date, date1904 = false): number {
  if (date1904) return (d.getTime() - EPOCH_1904) / DAY_MS;
  const s = (d.getTime() - EPOCH_1900) / DAY_MS;
  return s < 61 ? s - 1 : s;
}

/** An ISO 8601 date-time as stored in `t="d"` cells → Excel serial, or undefined. */
export function isoToSerial(iso: string, date1904 = false): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?/.exec(iso.trim());
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0)) + Number(m[6] ?? 0) * 1000;
    return excelSerial(new Date(ms), date1904);
  }
  // A time alone (`T10:30:00`, as Strict files store a pure time).
  const t = /^T?(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/.exec(iso.trim());
  if (t) return (Number(t[1]) * 3600 + Number(t[2]) * 60 + Number(t[3] ?? 0)) / 86_400;
  return undefined;
}

export const isErrorResult = (v: Result | undefined): v is { error: string } => typeof v === 'object' && v !== null;
