/**
 * The concession test of the 2023 PPP mechanism: REUSE.PPP.CONCESSIONPRICE and
 * REUSE.PPP.CONCESSIONTEST. Sections: argument count, defaults, validations, domain errors,
 * values (it.each rows with their source), properties on generated inputs, and one worked
 * Wanzhou scenario.
 *
 * Expected numbers never come from the code under test: they are closed forms written out here
 * (annuity factors), or the result of building the concessionaire's cash flows year by year in this
 * file (`equityFlows`) and asking for a zero NPV at the target return. The Wanzhou literals were
 * found the same way, by bisection on the written-out flows, outside this code base.
 */
import { concessionPrice, concessionTest } from '../../../src/core/concession';
import { isCalcError } from '../../../src/core/errors';
import { Engine } from '../../../src/engine/engine';
import { findFunction, invoke } from '../../../src/registry';
import type { ArgValue } from '../../../src/registry';
import { evaluate, expectArityError, expectError } from '../../helpers/engine';
import { expectClose, expectMatrixClose } from '../../helpers/tolerance';
import { prng } from '../../helpers/random';

const call = (id: string, ...args: ArgValue[]) => invoke(findFunction(id)!, args);

interface Case {
  capex: number;
  opex: number[];
  volume: number[];
  term: number;
  r: number;
  support?: number;
  construction?: number;
  debtRatio?: number;
  debtRate?: number;
  loanYears?: number;
}

/**
 * The concessionaire's equity cash flows, t = 0…term, written out the long way: spend, draw the loan,
 * roll the balance up year by year during construction, then a level annuity; revenue at `price`.
 */
function equityFlows(c: Case, price: number): number[] {
  const C = c.construction ?? 0;
  const N = c.term - C;
  const d = c.debtRatio ?? 0;
  const i = c.debtRate ?? c.r;
  const L = c.loanYears ?? N;
  const net = c.capex - (c.support ?? 0);
  const flows = new Array<number>(c.term + 1).fill(0);
  let balance = 0;
  for (let t = 0; t <= C; t++) {
    if (t > 0) balance *= 1 + i;
    const spend = C === 0 ? (t === 0 ? net : 0) : t >= 1 ? net / C : 0;
    flows[t] -= (1 - d) * spend;
    balance += d * spend;
  }
  const payment = balance === 0 ? 0 : i === 0 ? balance / L : (balance * i) / (1 - Math.pow(1 + i, -L));
  for (let j = 1; j <= N; j++) {
    const o = c.opex.length === 1 ? c.opex[0] : c.opex[j - 1];
    const v = c.volume.length === 1 ? c.volume[0] : c.volume[j - 1];
    flows[C + j] += price * v - o - (j <= L ? payment : 0);
  }
  return flows;
}

const npvAt = (r: number, flows: number[]) => flows.reduce((s, cf, t) => s + cf / Math.pow(1 + r, t), 0);

/** Present value of one yuan of price (Σ volume discounted): the scale for an NPV tolerance. */
const pvVolume = (c: Case) => {
  const C = c.construction ?? 0;
  let s = 0;
  for (let j = 1; j <= c.term - C; j++)
    s += (c.volume.length === 1 ? c.volume[0] : c.volume[j - 1]) / Math.pow(1 + c.r, C + j);
  return s;
};

const crf = (r: number, n: number) => (r === 0 ? 1 / n : r / (1 - Math.pow(1 + r, -n)));

/** The Wanzhou case: reclaimed water at 江南（密溪沟）污水处理厂 (see the registry's examples). */
const WANZHOU: Case = {
  capex: 60e6,
  opex: [4.5e6],
  volume: [15_000 * 365],
  term: 30,
  r: 0.08,
  support: 18e6,
  construction: 2,
  debtRatio: 0.7,
  debtRate: 0.035,
  loanYears: 20,
};
const WANZHOU_ARGS = '60000000,4500000,5475000,30,0.08';
const WANZHOU_TAIL = '18000000,2,0.7,0.035,20';
/** Found by bisection on `equityFlows(WANZHOU, p)` at 8 %, outside this code base (Python, 300 halvings). */
const WANZHOU_PRICE = 1.3800467345665668;
/** Total support at which 1.30 yuan/m³ suffices, found the same way (bisection on the support). */
const WANZHOU_SUPPORT_AT_130 = 24_023_631.26705829;

