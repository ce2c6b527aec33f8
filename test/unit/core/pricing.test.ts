/**
 * core/pricing: allowed return, cost-plus price with the utilisation floor, levelised cost of
 * water, viability gap. Expected values come from FUNCTIONS.md, from hand calculations written
 * in the rows, or from an independent computation written differently (explicit sums of
 * discount factors instead of the closed-form CRF/SFF).
 */
import { CalcError, isCalcError } from '../../../src/core/errors';
import { policyNumber } from '../../../src/core/policy';
import {
  allowedReturnRate,
  billedVolume,
  capitalRecoveryFactor,
  costPlusPrice,
  levelisedCostOfWater,
  sinkingFundFactor,
  viabilityGap,
} from '../../../src/core/pricing';
import { expectClose } from '../../helpers/tolerance';

/** Independent CRF: 1 / Σ_{t=1..n} (1+r)^−t (present value of an annuity of 1). */
function crfBySum(r: number, n: number): number {
  let pv = 0;
  for (let t = 1; t <= n; t++) pv += Math.pow(1 + r, -t);
  return 1 / pv;
}
/** Independent SFF: 1 / Σ_{t=0..n−1} (1+r)^t (future value of an annuity of 1). */
function sffBySum(r: number, n: number): number {
  let fv = 0;
  for (let t = 0; t < n; t++) fv += Math.pow(1 + r, t);
  return 1 / fv;
}

function expectCalcError(v: unknown, code: string, part: string): void {
  expect(isCalcError(v)).toBe(true);
  const e = v as CalcError;
  expect(e.code).toBe(code);
  expect(e.text()).toContain(part);
}

describe('allowedReturnRate', () => {
  describe('defaults', () => {
    it('takes equity_premium from the policy catalogue (price.equity_premium)', () => {
      expect(policyNumber('price.equity_premium')).toBe(0.04);
      expectClose(allowedReturnRate(0.027, 0.042, 0.6), allowedReturnRate(0.027, 0.042, 0.6, 0.04));
    });
  });

  it.each([
    {
      args: [0.027, 0.042, 0.6] as [number, number, number, number?],
      expected: 0.052,
      source: 'FUNCTIONS.md: 0.067 × 0.4 + 0.042 × 0.6',
    },
    {
      args: [0.027, 0.042, 0.6, 0.03] as [number, number, number, number?],
      expected: 0.0228 + 0.0252,
      source: 'hand: 0.057 × 0.4 + 0.042 × 0.6',
    },
    { args: [0.027, 0.042, 0] as [number, number, number, number?], expected: 0.067, source: 'hand: all equity' },
    { args: [0.027, 0.042, 1] as [number, number, number, number?], expected: 0.042, source: 'hand: all debt' },
    {
      args: [0.0165, 0.035, 0.45, 0.04] as [number, number, number, number?],
      expected: 0.0565 * 0.55 + 0.035 * 0.45,
      source: 'hand: 0.031075 + 0.01575',
    },
  ])('RETURNRATE($args) = $expected ($source)', ({ args, expected }) => {
    expectClose(allowedReturnRate(...args), expected);
  });
});

