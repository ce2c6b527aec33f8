/**
 * The flagship workbook end to end: built by src/examples/flagship.ts, saved and read back as
 * .xlsx (so the engine sees `_xldudf_REUSE_…` as Excel stores it), loaded into the engine with
 * its defined names, and every key figure compared with an independent calculation written
 * here in plain TypeScript loops (no src/core). Policy numbers come from FUNCTIONS.md.
 */
import ExcelJS from 'exceljs';
import { Engine, isEngineError } from '../../src/engine/engine';
import { loadWorkbook } from '../../src/engine/workbook';
import { workbookBytes } from '../../src/examples/xlsx-bytes';
import { BOND_PROFILE_ROWS, CF_T0_ROW, FLAGSHIP_YEARS, buildFlagshipWorkbook } from '../../src/examples/flagship';
import { expectClose } from '../helpers/tolerance';

/** FUNCTIONS.md / the policy catalogue: the values the workbook's policy-formula inputs must take. */
const POLICY: Record<string, number> = {
  central_cap: 50_000_000,
  coverage_min: 1.2,
  refund_sewage: 0.7,
  refund_reclaimed: 0.5,
  cit_rate: 0.25,
};
const WEST_SHARE = 0.6;
const ENVTAX_EXEMPT_FACTOR = 0;

const colNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
function parseA1(a1: string): { row: number; col: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a1)!;
  return { row: Number(m[2]) - 1, col: colNumber(m[1]) - 1 };
}

interface Loaded {
  engine: Engine;
  workbook: ExcelJS.Workbook;
  names: Record<string, string>;
  /** The value of a cell: `get('现金流', 'R7')`. */
  get(sheet: string, a1: string): unknown;
  /** The value of a named single-cell input. */
  input(name: string): number;
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
  const get = (sheet: string, a1: string) => engine.hf.getCellValue({ sheet: engine.hf.getSheetId(sheet)!, ...parseA1(a1) });
  const input = (name: string) => {
    const [, sheet, a1] = /^'(.+)'!(\$[A-Z]+\$\d+)$/.exec(names[name])!;
    const v = get(sheet, a1.replace(/\$/g, ''));
    if (typeof v !== 'number') throw new Error(`input ${name} is ${String(v)}`);
    return v;
  };
  const column = (sheet: string, letter: string, fromRow: number, toRow: number) =>
    Array.from({ length: toRow - fromRow + 1 }, (_, i) => get(sheet, `${letter}${fromRow + i}`));
  return { engine, workbook, names, get, input, column, summary: built.summary };
}

