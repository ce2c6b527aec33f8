/**
 * Project appraisal helpers: net present value with the first cash flow at t = 0, payback
 * period, and the upper bound of central budget support (中央预算内投资).
 *
 * Sources: 《建设项目经济评价方法与参数》（第三版）; central support: the shares and cap of
 * 《污染治理和节能减碳中央预算内投资专项管理办法》（发改环资规〔2021〕655号）, kept as the bureau's
 * assumption (catalogue status "assumption") since that measure was replaced in April 2024 by
 * 《污染治理中央预算内投资专项管理办法》, whose figures for sewage and reuse projects could not be
 * verified; 万州发改资环〔2023〕25号（十三）“积极争取中央财政资金对污水资源化利用重大工程及示范试点
 * 项目的支持”.
 */
import { CalcError, formatNumber, naError } from './errors';
import { policyNumber } from './policy';

/**
 * Σ_t CF_t / (1 + rate)^t with the first value at t = 0 (Excel's NPV discounts the first value
 * one period: NPV(r, CF_1…CF_n) + CF_0 is the same thing).
 * @example npv(0.06, [-10000, ...Array(15).fill(1500)]) // 4 568.37…
 */
export function npv(rate: number, cashflows: readonly number[]): number {
  let total = 0;
  let factor = 1;
  for (const cf of cashflows) {
    total += cf * factor;
    factor /= 1 + rate;
  }
  return total;
}

/**
 * Years until the cumulative cash flow first turns ≥ 0, first value at t = 0, linear within
 * the year: (t − 1) + (−cumulative_{t−1}) / CF_t for the first t with cumulative_t ≥ 0; 0 when
 * the first value is already ≥ 0. A later dip below 0 does not undo the payback.
 * `#N/A` with a message if the cumulative cash flow never reaches 0.
 * @example payback([-10000, ...Array(15).fill(1500)]) // 6 + 1000 / 1500 = 6.6667
 */
export function payback(cashflows: readonly number[]): number | CalcError {
  let cumulative = 0;
  for (let t = 0; t < cashflows.length; t++) {
    const before = cumulative;
    cumulative += cashflows[t];
    if (cumulative >= 0) return t === 0 ? 0 : t - 1 + -before / cashflows[t];
  }
  return naError('neverPaysBack', { got: formatNumber(cumulative) });
}

/** China's four regions for central budget support. Chongqing is west. */
export enum Region {
  East = 'east',
  Central = 'central',
  West = 'west',
  Northeast = 'northeast',
}

/** Support share of a region, from the policy catalogue (`central.share.<region>`). */
export function centralShare(region: Region): number {
  return policyNumber(`central.share.${region}`);
}

/**
 * Upper bound of central budget support: min(investment × share(region), cap). A ceiling, not a
 * forecast: the allocation in the year's investment plan is often lower.
 * @example centralFund(100e6, Region.West) // min(60 M, 50 M) = 50 M
 */
export function centralFund(investment: number, region: Region, cap: number = policyNumber('central.cap')): number {
  return Math.min(investment * centralShare(region), cap);
}