describe('REUSE.PPP.CONCESSIONPRICE', () => {
  it.each([
    ['REUSE.PPP.CONCESSIONPRICE(1,1,1,20)', 'takes 5 to 10 arguments (got 4)'],
    ['REUSE.PPP.CONCESSIONPRICE(1,1,1,20,0.05,0,0,0,0.05,20,1)', 'takes 5 to 10 arguments (got 11)'],
  ])('%s → #N/A %s', (f, m) => expectArityError(f, m));

  describe('defaults', () => {
    it('no support, no construction years, no debt: the levelised cost of water (and PRICE.LCOW)', () => {
      const expected = (80e6 * crf(0.052, 20) + 5.58e6) / 9.3075e6;
      expectClose(evaluate('REUSE.PPP.CONCESSIONPRICE(80000000,5580000,9307500,20,0.052)'), expected);
      expectClose(evaluate('REUSE.PPP.CONCESSIONPRICE(80000000,5580000,9307500,20,0.052,,,,,)'), expected);
      expectClose(evaluate('REUSE.PPP.CONCESSIONPRICE(80000000,5580000,9307500,20,0.052,0,0,0)'), expected);
      expectClose(evaluate('REUSE.PRICE.LCOW(80000000,5580000,9307500,20,0.052)'), expected);
    });

    it('debt_rate defaults to target_return: borrowing at the target return changes nothing', () => {
      const unlevered = evaluate(`REUSE.PPP.CONCESSIONPRICE(${WANZHOU_ARGS},18000000,2)`) as number;
      expectClose(evaluate(`REUSE.PPP.CONCESSIONPRICE(${WANZHOU_ARGS},18000000,2,0.7)`), unlevered);
      expectClose(evaluate(`REUSE.PPP.CONCESSIONPRICE(${WANZHOU_ARGS},18000000,2,0.7,,12)`), unlevered);
      expectClose(evaluate(`REUSE.PPP.CONCESSIONPRICE(${WANZHOU_ARGS},18000000,2,0.7,0.08,28)`), unlevered);
    });

    it('loan_years defaults to every operating year', () => {
      expectClose(
        evaluate(`REUSE.PPP.CONCESSIONPRICE(${WANZHOU_ARGS},18000000,2,0.7,0.035)`),
        evaluate(`REUSE.PPP.CONCESSIONPRICE(${WANZHOU_ARGS},18000000,2,0.7,0.035,28)`) as number
      );
    });

    it('construction_years 0 and 1 give the same price (the investment one period before the first operating year)', () => {
      const c0 = evaluate('REUSE.PPP.CONCESSIONPRICE(100000000,3000000,7300000,24,0.06,30000000,0)');
      expectClose(evaluate('REUSE.PPP.CONCESSIONPRICE(100000000,3000000,7300000,25,0.06,30000000,1)'), c0 as number);
      expectClose(c0, (70e6 * crf(0.06, 24) + 3e6) / 7.3e6);
    });
  });

  describe('validation', () => {
    it.each([
      ['REUSE.PPP.CONCESSIONPRICE(-1,1,1,20,0.05)', 'capex: must be ≥ 0 (got -1)'],
      ['REUSE.PPP.CONCESSIONPRICE(1,-1,1,20,0.05)', 'annual_opex: item 1 must be ≥ 0 (got -1)'],
      ['REUSE.PPP.CONCESSIONPRICE(1,1,{5,-1},2,0.05)', 'annual_volume: item 2 must be ≥ 0 (got -1)'],
      ['REUSE.PPP.CONCESSIONPRICE(1,1,1,0,0.05)', 'term_years: must be ≥ 1 (got 0)'],
      ['REUSE.PPP.CONCESSIONPRICE(1,1,1,20.5,0.05)', 'term_years: must be a whole number (got 20.5)'],
      ['REUSE.PPP.CONCESSIONPRICE(1,1,1,101,0.05)', 'term_years: must be ≤ 100 (got 101)'],
      ['REUSE.PPP.CONCESSIONPRICE(1,1,1,20,-1)', 'target_return: must be > -1 (got -1)'],
      ['REUSE.PPP.CONCESSIONPRICE(1,1,1,20,8)', 'target_return: must be ≤ 1 (got 8)'],
      ['REUSE.PPP.CONCESSIONPRICE(1,1,1,20,0.05,-1)', 'construction_support: must be ≥ 0 (got -1)'],
      ['REUSE.PPP.CONCESSIONPRICE(1,1,1,20,0.05,0,1.5)', 'construction_years: must be a whole number (got 1.5)'],
      ['REUSE.PPP.CONCESSIONPRICE(1,1,1,20,0.05,0,0,1)', 'debt_ratio: must be < 1 (got 1)'],
      ['REUSE.PPP.CONCESSIONPRICE(1,1,1,20,0.05,0,0,0.5,-0.01)', 'debt_rate: must be ≥ 0 (got -0.01)'],
      ['REUSE.PPP.CONCESSIONPRICE(1,1,1,20,0.05,0,0,0.5,0.03,0)', 'loan_years: must be ≥ 1 (got 0)'],
      ['REUSE.PPP.CONCESSIONPRICE(1,1,1,20,"eight")', 'target_return: must be a number (got "eight")'],
      ['REUSE.PPP.CONCESSIONPRICE(1,1,1,{20,30},0.05)', 'term_years: must be a single value, not a range'],
    ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
    it('an error in an input passes through', () =>
      expect(evaluate('REUSE.PPP.CONCESSIONPRICE(1,1,1,20,NA())')).toMatchObject({ error: '#N/A' }));
  });

  describe('domain errors', () => {
    it.each([
      [
        'REUSE.PPP.CONCESSIONPRICE(1,1,1,20,0.05,0,20)',
        'construction_years: must be < term_years (20), the term includes construction and needs at least one operating year (got 20)',
      ],
      [
        'REUSE.PPP.CONCESSIONPRICE(1,1,1,20,0.05,0,2,0.5,0.03,19)',
        'loan_years: must be ≤ the operating years, term_years − construction_years = 18 (got 19)',
      ],
      ['REUSE.PPP.CONCESSIONPRICE(100,1,1,20,0.05,101)', 'construction_support: must be ≤ capex (100) (got 101)'],
      [
        'REUSE.PPP.CONCESSIONPRICE(100,{1,2},1,3,0.05)',
        'annual_opex: needs 1 value or 3 values, one per year of operation (term_years − construction_years) (got 2)',
      ],
      [
        'REUSE.PPP.CONCESSIONPRICE(100,1,{1,2,3},3,0.05,0,1)',
        'annual_volume: needs 1 value or 2 values, one per year of operation (term_years − construction_years) (got 3)',
      ],
      [
        'REUSE.PPP.CONCESSIONPRICE(100,1,0,20,0.05)',
        'annual_volume: every operating year sells 0 m³, so there is no price per m³',
      ],
      ['REUSE.PPP.CONCESSIONPRICE(100,1,{0,0,0},3,0.05)', 'annual_volume: every operating year sells 0 m³'],
    ])('%s → #VALUE! %s (never #DIV/0!)', (f, m) => expectError(f, '#VALUE!', m));

    it('core: the same checks as values, with the message naming the argument', () => {
      const e = concessionPrice({
        capex: 1,
        opex: [1],
        volume: [1],
        termYears: 5,
        targetReturn: 0.05,
        constructionYears: 5,
      });
      expect(isCalcError(e) && e.text()).toMatch(/^construction_years: /);
      const z = concessionPrice({
        capex: 1,
        opex: [1],
        volume: [1],
        termYears: 5,
        targetReturn: 0.05,
        constructionYears: 5,
      });
      expect(isCalcError(z) && z.text('zh-CN')).toMatch(/^construction_years：/);
    });
  });

  describe('values', () => {
    // Rows: formula, expected (a closed form written out here), source.
    it.each([
      [
        'REUSE.PPP.CONCESSIONPRICE(80000000,5580000,9307500,20,0.052)',
        (80e6 * crf(0.052, 20) + 5.58e6) / 9.3075e6,
        'LCOW example of FUNCTIONS.md: 1.30096',
      ],
      [
        'REUSE.PPP.CONCESSIONPRICE(100000000,3000000,7300000,25,0.06,30000000,1)',
        (70e6 * crf(0.06, 24) + 3e6) / 7.3e6,
        '30 % support, 1 construction year: 1.17500',
      ],
      ['REUSE.PPP.CONCESSIONPRICE(1000,0,100,10,0)', 1, 'no return, no opex: capex / total volume'],
      ['REUSE.PPP.CONCESSIONPRICE(1000,0,100,10,0,1000)', 0, 'fully supported construction, no opex: a zero charge'],
      [
        'REUSE.PPP.CONCESSIONPRICE(0,50,{100,0,100},3,0.1)',
        (50 / 1.1 + 50 / 1.21 + 50 / 1.331) / (100 / 1.1 + 100 / 1.331),
        'no capex: PV(opex) / PV(volume), a year with no sales',
      ],
      [
        'REUSE.PPP.CONCESSIONPRICE(1000,0,100,2,0.1,0,0,0.5,0,2)',
        // equity 500 at t = 0; the loan of 500 at 0 % is repaid 250 a year: p × 100 − 250 in years 1, 2.
        (500 + 250 / 1.1 + 250 / 1.21) / (100 / 1.1 + 100 / 1.21),
        'an interest-free loan repaid in two equal parts',
      ],
      [
        'REUSE.PPP.CONCESSIONPRICE(1000,0,100,4,0.1,0,2,0.5,0.05,2)',
        // 500 spent at t = 1 and t = 2 (equity 250 each); the loan balance at t = 2 is 250 × 1.05 + 250 = 512.5,
        // repaid over 2 years at 5 %: 512.5 × 0.05 / (1 − 1.05^−2) = 275.6220…
        (250 / 1.1 + 250 / 1.21 + 512.5 * crf(0.05, 2) * (1 / 1.1 ** 3 + 1 / 1.1 ** 4)) /
          (100 / 1.1 ** 3 + 100 / 1.1 ** 4),
        'construction with capitalised interest, then a level annuity',
      ],
    ])('%s = %d (%s)', (f, expected) => expectClose(evaluate(f as string), expected as number));

    it('per-year opex and volume (a ramp-up), as rows or columns', () => {
      const vols = [2e6, 4e6, 6e6, 6e6, 6e6];
      const pvV = vols.reduce((s, v, k) => s + v / 1.07 ** (k + 1), 0);
      const pvO = [1e6, 2e6, 3e6, 3e6, 3e6].reduce((s, o, k) => s + o / 1.07 ** (k + 1), 0);
      const expected = (20e6 + pvO) / pvV;
      expectClose(
        evaluate(
          'REUSE.PPP.CONCESSIONPRICE(20000000,{1000000,2000000,3000000,3000000,3000000},{2000000,4000000,6000000,6000000,6000000},5,0.07)'
        ),
        expected
      );
      expectClose(
        evaluate(
          'REUSE.PPP.CONCESSIONPRICE(20000000,{1000000;2000000;3000000;3000000;3000000},{2000000;4000000;6000000;6000000;6000000},5,0.07)'
        ),
        expected
      );
    });
  });

  it('properties: at the price, the written-out equity cash flows are worth 0 at the target return (generated inputs)', () => {
    const rand = prng(2023_115);
    for (let n = 0; n < 200; n++) {
      const term = 2 + Math.floor(rand() * 39);
      const construction = Math.floor(rand() * Math.min(4, term));
      const N = term - construction;
      const c: Case = {
        capex: 1e6 + rand() * 5e8,
        opex: rand() < 0.5 ? [rand() * 2e7] : Array.from({ length: N }, () => rand() * 2e7),
        volume: rand() < 0.5 ? [1e5 + rand() * 2e7] : Array.from({ length: N }, () => 1e5 + rand() * 2e7),
        term,
        r: rand() * 0.12,
        construction,
      };
      c.support = rand() < 0.3 ? 0 : rand() * c.capex;
      if (rand() < 0.7) {
        c.debtRatio = rand() * 0.9;
        c.debtRate = rand() * 0.08;
        c.loanYears = 1 + Math.floor(rand() * N);
      }
      const p = call(
        'PPP.CONCESSIONPRICE',
        c.capex,
        [c.opex],
        [c.volume],
        c.term,
        c.r,
        c.support,
        c.construction,
        c.debtRatio ?? null,
        c.debtRate ?? null,
        c.loanYears ?? null
      ) as number;
      expect(typeof p).toBe('number');
      // NPV is in yuan; one yuan per m³ moves it by PV(volume): compare at 1e-9 of that scale.
      expect(Math.abs(npvAt(c.r, equityFlows(c, p)))).toBeLessThan(1e-9 * pvVolume(c) * Math.max(1, Math.abs(p)));
    }
  });

  it('properties: more support lowers the price linearly; cheaper debt lowers it; a longer term lowers it', () => {
    const price = (tail: string) => evaluate(`REUSE.PPP.CONCESSIONPRICE(${tail})`) as number;
    const p0 = price('60000000,4500000,5475000,30,0.08,0,2,0.7,0.035,20');
    const p1 = price('60000000,4500000,5475000,30,0.08,10000000,2,0.7,0.035,20');
    const p2 = price('60000000,4500000,5475000,30,0.08,20000000,2,0.7,0.035,20');
    expectClose(p0 - p1, p1 - p2, 1e-9);
    expect(p1).toBeLessThan(p0);
    expect(price('60000000,4500000,5475000,30,0.08,0,2,0.7,0.03,20')).toBeLessThan(p0);
    expect(price('60000000,4500000,5475000,35,0.08,0,2,0.7,0.035,20')).toBeLessThan(p0);
  });
});

describe('REUSE.PPP.CONCESSIONTEST', () => {
  it('argument count', () => {
    expectArityError('REUSE.PPP.CONCESSIONTEST(1,1,1,20,0.05)', 'takes 6 to 12 arguments (got 5)');
    expectArityError(
      'REUSE.PPP.CONCESSIONTEST(1,1,1,20,0.05,1,0,0,0,0.05,20,40,1)',
      'takes 6 to 12 arguments (got 13)'
    );
  });

  it("term_limit defaults to the catalogue's ppp.concession_term_max (40 years)", () => {
    expect(evaluate('REUSE.POLICY("ppp.concession_term_max")')).toBe(40);
    const row = (f: string) => (evaluate(f) as number[][])[0];
    expect(row('REUSE.PPP.CONCESSIONTEST(1000,0,100,40,0,20)')[4]).toBe(0);
    expect(row('REUSE.PPP.CONCESSIONTEST(1000,0,100,41,0,20)')[4]).toBe(-1);
    expect(row('REUSE.PPP.CONCESSIONTEST(1000,0,100,41,0,20,,,,,,45)')[4]).toBe(4);
  });

  it.each([
    ['REUSE.PPP.CONCESSIONTEST(1,1,1,20,0.05,-1)', 'allowed_price: must be ≥ 0 (got -1)'],
    ['REUSE.PPP.CONCESSIONTEST(1,1,1,20,0.05,1,0,0,0,0.05,20,0)', 'term_limit: must be ≥ 1 (got 0)'],
    ['REUSE.PPP.CONCESSIONTEST(1,1,1,20,0.05,1,0,20)', 'construction_years: must be < term_years (20)'],
    ['REUSE.PPP.CONCESSIONTEST(1,1,0,20,0.05,1)', 'annual_volume: every operating year sells 0 m³'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));

  describe('values', () => {
    it('no return, no opex: capex / total volume against the allowed price; the support that closes the gap', () => {
      // Required 1000 / (10 × 100) = 1; at an allowed 0.8 the concessionaire can finance 800 → support 200.
      expectMatrixClose(evaluate('REUSE.PPP.CONCESSIONTEST(1000,0,100,10,0,0.8)'), [[1, 0.8, -0.2, 200, 30, 0]]);
      expectMatrixClose(evaluate('REUSE.PPP.CONCESSIONTEST(1000,0,100,10,0,0.8,150)'), [[0.85, 0.8, -0.05, 50, 30, 0]]);
      expectMatrixClose(evaluate('REUSE.PPP.CONCESSIONTEST(1000,0,100,10,0,1.2)'), [[1, 1.2, 0.2, 0, 30, 1]]);
    });

    it('with a loan, the support is found on the equity cash flows (h = equity + debt cost per yuan)', () => {
      // Loan 50 % at 0 %, two years: per yuan invested the equity pays 0.5 now and 0.25 in each year:
      // h = 0.5 + 0.25/1.1 + 0.25/1.21; price = 1000 h / PV(volume); support S* = 1000 − allowed × PV(volume) / h.
      const h = 0.5 + 0.25 / 1.1 + 0.25 / 1.21;
      const pvV = 100 / 1.1 + 100 / 1.21;
      const required = (1000 * h) / pvV;
      const allowed = 4;
      expectMatrixClose(evaluate('REUSE.PPP.CONCESSIONTEST(1000,0,100,2,0.1,4,0,0,0.5,0,2)'), [
        [required, allowed, allowed - required, 1000 - (allowed * pvV) / h, 38, 0],
      ]);
    });

    it('allowed price below the operating cost: the extra support exceeds what is left of capex (construction support cannot close it)', () => {
      // Opex 1 per m³ every year: even free construction needs 1 yuan/m³; at 0.5 the support would have to exceed capex.
      const row = (evaluate('REUSE.PPP.CONCESSIONTEST(1000,100,100,10,0,0.5)') as number[][])[0];
      expectClose(row[0], 2);
      expectClose(row[3], 1000 + 500); // S* = 1000 − (0.5 × 1000 − 1000) / 1
      expect(row[3]).toBeGreaterThan(1000);
      expect(row[5]).toBe(0);
    });

    it('core: the test agrees with the price, and extra support puts the price exactly on the allowed one', () => {
      const terms = {
        capex: 60e6,
        opex: [4.5e6],
        volume: [5.475e6],
        termYears: 30,
        targetReturn: 0.08,
        constructionSupport: 18e6,
        constructionYears: 2,
        debtRatio: 0.7,
        debtRate: 0.035,
        loanYears: 20,
      };
      const t = concessionTest(terms, 1.3, 40);
      if (isCalcError(t)) throw new Error(t.text());
      expectClose(t.requiredPrice, concessionPrice(terms) as number);
      const after = concessionPrice({ ...terms, constructionSupport: 18e6 + t.extraSupport }) as number;
      expectClose(after, 1.3, 1e-9);
    });
  });

  it('spills 1 row × 6 columns, also when the arguments sit in cells', () => {
    const e = Engine.fromSheets({
      s: [
        [
          60000000,
          4500000,
          5475000,
          30,
          0.08,
          1.6,
          '=REUSE.PPP.CONCESSIONTEST(A1,B1,C1,D1,E1,F1,18000000,2,0.7,0.035,20)',
        ],
      ],
    });
    const v = e.hf.getSheetValues(0);
    expect(v).toHaveLength(1);
    expect(v[0].slice(6)).toHaveLength(6);
    expectClose(v[0][6], WANZHOU_PRICE);
    expect(v[0][11]).toBe(1);
    e.hf.destroy();
  });
});

describe('scenario: a reclaimed-water concession at 江南（密溪沟）污水处理厂 under the 2023 mechanism', () => {
  // 15 000 m³/d sold to industry and for municipal use ((三) of 万州发改资环〔2023〕25号), 60 M capex over
  // 2 construction years, 18 M construction-period investment support (国办函〔2023〕115号 一（一）),
  // 70 % of the rest borrowed at 3.5 % over 20 years, 4.5 M opex, a 30-year term, 8 % equity return.
  it('needed price from the written-out cash flows; the allowed price decides whether more support is needed', () => {
    const p = evaluate(`REUSE.PPP.CONCESSIONPRICE(${WANZHOU_ARGS},${WANZHOU_TAIL})`) as number;
    expectClose(p, WANZHOU_PRICE);
    expect(Math.abs(npvAt(0.08, equityFlows(WANZHOU, p)))).toBeLessThan(1e-9 * pvVolume(WANZHOU));
    // The debt service the flows carry: the balance after capitalised interest, as a level annuity.
    const balance = 0.7 * 21e6 * 1.035 + 0.7 * 21e6; // 29 914 500
    expectClose(balance * crf(0.035, 20), 2_104_816.4314258397);

    expectMatrixClose(
      evaluate(`REUSE.PPP.CONCESSIONTEST(${WANZHOU_ARGS},1.3,${WANZHOU_TAIL})`),
      [[WANZHOU_PRICE, 1.3, 1.3 - WANZHOU_PRICE, WANZHOU_SUPPORT_AT_130 - 18e6, 10, 0]],
      1e-8
    );
    // At the support found outside this code base, 1.30 is exactly enough.
    expectClose(
      evaluate(`REUSE.PPP.CONCESSIONPRICE(${WANZHOU_ARGS},${WANZHOU_SUPPORT_AT_130},2,0.7,0.035,20)`),
      1.3,
      1e-9
    );
    // Without any construction support the needed price is far above (bisection outside: 1.6192448458583049).
    expectClose(evaluate(`REUSE.PPP.CONCESSIONPRICE(${WANZHOU_ARGS},0,2,0.7,0.035,20)`), 1.6192448458583049, 1e-9);
  });
});