/** The whole model again, in plain loops, from the input values. */
function independentModel(x: (name: string) => number, region: string) {
  const N = 25;
  const capex = x('capex_plant') + x('capex_reclaimed');
  expect(region).toBe('西部');
  const central = Math.min(capex * WEST_SHARE, POLICY.central_cap);
  const bond = x('bond_principal');
  const loan = capex - central - bond - x('own_funds');
  const capitalRatio = (central + bond * x('bond_capital_share') + x('own_funds')) / capex;

  // Bond: outstanding at the start of bond year y = principal × (1 − shares repaid before y);
  // two half-year coupons on it (payments_per_year = 2), principal at the year end.
  const term = x('bond_term');
  // Repayment profile: nothing in the first bond_grace_years, then equal shares to maturity.
  const grace = x('bond_grace_years');
  const shares = Array.from({ length: term }, (_, k) => (k < grace ? 0 : 1 / (term - grace)));
  const bondDS: number[] = [];
  const bondInterest: number[] = [];
  let repaidShare = 0;
  for (let y = 1; y <= term; y++) {
    const outstanding = bond * (1 - repaidShare);
    const interest = 2 * (outstanding * x('bond_coupon')) / 2;
    const principal = y === term ? outstanding : bond * shares[y - 1];
    bondDS.push(interest + principal);
    bondInterest.push(interest);
    repaidShare += shares[y - 1];
  }
  // Bank loan: level payments; interest on the balance, balance reduced by the rest.
  const r = x('loan_rate');
  const n = x('loan_years');
  const payment = (loan * r) / (1 - Math.pow(1 + r, -n));
  const loanDS: number[] = [];
  const loanInterest: number[] = [];
  let balance = loan;
  for (let t = 1; t <= n; t++) {
    loanInterest.push(balance * r);
    loanDS.push(payment);
    balance -= payment - balance * r;
  }

  const revenue: number[] = [];
  const om: number[] = [];
  const usersPay: number[] = [];
  const refunds: number[] = [];
  const taxable: number[] = [];
  let firstYearSewageM3 = 0;
  for (let t = 1; t <= N; t++) {
    const load = Math.min(x('load_max'), x('load_start') + x('load_step') * (t - 1));
    const sewageM3 = x('sewage_capacity') * load * 365;
    const reclaimedM3 = x('reclaimed_capacity') * load * 365;
    if (t === 1) firstYearSewageM3 = sewageM3;
    const p = Math.pow(1 + x('price_growth'), t - 1);
    const c = Math.pow(1 + x('om_growth'), t - 1);
    const fees = sewageM3 * x('sewage_fee') * p;
    const users = reclaimedM3 * x('reclaimed_user_share') * x('reclaimed_price') * p;
    const eco = reclaimedM3 * (1 - x('reclaimed_user_share')) * x('eco_price') * p;
    const omSewage = (sewageM3 * x('om_sewage') + x('om_fixed')) * c;
    const omReclaimed = reclaimedM3 * x('om_reclaimed') * c;
    const refund =
      Math.max(0, fees * x('vat_rate_sewage') - omSewage * x('input_vat_share')) * POLICY.refund_sewage +
      Math.max(0, (users + eco) * x('vat_rate_water') - omReclaimed * x('input_vat_share')) * POLICY.refund_reclaimed;
    const depreciation = t <= x('depreciation_years') ? capex / x('depreciation_years') : 0;
    revenue.push(fees + users + eco);
    om.push(omSewage + omReclaimed);
    usersPay.push(users);
    refunds.push(refund);
    taxable.push(fees + users + eco + refund - omSewage - omReclaimed - depreciation - (bondInterest[t - 1] ?? 0) - (loanInterest[t - 1] ?? 0));
  }

  // CIT: 3 years exempt, 3 halved from year 1; as the annual return computes it (issue 11), the
  // exempt part of the income comes off first and losses (carried 5 years, oldest first) offset
  // what remains.
  const cit: number[] = [];
  const lossLeft = taxable.map((v) => Math.max(0, -v));
  taxable.forEach((v, i) => {
    if (v < 0) return cit.push(0);
    let base = v * (i < 3 ? 0 : i < 6 ? 0.5 : 1);
    for (let s = Math.max(0, i - 5); s < i; s++) {
      const use = Math.min(lossLeft[s], base);
      lossLeft[s] -= use;
      base -= use;
    }
    cit.push(base * POLICY.cit_rate);
  });

  const cfads = revenue.map((v, i) => v + refunds[i] - om[i] - cit[i]);
  const totalDS = cfads.map((_, i) => (bondDS[i] ?? 0) + (loanDS[i] ?? 0));
  const dscr = cfads.map((v, i) => (totalDS[i] > 0 ? v / totalDS[i] : undefined));
  const bondNet = cfads.map((v, i) => (i < term ? v - (loanDS[i] ?? 0) : 0));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const coverage = sum(bondNet) / sum(bondDS);
  const capacity = sum(bondNet) / (POLICY.coverage_min * (sum(bondDS) / bond));
  let llcr = 0;
  bondNet.forEach((v, i) => (llcr += v / Math.pow(1 + x('bond_coupon'), i + 1)));
  llcr /= bond;

  const flows = [-(capex - central), ...cfads];
  let npv = 0;
  flows.forEach((v, t) => (npv += v / Math.pow(1 + x('discount_rate'), t)));
  // Payback: the point after which the cumulative cash flow stays ≥ 0 (issue 11), found
  // backwards from the end: the last year whose cumulative is negative, then linear.
  const cumulative = flows.map((_, t) => sum(flows.slice(0, t + 1)));
  let k = cumulative.length - 1;
  while (k >= 0 && cumulative[k] >= 0) k--;
  const payback = k < 0 ? 0 : k === cumulative.length - 1 ? NaN : k + -cumulative[k] / flows[k + 1];

  // PPP route on the locally borne capex.
  const pppCapex = capex - central;
  const pp = x('ppp_profit_rate');
  const pppTotal = Array.from({ length: N }, (_, i) =>
    (pppCapex * (1 + pp) * Math.pow(1 + x('ppp_discount_rate'), i + 1)) / x('ppp_period') + om[i] * (1 + pp) - usersPay[i]);
  const budget = Array.from({ length: N }, (_, i) => x('budget_base') * Math.pow(1 + x('budget_growth'), i));
  const pppShare = pppTotal.map((v, i) => v / budget[i]);

  const envtax = ((firstYearSewageM3 * x('cod_effluent')) / 1000) * x('envtax_rate') * (x('cod_effluent') <= 0.5 * x('cod_standard') ? 0.5 : x('cod_effluent') <= 0.7 * x('cod_standard') ? 0.75 : 1);

  return {
    capex, central, loan, capitalRatio, bondDS, bondInterest, loanDS, cit, cfads, dscr, coverage, capacity, llcr, npv, payback,
    pppTotal, pppShare, refunds, envtax, totalInterest: sum(bondInterest), minDscr: Math.min(...(dscr.filter((d) => d !== undefined) as number[])),
  };
}

