/**
 * The flagship workbook end to end: built by src/examples/flagship.ts, saved and read back as
 * .xlsx (so the engine sees `_xldudf_REUSE_…` as Excel stores it), loaded into the engine with
 * its defined names, and every key figure compared with an independent calculation written
 * here in plain TypeScript loops (no src/core, no engine result feeds it). Policy numbers come
 * from FUNCTIONS.md; conventions from 《建设项目经济评价方法与参数》（第三版）: year-end flows
 * from the start of construction, income tax on EBIT in the project view, the tax actually paid
 * in the equity view, DSCR = (EBITDA − tax − sustaining capex) / debt service.
 */
import ExcelJS from 'exceljs';
import { Engine, isEngineError } from '../../src/engine/engine';
import { computeResults, loadWorkbook } from '../../src/engine/load';
import { patchCachedValues } from '../../src/engine/patch-values';
import { readWorkbook } from '../../src/xlsx/package';
import { workbookBytes } from '../../src/examples/xlsx-bytes';
import {
  BAL_ROW,
  BALANCE_RESULTS,
  BOND_PROFILE_ROWS,
  BUILD_ROW,
  B,
  C,
  E,
  EQUITY_RESULTS,
  FLAGSHIP_YEARS,
  FUND,
  L,
  OP_ROW,
  P,
  PROJECT_RESULTS,
  SHEETS,
  TIMELINE_ROWS,
  TL_ROW,
  buildFlagshipWorkbook,
} from '../../src/examples/flagship';
import { expectClose } from '../helpers/tolerance';

/** FUNCTIONS.md / the policy catalogue: the values the workbook's policy-formula inputs must take. */
const POLICY: Record<string, number> = {
  central_cap: 50_000_000,
  coverage_min: 1.2,
  dscr_min: 1.2,
  refund_sewage: 0.7,
  refund_reclaimed: 0.5,
};
const WEST_SHARE = 0.6;
const ENVTAX_EXEMPT_FACTOR = 0;
/** 三免三减半 (实施条例第八十八条) and the five-year loss carry-forward (企业所得税法第十八条). */
const EXEMPT_YEARS = 3;
const HALF_YEARS = 3;
const LOSS_CARRY = 5;

const colNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
function parseA1(a1: string): { row: number; col: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a1)!;
  return { row: Number(m[2]) - 1, col: colNumber(m[1]) - 1 };
}

interface Loaded {
  engine: Engine;
  bytes: Uint8Array;
  workbook: ExcelJS.Workbook;
  names: Record<string, string>;
  /** The value of a cell: `get('现金流', 'R7')`. */
  get(sheet: string, a1: string): unknown;
  /** The value of a named single-cell input. */
  input(name: string): number;
  /** Sets a named single-cell input. */
  set(name: string, value: number): void;
  column(sheet: string, letter: string, fromRow: number, toRow: number): unknown[];
}

async function load(): Promise<Loaded & { summary: ReturnType<typeof buildFlagshipWorkbook>['summary'] }> {
  const built = buildFlagshipWorkbook();
  // Save and read back through the product's own loader: the engine sees the file as a bureau would send it.
  const bytes = await workbookBytes(built.workbook);
  const { engine } = await loadWorkbook(bytes);
  // ExcelJS reads the same file as an independent second reader, for the tests that inspect the file itself.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const model = (workbook.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model;
  const names = Object.fromEntries(model.map((d) => [d.name, d.ranges[0]]));
  const get = (sheet: string, a1: string) =>
    engine.hf.getCellValue({ sheet: engine.hf.getSheetId(sheet)!, ...parseA1(a1) });
  const at = (name: string) => {
    const [, sheet, a1] = /^'(.+)'!(\$[A-Z]+\$\d+)$/.exec(names[name])!;
    return { sheet, a1: a1.replace(/\$/g, '') };
  };
  const input = (name: string) => {
    const { sheet, a1 } = at(name);
    const v = get(sheet, a1);
    if (typeof v !== 'number') throw new Error(`input ${name} is ${String(v)}`);
    return v;
  };
  const set = (name: string, value: number) => {
    const { sheet, a1 } = at(name);
    engine.setCells({ sheet: engine.hf.getSheetId(sheet)!, ...parseA1(a1) }, [[value]]);
  };
  const column = (sheet: string, letter: string, fromRow: number, toRow: number) =>
    Array.from({ length: toRow - fromRow + 1 }, (_, i) => get(sheet, `${letter}${fromRow + i}`));
  return { engine, bytes, workbook, names, get, input, set, column, summary: built.summary };
}

type LossOrder = 'losses-first' | 'exemption-first';

/** The holiday factor of timeline year t (1-based) when revenue starts in year `first`. */
function holiday(t: number, first: number): number {
  const k = t - first;
  return k < 0 ? 1 : k < EXEMPT_YEARS ? 0 : k < EXEMPT_YEARS + HALF_YEARS ? 0.5 : 1;
}

/**
 * CIT with the holiday and five-year loss relief, in either order: losses first, then the holiday
 * factor on what remains (FUNCTIONS.md today), or the annual return's order (A100000 lines 19–21:
 * the exempt and halved income out first, losses relieved on what remains), which issue 11 makes
 * the default. The workbook must match one of them exactly.
 */
function cit(income: number[], first: number, rate: number, order: LossOrder): number[] {
  const left = income.map((v) => Math.max(0, -v));
  return income.map((v, i) => {
    if (v < 0) return 0;
    const factor = holiday(i + 1, first);
    let base = order === 'losses-first' ? v : v * factor;
    for (let s = Math.max(0, i - LOSS_CARRY); s < i; s++) {
      const use = Math.min(left[s], base);
      left[s] -= use;
      base -= use;
    }
    return base * rate * (order === 'losses-first' ? factor : 1);
  });
}

