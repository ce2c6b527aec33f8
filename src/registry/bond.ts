/**
 * Registry entries for the BOND group: local government special bonds (专项债券).
 * SCHEDULE, DEBTSERVICE and CAPACITY share one path through core/bond (`bondCashFlows`:
 * schedule → cash flows), so they cannot disagree.
 */
import { isCalcError } from '../core/errors';
import {
  LAST_EXCEL_SERIAL,
  RepaymentKind,
  bondCapacity,
  bondCashFlows,
  coverageRatio,
  debtServiceByYear,
  defaultPaymentsPerYear,
  dscr,
  llcr,
} from '../core/bond';
import { policyNumber } from '../core/policy';
import { asColumn, columnPerItem } from './shapes';
import type { ArgShape, FunctionSpec } from './types';
import { defineFunction, param } from './define';

const SOURCE_BONDS = '财预〔2017〕89号（项目收益与融资自求平衡）；万州发改资环〔2023〕25号（十三）';
/** Longest bond term accepted (special bonds are issued up to 30 years; the bound keeps spills finite). */
export const MAX_BOND_TERM = 50;

const principal = param({
  kind: 'number',
  name: 'principal',
  unit: 'yuan',
  min: 0,
  description: { en: 'Face value issued', zh: '发行面值（本金）' },
});
const couponRate = param({
  kind: 'number',
  name: 'coupon_rate',
  unit: 'rate',
  min: 0,
  max: 1,
  description: { en: 'Annual coupon rate (e.g. 0.023)', zh: '票面年利率（如 0.023）' },
});
const termYears = param({
  kind: 'number',
  name: 'term_years',
  unit: 'years',
  integer: true,
  min: 1,
  max: MAX_BOND_TERM,
  description: { en: 'Term in whole years', zh: '期限（整年）' },
});
const paymentsPerYear = param({
  kind: 'number',
  name: 'payments_per_year',
  unit: 'coupons per year',
  integer: true,
  min: 1,
  max: 2,
  oneOf: [1, 2],
  optional: true,
  description: {
    en: 'Coupons per year, 1 or 2 (default 2 when term_years ≥ 10, else 1; pass it explicitly in a real model)',
    zh: '每年付息次数 1 或 2（默认：期限 ≥ 10 年为 2，否则为 1；正式测算请明确填写）',
  },
});
const repayment = param({
  kind: 'list',
  name: 'repayment',
  unit: 'share of principal',
  optional: true,
  default: RepaymentKind.Bullet,
  minLength: 1,
  items: { min: 0 },
  sumsToOne: true,
  keywords: { [RepaymentKind.Bullet]: ['bullet', '到期一次还本'], [RepaymentKind.Equal]: ['equal', '等额还本'] },
  defaultLabel: '"bullet"',
  description: {
    en: '"bullet"/"到期一次还本" (default), "equal"/"等额还本", or term_years shares of principal repaid at each year end, summing to 1',
    zh: '"bullet"/"到期一次还本"（默认）、"equal"/"等额还本"（每年末还本金/期限），或 term_years 个年末还本比例（分期还本，合计为 1）',
  },
});
const netRevenues = (en: string, zh: string) =>
  param({
    kind: 'list',
    name: 'net_revenues',
    unit: 'yuan',
    minLength: 1,
    description: { en, zh },
  });
const debtServiceList = (en: string, zh: string) =>
  param({
    kind: 'list',
    name: 'debt_service',
    unit: 'yuan',
    minLength: 1,
    items: { min: 0 },
    description: { en, zh },
  });

/** A whole number within [min, max] written literally in the formula, else undefined. */
function literalInt(shape: ArgShape | undefined, min: number, max: number): number | undefined {
  const v = shape?.literal;
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
}

/** Coupons per year as the formula gives them: omitted → the default for the term; a literal 1 or 2; else unknown. */
function literalPaymentsPerYear(shape: ArgShape | undefined, term: number): number | undefined {
  if (!shape) return defaultPaymentsPerYear(term);
  return literalInt(shape, 1, 2);
}

