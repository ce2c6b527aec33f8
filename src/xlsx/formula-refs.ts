/**
 * The references in a formula's text (A1 style, as files store them): found outside string
 * literals, quoted sheet names and brackets, with the sheet they name. Used to give each cell
 * of a shared formula its own text (moving relative references, as Excel does when it fills a
 * formula down) and to size ranges before the engine walks them.
 */
import { MAX_COL, MAX_ROW, Range, columnNumber, columnLetters } from './a1';

/** One reference in a formula: `Sheet1!$A$1:B2`, `A:A`, `3:3`. */
export interface FormulaRef {
  /** Offsets of the reference itself (without its sheet prefix). */
  start: number;
  end: number;
  /** The sheet named before `!`, unquoted, or undefined for the formula's own sheet. */
  sheet?: string;
  range: Range;
}

const SHEET = String.raw`(?:'((?:[^']|'')+)'|([A-Za-z0-9_.\u0080-\uffff]+))!`;
const CELL = String.raw`\$?[A-Za-z]{1,3}\$?\d{1,7}`;
const COLS = String.raw`\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}`;
const ROWS = String.raw`\$?\d{1,7}:\$?\d{1,7}`;
/**
 * Strings, brackets (structured references, external workbook numbers) and references with
 * their optional sheet prefix. A name followed by `(` is a function (LOG10), by `!` a sheet.
 */
const TOKEN = new RegExp(
  String.raw`("(?:[^"]|"")*")|(\[(?:[^[\]]|\[[^\]]*\])*\])|(?<![A-Za-z0-9_.$\u0080-\uffff])(?:${SHEET})?(${CELL}(?::${CELL})?|${COLS}|${ROWS})(?![A-Za-z0-9_(!.\u0080-\uffff])`,
  'g'
);

interface Part {
  absCol: boolean;
  col?: number;
  absRow: boolean;
  row?: number;
}

function parsePart(s: string): Part | undefined {
  const m = /^(\$?)([A-Za-z]{1,3})?(\$?)(\d{1,7})?$/.exec(s);
  if (!m || (!m[2] && !m[4])) return undefined;
  const p: Part = { absCol: m[1] === '$' && !!m[2], absRow: (m[2] ? m[3] : m[1]) === '$' && !!m[4] };
  if (m[2]) p.col = columnNumber(m[2]);
  if (m[4]) p.row = Number(m[4]);
  if (
    (p.col !== undefined && (p.col < 1 || p.col > MAX_COL)) ||
    (p.row !== undefined && (p.row < 1 || p.row > MAX_ROW))
  )
    return undefined;
  return p;
}

function rangeOf(a: Part, b: Part | undefined): Range {
  const e = b ?? a;
  const top = a.row ?? 1;
  const bottom = e.row ?? MAX_ROW;
  const left = a.col ?? 1;
  const right = e.col ?? MAX_COL;
  return {
    top: Math.min(top, bottom),
    bottom: Math.max(top, bottom),
    left: Math.min(left, right),
    right: Math.max(left, right),
  };
}

/** Every reference in a formula, in order. */
export function scanReferences(text: string): FormulaRef[] {
  const out: FormulaRef[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    if (m[1] !== undefined || m[2] !== undefined) continue;
    const ref = m[5];
    const [a, b] = ref.split(':');
    const pa = parsePart(a);
    const pb = b === undefined ? undefined : parsePart(b);
    if (!pa || (b !== undefined && !pb)) continue;
    const sheet = m[3] !== undefined ? m[3].replace(/''/g, "'") : m[4];
    const start = m.index + m[0].length - ref.length;
    out.push({ start, end: start + ref.length, ...(sheet !== undefined ? { sheet } : {}), range: rangeOf(pa, pb) });
  }
  return out;
}

function shiftPart(s: string, dRow: number, dCol: number): string | undefined {
  const p = parsePart(s);
  if (!p) return s;
  let out = '';
  if (p.col !== undefined) {
    const col = p.absCol ? p.col : p.col + dCol;
    if (col < 1 || col > MAX_COL) return undefined;
    out += (p.absCol ? '$' : '') + columnLetters(col);
  }
  if (p.row !== undefined) {
    const row = p.absRow ? p.row : p.row + dRow;
    if (row < 1 || row > MAX_ROW) return undefined;
    out += (p.absRow ? '$' : '') + row;
  }
  return out;
}

/**
 * The formula as it reads `dRow` rows and `dCol` columns away: relative references move,
 * absolute ones stay, and one moved off the grid becomes `#REF!` (as Excel fills formulas).
 */
export function shiftFormula(text: string, dRow: number, dCol: number): string {
  if (dRow === 0 && dCol === 0) return text;
  let out = '';
  let last = 0;
  for (const r of scanReferences(text)) {
    const ref = text.slice(r.start, r.end);
    const shifted = ref.split(':').map((p) => shiftPart(p, dRow, dCol));
    out += text.slice(last, r.start) + (shifted.some((p) => p === undefined) ? '#REF!' : shifted.join(':'));
    last = r.end;
  }
  return out + text.slice(last);
}
