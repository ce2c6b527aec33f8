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
 * Payback period: the time, in years from t = 0, after which the cumulative cash flow stays
 * ≥ 0 — when the investment has been recovered for good. With k the last period whose
 * cumulative cash flow is negative, payback = k + (−cumulative_k) / CF_{k+1} (linear within
 * period k + 1, where the cumulative crosses 0 for the last time). 0 only when the cumulative
 * is never negative; `#N/A` with a message when it ends negative (never paid back).
 *
 * A leading 0 or a grant received before the outlay does not make it 0, and a later dip below
 * 0 (an equipment renewal) moves it to the last crossing. Until issue 11 the first crossing
 * counted (0 whenever the first value was ≥ 0); see the registry's PROJECT.PAYBACK text.
 * @example payback([-10000, ...Array(15).fill(1500)]) // 6 + 1000 / 1500 = 6.6667
 * @example payback([0, -100, 60, 60]) // cumulative 0, −100, −40, 20: 2 + 40 / 60
 * @example payback([-100, 150, -200, 300]) // cumulative −100, 50, −150, 150: 2 + 150 / 300 = 2.5
 */
export function payback(cashflows: readonly number[]): number | CalcError {
  let cumulative = 0;
  let lastNegative = -1;
  let cumulativeAtLastNegative = 0;
  for (let t = 0; t < cashflows.length; t++) {
    cumulative += cashflows[t];
    if (cumulative < 0) {
      lastNegative = t;
      cumulativeAtLastNegative = cumulative;
    }
  }
  if (lastNegative < 0) return 0;
  if (lastNegative === cashflows.length - 1) return naError('neverPaysBack', { got: formatNumber(cumulative) });
  // cumulative_{k+1} ≥ 0 > cumulative_k, so CF_{k+1} > 0.
  return lastNegative + -cumulativeAtLastNegative / cashflows[lastNegative + 1];
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
