/**
 * TARIFF: tiered prices, breakdowns, over-quota surcharges, tier limits and the base-price
 * solver. Sections: argument count, defaults, validations, domain errors, values, scenario.
 */
import { TierMethod, makeBlockTariff, percentileInc, tierBreakdown, tieredBill } from '../../../src/core/tariff';
import { isCalcError } from '../../../src/core/errors';
import { evaluate, expectError } from '../../helpers/engine';
import { expectClose, expectMatrixClose } from '../../helpers/tolerance';

const NOTICE = '{180,300},{3.04,3.75,5.88}'; // a 3-tier municipal notice (m³/year; yuan/m³)

describe('REUSE.TARIFF.TIERED', () => {
  describe('argument count', () => {
    it('needs volume, limits and prices', () =>
      expectError('REUSE.TARIFF.TIERED(240,{180,300})', '#N/A', 'takes 3 to 4 arguments'));
    it('takes at most 4', () =>
      expectError(`REUSE.TARIFF.TIERED(240,${NOTICE},"flat",1)`, '#N/A', 'takes 3 to 4 arguments'));
  });

  describe('defaults', () => {
    it('method defaults to progressive', () =>
      expectClose(evaluate(`REUSE.TARIFF.TIERED(240,${NOTICE})`), 180 * 3.04 + 60 * 3.75));
    it('an empty method argument also means progressive', () =>
      expectClose(evaluate(`REUSE.TARIFF.TIERED(240,${NOTICE},)`), 772.2));
  });

  describe('validation', () => {
    it.each([
      [`REUSE.TARIFF.TIERED(-1,${NOTICE})`, 'volume: must be ≥ 0 (got -1)'],
      [`REUSE.TARIFF.TIERED("lots",${NOTICE})`, 'volume: must be a number (got "lots")'],
      [
        'REUSE.TARIFF.TIERED(240,{300,180},{3.04,3.75,5.88})',
        'limits: must be strictly ascending (item 2 is 180, not above 300)',
      ],
      ['REUSE.TARIFF.TIERED(240,{0,300},{3.04,3.75,5.88})', 'limits: item 1 must be > 0 (got 0)'],
      ['REUSE.TARIFF.TIERED(240,{180,300},{3.04,-3.75,5.88})', 'prices: item 2 must be ≥ 0 (got -3.75)'],
      [
        'REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75})',
        'prices: need one more price than limits (got 2 limits, 2 prices)',
      ],
      [
        'REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75,5.88,7})',
        'prices: need one more price than limits (got 2 limits, 4 prices)',
      ],
      [`REUSE.TARIFF.TIERED(240,${NOTICE},"stepwise")`, 'method: unknown option "stepwise"'],
      ['REUSE.TARIFF.TIERED(240,{180,"x"},{3.04,3.75,5.88})', 'limits: item 2 must be a number (got "x")'],
      ['REUSE.TARIFF.TIERED(240,{180,300;1,2},{3.04,3.75,5.88})', 'limits: must be a single row or column'],
    ])('%s → #VALUE! %s', (formula, message) => expectError(formula, '#VALUE!', message));
  });

  describe('error pass-through', () => {
    it('an error in volume passes through unchanged', () =>
      expect(evaluate(`REUSE.TARIFF.TIERED(1/0,${NOTICE})`)).toMatchObject({ error: '#DIV/0!' }));
    it('an error inside a list passes through', () =>
      expect(evaluate('REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75,NA()})')).toMatchObject({ error: '#N/A' }));
  });

  describe('values', () => {
    // Expected values by hand from the notice: 180 @ 3.04, 180–300 @ 3.75, above 300 @ 5.88.
    it.each([
      [0, 'progressive', 0],
      [100, 'progressive', 304],
      [180, 'progressive', 547.2], // exactly on a limit: all in tier 1
      [180.5, 'progressive', 547.2 + 0.5 * 3.75],
      [240, 'progressive', 772.2], // the contract's example
      [300, 'progressive', 547.2 + 450],
      [400, 'progressive', 547.2 + 450 + 588],
      [180, '全量', 180 * 3.04], // on a limit → lower tier
      [240, 'flat', 240 * 3.75],
      [240, 'FLAT', 240 * 3.75],
      [301, '全量', 301 * 5.88],
      [240, '累进', 772.2],
    ])('volume %d, %s → %d', (v, method, expected) =>
      expectClose(evaluate(`REUSE.TARIFF.TIERED(${v},${NOTICE},"${method}")`), expected)
    );

    it('a single-tier tariff (no limits) is volume × price', () => {
      const t = makeBlockTariff([], [2.5]);
      expect(isCalcError(t)).toBe(false);
      expectClose(tieredBill(40, t as never), 100);
    });

    it('spills one bill per cell of a volume range, keeping its shape', () => {
      expectMatrixClose(evaluate(`REUSE.TARIFF.TIERED({100,240;400,0},${NOTICE})`), [
        [304, 772.2],
        [547.2 + 450 + 588, 0],
      ]);
    });
  });
});

