/**
 * core/service and core/gov: KPI factor, concentration-adjusted fee, removal-based prices and
 * fee, price indexation, government purchase. Expected values come from FUNCTIONS.md, from hand
 * calculations written in the rows, or from an independent computation written differently.
 */
import { CalcError, isCalcError } from '../../../src/core/errors';
import { governmentPurchase } from '../../../src/core/gov';
import {
  KPI_DEFAULTS,
  PERFFEE_DEFAULTS,
  concentrationAdjustedFee,
  defaultBelowFloor,
  indexedPrice,
  kpiFactor,
  makeKpiScale,
  makePerfFeeTerms,
  removalFee,
  removalUnitPrices,
} from '../../../src/core/service';
import { expectClose } from '../../helpers/tolerance';

function expectCalcError(v: unknown, code: string, part: string): void {
  expect(isCalcError(v)).toBe(true);
  const e = v as CalcError;
  expect(e.code).toBe(code);
  expect(e.text()).toContain(part);
}

describe('kpiFactor', () => {
  describe('defaults', () => {
    it('are the FUNCTIONS.md scale: full 90, floor 60, cut 0.1, below floor 0.7', () => {
      expect(KPI_DEFAULTS).toEqual({ fullScore: 90, floorScore: 60, maxCut: 0.1, belowFloor: 0.7 });
    });
  });

  describe('the default below_floor follows max_cut (issue 11)', () => {
    it.each([
      { maxCut: 0, expected: 0.7 },
      { maxCut: 0.1, expected: 0.7 },
      { maxCut: 0.3, expected: 0.7 },
      { maxCut: 0.35, expected: 0.65 },
      { maxCut: 0.5, expected: 0.5 },
      { maxCut: 1, expected: 0 },
    ])('max_cut $maxCut → min(0.7, 1 − max_cut) = $expected', ({ maxCut, expected }) => {
      expectClose(defaultBelowFloor(maxCut), expected);
      // Always a valid scale: an omitted argument never makes a valid call fail.
      expect(isCalcError(makeKpiScale({ ...KPI_DEFAULTS, maxCut, belowFloor: defaultBelowFloor(maxCut) }))).toBe(false);
    });
  });

  describe('domain errors', () => {
    it.each([
      { scale: { ...KPI_DEFAULTS, fullScore: 60 }, part: 'full_score: must be above floor_score (got 60 ≤ 60)' },
      { scale: { ...KPI_DEFAULTS, fullScore: 50 }, part: 'full_score' },
      { scale: { ...KPI_DEFAULTS, belowFloor: 0.95 }, part: 'below_floor' },
      { scale: { ...KPI_DEFAULTS, maxCut: 0.5, belowFloor: 0.6 }, part: '1 − max_cut = 0.5' },
    ])('$scale → #VALUE! "$part"', ({ scale, part }) => {
      expectCalcError(makeKpiScale(scale), '#VALUE!', part);
    });
    it('accepts below_floor equal to the factor at the floor (a flat step)', () => {
      expect(isCalcError(makeKpiScale({ ...KPI_DEFAULTS, belowFloor: 0.9 }))).toBe(false);
    });
  });

  /** Independent: interpolate linearly between (floor, 1 − cut) and (full, 1). */
  const lerp = (s: number, full: number, floor: number, cut: number) => 1 - cut + (cut * (s - floor)) / (full - floor);

  it.each([
    { score: 88, expected: 1 - (0.1 * 2) / 30, source: 'FUNCTIONS.md: 1 − 0.1 × 2/30' },
    { score: 75, expected: lerp(75, 90, 60, 0.1), source: 'interpolation: 0.95' },
    { score: 100, expected: 1, source: 'above full' },
    { score: 0, expected: 0.7, source: 'far below floor' },
  ])('KPIFACTOR($score) = $expected ($source)', ({ score, expected }) => {
    expectClose(kpiFactor(score, KPI_DEFAULTS), expected);
  });

  describe('boundaries', () => {
    it('exactly at full_score pays in full', () => expect(kpiFactor(90, KPI_DEFAULTS)).toBe(1));
    it('exactly at floor_score pays 1 − max_cut (not below_floor)', () =>
      expectClose(kpiFactor(60, KPI_DEFAULTS), 0.9));
    it('just below the floor drops to below_floor', () => expect(kpiFactor(59.999, KPI_DEFAULTS)).toBe(0.7));
    it('just below full is continuous', () => expectClose(kpiFactor(90 - 1e-9, KPI_DEFAULTS), 1, 1e-9));
    it('a custom scale: full 100, floor 80, cut 0.2, below 0.5', () => {
      const s = makeKpiScale({ fullScore: 100, floorScore: 80, maxCut: 0.2, belowFloor: 0.5 }) as typeof KPI_DEFAULTS;
      expectClose(kpiFactor(85, s), lerp(85, 100, 80, 0.2));
      expectClose(kpiFactor(80, s), 0.8);
      expect(kpiFactor(79, s)).toBe(0.5);
    });
  });
});

