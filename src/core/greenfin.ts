/**
 * Green bonds and asset-backed financing of operating plants (万州发改资环〔2023〕25号（十三）
 * “鼓励企业采用绿色债券、资产证券化等手段，依法合规拓宽融资渠道”).
 *
 * - Green-bond eligibility: the project types a reuse programme finances, mapped to the
 *   first-level category of 《绿色债券支持项目目录（2021年版）》 (人民银行 发展改革委 证监会,
 *   银发〔2021〕96号, in force 2021-07-01; its fourth level keeps the names of the third level of
 *   《绿色产业指导目录（2019年版）》). The item names below are descriptive: check the item number
 *   against the official text before a bond's green assessment.
 * - The cost of a green bond as the present value of its coupon saving against an ordinary bond,
 *   net of the extra costs of the label (external review, disclosure).
 * - An infrastructure REIT (基础设施REITs) or ABS test for an operating sewage or reclaimed-water
 *   plant: distributable cash flow, the cash distribution rate (净现金流分派率 = 预计年度可分配现金流
 *   ÷ 目标不动产评估净值) or, for a concession, the IRR over the remaining term, against the
 *   threshold the bureau screens with, and the value at a target yield.
 *
 * Thresholds: 发改投资〔2023〕236号 set IRR ≥ 5 % for 特许经营权、经营收益权类 projects and a
 * distribution rate ≥ 3.8 % for the others; 发改投资〔2024〕1014号 (常态化发行, 2024-07-26)
 * dropped these hard thresholds, so the catalogue keeps them as the bureau's screening assumption
 * (status "assumption"), not as a current rule.
 */
import { CalcError, formatNumber, naError } from './errors';

/** Project types a reuse programme may finance with a green bond. */
export enum GreenProjectType {
  Sewage = 'sewage',
  Reclaimed = 'reclaimed',
  Sludge = 'sludge',
  Solar = 'solar',
  Biogas = 'biogas',
  Hydro = 'hydro',
}

export enum GreenField {
  /** First-level category of the 2021 catalogue (verified against the catalogue's published structure). */
  Category = 'category',
  /** The item, by name. */
  Item = 'item',
}

interface GreenItem {
  category: string;
  item: string;
}

/**
 * First-level categories of the 2021 catalogue: 节能环保产业、清洁生产产业、清洁能源产业、生态环境产业、
 * 基础设施绿色升级、绿色服务. Items by name (fourth level = the 2019 green industry catalogue's third).
 */
const GREEN_ITEMS: Record<GreenProjectType, GreenItem> = {
  [GreenProjectType.Sewage]: { category: '基础设施绿色升级', item: '污水处理、再生利用及污泥处理处置设施建设运营' },
  [GreenProjectType.Reclaimed]: {
    category: '基础设施绿色升级',
    item: '污水处理、再生利用及污泥处理处置设施建设运营（非常规水资源利用）',
  },
  [GreenProjectType.Sludge]: {
    category: '基础设施绿色升级',
    item: '污水处理、再生利用及污泥处理处置设施建设运营（污泥处理处置）',
  },
  [GreenProjectType.Solar]: { category: '清洁能源产业', item: '太阳能利用设施建设和运营' },
  [GreenProjectType.Biogas]: { category: '清洁能源产业', item: '生物质能利用设施建设和运营（污泥厌氧消化沼气发电）' },
  [GreenProjectType.Hydro]: { category: '清洁能源产业', item: '水力发电设施建设和运营（尾水发电）' },
};

/**
 * The catalogue entry a project type falls under: its first-level category or its item name.
 * @example greenItem(GreenProjectType.Reclaimed, GreenField.Category) // '基础设施绿色升级'
 */
export function greenItem(type: GreenProjectType, field: GreenField = GreenField.Item): string {
  return GREEN_ITEMS[type][field];
}

/**
 * Present value of the coupon saving of a green bond over an ordinary one, net of the label's
 * extra costs: Σ_{t=1..n} principal × (ordinary_rate − green_rate) / (1 + d)^t − extra_costs,
 * d = discount_rate (the ordinary rate when omitted). A bullet bond with annual coupons; the
 * result is negative when the label costs more than it saves. At d = 0 the sum is n × the yearly saving.
 * @example greenCouponSaving(500e6, 0.03, 0.028, 10, 0.03, 300e3) // 1 M × (1 − 1.03^−10)/0.03 − 0.3 M = 8 230 203
 */
