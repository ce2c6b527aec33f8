/**
 * Local government special bonds (专项债券): debt-service schedules, coverage, capacity,
 * DSCR and LLCR.
 *
 * Bonds follow QuantLib's order, each step pure:
 *   1. `buildSchedule`  — the coupon dates (periods, bond years, times, optional date serials);
 *   2. `generateCashFlows` — opening balance, interest, principal repaid, debt service, closing
 *      balance per period, from principal, coupon rate and a repayment profile;
 *   3. analysis — `debtServiceByYear`, `totalDebtService`, `bondCapacity`, `coverageRatio`,
 *      `dscr`, `llcr`.
 * SCHEDULE, DEBTSERVICE and CAPACITY all go through `bondCashFlows` (steps 1 + 2), so they
 * cannot disagree.
 *
 * Inputs are typed and range-checked by the registry (finite numbers, whole terms, share
 * lists that sum to 1); this module holds the domain rules and the cross-argument checks.
 *
 * Sources: 财预〔2017〕89号《地方政府专项债务预算管理办法》（项目收益与融资自求平衡）;
 * 万州发改资环〔2023〕25号（十三）“鼓励符合政府专项债券支持方向的污水资源化利用项目”.
 */
import { CalcError, formatNumber, isCalcError, valueError } from './errors';
import { LAST_EXCEL_SERIAL, dateToSerial, serialToDate } from './excel-date';

/** How principal is repaid. A share list (分期还本) is given as `readonly number[]` instead. */
export enum RepaymentKind {
  /** 到期一次还本: everything at the last coupon date. */
  Bullet = 'bullet',
  /** 等额还本: principal / term at the end of every bond year. */
  Equal = 'equal',
}

/** A repayment profile: a kind, or one share of principal per bond year (summing to 1). */
export type Repayment = RepaymentKind | readonly number[];

export type PaymentsPerYear = 1 | 2;

/** Common issuance practice: semiannual coupons for terms of 10 years or more, else annual. */
export function defaultPaymentsPerYear(termYears: number): PaymentsPerYear {
  return termYears >= 10 ? 2 : 1;
}

// ---------------------------------------------------------------------------------------
// Excel date serials
// ---------------------------------------------------------------------------------------

// Serial ↔ calendar date conversions live once, in ./excel-date; re-exported here because
// the bond's coupon dates are where core needs them.
export { LAST_EXCEL_SERIAL, dateToSerial, serialToDate } from './excel-date';
export type { YMD } from './excel-date';

