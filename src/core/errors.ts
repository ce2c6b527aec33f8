/**
 * Errors as values. Every core function returns either its result or a `CalcError`;
 * nothing in core/ throws for bad input. Hosts translate a `CalcError` into their own
 * error type (Excel's `CustomFunctions.Error`, HyperFormula's `CellError`, the CLI's JSON).
 *
 * Every message comes from one catalogue (`MESSAGES`) in zh-CN and en-US, so a message
 * reads the same in Excel, in the engine and on the command line.
 */
import { Lang, localized } from './i18n';

/** Excel error codes a function may return. */
export type ErrorCode = '#VALUE!' | '#N/A' | '#NUM!' | '#DIV/0!' | '#REF!' | '#NAME?' | '#NULL!' | '#SPILL!' | '#CALC!';

export type { Lang } from './i18n';
/** @deprecated since 0.2 as an import path: `localized` lives in ./i18n (re-exported here for one release). */
export { localized } from './i18n';

type Params = Record<string, string | number>;

/**
 * The message catalogue. `{name}` placeholders are filled from the error's params.
 * Argument names stay in English (they are the contract's parameter names, shown in
 * Excel's function tooltip in both languages).
 */
export const MESSAGES = {
  // --- generic argument checks (used by the registry wrapper) ---
  required: { en: '{arg}: required', zh: '{arg}：必填' },
  notNumber: { en: '{arg}: must be a number (got {got})', zh: '{arg}：必须是数值（收到 {got}）' },
  notText: { en: '{arg}: must be text (got {got})', zh: '{arg}：必须是文本（收到 {got}）' },
  notScalar: { en: '{arg}: must be a single value, not a range', zh: '{arg}：必须是单个值，不能是区域' },
  notList: { en: '{arg}: must be a single row or column', zh: '{arg}：必须是单行或单列' },
  listGap: {
    en: '{arg}: empty cell in the middle of the list (item {i})',
    zh: '{arg}：列表中间有空单元格（第 {i} 项）',
  },
  listItemNotNumber: {
    en: '{arg}: item {i} must be a number (got {got})',
    zh: '{arg}：第 {i} 项必须是数值（收到 {got}）',
  },
  listTooShort: {
    en: '{arg}: needs at least {min} value(s) (got {got})',
    zh: '{arg}：至少需要 {min} 个值（收到 {got} 个）',
  },
  listLength: { en: '{arg}: needs {want} value(s) (got {got})', zh: '{arg}：需要 {want} 个值（收到 {got} 个）' },
  tableGap: { en: '{arg}: empty cell in row {row}, column {col}', zh: '{arg}：第 {row} 行第 {col} 列为空' },
  tableItemNotNumber: {
    en: '{arg}: row {row}, column {col} must be a number (got {got})',
    zh: '{arg}：第 {row} 行第 {col} 列必须是数值（收到 {got}）',
  },
  min: { en: '{arg}: must be ≥ {min} (got {got})', zh: '{arg}：必须 ≥ {min}（收到 {got}）' },
  greater: { en: '{arg}: must be > {min} (got {got})', zh: '{arg}：必须 > {min}（收到 {got}）' },
  max: { en: '{arg}: must be ≤ {max} (got {got})', zh: '{arg}：必须 ≤ {max}（收到 {got}）' },
  less: { en: '{arg}: must be < {max} (got {got})', zh: '{arg}：必须 < {max}（收到 {got}）' },
  integer: { en: '{arg}: must be a whole number (got {got})', zh: '{arg}：必须是整数（收到 {got}）' },
  oneOf: { en: '{arg}: must be one of {options} (got {got})', zh: '{arg}：必须是 {options} 之一（收到 {got}）' },
  itemMin: { en: '{arg}: item {i} must be ≥ {min} (got {got})', zh: '{arg}：第 {i} 项必须 ≥ {min}（收到 {got}）' },
  itemGreater: { en: '{arg}: item {i} must be > {min} (got {got})', zh: '{arg}：第 {i} 项必须 > {min}（收到 {got}）' },
  itemMax: { en: '{arg}: item {i} must be ≤ {max} (got {got})', zh: '{arg}：第 {i} 项必须 ≤ {max}（收到 {got}）' },
  itemLess: { en: '{arg}: item {i} must be < {max} (got {got})', zh: '{arg}：第 {i} 项必须 < {max}（收到 {got}）' },
  ascending: {
    en: '{arg}: must be strictly ascending (item {i} is {got}, not above {prev})',
    zh: '{arg}：必须严格递增（第 {i} 项为 {got}，未大于 {prev}）',
  },
  keyword: {
    en: '{arg}: unknown option "{got}" (use {options})',
    zh: '{arg}：无法识别的选项“{got}”（可用：{options}）',
  },
  sumToOne: { en: '{arg}: must sum to 1 (got {got})', zh: '{arg}：合计必须为 1（收到 {got}）' },
  tooManyCells: { en: '{arg}: too many cells ({got}; at most {max})', zh: '{arg}：单元格过多（{got} 个，上限 {max}）' },
  // --- domain rules ---
  pricesCount: {
    en: 'prices: need one more price than limits (got {limits} limits, {prices} prices)',
    zh: 'prices：价格个数应比分档上限多 1（收到 {limits} 个上限、{prices} 个价格）',
  },
  ratiosCount: {
    en: 'ratios: need one more ratio than limits (got {limits} limits, {ratios} ratios)',
    zh: 'ratios：比价个数应比分档上限多 1（收到 {limits} 个上限、{ratios} 个比价）',
  },
  markupsCount: {
    en: 'markups: need one more markup than bands (got {bands} bands, {markups} markups)',
    zh: 'markups：加价倍数个数应比分段多 1（收到 {bands} 个分段、{markups} 个加价倍数）',
  },
  perPollutant: {
    en: '{arg}: need one value per pollutant column of concentrations (got {got}, expected {want})',
    zh: '{arg}：每个污染物（concentrations 的每一列）需一个值（收到 {got} 个，应为 {want} 个）',
  },
  noPositiveBill: {
    en: 'household_volumes: the bills at a tier-1 price of 1 sum to 0 (every household uses 0, or tier ratios are 0), so no base price reaches the target',
    zh: 'household_volumes：按一档价格 1 计算的水费合计为 0（所有户用水量为 0 或比价为 0），无法求得达到目标收入的基础价格',
  },
  costDenominator: {
    en: 'operating_cost + depreciation + financing_cost must be > 0 (got {got})',
    zh: 'operating_cost + depreciation + financing_cost 必须 > 0（收到 {got}）',
  },
  unknownPolicyKey: { en: 'unknown policy key "{key}"', zh: '未知的政策参数键“{key}”' },
  valueError: { en: '{arg}: {detail}', zh: '{arg}：{detail}' },
  // --- PRICE, SERVICE, GOV (issue 3) ---
  needsDesignVolume: {
    en: 'min_utilization: given ({got}) without design_volume; the floor is min_utilization × design_volume, so pass design_volume or leave min_utilization empty',
    zh: 'min_utilization：已填写（{got}）但缺少 design_volume；最低计价水量为 min_utilization × design_volume，请填写 design_volume 或留空 min_utilization',
  },
  billedVolumeZero: {
    en: 'volume: the billed volume is 0 (volume 0 and no design_volume floor), so there is no price per m³',
    zh: 'volume：计价水量为 0（水量为 0 且无 design_volume 保底），无法计算每立方米价格',
  },
  fullAboveFloor: {
    en: 'full_score: must be above floor_score (got {full} ≤ {floor})',
    zh: 'full_score：必须大于 floor_score（收到 {full} ≤ {floor}）',
  },
  belowFloorAboveFloorFactor: {
    en: 'below_floor: must not exceed the factor at floor_score, 1 − max_cut = {atFloor} (got {got}); a lower score cannot pay more',
    zh: 'below_floor：不得大于 floor_score 处的系数 1 − max_cut = {atFloor}（收到 {got}）；得分更低不能付费更多',
  },
  ratioOrder: {
    en: 'max_ratio: must be ≥ min_ratio (got {max} < {min})',
    zh: 'max_ratio：必须 ≥ min_ratio（收到 {max} < {min}）',
  },
  listLengths: {
    en: '{arg}: needs one value per item of {other} (got {got}, expected {want})',
    zh: '{arg}：个数必须与 {other} 相同（收到 {got} 个，应为 {want} 个）',
  },
  designRemoval: {
    en: 'design_effluent: item {i} ({effluent}) must be below design_influent item {i} ({influent}); the design removal is a divisor',
    zh: 'design_effluent：第 {i} 项（{effluent}）必须小于 design_influent 第 {i} 项（{influent}）；设计削减浓度为除数',
  },
  negativeIndexedPrice: {
    en: 'adjustment: the indexed price would be negative ({got})',
    zh: 'adjustment：调整后价格为负（{got}）',
  },
  // --- GREEN/REIT, ENERGY, SLUDGE, AGRI (issue 14) ---
  noReitIrr: {
    en: 'asset_value: no rate of return between -99 % and 1000 % prices {n} years of {d} at {value}',
    zh: 'asset_value：在 -99%～1000% 之间找不到使 {n} 年每年 {d} 的现值等于 {value} 的收益率',
  },
  needsRemainingYears: {
    en: 'remaining_years: required for a concession ("concession"/"特许经营"), whose test is the IRR over the remaining term',
    zh: 'remaining_years：特许经营权类项目（"concession"/"特许经营"）必填，其测试指标为剩余期限内的内部收益率',
  },
  noNetSaving: {
    en: 'annual_value: the net yearly value (annual_value − annual_opex = {got}) is not above 0, so it never pays back',
    zh: 'annual_value：年净收益（annual_value − annual_opex = {got}）不大于 0，投资无法收回',
  },
  // --- PPP, BOND, TAX, PROJECT (issue 4) ---
  yearBeyondPeriod: {
    en: 'year: must be ≤ period ({max}) (got {got})',
    zh: 'year：不能大于 period（{max}）（收到 {got}）',
  },
  perYearOrOne: {
    en: '{arg}: needs 1 value or {want} values, one per year of {per} (got {got})',
    zh: '{arg}：需要 1 个值，或与 {per} 逐年对应的 {want} 个值（收到 {got} 个）',
  },
  perYear: {
    en: '{arg}: needs {want} values, one per year of {per} (got {got})',
    zh: '{arg}：需要与 {per} 逐年对应的 {want} 个值（收到 {got} 个）',
  },
  // --- PPP concession test (2023 mechanism, issue 11) ---
  constructionNotBelowTerm: {
    en: 'construction_years: must be < term_years ({term}), the term includes construction and needs at least one operating year (got {got})',
    zh: 'construction_years：必须小于 term_years（{term}）；特许经营期含建设期，至少要有一个运营年（收到 {got}）',
  },
  loanBeyondOperation: {
    en: 'loan_years: must be ≤ the operating years, term_years − construction_years = {max} (got {got}); the loan is repaid within the term',
    zh: 'loan_years：不能超过运营年数 term_years − construction_years = {max}（收到 {got}）；借款须在特许经营期内还清',
  },
  supportAboveCapex: {
    en: 'construction_support: must be ≤ capex ({capex}) (got {got})',
    zh: 'construction_support：不能超过 capex（{capex}）（收到 {got}）',
  },
  noConcessionVolume: {
    en: 'annual_volume: every operating year sells 0 m³, so there is no price per m³',
    zh: 'annual_volume：各运营年售水量均为 0，无法计算每立方米价格',
  },
  totalDebtServiceZero: {
    en: 'debt_service: the total must be > 0 (got {got}); coverage divides by it',
    zh: 'debt_service：合计必须 > 0（收到 {got}）；覆盖倍数以其为分母',
  },
  debtServiceBeyondCfads: {
    en: 'debt_service: item {i} is {got} but cfads has only {n} value(s); every year with debt service needs a cash flow',
    zh: 'debt_service：第 {i} 项为 {got}，但 cfads 只有 {n} 个值；有还本付息的年份都需要现金流',
  },
  firstYearBeyondList: {
    en: 'first_revenue_year: must be within taxable_income (1…{max}) (got {got})',
    zh: 'first_revenue_year：必须在 taxable_income 的年份范围内（1…{max}）（收到 {got}）',
  },
  neverPaysBack: {
    en: 'cashflows: the cumulative cash flow ends below 0 (at {got}): not paid back within the years given',
    zh: 'cashflows：累计现金流期末仍为负（{got}），在所列年限内未收回投资',
  },
  dateBeyondExcel: {
    en: "issue_date: the last coupon date would fall after 31 Dec 9999, Excel's last date (got {got})",
    zh: 'issue_date：最后付息日将晚于 Excel 支持的最后日期 9999-12-31（收到 {got}）',
  },
} as const;

export type MessageId = keyof typeof MESSAGES;

export class CalcError {
  constructor(
    readonly code: ErrorCode,
    readonly messageId: MessageId,
    readonly params: Params = {}
  ) {}

  /** The message in the requested language (English by default). */
  text(lang: Lang = 'en-US'): string {
    return localized(MESSAGES[this.messageId], lang, this.params);
  }

  toString(): string {
    return `${this.code} ${this.text()}`;
  }
}

export const isCalcError = (v: unknown): v is CalcError => v instanceof CalcError;

/** `#VALUE!` for a bad argument. */
export const valueError = (messageId: MessageId, params: Params = {}): CalcError =>
  new CalcError('#VALUE!', messageId, params);

/** `#N/A` for "not found" / "no solution". */
export const naError = (messageId: MessageId, params: Params = {}): CalcError =>
  new CalcError('#N/A', messageId, params);

/** Formats a received value for a message: numbers as-is, text quoted, empty as "empty". */
export function describe(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'empty';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 37) + '...' : v}"`;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof CalcError) return v.code;
  return String(v);
}

/** Short, exact rendering of a number for messages (no trailing noise like 0.30000000000000004). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toPrecision(12)));
}
