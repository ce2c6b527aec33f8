/**
 * Registry entries for the PPP group.
 *
 * Two regimes live here, and the texts say which is which:
 * - SUBSIDY, SCHEDULE, FISCALRATIO: government payments under the 财金〔2015〕21号 framework, for
 *   projects already signed (存量项目). Since 国办函〔2023〕115号 new projects are user-pay
 *   concessions: no availability payment, no viability-gap funding.
 * - CONCESSIONPRICE, CONCESSIONTEST: what a new reuse concession needs from its users, against the
 *   price the rules allow (core/concession).
 */
import { policyNumber } from '../core/policy';
import { isCalcError } from '../core/errors';
import { ConcessionTerms, concessionPrice, concessionTest } from '../core/concession';
import { PppMethod, fiscalRatio, pppSchedule, pppSubsidy } from '../core/ppp';
import { asColumn, columnPerItem } from './shapes';
import type { ArgShape, ArgsOf, FunctionSpec, Size } from './types';
import { defineFunction, param } from './define';

const SOURCE_MOF21 =
  '财金〔2015〕21号 第十九条（运营补贴支出责任）——仅适用于存量项目：国办函〔2023〕115号 一（一）起新项目不得以可行性缺口补助、可用性付费等弥补建设和运营成本；万州发改资环〔2023〕25号（十三）';
const SOURCE_CONCESSION =
  '国办函〔2023〕115号 一（一）聚焦使用者付费项目（建设期政府投资支持）、一（六）；《基础设施和公用事业特许经营管理办法》（国家发展改革委等六部门令2024年第17号）第四条、特许经营期限条款（原则上不超过40年）；万州发改资环〔2023〕25号（十三）特许经营';
/** Longest cooperation period accepted (franchises run up to 40 years; the bound keeps spills finite). */
export const MAX_PPP_PERIOD = 100;

const capex = param({
  kind: 'number',
  name: 'capex',
  unit: 'yuan',
  min: 0,
  description: { en: 'Construction cost of the project (total investment)', zh: '项目全部建设成本' },
});
const profitRate = param({
  kind: 'number',
  name: 'profit_rate',
  unit: 'rate',
  min: 0,
  description: { en: 'Reasonable profit rate agreed with the partner (e.g. 0.06)', zh: '合理利润率（如 0.06）' },
});
const discountRate = param({
  kind: 'number',
  name: 'discount_rate',
  unit: 'rate',
  greater: -1,
  description: {
    en: 'Annual discount rate (usually the local government bond yield)',
    zh: '年度折现率（通常参照同期地方政府债券收益率）',
  },
});
const period = param({
  kind: 'number',
  name: 'period',
  unit: 'years',
  integer: true,
  min: 1,
  max: MAX_PPP_PERIOD,
  description: { en: 'Cooperation (payment) period in years', zh: '合作期（付费期）年数' },
});

/** The number of years a literal `period` argument gives, if it is a valid one. */
function literalYears(shape: ArgShape | undefined, max: number): number | undefined {
  const v = shape?.literal;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max ? v : undefined;
}

// --- The concession test (2023 mechanism): shared parameters, in the order both functions take them. ---