function daysInMonth(year: number, month: number): number {
  if (year === 1900 && month === 2) return 29; // as Excel counts it
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Excel's `EDATE`: the same day `months` later, or the last day of the target month when it
 * is shorter. Always counted from the given date, so 31 Aug + 6 months = 28/29 Feb and
 * 31 Aug + 12 months = 31 Aug again (no drift).
 * @example addMonths(dateToSerial({year: 2023, month: 8, day: 31}), 6) // serial of 29 Feb 2024
 */
export function addMonths(serial: number, months: number): number {
  const { year, month, day } = serialToDate(serial);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return dateToSerial({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

// ---------------------------------------------------------------------------------------
// 1. Schedule
// ---------------------------------------------------------------------------------------

/** One coupon period. */
export interface CouponPeriod {
  /** 1-based period number. */
  period: number;
  /** 1-based bond year the period ends in. */
  bondYear: number;
  /** Years from issue to the period's coupon date (0.5, 1, …). */
  timeYears: number;
  /** Coupon date as an Excel serial, when the issue date is known. */
  dateSerial?: number;
  /** True on the last coupon date of a bond year, when principal is repaid. */
  yearEnd: boolean;
}

/**
 * The coupon dates: `termYears × paymentsPerYear` periods. With an issue date, coupon k falls
 * on EDATE(issue_date, 12k / paymentsPerYear) — the issue date's anniversaries, and the
 * half-years between them for semiannual bonds (end of month: 31 Aug → 28/29 Feb → 31 Aug).
 * `#VALUE!` when the last coupon date would be after 31 Dec 9999.
 * @example buildSchedule(2, 2).map((p) => p.timeYears) // [0.5, 1, 1.5, 2]
 */
export function buildSchedule(
  termYears: number,
  paymentsPerYear: PaymentsPerYear,
  issueDate?: number
): CouponPeriod[] | CalcError {
  const months = 12 / paymentsPerYear;
  const n = termYears * paymentsPerYear;
  if (issueDate !== undefined && addMonthsSafe(issueDate, n * months) > LAST_EXCEL_SERIAL) {
    return valueError('dateBeyondExcel', { got: formatNumber(issueDate) });
  }
  const out: CouponPeriod[] = [];
  for (let k = 1; k <= n; k++) {
    out.push({
      period: k,
      bondYear: Math.ceil(k / paymentsPerYear),
      timeYears: k / paymentsPerYear,
      dateSerial: issueDate === undefined ? undefined : addMonths(issueDate, k * months),
      yearEnd: k % paymentsPerYear === 0,
    });
  }
  return out;
}

/** `addMonths` that stays finite for dates past year 9999 (only compared against the limit). */
function addMonthsSafe(serial: number, months: number): number {
  const { year } = serialToDate(serial);
  return year + months / 12 > 9999 ? Infinity : addMonths(serial, months);
}

/**
 * Share of principal repaid at the end of each bond year (1…term).
 * Bullet: 0, …, 0, 1. Equal: 1/term each year. A share list must have one value per bond
 * year (`#VALUE!` otherwise); that it sums to 1 is checked by the registry.
 * @example repaymentShares(3, RepaymentKind.Bullet) // [0, 0, 1]
 */
export function repaymentShares(termYears: number, repayment: Repayment): readonly number[] | CalcError {
  if (repayment === RepaymentKind.Bullet)
    return Array.from({ length: termYears }, (_, i) => (i === termYears - 1 ? 1 : 0));
  if (repayment === RepaymentKind.Equal) return Array.from({ length: termYears }, () => 1 / termYears);
  if (repayment.length !== termYears) {
    return valueError('perYear', { arg: 'repayment', want: termYears, per: 'term_years', got: repayment.length });
  }
  return repayment;
}

// ---------------------------------------------------------------------------------------
// 2. Cash flows
// ---------------------------------------------------------------------------------------

/** One row of a debt-service table. */
export interface BondCashFlow {
  period: number;
  bondYear: number;
  timeYears: number;
  dateSerial?: number;
  opening: number;
  interest: number;
  principalRepaid: number;
  debtService: number;
  closing: number;
}

/**
 * Cash flows on a schedule. Interest per period = opening balance × coupon_rate / payments
 * per year. Principal share_y × principal is repaid on the last coupon date of bond year y;
 * the final year repays whatever is left, so the last closing balance is exactly 0 and
 * Σ principal repaid = principal (shares that sum to 1 within 1e-9 lose nothing).
 * @example generateCashFlows(100, 0.05, buildSchedule(2, 1), [0, 1]) // interest 5, 5; debt service 5, 105
 */
export function generateCashFlows(
  principal: number,
  couponRate: number,
  schedule: readonly CouponPeriod[],
  shares: readonly number[]
): BondCashFlow[] {
  const perYear = schedule.length / shares.length;
  const lastYear = shares.length;
  let balance = principal;
  return schedule.map((p) => {
    const opening = balance;
    const interest = (opening * couponRate) / perYear;
    let principalRepaid = 0;
    if (p.yearEnd)
      principalRepaid = p.bondYear === lastYear ? opening : Math.min(opening, principal * shares[p.bondYear - 1]);
    balance = opening - principalRepaid;
    return {
      period: p.period,
      bondYear: p.bondYear,
      timeYears: p.timeYears,
      dateSerial: p.dateSerial,
      opening,
      interest,
      principalRepaid,
      debtService: interest + principalRepaid,
      closing: balance,
    };
  });
}

/** A bond's terms, as the registry passes them. */
export interface BondTerms {
  principal: number;
  couponRate: number;
  termYears: number;
  /** Default: `defaultPaymentsPerYear(termYears)`. */
  paymentsPerYear?: PaymentsPerYear;
  /** Default: bullet. */
  repayment?: Repayment;
  /** Excel date serial of the issue date. */
  issueDate?: number;
}

/**
 * Steps 1 + 2: the one path from a bond's terms to its cash flows.
 * @example bondCashFlows({principal: 200e6, couponRate: 0.023, termYears: 15}) // 30 semiannual rows, interest 2.3 M each
 */
export function bondCashFlows(t: BondTerms): BondCashFlow[] | CalcError {
  const ppy = t.paymentsPerYear ?? defaultPaymentsPerYear(t.termYears);
  const schedule = buildSchedule(t.termYears, ppy, t.issueDate);
  if (isCalcError(schedule)) return schedule;
  const shares = repaymentShares(t.termYears, t.repayment ?? RepaymentKind.Bullet);
  if (isCalcError(shares)) return shares;
  return generateCashFlows(t.principal, t.couponRate, schedule, shares);
}

// ---------------------------------------------------------------------------------------
// 3. Analysis
// ---------------------------------------------------------------------------------------

/**
 * Debt service per bond year: the sum over the year's coupon periods (a semiannual bond's
 * two coupons and its year-end principal fall in the same year).
 * @example debtServiceByYear(bondCashFlows({principal: 100, couponRate: 0.04, termYears: 2, paymentsPerYear: 2}) as BondCashFlow[]) // [4, 104]
 */
export function debtServiceByYear(flows: readonly BondCashFlow[]): number[] {
  const years = flows.length ? flows[flows.length - 1].bondYear : 0;
  const out = new Array<number>(years).fill(0);
  for (const f of flows) out[f.bondYear - 1] += f.debtService;
  return out;
}

/** Σ debt service over the bond's life. */
export function totalDebtService(flows: readonly BondCashFlow[]): number {
  return flows.reduce((s, f) => s + f.debtService, 0);
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Coverage ratio (本息覆盖倍数) = Σ net_revenues / Σ debt_service; the lists may differ in
 * length. `#VALUE!` when Σ debt_service ≤ 0 (a zero divisor is a bad argument, not #DIV/0!).
 * @example coverageRatio([120, 120], [100, 100]) // 1.2
 */
export function coverageRatio(netRevenues: readonly number[], debtService: readonly number[]): number | CalcError {
  const ds = sum(debtService);
  if (!(ds > 0)) return valueError('totalDebtServiceZero', { got: formatNumber(ds) });
  return sum(netRevenues) / ds;
}

/**
 * The largest principal whose total debt service keeps Σ net_revenues / Σ debt service ≥
 * `coverage`. Debt service is linear in principal, so
 * principal = Σ net_revenues / (coverage × total debt service of a bond of 1).
 * A non-positive Σ net_revenues supports no bond: 0.
 * @example bondCapacity([322.8e6], 0.023, 15, 1.2) // 322.8 M / (1.2 × (1 + 0.023 × 15)) = 200 M
 */
export function bondCapacity(
  netRevenues: readonly number[],
  couponRate: number,
  termYears: number,
  coverage: number,
  paymentsPerYear?: PaymentsPerYear,
  repayment?: Repayment
): number | CalcError {
  const unit = bondCashFlows({ principal: 1, couponRate, termYears, paymentsPerYear, repayment });
  if (isCalcError(unit)) return unit;
  const revenue = sum(netRevenues);
  if (!(revenue > 0)) return 0;
  return revenue / (coverage * totalDebtService(unit));
}

/**
 * Debt-service coverage per year: cfads_t / debt_service_t, `""` where debt service is 0.
 * One result per cfads value: debt_service may be shorter (the missing years have no debt
 * service → `""`) or longer only with zeros; a non-zero debt service beyond the last cfads
 * value is `#VALUE!` (a year with debt to serve and no cash flow is a mistake in the sheet).
 * @example dscr([130, 130, 50], [100, 0]) // [1.3, "", ""]
 */
export function dscr(cfads: readonly number[], debtService: readonly number[]): (number | '')[] | CalcError {
  for (let i = cfads.length; i < debtService.length; i++) {
    if (debtService[i] !== 0) {
      return valueError('debtServiceBeyondCfads', { i: i + 1, got: formatNumber(debtService[i]), n: cfads.length });
    }
  }
  return cfads.map((c, i) => (i < debtService.length && debtService[i] !== 0 ? c / debtService[i] : ''));
}

/**
 * Loan-life coverage ratio: Σ_{t=1…n} cfads_t / (1 + r)^t / debt_outstanding (the first value
 * is one period after the measurement date). `debt_outstanding` must be > 0 (checked by the
 * registry): with nothing outstanding there is no ratio.
 * @example llcr([110, 110], 0.1, 100) // (100 + 90.909…) / 100 = 1.90909…
 */
export function llcr(cfads: readonly number[], discountRate: number, debtOutstanding: number): number {
  let pv = 0;
  let factor = 1;
  for (const c of cfads) {
    factor /= 1 + discountRate;
    pv += c * factor;
  }
  return pv / debtOutstanding;
}
