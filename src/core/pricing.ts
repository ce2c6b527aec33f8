/**
 * Reclaimed-water (再生水) pricing: the allowed rate of return, the cost-plus price
 * (准许成本 + 准许收益 + 税金), the levelised cost of water and the viability gap to a
 * negotiated price.
 *
 * Inputs here are already typed and range-checked by the registry (finite numbers, shares
 * in [0, 1], rates in (−1, 1], volumes ≥ 0, life a whole number ≥ 1); this module holds the
 * domain rules and the checks that involve more than one argument.
 *
 * Sources: 《城镇供水价格管理办法》（国家发展改革委 住房城乡建设部令2021年第46号）第七条
 * (准许收入 = 准许成本 + 准许收益 + 税金), 第九条 (allowed return = equity return × (1 − debt
 * ratio) + debt return × debt ratio; equity return at most the 10-year government bond yield
 * + 4 points), 第十一条 (below 65 % of design supply the allowed revenue is spread over 65 % of
 * design supply: idle capacity is not priced); 《城镇供水定价成本监审办法》（国家发展改革委令
 * 2021年第45号）(the allowed cost);
 * 《关于推进污水资源化利用的指导意见》（发改环资〔2021〕13号）(reclaimed-water prices are
 * negotiated between supplier and user); 万州发改资环〔2023〕25号（十二）完善费价税机制.
 */
import { CalcError, formatNumber, valueError } from './errors';
import { policyNumber } from './policy';

/**
 * Allowed rate of return (准许收益率):
 * (bond_yield + equity_premium) × (1 − debt_ratio) + debt_rate × debt_ratio.
 *
 * @param bondYield 10-year government bond yield (decimal)
 * @param debtRate rate on debt capital (decimal)
 * @param debtRatio debt / assets, a share in [0, 1]
 * @param equityPremium points over the bond yield allowed on equity (decimal); defaults to the
 *   catalogue's `price.equity_premium` (0.04)
 * @example allowedReturnRate(0.027, 0.042, 0.6) // (0.027 + 0.04) × 0.4 + 0.042 × 0.6 = 0.052
 * Source: 国家发展改革委 住房城乡建设部令2021年第46号 第九条.
 */
export function allowedReturnRate(
  bondYield: number,
  debtRate: number,
  debtRatio: number,
  equityPremium: number = policyNumber('price.equity_premium')
): number {
  return (bondYield + equityPremium) * (1 - debtRatio) + debtRate * debtRatio;
}

/**
 * The volume a cost-plus price is spread over: max(volume, min_utilization × design_volume)
 * when a design volume is given, else the volume itself.
 *
 * - `minUtilization` defaults to the catalogue's `price.min_utilization` (0.65) when a design
 *   volume is given.
 * - `minUtilization` given without `designVolumeM3` is an error, not ignored: the floor is a
 *   share of design volume, and silently pricing on the actual volume would overcharge users
 *   for idle capacity — exactly what the rule forbids.
 * - A billed volume of 0 (volume 0 and no floor) is an error: it would be a divisor.
 *
 * @example billedVolume(5e6, 10.95e6) // max(5e6, 0.65 × 10.95e6) = 7 117 500
 */
export function billedVolume(volumeM3: number, designVolumeM3?: number, minUtilization?: number): number | CalcError {
  if (designVolumeM3 === undefined && minUtilization !== undefined) {
    return valueError('needsDesignVolume', { got: formatNumber(minUtilization) });
  }
  const floorM3 =
    designVolumeM3 === undefined ? 0 : (minUtilization ?? policyNumber('price.min_utilization')) * designVolumeM3;
  const billed = Math.max(volumeM3, floorM3);
  if (!(billed > 0)) return valueError('billedVolumeZero');
  return billed;
}

export interface CostPlusInput {
  /** Depreciation + amortisation + operation and maintenance, per year (yuan). */
  annualCost: number;
  /** Effective assets the return is allowed on (yuan). */
  effectiveAssets: number;
  /** Allowed rate of return (decimal), e.g. from `allowedReturnRate`. */
  returnRate: number;
  /** Taxes and surcharges in the price, per year (yuan). */
  taxes: number;
  /** Volume actually sold, per year (m³). */
  volumeM3: number;
  /** Design volume per year (m³); when given, the price is spread over at least `minUtilization` of it. */
  designVolumeM3?: number;
  /** Share of design volume below which the plant cannot bill idle capacity (default 0.65, needs `designVolumeM3`). */
  minUtilization?: number;
}