describe('concentrationAdjustedFee', () => {
  describe('defaults', () => {
    it('are fixed share 0.7, kpi 1, ratios 0.6…1.1', () => {
      expect(PERFFEE_DEFAULTS).toEqual({ fixedShare: 0.7, kpiFactor: 1, minRatio: 0.6, maxRatio: 1.1 });
    });
  });

  describe('domain errors', () => {
    it('rejects max_ratio below min_ratio', () => {
      expectCalcError(
        makePerfFeeTerms({ ...PERFFEE_DEFAULTS, minRatio: 0.9, maxRatio: 0.8 }),
        '#VALUE!',
        'max_ratio: must be ≥ min_ratio'
      );
    });
    it('accepts equal limits (a fixed ratio)', () => {
      expect(isCalcError(makePerfFeeTerms({ ...PERFFEE_DEFAULTS, minRatio: 1, maxRatio: 1 }))).toBe(false);
    });
  });

  /** Independent: fixed part + variable part, each written out. */
  const fee = (v: number, p: number, ratio: number, a: number, k: number) => (v * p * a + v * p * (1 - a) * ratio) * k;

  it.each([
    { args: [900000, 1.2, 105, 150], terms: { kpiFactor: 0.98 }, expected: 963144, source: 'FUNCTIONS.md' },
    {
      args: [900000, 1.2, 150, 150],
      terms: {},
      expected: 1080000,
      source: 'hand: design conditions pay volume × price',
    },
    {
      args: [900000, 1.2, 120, 150],
      terms: {},
      expected: fee(900000, 1.2, 0.8, 0.7, 1),
      source: 'ratio 0.8 inside the band',
    },
    {
      args: [900000, 1.2, 60, 150],
      terms: {},
      expected: fee(900000, 1.2, 0.6, 0.7, 1),
      source: 'ratio 0.4 clipped to 0.6',
    },
    {
      args: [900000, 1.2, 200, 150],
      terms: {},
      expected: fee(900000, 1.2, 1.1, 0.7, 1),
      source: 'ratio 1.33 clipped to 1.1',
    },
    {
      args: [900000, 1.2, 105, 150],
      terms: { fixedShare: 0 },
      expected: 900000 * 1.2 * 0.7,
      source: 'hand: fully variable',
    },
    { args: [900000, 1.2, 105, 150], terms: { fixedShare: 1 }, expected: 1080000, source: 'hand: fully fixed' },
    { args: [0, 1.2, 105, 150], terms: {}, expected: 0, source: 'hand: no volume' },
  ])('PERFFEE($args, $terms) = $expected ($source)', ({ args, terms, expected }) => {
    const [v, p, c, d] = args;
    expectClose(concentrationAdjustedFee(v, p, c, d, { ...PERFFEE_DEFAULTS, ...terms }), expected, 1e-9, 1e-9);
  });

  describe('boundaries', () => {
    it('a ratio exactly at a clip limit equals the limit', () => {
      expectClose(concentrationAdjustedFee(1000, 1, 90, 150, PERFFEE_DEFAULTS), fee(1000, 1, 0.6, 0.7, 1));
      expectClose(concentrationAdjustedFee(1000, 1, 165, 150, PERFFEE_DEFAULTS), fee(1000, 1, 1.1, 0.7, 1));
    });
    it('a zero influent is clipped to min_ratio, not paid at 0', () => {
      expectClose(concentrationAdjustedFee(1000, 1, 0, 150, PERFFEE_DEFAULTS), 880);
    });
  });
});