describe('REUSE.TARIFF.BREAKDOWN', () => {
  it('gives tier, bounds, quantity, price and charge per tier; "" for the open upper bound', () => {
    expectMatrixClose(evaluate(`REUSE.TARIFF.BREAKDOWN(400,${NOTICE})`), [
      [1, 0, 180, 180, 3.04, 547.2],
      [2, 180, 300, 120, 3.75, 450],
      [3, 300, '', 100, 5.88, 588],
    ]);
  });
  it('charges add up to TIERED for many volumes', () => {
    const t = makeBlockTariff([180, 300], [3.04, 3.75, 5.88]);
    if (isCalcError(t)) throw new Error('tariff');
    for (let v = 0; v <= 600; v += 7.5) {
      const sum = tierBreakdown(v, t).reduce((a, r) => a + r.charge, 0);
      expectClose(sum, tieredBill(v, t, TierMethod.Progressive));
    }
  });
  it('rejects a range for volume', () =>
    expectError(`REUSE.TARIFF.BREAKDOWN({1;2},${NOTICE})`, '#VALUE!', 'volume: must be a single value'));
});

describe('REUSE.TARIFF.OVERQUOTA', () => {
  const bands = '{0.3,0.5},{0.2,0.5,1}';
  it.each([
    [1400, 1000, 4, 5600 + 300 * 0.2 * 4 + 100 * 0.5 * 4], // the contract's example
    [900, 1000, 4, 3600], // under quota: no surcharge
    [1000, 1000, 4, 4000], // exactly at quota
    [1300, 1000, 4, 5200 + 300 * 0.2 * 4], // exactly on the first band edge
    [2000, 1000, 4, 8000 + 300 * 0.8 + 200 * 2 + 500 * 4], // into the open band
  ])('volume %d, quota %d, base %d → %d', (v, q, b, expected) =>
    expectClose(evaluate(`REUSE.TARIFF.OVERQUOTA(${v},${q},${b},${bands})`), expected)
  );
  it.each([
    [`REUSE.TARIFF.OVERQUOTA(1400,0,4,${bands})`, 'quota: must be > 0 (got 0)'],
    [
      'REUSE.TARIFF.OVERQUOTA(1400,1000,4,{0.3,0.5},{0.2,0.5})',
      'markups: need one more markup than bands (got 2 bands, 2 markups)',
    ],
    ['REUSE.TARIFF.OVERQUOTA(1400,1000,4,{0.5,0.3},{0.2,0.5,1})', 'bands: must be strictly ascending'],
    ['REUSE.TARIFF.OVERQUOTA(1400,1000,-4,{0.3,0.5},{0.2,0.5,1})', 'base_price: must be ≥ 0'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('REUSE.TARIFF.TIERLIMITS', () => {
  it('matches PERCENTILE.INC computed by the engine’s own built-in', () => {
    const data = '{12;250;31;180;95;141;300;77;64;220;199}';
    const ours = evaluate(`REUSE.TARIFF.TIERLIMITS(${data},{0.5,0.8,0.95})`) as number[][];
    const builtin = [0.5, 0.8, 0.95].map((p) => evaluate(`PERCENTILE.INC(${data},${p})`) as number);
    expectMatrixClose(ours, [builtin]);
  });
  it('defaults to the 80 % / 95 % coverages of the national guidance', () =>
    expectMatrixClose(evaluate('REUSE.TARIFF.TIERLIMITS({100;150;200;250;300})'), [[260, 290]]));
  it('accepts a 2-D block of households (a single limit comes back as one value)', () =>
    expectClose(evaluate('REUSE.TARIFF.TIERLIMITS({100,150;200,250;300,300},{0.5})'), 225));
  it('percentile of a single household is that household', () => expectClose(percentileInc([42], 0.8), 42));
  it.each([
    ['REUSE.TARIFF.TIERLIMITS({1;2;3},{0.95,0.8})', 'coverages: must be strictly ascending'],
    ['REUSE.TARIFF.TIERLIMITS({1;2;3},{0.8,1.2})', 'coverages: item 2 must be ≤ 1 (got 1.2)'],
    ['REUSE.TARIFF.TIERLIMITS({1;-2;3})', 'household_volumes: item 2 must be ≥ 0 (got -2)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('REUSE.TARIFF.SOLVEBASE', () => {
  it('finds p so that the households’ bills sum to the target (linear in p)', () => {
    // Households 120, 240, 400 m³; ratios 1:1.5:3. Bills at p = 1: 120; 180 + 60×1.5 = 270; 180 + 120×1.5 + 100×3 = 660.
    const p = evaluate('REUSE.TARIFF.SOLVEBASE({120,240,400},{180,300},{1,1.5,3},21000)') as number;
    expectClose(p, 21000 / (120 + 270 + 660));
    const billed = evaluate(`SUM(REUSE.TARIFF.TIERED({120,240,400},{180,300},{1,1.5,3}*${p}))`);
    expectClose(billed, 21000);
  });
  it('flat method', () =>
    expectClose(
      evaluate('REUSE.TARIFF.SOLVEBASE({120,240},{180,300},{1,1.5,3},1000,"全量")'),
      1000 / (120 + 240 * 1.5)
    ));
  it('every household at 0 → #N/A with a reason', () =>
    expectError('REUSE.TARIFF.SOLVEBASE({0,0},{180,300},{1,1.5,3},1000)', '#N/A', 'no base price reaches the target'));
  it('ratio count must match the limits', () =>
    expectError(
      'REUSE.TARIFF.SOLVEBASE({10},{180,300},{1,1.5},1000)',
      '#VALUE!',
      'ratios: need one more ratio than limits (got 2 limits, 2 ratios)'
    ));
});

describe('scenario: a 3-tier municipal notice applied to a block of households', () => {
  it('tier limits from data, base price for a target, bills that meet the target', () => {
    // 10 households; coverages 80 % / 95 %; target 9 000 yuan; ratios 1 : 1.5 : 3.
    const households = [80, 95, 110, 120, 130, 150, 165, 190, 240, 420];
    const sorted = [...households].sort((a, b) => a - b);
    const pct = (p: number) => {
      const h = p * (sorted.length - 1);
      const lo = Math.floor(h);
      return sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
    };
    const [l1, l2] = [pct(0.8), pct(0.95)]; // 200, 339
    expectClose(l1, 200);
    expectClose(l2, 339);
    const list = `{${households.join(';')}}`;
    const limits = evaluate(`REUSE.TARIFF.TIERLIMITS(${list})`) as number[][];
    expectMatrixClose(limits, [[l1, l2]]);
    const unitBill = households.reduce(
      (a, v) => a + Math.min(v, l1) + 1.5 * Math.max(0, Math.min(v, l2) - l1) + 3 * Math.max(0, v - l2),
      0
    );
    const p = evaluate(`REUSE.TARIFF.SOLVEBASE(${list},{${l1},${l2}},{1,1.5,3},9000)`);
    expectClose(p, 9000 / unitBill);
  });
});
