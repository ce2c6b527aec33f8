/**
 * A results sheet for any analysis: what ran (the record) on top, then the numbers, with number
 * formats — what `reuse-calc … -o OUT.xlsx` writes into a copy, and what a pane's "write to sheet"
 * can add through its WorkbookPort (`addSheet`). Labels in both languages (中文 English).
 */
import type { SheetCell, SheetSpec } from '../workbook/port';
import type { DataTableResult } from './datatable';
import { formatDistribution } from './distributions';
import type { GoalSeekResult } from './goalseek';
import type { MonteCarloResult } from './montecarlo';
import type { CellValue } from './port';
import type { SensitivityResult } from './sensitivity';

export type AnalysisResult = SensitivityResult | GoalSeekResult | DataTableResult | MonteCarloResult;

const NUM = '#,##0.0000';
const cell = (v: CellValue | undefined, numberFormat = NUM): SheetCell => {
  if (v === undefined || v === null) return { value: null };
  if (typeof v === 'object') return { value: v.error };
  return typeof v === 'number' ? { value: v, numberFormat } : { value: v };
};
const bold = (value: string): SheetCell => ({ value, bold: true });
const text = (value: string): SheetCell => ({ value });

export const SHEET_NAMES: Record<AnalysisResult['kind'], string> = {
  sensitivity: '敏感性分析 Sensitivity',
  goalseek: '单变量求解 Goal seek',
  table: '数据表 Data table',
  montecarlo: '蒙特卡洛 Monte Carlo',
};

export function resultSheet(r: AnalysisResult): SheetSpec {
  const rows: SheetCell[][] = [
    [bold(SHEET_NAMES[r.kind])],
    [text('开始时间 Started (UTC)'), text(r.record.started)],
    [text('计算引擎 Engine'), text(r.record.engine)],
    [text('试算次数 Evaluations'), { value: r.record.evaluations, numberFormat: '#,##0' }],
    [text('用时 Time (ms)'), { value: r.record.elapsedMs, numberFormat: '#,##0' }],
    [text('设置 Settings (JSON)'), text(JSON.stringify(r.record.settings).slice(0, 32_000))],
    [],
  ];
  switch (r.kind) {
    case 'sensitivity':
      for (const t of r.tornado) {
        rows.push([bold('输出 Output'), bold(t.output), text('基准值 Base'), cell(t.base)]);
        rows.push(
          [
            '输入 Input',
            '基准 Base',
            '低值 Low',
            '高值 High',
            '低值时输出 Output at low',
            '高值时输出 Output at high',
            '波动 Swing',
          ].map(bold)
        );
        for (const b of t.bars)
          rows.push([
            text(b.input),
            cell(b.base),
            cell(b.low),
            cell(b.high),
            cell(b.outputLow),
            cell(b.outputHigh),
            cell(b.swing),
          ]);
        rows.push([]);
      }
      break;
    case 'goalseek':
      rows.push(
        [bold('输入 Input'), text(r.input)],
        [bold('输出 Output'), text(r.output)],
        [bold('目标 Target'), cell(r.target)]
      );
      rows.push(
        [bold('求得的输入值 Value found'), cell(r.value, '0.000000000')],
        [bold('该值下的输出 Output at that value'), cell(r.outputValue)]
      );
      rows.push(
        [text('原输入值 Base input'), cell(r.base.input)],
        [text('原输出值 Base output'), cell(r.base.output)],
        [text('搜索区间 Bracket'), cell(r.between[0]), cell(r.between[1])]
      );
      break;
    case 'table':
      for (const g of r.grids) {
        rows.push([bold('输出 Output'), bold(g.output)]);
        rows.push([
          bold(r.columns ? `${r.rows.ref} \\ ${r.columns.ref}` : r.rows.ref),
          ...(r.columns ? r.columns.values.map((v) => ({ ...cell(v), bold: true })) : [bold(g.output)]),
        ]);
        r.rows.values.forEach((v, i) => rows.push([{ ...cell(v), bold: true }, ...g.cells[i].map((c) => cell(c))]));
        rows.push([]);
      }
      break;
    case 'montecarlo': {
      rows.push(
        [
          '项 Item',
          '分布 Distribution / 均值 Mean',
          '标准差 SD',
          'P5',
          'P10',
          'P50',
          'P90',
          'P95',
          '数值个数 n',
          '非数值 Non-numeric',
        ].map(bold)
      );
      for (const i of r.inputs)
        rows.push([
          text(i.ref),
          text(formatDistribution(i.distribution)),
          cell(i.summary.sd),
          ...(['P5', 'P10', 'P50', 'P90', 'P95'] as const).map((k) => cell(i.summary.percentiles?.[k])),
        ]);
      for (const o of r.outputs) {
        const s = o.summary;
        rows.push([
          bold(o.output),
          cell(s.mean),
          cell(s.sd),
          ...(['P5', 'P10', 'P50', 'P90', 'P95'] as const).map((k) => cell(s.percentiles?.[k])),
          cell(s.n, '#,##0'),
          cell(s.nonNumeric, '#,##0'),
        ]);
      }
      rows.push([]);
      for (const o of r.outputs)
        for (const t of o.summary.thresholds)
          rows.push([text(`P(${o.output} ${t.op} ${t.value})`), cell(t.probability, '0.00%')]);
      for (const o of r.outputs) {
        rows.push([], [bold('直方图 Histogram'), bold(o.output)], ['自 From', '至 To', '次数 Count'].map(bold));
        for (const b of o.summary.histogram) rows.push([cell(b.from), cell(b.to), cell(b.count, '#,##0')]);
      }
      break;
    }
  }
  return {
    name: SHEET_NAMES[r.kind],
    rows,
    columnWidths: [36, 18, 14, 14, 18, 18, 14, 14, 12, 12],
    freeze: { rows: 1, cols: 1 },
  };
}