describe('billedVolume / costPlusPrice', () => {
  const base = { annualCost: 9.58e6, effectiveAssets: 80e6, returnRate: 0.052, taxes: 0.5e6 };
  /** Allowed revenue, written out: cost + return on assets + taxes. */
  const revenue = 9.58e6 + 80e6 * 0.052 + 0.5e6; // 14.24 M

  describe('defaults', () => {
    it('applies min_utilization from the catalogue (price.min_utilization = 0.65) when a design volume is given', () => {
      expect(policyNumber('price.min_utilization')).toBe(0.65);
      expectClose(billedVolume(5e6, 10.95e6) as number, 0.65 * 10.95e6);
    });
    it('without a design volume bills the volume itself', () => {
      expect(billedVolume(5e6)).toBe(5e6);
    });
  });

  describe('domain errors', () => {
    it('rejects min_utilization without design_volume (not silently ignored)', () => {
      expectCalcError(billedVolume(5e6, undefined, 0.65), '#VALUE!', 'min_utilization');
      expectCalcError(costPlusPrice({ ...base, volumeM3: 5e6, minUtilization: 0.65 }), '#VALUE!', 'design_volume');
    });
    it('rejects a billed volume of 0 with #VALUE!, never #DIV/0!', () => {
      expectCalcError(costPlusPrice({ ...base, volumeM3: 0 }), '#VALUE!', 'volume');
      expectCalcError(
        costPlusPrice({ ...base, volumeM3: 0, designVolumeM3: 1e6, minUtilization: 0 }),
        '#VALUE!',
        'billed volume is 0'
      );
    });
    it('gives the Chinese message too', () => {
      const e = costPlusPrice({ ...base, volumeM3: 5e6, minUtilization: 0.7 }) as CalcError;
      expect(e.text('zh-CN')).toContain('min_utilization：');
    });
  });

  it.each([
    {
      input: { volumeM3: 9.3075e6 },
      expected: 1.52995,
      rel: 0.5e-5 / 1.52995,
      source: 'FUNCTIONS.md (printed to 5 decimals)',
    },
    { input: { volumeM3: 9.3075e6 }, expected: revenue / 9.3075e6, rel: 1e-9, source: 'hand: 14.24 M / 9.3075 M' },
    {
      input: { volumeM3: 5e6, designVolumeM3: 10.95e6 },
      expected: 2.0007,
      rel: 0.5e-5 / 2.0007,
      source: 'FUNCTIONS.md (printed as 2.00070)',
    },
    {
      input: { volumeM3: 5e6, designVolumeM3: 10.95e6 },
      expected: revenue / 7.1175e6,
      rel: 1e-9,
      source: 'hand: floor 0.65 × 10.95 M = 7.1175 M',
    },
    {
      input: { volumeM3: 9.3075e6, designVolumeM3: 10.95e6 },
      expected: revenue / 9.3075e6,
      rel: 1e-9,
      source: 'hand: 85 % utilisation, floor not binding',
    },
    {
      input: { volumeM3: 5e6, designVolumeM3: 10.95e6, minUtilization: 0.5 },
      expected: revenue / 5.475e6,
      rel: 1e-9,
      source: 'hand: floor 0.5 × 10.95 M',
    },
    {
      input: { volumeM3: 5e6, designVolumeM3: 10.95e6, minUtilization: 0 },
      expected: revenue / 5e6,
      rel: 1e-9,
      source: 'hand: a zero floor bills the volume',
    },
    {
      input: { volumeM3: 0, designVolumeM3: 10.95e6 },
      expected: revenue / 7.1175e6,
      rel: 1e-9,
      source: 'hand: nothing sold, still priced on the floor',
    },
  ])('COSTPLUS $input = $expected ($source)', ({ input, expected, rel }) => {
    expectClose(costPlusPrice({ ...base, ...input }), expected, rel);
  });

  describe('boundaries', () => {
    it('is continuous where the volume equals the floor exactly', () => {
      const floor = 0.65 * 10.95e6;
      expectClose(costPlusPrice({ ...base, volumeM3: floor, designVolumeM3: 10.95e6 }), revenue / floor);
      expectClose(
        costPlusPrice({ ...base, volumeM3: floor * (1 + 1e-12), designVolumeM3: 10.95e6 }),
        revenue / floor,
        1e-9
      );
    });
    it('utilisation exactly 1: the floor never binds', () => {
      expectClose(
        costPlusPrice({ ...base, volumeM3: 10.95e6, designVolumeM3: 10.95e6, minUtilization: 1 }),
        revenue / 10.95e6
      );
    });
  });
});

describe('capitalRecoveryFactor / sinkingFundFactor', () => {
  it.each([
    { r: 0.05, n: 10 },
    { r: 0.052, n: 20 },
    { r: 0.08, n: 1 },
    { r: -0.02, n: 15 },
    { r: 1e-7, n: 30 },
    { r: 1, n: 5 },
  ])('r=$r n=$n agrees with the sum of discount factors', ({ r, n }) => {
    expectClose(capitalRecoveryFactor(r, n), crfBySum(r, n));
    expectClose(sinkingFundFactor(r, n), sffBySum(r, n));
  });

  describe('boundaries', () => {
    it('r = 0: both factors are 1/n', () => {
      expect(capitalRecoveryFactor(0, 20)).toBe(1 / 20);
      expect(sinkingFundFactor(0, 20)).toBe(1 / 20);
    });
    it('is continuous at r = 0 (no cancellation for tiny rates)', () => {
      for (const r of [1e-15, -1e-15, 1e-12]) {
        expectClose(capitalRecoveryFactor(r, 20), 1 / 20 + (r * 21) / 40, 1e-12);
        expectClose(sinkingFundFactor(r, 20), 1 / 20 - (r * 19) / 40, 1e-12);
      }
    });
    it('n = 1: CRF = 1 + r, SFF = 1', () => {
      expectClose(capitalRecoveryFactor(0.06, 1), 1.06);
      expectClose(sinkingFundFactor(0.06, 1), 1);
    });
    it('stays finite at extreme rates and lives', () => {
      for (const [r, n] of [
        [-0.999, 500],
        [1, 2000],
      ]) {
        expect(Number.isFinite(capitalRecoveryFactor(r, n))).toBe(true);
        expect(Number.isFinite(sinkingFundFactor(r, n))).toBe(true);
      }
    });
  });
});

