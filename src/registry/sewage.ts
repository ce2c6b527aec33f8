/** Registry entries for the SEWAGE group: differential charges and cost recovery. */
import { isCalcError } from '../core/errors';
import { BandRounding, costRecovery, diffCharge, makeDiffSchedule } from '../core/sewage';
import type { FunctionSpec } from './types';
import { defineFunction, param } from './define';

const perPollutant = <const N extends string>(name: N, unit: string, en: string, zh: string, greater?: number) =>
  param({
    kind: 'list',
    name,
    unit,
    minLength: 1,
    items: greater === undefined ? { min: 0 } : { greater },
    description: { en, zh },
  });

export const SEWAGE_FUNCTIONS: FunctionSpec[] = [
  defineFunction({
    id: 'SEWAGE.DIFFCHARGE',
    description: {
      en: 'Differential sewage charge per m³ by pollutant concentration',
      zh: '按污染物浓度的污水处理差别化收费（元/m³）',
    },
    formula:
      'base_price + Σ_j bands_j × band_surcharges_j, bands_j = ⌈(C_j − thresholds_j)⁺ / band_widths_j⌉ ("up", default; an exact multiple is not rounded up) or the unrounded quotient ("linear").',
    params: [
      {
        kind: 'number',
        name: 'base_price',
        unit: 'yuan/m³',
        min: 0,
        description: { en: 'Base sewage charge for the discharger class', zh: '该类排水户的基本污水处理费' },
      },
      {
        kind: 'table',
        name: 'concentrations',
        unit: 'mg/L',
        items: { min: 0 },
        description: {
          en: 'One row per discharger, one column per pollutant (a multi-row range spills one price per row)',
          zh: '每行一个排水户、每列一种污染物的浓度（多行时逐行返回单价）',
        },
      },
      perPollutant(
        'thresholds',
        'mg/L',
        'Concentration above which surcharges start, per pollutant',
        '各污染物起征浓度'
      ),
      perPollutant(
        'band_widths',
        'mg/L',
        'Width of one surcharge band, per pollutant (> 0)',
        '各污染物每一加价档的浓度宽度（> 0）',
        0
      ),
      perPollutant('band_surcharges', 'yuan/m³', 'Surcharge per band, per pollutant', '各污染物每档加价'),
      {
        kind: 'keyword',
        name: 'rounding',
        optional: true,
        default: BandRounding.Up,
        options: { [BandRounding.Up]: ['up', '向上'], [BandRounding.Linear]: ['linear', '线性'] },
        description: {
          en: '"up"/"向上" (default): a partly used band counts whole; "linear"/"线性": proportional',
          zh: '"up"/"向上"（默认）：不足一档按一档计；"linear"/"线性"：按比例计',
        },
      },
    ],
    result: { kind: 'rows', over: 'concentrations' },
    compute: (a) => {
      const s = makeDiffSchedule(a.concentrations.length, a.thresholds, a.band_widths, a.band_surcharges, a.rounding);
      return isCalcError(s) ? s : diffCharge(a.base_price, a.concentrations, s);
    },
    examples: [
      {
        formula: 'REUSE.SEWAGE.DIFFCHARGE(1.95,{500,40},{300,30},{100,5},{0.3,0.3})',
        expected: 3.15,
        source: 'FUNCTIONS.md (Huzhou 2017 schedule): 1.95 + 2×0.30 + 2×0.30',
      },
      {
        formula: 'REUSE.SEWAGE.DIFFCHARGE(1.95,{350,33},{300,30},{100,5},{0.3,0.3},"linear")',
        expected: 1.95 + 0.5 * 0.3 + 0.6 * 0.3,
        source: 'hand calculation: 0.5 and 0.6 of a band',
      },
    ],
    source: '万州发改资环〔2023〕25号（十二）',
  }),
  defineFunction({
    id: 'SEWAGE.COSTRECOVERY',
    description: { en: 'Cost-recovery ratio of sewage fees', zh: '污水处理费成本回收率' },
    formula: 'fee_revenue / (operating_cost + depreciation + financing_cost); #VALUE! if the denominator is ≤ 0.',
    params: [
      {
        kind: 'number',
        name: 'fee_revenue',
        unit: 'yuan',
        min: 0,
        description: { en: 'Sewage fee revenue in the period', zh: '污水处理费收入' },
      },
      {
        kind: 'number',
        name: 'operating_cost',
        unit: 'yuan',
        min: 0,
        description: { en: 'Operating cost', zh: '运营成本' },
      },
      {
        kind: 'number',
        name: 'depreciation',
        unit: 'yuan',
        min: 0,
        optional: true,
        default: 0,
        description: { en: 'Depreciation and amortisation (default 0)', zh: '折旧摊销（默认 0）' },
      },
      {
        kind: 'number',
        name: 'financing_cost',
        unit: 'yuan',
        min: 0,
        optional: true,
        default: 0,
        description: { en: 'Financing cost (default 0)', zh: '财务费用（默认 0）' },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => costRecovery(a.fee_revenue, a.operating_cost, a.depreciation, a.financing_cost),
    examples: [
      {
        formula: 'REUSE.SEWAGE.COSTRECOVERY(8000000,7000000,2000000,1000000)',
        expected: 0.8,
        source: 'hand calculation: 8 / (7 + 2 + 1)',
      },
    ],
    source: '发改价格〔2015〕119号',
  }),
];
