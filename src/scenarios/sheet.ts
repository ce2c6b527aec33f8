/**
 * The comparison sheet: a formatted table of the chosen scenarios' inputs and outputs, with
 * differences to the base, and who made each scenario and when. Pure: builds a SheetSpec the
 * port writes. Text from the document goes in as values (ports never turn it into formulas).
 */
import { Lang, localized } from '../core/i18n';
import type { SheetCell, SheetSpec } from '../workbook/port';
import type { Comparison } from './compare';

const T = {
  title: { en: 'Scenario comparison', zh: '情景比较' },
  generated: { en: 'Written by Reuse Finance', zh: '由财金模型生成' },
  item: { en: 'Item', zh: '项目' },
  unit: { en: 'Unit', zh: '单位' },
  bureau: { en: 'Bureau', zh: '单位（部门）' },
  author: { en: 'Author', zh: '编制人' },
  modified: { en: 'Modified', zh: '修改时间' },
  note: { en: 'Note', zh: '说明' },
  inputs: { en: 'Inputs', zh: '输入' },
  outputs: { en: 'Outputs', zh: '结果' },
  diff: { en: 'Difference to base: {base}', zh: '与基准“{base}”的差额' },
  base: { en: ' (base)', zh: '（基准）' },
  cancelled: { en: 'Incomplete: the comparison was cancelled.', zh: '不完整：比较已取消。' },
} as const;

/** The sheet's name before its date (short: Excel's sheet names hold 31 characters). */
const SHEET_NAME = { en: 'Scenarios', zh: '情景比较' };

const tr = (k: keyof typeof T, lang: Lang, base = ''): string => localized(T[k], lang, { base });

/** Name of the sheet, dated so a second run adds a new sheet next to the first. */
export function comparisonSheetName(lang: Lang, now: string): string {
  return `${localized(SHEET_NAME, lang)} ${now.slice(0, 10)}`;
}

export function comparisonSheet(c: Comparison, lang: Lang, now: string): SheetSpec {
  const n = c.scenarios.length;
  const blank = (): SheetCell[] => Array.from({ length: n }, () => ({ value: null }));
  const rows: SheetCell[][] = [];
  rows.push([{ value: tr('title', lang), bold: true }]);
  rows.push([{ value: `${tr('generated', lang)} · ${now.slice(0, 16).replace('T', ' ')} UTC` }]);
  if (c.cancelled) rows.push([{ value: tr('cancelled', lang) }]);
  rows.push([]);
  rows.push([
    { value: tr('item', lang), bold: true },
    { value: tr('unit', lang), bold: true },
    ...c.scenarios.map((s, i) => ({ value: s.name + (i === c.baseIndex ? tr('base', lang) : ''), bold: true })),
  ]);
  const meta = (key: 'bureau' | 'author' | 'modified' | 'note') =>
    rows.push([{ value: tr(key, lang) }, { value: '' }, ...c.scenarios.map((s) => ({ value: key === 'modified' ? s.modified.slice(0, 16).replace('T', ' ') : s[key] }))]);
  meta('bureau');
  meta('author');
  meta('modified');
  meta('note');
  rows.push([{ value: tr('inputs', lang), bold: true }, { value: null }, ...blank()]);
  for (const { input, values } of c.inputs) rows.push([{ value: input.label }, { value: input.unit }, ...values.map((v) => ({ value: v }))]);
  rows.push([{ value: tr('outputs', lang), bold: true }, { value: null }, ...blank()]);
  const fmt = (f: string) => (f && f !== 'General' ? f : undefined);
  for (const o of c.outputs) {
    rows.push([
      { value: o.output.label },
      { value: o.output.unit },
      ...o.values.map((v) => ({ value: v !== null && typeof v === 'object' ? v.error : v, numberFormat: fmt(o.output.numberFormat) })),
    ]);
  }
  if (n > 1) {
    rows.push([{ value: tr('diff', lang, c.scenarios[c.baseIndex]?.name ?? ''), bold: true }, { value: null }, ...blank()]);
    for (const o of c.outputs) {
      rows.push([{ value: o.output.label }, { value: o.output.unit }, ...o.diffs.map((d) => ({ value: d, numberFormat: fmt(o.output.numberFormat) }))]);
    }
  }
  return { name: comparisonSheetName(lang, now), rows, columnWidths: [36, 12, ...c.scenarios.map(() => 18)], freeze: { rows: c.cancelled ? 5 : 4, cols: 2 } };
}
