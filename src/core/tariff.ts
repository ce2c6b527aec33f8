/**
 * Tiered household water prices (居民阶梯水价) and non-residential over-quota surcharges
 * (超定额超计划累进加价).
 *
 * Inputs here are already typed and range-checked by the registry (finite numbers, limits
 * strictly ascending and > 0, prices ≥ 0); this module holds the domain rules only.
 *
 * Sources: 国家发展改革委 住房城乡建设部《关于加快建立完善城镇居民用水阶梯价格制度的指导意见》
 * (发改价格〔2013〕2676号); 《关于推行非居民用水超定额累进加价制度的指导意见》
 * (发改价格〔2017〕1792号); 万州区行动细则（十二）完善费价税机制.
 */
import { CalcError, valueError, naError } from './errors';

export enum TierMethod {
  /** Each block of volume at its own tier's price (累进). */
  Progressive = 'progressive',
  /** The whole volume at the price of the tier it falls in (全量). */
  Flat = 'flat',
}

/** A validated block tariff: k−1 ascending upper limits, k prices. */
export interface BlockTariff {
  readonly limits: readonly number[];
  readonly prices: readonly number[];
}

/**
 * Builds a block tariff after checking that there is exactly one more price than limits.
 * @example makeBlockTariff([180, 300], [3.04, 3.75, 5.88]) // 3 tiers
 */
export function makeBlockTariff(limits: readonly number[], prices: readonly number[]): BlockTariff | CalcError {
  if (prices.length !== limits.length + 1) {
    return valueError('pricesCount', { limits: limits.length, prices: prices.length });
  }
  return { limits, prices };
}

/** Index (0-based) of the tier a volume falls in; a volume exactly on a limit belongs to the lower tier. */
export function tierIndex(volumeM3: number, limits: readonly number[]): number {
  let i = 0;
  while (i < limits.length && volumeM3 > limits[i]) i++;
  return i;
}

/**
 * Bill for `volumeM3` under a block tariff.
 *
 * Progressive: Σ_i price_i × (min(v, upper_i) − lower_i)⁺ with lower_1 = 0 and upper_k = ∞.
 * Flat: v × price of the tier v falls in (v on a limit → lower tier).
 *
 * @example tieredBill(240, {limits: [180, 300], prices: [3.04, 3.75, 5.88]}) // 180×3.04 + 60×3.75 = 772.2
 */
export function tieredBill(volumeM3: number, tariff: BlockTariff, method: TierMethod = TierMethod.Progressive): number {
  const { limits, prices } = tariff;
  if (method === TierMethod.Flat) return volumeM3 * prices[tierIndex(volumeM3, limits)];
  let bill = 0;
  let lower = 0;
  for (let i = 0; i < prices.length; i++) {
    const upper = i < limits.length ? limits[i] : Infinity;
    if (volumeM3 <= lower) break;
    bill += (Math.min(volumeM3, upper) - lower) * prices[i];
    lower = upper;
  }
  return bill;
}

/** One row of a tier breakdown: tier number (1-based), bounds, quantity billed, price, charge. */
export interface TierRow {
  tier: number;
  lowerM3: number;
  /** `null` for the open last tier. */
  upperM3: number | null;
  quantityM3: number;
  price: number;
  charge: number;
}

/**
 * Progressive bill split by tier. Σ charge = `tieredBill(v, tariff, Progressive)`.
 * @example tierBreakdown(240, t)[1] // {tier: 2, lowerM3: 180, upperM3: 300, quantityM3: 60, price: 3.75, charge: 225}
 */
export function tierBreakdown(volumeM3: number, tariff: BlockTariff): TierRow[] {
  const { limits, prices } = tariff;
  return prices.map((price, i) => {
    const lowerM3 = i === 0 ? 0 : limits[i - 1];
    const upperM3 = i < limits.length ? limits[i] : null;
    const quantityM3 = Math.max(0, Math.min(volumeM3, upperM3 ?? Infinity) - lowerM3);
    return { tier: i + 1, lowerM3, upperM3, quantityM3, price, charge: quantityM3 * price };
  });
}

/**
 * Non-residential over-quota progressive surcharge.
 *
 * charge = base × v + Σ_i over_i × markup_i × base, where over_i is the part of
 * (v − quota)⁺ that falls in band i; band edges are quota × bands (ascending fractions of
 * quota), the last band open.
 *
 * @example overQuotaCharge(1400, 1000, 4, [0.3, 0.5], [0.2, 0.5, 1]) // 5600 + 300×0.2×4 + 100×0.5×4 = 6040
 */
export function overQuotaCharge(
  volumeM3: number,
  quotaM3: number,
  basePrice: number,
  bands: readonly number[],
  markups: readonly number[]
): number | CalcError {
  if (markups.length !== bands.length + 1) {
    return valueError('markupsCount', { bands: bands.length, markups: markups.length });
  }
  const over = Math.max(0, volumeM3 - quotaM3);
  let surcharge = 0;
  let lower = 0;
  for (let i = 0; i < markups.length && over > lower; i++) {
    const upper = i < bands.length ? bands[i] * quotaM3 : Infinity;
    surcharge += (Math.min(over, upper) - lower) * markups[i];
    lower = upper;
  }
  return basePrice * volumeM3 + surcharge * basePrice;
}

/**
 * Percentile by linear interpolation between order statistics, as Excel's `PERCENTILE.INC`:
 * rank h = p × (n − 1); result x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋) on the sorted values.
 * `sorted` must be ascending and non-empty; p in [0, 1].
 */
export function percentileInc(sorted: readonly number[], p: number): number {
  const h = p * (sorted.length - 1);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Tier limits from household annual volumes: the `coverages` percentiles
 * (default 80 % and 95 % of households, 发改价格〔2013〕2676号).
 * @example tierLimits([100, 150, 200, 250, 300], [0.8, 0.95]) // [260, 290]
 */
export function tierLimits(householdVolumesM3: readonly number[], coverages: readonly number[]): number[] {
  const sorted = [...householdVolumesM3].sort((a, b) => a - b);
  return coverages.map((p) => percentileInc(sorted, p));
}

/**
 * Tier-1 price p such that Σ_h TIERED(v_h, limits, p × ratios, method) = target.
 * The bill is linear in p, so p = target / Σ_h TIERED(v_h, limits, ratios, method).
 * `#N/A` when that sum is 0 (no price can reach the target).
 *
 * @example solveBasePrice([120, 240], [180, 300], [1, 1.5, 3], 1000) // 1000 / (120 + 180 + 60×1.5)
 */
export function solveBasePrice(
  householdVolumesM3: readonly number[],
  limits: readonly number[],
  ratios: readonly number[],
  targetRevenue: number,
  method: TierMethod = TierMethod.Progressive
): number | CalcError {
  if (ratios.length !== limits.length + 1) {
    return valueError('ratiosCount', { limits: limits.length, ratios: ratios.length });
  }
  const unit: BlockTariff = { limits, prices: ratios };
  let billAtUnitPrice = 0;
  for (const v of householdVolumesM3) billAtUnitPrice += tieredBill(v, unit, method);
  if (!(billAtUnitPrice > 0)) return naError('noPositiveBill');
  return targetRevenue / billAtUnitPrice;
}