describe('flagship workbook: 何家岩污水处理厂提标扩能及再生水生态补水', () => {
  let wb: Awaited<ReturnType<typeof load>>;
  let m: ReturnType<typeof independentModel>;
  const CF = '现金流';
  const Y1 = CF_T0_ROW + 1;
  const YN = CF_T0_ROW + FLAGSHIP_YEARS;

  beforeAll(async () => {
    wb = await load();
    m = independentModel(wb.input, wb.get('假设', 'C' + /\$C\$(\d+)/.exec(wb.names.region)![1]) as string);
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
          })));
      expect(reuse).toBeGreaterThan(60);
    });

    it('has Chinese sheet names and every assumption as a named cell', () => {
      expect(wb.workbook.worksheets.map((w) => w.name)).toEqual(['假设', '投资与融资', '现金流', '专项债', 'PPP对比', '评价']);
      const inputs = Object.entries(wb.names).filter(([n]) => n !== 'bond_repayment');
      expect(inputs.length).toBeGreaterThan(40);
      for (const [name, ref] of inputs) {
        expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(ref).toMatch(/^'假设'!\$C\$\d+$/);
      }
      expect(wb.names.bond_repayment).toBe(`'假设'!$H$5:$H$${4 + BOND_PROFILE_ROWS}`);
    });

    it('every formula cell evaluates without an error', () => {
      const errors: string[] = [];
      wb.workbook.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            if (cell.type !== ExcelJS.ValueType.Formula) return;
            const v = wb.get(ws.name, cell.address);
            if (isEngineError(v)) errors.push(`${ws.name}!${cell.address} ${v.value} ${v.message}`);
          })));
      expect(errors).toEqual([]);
    });

    it('policy-formula inputs take the catalogue values', () => {
      for (const [name, value] of Object.entries(POLICY)) expect(wb.input(name)).toBe(value);
    });
  });

  describe('key figures against the independent calculation', () => {
    it('capex and the funding mix', () => {
      expectClose(wb.get('投资与融资', 'C4'), m.capex);
      expectClose(wb.get('投资与融资', 'C5'), m.central);
      expectClose(wb.get('投资与融资', 'C9'), m.loan);
      expectClose(wb.get('投资与融资', 'C11'), m.capitalRatio);
      expect(m.central).toBe(50_000_000); // 270 M × 60 % is above the 50 M cap
    });

    it('bond debt service per year (BOND.DEBTSERVICE spill) and the coupon-by-coupon schedule', () => {
      const ds = wb.column(CF, 'R', Y1, Y1 + 19) as number[];
      ds.forEach((v, i) => expectClose(v, m.bondDS[i]));
      expect(wb.get(CF, `R${Y1 + 20}`)).toBeNull(); // the spill stops at the bond's term
      // 40 semiannual rows; the closing balance of the last is 0; dates on the half-years of 1 Sep 2024.
      const closing = wb.column('专项债', 'G', 14, 53) as number[];
      expect(closing[39]).toBe(0);
      expect(wb.get('专项债', 'B14')).toBe(45717); // 1 Mar 2025
      expect(wb.get('专项债', 'B53')).toBe(45536 + 7305); // 1 Sep 2044: 20 years of days incl. 5 leap days
      expectClose(wb.get('专项债', 'C10'), m.totalInterest);
    });

    it('CIT with the holiday (TAX.CITHOLIDAY spill), CFADS and DSCR per year', () => {
      (wb.column(CF, 'X', Y1, YN) as number[]).forEach((v, i) => expectClose(v, m.cit[i], 1e-9, 1e-6));
      (wb.column(CF, 'Y', Y1, YN) as number[]).forEach((v, i) => expectClose(v, m.cfads[i]));
      (wb.column(CF, 'AA', Y1, YN) as (number | string)[]).forEach((v, i) =>
        m.dscr[i] === undefined ? expect(v).toBe('') : expectClose(v, m.dscr[i]!));
      expect(m.cit.slice(0, 3)).toEqual([0, 0, 0]);
    });

    it('coverage, the largest bond, LLCR, minimum DSCR', () => {
      expectClose(wb.get('专项债', 'C4'), m.coverage);
      expectClose(wb.get('专项债', 'C7'), m.capacity);
      expectClose(wb.get('专项债', 'C8'), m.minDscr);
      expectClose(wb.get('专项债', 'C9'), m.llcr);
      expect(m.coverage).toBeGreaterThan(POLICY.coverage_min);
      expect(m.capacity).toBeGreaterThan(wb.input('bond_principal'));
      expect(wb.get('专项债', 'C6')).toBe('达标 yes');
    });

    it('PPP payments (PPP.SCHEDULE spill) and their share of the budget (PPP.FISCALRATIO)', () => {
      (wb.column('PPP对比', 'F', 7, 31) as number[]).forEach((v, i) => expectClose(v, m.pppTotal[i]));
      (wb.column('PPP对比', 'G', 7, 31) as number[]).forEach((v, i) => expectClose(v, m.pppShare[i]));
      expectClose(wb.get('PPP对比', 'C33'), Math.max(...m.pppShare));
      expectClose(wb.get('PPP对比', 'C37'), m.pppTotal[0]); // PPP.SUBSIDY year 1 = schedule row 1
      expect(Math.max(...m.pppShare)).toBeLessThan(0.1);
    });

    it('NPV, payback, VAT refunds and the environmental tax on the 评价 sheet', () => {
      const byLabel = Object.fromEntries(wb.summary.map((s) => [s.label.en, wb.get(s.sheet, s.cell)]));
      expectClose(byLabel['NPV of the locally borne investment (yuan)'], m.npv);
      expectClose(byLabel['Payback period (years)'], m.payback);
      expectClose(byLabel['VAT refunds, total (yuan)'], m.refunds.reduce((a, b) => a + b, 0));
      expectClose(byLabel['Year-1 COD environmental tax if not exempt (yuan)'], m.envtax);
      expectClose(byLabel['Year-1 COD environmental tax after the exemption (yuan)'], m.envtax * ENVTAX_EXEMPT_FACTOR);
    });

    it('summary lines cover the headline figures and all evaluate to numbers', () => {
      const labels = wb.summary.map((s) => s.label.en);
      for (const want of ['Total capex', 'Central budget support', 'Special bond principal', 'Minimum DSCR', 'Bond coverage ratio', 'Largest bond', 'PPP peak share', 'NPV', 'Payback']) {
        expect(labels.some((l) => l.includes(want))).toBe(true);
      }
      for (const s of wb.summary) expect(typeof wb.get(s.sheet, s.cell)).toBe('number');
      for (const s of wb.summary) expect(s.label.zh).toMatch(/[\u4e00-\u9fff]/);
    });
  });

  describe('what-if in the engine', () => {
    it('a shorter bond re-spills DEBTSERVICE and SCHEDULE and moves coverage and capacity with it', () => {
      const { engine, names } = wb;
      const [, , a1] = /^'(.+)'!\$([A-Z]+\$\d+)$/.exec(names.bond_term)!;
      const [, , repay] = /^'(.+)'!\$H\$(\d+):\$H\$(\d+)$/.exec(names.bond_repayment)!;
      const inputs = engine.hf.getSheetId('假设')!;
      const at = parseA1(a1.replace('$', ''));
      // A 15-year bond repaid 0 for 5 years then 10 % a year; blank out the last 5 shares.
      const shares = [0, 0, 0, 0, 0, ...Array(10).fill(0.1), null, null, null, null, null];
      engine.setCells({ sheet: inputs, ...at }, [[15]]);
      engine.setCells({ sheet: inputs, row: Number(repay) - 1, col: 7 }, shares.map((s) => [s]));
      const ds = wb.column(CF, 'R', Y1, Y1 + 19);
      expect(ds.slice(15)).toEqual([null, null, null, null, null]);
      const bond = wb.input('bond_principal');
      expectClose(ds[5], bond * 0.1 + bond * wb.input('bond_coupon')); // year 6: full balance outstanding, 10 % repaid
      expect(wb.get('专项债', 'G43')).toBe(0); // 30 semiannual rows now: row 14 + 29
      expect(wb.get('专项债', 'A44')).toBeNull();
      expect(isEngineError(wb.get('专项债', 'C4'))).toBe(false);
      expect(isEngineError(wb.get('专项债', 'C7'))).toBe(false);
      // Total interest follows the re-spilled schedule: 15 years on the full balance (first 5), then
      // a balance falling by 10 % of principal a year, semiannual coupons.
      const coupon = wb.input('bond_coupon');
      let balance = 1;
      let interest = 0;
      for (let y = 1; y <= 15; y++) {
        interest += balance * coupon;
        if (y > 5) balance -= 0.1;
      }
      expectClose(wb.get('专项债', 'C10'), bond * interest);
    });

    it('the repayment profile follows a new term: a 15-year bond re-spills with 10 equal repayments', async () => {
      const other = await load();
      const [, , a1] = /^'(.+)'!\$([A-Z]+\$\d+)$/.exec(other.names.bond_term)!;
      other.engine.setCells({ sheet: other.engine.hf.getSheetId('假设')!, ...parseA1(a1.replace('$', '')) }, [[15]]);
      const bond = other.input('bond_principal');
      const coupon = other.input('bond_coupon');
      const grace = other.input('bond_grace_years');
      let outstanding = 1;
      let interest = 0;
      for (let y = 1; y <= 15; y++) {
        interest += outstanding * coupon;
        if (y > grace) outstanding -= 1 / (15 - grace);
      }
      expectClose(other.get('专项债', 'C10'), bond * interest);
      other.engine.hf.destroy();
    });

    it('a profile that does not sum to 1 shows its error in the totals, not a silent 0', async () => {
      const other = await load();
      const top = Number(/\$H\$(\d+):/.exec(other.names.bond_repayment)![1]); // the profile's first row (1-based)
      other.engine.setCells({ sheet: other.engine.hf.getSheetId('假设')!, row: top, col: 7 }, [[0.5]]); // year 2 repays half
      const total = other.get('专项债', 'C10');
      expect(isEngineError(total) && total.message).toMatch(/repayment: must sum to 1/);
      other.engine.hf.destroy();
    });
  });
});
