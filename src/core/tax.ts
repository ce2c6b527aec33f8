/**
 * Tax incentives for resource utilisation: immediate VAT refunds (增值税即征即退), the
 * corporate income tax holiday for environmental projects (三免三减半) and the environmental
 * protection tax with its concentration reductions.
 *
 * Inputs are typed and range-checked by the registry; policy numbers (refund shares, CIT
 * rate, holiday years, tax reduction factors) come from the policy catalogue.
 *
 * Sources: 财政部 税务总局公告2021年第40号; 《企业所得税法》第四条、第十八条,
 * 《企业所得税法实施条例》第八十八条; 《环境保护税法》第十二条、第十三条;
 * 万州发改资环〔2023〕25号（十三）“落实环境保护、水资源节约、污水资源化利用等方面税收优惠政策”.
 */
import { CalcError, formatNumber, isCalcError, valueError } from './errors';
import { policyList, policyNumber } from './policy';

/**
 * Immediate VAT refund: max(0, output_vat − input_vat) × refund_share. Only VAT actually paid
 * is refunded; excess input VAT is carried forward by the tax rules, not refunded.
 * @example vatRefund(1_000_000, 400_000, 0.7) // 420 000
 */
export function vatRefund(outputVat: number, inputVat: number, refundShare: number = policyNumber('vat.refund.sewage')): number {
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

/** One year of the CIT computation. */
export interface CitYear {
  year: number;
  taxableIncome: number;
  /** Earlier losses used against this year's income. */
  lossUsed: number;
  /** Income left after loss offsets (0 in a loss year). */
  taxBase: number;
  factor: number;
  tax: number;
}

/**
 * Corporate income tax per year with the environmental-project holiday (三免三减半).
 *
 * A negative year pays 0 and its loss offsets the taxable income of the next
 * `lossCarryYears` years, oldest loss first; the holiday factor (0, ½ or 1) then applies to
 * what remains: tax_t = (income_t − losses used)⁺ × rate × factor_t. Losses are used up in
 * exempt years too (loss relief comes before the exemption, as in the annual return), so a
 * loss is not saved for the taxed years. Years before `firstRevenueYear` (a 1-based index
 * into the list) pay the full rate. `#VALUE!` if `firstRevenueYear` is past the list.
 *
 * @example citHoliday([100, 100, 100, 100, 100, 100, 100], 1, 0.25, 5) // [0, 0, 0, 12.5, 12.5, 12.5, 25]
 * @example citHoliday([-50, 30, 40], 1, 0.25, 5) // years 1–3 exempt anyway; the loss is used by years 2 and 3
 */
export function citSchedule(
  taxableIncome: readonly number[],
  firstRevenueYear = 1,
  rate: number = policyNumber('cit.rate'),
  lossCarryYears: number = LOSS_CARRY_YEARS,
): CitYear[] | CalcError {
  if (firstRevenueYear > taxableIncome.length) {
    return valueError('firstYearBeyondList', { max: taxableIncome.length, got: formatNumber(firstRevenueYear) });
  }
  const losses: { year: number; left: number }[] = [];
  return taxableIncome.map((income, i) => {
    const year = i + 1;
    const factor = holidayFactor(year, firstRevenueYear);
    if (income < 0) {
      losses.push({ year, left: -income });
      return { year, taxableIncome: income, lossUsed: 0, taxBase: 0, factor, tax: 0 };
    }
    let base = income;
    let lossUsed = 0;
    for (const loss of losses) {
      if (base <= 0) break;
      if (year - loss.year > lossCarryYears || loss.left <= 0) continue;
      const use = Math.min(loss.left, base);
      loss.left -= use;
      base -= use;
      lossUsed += use;
    }
    return { year, taxableIncome: income, lossUsed, taxBase: base, factor, tax: base * rate * factor };
  });
}

/** The tax column of `citSchedule`. */
export function citHoliday(
  taxableIncome: readonly number[],
  firstRevenueYear = 1,
  rate: number = policyNumber('cit.rate'),
  lossCarryYears: number = LOSS_CARRY_YEARS,
): number[] | CalcError {
  const rows = citSchedule(taxableIncome, firstRevenueYear, rate, lossCarryYears);
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
export function envTax(dischargeKg: number, kgPerUnit: number, yuanPerUnit: number, concentration: number, standard: number): number {
  return (dischargeKg / kgPerUnit) * yuanPerUnit * envTaxFactor(concentration, standard);
}
