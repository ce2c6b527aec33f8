/** Registry entries for the PPP group: government payments for PPP and franchise projects. */
import { isCalcError } from '../core/errors';
import { PppMethod, fiscalRatio, pppSchedule, pppSubsidy } from '../core/ppp';
import { asColumn, columnPerItem } from './shapes';
import type { ArgShape, FunctionSpec, NumberParam, Size } from './types';

const SOURCE_MOF21 = '财金〔2015〕21号 第十九条（运营补贴支出责任）；万州发改资环〔2023〕25号（十三）';
/** Longest cooperation period accepted (franchises run up to 40 years; the bound keeps spills finite). */
export const MAX_PPP_PERIOD = 100;

const capex: NumberParam = {
  kind: 'number', name: 'capex', unit: 'yuan', min: 0,
  description: { en: 'Construction cost of the project (total investment)', zh: '项目全部建设成本' },
};
const profitRate: NumberParam = {
  kind: 'number', name: 'profit_rate', unit: 'rate', min: 0,
  description: { en: 'Reasonable profit rate agreed with the partner (e.g. 0.06)', zh: '合理利润率（如 0.06）' },
};
const discountRate: NumberParam = {
  kind: 'number', name: 'discount_rate', unit: 'rate', greater: -1,
  description: { en: 'Annual discount rate (usually the local government bond yield)', zh: '年度折现率（通常参照同期地方政府债券收益率）' },
};
const period: NumberParam = {
  kind: 'number', name: 'period', unit: 'years', integer: true, min: 1, max: MAX_PPP_PERIOD,
  description: { en: 'Cooperation (payment) period in years', zh: '合作期（付费期）年数' },
};

/** The number of years a literal `period` argument gives, if it is a valid one. */
function literalYears(shape: ArgShape | undefined, max: number): number | undefined {
  const v = shape?.literal;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max ? v : undefined;
}


