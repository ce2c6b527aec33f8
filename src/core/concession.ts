/**
 * The concession test of the 2023 PPP mechanism (政府和社会资本合作新机制): a new reuse project is
 * a user-pay concession (特许经营), so the question is no longer "how much must the government pay
 * each year" (财金〔2015〕21号, kept in ppp.ts for signed projects) but "what user charge does the
 * concessionaire need for its target return over the concession term, and do the price rules allow
 * it".
 *
 * Rules this module follows:
 * - 国办函〔2023〕115号 一（一）聚焦使用者付费项目: project revenue must cover construction and
 *   operating cost with a return; the government may give investment support to user-pay projects
 *   in the construction period only (“在项目建设期对使用者付费项目给予政府投资支持”); government
 *   payments may subsidise operation as the rules provide but never construction cost; no viability
 *   gap funding, guaranteed return or availability payment. So the only public money modelled here
 *   is `constructionSupport`, paid during construction and treated as a grant (投资补助) that
 *   lowers what the concessionaire finances. Capital injection (资本金注入) is not modelled: a
 *   public shareholder would share the dividends.
 * - 国办函〔2023〕115号 一（六）: projects that had not finished procurement before the February 2023
 *   review, and every later one, follow the new mechanism.
 * - 《基础设施和公用事业特许经营管理办法》（国家发展改革委等六部门令2024年第17号，2024-05-01施行）
 *   第四条（基于使用者付费的PPP模式）; the term clause: 特许经营期限原则上不超过40年，投资规模大、
 *   回报周期长的可适当延长 (REUSE.POLICY("ppp.concession_term_max")). The term is therefore a test,
 *   not a hard limit: `concessionTest` reports the headroom, `concessionPrice` accepts any term.
 * - 万州发改资环〔2023〕25号（十三）“鼓励和吸引各类社会资金通过特许经营、政府购买服务、股权合作等
 *   方式参与再生水利用设施建设和运营”.
 *
 * Timeline (years, flows at period ends, discounted to t = 0, the start of construction):
 * - construction_years C = 0: the whole investment at t = 0; C ≥ 1: capex / C at t = 1…C.
 *   (C = 0 and C = 1 give the same price: the investment one period before the first operating year.)
 * - operating years j = 1…N at t = C + j, N = term_years − C (the term includes construction).
 * - Loans: debt_ratio × (capex − construction_support), drawn with the capex; interest during
 *   construction is capitalised; from t = C + 1 a level annuity over loan_years at debt_rate.
 * - No income tax, no VAT (the price is before VAT; the return is before income tax), no residual
 *   value (the assets pass to the government at the end of the term, 期满移交).
 */
import { CalcError, formatNumber, isCalcError, valueError } from './errors';
import { perYear } from './ppp';

/** A concession's terms, units as the registry documents them. */
export interface ConcessionTerms {
  /** Total construction investment (yuan). */
  capex: number;
  /** Operating cost per operating year (yuan/year): one value (every year) or one per operating year. */
  opex: readonly number[];
  /** Volume sold per operating year (m³/year): one value or one per operating year. */
  volume: readonly number[];
  /** Concession term in years, construction included. */
  termYears: number;
  /** Target return per year on equity (on the whole investment when debtRatio = 0). */
  targetReturn: number;
  /** Construction-period investment support from the government (yuan, ≤ capex). Default 0. */
  constructionSupport?: number;
  /** Years of construction inside the term (< termYears). Default 0. */
  constructionYears?: number;
  /** Share of the concessionaire's investment financed by loans, in [0, 1). Default 0. */
  debtRatio?: number;
  /** Loan interest rate per year. Default: targetReturn (debt then changes nothing). */
  debtRate?: number;
  /** Years of level repayment from the first operating year (≤ operating years). Default: all operating years. */
  loanYears?: number;
}

/** The pieces of the price formula, all present values at t = 0 at the target return. */
export interface ConcessionFactors {
  /** Operating years N = termYears − constructionYears. */
  operatingYears: number;
  /** Cost to the concessionaire's equity, in present value, of one yuan of net investment (h). */
  costPerYuanInvested: number;
  /** Σ_j opex_j / (1 + r)^(C + j). */
  pvOpex: number;
  /** Σ_j volume_j / (1 + r)^(C + j), > 0. */
  pvVolume: number;
  /** Level debt service per year (yuan), 0 without debt. */
  debtService: number;
}

/** Discount factor (1 + r)^−t. */
const df = (r: number, t: number): number => Math.pow(1 + r, -t);

/** Level annuity per unit of principal: i / (1 − (1 + i)^−n), 1/n at i = 0 (no cancellation near 0). */
function annuityFactor(i: number, n: number): number {
  return i === 0 ? 1 / n : i / -Math.expm1(-n * Math.log1p(i));
}

/**
 * Checks the cross-argument rules and computes the factors of the price formula:
 * price = ((capex − S) × h + PV(opex)) / PV(volume), with
 * h = (1 − d) × w + d × g,
 * w = 1 (C = 0) or (1/C) Σ_{k=1..C} (1 + r)^−k: present value of spending one yuan over construction,
 * g = b × a × Σ_{t=C+1..C+L} (1 + r)^−t: present value of the debt service on one yuan of loan, where
 * b = 1 (C = 0) or (1/C) Σ_{k=1..C} (1 + i)^(C−k) is the balance at the start of operation per yuan
 * drawn (capitalised interest) and a = annuityFactor(i, L).
 */
