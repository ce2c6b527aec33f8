/**
 * Values in the pane: what an input cell takes (from what it holds and its number format), how a
 * stored value shows in the editor (the cell's own format, never losing digits), what a typed
 * value becomes, differences without a sign on zero, Chinese units in the function reference,
 * and the comparison sheet's input formats and label widths.
 */
import { editText, formatDiff, formatRatio, parseValue, valueKind } from '../../../src/taskpane/format';
import { unitText } from '../../../src/taskpane/reference';
import { FUNCTIONS } from '../../../src/registry';
import { comparisonSheet, textWidth } from '../../../src/scenarios/sheet';
import type { Comparison } from '../../../src/scenarios/compare';

// Excel serial of 2024-09-01: 2024-01-01 is 45292; Jan–Aug 2024 have 31+29+31+30+31+30+31+31 = 244 days.
const SEP_1_2024 = 45292 + 244;

describe('what an input cell takes', () => {
  it.each([
    [140_000_000, '#,##0', 'number'],
    [0.025, '0.00%', 'percent'],
    [SEP_1_2024, 'yyyy-mm-dd', 'date'],
    [SEP_1_2024, 'yyyy"年"m"月"d"日"', 'date'],
    ['西部', 'General', 'text'],
    [1.75, 'General', 'number'],
    [null, 'General', 'any'],
    [null, '0.0%', 'percent'],
    [null, '@', 'text'],
    [true, 'General', 'boolean'],
  ] as const)('%j in %s → %s', (v, fmt, kind) => expect(valueKind(v, fmt)).toBe(kind));
});

describe('a stored value in the editor', () => {
  it.each([
    [140_000_000, 'number', '#,##0', '140,000,000'],
    [0.025, 'percent', '0.00%', '2.50%'],
    [SEP_1_2024, 'date', 'yyyy-mm-dd', '2024-09-01'],
    [SEP_1_2024, 'date', 'General', '2024-09-01'],
    [1.75, 'number', '#,##0', '1.75'], // the format would show 2: all digits instead
    [0.0125, 'percent', '0.0%', '1.25%'], // the format would show 1.3%
    [-2500.5, 'number', '#,##0.00', '-2,500.50'],
    [15, 'number', 'General', '15'],
    [null, 'number', '#,##0', ''],
    ['西部', 'text', 'General', '西部'],
  ] as const)('%j (%s, %s) shows as %s and reads back as itself', (v, kind, fmt, text) => {
    expect(editText(v, kind, fmt)).toBe(text);
    const back = parseValue(text, kind);
    expect(back.ok).toBe(true);
    if (back.ok && typeof v === 'number') expect(back.value as number).toBeCloseTo(v, 12);
    else if (back.ok) expect(back.value).toBe(v);
  });
});

describe('what the user typed', () => {
  it.each([
    ['140,000,000', 'number', 140_000_000],
    ['１４０，０００', 'number', 140_000], // full-width digits and comma
    [' 2.5% ', 'number', 0.025],
    ['2.5', 'percent', 0.025], // as Excel takes a number typed into a percent cell
    ['2.5%', 'percent', 0.025],
    ['2024-09-01', 'date', SEP_1_2024],
    ['2024/9/1', 'date', SEP_1_2024],
    ['2024年9月1日', 'date', SEP_1_2024],
    ['', 'number', null],
    ['两元', 'text', '两元'],
    ['两元', 'any', '两元'],
    ['12', 'any', 12],
    ['是', 'boolean', true],
  ] as const)('%j as %s → %j', (text, kind, value) => {
    const r = parseValue(text, kind);
    expect(r.ok).toBe(true);
    if (r.ok && typeof value === 'number') expect(r.value as number).toBeCloseTo(value, 12);
    else if (r.ok) expect(r.value).toBe(value);
  });

  it.each([
    ['两元', 'number', 'valueNotNumber'],
    ['2,5', 'number', 'valueNotNumber'], // a decimal comma is ambiguous: refused, not read as 25
    ['1.2.3', 'number', 'valueNotNumber'],
    ['abc%', 'percent', 'valueNotPercent'],
    ['2024-02-30', 'date', 'valueNotDate'], // not a day
    ['next year', 'date', 'valueNotDate'],
    ['45536x', 'date', 'valueNotDate'],
    ['maybe', 'boolean', 'valueNotBoolean'],
  ] as const)('%j as %s is refused with %s', (text, kind, error) =>
    expect(parseValue(text, kind)).toEqual({ ok: false, error })
  );
});