const concessionCapex = param({
  kind: 'number',
  name: 'capex',
  unit: 'yuan',
  min: 0,
  description: { en: 'Construction investment of the concession project (yuan)', zh: '特许经营项目建设投资（元）' },
});
const annualOpex = param({
  kind: 'list',
  name: 'annual_opex',
  unit: 'yuan/year',
  minLength: 1,
  items: { min: 0 },
  description: {
    en: 'Operating cost per year: one value, or one per operating year (term_years − construction_years)',
    zh: '年运营成本：1 个值，或逐个运营年填写（term_years − construction_years 个）',
  },
});
const annualVolume = param({
  kind: 'list',
  name: 'annual_volume',
  unit: 'm³/year',
  minLength: 1,
  items: { min: 0 },
  description: {
    en: 'Volume billed to users per year (m³): one value, or one per operating year',
    zh: '年计费水量（m³）：1 个值，或逐个运营年填写',
  },
});
const concessionTerm = param({
  kind: 'number',
  name: 'term_years',
  unit: 'years',
  integer: true,
  min: 1,
  max: MAX_PPP_PERIOD,
  description: {
    en: 'Concession term in years, construction included (limit: REUSE.POLICY("ppp.concession_term_max"))',
    zh: '特许经营期（年，含建设期；上限见 REUSE.POLICY("ppp.concession_term_max")）',
  },
});
const targetReturn = param({
  kind: 'number',
  name: 'target_return',
  unit: 'rate',
  greater: -1,
  max: 1,
  description: {
    en: "Target return a year on the concessionaire's equity, before income tax (project return without debt)",
    zh: '社会资本方资本金目标收益率（税前，年；无借款时即项目全部投资收益率）',
  },
});
const allowedPrice = param({
  kind: 'number',
  name: 'allowed_price',
  unit: 'yuan/m³',
  min: 0,
  description: {
    en: 'User charge the price rules allow, before VAT (e.g. REUSE.PRICE.COSTPLUS or the approved price)',
    zh: '价格规定允许的使用者付费单价（不含增值税，如 REUSE.PRICE.COSTPLUS 或核定价格）',
  },
});
const concessionOptional = [
  param({
    kind: 'number',
    name: 'construction_support',
    unit: 'yuan',
    min: 0,
    optional: true,
    default: 0,
    description: {
      en: 'Government investment support in the construction period, a grant (≤ capex; default 0)',
      zh: '建设期政府投资支持，按投资补助计（≤ capex；默认 0）',
    },
  }),
  param({
    kind: 'number',
    name: 'construction_years',
    unit: 'years',
    integer: true,
    min: 0,
    max: MAX_PPP_PERIOD,
    optional: true,
    default: 0,
    description: {
      en: 'Construction years inside the term, capex spread evenly (default 0: capex at t = 0)',
      zh: '特许经营期内的建设年数，投资均匀投入（默认 0：投资在第 0 年）',
    },
  }),
  param({
    kind: 'number',
    name: 'debt_ratio',
    unit: 'share',
    min: 0,
    less: 1,
    optional: true,
    default: 0,
    description: {
      en: "Share of the concessionaire's investment (capex − support) borrowed, in [0, 1) (default 0)",
      zh: '社会资本方投资（capex − 支持）中借款比例，0～1（不含 1；默认 0）',
    },
  }),
  param({
    kind: 'number',
    name: 'debt_rate',
    unit: 'rate',
    min: 0,
    max: 1,
    optional: true,
    defaultLabel: 'target_return',
    description: {
      en: 'Loan interest rate a year (default target_return, so debt changes nothing)',
      zh: '借款年利率（默认等于 target_return，借款不影响结果）',
    },
  }),
  param({
    kind: 'number',
    name: 'loan_years',
    unit: 'years',
    integer: true,
    min: 1,
    max: MAX_PPP_PERIOD,
    optional: true,
    defaultLabel: 'term_years − construction_years',
    description: {
      en: 'Years of level repayment from the first operating year (default: every operating year)',
      zh: '自第一个运营年起等额还本付息的年数（默认：全部运营年）',
    },
  }),
] as const;

/** The parameters CONCESSIONPRICE and CONCESSIONTEST share, in order. */
const concessionParams = [concessionCapex, annualOpex, annualVolume, concessionTerm, targetReturn] as const;

/** The registry's arguments as the core's terms. */
function concessionTerms(a: ArgsOf<[...typeof concessionParams, ...typeof concessionOptional]>): ConcessionTerms {
  return {
    capex: a.capex,
    opex: a.annual_opex,
    volume: a.annual_volume,
    termYears: a.term_years,
    targetReturn: a.target_return,
    constructionSupport: a.construction_support,
    constructionYears: a.construction_years,
    debtRatio: a.debt_ratio,
    debtRate: a.debt_rate,
    loanYears: a.loan_years,
  };
}

/** Columns of REUSE.PPP.CONCESSIONTEST. */
export const CONCESSION_TEST_COLUMNS = [
  'required_price',
  'allowed_price',
  'price_headroom',
  'extra_support',
  'term_headroom',
  'passes',
] as const;

