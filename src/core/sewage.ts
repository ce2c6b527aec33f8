/**
 * Sewage treatment fees: differential charges by pollutant concentration
 * (污水排放差别化收费) and cost recovery.
 *
 * Sources: 万州区行动细则（十二）“探索开展污水排放差别化收费机制”; 发改价格〔2015〕119号
 * 《关于制定和调整污水处理收费标准等有关问题的通知》 (fees should cover treatment cost and a
 * reasonable return, with differential charges by concentration encouraged).
 */
import { CalcError, valueError } from './errors';

export enum BandRounding {
  /** A partly used band counts whole (向上). */
  Up = 'up',
  /** The unrounded quotient (线性). */
  Linear = 'linear',
}

/** Relative slack for `ceil`: (500 − 300)/100 must count 2 bands, not 3, despite binary fractions. */
const BAND_EPSILON = 1e-9;

/** Number of surcharge bands for an excess over the threshold. */
export function bandCount(excess: number, bandWidth: number, rounding: BandRounding): number {
  if (excess <= 0) return 0;
  const q = excess / bandWidth;
  if (rounding === BandRounding.Linear) return q;
  const nearest = Math.round(q);
  return Math.abs(q - nearest) <= BAND_EPSILON * Math.max(1, q) ? nearest : Math.ceil(q);
}

/** Validated differential-charge schedule: one threshold, band width and surcharge per pollutant. */
export interface DiffSchedule {
  readonly thresholds: readonly number[];
  readonly bandWidths: readonly number[];
  readonly bandSurcharges: readonly number[];
  readonly rounding: BandRounding;
}

/** Checks that the three per-pollutant lists match the number of pollutant columns. */
export function makeDiffSchedule(
  pollutants: number,
  thresholds: readonly number[],
  bandWidths: readonly number[],
  bandSurcharges: readonly number[],
  rounding: BandRounding = BandRounding.Up
): DiffSchedule | CalcError {
  const lists: [string, readonly number[]][] = [
    ['thresholds', thresholds],
    ['band_widths', bandWidths],
    ['band_surcharges', bandSurcharges],
  ];
  for (const [arg, list] of lists) {
    if (list.length !== pollutants) return valueError('perPollutant', { arg, got: list.length, want: pollutants });
  }
  return { thresholds, bandWidths, bandSurcharges, rounding };
}

/**
 * Differential sewage charge per m³ for one discharger:
 * base + Σ_j bands_j × surcharge_j, bands_j = ⌈(C_j − T_j)⁺ / w_j⌉ (or unrounded for Linear).
 *
 * @example Huzhou 2017 schedule, general industry:
 * diffCharge(1.95, [500, 40], {thresholds: [300, 30], bandWidths: [100, 5], bandSurcharges: [0.3, 0.3], rounding: Up})
 * // 1.95 + 2×0.30 + 2×0.30 = 3.15
 */
export function diffCharge(basePrice: number, concentrationsMgL: readonly number[], s: DiffSchedule): number {
  let price = basePrice;
  for (let j = 0; j < concentrationsMgL.length; j++) {
    price += bandCount(concentrationsMgL[j] - s.thresholds[j], s.bandWidths[j], s.rounding) * s.bandSurcharges[j];
  }
  return price;
}

/**
 * Cost-recovery ratio = fee revenue / (operating cost + depreciation + financing cost).
 * `#VALUE!` when the denominator is ≤ 0.
 * @example costRecovery(8e6, 7e6, 2e6, 1e6) // 0.8
 */
export function costRecovery(
  feeRevenue: number,
  operatingCost: number,
  depreciation = 0,
  financingCost = 0
): number | CalcError {
  const cost = operatingCost + depreciation + financingCost;
  if (!(cost > 0)) return valueError('costDenominator', { got: cost });
  return feeRevenue / cost;
}
