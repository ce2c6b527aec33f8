/**
 * Operator payments linked to performance (按效付费): the assessment-score factor, the
 * concentration-adjusted operating fee, the removal-based fee and price indexation.
 *
 * Inputs here are already typed and range-checked by the registry (finite numbers, shares in
 * [0, 1], weights summing to 1, concentrations ≥ 0, divisors > 0); this module holds the domain
 * rules and the checks that involve more than one argument (list lengths, design influent
 * above design effluent, full score above floor score, clip limits in order).
 *
 * Source: 万州发改资环〔2023〕25号（十二）“鼓励建立运营服务费与污水处理厂进水污染物浓度、
 * 污染物削减量挂钩、按效付费机制”; the default KPI scale and clip limits are common contract
 * terms (FUNCTIONS.md), not policy numbers, so they live here as named constants.
 */
import { CalcError, formatNumber, valueError } from './errors';

/** A score → payment-factor scale (考核得分与付费系数). */
export interface KpiScale {
  /** Score at or above which the full fee is paid. */
  readonly fullScore: number;
  /** Lowest score on the linear part of the scale. */
  readonly floorScore: number;
  /** Cut at `floorScore`: the factor falls linearly from 1 to 1 − maxCut. */
  readonly maxCut: number;
  /** Factor for a score below `floorScore`. */
  readonly belowFloor: number;
}

/**
 * FUNCTIONS.md defaults for SERVICE.KPIFACTOR. `belowFloor` is the default's ceiling: with a
 * `maxCut` other than the default, the default is `defaultBelowFloor(maxCut)`.
 */
export const KPI_DEFAULTS: KpiScale = { fullScore: 90, floorScore: 60, maxCut: 0.1, belowFloor: 0.7 };

/**
 * The factor below the floor when the contract gives none: min(0.7, 1 − max_cut). A fixed 0.7
 * would break `below_floor ≤ 1 − max_cut` for any max_cut above 0.3 and turn a valid call into
 * #VALUE! (issue 11). With this default a score below the floor pays 0.7 of the fee, or — when
 * the linear part already cuts deeper than 30 % — the factor at the floor itself (no further
 * drop, never a rise). Every call that was valid before keeps its value (max_cut ≤ 0.3 gives 0.7).
 * @example defaultBelowFloor(0.1) // 0.7
 * @example defaultBelowFloor(0.4) // 0.6, the factor at floor_score
 */
export function defaultBelowFloor(maxCut: number): number {
  return Math.min(KPI_DEFAULTS.belowFloor, 1 - maxCut);
}

/**
 * Checks a KPI scale:
 * - `fullScore` must exceed `floorScore` (the linear part has a width, and it is a divisor);
 * - `belowFloor` must not exceed the factor at the floor, 1 − maxCut: a lower score must never
 *   pay more than a higher one.
 */
export function makeKpiScale(s: KpiScale): KpiScale | CalcError {
  if (!(s.fullScore > s.floorScore)) {
    return valueError('fullAboveFloor', { full: formatNumber(s.fullScore), floor: formatNumber(s.floorScore) });
  }
  const atFloor = 1 - s.maxCut;
  if (s.belowFloor > atFloor) {
    return valueError('belowFloorAboveFloorFactor', {
      got: formatNumber(s.belowFloor),
      atFloor: formatNumber(atFloor),
    });
  }
  return s;
}

/**
 * Payment factor from an assessment score:
 * 1 when score ≥ full; 1 − max_cut × (full − score)/(full − floor) when floor ≤ score < full
 * (a score exactly at the floor gives 1 − max_cut); below_floor when score < floor.
 *
 * @example kpiFactor(88, KPI_DEFAULTS) // 1 − 0.1 × 2/30 = 0.993333…
 * Source: 万州发改资环〔2023〕25号（十二）按效付费; scale per the operating contract.
 */
export function kpiFactor(score: number, scale: KpiScale): number {
  if (score >= scale.fullScore) return 1;
  if (score < scale.floorScore) return scale.belowFloor;
  return 1 - (scale.maxCut * (scale.fullScore - score)) / (scale.fullScore - scale.floorScore);
}

/** Terms of the concentration-adjusted fee. */
export interface PerfFeeTerms {
  /** Share of the fee that does not depend on influent concentration (a). */
  readonly fixedShare: number;
  /** Payment factor from the assessment (e.g. `kpiFactor`), in [0, 1]. */
  readonly kpiFactor: number;
  /** Lower clip of influent / design influent. */
  readonly minRatio: number;
  /** Upper clip of influent / design influent. */
  readonly maxRatio: number;
}

/** FUNCTIONS.md defaults for SERVICE.PERFFEE. */
export const PERFFEE_DEFAULTS: PerfFeeTerms = { fixedShare: 0.7, kpiFactor: 1, minRatio: 0.6, maxRatio: 1.1 };

/** Checks that the clip limits are in order (min_ratio ≤ max_ratio; equal fixes the ratio). */
export function makePerfFeeTerms(t: PerfFeeTerms): PerfFeeTerms | CalcError {
  if (!(t.maxRatio >= t.minRatio)) {
    return valueError('ratioOrder', { max: formatNumber(t.maxRatio), min: formatNumber(t.minRatio) });
  }
  return t;
}

