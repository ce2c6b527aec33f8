/**
 * PPP: the MOF fiscal-affordability subsidy, the year-by-year payment schedule and the share
 * of the general budget. Sections: argument count, defaults, validations, domain errors,
 * values (it.each rows with their source), property checks and a worked scenario.
 * Expected numbers come from FUNCTIONS.md, hand calculations or closed forms written here.
 */
import { PppMethod, availabilityPayment, fiscalRatio, pppSchedule } from '../../../src/core/ppp';
import { isCalcError } from '../../../src/core/errors';
import { Engine } from '../../../src/engine/engine';
import { findFunction, invoke } from '../../../src/registry';
import type { ArgValue } from '../../../src/registry';
import { evaluate, expectArityError, expectError } from '../../helpers/engine';
import { expectClose, expectMatrixClose } from '../../helpers/tolerance';
import { prng } from '../../helpers/random';

const call = (id: string, ...args: ArgValue[]) => invoke(findFunction(id)!, args);
/** The contract's inputs: 100 M capex, 6 % profit, 5 % discount, 20 years, 8 M opex, 6 M user revenue. */
const CONTRACT = (n: number | string) => `REUSE.PPP.SUBSIDY(100000000,0.06,0.05,${n},20,8000000,6000000)`;

describe('REUSE.PPP.SUBSIDY', () => {
  it.each([
    ['REUSE.PPP.SUBSIDY(100000000,0.06,0.05,1,20,8000000)', 'takes 7 arguments (got 6)'],
    ['REUSE.PPP.SUBSIDY(100000000,0.06,0.05,1,20,8000000,6000000,1)', 'takes 7 arguments (got 8)'],
  ])('%s → #N/A %s', (f, m) => expectArityError(f, m));

  describe('values', () => {
    it.each([
      [1, 8_045_000, 'FUNCTIONS.md: 106 M × 1.05 / 20 + 8.48 M − 6 M'],
      [10, 11_113_140, 'FUNCTIONS.md: 11.11314 M'],
      [20, 16_542_480, 'FUNCTIONS.md: 16.54248 M'],
    ])('year %d → %d (%s)', (n, expected) => expectClose(evaluate(CONTRACT(n)), expected, 1e-6));

    it.each([
      [1, 5.3e6 * 1.05 + 2.48e6],
      [10, 5.3e6 * 1.05 ** 10 + 2.48e6],
      [20, 5.3e6 * 1.05 ** 20 + 2.48e6],
    ])('year %d to 1e-9 against the formula written out', (n, expected) =>
      expectClose(evaluate(CONTRACT(n)), expected)
    );

    it.each([
      [
        'REUSE.PPP.SUBSIDY(100000000,0.06,0.05,1,20,1000000,9000000)',
        5.565e6 + 1.06e6 - 9e6,
        'users pay more than needed: negative',
      ],
      ['REUSE.PPP.SUBSIDY(0,0.06,0.05,3,20,1000000,0)', 1.06e6, 'no capex: only the operating part'],
      ['REUSE.PPP.SUBSIDY(100,0,0,1,4,0,0)', 25, 'no profit, no discounting: capex / period'],
    ])('%s = %d (%s)', (f, expected) => expectClose(evaluate(f as string), expected as number));
  });

  describe('validation', () => {
    it.each([
      [CONTRACT(21), 'year: must be ≤ period (20) (got 21)'],
      [CONTRACT(0), 'year: must be ≥ 1 (got 0)'],
      [CONTRACT(1.5), 'year: must be a whole number (got 1.5)'],
      ['REUSE.PPP.SUBSIDY(-1,0.06,0.05,1,20,8000000,6000000)', 'capex: must be ≥ 0 (got -1)'],
      ['REUSE.PPP.SUBSIDY(100,-0.01,0.05,1,20,8000000,6000000)', 'profit_rate: must be ≥ 0 (got -0.01)'],
      ['REUSE.PPP.SUBSIDY(100,0.06,-1,1,20,8000000,6000000)', 'discount_rate: must be > -1 (got -1)'],
      ['REUSE.PPP.SUBSIDY(100,0.06,0.05,1,0,8000000,6000000)', 'period: must be ≥ 1 (got 0)'],
      ['REUSE.PPP.SUBSIDY(100,0.06,0.05,1,101,8000000,6000000)', 'period: must be ≤ 100 (got 101)'],
      ['REUSE.PPP.SUBSIDY(100,0.06,0.05,1,20,-8,6000000)', 'opex: must be ≥ 0 (got -8)'],
      ['REUSE.PPP.SUBSIDY(100,0.06,0.05,1,20,8,"six")', 'user_revenue: must be a number (got "six")'],
      ['REUSE.PPP.SUBSIDY(100,0.06,0.05,1,20,{8,9},6)', 'opex: must be a single value, not a range'],
    ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
    it('an error in an input passes through', () =>
      expect(evaluate(CONTRACT('NA()'))).toMatchObject({ error: '#N/A' }));
  });
});

describe('REUSE.PPP.SCHEDULE', () => {
  it('argument count', () => expectArityError('REUSE.PPP.SCHEDULE(1,0.06,0.05,2,1)', 'takes 6 to 7 arguments (got 5)'));

  describe('defaults', () => {
    it('method defaults to mof21 ("财金21号"), also when empty', () => {
      const expected = [
        [1, (106e6 * 1.05) / 2, 2.48e6, (106e6 * 1.05) / 2 + 2.48e6],
        [2, (106e6 * 1.05 ** 2) / 2, 2.48e6, (106e6 * 1.05 ** 2) / 2 + 2.48e6],
      ];
      expectMatrixClose(evaluate('REUSE.PPP.SCHEDULE(100000000,0.06,0.05,2,8000000,6000000)'), expected);
      expectMatrixClose(evaluate('REUSE.PPP.SCHEDULE(100000000,0.06,0.05,2,8000000,6000000,)'), expected);
      expectMatrixClose(evaluate('REUSE.PPP.SCHEDULE(100000000,0.06,0.05,2,8000000,6000000,"财金21号")'), expected);
      expectMatrixClose(evaluate('REUSE.PPP.SCHEDULE(100000000,0.06,0.05,2,8000000,6000000,"MOF21")'), expected);
    });
  });

  describe('values', () => {
    it('year n of the schedule is SUBSIDY(n) (the contract example, n = 1, 10, 20)', () => {
      const m = evaluate('REUSE.PPP.SCHEDULE(100000000,0.06,0.05,20,8000000,6000000)') as number[][];
      expect(m).toHaveLength(20);
      expect(m.map((r) => r[0])).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expectClose(m[0][3], 8_045_000);
      expectClose(m[9][3], 11_113_140, 1e-6);
      expectClose(m[19][3], 16_542_480, 1e-6);
    });

    it('annuity: a level availability payment whose present value at profit_rate is capex', () => {
      const m = evaluate('REUSE.PPP.SCHEDULE(100000000,0.06,0.05,20,0,0,"等额年金")') as number[][];
      const a = (100e6 * 0.06) / (1 - 1.06 ** -20); // 8 718 456.31…
      for (const r of m) expectClose(r[1], a);
      expectClose(
        m.reduce((pv, r) => pv + r[1] / 1.06 ** r[0], 0),
        100e6
      );
    });

    it('annuity at profit_rate 0 is capex / period (the limit), and ignores discount_rate', () => {
      expectMatrixClose(evaluate('REUSE.PPP.SCHEDULE(1000000,0,0.05,4,{100,200,300,400},50,"annuity")'), [
        [1, 250_000, 50, 250_050],
        [2, 250_000, 150, 250_150],
        [3, 250_000, 250, 250_250],
        [4, 250_000, 350, 250_350],
      ]);
      // Continuous at 0 and accurate near it: r / (1 − (1 + r)^−N) ≈ (1 + r (N + 1) / 2) / N for tiny r
      // (a naive 1 − (1 + r)^−N loses 8 digits here).
      expectClose(availabilityPayment(1e6, 1e-9, 0, 1, 4, PppMethod.Annuity), 250_000 * (1 + 2.5e-9));
    });

    it('opex and user revenue per year (columns or rows)', () => {
      expectMatrixClose(evaluate('REUSE.PPP.SCHEDULE(0,0.1,0,3,{10;20;30},{1,2,3})'), [
        [1, 0, 10, 10],
        [2, 0, 20, 20],
        [3, 0, 30, 30],
      ]);
    });
  });

  describe('validation', () => {
    it.each([
      ['REUSE.PPP.SCHEDULE(1,0.06,0.05,3,{1,2},1)', 'opex: needs 1 value or 3 values, one per year of period (got 2)'],
      [
        'REUSE.PPP.SCHEDULE(1,0.06,0.05,3,1,{1,2,3,4})',
        'user_revenue: needs 1 value or 3 values, one per year of period (got 4)',
      ],
      ['REUSE.PPP.SCHEDULE(1,0.06,0.05,3,1,1,"level")', 'method: unknown option "level"'],
      ['REUSE.PPP.SCHEDULE(1,0.06,0.05,3,{1,-2,3},1)', 'opex: item 2 must be ≥ 0 (got -2)'],
      ['REUSE.PPP.SCHEDULE(1,0.06,0.05,3.5,1,1)', 'period: must be a whole number (got 3.5)'],
    ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
  });

  it('spills period rows × 4 when period sits in a cell (size learnt at evaluation)', () => {
    const e = Engine.fromSheets({ s: [[25, '=REUSE.PPP.SCHEDULE(100,0,0,A1,1,1)']] });
    const v = e.hf.getSheetValues(0);
    expect(v).toHaveLength(25);
    expect(v[24].slice(1)).toEqual([25, 4, 0, 4]); // 100 / 25; 1 × (1 + 0) − 1
    e.hf.destroy();
  });

  it('properties: row n total = SUBSIDY(n), Σ availability by a closed geometric sum (generated inputs)', () => {
    const rand = prng(2015_21);
    for (let i = 0; i < 150; i++) {
      const capex = 1e6 + rand() * 1e9;
      const p = rand() * 0.1;
      const d = rand() * 0.08;
      const period = 1 + Math.floor(rand() * 40);
      const opex = Array.from({ length: period }, () => rand() * 2e7);
      const users = Array.from({ length: period }, () => rand() * 2e7);
      const m = call('PPP.SCHEDULE', capex, p, d, period, [opex], [users]) as number[][];
      expect(m).toHaveLength(period);
      m.forEach((r, k) => {
        expectClose(r[3], call('PPP.SUBSIDY', capex, p, d, k + 1, period, opex[k], users[k]) as number, 1e-9, 1e-6);
        expectClose(r[3], r[1] + r[2]);
      });
      // Σ_n capex(1+p)(1+d)^n / period = capex(1+p)/period × ((1+d)^(N+1) − (1+d)) / d  (d > 0)
      const closed =
        d === 0 ? capex * (1 + p) : ((capex * (1 + p)) / period) * (((1 + d) ** (period + 1) - (1 + d)) / d);
      expectClose(
        m.reduce((s, r) => s + r[1], 0),
        closed,
        1e-9,
        1e-3
      );
    }
  });

  it('core: a list of the wrong length is a value error naming the argument', () => {
    const r = pppSchedule(1, 0, 0, 3, [1, 2], [1]);
    expect(isCalcError(r) && r.text()).toBe('opex: needs 1 value or 3 values, one per year of period (got 2)');
  });
});

describe('REUSE.PPP.FISCALRATIO', () => {
  it('argument count', () => expectArityError('REUSE.PPP.FISCALRATIO({1})', 'takes 2 arguments (got 1)'));
  it.each([
    ['REUSE.PPP.FISCALRATIO({8045000;9000000},{1000000000;1200000000})', [[0.008045], [0.0075]], 'one budget per year'],
    ['REUSE.PPP.FISCALRATIO({50,100,150},1000)', [[0.05], [0.1], [0.15]], 'one budget for every year'],
    [
      'REUSE.PPP.FISCALRATIO({-5,10},{100,200})',
      [[-0.05], [0.05]],
      'a negative outlay (users pay more) gives a negative share',
    ],
  ])('%s (%s)', (f, expected) => expectMatrixClose(evaluate(f as string), expected as number[][]));
  it.each([
    [
      'REUSE.PPP.FISCALRATIO({1,2,3},{100,200})',
      'budget_expenditure: needs 1 value or 3 values, one per year of outlays (got 2)',
    ],
    ['REUSE.PPP.FISCALRATIO({1,2},{100,0})', 'budget_expenditure: item 2 must be > 0 (got 0)'],
    ['REUSE.PPP.FISCALRATIO({1,2},0)', 'budget_expenditure: item 1 must be > 0 (got 0)'],
  ])('%s → #VALUE! %s (a zero budget is never #DIV/0!)', (f, m) => expectError(f, '#VALUE!', m));
  it('core: ratio by ratio', () => expect(fiscalRatio([8e6, 9e6], [1e9])).toEqual([8e6 / 1e9, 9e6 / 1e9]));
  it('peak share of the contract project in a 1 000 M budget, against the 10 % cap', () => {
    const peak = evaluate(
      'MAX(REUSE.PPP.FISCALRATIO(INDEX(REUSE.PPP.SCHEDULE(100000000,0.06,0.05,20,8000000,6000000),20,4),1000000000))'
    );
    expectClose(peak, 16_542_480 / 1e9, 1e-6);
  });
});

describe('scenario: a 20-year franchise for a reclaimed-water plant, paid by the district', () => {
  it('payments grow with the discount factor; the peak share of a growing budget stays under the cap', () => {
    // 150 M capex, 6 % profit, 4.5 % discount, opex 6 M growing 2 %, users pay 2 M growing 3 %;
    // budget 16 000 M growing 3 %.
    const years = Array.from({ length: 20 }, (_, i) => i + 1);
    const opex = years.map((n) => 6e6 * 1.02 ** (n - 1));
    const users = years.map((n) => 2e6 * 1.03 ** (n - 1));
    const budget = years.map((n) => 16e9 * 1.03 ** (n - 1));
    const expected = years.map((n) => (150e6 * 1.06 * 1.045 ** n) / 20 + opex[n - 1] * 1.06 - users[n - 1]);
    const col = (xs: number[]) => `{${xs.join(';')}}`;
    const m = evaluate(`REUSE.PPP.SCHEDULE(150000000,0.06,0.045,20,${col(opex)},${col(users)})`) as number[][];
    m.forEach((r, i) => expectClose(r[3], expected[i]));
    const shares = expected.map((x, i) => x / budget[i]);
    const peak = evaluate(`MAX(REUSE.PPP.FISCALRATIO(${col(expected)},${col(budget)}))`);
    expectClose(peak, Math.max(...shares));
    expect(peak as number).toBeLessThan(evaluate('REUSE.POLICY("ppp.fiscal_cap")') as number);
  });
});
