/**
 * Showing cell values in the pane: numbers in the spirit of the cell's Excel number format
 * (decimals, thousands separators, percent), in the pane's language. Pure.
 */
import * as numfmt from 'numfmt';
import type { Lang } from '../core/errors';
import type { InputValue } from '../scenarios/types';
import type { CellValue } from '../workbook/port';

/** Decimals and style an Excel number format asks for (`#,##0.00` → 2 with grouping; `0.0%` → percent, 1). */
export function formatSpec(
  numberFormat: string | undefined
): { percent: boolean; decimals: number; grouping: boolean } | undefined {
  const f = (numberFormat ?? '').split(';')[0];
  if (!f || /^general$/i.test(f) || !/[0#]/.test(f)) return undefined;
  const decimals = /\.([0#]+)/.exec(f)?.[1].length ?? 0;
  return { percent: f.includes('%'), decimals: Math.min(decimals, 10), grouping: f.includes(',') };
}

export function formatValue(v: CellValue, numberFormat: string | undefined, lang: Lang): string {
  if (v === null) return '';
  if (typeof v === 'object') return v.error;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v;
  const spec = formatSpec(numberFormat);
  const locale = lang === 'zh-CN' ? 'zh-CN' : 'en-US';
  if (!spec)
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 6, useGrouping: Math.abs(v) >= 10000 }).format(v);
  return new Intl.NumberFormat(locale, {
    style: spec.percent ? 'percent' : 'decimal',
    minimumFractionDigits: spec.decimals,
    maximumFractionDigits: spec.decimals,
    useGrouping: spec.grouping,
  }).format(v);
}

/**
 * A difference with its sign (`+1,234.00`, `−0.5%`); '' for none. Zero is `0` with no sign,
 * and a difference too small for the output's format keeps two significant digits
 * (`−0.0042`, not `−0.00`), so a sign is never shown on a number that reads as zero.
 */
export function formatDiff(d: number | null, numberFormat: string | undefined, lang: Lang): string {
  if (d === null) return '';
  if (d === 0) return '0';
  let s = formatValue(Math.abs(d), numberFormat, lang);
  if (!/[1-9]/.test(s)) s = significant(Math.abs(d), !!formatSpec(numberFormat)?.percent, lang);
  return `${d > 0 ? '+' : '−'}${s}`;
}

/** A relative difference in percent with one decimal (`+12.5%`), or two significant digits when smaller (`−0.042%`); '' for zero. */
export function formatRatio(r: number | null, lang: Lang): string {
  if (r === null || r === 0) return '';
  let s = new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    Math.abs(r)
  );
  if (!/[1-9]/.test(s)) s = significant(Math.abs(r), true, lang);
  return `${r > 0 ? '+' : '−'}${s}`;
}

function significant(x: number, percent: boolean, lang: Lang): string {
  return new Intl.NumberFormat(lang, { style: percent ? 'percent' : 'decimal', maximumSignificantDigits: 2 }).format(x);
}

/** What the user typed in a value field: a number when it reads as one (commas allowed), empty → null, else text. */
export function parseInput(text: string): number | string | null {
  const s = text.trim();
  if (s === '') return null;
  const n = s.replace(/[,，\s]/g, '');
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?%?$/i.test(n)) {
    const x = Number(n.replace('%', ''));
    if (Number.isFinite(x)) return n.endsWith('%') ? x / 100 : x;
  }
  return s;
}

/** A stored value as the text of an input field. */
export function inputText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  return String(v);
}

// ---------------------------------------------------------------- values typed into the editor

/**
 * What an input cell holds, so a typed value can be checked and shown like the cell shows it:
 * a number (in its format: `#,##0`, `0.00`), a percentage (`0.00%`), a date (a serial number
 * shown with a date format), text, a logical value, or anything (an empty cell in General).
 */
export type ValueKind = 'number' | 'percent' | 'date' | 'text' | 'boolean' | 'any';

/** The kind of value an input cell takes, from what it holds now and its number format. */
export function valueKind(current: CellValue, numberFormat: string | undefined): ValueKind {
  const fmt = usableFormat(numberFormat);
  if (typeof current === 'string') return 'text';
  if (typeof current === 'boolean') return 'boolean';
  if (fmt && numfmt.isTextFormat(fmt)) return 'text';
  if (fmt && numfmt.isDateFormat(fmt)) return 'date';
  if (fmt && numfmt.isPercentFormat(fmt)) return 'percent';
  if (typeof current === 'number' || fmt) return 'number';
  return 'any';
}

const usableFormat = (f: string | undefined): string | undefined =>
  f && !/^general$/i.test(f) && numfmt.isValidFormat(f) ? f : undefined;