describe('levelisedCostOfWater', () => {
  const example = { capex: 80e6, annualOpex: 5.58e6, annualVolumeM3: 9.3075e6, lifeYears: 20, discountRate: 0.052 };

  it.each([
    { input: {}, expected: 1.30096, rel: 0.5e-5 / 1.30096, source: 'FUNCTIONS.md (printed to 5 decimals)' },
    {
      input: {},
      expected: (80e6 * crfBySum(0.052, 20) + 5.58e6) / 9.3075e6,
      rel: 1e-9,
      source: 'sum of discount factors',
    },
    {
      input: { discountRate: 0 },
      expected: (4e6 + 5.58e6) / 9.3075e6,
      rel: 1e-9,
      source: 'hand: r = 0, straight line',
    },
    {
      input: { discountRate: 0, residualValue: 10e6 },
      expected: (4e6 - 0.5e6 + 5.58e6) / 9.3075e6,
      rel: 1e-9,
      source: 'hand: r = 0, residual / 20',
    },
    {
      input: { residualValue: 10e6 },
      expected: (80e6 * crfBySum(0.052, 20) - 10e6 * sffBySum(0.052, 20) + 5.58e6) / 9.3075e6,
      rel: 1e-9,
      source: 'sums of discount and compounding factors',
    },
    {
      input: { lifeYears: 1, discountRate: 0.1 },
      expected: (88e6 + 5.58e6) / 9.3075e6,
      rel: 1e-9,
      source: 'hand: one year, capex × 1.1',
    },
    { input: { capex: 0 }, expected: 5.58e6 / 9.3075e6, rel: 1e-9, source: 'hand: opex only' },
  ])('LCOW $input = $expected ($source)', ({ input, expected, rel }) => {
    expectClose(levelisedCostOfWater({ ...example, ...input }), expected, rel);
  });

  it('a residual value equal to capex at r = 0 leaves only opex', () => {
    expectClose(levelisedCostOfWater({ ...example, discountRate: 0, residualValue: 80e6 }), 5.58e6 / 9.3075e6);
  });
});

describe('viabilityGap', () => {
  it.each([
    { args: [1.53, 1.2, 9.3075e6], expected: 3071475, source: 'FUNCTIONS.md ≈ 3.07 M; 0.33 × 9 307 500' },
    { args: [1.2, 1.5, 1e6], expected: -300000, source: 'hand: surplus is negative' },
    { args: [1.2, 1.2, 1e6], expected: 0, source: 'hand: price equals cost' },
    { args: [1.53, 1.2, 0], expected: 0, source: 'hand: no volume' },
  ])('VIABILITYGAP($args) = $expected ($source)', ({ args, expected }) => {
    expectClose(viabilityGap(args[0], args[1], args[2]), expected, 1e-9, 1e-6);
  });
});

describe('scenario: Wanzhou Jiangnan (Mixigou) reclaimed-water plant, 30 000 m³/d', () => {
  it('prices the plant at 85 % and at 46 % utilisation, and sizes the gap to a negotiated 1.20 yuan/m³', () => {
    const design = 30000 * 365;
    const actual = 25500 * 365;
    const r = allowedReturnRate(0.027, 0.042, 0.6);
    expectClose(r, 0.052);
    const full = costPlusPrice({
      annualCost: 4e6 + 5.58e6,
      effectiveAssets: 80e6,
      returnRate: r,
      taxes: 0.5e6,
      volumeM3: actual,
      designVolumeM3: design,
    });
    expectClose(full, 14.24e6 / 9307500);
    const low = costPlusPrice({
      annualCost: 9.58e6,
      effectiveAssets: 80e6,
      returnRate: r,
      taxes: 0.5e6,
      volumeM3: 5e6,
      designVolumeM3: design,
    });
    expectClose(low, 14.24e6 / 7117500);
    // Users do not pay for idle capacity: the low-utilisation price is below revenue / actual volume.
    expect(low as number).toBeLessThan(14.24e6 / 5e6);
    const lcow = levelisedCostOfWater({
      capex: 80e6,
      annualOpex: 5.58e6,
      annualVolumeM3: actual,
      lifeYears: 20,
      discountRate: r,
    });
    expect(lcow).toBeLessThan(full as number);
    // Gap at the negotiated price: allowed revenue − 1.20 × volume.
    expectClose(viabilityGap(full as number, 1.2, actual), 14.24e6 - 1.2 * 9307500, 1e-9);
  });
});
