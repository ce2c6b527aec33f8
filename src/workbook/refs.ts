/**
 * Cell references as the pane and the stored document spell them: `Sheet!A1`, `'中文 表'!B2`
 * (quotes doubled inside a quoted name, as Excel writes them), or a workbook-level defined
 * name. Pure string handling shared by both WorkbookPort implementations. Everything here
 * also sees refs read from a workbook, so it parses strictly and never throws on bad input.
 */

/** A parsed reference: a range on a sheet, or a defined name. */
export type ParsedRef =
  | { kind: 'cell'; sheet: string; address: string; row: number; col: number; rows: number; cols: number }
  | { kind: 'name'; name: string };

const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

/** Column letters → 1-based number (`A` → 1, `AA` → 27). */
export function columnNumber(letters: string): number {
  return [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

/** 1-based column number → letters. */
export function columnLetters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A defined name as Excel accepts it (letters incl. CJK, digits, `_`, `.`, `\`; not a cell address, not TRUE/FALSE). */
export function isDefinedName(s: string): boolean {
  return (
    s.length > 0 &&
    s.length <= 255 &&
    /^[A-Za-z_\\\u4e00-\u9fff][A-Za-z0-9_.\\\u4e00-\u9fff]*$/.test(s) &&
    !/^[A-Za-z]{1,3}\d+$/.test(s) &&
    !/^[RrCc]$/.test(s) &&
    !/^(TRUE|FALSE)$/i.test(s)
  );
}

/** A sheet name Excel allows: 1–31 characters, none of `: \ / ? * [ ]`, not starting or ending with `'`. */
export function isSheetName(s: string): boolean {
  return s.length >= 1 && s.length <= 31 && !/[:\\/?*[\]]/.test(s) && !s.startsWith("'") && !s.endsWith("'");
}

/** `Sheet` or `'Sheet name'` as a formula needs it. */
export function quoteSheet(sheet: string): string {
  return /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*$/.test(sheet) && !/^[A-Za-z]{1,3}\d+$/.test(sheet)
    ? sheet
    : `'${sheet.replace(/'/g, "''")}'`;
}

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
  if (top < 1 || left < 1 || bottom > MAX_ROWS || right > MAX_COLS || bottom < top || right < left) return undefined;
  const address = `${columnLetters(left)}${top}` + (bottom !== top || right !== left ? `:${columnLetters(right)}${bottom}` : '');
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