export const BOND_FUNCTIONS: FunctionSpec[] = [
  defineFunction({
    id: 'BOND.SCHEDULE',
    description: {
      en: 'Debt-service table of a special bond, one row per coupon period (7 columns)',
      zh: '专项债券还本付息计划表，每个付息期一行（7 列）',
    },
    formula:
      'Columns: period, time, opening balance, interest, principal repaid, debt service, closing balance. ' +
      'time = years from issue (0.5, 1, …), or with issue_date the coupon date as an Excel date serial: ' +
      'EDATE(issue_date, 12k / payments_per_year), i.e. the anniversaries and, for semiannual bonds, the half-years ' +
      '(end of month: 31 Aug + 6 months = 28/29 Feb, then 31 Aug again). ' +
      'Interest = opening × coupon_rate / payments_per_year. Principal is repaid on the last coupon date of each bond year: ' +
      'share_y × principal (bullet: all in the last year); the last year repays what is left, so the last closing balance is 0. ' +
      'payments_per_year defaults to 2 when term_years ≥ 10, else 1. repayment: "bullet"/"到期一次还本" (default), ' +
      '"equal"/"等额还本" (principal / term_years at each year end), or term_years shares summing to 1 ± 1e-9 ' +
      '(#VALUE! for another count). term_years ≤ 50.',
    params: [
      principal,
      couponRate,
      termYears,
      paymentsPerYear,
      repayment,
      {
        kind: 'number',
        name: 'issue_date',
        unit: 'date serial',
        integer: true,
        min: 1,
        max: LAST_EXCEL_SERIAL,
        optional: true,
        description: {
          en: 'Issue date (an Excel date, e.g. DATE(2024,8,31)); omitted: time in years',
          zh: '发行日（Excel 日期，如 DATE(2024,8,31)）；省略时按年数计时',
        },
      },
    ],
    result: {
      kind: 'array',
      size: (shapes) => {
        const term = literalInt(shapes[2], 1, MAX_BOND_TERM);
        const ppy = term === undefined ? undefined : literalPaymentsPerYear(shapes[3], term);
        return term === undefined || ppy === undefined ? undefined : { rows: term * ppy, cols: 7 };
      },
    },
    compute: (a) => {
      const flows = bondCashFlows({
        principal: a.principal,
        couponRate: a.coupon_rate,
        termYears: a.term_years,
        paymentsPerYear: a.payments_per_year,
        repayment: a.repayment,
        issueDate: a.issue_date,
      });
      if (isCalcError(flows)) return flows;
      return flows.map((f) => [
        f.period,
        f.dateSerial ?? f.timeYears,
        f.opening,
        f.interest,
        f.principalRepaid,
        f.debtService,
        f.closing,
      ]);
    },
    examples: [
      {
        formula: 'SUMPRODUCT(REUSE.BOND.SCHEDULE(200000000,0.023,15)*{0,0,0,1,0,0,0})',
        expected: 69_000_000,
        source: 'FUNCTIONS.md: 200 M, 2.3 %, 15 y, bullet → total interest 69 M (sum of the interest column)',
      },
      {
        formula:
          'SUMPRODUCT(REUSE.BOND.SCHEDULE(200000000,0.023,15,1,{0,0,0,0,0,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1})*{0,0,0,1,0,0,0})',
        expected: 48_300_000,
        source: 'FUNCTIONS.md: 10 % a year repaid from year 6, annual coupons → 48.3 M (6 × 4.6 M + 0.023 × 900 M)',
      },
      {
        formula: 'REUSE.BOND.SCHEDULE(1000,0.04,2,2)',
        expected: [
          [1, 0.5, 1000, 20, 0, 20, 1000],
          [2, 1, 1000, 20, 0, 20, 1000],
          [3, 1.5, 1000, 20, 0, 20, 1000],
          [4, 2, 1000, 20, 1000, 1020, 0],
        ],
        source: 'hand calculation: semiannual coupons of 1000 × 0.04 / 2, bullet',
      },
      {
        formula: 'INDEX(REUSE.BOND.SCHEDULE(1000,0.04,1,2,,45169),1,2)',
        expected: 45351,
        source: 'hand calculation: issue 31 Aug 2023 (serial 45169) + 6 months = 29 Feb 2024 (serial 45351)',
      },
    ],
    source: SOURCE_BONDS,
  }),
  defineFunction({
    id: 'BOND.DEBTSERVICE',
    description: {
      en: 'Debt service (interest + principal) per bond year, one row per year',
      zh: '专项债券逐年还本付息额（每年一行）',
    },
    formula:
      'Row y = 1…term_years: Σ debt service of the coupon periods ending in bond year y (for a semiannual bond, both coupons and the ' +
      'year-end principal). Same schedule and cash flows as BOND.SCHEDULE, so SUM(DEBTSERVICE) = total of the SCHEDULE debt-service column.',
    params: [principal, couponRate, termYears, paymentsPerYear, repayment],
    result: {
      kind: 'array',
      size: (shapes) => {
        const term = literalInt(shapes[2], 1, MAX_BOND_TERM);
        return term === undefined ? undefined : { rows: term, cols: 1 };
      },
    },
    compute: (a) => {
      const flows = bondCashFlows({
        principal: a.principal,
        couponRate: a.coupon_rate,
        termYears: a.term_years,
        paymentsPerYear: a.payments_per_year,
        repayment: a.repayment,
      });
      return isCalcError(flows) ? flows : debtServiceByYear(flows).map((x) => [x]);
    },
    examples: [
      {
        formula: 'SUM(REUSE.BOND.DEBTSERVICE(200000000,0.023,15))-200000000',
        expected: 69_000_000,
        source: 'FUNCTIONS.md: total interest 69 M = Σ debt service − principal',
      },
      {
        formula:
          'SUM(REUSE.BOND.DEBTSERVICE(200000000,0.023,15,1,{0,0,0,0,0,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1}))-200000000',
        expected: 48_300_000,
        source: 'FUNCTIONS.md: 10 % a year from year 6 → total interest 48.3 M',
      },
      {
        formula: 'REUSE.BOND.DEBTSERVICE(1000,0.04,3,2,{0.2,0.3,0.5})',
        expected: [[40 + 200], [32 + 300], [20 + 500]],
        source: 'hand calculation: two coupons per year on 1000, 800, 500 at 2 % each, plus the year-end principal',
      },
    ],
    source: SOURCE_BONDS,
  }),
  defineFunction({
    id: 'BOND.COVERAGE',
    description: {
      en: 'Coverage ratio of project revenue over bond debt service (本息覆盖倍数)',
      zh: '项目收益对债券本息的覆盖倍数',
    },
    formula:
      'Σ net_revenues / Σ debt_service. The lists may differ in length (only their sums count). #VALUE! if Σ debt_service ≤ 0. ' +
      'Bureaus usually require ≥ 1.1–1.2 (REUSE.POLICY("bond.coverage_min")).',
    params: [
      netRevenues('Project net revenue available for debt service, per year', '可用于还本付息的项目净收益（逐年）'),
      debtServiceList(
        'Debt service per year (e.g. REUSE.BOND.DEBTSERVICE(...))',
        '逐年还本付息额（如 REUSE.BOND.DEBTSERVICE(...)）'
      ),
    ],
    result: { kind: 'scalar' },
    compute: (a) => coverageRatio(a.net_revenues, a.debt_service),
    examples: [
      {
        formula: 'REUSE.BOND.COVERAGE({322800000},REUSE.BOND.DEBTSERVICE(200000000,0.023,15))',
        expected: 1.2,
        source: 'FUNCTIONS.md CAPACITY example read the other way: 322.8 M / 269 M',
      },
      { formula: 'REUSE.BOND.COVERAGE({60,70,80},{50,50})', expected: 2.1, source: 'hand calculation: 210 / 100' },
    ],
    source: SOURCE_BONDS,
  }),
  defineFunction({
    id: 'BOND.CAPACITY',
    description: {
      en: 'Largest bond principal the project revenue supports at a coverage ratio',
      zh: '在给定覆盖倍数下项目收益可支撑的最大债券规模',
    },
    formula:
      'principal = Σ net_revenues / (coverage × total debt service of a bond of 1), the bond of 1 built by the same schedule as ' +
      'BOND.SCHEDULE (debt service is linear in principal), so COVERAGE(net_revenues, DEBTSERVICE(principal, …)) = coverage exactly. ' +
      'Σ net_revenues ≤ 0 supports no bond: 0. coverage defaults to REUSE.POLICY("bond.coverage_min") (1.2).',
    params: [
      netRevenues(
        'Project net revenue over the bond life (any length: only the sum counts)',
        '债券存续期内项目净收益（长度不限，只计合计）'
      ),
      couponRate,
      termYears,
      {
        kind: 'number',
        name: 'coverage',
        unit: 'ratio',
        greater: 0,
        optional: true,
        default: () => policyNumber('bond.coverage_min'),
        description: {
          en: 'Required coverage ratio (default {default}, REUSE.POLICY("bond.coverage_min"))',
          zh: '要求的本息覆盖倍数（默认 {default}）',
        },
      },
      paymentsPerYear,
      repayment,
    ],
    result: { kind: 'scalar' },
    compute: (a) =>
      bondCapacity(a.net_revenues, a.coupon_rate, a.term_years, a.coverage, a.payments_per_year, a.repayment),
    examples: [
      {
        formula: 'REUSE.BOND.CAPACITY({322800000},0.023,15)',
        expected: 200_000_000,
        source: 'FUNCTIONS.md: 322.8 M / (1.2 × 1.345) = 200 M',
      },
      {
        formula: 'REUSE.BOND.CAPACITY({322800000},0.023,15,1.2,1)',
        expected: 200_000_000,
        source: 'FUNCTIONS.md: bullet interest is the same annual or semiannual',
      },
    ],
    source: SOURCE_BONDS,
  }),
  defineFunction({
    id: 'BOND.DSCR',
    description: {
      en: 'Debt-service coverage ratio per year (one row per cfads value)',
      zh: '逐年偿债备付率（每个 cfads 值一行）',
    },
    formula:
      'cfads_t / debt_service_t, "" where debt service is 0. One row per cfads value (a column). debt_service may be shorter ' +
      '(later years have no debt service → "") or longer only with zeros; a non-zero debt service beyond the last cfads value is #VALUE!.',
    params: [
      {
        kind: 'list',
        name: 'cfads',
        unit: 'yuan',
        minLength: 1,
        description: { en: 'Cash flow available for debt service, per year', zh: '逐年可用于偿债的现金流' },
      },
      debtServiceList('Debt service per year', '逐年还本付息额'),
    ],
    result: columnPerItem(0),
    compute: (a) => {
      return asColumn(dscr(a.cfads, a.debt_service));
    },
    examples: [
      {
        formula: 'REUSE.BOND.DSCR({130;150;90},{100;100;0})',
        expected: [[1.3], [1.5], ['']],
        source: 'hand calculation',
      },
      {
        formula:
          'MIN(REUSE.BOND.DSCR({13800000;13800000;13800000},REUSE.BOND.DEBTSERVICE(20000000,0.03,3,1,{0.2,0.3,0.5})))',
        expected: 13.8 / 10.3,
        source: 'hand calculation: year 3 debt service = 10 M principal + 0.3 M interest on 10 M',
      },
    ],
    source: SOURCE_BONDS,
  }),
  defineFunction({
    id: 'BOND.LLCR',
    description: { en: 'Loan-life coverage ratio', zh: '贷款存续期偿债覆盖率（LLCR）' },
    formula:
      'Σ_{t=1…n} cfads_t / (1 + discount_rate)^t / debt_outstanding (the first value one period after the measurement date). ' +
      'debt_outstanding must be > 0 (#VALUE!: with nothing outstanding there is no ratio).',
    params: [
      {
        kind: 'list',
        name: 'cfads',
        unit: 'yuan',
        minLength: 1,
        description: {
          en: 'Cash flow available for debt service over the remaining loan life',
          zh: '剩余贷款期内逐年可用于偿债的现金流',
        },
      },
      {
        kind: 'number',
        name: 'discount_rate',
        unit: 'rate',
        greater: -1,
        description: { en: 'Discount rate (usually the debt interest rate)', zh: '折现率（通常为债务利率）' },
      },
      {
        kind: 'number',
        name: 'debt_outstanding',
        unit: 'yuan',
        greater: 0,
        description: { en: 'Debt outstanding at the measurement date (> 0)', zh: '计算时点的未偿债务余额（> 0）' },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => llcr(a.cfads, a.discount_rate, a.debt_outstanding),
    examples: [
      {
        formula: 'REUSE.BOND.LLCR({110,110},0.1,100)',
        expected: (100 + 110 / 1.21) / 100,
        source: 'hand calculation: 110/1.1 + 110/1.21 over 100',
      },
    ],
    source: SOURCE_BONDS,
  }),
];
