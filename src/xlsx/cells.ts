/**
 * The value of a cell as a plain value, and ISO dates of `t="d"` cells as serials. A1
 * references, the grid's bounds and the serial epoch live in `./a1`.
 */
import { excelSerial } from './a1';

/** @deprecated since 0.2: import these from `src/xlsx/a1` (re-exported here for one release). */
export type { Range } from './a1';
export {
  MAX_COL,
  MAX_ROW,
  cellAddress,
  columnLetters,
  columnNumber as colNumber,
  excelSerial,
  formatRange,
  parseCellAddress,
  parseRange,
  rangeCells,
} from './a1';

/** A cell's value as cached in a file or computed: numbers, text, booleans, errors, or nothing. */
export type Result = number | string | boolean | { error: string } | null;

/** An ISO 8601 date-time as stored in `t="d"` cells → Excel serial, or undefined. */
export function isoToSerial(iso: string, date1904 = false): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?/.exec(iso.trim());
  if (m) {
    const ms =
      Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0)) +
      Number(m[6] ?? 0) * 1000;
    return excelSerial(new Date(ms), date1904);
  }
  // A time alone (`T10:30:00`, as Strict files store a pure time).
  const t = /^T?(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/.exec(iso.trim());
  if (t) return (Number(t[1]) * 3600 + Number(t[2]) * 60 + Number(t[3] ?? 0)) / 86_400;
  return undefined;
}

export const isErrorResult = (v: Result | undefined): v is { error: string } => typeof v === 'object' && v !== null;