/**
 * Cost-plus price per m³:
 * (annual_cost + effective_assets × return_rate + taxes) / billed volume,
 * billed volume = max(volume, min_utilization × design_volume) (see `billedVolume`).
 *
 * @example costPlusPrice({annualCost: 9.58e6, effectiveAssets: 80e6, returnRate: 0.052, taxes: 0.5e6, volumeM3: 9.3075e6})
 * // (9.58 + 4.16 + 0.5) M / 9.3075 M = 1.52995
 * @example same with volumeM3 5e6, designVolumeM3 10.95e6 // 14.24 M / 7.1175 M = 2.00070
 * Source: 令2021年第46号 第七条 (准许成本 + 准许收益 + 税金), 第十一条 (65 % utilisation floor);
 * 令2021年第45号 (the allowed cost).
 */
export function costPlusPrice(input: CostPlusInput): number | CalcError {
  const billed = billedVolume(input.volumeM3, input.designVolumeM3, input.minUtilization);
  if (billed instanceof CalcError) return billed;
  return (input.annualCost + input.effectiveAssets * input.returnRate + input.taxes) / billed;
}

/**
 * (1 + r)^n − 1, accurate for r near 0 (no cancellation): expm1(n × log1p(r)).
 */
function growthMinusOne(r: number, n: number): number {
  return Math.expm1(n * Math.log1p(r));
}

/**
 * Capital recovery factor CRF = r / (1 − (1 + r)^−n); 1/n at r = 0.
 * Computed as r / −expm1(−n log1p r) so that tiny rates do not lose digits.
 * @example capitalRecoveryFactor(0.05, 10) // 0.129504574965…
 */
export function capitalRecoveryFactor(rate: number, years: number): number {
  if (rate === 0) return 1 / years;
  return rate / -growthMinusOne(rate, -years);
}

/**
 * Sinking fund factor SFF = r / ((1 + r)^n − 1); 1/n at r = 0. SFF = CRF − r.
 * @example sinkingFundFactor(0.05, 10) // 0.079504574965…
 */
export function sinkingFundFactor(rate: number, years: number): number {
  if (rate === 0) return 1 / years;
  return rate / growthMinusOne(rate, years);
}

export interface LcowInput {
  /** Initial investment (yuan). */
  capex: number;
  /** Operation and maintenance per year (yuan). */
  annualOpex: number;
  /** Volume produced per year (m³, > 0). */
  annualVolumeM3: number;
  /** Economic life (whole years ≥ 1). */
  lifeYears: number;
  /** Discount rate (decimal, > −1). */
  discountRate: number;
  /** Value recovered at the end of life (yuan, default 0). */
  residualValue?: number;
}

/**
 * Levelised cost of water per m³:
 * (capex × CRF − residual_value × SFF + annual_opex) / annual_volume,
 * CRF = r / (1 − (1+r)^−n), SFF = r / ((1+r)^n − 1); at r = 0 both are 1/n (straight-line).
 * The result may be negative only if the residual value outweighs capex and opex.
 *
 * @example levelisedCostOfWater({capex: 80e6, annualOpex: 5.58e6, annualVolumeM3: 9.3075e6, lifeYears: 20, discountRate: 0.052})
 * // (80 M × 0.0816077 + 5.58 M) / 9.3075 M = 1.30096
 * Source: standard annuity method (年金法) for unit cost; discount rate e.g. the allowed return.
 */
export function levelisedCostOfWater(input: LcowInput): number {
  const { capex, annualOpex, annualVolumeM3, lifeYears, discountRate } = input;
  const residual = input.residualValue ?? 0;
  const annualCapital =
    capex * capitalRecoveryFactor(discountRate, lifeYears) - residual * sinkingFundFactor(discountRate, lifeYears);
  return (annualCapital + annualOpex) / annualVolumeM3;
}

/**
 * Yearly amount a subsidy or a service purchase must cover: (cost_price − price) × volume.
 * Negative = surplus (the negotiated price is above cost).
 * @example viabilityGap(1.53, 1.2, 9.3075e6) // 0.33 × 9.3075 M = 3 071 475
 * Source: 发改环资〔2021〕13号 (negotiated reclaimed-water prices); 万州发改资环〔2023〕25号（十二）.
 */
export function viabilityGap(costPrice: number, price: number, volumeM3: number): number {
  return (costPrice - price) * volumeM3;
}