/** Excel's NPV: the first value discounted one period (year-end flows, year 1 = construction year 1). */
const npv = (rate: number, flows: number[]) => flows.reduce((a, v, i) => a + v / Math.pow(1 + rate, i + 1), 0);

/** IRR by bisection on Σ v_i / (1+r)^i (one sign change in these flows, so one root). */
function irr(flows: number[]): number {
  const f = (r: number) => flows.reduce((a, v, i) => a + v / Math.pow(1 + r, i), 0);
  let lo = -0.9;
  let hi = 1;
  expect(Math.sign(f(lo))).not.toBe(Math.sign(f(hi)));
  for (let n = 0; n < 200; n++) {
    const mid = (lo + hi) / 2;
    if (Math.sign(f(mid)) === Math.sign(f(lo))) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Payback from the start of construction: the time after which the cumulative cash flow stays
 * ≥ 0, interpolated within the year (flows at year ends, year t ends at time t).
 */
function payback(flows: number[]): number {
  let cumulative = 0;
  const cum = flows.map((v) => (cumulative += v));
  let last = -1;
  cum.forEach((v, i) => v < 0 && (last = i));
  if (last === -1) return 0;
  return last + 1 + -cum[last] / flows[last + 1];
}

/** Calendar year of an Excel date serial. */
const yearOf = (serial: number) => new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).getUTCFullYear();

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The whole model again, in plain loops, from the input values. */
function independentModel(x: (name: string) => number, region: string, order: LossOrder) {
  expect(region).toBe('西部');
  const N = FLAGSHIP_YEARS;
  const T = TIMELINE_ROWS;
  const capex = x('capex_plant') + x('capex_reclaimed');
  const centralCap = Math.min(capex * WEST_SHARE, POLICY.central_cap);
  const central = centralCap * x('central_expected_share');
  const c = x('construction_years');
  const start = x('construction_start_year');
  const vat = x('capex_input_vat_share');
  const share = (t: number) =>
    t > c ? 0 : c === 1 ? 1 : t === 1 ? x('capex_share_first') : (1 - x('capex_share_first')) / (c - 1);

  // The bond by bond year: outstanding × coupon a year (two half-year coupons), principal at the year end.
  const bond = x('bond_principal');
  const term = x('bond_term');
  const grace = x('bond_grace_years');
  const coupon = x('bond_coupon');
  const bondPrincipal: number[] = [];
  const bondInterest: number[] = [];
  let outstanding = bond;
  for (let y = 1; y <= term; y++) {
    bondInterest.push(outstanding * coupon);
    const p = y === term ? outstanding : y <= grace ? 0 : bond / (term - grace);
    bondPrincipal.push(p);
    outstanding -= p;
  }
  const bondDS = bondPrincipal.map((p, i) => p + bondInterest[i]);
  const issueYear = yearOf(x('bond_issue_date'));
  const bondYearOf = (calendarYear: number) => calendarYear - issueYear;

  // Construction: every source in proportion to capex; the bond's coupons and the rest of the
  // need drawn from the loan; half a year's interest on the year's draw, rolled up.
  const loanRate = x('loan_rate');
  const build = Array.from({ length: 3 }, (_, i) => ({ t: i + 1 }));
  let loanBalance0 = 0;
  const construction = build.map(({ t }) => {
    const kb = bondYearOf(start + t - 1);
    const bondInt = t <= c && kb >= 1 && kb <= term ? bondInterest[kb - 1] : 0;
    const spend = capex * share(t);
    const draw = Math.max(0, spend - central * share(t) - bond * share(t) - x('own_funds') * share(t) + bondInt);
    const idc = t <= c ? (loanBalance0 + draw / 2) * loanRate : 0;
    loanBalance0 += draw + idc;
    return {
      capex: spend,
      central: central * share(t),
      centralCap: centralCap * share(t),
      own: x('own_funds') * share(t),
      bondInt,
      draw,
      idc,
      balance: loanBalance0,
    };
  });
  const loan = construction[c - 1].balance;
  const idc = sum(construction.map((b) => b.bondInt + b.idc));
  const totalInvestment = capex + idc;
  const n = x('loan_years');
  const payment = loan > 0 ? (loan * loanRate) / (1 - Math.pow(1 + loanRate, -n)) : 0;
  const capitalRatio = (central + bond * x('bond_capital_share') + x('own_funds')) / totalInvestment;

  // Operating years.
  const surchargeRate = x('cmt_rate') + x('edu_surcharge_rate') + x('local_edu_surcharge_rate');
  let creditS = x('capex_plant') * vat;
  let creditW = x('capex_reclaimed') * vat;
  const op = Array.from({ length: N }, (_, i) => {
    const k = i + 1;
    const load = Math.min(x('load_max'), x('load_start') + x('load_step') * (k - 1));
    const sewageM3 = x('sewage_capacity') * load * 365;
    const reclaimedM3 = x('reclaimed_capacity') * load * 365;
    const p = Math.pow(1 + x('price_growth'), k - 1);
    const ci = Math.pow(1 + x('om_growth'), k - 1);
    const fees = sewageM3 * x('sewage_fee') * p;
    const users = reclaimedM3 * x('reclaimed_user_share') * x('reclaimed_price') * p;
    const eco = reclaimedM3 * (1 - x('reclaimed_user_share')) * x('eco_price') * p;
    const omSewage = (sewageM3 * x('om_sewage') + x('om_fixed')) * ci;
    const omReclaimed = reclaimedM3 * x('om_reclaimed') * ci;
    // VAT per line: the construction credit absorbs output VAT until it is used up.
    const netS = fees * x('vat_rate_sewage') - omSewage * x('input_vat_share');
    const netW = (users + eco) * x('vat_rate_water') - omReclaimed * x('input_vat_share');
    const vatS = Math.max(0, netS - creditS);
    const vatW = Math.max(0, netW - creditW);
    // The output VAT kept while the credit lasts is the capex's VAT coming back.
    const creditUsed = Math.min(creditS, Math.max(0, netS)) + Math.min(creditW, Math.max(0, netW));
    creditS = Math.max(0, creditS - netS);
    creditW = Math.max(0, creditW - netW);
    const refund = vatS * POLICY.refund_sewage + vatW * POLICY.refund_reclaimed;
    const surcharges = (vatS + vatW) * surchargeRate;
    const om = omSewage + omReclaimed;
    const renewal = k % x('renewal_years') === 0 && k < N ? capex * x('equipment_share') * x('renewal_share') * ci : 0;
    return {
      k,
      sewageM3,
      fees,
      users,
      eco,
      revenue: fees + users + eco,
      om,
      vatS,
      vatW,
      creditS,
      creditW,
      creditUsed,
      refund,
      surcharges,
      renewal,
      wc: x('working_capital_share') * om,
    };
  });
  const ry = x('renewal_years');
  const depRenewal = op.map((o) => sum(op.filter((j) => j.k < o.k && j.k >= o.k - ry).map((j) => j.renewal)) / ry);
  const wcIncrease = op.map((o, i) => o.wc - (i > 0 ? op[i - 1].wc : 0));
  const ebitda = op.map((o) => o.revenue + o.refund - o.om - o.surcharges);
  const dy = x('depreciation_years');
  const baseProject = (capex - central) * (1 - vat);
  const baseCap = (capex - centralCap) * (1 - vat);
  const baseEquity = baseProject + idc;
  const dep = (base: number) => op.map((o) => (o.k <= dy ? base / dy : 0));
  const depProject = dep(baseProject);
  const depCap = dep(baseCap);
  const depEquity = dep(baseEquity);
  const residual = (base: number, d: number[]) => base - sum(d) + sum(op.map((o) => o.renewal)) - sum(depRenewal);

  // The timeline: t = 1 … T, operating year k = t − c.
  const rows = Array.from({ length: T }, (_, i) => {
    const t = i + 1;
    const k = t > c && t <= c + N ? t - c : 0;
    return { t, k, year: start + t - 1, o: k ? op[k - 1] : undefined };
  });
  const atOp = (f: (i: number) => number) => rows.map((r) => (r.k ? f(r.k - 1) : 0));
  const atBuild = (f: (b: (typeof construction)[number]) => number) =>
    rows.map((r) => (r.t <= c ? f(construction[r.t - 1]) : 0));
  const revenue = atOp((i) => op[i].revenue);
  const refunds = atOp((i) => op[i].refund);
  const vatCredit = atOp((i) => op[i].creditUsed);
  const om = atOp((i) => op[i].om);
  const surcharges = atOp((i) => op[i].surcharges);
  const renewal = atOp((i) => op[i].renewal);
  const wcFlow = atOp((i) => wcIncrease[i]);
  const wcRecovered = rows.map((r) => (r.k === N ? op[N - 1].wc : 0));
  const lastYear = (v: number) => rows.map((r) => (r.k === N ? v : 0));

  // Project view: before financing; the tax on EBIT (no interest; depreciation without capitalised interest).
  const grant = atBuild((b) => b.central);
  const grantCap = atBuild((b) => b.centralCap);
  const preTax = rows.map(
    (_row, i) =>
      revenue[i] +
      refunds[i] +
      vatCredit[i] +
      grant[i] +
      lastYear(residual(baseProject, depProject))[i] +
      wcRecovered[i] -
      atBuild((b) => b.capex)[i] -
      wcFlow[i] -
      om[i] -
      surcharges[i] -
      renewal[i]
  );
  const ebit = atOp((i) => ebitda[i] - depProject[i] - depRenewal[i]);
  const ebitCap = atOp((i) => ebitda[i] - depCap[i] - depRenewal[i]);
  const adjTax = cit(ebit, c + 1, x('cit_rate'), order);
  const adjTaxCap = cit(ebitCap, c + 1, x('cit_rate'), order);
  const afterTax = preTax.map((v, i) => v - adjTax[i]);
  const afterTaxCap = preTax.map(
    (v, i) =>
      v -
      grant[i] +
      grantCap[i] -
      lastYear(residual(baseProject, depProject))[i] +
      lastYear(residual(baseCap, depCap))[i] -
      adjTaxCap[i]
  );
  const r = x('discount_rate');
  const project = {
    preTax,
    ebit,
    adjTax,
    afterTax,
    afterTaxCap,
    npv: npv(r, afterTax),
    npvCap: npv(r, afterTaxCap),
    npvPreTax: npv(r, preTax),
    firr: irr(afterTax),
    firrCap: irr(afterTaxCap),
    firrPreTax: irr(preTax),
    payback: payback(afterTax),
    paybackPreTax: payback(preTax),
  };

  // Equity view: after financing; the tax actually paid.
  const bondAt = (list: number[]) =>
    rows.map((row) => {
      const kb = bondYearOf(row.year);
      return kb >= 1 && kb <= term ? list[kb - 1] : 0;
    });
  const bondP = bondAt(bondPrincipal);
  const bondI = bondAt(bondInterest);
  let loanBalance = loan;
  const loanI: number[] = [];
  const loanP: number[] = [];
  rows.forEach((row) => {
    const due = row.k >= 1 && row.k <= n && loan > 0;
    const interest = due ? loanBalance * loanRate : 0;
    loanI.push(interest);
    loanP.push(due ? payment - interest : 0);
    loanBalance -= due ? payment - interest : 0;
  });
  const taxable = atOp((i) => ebitda[i] - depEquity[i] - depRenewal[i]).map((v, i) =>
    rows[i].k ? v - bondI[i] - loanI[i] : 0
  );
  const tax = cit(taxable, c + 1, x('cit_rate'), order);
  const debtService = rows.map((row, i) => (row.k ? bondP[i] + bondI[i] + loanP[i] + loanI[i] : 0));
  const cfads = rows.map((row, i) =>
    row.k ? revenue[i] + refunds[i] + vatCredit[i] - om[i] - surcharges[i] - tax[i] - renewal[i] : 0
  );
  const dscr = cfads.map((v, i) => (debtService[i] > 0 ? v / debtService[i] : undefined));
  const reserve = rows.map((_, i) => (i < T - 1 ? (x('dsra_months') / 12) * debtService[i + 1] : 0));
  const reserveIncrease = reserve.map((v, i) => v - (i > 0 ? reserve[i - 1] : 0));
  const own = atBuild((b) => b.own);
  const equityCF = rows.map(
    (_, i) =>
      revenue[i] +
      refunds[i] +
      vatCredit[i] +
      lastYear(residual(baseEquity, depEquity))[i] +
      wcRecovered[i] -
      own[i] -
      reserveIncrease[i] -
      debtService[i] -
      om[i] -
      surcharges[i] -
      renewal[i] -
      wcFlow[i] -
      tax[i]
  );
  const flagged = rows.filter((_, i) => dscr[i] !== undefined && dscr[i]! < POLICY.dscr_min).map((row) => row.year);
  const equity = {
    taxable,
    tax,
    cfads,
    debtService,
    dscr,
    reserve,
    equityCF,
    bondP,
    bondI,
    loanP,
    loanI,
    irr: irr(equityCF),
    npv: npv(r, equityCF),
    minDscr: Math.min(...(dscr.filter((d) => d !== undefined) as number[])),
    below: flagged.length,
    firstBelow: flagged[0],
  };

  // The special-bond balance, by bond year.
  const balance = bondDS.map((ds, y) => {
    const t = issueYear + y + 1 - start + 1;
    const inTl = t >= 1 && t <= T;
    const net = inTl ? cfads[t - 1] : 0;
    const senior = x('bond_senior') === 1 || !inTl ? 0 : loanP[t - 1] + loanI[t - 1];
    const purchase = inTl && rows[t - 1].k ? op[rows[t - 1].k - 1].eco : 0;
    return { year: issueYear + y + 1, net, forBond: net - senior, withoutPurchase: net - senior - purchase, ds };
  });
  const bal = {
    rows: balance,
    coverage: sum(balance.map((b) => b.forBond)) / sum(bondDS),
    coverageWithout: sum(balance.map((b) => b.withoutPurchase)) / sum(bondDS),
    capacity: sum(balance.map((b) => b.forBond)) / (POLICY.coverage_min * (sum(bondDS) / bond)),
    llcr: sum(balance.map((b, y) => b.forBond / Math.pow(1 + coupon, y + 1))) / bond,
  };

  // The PPP route (存量 rules) on the capex net of the expected central support.
  const pppCapex = capex - central;
  const pp = x('ppp_profit_rate');
  const pppTotal = op.map(
    (o, i) =>
      (pppCapex * (1 + pp) * Math.pow(1 + x('ppp_discount_rate'), i + 1)) / x('ppp_period') + o.om * (1 + pp) - o.users
  );
  const budget = op.map((_, i) => x('budget_base') * Math.pow(1 + x('budget_growth'), i));
  const pppShare = pppTotal.map((v, i) => v / budget[i]);

  const codFactor =
    x('cod_effluent') <= 0.5 * x('cod_standard') ? 0.5 : x('cod_effluent') <= 0.7 * x('cod_standard') ? 0.75 : 1;
  const envtax = ((op[0].sewageM3 * x('cod_effluent')) / 1000) * x('envtax_rate') * codFactor;

  return {
    capex,
    centralCap,
    central,
    loan,
    idc,
    totalInvestment,
    payment,
    capitalRatio,
    construction,
    op,
    depRenewal,
    ebitda,
    project,
    equity,
    bal,
    bondInterest,
    bondDS,
    pppTotal,
    pppShare,
    envtax,
    refunds: sum(op.map((o) => o.refund)),
    surcharges: sum(op.map((o) => o.surcharges)),
    breakEven:
      project.npvCap === project.npv
        ? '—'
        : central - (project.npv * (centralCap - central)) / (project.npvCap - project.npv),
  };
}
type Model = ReturnType<typeof independentModel>;

/** The model whose loss-relief order reproduces the workbook's equity tax column (see `cit`). */
function matchingModel(wb: Loaded): { m: Model; order: LossOrder; both: Record<LossOrder, Model> } {
  const region = wb.get(SHEETS.inputs, 'C' + /\$C\$(\d+)/.exec(wb.names.region)![1]) as string;
  const both = {
    'losses-first': independentModel(wb.input, region, 'losses-first'),
    'exemption-first': independentModel(wb.input, region, 'exemption-first'),
  };
  const got = wb.column(SHEETS.equity, E.cit, TL_ROW, TL_ROW + TIMELINE_ROWS - 1) as number[];
  const fits = (Object.keys(both) as LossOrder[]).filter((o) =>
    both[o].equity.tax.every((v, i) => Math.abs(got[i] - v) <= 1e-6 + 1e-9 * Math.abs(v))
  );
  expect(fits.length).toBeGreaterThan(0);
  return { m: both[fits[0]], order: fits[0], both };
}

const TL_LAST = TL_ROW + TIMELINE_ROWS - 1;
const OP_LAST = OP_ROW + FLAGSHIP_YEARS - 1;

/** Every headline line of the 评价 sheet against the model, by its English label. */
function expectHeadlines(
  wb: Loaded & { summary: { label: { en: string }; sheet: string; cell: string }[] },
  m: Model
): void {
  const byLabel = Object.fromEntries(wb.summary.map((s) => [s.label.en, wb.get(s.sheet, s.cell)]));
  const want: Record<string, number | string> = {
    'Construction capex (yuan)': m.capex,
    'Central budget support, upper bound (yuan)': m.centralCap,
    'Central budget support, expected (yuan)': m.central,
    'Bank loan incl. capitalised interest (yuan)': m.loan,
    'Special bond principal (yuan)': wb.input('bond_principal'),
    'Interest during construction (yuan)': m.idc,
    'Total investment (yuan)': m.totalInvestment,
    'Project capital ratio': m.capitalRatio,
    'Project NPV after tax, expected central support (yuan)': m.project.npv,
    'Project NPV after tax, central support at its cap (yuan)': m.project.npvCap,
    'Central support for a zero NPV (interpolated, yuan)': m.breakEven,
    'Project FIRR after tax': m.project.firr,
    'Project FIRR before tax': m.project.firrPreTax,
    'Payback after tax, from construction start (years)': m.project.payback,
    'Equity IRR': m.equity.irr,
    'Bond coverage, with the government purchase': m.bal.coverage,
    'Bond coverage, without the government purchase': m.bal.coverageWithout,
    'Minimum DSCR': m.equity.minDscr,
    'DSCR threshold': POLICY.dscr_min,
    'Years with DSCR below the threshold': m.equity.below,
    'First year below the threshold': m.equity.firstBelow ?? '无 none',
    'Largest bond the revenue supports (yuan)': m.bal.capacity,
    'Bond LLCR': m.bal.llcr,
    'Bond interest, total (yuan)': sum(m.bondInterest),
    'PPP peak share of the budget (existing-project rules)': Math.max(...m.pppShare),
    'PPP government payments, total (yuan)': sum(m.pppTotal),
    'VAT refunds, total (yuan)': m.refunds,
    'VAT surcharges, total (yuan)': m.surcharges,
    'Income tax paid, total (yuan)': sum(m.equity.tax),
    'Year-1 COD environmental tax if not exempt (yuan)': m.envtax,
    'Year-1 COD environmental tax after the exemption (yuan)': m.envtax * ENVTAX_EXEMPT_FACTOR,
  };
  for (const [label, value] of Object.entries(want)) {
    if (typeof value === 'string') expect([label, byLabel[label]]).toEqual([label, value]);
    else if (/IRR|FIRR/.test(label)) expectClose(byLabel[label], value, 0, 1e-9);
    else expectClose(byLabel[label], value, 1e-9, 1e-6);
  }
  const sign = m.project.npv < 0 && m.project.npvCap >= 0 ? /^是/ : /^否/;
  expect(byLabel['Does the NPV sign depend on central support?']).toMatch(sign);
  expect(byLabel.Seniority).toMatch(wb.input('bond_senior') === 1 ? /^专项债优先/ : /^银行贷款优先/);
}

describe('flagship workbook: 何家岩污水处理厂提标扩能及再生水生态补水', () => {
  let wb: Awaited<ReturnType<typeof load>>;
  let m: Model;
  let order: LossOrder;
  let both: Record<LossOrder, Model>;

  beforeAll(async () => {
    wb = await load();
    ({ m, order, both } = matchingModel(wb));
  });
  afterAll(() => wb.engine.hf.destroy());

  describe('the file', () => {
    it('stores every REUSE call as Excel saves it (_xldudf_REUSE_…), never the dotted name', () => {
      let reuse = 0;
      wb.workbook.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            if (cell.type !== ExcelJS.ValueType.Formula) return;
            expect(cell.formula).not.toMatch(/REUSE\./);
            reuse += (cell.formula.match(/_xldudf_REUSE_/g) ?? []).length;
          })
        )
      );
      expect(reuse).toBeGreaterThan(60);
    });

    it('has Chinese sheet names and every assumption as a named cell', () => {
      expect(wb.workbook.worksheets.map((w) => w.name)).toEqual([
        '假设',
        '投资与融资',
        '现金流',
        '项目投资现金流',
        '资本金现金流',
        '融资平衡',
        '专项债',
        'PPP对比',
        '评价',
      ]);
      const inputs = Object.entries(wb.names).filter(([n]) => n !== 'bond_repayment');
      expect(inputs.length).toBeGreaterThan(60);
      for (const [name, ref] of inputs) {
        expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(ref).toMatch(/^'假设'!\$C\$\d+$/);
      }
      expect(wb.names.bond_repayment).toBe(`'假设'!$H$5:$H$${4 + BOND_PROFILE_ROWS}`);
      // Cells other code points at keep their places: the API example, the scenario docs, saved scenarios.
      expect([wb.names.region, wb.names.central_cap, wb.names.sewage_fee]).toEqual([
        "'假设'!$C$8",
        "'假设'!$C$9",
        "'假设'!$C$29",
      ]);
    });

    it('every formula cell evaluates without an error', () => {
      const errors: string[] = [];
      wb.workbook.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            if (cell.type !== ExcelJS.ValueType.Formula) return;
            const v = wb.get(ws.name, cell.address);
            if (isEngineError(v)) errors.push(`${ws.name}!${cell.address} ${v.value} ${v.message}`);
          })
        )
      );
      expect(errors).toEqual([]);
    });

    it('policy-formula inputs take the catalogue values; the western 15 % rate is an input with its source', () => {
      for (const [name, value] of Object.entries(POLICY)) expect(wb.input(name)).toBe(value);
      expect(wb.input('cit_rate')).toBe(0.15);
      const row = /\$C\$(\d+)/.exec(wb.names.cit_rate)![1];
      expect(wb.get(SHEETS.inputs, `E${row}`)).toMatch(/财政部 税务总局 国家发展改革委公告2020年第23号/);
      expect(wb.input('cmt_rate')).toBe(0.07); // 万州区 is an urban district: 市区 7 %
      expect(wb.input('start_year')).toBe(wb.input('construction_start_year') + wb.input('construction_years'));
    });

    it('flags DSCR below the threshold with conditional formatting that survives a recalculation', async () => {
      const rules = (
        wb.workbook.getWorksheet(SHEETS.equity) as unknown as {
          conditionalFormattings: { ref: string; rules: { formulae: string[] }[] }[];
        }
      ).conditionalFormattings;
      expect(rules).toContainEqual(expect.objectContaining({ ref: `${E.dscr}${TL_ROW}:${E.dscr}${TL_LAST}` }));
      expect(rules[0].rules[0].formulae[0]).toBe(`AND(ISNUMBER(${E.dscr}${TL_ROW}),${E.dscr}${TL_ROW}<dscr_min)`);
      // Recalculate the way `reuse-calc recalc` does and read the sheet part back.
      const loaded = await loadWorkbook(wb.bytes);
      try {
        const out = await patchCachedValues(wb.bytes, loaded, computeResults(loaded).cells);
        const sheet = (await readWorkbook(out)).sheets.find((s) => s.name === SHEETS.equity)!;
        expect(sheet.xml!.text).toMatch(
          new RegExp(`<conditionalFormatting sqref="${E.dscr}${TL_ROW}:${E.dscr}${TL_LAST}">`)
        );
        expect(sheet.xml!.text).toMatch(/&lt;dscr_min|<dscr_min/);
      } finally {
        loaded.engine.hf.destroy();
      }
    });
  });

  describe('key figures against the independent calculation', () => {
    it('capex, central support (upper bound and expected), interest during construction and the funding mix', () => {
      const F = SHEETS.funding;
      expectClose(wb.get(F, `C${FUND.capex}`), m.capex);
      expectClose(wb.get(F, `C${FUND.centralCap}`), m.centralCap);
      expectClose(wb.get(F, `C${FUND.central}`), m.central);
      expectClose(wb.get(F, `C${FUND.idc}`), m.idc);
      expectClose(wb.get(F, `C${FUND.loan}`), m.loan);
      expectClose(wb.get(F, `C${FUND.loanPayment}`), m.payment);
      expectClose(wb.get(F, `C${FUND.capitalRatio}`), m.capitalRatio);
      expectClose(wb.get(F, `C${FUND.reserve}`), m.equity.reserve[wb.input('construction_years') - 1]);
      m.construction.forEach((b, i) => {
        expectClose(wb.get(F, `${B.loanDraw}${BUILD_ROW + i}`), b.draw, 1e-9, 1e-9);
        expectClose(wb.get(F, `${B.loanIdc}${BUILD_ROW + i}`), b.idc, 1e-9, 1e-9);
        expectClose(wb.get(F, `${B.bondInterest}${BUILD_ROW + i}`), b.bondInt, 1e-9, 1e-9);
      });
      expect(m.centralCap).toBe(50_000_000); // 270 M × 60 % is above the 50 M cap
      expect(m.construction[1].bondInt).toBe(wb.input('bond_principal') * wb.input('bond_coupon')); // bond year 1 falls in construction year 2
    });

    it('VAT per line with the construction credit, refunds, surcharges, renewal and depreciation per operating year', () => {
      const col = (k: keyof typeof C) => wb.column(SHEETS.operations, C[k], OP_ROW, OP_LAST) as number[];
      col('vatS').forEach((v, i) => expectClose(v, m.op[i].vatS, 1e-9, 1e-6));
      col('vatW').forEach((v, i) => expectClose(v, m.op[i].vatW, 1e-9, 1e-6));
      col('creditS').forEach((v, i) => expectClose(v, m.op[i].creditS, 1e-9, 1e-6));
      col('creditUsed').forEach((v, i) => expectClose(v, m.op[i].creditUsed, 1e-9, 1e-6));
      col('surcharges').forEach((v, i) => expectClose(v, m.op[i].surcharges, 1e-9, 1e-6));
      col('renewal').forEach((v, i) => expectClose(v, m.op[i].renewal, 1e-9, 1e-6));
      col('depRenewal').forEach((v, i) => expectClose(v, m.depRenewal[i], 1e-9, 1e-6));
      col('ebitda').forEach((v, i) => expectClose(v, m.ebitda[i], 1e-9, 1e-6));
      // The construction credit is worth years of output VAT: no refund and no surcharge until it is used up.
      expect(m.op[0].vatS + m.op[0].vatW).toBe(0);
      expect(m.op.some((o) => o.vatS > 0)).toBe(true);
      // …and the whole credit comes back over the operating years.
      expectClose(sum(m.op.map((o) => o.creditUsed)), wb.input('capex_input_vat_share') * m.capex);
    });

    it('project view: EBIT tax (the same under either loss order), after-tax flows, NPV, FIRR, payback, the cap case', () => {
      const col = (k: keyof typeof P) => wb.column(SHEETS.project, P[k], TL_ROW, TL_LAST) as number[];
      col('preTax').forEach((v, i) => expectClose(v, m.project.preTax[i], 1e-9, 1e-6));
      col('adjTax').forEach((v, i) => expectClose(v, m.project.adjTax[i], 1e-9, 1e-6));
      col('afterTax').forEach((v, i) => expectClose(v, m.project.afterTax[i], 1e-9, 1e-6));
      col('afterTaxCap').forEach((v, i) => expectClose(v, m.project.afterTaxCap[i], 1e-9, 1e-6));
      expect(both['losses-first'].project.adjTax).toEqual(both['exemption-first'].project.adjTax); // EBIT is never negative here
      const at = (k: keyof typeof PROJECT_RESULTS) => wb.get(SHEETS.project, `E${TL_LAST + 3 + PROJECT_RESULTS[k]}`);
      expectClose(at('npv'), m.project.npv, 1e-9, 1e-6);
      expectClose(at('npvCap'), m.project.npvCap, 1e-9, 1e-6);
      expectClose(at('npvPreTax'), m.project.npvPreTax, 1e-9, 1e-6);
      for (const k of ['firr', 'firrCap', 'firrPreTax'] as const) expectClose(at(k), m.project[k], 0, 1e-9);
      expectClose(at('payback'), m.project.payback);
      expectClose(at('paybackPreTax'), m.project.paybackPreTax);
      // The first years are construction: the payback counts them.
      expect(m.project.payback).toBeGreaterThan(wb.input('construction_years'));
    });

    it('equity view: tax actually paid, CFADS, debt service, DSCR and its flags, the reserve, equity IRR', () => {
      const col = (k: keyof typeof E) => wb.column(SHEETS.equity, E[k], TL_ROW, TL_LAST);
      (col('taxable') as number[]).forEach((v, i) => expectClose(v, m.equity.taxable[i], 1e-9, 1e-6));
      (col('cfads') as number[]).forEach((v, i) => expectClose(v, m.equity.cfads[i], 1e-9, 1e-6));
      (col('debtService') as number[]).forEach((v, i) => expectClose(v, m.equity.debtService[i], 1e-9, 1e-6));
      (col('reserve') as number[]).forEach((v, i) => expectClose(v, m.equity.reserve[i], 1e-9, 1e-6));
      (col('equityCF') as number[]).forEach((v, i) => expectClose(v, m.equity.equityCF[i], 1e-9, 1e-6));
      (col('dscr') as (number | string)[]).forEach((v, i) =>
        m.equity.dscr[i] === undefined ? expect(v).toBe('') : expectClose(v, m.equity.dscr[i]!)
      );
      (col('flag') as number[]).forEach((v, i) =>
        expect(v).toBe(m.equity.dscr[i] !== undefined && m.equity.dscr[i]! < POLICY.dscr_min ? 1 : 0)
      );
      const at = (k: keyof typeof EQUITY_RESULTS) => wb.get(SHEETS.equity, `F${TL_LAST + 3 + EQUITY_RESULTS[k]}`);
      expectClose(at('irr'), m.equity.irr, 0, 1e-9);
      expectClose(at('npv'), m.equity.npv, 1e-9, 1e-6);
      expect(at('below')).toBe(m.equity.below);
      expect(at('firstBelow')).toBe(m.equity.firstBelow);
      expect(m.equity.below).toBeGreaterThan(0); // the example has years a reviewer must see
    });

    it("the workbook follows the annual return's loss-relief order (TAX.CITHOLIDAY's default), and it matters for the equity tax here", () => {
      // Year 1 of operation is a tax loss (interest and depreciation above EBITDA), inside the holiday.
      expect(m.equity.taxable[wb.input('construction_years')]).toBeLessThan(0);
      expect(order).toBe('exemption-first');
      // The return's order keeps the loss for the taxed years, so less tax is paid over the life.
      expect(sum(both['exemption-first'].equity.tax)).toBeLessThan(sum(both['losses-first'].equity.tax));
    });

    it('special-bond balance by bond year: net revenue, seniority, coverage with and without the purchase, capacity, LLCR', () => {
      const S = SHEETS.balance;
      const rows = m.bal.rows.length;
      const col = (k: keyof typeof L) => wb.column(S, L[k], BAL_ROW, BAL_ROW + rows - 1) as number[];
      col('net').forEach((v, i) => expectClose(v, m.bal.rows[i].net, 1e-9, 1e-6));
      col('forBond').forEach((v, i) => expectClose(v, m.bal.rows[i].forBond, 1e-9, 1e-6));
      col('withoutPurchase').forEach((v, i) => expectClose(v, m.bal.rows[i].withoutPurchase, 1e-9, 1e-6));
      col('debtService').forEach((v, i) => expectClose(v, m.bondDS[i]));
      expect(wb.get(S, `${L.year}${BAL_ROW + rows}`)).toBe(''); // nothing beyond the term
      expect(wb.get(S, `${L.debtService}${BAL_ROW + rows}`)).toBeNull(); // the DEBTSERVICE spill stops at the term
      const at = (k: keyof typeof BALANCE_RESULTS) => wb.get(S, `C${BALANCE_RESULTS[k]}`);
      expectClose(at('coverage'), m.bal.coverage);
      expectClose(at('coverageWithout'), m.bal.coverageWithout);
      expectClose(at('capacity'), m.bal.capacity, 1e-9, 1e-6);
      expectClose(at('llcr'), m.bal.llcr);
      expect(m.bal.coverageWithout).toBeLessThan(m.bal.coverage);
      expect(wb.get(S, 'C3')).toMatch(/^专项债优先/);
    });

    it('the bond schedule coupon by coupon', () => {
      const closing = wb.column(SHEETS.bond, 'G', 9, 48) as number[];
      expect(closing[39]).toBe(0);
      expect(wb.get(SHEETS.bond, 'B9')).toBe(45717); // 1 Mar 2025
      expect(wb.get(SHEETS.bond, 'B48')).toBe(45536 + 7305); // 1 Sep 2044: 20 years of days incl. 5 leap days
      expectClose(wb.get(SHEETS.bond, 'C4'), sum(m.bondInterest));
      expectClose(wb.get(SHEETS.bond, 'C5'), wb.input('bond_principal'));
    });

    it('PPP payments (PPP.SCHEDULE spill) and their share of the budget (PPP.FISCALRATIO)', () => {
      (wb.column(SHEETS.ppp, 'F', 7, 31) as number[]).forEach((v, i) => expectClose(v, m.pppTotal[i]));
      (wb.column(SHEETS.ppp, 'G', 7, 31) as number[]).forEach((v, i) => expectClose(v, m.pppShare[i]));
      expectClose(wb.get(SHEETS.ppp, 'C33'), Math.max(...m.pppShare));
      expectClose(wb.get(SHEETS.ppp, 'C37'), m.pppTotal[0]); // PPP.SUBSIDY year 1 = schedule row 1
      expect(Math.max(...m.pppShare)).toBeLessThan(0.1);
    });

    it('every headline figure on the 评价 sheet', () => {
      expectHeadlines(wb, m);
      // More central support, more NPV: the cap case is above the expected one, and the support a zero NPV needs lies below the expected allocation when the NPV is positive.
      expect(m.project.npvCap).toBeGreaterThan(m.project.npv);
      expect((m.breakEven as number) < m.central).toBe(m.project.npv > 0);
    });

    it('summary lines cover the headline figures, with both labels', () => {
      const labels = wb.summary.map((s) => s.label.en);
      for (const want of [
        'Construction capex',
        'Central budget support, upper bound',
        'Central budget support, expected',
        'Project NPV',
        'Project FIRR',
        'Equity IRR',
        'Minimum DSCR',
        'Years with DSCR below',
        'First year below',
        'without the government purchase',
        'Largest bond',
        'Payback',
      ]) {
        expect(labels.some((l) => l.includes(want))).toBe(true);
      }
      for (const s of wb.summary) {
        expect(s.label.zh).toMatch(/[\u4e00-\u9fff]/);
        const v = wb.get(s.sheet, s.cell);
        expect(s.format === 'text' ? typeof v === 'string' : typeof v === 'number').toBe(true);
      }
    });
  });

  describe('what-if in the engine', () => {
    it('a longer or shorter construction period re-times the timeline; the model follows', async () => {
      const other = await load();
      try {
        for (const years of [3, 1]) {
          other.set('construction_years', years);
          const { m: again } = matchingModel(other);
          expect(other.input('start_year')).toBe(other.input('construction_start_year') + years);
          expectHeadlines(other, again);
          expect(again.idc).not.toBeCloseTo(m.idc, 0);
        }
      } finally {
        other.engine.hf.destroy();
      }
    });

    it('the loan senior instead of the bond, and central support at its cap, recomputed by the model', async () => {
      const other = await load();
      try {
        other.set('bond_senior', 0);
        const { m: junior } = matchingModel(other);
        expectHeadlines(other, junior);
        expect(junior.bal.coverage).toBeLessThan(m.bal.coverage);
        other.set('bond_senior', 1);
        other.set('central_expected_share', 1);
        const { m: atCap } = matchingModel(other);
        expectHeadlines(other, atCap);
        // The expected case with the full allocation is the base's cap case.
        expectClose(atCap.project.npv, m.project.npvCap, 1e-9, 1e-6);
      } finally {
        other.engine.hf.destroy();
      }
    });

    it('a shorter bond re-spills DEBTSERVICE and SCHEDULE and moves coverage and capacity with it', () => {
      const { engine, names } = wb;
      const [, , repay] = /^'(.+)'!\$H\$(\d+):\$H\$(\d+)$/.exec(names.bond_repayment)!;
      const inputs = engine.hf.getSheetId(SHEETS.inputs)!;
      // A 15-year bond repaid 0 for 5 years then 10 % a year; blank out the last 5 shares.
      const shares = [0, 0, 0, 0, 0, ...Array(10).fill(0.1), null, null, null, null, null];
      wb.set('bond_term', 15);
      engine.setCells(
        { sheet: inputs, row: Number(repay) - 1, col: 7 },
        shares.map((s) => [s])
      );
      const ds = wb.column(SHEETS.balance, L.debtService, BAL_ROW, BAL_ROW + 19);
      expect(ds.slice(15)).toEqual([null, null, null, null, null]);
      const bond = wb.input('bond_principal');
      expectClose(ds[5], bond * 0.1 + bond * wb.input('bond_coupon')); // year 6: full balance outstanding, 10 % repaid
      expect(wb.get(SHEETS.bond, 'G38')).toBe(0); // 30 semiannual rows now: row 9 + 29
      expect(wb.get(SHEETS.bond, 'A39')).toBeNull();
      for (const k of ['coverage', 'capacity', 'llcr'] as const)
        expect(isEngineError(wb.get(SHEETS.balance, `C${BALANCE_RESULTS[k]}`))).toBe(false);
      // Total interest follows the re-spilled schedule: 15 years on the full balance (first 5), then
      // a balance falling by 10 % of principal a year, semiannual coupons.
      const coupon = wb.input('bond_coupon');
      let balance = 1;
      let interest = 0;
      for (let y = 1; y <= 15; y++) {
        interest += balance * coupon;
        if (y > 5) balance -= 0.1;
      }
      expectClose(wb.get(SHEETS.bond, 'C4'), bond * interest);
    });

    it('the repayment profile follows a new term: a 15-year bond re-spills with 10 equal repayments', async () => {
      const other = await load();
      try {
        other.set('bond_term', 15);
        const bond = other.input('bond_principal');
        const coupon = other.input('bond_coupon');
        const grace = other.input('bond_grace_years');
        let outstanding = 1;
        let interest = 0;
        for (let y = 1; y <= 15; y++) {
          interest += outstanding * coupon;
          if (y > grace) outstanding -= 1 / (15 - grace);
        }
        expectClose(other.get(SHEETS.bond, 'C4'), bond * interest);
        // The whole model follows the new term.
        expectHeadlines(other, matchingModel(other).m);
      } finally {
        other.engine.hf.destroy();
      }
    });

    it('a profile that does not sum to 1 shows its error in the totals, not a silent 0', async () => {
      const other = await load();
      try {
        const top = Number(/\$H\$(\d+):/.exec(other.names.bond_repayment)![1]); // the profile's first row (1-based)
        other.engine.setCells({ sheet: other.engine.hf.getSheetId(SHEETS.inputs)!, row: top, col: 7 }, [[0.5]]); // year 2 repays half
        const total = other.get(SHEETS.bond, 'C4');
        expect(isEngineError(total) && total.message).toMatch(/repayment: must sum to 1/);
      } finally {
        other.engine.hf.destroy();
      }
    });
  });
});