describe('differences to the base', () => {
  it('shows zero without a sign and keeps a tiny difference visible', () => {
    expect(formatDiff(0, '#,##0.00', 'en-US')).toBe('0');
    expect(formatDiff(-0.0042, '#,##0.00', 'en-US')).toBe('−0.0042');
    expect(formatDiff(-30e6, '#,##0', 'en-US')).toBe('−30,000,000');
    expect(formatDiff(0.001, '0.0%', 'en-US')).toBe('+0.1%');
    expect(formatRatio(0, 'en-US')).toBe('');
    expect(formatRatio(0.125, 'en-US')).toBe('+12.5%');
    expect(formatRatio(-0.00042, 'en-US')).toBe('−0.042%');
  });
});

describe('units in the Chinese function reference', () => {
  it('translates every unit the registry uses (no English word left)', () => {
    const units = [...new Set(FUNCTIONS.flatMap((f) => f.params.map((p) => p.unit)).filter((u): u is string => !!u))];
    const left = units
      .map((u) => [u, unitText(u, 'zh-CN')])
      .filter(([, zh]) => /[a-z]{2,}/i.test(zh.replace(/mg\/L|kg/g, '')));
    expect(left).toEqual([]);
    expect(unitText('yuan/m³', 'zh-CN')).toBe('元/m³');
    expect(unitText('years', 'zh-CN')).toBe('年');
    expect(unitText('yuan per pollution equivalent', 'zh-CN')).toBe('元/污染当量');
    expect(unitText('yuan/kWh', 'zh-CN')).toBe('元/千瓦时');
    expect(unitText('t DS/year', 'zh-CN')).toBe('吨干基/年');
    expect(unitText('m³/kg VS', 'zh-CN')).toBe('m³/千克挥发性固体');
    expect(unitText('years', 'en-US')).toBe('years');
  });
});

describe('comparison sheet', () => {
  const input = (id: string, label: string, unit: string) => ({ id, ref: `假设!C${id.length}`, label, unit });
  const c = {
    scenarios: [
      { id: 's1', name: '基准', bureau: '', author: '', note: '', modified: '2026-01-31T08:00:00.000Z' },
      { id: 's2', name: '高票面利率', bureau: '', author: '', note: '', modified: '2026-01-31T08:00:00.000Z' },
    ],
    baseIndex: 0,
    cancelled: false,
    inputs: [
      { input: input('in1', '专项债券票面利率 Bond coupon rate', '年利率 rate'), values: [0.025, 0.03] },
      { input: input('in2', '专项债券发行日 Bond issue date', '日期 date'), values: [SEP_1_2024, SEP_1_2024] },
    ],
    outputs: [],
  } as unknown as Comparison;

  it('formats input values as their cells and widens the label column to the longest label', () => {
    const sheet = comparisonSheet(c, 'zh-CN', '2026-02-01T00:00:00.000Z', { inputFormats: ['0.00%', 'yyyy-mm-dd'] });
    const row = (label: string) => sheet.rows.find((r) => r[0]?.value === label)!;
    expect(
      row('专项债券票面利率 Bond coupon rate')
        .slice(2)
        .map((x) => x.numberFormat)
    ).toEqual(['0.00%', '0.00%']);
    expect(
      row('专项债券发行日 Bond issue date')
        .slice(2)
        .map((x) => x.numberFormat)
    ).toEqual(['yyyy-mm-dd', 'yyyy-mm-dd']);
    // 8 CJK characters (16) + 1 space + 16 Latin = 33, plus 2 of margin.
    expect(textWidth('专项债券票面利率 Bond coupon rate')).toBe(33);
    expect(sheet.columnWidths![0]).toBe(35);
    expect(sheet.rows.some((r) => r[0]?.value === '修改时间（UTC）')).toBe(true);
  });
});
