/**
 * Showing cell values in the pane: numbers in the spirit of the cell's Excel number format
 * (decimals, thousands separators, percent), in the pane's language. Pure.
 */
import type { Lang } from '../core/errors';
import type { CellValue } from '../workbook/port';

/** Decimals and style an Excel number format asks for (`#,##0.00` → 2 with grouping; `0.0%` → percent, 1). */
export function formatSpec(numberFormat: string | undefined): { percent: boolean; decimals: number; grouping: boolean } | undefined {
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
  if (!spec) return new Intl.NumberFormat(locale, { maximumFractionDigits: 6, useGrouping: Math.abs(v) >= 10000 }).format(v);
  return new Intl.NumberFormat(locale, {
    style: spec.percent ? 'percent' : 'decimal',
    minimumFractionDigits: spec.decimals,
    maximumFractionDigits: spec.decimals,
    useGrouping: spec.grouping,
  }).format(v);
}

/** A difference with its sign (`+1,234.00`, `−0.5%`). */
export function formatDiff(d: number | null, numberFormat: string | undefined, lang: Lang): string {
  if (d === null) return '';
  if (d === 0) return '±0';
  const s = formatValue(Math.abs(d), numberFormat, lang);
  return `${d > 0 ? '+' : '−'}${s}`;
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
