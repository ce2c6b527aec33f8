/**
 * The flagship's funding inputs (src/examples/flagship.ts 假设 and the policy catalogue in
 * FUNCTIONS.md) restated here, and the outputs other tests read from it computed by hand:
 *
 * - central support, upper bound ('评价'!C5) = min(capex × regional share, cap);
 * - expected central support = upper bound × the expected share;
 * - the bank loan at the end of construction ('评价'!C7): each construction year draws its share
 *   (40 % in 2024, 60 % in 2025) of capex − expected central − bond − own funds, plus in 2025 the
 *   bond's first year of coupons (issued Sep 2024), never below 0; half a year's interest on the
 *   year's draw and a full year on the balance brought forward, rolled up (建设期利息);
 * - its level annual payment ('投资与融资'!C13) over the loan years.
 */
export const FLAGSHIP_FUNDING = {
  capex: 210e6 + 60e6,
  bond: 140e6,
  coupon: 0.025,
  ownFunds: 30e6,
  share: { west: 0.6, east: 0.3 },
  cap: 50e6,
  expectedShare: 0.6,
  firstYearShare: 0.4,
  loanRate: 0.036,
  loanYears: 15,
} as const;

export interface FundingCase {
  cap?: number;
  /** Regional share of capex (west 0.6, east 0.3). */
  share?: number;
  expectedShare?: number;
  years?: number;
  rate?: number;
}

export function flagshipFunding(o: FundingCase = {}): {
  centralCap: number;
  central: number;
  loan: number;
  payment: number;
} {
  const F = FLAGSHIP_FUNDING;
  const centralCap = Math.min(F.capex * (o.share ?? F.share.west), o.cap ?? F.cap);
  const central = centralCap * (o.expectedShare ?? F.expectedShare);
  const rate = o.rate ?? F.loanRate;
  const gap = F.capex - central - F.bond - F.ownFunds;
  const draw1 = Math.max(0, F.firstYearShare * gap);
  const draw2 = Math.max(0, (1 - F.firstYearShare) * gap + F.bond * F.coupon);
  const balance1 = draw1 + (draw1 / 2) * rate;
  const loan = balance1 + draw2 + (balance1 + draw2 / 2) * rate;
  const years = o.years ?? F.loanYears;
  return { centralCap, central, loan, payment: loan > 0 ? (loan * rate) / (1 - (1 + rate) ** -years) : 0 };
}