/**
 * Concentration-adjusted operating fee (与进水浓度挂钩):
 * volume × base_price × (a + (1 − a) × clip(influent / design_influent, min_ratio, max_ratio)) × kpi_factor.
 * `designInfluentMgL` > 0 (checked by the registry).
 *
 * @example concentrationAdjustedFee(900000, 1.2, 105, 150, {...PERFFEE_DEFAULTS, kpiFactor: 0.98})
 * // 1 080 000 × (0.7 + 0.3 × 0.7) × 0.98 = 963 144
 */
export function concentrationAdjustedFee(
  volumeM3: number,
  basePrice: number,
  influentMgL: number,
  designInfluentMgL: number,
  terms: PerfFeeTerms
): number {
  const ratio = Math.min(terms.maxRatio, Math.max(terms.minRatio, influentMgL / designInfluentMgL));
  return volumeM3 * basePrice * (terms.fixedShare + (1 - terms.fixedShare) * ratio) * terms.kpiFactor;
}

/** `#VALUE!` unless every list has as many items as the first one. */
export function sameLengths(lists: readonly [string, readonly number[]][]): CalcError | undefined {
  const [first, firstList] = lists[0];
  for (const [arg, list] of lists.slice(1)) {
    if (list.length !== firstList.length) {
      return valueError('listLengths', { arg, other: first, got: list.length, want: firstList.length });
    }
  }
  return undefined;
}

/**
 * Unit prices per kg removed, one per pollutant, calibrated so that design conditions pay the
 * benchmark fee:
 * u_j = benchmark_fee × w_j / (volume × (design_influent_j − design_effluent_j) / 1000).
 * `volumeM3` > 0 and weights summing to 1 are checked by the registry; here: equal list
 * lengths and design influent strictly above design effluent (the design removal is a divisor).
 *
 * @example removalUnitPrices(1080000, 900000, [300, 30], [30, 1.5], [0.7, 0.3])
 * // [756 000 / 243 000, 324 000 / 25 650] = [3.1111…, 12.6316…] yuan/kg
 */
export function removalUnitPrices(
  benchmarkFee: number,
  volumeM3: number,
  designInfluentMgL: readonly number[],
  designEffluentMgL: readonly number[],
  weights: readonly number[]
): number[] | CalcError {
  const lengths = sameLengths([
    ['design_influent', designInfluentMgL],
    ['design_effluent', designEffluentMgL],
    ['weights', weights],
  ]);
  if (lengths) return lengths;
  const prices: number[] = [];
  for (let j = 0; j < weights.length; j++) {
    const removedMgL = designInfluentMgL[j] - designEffluentMgL[j];
    if (!(removedMgL > 0)) {
      return valueError('designRemoval', {
        i: j + 1,
        effluent: formatNumber(designEffluentMgL[j]),
        influent: formatNumber(designInfluentMgL[j]),
      });
    }
    prices.push((benchmarkFee * weights[j]) / ((volumeM3 * removedMgL) / 1000));
  }
  return prices;
}

/**
 * Removal-based fee (与污染物削减量挂钩): Σ_j volume × max(0, influent_j − effluent_j) / 1000 × u_j.
 * mg/L × m³ / 1000 = kg. An effluent above the influent removes nothing (no negative fee).
 *
 * @example removalFee(900000, [250, 25], [30, 1.5], [3.1111…, 12.6316…])
 * // 198 000 kg × 3.1111 + 21 150 kg × 12.6316 = 616 000 + 267 157.89 = 883 157.89
 */
export function removalFee(
  volumeM3: number,
  influentMgL: readonly number[],
  effluentMgL: readonly number[],
  unitPrices: readonly number[]
): number | CalcError {
  const lengths = sameLengths([
    ['influent', influentMgL],
    ['effluent', effluentMgL],
    ['unit_prices', unitPrices],
  ]);
  if (lengths) return lengths;
  let fee = 0;
  for (let j = 0; j < influentMgL.length; j++) {
    fee += ((volumeM3 * Math.max(0, influentMgL[j] - effluentMgL[j])) / 1000) * unitPrices[j];
  }
  return fee;
}

/**
 * Price indexation (调价公式): base_price × Σ_i w_i × current_i / base_i + adjustment.
 * A fixed, non-indexed part of the price is a weight whose base and current indices are equal
 * (e.g. 100 and 100). `adjustment` is added in price units (yuan/m³), after indexation — e.g. a
 * change in tax or in the effluent standard agreed separately. Base indices > 0 (checked by the
 * registry); a result below 0 is an error (no contract pays a negative price).
 *
 * @example indexedPrice(1.2, [0.3, 0.25, 0.15, 0.3], [100, 100, 100, 100], [100, 106, 112, 104])
 * // 1.2 × (0.3 + 0.265 + 0.168 + 0.312) = 1.254
 */
export function indexedPrice(
  basePrice: number,
  weights: readonly number[],
  baseIndices: readonly number[],
  currentIndices: readonly number[],
  adjustment = 0
): number | CalcError {
  const lengths = sameLengths([
    ['weights', weights],
    ['base_indices', baseIndices],
    ['current_indices', currentIndices],
  ]);
  if (lengths) return lengths;
  let factor = 0;
  for (let i = 0; i < weights.length; i++) factor += (weights[i] * currentIndices[i]) / baseIndices[i];
  const price = basePrice * factor + adjustment;
  if (price < 0) return valueError('negativeIndexedPrice', { got: formatNumber(price) });
  return price;
}