const ISO_DATE = 'yyyy-mm-dd';
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));

/**
 * A stored value as the text of an editor field, in the cell's own number format where that
 * shows the value exactly (`140,000,000`, `2.50%`, `2024-09-01`), else with every digit kept
 * (a `#,##0` cell holding 1.75 shows `1.75`, not `2`, so saving never changes a value unseen).
 */
export function editText(v: InputValue | undefined, kind: ValueKind, numberFormat: string | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v;
  const fmt = usableFormat(numberFormat);
  if (kind === 'date') {
    const shown = numfmt.format(fmt ?? ISO_DATE, v, { throws: false, invalid: '' } as Parameters<
      typeof numfmt.format
    >[2]);
    const back = shown ? parseValue(shown, 'date') : undefined;
    if (back && back.ok && back.value === v) return shown;
    return Number.isInteger(v) ? numfmt.format(ISO_DATE, v) : numfmt.format('yyyy-mm-dd hh:mm:ss', v);
  }
  if (fmt && (kind === 'number' || kind === 'percent')) {
    const shown = numfmt.format(fmt.split(';')[0], Math.abs(v)).trim();
    const back = parseValue(shown, kind);
    if (back.ok && typeof back.value === 'number' && close(back.value, Math.abs(v))) return (v < 0 ? '-' : '') + shown;
  }
  if (kind === 'percent') return `${plain(v * 100, true)}%`;
  return plain(v, !!fmt && fmt.includes(','));
}

/** All digits of a number (up to 12 decimals), with thousands separators if asked. */
function plain(x: number, grouping: boolean): string {
  const r = Number(x.toPrecision(15));
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 12, useGrouping: grouping }).format(r);
}

export type Parsed =
  | { ok: true; value: InputValue }
  | { ok: false; error: 'valueNotNumber' | 'valueNotPercent' | 'valueNotDate' | 'valueNotBoolean' };

/**
 * What the user typed, read as the input cell would take it. Empty → null (the cell is left
 * empty). Full-width digits and punctuation (`１２３`, `，`, `％`) are read as their ASCII forms.
 *   - number: `1234.5`, `1,234.5`, `-3`, `1e6`; `2.5%` is 0.025
 *   - percent: `2.5%` or `2.5` (as Excel takes a number typed into a percent cell) → 0.025
 *   - date: `2024-09-01`, `2024/9/1`, `2024年9月1日` → the Excel serial number (45536)
 *   - text: kept as typed; boolean: TRUE/FALSE/是/否
 *   - any: a number when it reads as one, else text (as before kinds existed)
 */
export function parseValue(text: string, kind: ValueKind): Parsed {
  const s = text.normalize('NFKC').trim();
  if (s === '') return { ok: true, value: null };
  if (kind === 'text') return { ok: true, value: text };
  if (kind === 'boolean') {
    if (/^(true|是|真)$/i.test(s)) return { ok: true, value: true };
    if (/^(false|否|假)$/i.test(s)) return { ok: true, value: false };
    return { ok: false, error: 'valueNotBoolean' };
  }
  if (kind === 'date') {
    const cn = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/.exec(s);
    const iso = cn ? `${cn[1]}-${cn[2].padStart(2, '0')}-${cn[3].padStart(2, '0')}` : s;
    const d = numfmt.parseDate(iso);
    if (d && typeof d.v === 'number' && validDate(iso, d.v)) return { ok: true, value: d.v };
    return { ok: false, error: 'valueNotDate' };
  }
  const n = number(s);
  if (kind === 'percent') {
    if (n === undefined) return { ok: false, error: 'valueNotPercent' };
    return { ok: true, value: /%$/.test(s) ? n : n / 100 };
  }
  if (kind === 'number') return n === undefined ? { ok: false, error: 'valueNotNumber' } : { ok: true, value: n };
  return n === undefined ? { ok: true, value: text.trim() } : { ok: true, value: n };
}

/** A number as typed: grouping commas, spaces, a leading sign, a trailing % (divided by 100). */
function number(s: string): number | undefined {
  const t = s.replace(/\s/g, '');
  if (!/^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?(e[-+]?\d+)?%?$/i.test(t) || !/\d/.test(t)) return undefined;
  const x = Number(t.replace(/,/g, '').replace('%', ''));
  if (!Number.isFinite(x)) return undefined;
  return t.endsWith('%') ? x / 100 : x;
}

/** numfmt rolls 2024-02-30 over to March; a date is valid only when its parts come back. */
function validDate(typed: string, serial: number): boolean {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(typed);
  if (!m) return true;
  return numfmt.format('yyyy-m-d', serial) === `${Number(m[1])}-${Number(m[2])}-${Number(m[3])}`;
}
