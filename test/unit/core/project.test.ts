/**
 * PROJECT: NPV with the first value at t = 0, payback, and central budget support.
 * Sections: argument count, defaults, validations, domain errors (#N/A for no payback),
 * values (it.each rows with their source), properties and a worked scenario.
 */
import { policyNumber } from '../../../src/core/policy';
import { Region, centralFund, npv, payback } from '../../../src/core/project';
import { isCalcError } from '../../../src/core/errors';
import { evaluate, expectError } from '../../helpers/engine';
import { expectClose } from '../../helpers/tolerance';
import { prng } from '../../helpers/random';

const list = (xs: readonly number[]) => `{${xs.join(',')}}`;
/** The contract's example: −10 000 then 15 × 1 500. */
const FLOWS = [-10_000, ...Array(15).fill(1500)];

describe('REUSE.PROJECT.NPV', () => {
  it.each([
    ['REUSE.PROJECT.NPV(0.06)', 'takes 2 arguments (got 1)'],
    ['REUSE.PROJECT.NPV(0.06,{1},{2})', 'takes 2 arguments (got 3)'],
  ])('%s → #N/A', (f, m) => expectError(f, '#N/A', m));
  it.each([
    [0.06, FLOWS, -10_000 + (1500 * (1 - 1.06 ** -15)) / 0.06, 'FUNCTIONS.md: 4 568.37 by the annuity factor'],
    [0, FLOWS, 12_500, 'at rate 0 the plain sum'],
    [0.1, [100], 100, 'a single value at t = 0 is not discounted'],
    [0.1, [0, 110], 100, 'one year out'],
    [-0.5, [0, 1], 2, 'a negative rate > −1 is allowed'],
  ])('rate %d, %j → %d (%s)', (rate, flows, expected) =>
    expectClose(evaluate(`REUSE.PROJECT.NPV(${rate},${list(flows as number[])})`), expected as number)
  );
  it('the contract value rounds to 4 568.37', () =>
    expect(Math.round((evaluate(`REUSE.PROJECT.NPV(0.06,${list(FLOWS)})`) as number) * 100) / 100).toBe(4568.37));
  it("equals Excel's NPV on years 1…n plus the year-0 value (the common trap, undone)", () => {
    expectClose(
      evaluate(`REUSE.PROJECT.NPV(0.06,${list(FLOWS)})`),
      (evaluate(`NPV(0.06,${list(FLOWS.slice(1))})`) as number) - 10_000
    );
  });
  it.each([
    ['REUSE.PROJECT.NPV(-1,{1,2})', 'rate: must be > -1 (got -1)'],
    ['REUSE.PROJECT.NPV(0.05,{1,"x"})', 'cashflows: item 2 must be a number (got "x")'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
  it('property: NPV is linear and equals the sum of discounted values computed backwards (Horner)', () => {
    const rand = prng(7);
    for (let i = 0; i < 200; i++) {
      const n = 1 + Math.floor(rand() * 40);
      const flows = Array.from({ length: n }, () => (rand() - 0.3) * 1e7);
      const r = rand() * 0.15;
      let horner = 0;
      for (let t = n - 1; t >= 0; t--) horner = flows[t] + horner / (1 + r);
      expectClose(npv(r, flows), horner, 1e-9, 1e-6);
    }
  });
});

describe('REUSE.PROJECT.PAYBACK', () => {
  it('argument count', () => expectError('REUSE.PROJECT.PAYBACK({1},{2})', '#N/A', 'takes 1 argument'));
  // Expected values by hand: k = the last year with a negative cumulative, payback = k + (−cum_k) / CF_{k+1}.
  it.each([
    [FLOWS, 6 + 1000 / 1500, 'FUNCTIONS.md: 6.6667'],
    [[-100, 50, 50], 2, 'cumulative −100, −50, 0: exactly 0 at the end of year 2'],
    [[-100, 40, 40, 40], 2 + 20 / 40, 'half-way through year 3'],
    [[-100, -50, 200], 1 + 150 / 200, 'two investment years'],
    [[0, 10], 0, 'the cumulative is never negative: nothing to pay back'],
    [[50, -10], 0, 'cumulative 50, 40: never negative'],
    [[0, 0, 5], 0, 'zeros only, then income: never negative'],
    [[0, -100, 60, 60], 2 + 40 / 60, 'issue 11: a leading 0 year no longer gives 0 (cumulative 0, −100, −40, 20)'],
    [
      [30, -100, 40, 40, 40],
      2 + 30 / 40,
      'issue 11: a grant before the outlay no longer gives 0 (cumulative 30, −70, −30, 10, 50)',
    ],
    [
      [-100, 150, -200, 300],
      2 + 150 / 300,
      'issue 11: the last crossing counts (cumulative −100, 50, −150, 150), not the first (0.667)',
    ],
    [[-100, 60, 60, -50, 60], 3 + 30 / 60, 'issue 11: an equipment renewal in year 3 moves it from 1.67 to 3.5'],
    [[-100, 60, 60, -10, 60], 100 / 60 + 0, 'a dip that leaves the cumulative ≥ 0 (20 − 10 = 10) does not move it'],
  ])('%j → %d (%s)', (flows, expected) =>
    expectClose(evaluate(`REUSE.PROJECT.PAYBACK(${list(flows as number[])})`), expected as number)
  );
  it.each([
    [
      'REUSE.PROJECT.PAYBACK({-100,10,10})',
      'cashflows: the cumulative cash flow ends below 0 (at -80): not paid back within the years given',
    ],
    [
      'REUSE.PROJECT.PAYBACK({-100})',
      'cashflows: the cumulative cash flow ends below 0 (at -100): not paid back within the years given',
    ],
    ['REUSE.PROJECT.PAYBACK({-100,150,-200})', 'cashflows: the cumulative cash flow ends below 0 (at -150)'],
    ['REUSE.PROJECT.PAYBACK({0,0,-1})', 'cashflows: the cumulative cash flow ends below 0 (at -1)'],
  ])('%s → #N/A %s', (f, m) => expectError(f, '#N/A', m));
  it('core: never paying back is an #N/A value, not a number', () => {
    const r = payback([-1, 0.5]);
    expect(isCalcError(r) && r.code).toBe('#N/A');
  });
  it('property: the cumulative sum, interpolated linearly, is 0 at the payback time and never negative after it', () => {
    const rand = prng(11);
    let checked = 0;
    for (let i = 0; i < 300; i++) {
      // Grants before the outlay, renewals that dip the cumulative: any sign anywhere.
      const flows = [(rand() - 0.7) * 1e8, ...Array.from({ length: 30 }, () => (rand() - 0.25) * 2e7)];
      const p = payback(flows);
      if (isCalcError(p)) continue;
      const cum: number[] = [];
      flows.reduce((a, v, t) => (cum[t] = a + v), 0);
      if (p === 0) {
        expect(cum.every((c) => c >= 0)).toBe(true);
        continue;
      }
      checked++;
      const whole = Math.floor(p);
      const at = cum[whole] + (p - whole) * (flows[whole + 1] ?? 0);
      expectClose(at, 0, 1e-9, 1e-4);
      expect(cum.slice(whole + 1).every((c) => c >= 0)).toBe(true);
      expect(cum[whole]).toBeLessThan(0);
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('REUSE.PROJECT.CENTRALFUND', () => {
  it('argument count', () => expectError('REUSE.PROJECT.CENTRALFUND(1)', '#N/A', 'takes 2 to 3 arguments (got 1)'));
  it('cap defaults to REUSE.POLICY("central.cap") (50 000 000 yuan); shares come from the catalogue', () => {
    expect(policyNumber('central.cap')).toBe(50_000_000);
    expectClose(evaluate('REUSE.PROJECT.CENTRALFUND(340000000,"西部")'), 50_000_000);
    expectClose(evaluate('REUSE.PROJECT.CENTRALFUND(340000000,"西部",)'), 50_000_000);
    expect(centralFund(10, Region.West)).toBe(6); // 10 × the western share, 60 % (655号 practice, the catalogue's assumption)
  });
  it.each([
    ['east', 30_000_000],
    ['东部', 30_000_000],
    ['EAST', 30_000_000],
    ['东部地区', 30_000_000],
    ['central', 45_000_000],
    ['中部', 45_000_000],
    ['west', 60_000_000],
    ['西部', 60_000_000],
    ['重庆', 60_000_000],
    ['Chongqing', 60_000_000],
    ['northeast', 60_000_000],
    ['东北', 60_000_000],
    [' Northeast ', 60_000_000],
  ])('100 M in %s → %d (share × investment, cap not reached with cap 1e9)', (region, expected) =>
    expectClose(evaluate(`REUSE.PROJECT.CENTRALFUND(100000000,"${region}",1000000000)`), expected)
  );
  it.each([
    ['REUSE.PROJECT.CENTRALFUND(60000000,"西部")', 36_000_000, 'under the cap'],
    ['REUSE.PROJECT.CENTRALFUND(100000000,"west")', 50_000_000, '60 M capped at 50 M'],
    ['REUSE.PROJECT.CENTRALFUND(34000,"东部",5000)', 5000, 'in 万元 the cap must be passed: 10 200 capped at 5 000'],
    ['REUSE.PROJECT.CENTRALFUND(0,"中部")', 0, 'nothing invested'],
  ])('%s = %d (%s)', (f, expected) => expectClose(evaluate(f as string), expected as number));
  it.each([
    ['REUSE.PROJECT.CENTRALFUND(1,"south")', 'region: unknown option "south" (use "east"/"东部"'],
    ['REUSE.PROJECT.CENTRALFUND(-1,"west")', 'investment: must be ≥ 0 (got -1)'],
    ['REUSE.PROJECT.CENTRALFUND(1,"west",-5)', 'cap: must be ≥ 0 (got -5)'],
    ['REUSE.PROJECT.CENTRALFUND(1,)', 'region: required'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('scenario: appraising a reclaimed-water line with central support', () => {
  it('central support lowers the investment; NPV and payback follow', () => {
    // 120 M investment in the west: support min(72 M, 50 M) = 50 M; the district pays 70 M.
    // Net cash 6 M a year for 20 years at 5 %.
    const support = evaluate('REUSE.PROJECT.CENTRALFUND(120000000,"西部")') as number;
    expectClose(support, 50e6);
    const flows = [-(120e6 - support), ...Array(20).fill(6e6)];
    expectClose(evaluate(`REUSE.PROJECT.NPV(0.05,${list(flows)})`), -70e6 + (6e6 * (1 - 1.05 ** -20)) / 0.05);
    expectClose(evaluate(`REUSE.PROJECT.PAYBACK(${list(flows)})`), 11 + 4e6 / 6e6);
  });
});
