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
  modified: { en: 'Modified (UTC)', zh: '修改时间（UTC）' },
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

/** Width of a text in Excel's character units: CJK and full-width characters take two. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

/** Widest first column: longer labels than this wrap in Excel's view of the cell but are never cut in the data. */
export const MAX_LABEL_WIDTH = 80;

/**
 * The comparison as a sheet. `inputFormats` are the input cells' number formats (in the order
 * of `c.inputs`), so input values show as in the model (`2.50%`, `140,000,000`, dates).
 */
export function comparisonSheet(
  c: Comparison,
  lang: Lang,
  now: string,
  opts: { inputFormats?: string[] } = {}
): SheetSpec {
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
    rows.push([
      { value: tr(key, lang) },
      { value: '' },
      ...c.scenarios.map((s) => ({ value: key === 'modified' ? s.modified.slice(0, 16).replace('T', ' ') : s[key] })),
    ]);
  meta('bureau');
  meta('author');
  meta('modified');
  meta('note');
  rows.push([{ value: tr('inputs', lang), bold: true }, { value: null }, ...blank()]);
  const fmt = (f: string | undefined) => (f && f !== 'General' ? f : undefined);
  c.inputs.forEach(({ input, values }, k) => {
    const numberFormat = fmt(opts.inputFormats?.[k]);
    rows.push([
      { value: input.label },
      { value: input.unit },
      ...values.map((v) => ({ value: v, numberFormat: typeof v === 'number' ? numberFormat : undefined })),
    ]);
  });
  rows.push([{ value: tr('outputs', lang), bold: true }, { value: null }, ...blank()]);
  for (const o of c.outputs) {
    rows.push([
      { value: o.output.label },
      { value: o.output.unit },
      ...o.values.map((v) => ({
        value: v !== null && typeof v === 'object' ? v.error : v,
        numberFormat: fmt(o.output.numberFormat),
      })),
    ]);
  }
  if (n > 1) {
    rows.push([
      { value: tr('diff', lang, c.scenarios[c.baseIndex]?.name ?? ''), bold: true },
      { value: null },
      ...blank(),
    ]);
    for (const o of c.outputs) {
      rows.push([
        { value: o.output.label },
        { value: o.output.unit },
        ...o.diffs.map((d) => ({ value: d, numberFormat: fmt(o.output.numberFormat) })),
      ]);
    }
  }
  // Column widths from the longest label, unit and scenario name (labels were cut at a fixed 36).
  const widest = (texts: string[], min: number, max: number) =>
    Math.min(max, Math.max(min, ...texts.map((t) => textWidth(t) + 2)));
  const labels = [...c.inputs.map((i) => i.input.label), ...c.outputs.map((o) => o.output.label), tr('item', lang)];
  const units = [...c.inputs.map((i) => i.input.unit), ...c.outputs.map((o) => o.output.unit), tr('unit', lang)];
  const columnWidths = [
    widest(labels, 16, MAX_LABEL_WIDTH),
    widest(units, 8, 24),
    ...c.scenarios.map((s) => widest([s.name + tr('base', lang)], 18, 40)),
  ];
  return { name: comparisonSheetName(lang, now), rows, columnWidths, freeze: { rows: c.cancelled ? 5 : 4, cols: 2 } };
}
