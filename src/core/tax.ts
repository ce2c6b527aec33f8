/**
 * Tax incentives for resource utilisation: immediate VAT refunds (增值税即征即退), the
 * corporate income tax holiday for environmental projects (三免三减半) and the environmental
 * protection tax with its concentration reductions.
 *
 * Inputs are typed and range-checked by the registry; policy numbers (refund shares, CIT
 * rate, holiday years, tax reduction factors) come from the policy catalogue.
 *
 * Sources: 财政部 税务总局公告2021年第40号; 《企业所得税法》第四条、第十八条、第二十七条,
 * 《企业所得税法实施条例》第八十八条; 财政部 税务总局 国家发展改革委公告2020年第23号 (western
 * 15 %); 财税〔2009〕69号 第一条 (the rate halved in the 减半 years); the annual return A100000
 * lines 19–23, A106000, A107020 (国家税务总局公告2017年第54号, revised by 2020年第24号); 《环境保护税法》第十二条、第十三条;
 * 万州发改资环〔2023〕25号（十三）“落实环境保护、水资源节约、污水资源化利用等方面税收优惠政策”.
 */
import { CalcError, formatNumber, isCalcError, valueError } from './errors';
import { policyList, policyNumber } from './policy';

/**
 * Immediate VAT refund: max(0, output_vat − input_vat) × refund_share. Only VAT actually paid
 * is refunded; excess input VAT is carried forward by the tax rules, not refunded.
 * @example vatRefund(1_000_000, 400_000, 0.7) // 420 000
 */
export function vatRefund(
  outputVat: number,
  inputVat: number,
  refundShare: number = policyNumber('vat.refund.sewage')
): number {
  return Math.max(0, outputVat - inputVat) * refundShare;
}

/** Years a tax loss may be carried forward (《企业所得税法》第十八条: 最长不得超过五年). */
export const LOSS_CARRY_YEARS = 5;

/**
 * The holiday factor for year t (1-based) with the first revenue year f: 1 before f; 0 for
 * the exempt years f … f+2; ½ for the next three; 1 after (years from `cit.holiday`).
 */
export function holidayFactor(year: number, firstRevenueYear: number): number {
  const [exemptYears, halfRateYears] = policyList('cit.holiday');
  const k = year - firstRevenueYear;
  if (k < 0) return 1;
  if (k < exemptYears) return 0;
  if (k < exemptYears + halfRateYears) return 0.5;
  return 1;
}

/**
 * The order of the holiday and loss relief.
 *
 * - `Return` (申报表顺序, the default): as the annual return (A类, 2017 version as revised by
 *   国家税务总局公告2020年第24号) computes it. The holiday is an income reduction (所得减免,
 *   《企业所得税法》第二十七条第（三）项): A100000 line 19 纳税调整后所得, line 20 减：所得减免
 *   (detail in A107020: the exempt income, and half the income in the 减半 years), line 21 减：弥补
 *   以前年度亏损 (A106000, whose "当年境内所得额" is line 19 − line 20), line 23 应纳税所得额. So
 *   exempt income never absorbs a carried loss, and in a 减半 year a loss offsets the taxed half.
 * - `LossFirst` (先弥补亏损后减免, the order before issue 11): carried losses are used against the
 *   whole income first and the holiday factor applies to what remains, so losses are spent in
 *   exempt years. Kept as an option for comparison with models built that way.
 */
export enum LossOrder {
  Return = 'return',
  LossFirst = 'loss_first',
}

/** One year of the CIT computation. */
export interface CitYear {
  year: number;
  taxableIncome: number;
  /** Income exempt this year (所得减免: all of it in an exempt year, half in a 减半 year); 0 with `LossFirst`. */
  incomeReduction: number;
  /** Earlier losses used against this year's income. */
  lossUsed: number;
  /** Income left after the income reduction and loss offsets (0 in a loss year); with `LossFirst`, after loss offsets only. */
  taxBase: number;
  factor: number;
  tax: number;
}

/** Options of `citSchedule` beyond the income list (every one defaults as REUSE.TAX.CITHOLIDAY does). */
export interface CitOptions {
  /** 1-based index of the first year with operating revenue (default 1). */
  firstRevenueYear?: number;
  /** The CIT rate (default `cit.rate`, 25 %). */
  rate?: number;
  /** Years a loss may be carried forward (default 5). */
  lossCarryYears?: number;
  /**
   * The rate whose tax is halved in the 减半 years (default: `rate`). 财税〔2009〕69号 第一条: a firm
   * on the western-development 15 % rate halves the tax at its own rate (7.5 %); every other
   * 定期减免 halves the tax at the 25 % statutory rate (12.5 %), so with another 15 % rate (a
   * third-party pollution-control firm, a high-tech enterprise) pass 0.25.
   */
  halfRateBase?: number;
  /** Default `LossOrder.Return`. */
  lossOrder?: LossOrder;
}

