/**
 * Cell references as the pane and the stored document spell them: `Sheet!A1`, `'中文 表'!B2`
 * (quotes doubled inside a quoted name, as Excel writes them), or a workbook-level defined
 * name. Pure string handling shared by both WorkbookPort implementations. Everything here
 * also sees refs read from a workbook, so it parses strictly and never throws on bad input.
 */
import { MAX_COL, MAX_ROW, columnLetters, columnNumber, isDefinedName, isSheetName, quoteSheet } from '../xlsx/a1';

/** A parsed reference: a range on a sheet, or a defined name. */
export type ParsedRef =
  | { kind: 'cell'; sheet: string; address: string; row: number; col: number; rows: number; cols: number }
  | { kind: 'name'; name: string };

/** @deprecated since 0.2: import these from `src/xlsx/a1` (re-exported here for one release). */
export { columnLetters, columnNumber, isDefinedName, isSheetName, quoteSheet } from '../xlsx/a1';

/** `'中文 表'!B2` from its parts (address without `$`). */
export function formatRef(sheet: string, address: string): string {
  return `${quoteSheet(sheet)}!${address.replace(/\$/g, '').toUpperCase()}`;
}

/**
 * Parses a reference. Returns undefined for anything that is not a single rectangular range
 * on a named sheet or a defined name (so untrusted text never reaches a host API unchecked).
 */
export function parseRef(ref: unknown): ParsedRef | undefined {
  if (typeof ref !== 'string') return undefined;
  const text = ref.trim();
  if (text.length === 0 || text.length > 300) return undefined;
  if (isDefinedName(text)) return { kind: 'name', name: text };
  const bang = text.lastIndexOf('!');
  if (bang <= 0) return undefined;
  let sheet = text.slice(0, bang);
  if (sheet.startsWith("'")) {
    if (!sheet.endsWith("'") || sheet.length < 3) return undefined;
    const inner = sheet.slice(1, -1);
    if (/'(?!')/.test(inner.replace(/''/g, ''))) return undefined;
    sheet = inner.replace(/''/g, "'");
  } else if (!/^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*$/.test(sheet)) return undefined;
  if (!isSheetName(sheet)) return undefined;
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$/.exec(text.slice(bang + 1));
  if (!m) return undefined;
  const top = Number(m[2]);
  const left = columnNumber(m[1]);
  const bottom = m[4] ? Number(m[4]) : top;
  const right = m[3] ? columnNumber(m[3]) : left;
  if (top < 1 || left < 1 || bottom > MAX_ROW || right > MAX_COL || bottom < top || right < left) return undefined;
  const address =
    `${columnLetters(left)}${top}` + (bottom !== top || right !== left ? `:${columnLetters(right)}${bottom}` : '');
  return { kind: 'cell', sheet, address, row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 };
}

/** The normal spelling of a ref (quotes only where needed, no `$`), or undefined if it does not parse. */
export function normaliseRef(ref: unknown): string | undefined {
  const p = parseRef(ref);
  if (!p) return undefined;
  return p.kind === 'name' ? p.name : formatRef(p.sheet, p.address);
}

/** True for a reference to exactly one cell (a defined name counts: the port checks what it points at). */
export function isSingleCell(ref: unknown): boolean {
  const p = parseRef(ref);
  return !!p && (p.kind === 'name' || (p.rows === 1 && p.cols === 1));
}
