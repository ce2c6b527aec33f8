/** Registry entries for the PROJECT group: appraisal helpers. */
import { policyNumber } from '../core/policy';
import { Region, centralFund, npv, payback } from '../core/project';
import type { FunctionSpec } from './types';
import { defineFunction, param } from './define';

const cashflows = param({
  kind: 'list',
  name: 'cashflows',
  unit: 'yuan',
  minLength: 1,
  description: {
    en: 'Cash flows per year, the first at t = 0 (investment as a negative value)',
    zh: '逐年现金流，第一个值为第 0 年（投资为负数）',
  },
});

/** The contract's example: −10 000 then 15 × 1 500. */
const EXAMPLE_FLOWS = `{-10000,${Array(15).fill(1500).join(',')}}`;

export const PROJECT_FUNCTIONS: FunctionSpec[] = [
  defineFunction({
    id: 'PROJECT.NPV',
    description: { en: 'Net present value with the first cash flow at t = 0', zh: '净现值（第一个现金流位于第 0 年）' },
    formula:
      "Σ_t CF_t / (1 + rate)^t, t = 0, 1, …: the first value is not discounted (unlike Excel's NPV, which discounts it one period; " +
      'NPV(rate, CF_1…CF_n) + CF_0 is the same). rate > −1.',
    params: [
      {
        kind: 'number',
        name: 'rate',
        unit: 'rate',
        greater: -1,
        description: { en: 'Discount rate per year', zh: '年折现率' },
      },
      cashflows,
    ],
    result: { kind: 'scalar' },
    compute: (a) => npv(a.rate, a.cashflows),
    examples: [
      {
        formula: `REUSE.PROJECT.NPV(0.06,${EXAMPLE_FLOWS})`,
        expected: -10000 + (1500 * (1 - 1.06 ** -15)) / 0.06,
        source: 'FUNCTIONS.md: −10 000 + 1 500 × (1 − 1.06^−15) / 0.06 = 4 568.37',
      },
      {
        formula: `REUSE.PROJECT.NPV(0.06,${EXAMPLE_FLOWS})/(NPV(0.06,${EXAMPLE_FLOWS.replace('{-10000,', '{')})-10000)`,
        expected: 1,
        source: "Excel's own NPV on years 1…15 plus the undiscounted year 0",
      },
    ],
    source: '《建设项目经济评价方法与参数》（第三版）',
  }),
  defineFunction({
    id: 'PROJECT.PAYBACK',
    description: {
      en: 'Payback period in years: the point after which the cumulative cash flow stays ≥ 0 (linear within the year)',
      zh: '静态投资回收期（年）：累计现金流此后不再为负的时点（年内线性插值）',
    },
    formula:
      'With the first value at t = 0 and k the last year whose cumulative cash flow is negative: k + (−cumulative_k) / CF_{k+1}, ' +
      'the point after which the cumulative stays ≥ 0 (linear within year k + 1). 0 only when the cumulative is never negative; ' +
      '#N/A with a message when it ends negative (not paid back within the years given). ' +
      'Changed in issue 11: the first crossing used to count, so a leading 0 or a grant received before the outlay gave 0 and a later dip below 0 was ignored. ' +
      '（第 11 号议题修改：原先取累计现金流首次回正的时点，首年为 0 或投资前先到账的补助会得出 0，后期再次转负（如设备更新）也不影响结果；现改为累计现金流此后不再为负的时点。）',
    params: [cashflows],
    result: { kind: 'scalar' },
    compute: (a) => payback(a.cashflows),
    examples: [
      {
        formula: `REUSE.PROJECT.PAYBACK(${EXAMPLE_FLOWS})`,
        expected: 6 + 1000 / 1500,
        source: 'FUNCTIONS.md: 6.6667 (−1 000 left after year 6, 1 500 in year 7)',
      },
      {
        formula: 'REUSE.PROJECT.PAYBACK({0,-100,40,80})',
        expected: 2 + 60 / 80,
        source: 'hand calculation: cumulative 0, −100, −60, 20; a leading 0 year does not give 0: 2 + 60/80',
      },
      {
        formula: 'REUSE.PROJECT.PAYBACK({20,-100,50,50,50})',
        expected: 2 + 30 / 50,
        source: 'hand calculation: a grant of 20 before the outlay; cumulative 20, −80, −30, 20, 70: 2 + 30/50',
      },
      {
        formula: 'REUSE.PROJECT.PAYBACK({-100,60,60,-50,60})',
        expected: 3 + 30 / 60,
        source:
          'hand calculation: equipment renewal in year 3; cumulative −100, −40, 20, −30, 30: 3 + 30/60 (not 1.67)',
      },
    ],
    source: '《建设项目经济评价方法与参数》（第三版）',
  }),
  defineFunction({
    id: 'PROJECT.CENTRALFUND',
    description: {
      en: 'Upper bound of central budget support for a project: a ceiling, not the expected grant',
      zh: '中央预算内投资支持上限：封顶值，不是预计到位金额',
    },
    formula:
      "An UPPER BOUND, not a forecast: the grant actually allocated is decided in the year's investment plan and is often lower, so " +
      'model the expected allocation separately and use this value as the optimistic case of a sensitivity. ' +
      'min(investment × share, cap); share 0.30 east (东部), 0.45 central (中部), 0.60 west (西部) and northeast (东北) ' +
      '(REUSE.POLICY("central.share.<region>")); cap defaults to 50 000 000 yuan (REUSE.POLICY("central.cap")): pass it when the sheet is in 万元. ' +
      'Chongqing is west ("重庆"/"chongqing" are accepted as west). The shares and the cap are the bureau\'s assumption ' +
      '(REUSE.POLICY("central.cap","status") = "assumption"): they are the 2021 measure\'s (发改环资规〔2021〕655号, sewage treatment and reuse), ' +
      'replaced in April 2024 by 《污染治理中央预算内投资专项管理办法》, whose figures for these projects could not be verified. ' +
      '上限值而非预计补助：实际安排以当年投资计划为准，通常更低。',
    params: [
      {
        kind: 'number',
        name: 'investment',
        unit: 'yuan',
        min: 0,
        description: {
          en: 'Eligible investment of the project (the result is a ceiling on support, not the expected grant)',
          zh: '项目总投资（符合支持范围的部分；结果为支持上限，非预计补助）',
        },
      },
      {
        kind: 'keyword',
        name: 'region',
        options: {
          [Region.East]: ['east', '东部', '东部地区'],
          [Region.Central]: ['central', '中部', '中部地区'],
          [Region.West]: ['west', '西部', '西部地区', 'chongqing', '重庆'],
          [Region.Northeast]: ['northeast', '东北', '东北地区', 'north-east'],
        },
        description: {
          en: '"east"/"东部", "central"/"中部", "west"/"西部" (Chongqing) or "northeast"/"东北"',
          zh: '"东部"/"east"、"中部"/"central"、"西部"/"west"（含重庆）、"东北"/"northeast"',
        },
      },
      {
        kind: 'number',
        name: 'cap',
        unit: 'yuan',
        min: 0,
        optional: true,
        default: () => policyNumber('central.cap'),
        description: {
          en: 'Cap per project (default 50 000 000 yuan, a bureau assumption; 5000 when the sheet is in 万元)',
          zh: '单个项目支持上限（默认 50 000 000 元，本局假设值；以万元计时填 5000）',
        },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => centralFund(a.investment, a.region, a.cap),
    examples: [
      {
        formula: 'REUSE.PROJECT.CENTRALFUND(60000000,"西部")',
        expected: 36_000_000,
        source: 'hand calculation: 60 M × 60 % (Chongqing is west)',
      },
      {
        formula: 'REUSE.PROJECT.CENTRALFUND(340000000,"west")',
        expected: 50_000_000,
        source: 'hand calculation: 204 M capped at 50 M',
      },
      {
        formula: 'REUSE.PROJECT.CENTRALFUND(34000,"东部",5000)',
        expected: 5000,
        source: 'hand calculation in 万元: 10 200 capped at 5 000',
      },
      {
        formula: 'REUSE.PROJECT.CENTRALFUND(10000000,"中部")',
        expected: 4_500_000,
        source: 'hand calculation: 10 M × 45 %',
      },
    ],
    source:
      '本局假设，沿用发改环资规〔2021〕655号的比例和上限（2024年4月已由《污染治理中央预算内投资专项管理办法》取代，新比例未能核实）；万州发改资环〔2023〕25号（十三）',
  }),
];