describe('removalUnitPrices / removalFee', () => {
  describe('domain errors', () => {
    it.each([
      {
        args: [[300, 30], [30], [0.7, 0.3]],
        part: 'design_effluent: needs one value per item of design_influent (got 1, expected 2)',
      },
      {
        args: [[300, 30], [30, 1.5], [1]],
        part: 'weights: needs one value per item of design_influent (got 1, expected 2)',
      },
      {
        args: [
          [300, 30],
          [30, 30],
          [0.7, 0.3],
        ],
        part: 'design_effluent: item 2 (30) must be below design_influent item 2 (30)',
      },
      {
        args: [
          [300, 30],
          [310, 1.5],
          [0.7, 0.3],
        ],
        part: 'design_effluent: item 1',
      },
    ])('$args → #VALUE! "$part"', ({ args, part }) => {
      expectCalcError(removalUnitPrices(1080000, 900000, args[0], args[1], args[2]), '#VALUE!', part);
    });
    it.each([
      { args: [[250, 25], [30], [1, 2]], part: 'effluent: needs one value per item of influent (got 1, expected 2)' },
      {
        args: [
          [250, 25],
          [30, 1.5],
          [1, 2, 3],
        ],
        part: 'unit_prices: needs one value per item of influent (got 3, expected 2)',
      },
    ])('REMOVALFEE $args → #VALUE! "$part"', ({ args, part }) => {
      expectCalcError(removalFee(900000, args[0], args[1], args[2]), '#VALUE!', part);
    });
  });

  it('FUNCTIONS.md example: {3.1111…, 12.6316…}', () => {
    const u = removalUnitPrices(1080000, 900000, [300, 30], [30, 1.5], [0.7, 0.3]) as number[];
    expect(u).toHaveLength(2);
    expectClose(u[0], 28 / 9); // 756 000 / 243 000
    expectClose(u[1], 240 / 19); // 324 000 / 25 650
  });

  it('design conditions pay exactly the benchmark fee (the calibration property)', () => {
    const din = [300, 30, 4],
      dout = [30, 1.5, 0.3],
      w = [0.6, 0.3, 0.1];
    const u = removalUnitPrices(1080000, 900000, din, dout, w) as number[];
    expectClose(removalFee(900000, din, dout, u) as number, 1080000);
  });

  it.each([
    {
      influent: [250, 25],
      effluent: [30, 1.5],
      expected: 883157.89,
      rel: 0.005 / 883157.89,
      source: 'FUNCTIONS.md (2 decimals)',
    },
    {
      influent: [250, 25],
      effluent: [30, 1.5],
      expected: (198000 * 28) / 9 + (21150 * 240) / 19,
      rel: 1e-9,
      source: 'hand: kg removed × yuan/kg',
    },
    {
      influent: [20, 25],
      effluent: [30, 1.5],
      expected: (21150 * 240) / 19,
      rel: 1e-9,
      source: 'hand: COD effluent above influent counts 0',
    },
    { influent: [30, 1.5], effluent: [30, 1.5], expected: 0, rel: 1e-9, source: 'hand: nothing removed' },
  ])('REMOVALFEE $influent → $effluent = $expected ($source)', ({ influent, effluent, expected, rel }) => {
    expectClose(removalFee(900000, influent, effluent, [28 / 9, 240 / 19]) as number, expected, rel);
  });

  it('a zero weight gives a zero price for that pollutant', () => {
    expect((removalUnitPrices(1000, 1000, [300, 30], [30, 1.5], [1, 0]) as number[])[1]).toBe(0);
  });
});