/** The Wanzhou worked example: a reclaimed-water plant at 江南（密溪沟）污水处理厂 (see the formula text). */
const WANZHOU_ARGS = '60000000,4500000,5475000,30,0.08';
const WANZHOU_TAIL = '18000000,2,0.7,0.035,20';
/** Its required price: NPV at 8 % of the equity cash flows written out year by year = 0 (test/unit/core/concession.test.ts). */
const WANZHOU_PRICE = 1.3800467345665668;

export const PPP_FUNCTIONS: FunctionSpec[] = [
  defineFunction({
    id: 'PPP.SUBSIDY',
    description: {
      en: 'Government subsidy for one year of a PPP project already signed (存量项目; MOF 2015 formula, not for new projects)',
      zh: '存量 PPP 项目某一年度的政府运营补贴支出（财金〔2015〕21号公式；新项目按国办函〔2023〕115号不再适用）',
    },
    formula:
      'For projects signed under the 2014–2015 framework (存量项目) only: since 国办函〔2023〕115号 new projects are user-pay concessions ' +
      'with no availability payment or viability-gap subsidy (see REUSE.PPP.CONCESSIONPRICE / CONCESSIONTEST). ' +
      'capex × (1 + profit_rate) × (1 + discount_rate)^year / period + opex × (1 + profit_rate) − user_revenue. ' +
      'year is 1…period (#VALUE! beyond period). Signed: negative when users pay more than needed.',
    params: [
      capex,
      profitRate,
      discountRate,
      {
        kind: 'number',
        name: 'year',
        unit: 'year',
        integer: true,
        min: 1,
        description: { en: 'Year of the cooperation period, 1…period', zh: '合作期第几年（1…period）' },
      },
      period,
      {
        kind: 'number',
        name: 'opex',
        unit: 'yuan/year',
        min: 0,
        description: { en: 'Annual operating cost of the year', zh: '当年运营成本' },
      },
      {
        kind: 'number',
        name: 'user_revenue',
        unit: 'yuan/year',
        min: 0,
        description: { en: 'User-paid revenue of the year (使用者付费)', zh: '当年使用者付费收入' },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => pppSubsidy(a.capex, a.profit_rate, a.discount_rate, a.year, a.period, a.opex, a.user_revenue),
    examples: [
      {
        formula: 'REUSE.PPP.SUBSIDY(100000000,0.06,0.05,1,20,8000000,6000000)',
        expected: 8_045_000,
        source: 'FUNCTIONS.md: 106 M × 1.05 / 20 + 8.48 M − 6 M = 8.045 M',
      },
      {
        formula: 'REUSE.PPP.SUBSIDY(100000000,0.06,0.05,10,20,8000000,6000000)',
        expected: 5.3e6 * 1.05 ** 10 + 2.48e6,
        source: 'FUNCTIONS.md: 5.3 M × 1.05^10 + 2.48 M = 11.11314 M',
      },
      {
        formula: 'REUSE.PPP.SUBSIDY(100000000,0.06,0.05,20,20,8000000,6000000)',
        expected: 5.3e6 * 1.05 ** 20 + 2.48e6,
        source: 'FUNCTIONS.md: 5.3 M × 1.05^20 + 2.48 M = 16.54248 M',
      },
    ],
    source: SOURCE_MOF21,
  }),
  defineFunction({
    id: 'PPP.SCHEDULE',
    description: {
      en: 'Year-by-year government payments of a signed PPP project (存量项目): year, availability, operating, total',
      zh: '存量 PPP 项目逐年政府支出责任：年度、可用性付费、运维绩效付费、合计（period 行 × 4 列）',
    },
    formula:
      'For projects signed under the 2014–2015 framework (存量项目) only; new projects follow 国办函〔2023〕115号 (REUSE.PPP.CONCESSIONTEST). ' +
      'Row n = 1…period: n; availability; operating = opex_n × (1 + profit_rate) − user_revenue_n; total = availability + operating. ' +
      'method "mof21"/"财金21号" (default): availability = capex × (1 + profit_rate) × (1 + discount_rate)^n / period. ' +
      '"annuity"/"等额年金": availability = capex × profit_rate / (1 − (1 + profit_rate)^−period) every year; ' +
      'at profit_rate = 0 that is capex / period (the limit), and discount_rate is not used. ' +
      'opex and user_revenue: one value (every year) or one value per year (#VALUE! for any other count).',
    params: [
      capex,
      profitRate,
      discountRate,
      period,
      {
        kind: 'list',
        name: 'opex',
        unit: 'yuan/year',
        minLength: 1,
        items: { min: 0 },
        description: {
          en: 'Annual operating cost: one value, or one per year of period',
          zh: '年度运营成本：1 个值，或逐年 period 个值',
        },
      },
      {
        kind: 'list',
        name: 'user_revenue',
        unit: 'yuan/year',
        minLength: 1,
        items: { min: 0 },
        description: {
          en: 'User-paid revenue: one value, or one per year of period',
          zh: '使用者付费收入：1 个值，或逐年 period 个值',
        },
      },
      {
        kind: 'keyword',
        name: 'method',
        optional: true,
        default: PppMethod.Mof21,
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
          [1, (106e6 * 1.05) / 2, 2_480_000, (106e6 * 1.05) / 2 + 2_480_000],
          [2, (106e6 * 1.05 ** 2) / 2, 2_480_000, (106e6 * 1.05 ** 2) / 2 + 2_480_000],
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
        expected: [
          [1, 250_000, 50, 250_050],
          [2, 250_000, 150, 250_150],
          [3, 250_000, 250, 250_250],
          [4, 250_000, 350, 250_350],
        ],
        source: 'hand calculation: annuity at profit_rate 0 is capex / period; opex per year',
      },
    ],
    source: SOURCE_MOF21,
  }),
  defineFunction({
    id: 'PPP.FISCALRATIO',
    description: {
      en: 'Yearly share of general-budget expenditure taken by outlays on signed PPP projects (one row per year)',
      zh: '存量 PPP 项目支出责任占一般公共预算支出的比例（逐年，每年一行）',
    },
    formula:
      'The 10 % fiscal-affordability test of 财金〔2015〕21号 for projects already signed (存量项目); new user-pay concessions add no ' +
      'future budget liability (国办函〔2023〕115号 一（一）). ' +
      'outlays_t / budget_expenditure_t, one row per outlay (a column; TRANSPOSE for a row). budget_expenditure: one value ' +
      '(every year) or one per outlay; every value must be > 0 (#VALUE!, never #DIV/0!). Outlays may be negative. ' +
      'Compare with REUSE.POLICY("ppp.fiscal_cap") (10 %) and REUSE.POLICY("ppp.gov_pay_cap") (5 %; sewage and refuse projects run ' +
      'under 收支两条线 that only look like government pay are exempt, 财金〔2019〕10号).',
    params: [
      {
        kind: 'list',
        name: 'outlays',
        unit: 'yuan/year',
        minLength: 1,
        description: { en: 'PPP outlays per year (all projects, or the one being tested)', zh: '逐年 PPP 支出责任' },
      },
      {
        kind: 'list',
        name: 'budget_expenditure',
        unit: 'yuan/year',
        minLength: 1,
        items: { greater: 0 },
        description: {
          en: 'General public budget expenditure: one value, or one per year of outlays (> 0)',
          zh: '一般公共预算支出：1 个值，或与 outlays 逐年对应（> 0）',
        },
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
    source:
      '财金〔2015〕21号 第二十五条；财金〔2019〕10号（新上政府付费项目审慎要求第1项，污水、垃圾处理收支两条线项目除外）——存量项目',
  }),
  defineFunction({
    id: 'PPP.CONCESSIONPRICE',
    description: {
      en: 'User charge per m³ a new user-pay concession (2023 PPP mechanism) needs for its target return over the term',
      zh: '新机制特许经营项目在特许经营期内达到目标收益率所需的使用者付费单价（元/m³）',
    },
    formula:
      "The price p (before VAT) at which the concessionaire's cash flows, discounted at target_return r, are worth 0: " +
      'p = ((capex − construction_support) × h + Σ_j annual_opex_j v^(C+j)) / Σ_j annual_volume_j v^(C+j), v = 1/(1 + r), ' +
      'j = 1…N operating years, N = term_years − construction_years C. Timeline: flows at year ends from the start of construction; ' +
      'C = 0 puts capex at t = 0, C ≥ 1 spends capex / C at t = 1…C (so C = 0 and C = 1 give the same price). ' +
      'h = (1 − d) w + d g is the present cost to equity of one yuan invested: w = 1 (C = 0) or (1/C) Σ_{k=1..C} v^k; ' +
      'loans d × (capex − construction_support) are drawn with the capex, interest during construction is capitalised (balance per yuan ' +
      'b = 1 or (1/C) Σ_{k=1..C} (1 + i)^(C−k)), then repaid as a level annuity over loan_years L at debt_rate i from t = C + 1: ' +
      'g = b × i / (1 − (1 + i)^−L) × Σ_{t=C+1..C+L} v^t (1/L at i = 0). With d = 0 the return is the project return; with no support, ' +
      'C = 0 and level inputs p = REUSE.PRICE.LCOW(capex, opex, volume, term_years, r). Not modelled: income tax and VAT (gross up ' +
      'target_return), residual value (assets pass to the government at the end, 期满移交), capital injection by the government. ' +
      'construction_support is the only public money: 国办函〔2023〕115号 allows investment support to user-pay projects in the construction ' +
      'period and no availability payment or viability-gap subsidy. #VALUE! when construction_years ≥ term_years, loan_years > N, ' +
      'construction_support > capex, a list has neither 1 nor N values, or every year sells 0 m³. Any term up to 100 years is accepted: ' +
      'REUSE.PPP.CONCESSIONTEST checks it against the limit.',
    params: [...concessionParams, ...concessionOptional],
    result: { kind: 'scalar' },
    compute: (a) => concessionPrice(concessionTerms(a)),
    examples: [
      {
        formula: 'REUSE.PPP.CONCESSIONPRICE(80000000,5580000,9307500,20,0.052)',
        expected: ((80e6 * 0.052) / (1 - 1.052 ** -20) + 5.58e6) / 9.3075e6,
        source:
          'hand calculation: no support, debt or construction years → (80 M × CRF(5.2 %, 20) + 5.58 M) / 9.3075 M m³ = 1.30096, the PRICE.LCOW example',
      },
      {
        formula:
          'REUSE.PPP.CONCESSIONPRICE(80000000,5580000,9307500,20,0.052)/REUSE.PRICE.LCOW(80000000,5580000,9307500,20,0.052)',
        expected: 1,
        source: 'the levelised cost of water is the price of a concession without support, debt or construction years',
      },
      {
        formula: 'REUSE.PPP.CONCESSIONPRICE(100000000,3000000,7300000,25,0.06,30000000,1)',
        expected: ((70e6 * 0.06) / (1 - 1.06 ** -24) + 3e6) / 7.3e6,
        source:
          'hand calculation: 30 % construction support, 1 construction year in a 25-year term → 24 operating years on 70 M: (70 M × CRF(6 %, 24) + 3 M) / 7.3 M m³ = 1.17500',
      },
      {
        formula: `REUSE.PPP.CONCESSIONPRICE(${WANZHOU_ARGS},${WANZHOU_TAIL})`,
        expected: WANZHOU_PRICE,
        source:
          'Wanzhou: reclaimed water at 江南（密溪沟）污水处理厂, 60 M capex in 2 construction years, 18 M construction support, 70 % of the rest ' +
          'borrowed at 3.5 % (balance 29.9145 M after capitalised interest, 2 104 816.43 a year for 20 years), 4.5 M opex, 15 000 m³/d sold, ' +
          '30-year term, 8 % equity return: cash flows written out year by year, NPV at 8 % = 0 → 1.380047 yuan/m³',
      },
      {
        formula: `REUSE.PPP.CONCESSIONPRICE(${WANZHOU_ARGS},${WANZHOU_TAIL})-REUSE.PPP.CONCESSIONPRICE(${WANZHOU_ARGS},18000000,2,0.7,0.08,20)`,
        expected: WANZHOU_PRICE - 1.543845735703555,
        source:
          'the same project with the loan at the 8 % target return (leverage then changes nothing: 1.543846, the unlevered price): cheap debt lowers the needed price by 0.163799 yuan/m³',
      },
    ],
    source: SOURCE_CONCESSION,
  }),
  defineFunction({
    id: 'PPP.CONCESSIONTEST',
    description: {
      en: 'Concession test (2023 PPP mechanism): needed user charge vs the allowed price, and the term vs its limit (1 row × 6)',
      zh: '特许经营测试（新机制）：所需使用者付费与允许价格、特许经营期与上限比较（1 行 × 6 列）',
    },
    formula:
      'One row: required_price = REUSE.PPP.CONCESSIONPRICE(…) (same arguments, allowed_price inserted 6th); allowed_price; ' +
      'price_headroom = allowed_price − required_price; extra_support = the construction support to add so that the allowed price suffices, ' +
      'max(0, S* − construction_support) with S* = capex − (allowed_price × Σ volume_j v^(C+j) − Σ opex_j v^(C+j)) / h (the price is linear in ' +
      'the support; see CONCESSIONPRICE for h), 0 when the allowed price already suffices — more than capex − construction_support means ' +
      'construction support alone cannot close the gap (the operating cost is not covered, and no availability payment or viability-gap ' +
      'subsidy is allowed); term_headroom = term_limit − term_years (years; term_limit defaults to REUSE.POLICY("ppp.concession_term_max") = 40, ' +
      'which the 2024 rules allow to be extended for large, slow-paying projects: pass the approved limit); passes = 1 when both headrooms ' +
      'are ≥ 0, else 0. Validation as CONCESSIONPRICE.',
    params: [
      ...concessionParams,
      allowedPrice,
      ...concessionOptional,
      {
        kind: 'number',
        name: 'term_limit',
        unit: 'years',
        min: 1,
        optional: true,
        default: () => policyNumber('ppp.concession_term_max'),
        description: {
          en: 'Longest concession term allowed (default {default}, REUSE.POLICY("ppp.concession_term_max"); an approved extension if any)',
          zh: '特许经营期上限（默认 {default} 年，见 REUSE.POLICY("ppp.concession_term_max")；经批准延长的填批准值）',
        },
      },
    ],
    result: { kind: 'array', size: () => ({ rows: 1, cols: CONCESSION_TEST_COLUMNS.length }) },
    compute: (a) => {
      const t = concessionTest(concessionTerms(a), a.allowed_price, a.term_limit);
      if (isCalcError(t)) return t;
      return [[t.requiredPrice, t.allowedPrice, t.priceHeadroom, t.extraSupport, t.termHeadroom, t.passes]];
    },
    examples: [
      {
        formula: `REUSE.PPP.CONCESSIONTEST(${WANZHOU_ARGS},1.3,${WANZHOU_TAIL})`,
        expected: [[WANZHOU_PRICE, 1.3, 1.3 - WANZHOU_PRICE, 6023631.267058291, 10, 0]],
        source:
          'Wanzhou example at an allowed price of 1.30 yuan/m³: 0.080047 short; support raised from 18 M to 24.023631 M (found by re-solving ' +
          'the written-out cash flows for the support) closes it; 30-year term, 10 years under the 40-year limit',
        tolerance: 1e-8,
      },
      {
        formula: `REUSE.PPP.CONCESSIONTEST(${WANZHOU_ARGS},1.6,${WANZHOU_TAIL})`,
        expected: [[WANZHOU_PRICE, 1.6, 1.6 - WANZHOU_PRICE, 0, 10, 1]],
        source: 'the same at 1.60 yuan/m³: passes with 0.219953 yuan/m³ to spare, no extra support',
      },
      {
        formula: 'INDEX(REUSE.PPP.CONCESSIONTEST(80000000,5580000,9307500,45,0.052,2),1,5)',
        expected: -5,
        source:
          'a 45-year term is 5 years over the 40-year limit of the 2024 rules (REUSE.POLICY("ppp.concession_term_max"))',
      },
      {
        formula: 'INDEX(REUSE.PPP.CONCESSIONTEST(80000000,5580000,9307500,45,0.052,2,,,,,,50),1,6)',
        expected: 1,
        source: 'the same with an approved 50-year limit passes (2 yuan/m³ covers the 45-year price)',
      },
    ],
    source: SOURCE_CONCESSION,
  }),
];