export function concessionFactors(t: ConcessionTerms): ConcessionFactors | CalcError {
  const C = t.constructionYears ?? 0;
  const S = t.constructionSupport ?? 0;
  const d = t.debtRatio ?? 0;
  const r = t.targetReturn;
  const i = t.debtRate ?? r;
  if (C >= t.termYears) {
    return valueError('constructionNotBelowTerm', { term: t.termYears, got: C });
  }
  const N = t.termYears - C;
  const L = t.loanYears ?? N;
  if (L > N) return valueError('loanBeyondOperation', { max: N, got: L });
  if (S > t.capex) return valueError('supportAboveCapex', { capex: formatNumber(t.capex), got: formatNumber(S) });
  const opex = perYear('annual_opex', t.opex, N, 'operation (term_years − construction_years)');
  if (isCalcError(opex)) return opex;
  const volume = perYear('annual_volume', t.volume, N, 'operation (term_years − construction_years)');
  if (isCalcError(volume)) return volume;

  let pvOpex = 0;
  let pvVolume = 0;
  for (let j = 1; j <= N; j++) {
    const f = df(r, C + j);
    pvOpex += opex[j - 1] * f;
    pvVolume += volume[j - 1] * f;
  }
  if (!(pvVolume > 0)) return valueError('noConcessionVolume');

  let w = 1;
  let b = 1;
  if (C > 0) {
    w = 0;
    b = 0;
    for (let k = 1; k <= C; k++) {
      w += df(r, k);
      b += Math.pow(1 + i, C - k);
    }
    w /= C;
    b /= C;
  }
  let g = 0;
  const a = annuityFactor(i, L);
  if (d > 0) {
    let pvYears = 0;
    for (let s = C + 1; s <= C + L; s++) pvYears += df(r, s);
    g = b * a * pvYears;
  }
  const debtService = d * (t.capex - S) * b * a;
  return { operatingYears: N, costPerYuanInvested: (1 - d) * w + d * g, pvOpex, pvVolume, debtService };
}

/**
 * The user charge per m³ (before VAT) at which the concessionaire's cash flows, discounted at the
 * target return, are worth zero: the equity return equals `targetReturn` (the project return when
 * there is no debt).
 *
 * price = ((capex − construction_support) × h + Σ_j opex_j v^(C+j)) / Σ_j volume_j v^(C+j), v = 1/(1 + r)
 * (h: see `concessionFactors`). Without construction years, support or debt, h = 1 and a level
 * volume and opex give the levelised cost of water: (capex × CRF(r, N) + opex) / volume.
 *
 * @example concessionPrice({capex: 80e6, opex: [5.58e6], volume: [9.3075e6], termYears: 20, targetReturn: 0.052})
 *   // 1.30096… = REUSE.PRICE.LCOW(80e6, 5.58e6, 9.3075e6, 20, 0.052)
 */
export function concessionPrice(t: ConcessionTerms): number | CalcError {
  const f = concessionFactors(t);
  if (isCalcError(f)) return f;
  return ((t.capex - (t.constructionSupport ?? 0)) * f.costPerYuanInvested + f.pvOpex) / f.pvVolume;
}

/** The concession test: the needed user charge against the allowed one, and the term against its limit. */
export interface ConcessionTest {
  /** concessionPrice(terms), yuan/m³. */
  requiredPrice: number;
  /** The price the rules allow (as given), yuan/m³. */
  allowedPrice: number;
  /** allowedPrice − requiredPrice (≥ 0: the allowed price suffices). */
  priceHeadroom: number;
  /**
   * Construction support to add to `constructionSupport` so that the allowed price suffices
   * (0 when it already does). Above capex − constructionSupport, construction support alone
   * cannot close the gap: the operating cost is not covered, and the new mechanism allows no
   * availability payment or viability-gap funding.
   */
  extraSupport: number;
  /** termLimit − termYears (≥ 0: within the limit). */
  termHeadroom: number;
  /** 1 when both headrooms are ≥ 0, else 0. */
  passes: 0 | 1;
}

/**
 * Runs the concession test. The price is linear in the support S: price(S) = ((capex − S) h + PVO) / PVV,
 * so the support at which price(S*) = allowed is S* = capex − (allowed × PVV − PVO) / h, and
 * extraSupport = max(0, S* − constructionSupport).
 * @example concessionTest({capex: 80e6, opex: [5.58e6], volume: [9.3075e6], termYears: 20, targetReturn: 0.052}, 1.2, 40)
 *   // requiredPrice 1.30096…, priceHeadroom −0.10096…, termHeadroom 20, passes 0
 */
export function concessionTest(
  t: ConcessionTerms,
  allowedPrice: number,
  termLimit: number
): ConcessionTest | CalcError {
  const f = concessionFactors(t);
  if (isCalcError(f)) return f;
  const S = t.constructionSupport ?? 0;
  const requiredPrice = ((t.capex - S) * f.costPerYuanInvested + f.pvOpex) / f.pvVolume;
  const priceHeadroom = allowedPrice - requiredPrice;
  const supportAtAllowed = t.capex - (allowedPrice * f.pvVolume - f.pvOpex) / f.costPerYuanInvested;
  const extraSupport = priceHeadroom >= 0 ? 0 : Math.max(0, supportAtAllowed - S);
  const termHeadroom = termLimit - t.termYears;
  return {
    requiredPrice,
    allowedPrice,
    priceHeadroom,
    extraSupport,
    termHeadroom,
    passes: priceHeadroom >= 0 && termHeadroom >= 0 ? 1 : 0,
  };
}