describe('indexedPrice', () => {
  describe('domain errors', () => {
    it('rejects lists of unequal length', () => {
      expectCalcError(
        indexedPrice(1.2, [0.5, 0.5], [100], [100, 100]),
        '#VALUE!',
        'base_indices: needs one value per item of weights (got 1, expected 2)'
      );
      expectCalcError(indexedPrice(1.2, [0.5, 0.5], [100, 100], [100, 100, 100]), '#VALUE!', 'current_indices');
    });
    it('rejects a negative result', () => {
      expectCalcError(
        indexedPrice(1, [1], [100], [100], -1.5),
        '#VALUE!',
        'adjustment: the indexed price would be negative (-0.5)'
      );
    });
  });

  it.each([
    {
      args: [1.2, [0.3, 0.25, 0.15, 0.3], [100, 100, 100, 100], [100, 106, 112, 104], 0],
      expected: 1.254,
      source: 'hand: 1.2 × 1.045',
    },
    {
      args: [1.2, [0.3, 0.25, 0.15, 0.3], [100, 100, 100, 100], [100, 106, 112, 104], 0.05],
      expected: 1.304,
      source: 'hand: + 0.05 after indexation',
    },
    {
      args: [1.2, [0.3, 0.25, 0.15, 0.3], [100, 100, 100, 100], [100, 106, 112, 104], -0.054],
      expected: 1.2,
      source: 'hand: − 0.054',
    },
    {
      args: [2, [0.4, 0.6], [0.8, 125], [1, 100], 0],
      expected: 2 * (0.4 * 1.25 + 0.6 * 0.8),
      source: 'hand: indices on different bases',
    },
    { args: [2, [1], [100], [100], 0], expected: 2, source: 'hand: unchanged index' },
  ])('INDEXPRICE($args) = $expected ($source)', ({ args, expected }) => {
    const [p, w, b, c, adj] = args as [number, number[], number[], number[], number];
    expectClose(indexedPrice(p, w, b, c, adj), expected);
  });

  it('boundary: an adjustment that brings the price exactly to 0 is allowed', () => {
    expect(indexedPrice(1, [1], [100], [100], -1)).toBe(0);
  });
});

describe('governmentPurchase', () => {
  it('defaults: compliance 1, no guaranteed volume', () => {
    expect(governmentPurchase(1e6, 0.8)).toBe(800000);
  });
  it.each([
    {
      args: [3650000, 0.841, 0.98, 3000000],
      expected: 3650000 * 0.841 * 0.98,
      source: 'hand: above the guaranteed volume',
    },
    { args: [2000000, 0.841, 1, 3000000], expected: 2523000, source: 'hand: the guaranteed 3 M is paid' },
    { args: [3000000, 0.841, 1, 3000000], expected: 2523000, source: 'boundary: volume exactly guaranteed' },
    {
      args: [2000000, 0.841, 0.9, 3000000],
      expected: 3000000 * 0.841 * 0.9,
      source: 'hand: guaranteed volume, then compliance',
    },
    { args: [2000000, 0.841, 0, 3000000], expected: 0, source: 'boundary: nothing compliant' },
  ])('PURCHASE($args) = $expected ($source)', ({ args, expected }) => {
    expectClose(governmentPurchase(args[0], args[1], args[2], args[3]), expected, 1e-9, 1e-9);
  });
});

describe('scenario: a 30 000 m³/d plant paid by performance for one month', () => {
  it('pays 900 000 m³ at 1.20 under the three methods', () => {
    const volume = 900000,
      price = 1.2;
    const plain = volume * price;
    // Concentration-adjusted, BOD 105 vs 150, score 88.
    const k = kpiFactor(88, KPI_DEFAULTS);
    const perf = concentrationAdjustedFee(volume, price, 105, 150, { ...PERFFEE_DEFAULTS, kpiFactor: k });
    expectClose(perf, plain * (0.7 + 0.3 * 0.7) * (1 - 0.2 / 30));
    // Removal-based, calibrated on the same month at design conditions.
    const u = removalUnitPrices(plain, volume, [300, 30], [30, 1.5], [0.7, 0.3]) as number[];
    const removal = removalFee(volume, [250, 25], [30, 1.5], u) as number;
    expectClose(removal, 0.7 * plain * (220 / 270) + 0.3 * plain * (23.5 / 28.5));
    // Lower influent than design pays less than the plain volume fee under both methods.
    expect(perf).toBeLessThan(plain);
    expect(removal).toBeLessThan(plain);
  });
});