export const PPP_FUNCTIONS: FunctionSpec[] = [
  {
    id: 'PPP.SUBSIDY',
    description: {
      en: 'Government subsidy for one year of a PPP project (MOF fiscal-affordability formula)',
      zh: 'PPP 项目某一年度的政府运营补贴支出（财金〔2015〕21号公式）',
    },
    formula:
      'capex × (1 + profit_rate) × (1 + discount_rate)^year / period + opex × (1 + profit_rate) − user_revenue. ' +
      'year is 1…period (#VALUE! beyond period). Signed: negative when users pay more than needed.',
    params: [
      capex, profitRate, discountRate,
      {
        kind: 'number', name: 'year', unit: 'year', integer: true, min: 1,
        description: { en: 'Year of the cooperation period, 1…period', zh: '合作期第几年（1…period）' },
      },
      period,
      { kind: 'number', name: 'opex', unit: 'yuan/year', min: 0, description: { en: 'Annual operating cost of the year', zh: '当年运营成本' } },
      { kind: 'number', name: 'user_revenue', unit: 'yuan/year', min: 0, description: { en: 'User-paid revenue of the year (使用者付费)', zh: '当年使用者付费收入' } },
    ],
    result: { kind: 'scalar' },
    compute: (a) => pppSubsidy(a.capex, a.profit_rate, a.discount_rate, a.year, a.period, a.opex, a.user_revenue),
    examples: [
      { formula: 'REUSE.PPP.SUBSIDY(100000000,0.06,0.05,1,20,8000000,6000000)', expected: 8_045_000, source: 'FUNCTIONS.md: 106 M × 1.05 / 20 + 8.48 M − 6 M = 8.045 M' },
      { formula: 'REUSE.PPP.SUBSIDY(100000000,0.06,0.05,10,20,8000000,6000000)', expected: 5.3e6 * 1.05 ** 10 + 2.48e6, source: 'FUNCTIONS.md: 5.3 M × 1.05^10 + 2.48 M = 11.11314 M' },
      { formula: 'REUSE.PPP.SUBSIDY(100000000,0.06,0.05,20,20,8000000,6000000)', expected: 5.3e6 * 1.05 ** 20 + 2.48e6, source: 'FUNCTIONS.md: 5.3 M × 1.05^20 + 2.48 M = 16.54248 M' },
    ],
    source: SOURCE_MOF21,
  },
  {
    id: 'PPP.SCHEDULE',
    description: {
      en: 'Year-by-year government payments of a PPP project: year, availability, operating, total (period rows × 4)',
      zh: 'PPP 项目逐年政府支出责任：年度、可用性付费、运维绩效付费、合计（period 行 × 4 列）',
    },
    formula:
      'Row n = 1…period: n; availability; operating = opex_n × (1 + profit_rate) − user_revenue_n; total = availability + operating. ' +
      'method "mof21"/"财金21号" (default): availability = capex × (1 + profit_rate) × (1 + discount_rate)^n / period. ' +
      '"annuity"/"等额年金": availability = capex × profit_rate / (1 − (1 + profit_rate)^−period) every year; ' +
      'at profit_rate = 0 that is capex / period (the limit), and discount_rate is not used. ' +
      'opex and user_revenue: one value (every year) or one value per year (#VALUE! for any other count).',
    params: [
      capex, profitRate, discountRate, period,
      {
        kind: 'list', name: 'opex', unit: 'yuan/year', minLength: 1, items: { min: 0 },
        description: { en: 'Annual operating cost: one value, or one per year of period', zh: '年度运营成本：1 个值，或逐年 period 个值' },
      },
      {
        kind: 'list', name: 'user_revenue', unit: 'yuan/year', minLength: 1, items: { min: 0 },
        description: { en: 'User-paid revenue: one value, or one per year of period', zh: '使用者付费收入：1 个值，或逐年 period 个值' },
      },
      {
        kind: 'keyword', name: 'method', optional: true, default: PppMethod.Mof21,
        options: { [PppMethod.Mof21]: ['mof21', '财金21号'], [PppMethod.Annuity]: ['annuity', '等额年金'] },
        description: {
          en: '"mof21"/"财金21号" (default): MOF formula; "annuity"/"等额年金": level availability payment at profit_rate',
          zh: '"mof21"/"财金21号"（默认）：财政部公式；"annuity"/"等额年金"：按合理利润率等额年金',
        },
      },
    ],
    result: {
      kind: 'array',
      size: (shapes): Size | undefined => {
        const years = literalYears(shapes[3], MAX_PPP_PERIOD);
        return years === undefined ? undefined : { rows: years, cols: 4 };
      },
    },
    compute: (a) => {
      const rows = pppSchedule(a.capex, a.profit_rate, a.discount_rate, a.period, a.opex, a.user_revenue, a.method);
      return isCalcError(rows) ? rows : rows.map((r) => [r.year, r.availability, r.operating, r.total]);
    },
    examples: [
      {
        formula: 'REUSE.PPP.SCHEDULE(100000000,0.06,0.05,2,8000000,6000000)',
        expected: [
          [1, 106e6 * 1.05 / 2, 2_480_000, 106e6 * 1.05 / 2 + 2_480_000],
          [2, 106e6 * 1.05 ** 2 / 2, 2_480_000, 106e6 * 1.05 ** 2 / 2 + 2_480_000],
        ],
        source: 'hand calculation with the FUNCTIONS.md SUBSIDY inputs over 2 years',
      },
      {
        formula: 'INDEX(REUSE.PPP.SCHEDULE(100000000,0.06,0.05,20,8000000,6000000),10,4)',
        expected: 5.3e6 * 1.05 ** 10 + 2.48e6,
        source: 'FUNCTIONS.md: year 10 total = SUBSIDY n=10 = 11.11314 M',
      },
      {
        formula: 'REUSE.PPP.SCHEDULE(1000000,0,0.05,4,{100,200,300,400},50,"等额年金")',
        expected: [[1, 250_000, 50, 250_050], [2, 250_000, 150, 250_150], [3, 250_000, 250, 250_250], [4, 250_000, 350, 250_350]],
        source: 'hand calculation: annuity at profit_rate 0 is capex / period; opex per year',
      },
    ],
    source: SOURCE_MOF21,
  },
  {
    id: 'PPP.FISCALRATIO',
    description: {
      en: 'Yearly share of general-budget expenditure taken by PPP outlays (one row per year)',
      zh: 'PPP 支出责任占一般公共预算支出的比例（逐年，每年一行）',
    },
    formula:
      'outlays_t / budget_expenditure_t, one row per outlay (a column; TRANSPOSE for a row). budget_expenditure: one value ' +
      '(every year) or one per outlay; every value must be > 0 (#VALUE!, never #DIV/0!). Outlays may be negative. ' +
      'Compare with REUSE.POLICY("ppp.fiscal_cap") (10 %) and REUSE.POLICY("ppp.gov_pay_cap") (5 %).',
    params: [
      {
        kind: 'list', name: 'outlays', unit: 'yuan/year', minLength: 1,
        description: { en: 'PPP outlays per year (all projects, or the one being tested)', zh: '逐年 PPP 支出责任' },
      },
      {
        kind: 'list', name: 'budget_expenditure', unit: 'yuan/year', minLength: 1, items: { greater: 0 },
        description: { en: 'General public budget expenditure: one value, or one per year of outlays (> 0)', zh: '一般公共预算支出：1 个值，或与 outlays 逐年对应（> 0）' },
      },
    ],
    result: columnPerItem(0),
    compute: (a) => {
      return asColumn(fiscalRatio(a.outlays, a.budget_expenditure));
    },
    examples: [
      {
        formula: 'REUSE.PPP.FISCALRATIO({8045000;9000000},{1000000000;1200000000})',
        expected: [[0.008045], [0.0075]],
        source: 'hand calculation: 8.045 M / 1 000 M; 9 M / 1 200 M',
      },
      {
        formula: 'MAX(REUSE.PPP.FISCALRATIO({80000000,120000000},1000000000))-REUSE.POLICY("ppp.fiscal_cap")',
        expected: 0.02,
        source: 'hand calculation: peak share 12 % of a constant 1 000 M budget, 2 points above the 10 % cap',
      },
    ],
    source: '财金〔2015〕21号 第二十五条；财金〔2019〕10号',
  },
];