/**
 * Corporate income tax per year with the environmental-project holiday (三免三减半).
 *
 * A negative year pays 0 and its loss offsets the taxable income of the next
 * `lossCarryYears` years, oldest loss first. Holiday factor f_t: 1 before
 * `firstRevenueYear` (a 1-based index into the list), 0 in the three exempt years, ½ in the
 * three 减半 years, then 1; the rate in the 减半 years is `halfRateBase`, else `rate`.
 *
 * - `LossOrder.Return` (default, as the annual return): tax_t = (income_t × f_t − losses used)⁺ × rate_t,
 *   the losses used being at most income_t × f_t — exempt income is reduced first, so it never
 *   absorbs a carried loss.
 * - `LossOrder.LossFirst`: tax_t = (income_t − losses used)⁺ × rate_t × f_t, the losses used being
 *   at most income_t.
 *
 * Both orders give the same tax when no loss meets an exempt or 减半 year. `#VALUE!` if
 * `firstRevenueYear` is past the list.
 *
 * @example citSchedule([100, 100, 100, 100, 100, 100, 100]) // tax [0, 0, 0, 12.5, 12.5, 12.5, 25]
 * @example citSchedule([-50, 100, 100, 100, 100, 100, 100, 100], {firstRevenueYear: 2})
 * // tax [0, 0, 0, 0, 0, 12.5, 12.5, 25]: the loss waits through the exempt years and offsets the
 * // taxed half of year 5 (50 × 25 %); with LossOrder.LossFirst it is spent in year 2: [0, 0, 0, 0, 12.5, 12.5, 12.5, 25]
 * @example citSchedule([100, 100, 100, 100, 100, 100, 100], {rate: 0.15}) // western 15 %: [0, 0, 0, 7.5, 7.5, 7.5, 15]
 * @example citSchedule([100, 100, 100, 100, 100, 100, 100], {rate: 0.15, halfRateBase: 0.25}) // third-party 15 %: [0, 0, 0, 12.5, 12.5, 12.5, 15]
 */
export function citSchedule(taxableIncome: readonly number[], options: CitOptions = {}): CitYear[] | CalcError {
  const {
    firstRevenueYear = 1,
    rate = policyNumber('cit.rate'),
    lossCarryYears = LOSS_CARRY_YEARS,
    lossOrder = LossOrder.Return,
  } = options;
  const halfRateBase = options.halfRateBase ?? rate;
  if (firstRevenueYear > taxableIncome.length) {
    return valueError('firstYearBeyondList', { max: taxableIncome.length, got: formatNumber(firstRevenueYear) });
  }
  const losses: { year: number; left: number }[] = [];
  /** Uses carried losses against `room` of income, oldest first; returns the amount used. */
  const relieve = (year: number, room: number): number => {
    let used = 0;
    for (const loss of losses) {
      if (room - used <= 0) break;
      if (year - loss.year > lossCarryYears || loss.left <= 0) continue;
      const use = Math.min(loss.left, room - used);
      loss.left -= use;
      used += use;
    }
    return used;
  };
  return taxableIncome.map((income, i) => {
    const year = i + 1;
    const factor = holidayFactor(year, firstRevenueYear);
    const rateThisYear = factor === 0.5 ? halfRateBase : rate;
    if (income < 0) {
      losses.push({ year, left: -income });
      return { year, taxableIncome: income, incomeReduction: 0, lossUsed: 0, taxBase: 0, factor, tax: 0 };
    }
    if (lossOrder === LossOrder.LossFirst) {
      const lossUsed = relieve(year, income);
      const taxBase = income - lossUsed;
      return {
        year,
        taxableIncome: income,
        incomeReduction: 0,
        lossUsed,
        taxBase,
        factor,
        tax: taxBase * factor * rateThisYear,
      };
    }
    const remaining = income * factor;
    const lossUsed = relieve(year, remaining);
    const taxBase = remaining - lossUsed;
    return {
      year,
      taxableIncome: income,
      incomeReduction: income - remaining,
      lossUsed,
      taxBase,
      factor,
      tax: taxBase * rateThisYear,
    };
  });
}

/** The tax column of `citSchedule`. */
export function citHoliday(taxableIncome: readonly number[], options: CitOptions = {}): number[] | CalcError {
  const rows = citSchedule(taxableIncome, options);
  return isCalcError(rows) ? rows : rows.map((r) => r.tax);
}

/** Concentration shares of the standard below which the tax is reduced (《环境保护税法》第十三条). */
export const ENVTAX_THRESHOLDS = { below50: 0.5, below70: 0.7 } as const;

/**
 * Reduction factor: `envtax.factor.below_50` (0.5) when concentration ≤ 50 % of the standard,
 * `envtax.factor.below_70` (0.75) when ≤ 70 %, else 1. The comparison is on
 * concentration / standard, so an exact 35 / 50 is 0.7 and gets the reduction.
 */
export function envTaxFactor(concentration: number, standard: number): number {
  const ratio = concentration / standard;
  if (ratio <= ENVTAX_THRESHOLDS.below50) return policyNumber('envtax.factor.below_50');
  if (ratio <= ENVTAX_THRESHOLDS.below70) return policyNumber('envtax.factor.below_70');
  return 1;
}

/**
 * Environmental protection tax on one water pollutant:
 * discharge_kg / kg_per_unit × yuan_per_unit × factor (pollution equivalents × rate × reduction).
 * Public sewage plants discharging within the standard are exempt altogether (第十二条,
 * REUSE.POLICY("envtax.exempt.sewage_plant")); that is the caller's choice, not applied here.
 * @example envTax(3500, 1, 3, 35, 50) // 3500 × 3 × 0.75 = 7875
 */
export function envTax(
  dischargeKg: number,
  kgPerUnit: number,
  yuanPerUnit: number,
  concentration: number,
  standard: number
): number {
  return (dischargeKg / kgPerUnit) * yuanPerUnit * envTaxFactor(concentration, standard);
}