export function greenCouponSaving(
  principal: number,
  ordinaryRate: number,
  greenRate: number,
  termYears: number,
  discountRate = ordinaryRate,
  extraCosts = 0
): number {
  const yearly = principal * (ordinaryRate - greenRate);
  const annuity = discountRate === 0 ? termYears : -Math.expm1(-termYears * Math.log1p(discountRate)) / discountRate;
  return yearly * annuity - extraCosts;
}

/**
 * Distributable cash flow of an operating plant for a year (可供分配现金流, simplified):
 * EBITDA − income tax − maintenance capex − debt service − increase of reserves.
 * @example reitDistributable(60e6, 5e6, 4e6, 0, 1e6) // 50 M
 */
export function reitDistributable(
  ebitda: number,
  taxes = 0,
  maintenanceCapex = 0,
  debtService = 0,
  reserveChange = 0
): number {
  return ebitda - taxes - maintenanceCapex - debtService - reserveChange;
}

/** How a plant is held: a concession (特许经营权、经营收益权类: the usual case for sewage plants) or outright ownership (产权类). */
export enum ReitAssetType {
  Concession = 'concession',
  Ownership = 'ownership',
}

/**
 * Internal rate of return of buying a plant at `value` for `years` of level distributions `d`:
 * the r with value = d × (1 − (1+r)^−n) / r. The annuity factor falls with r, so bisection on
 * (−0.99, 10) finds the one root; `#N/A` when it lies outside (a price above 100 × n years of
 * distributions or below a tenth of one year's).
 * @example reitIrr(1e9, 80e6, 25) // ≈ 0.06237 (annuity factor 12.5 over 25 years)
 */
export function reitIrr(value: number, distributable: number, years: number): number | CalcError {
  const pv = (r: number) =>
    r === 0 ? distributable * years : (distributable * -Math.expm1(-years * Math.log1p(r))) / r;
  let lo = -0.99;
  let hi = 10;
  if (!(pv(lo) >= value && pv(hi) <= value))
    return naError('noReitIrr', { value: formatNumber(value), d: formatNumber(distributable), n: years });
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (pv(mid) > value) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The REIT test as a row: [measure, threshold, measure − threshold]. For outright ownership the
 * measure is the distribution rate distributable / asset_value; for a concession it is the IRR
 * over the remaining years (reitIrr). A non-negative margin passes.
 */
export function reitTest(
  distributable: number,
  assetValue: number,
  type: ReitAssetType,
  threshold: number,
  remainingYears?: number
): [number, number, number] | CalcError {
  let measure: number | CalcError;
  if (type === ReitAssetType.Ownership) measure = distributable / assetValue;
  else if (remainingYears === undefined) return naError('needsRemainingYears', {});
  else measure = reitIrr(assetValue, distributable, remainingYears);
  if (measure instanceof CalcError) return measure;
  return [measure, threshold, measure - threshold];
}

/**
 * Value at a target yield: distributable / target_yield for a perpetual asset (remaining_years
 * omitted: the yield is then the distribution rate), or the present value of `remaining_years`
 * level distributions, distributable × (1 − (1+y)^−n) / y, for a concession that ends.
 * @example reitValue(50e6, 0.05) // 1 000 M
 * @example reitValue(50e6, 0.05, 20) // 623.1 M
 */
export function reitValue(distributable: number, targetYield: number, remainingYears?: number): number {
  if (remainingYears === undefined) return distributable / targetYield;
  return (distributable * -Math.expm1(-remainingYears * Math.log1p(targetYield))) / targetYield;
}

/**
 * The largest yearly share of government subsidies in a plant's revenue (1014号: at most 15 % in
 * each of the last three years).
 * @example subsidyShare([1, 2, 1], [10, 10, 20]) // 0.2
 */
export function subsidyShare(subsidies: readonly number[], revenues: readonly number[]): number {
  let max = 0;
  for (let i = 0; i < subsidies.length; i++) max = Math.max(max, subsidies[i] / revenues[i]);
  return max;
}
