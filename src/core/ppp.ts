/**
 * Government payments for PPP and franchise projects (政府和社会资本合作), and their weight in
 * the general public budget (财政承受能力).
 *
 * Inputs are typed and range-checked by the registry; this module holds the domain rules and
 * the cross-argument checks (year within the period, per-year lists of the right length).
 *
 * Sources: 财金〔2015〕21号《政府和社会资本合作项目财政承受能力论证指引》第十九条（运营补贴
 * 支出责任测算公式）、第二十五条（10 % 上限）; 万州发改资环〔2023〕25号（十三）“鼓励和吸引各类
 * 社会资金通过特许经营、政府购买服务、股权合作等方式参与再生水利用设施建设和运营”.
 */
import { CalcError, formatNumber, isCalcError, valueError } from './errors';

export enum PppMethod {
  /** 财金〔2015〕21号: capex × (1 + profit_rate) × (1 + discount_rate)^n / period. */
  Mof21 = 'mof21',
  /** 等额年金: capex × profit_rate / (1 − (1 + profit_rate)^−period) every year. */
  Annuity = 'annuity',
}

/**
 * The availability (construction cost) part of year n's payment.
 *
 * mof21: capex × (1 + profit_rate) × (1 + discount_rate)^n / period.
 * annuity: the level payment that repays capex over `period` years at `profit_rate`,
 * capex × r / (1 − (1 + r)^−period); at r = 0 it is capex / period (the limit), and
 * `discount_rate` is not used.
 * @example availabilityPayment(100e6, 0.06, 0.05, 1, 20, PppMethod.Mof21) // 5.565 M
 */
export function availabilityPayment(
  capex: number,
  profitRate: number,
  discountRate: number,
  year: number,
  period: number,
  method: PppMethod = PppMethod.Mof21
): number {
  if (method === PppMethod.Annuity) {
    // 1 − (1 + r)^−N written as −expm1(−N · log1p(r)): no cancellation for small r.
    return profitRate === 0 ? capex / period : (capex * profitRate) / -Math.expm1(-period * Math.log1p(profitRate));
  }
  return (capex * (1 + profitRate) * Math.pow(1 + discountRate, year)) / period;
}

/** The operating part: opex × (1 + profit_rate) − user_revenue (negative when users pay more than needed). */
export function operatingPayment(opex: number, profitRate: number, userRevenue: number): number {
  return opex * (1 + profitRate) - userRevenue;
}

/**
 * Government subsidy for year n under 财金〔2015〕21号:
 * capex × (1 + profit_rate) × (1 + discount_rate)^n / period + opex × (1 + profit_rate) − user_revenue.
 * Signed (negative: users pay more than needed). `#VALUE!` when year > period.
 * @example pppSubsidy(100e6, 0.06, 0.05, 10, 20, 8e6, 6e6) // 11.11314 M
 */
export function pppSubsidy(
  capex: number,
  profitRate: number,
  discountRate: number,
  year: number,
  period: number,
  opex: number,
  userRevenue: number
): number | CalcError {
  if (year > period) return valueError('yearBeyondPeriod', { max: period, got: formatNumber(year) });
  return (
    availabilityPayment(capex, profitRate, discountRate, year, period) + operatingPayment(opex, profitRate, userRevenue)
  );
}

/** One year of a PPP payment schedule. */
export interface PppRow {
  year: number;
  availability: number;
  operating: number;
  total: number;
}

/** A list of one value (every year) or one value per year → one value per year; `#VALUE!` otherwise. */
export function perYear(
  arg: string,
  values: readonly number[],
  years: number,
  per = 'period'
): readonly number[] | CalcError {
  if (values.length === years) return values;
  if (values.length === 1) return new Array<number>(years).fill(values[0]);
  return valueError('perYearOrOne', { arg, want: years, per, got: values.length });
}

/**
 * Year-by-year government payments: year, availability part, operating part, total.
 * `opex` and `userRevenue` hold one value (the same every year) or one value per year.
 * @example pppSchedule(100e6, 0.06, 0.05, 20, [8e6], [6e6])[0] // {year: 1, availability: 5.565e6, operating: 2.48e6, total: 8.045e6}
 */
export function pppSchedule(
  capex: number,
  profitRate: number,
  discountRate: number,
  period: number,
  opex: readonly number[],
  userRevenue: readonly number[],
  method: PppMethod = PppMethod.Mof21
): PppRow[] | CalcError {
  const o = perYear('opex', opex, period);
  if (isCalcError(o)) return o;
  const u = perYear('user_revenue', userRevenue, period);
  if (isCalcError(u)) return u;
  const rows: PppRow[] = [];
  for (let year = 1; year <= period; year++) {
    const availability = availabilityPayment(capex, profitRate, discountRate, year, period, method);
    const operating = operatingPayment(o[year - 1], profitRate, u[year - 1]);
    rows.push({ year, availability, operating, total: availability + operating });
  }
  return rows;
}

/**
 * Share of general-budget expenditure taken by PPP outlays, year by year: outlays_t / budget_t.
 * `budget` holds one value (the same every year) or one per outlay; every budget value is
 * > 0 (checked by the registry). Compare with REUSE.POLICY("ppp.fiscal_cap") (10 %).
 * @example fiscalRatio([8e6, 9e6], [1e9]) // [0.008, 0.009]
 */
export function fiscalRatio(outlays: readonly number[], budget: readonly number[]): number[] | CalcError {
  const b = perYear('budget_expenditure', budget, outlays.length, 'outlays');
  if (isCalcError(b)) return b;
  return outlays.map((x, i) => x / b[i]);
}
