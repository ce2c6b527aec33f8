/**
 * ENERGY: solar, biogas and tail-water hydro generation; self-consumption capped by the plant's
 * load; payback and levelised cost. Expected values come from the physics written out here.
 */
import { isCalcError } from '../../../src/core/errors';
import * as e from '../../../src/core/energy';
import { energySplit, levelisedCostOfEnergy } from '../../../src/core/energy';
import { policyNumber } from '../../../src/core/policy';
import { Engine } from '../../../src/engine/engine';
import { evaluate, expectError } from '../../helpers/engine';
import { expectClose, expectMatrixClose } from '../../helpers/tolerance';
import { prng } from '../../helpers/random';

describe('REUSE.ENERGY.SOLAR', () => {
  it('argument count', () => expectError('REUSE.ENERGY.SOLAR(1)', '#N/A', 'takes 2 to 5 arguments (got 1)'));
  it.each([
    ['2000,950', 2000 * 950, 'year 1 with no losses'],
    ['1000,1000,1,0.02', 980_000, 'first-year loss 2 %'],
    ['1000,1000,3,0.02,0.005', 1e6 * 0.98 * 0.995 ** 2, 'year 3: two later years of 0.5 %'],
    ['1000,1000,25,0.02,0.0055', 1e6 * 0.98 * 0.9945 ** 24, 'year 25'],
  ])('(%s) → %d (%s)', (args, expected) => expectClose(evaluate(`REUSE.ENERGY.SOLAR(${args})`), expected as number));
  it('spills one value per year of a range', () => {
    const e = Engine.fromSheets({ s: [[1, '=REUSE.ENERGY.SOLAR(1000,1000,A1:A3,0.02,0.01)'], [2], [3]] });
    const v = e.hf.getSheetValues(0).map((r) => r[1]);
    [0, 1, 2].forEach((k) => expectClose(v[k], 980_000 * 0.99 ** k));
    e.hf.destroy();
  });
  it.each([
    ['REUSE.ENERGY.SOLAR(0,1000)', 'capacity_kw: must be > 0 (got 0)'],
    ['REUSE.ENERGY.SOLAR(1000,0)', 'full_load_hours: must be > 0 (got 0)'],
    ['REUSE.ENERGY.SOLAR(1000,1000,0)', 'year: must be ≥ 1 (got 0)'],
    ['REUSE.ENERGY.SOLAR(1000,1000,1,1.5)', 'first_year_loss: must be ≤ 1 (got 1.5)'],
    ['REUSE.ENERGY.SOLAR(1000,1000,1,0,-0.1)', 'annual_loss: must be ≥ 0 (got -0.1)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('REUSE.ENERGY.BIOGAS', () => {
  /** kg VS destroyed → m³ biogas → m³ CH₄ → MJ (35.8 per m³) → kWh (÷ 3.6) → electricity. */
  const kwh = (t: number, vs: number, d: number, y: number, ch4: number, eff: number) => {
    const vsDestroyedKg = t * 1000 * vs * d;
    const biogas = vsDestroyedKg * y;
    const mj = biogas * ch4 * 35.8;
    return (mj / 3.6) * eff;
  };
  it('argument count', () => expectError('REUSE.ENERGY.BIOGAS(1,0.5)', '#N/A', 'takes 3 to 6 arguments (got 2)'));
  it('defaults: gas yield, methane share and efficiency from the catalogue (assumptions)', () => {
    expectClose(evaluate('REUSE.ENERGY.BIOGAS(10000,0.5,0.4)'), kwh(10000, 0.5, 0.4, 0.9, 0.6, 0.35));
    expectClose(evaluate('REUSE.ENERGY.BIOGAS(10000,0.5,0.4)'), 3_759_000); // 2 000 t VS × 0.9 × 0.6 × 35.8 / 3.6 × 0.35
    for (const key of ['energy.biogas.gas_yield', 'energy.biogas.methane_share', 'energy.biogas.electric_efficiency'])
      expect(evaluate(`REUSE.POLICY("${key}","status")`)).toBe('assumption');
  });
  it.each([
    [[1000, 0.5, 0.5, 1, 0.5, 0.36], 447_500],
    [[7300, 0.45, 0.42, 0.85, 0.62, 0.38], kwh(7300, 0.45, 0.42, 0.85, 0.62, 0.38)],
    [[0, 0.5, 0.5, 1, 0.5, 0.36], 0],
  ])('%j → %d', (args, expected) => expectClose(evaluate(`REUSE.ENERGY.BIOGAS(${args.join(',')})`), expected));
  it.each([
    ['REUSE.ENERGY.BIOGAS(-1,0.5,0.4)', 'dry_solids_t: must be ≥ 0 (got -1)'],
    ['REUSE.ENERGY.BIOGAS(1,50,0.4)', 'volatile_share: must be ≤ 1 (got 50)'],
    ['REUSE.ENERGY.BIOGAS(1,0.5,0.4,-1)', 'gas_yield: must be ≥ 0 (got -1)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('REUSE.ENERGY.HYDRO', () => {
  it('argument count', () => expectError('REUSE.ENERGY.HYDRO(1)', '#N/A', 'takes 2 to 3 arguments (got 1)'));
  // E = m g h η: 1 m³ of water (1000 kg) falling 1 m gives 9 806.65 J; 1 kWh = 3.6e6 J.
  it.each([
    ['3600000,10,1', 98_066.5, '3.6 M m³ × 10 m × 9 806.65 J / 3.6 MJ'],
    [
      '36500000,5',
      (36.5e6 * 5 * 9806.65 * 0.7) / 3.6e6,
      'default efficiency 0.7 (assumption): 348 000 kWh (347 999.87)',
    ],
    ['0,5,0.8', 0, 'no flow'],
  ])('(%s) → %d (%s)', (args, expected) => expectClose(evaluate(`REUSE.ENERGY.HYDRO(${args})`), expected as number));
  it("efficiency default is the catalogue's assumption", () => {
    expect(policyNumber('energy.hydro_efficiency')).toBe(0.7);
    expect(evaluate('REUSE.POLICY("energy.hydro_efficiency","status")')).toBe('assumption');
  });
  it('a negative head is #VALUE!', () =>
    expectError('REUSE.ENERGY.HYDRO(1,-2)', '#VALUE!', 'head_m: must be ≥ 0 (got -2)'));
});

describe('REUSE.ENERGY.SPLIT', () => {
  it('argument count', () => expectError('REUSE.ENERGY.SPLIT(1,2,3)', '#N/A', 'takes 4 to 5 arguments (got 3)'));
  it.each([
    ['1900000,8000000,0.65,0.3964', [1_900_000, 0, 1_235_000, 0, 1_235_000], 'all used on site'],
    [
      '1000000,500000,0.7,0.4,0.8',
      [500_000, 500_000, 350_000, 200_000, 550_000],
      'coincident 800 000 capped at the load of 500 000',
    ],
    ['1000000,2000000,0.7,0.4,0.6', [600_000, 400_000, 420_000, 160_000, 580_000], 'only 60 % coincides with the load'],
    ['1000000,0,0.7,0.4', [0, 1_000_000, 0, 400_000, 400_000], 'no load: everything exported'],
  ])('(%s) → %j (%s)', (args, row) => expectMatrixClose(evaluate(`REUSE.ENERGY.SPLIT(${args})`), [row as number[]]));
  it('property: self + export = generation, and self never exceeds the load', () => {
    const rand = prng(10);
    for (let i = 0; i < 500; i++) {
      const g = rand() * 1e7,
        load = rand() * 1e7,
        c = rand();
      const [self, exp, saving, revenue, total] = energySplit(g, load, 0.6, 0.4, c);
      expectClose(self + exp, g, 1e-12, 1e-6);
      expect(self).toBeLessThanOrEqual(load);
      expect(self).toBeLessThanOrEqual(g * c + 1e-9);
      expectClose(total, saving + revenue, 1e-12, 1e-6);
    }
  });
  it('coincidence above 1 is #VALUE!', () =>
    expectError('REUSE.ENERGY.SPLIT(1,1,1,1,1.2)', '#VALUE!', 'coincidence: must be ≤ 1 (got 1.2)'));
});

describe('REUSE.ENERGY.PAYBACK', () => {
  it.each([
    ['7600000,1235000,95000', 7_600_000 / 1_140_000],
    ['4000000,650000,50000', 4_000_000 / 600_000],
    ['0,1,0', 0],
  ])('(%s) → %d (capex / net yearly value)', (args, expected) =>
    expectClose(evaluate(`REUSE.ENERGY.PAYBACK(${args})`), expected)
  );
  it.each([
    [
      'REUSE.ENERGY.PAYBACK(100,50,50)',
      'annual_value: the net yearly value (annual_value − annual_opex = 0) is not above 0',
    ],
    ['REUSE.ENERGY.PAYBACK(100,10,50)', '(annual_value − annual_opex = -40)'],
  ])('%s → #N/A %s', (f, m) => expectError(f, '#N/A', m));
  it('agrees with PROJECT.PAYBACK on level cash flows', () => {
    expectClose(
      evaluate('REUSE.ENERGY.PAYBACK(4000000,650000,50000)'),
      evaluate(`REUSE.PROJECT.PAYBACK({-4000000,${Array(10).fill(600000).join(',')}})`) as number
    );
  });
});

describe('REUSE.ENERGY.LCOE', () => {
  it('argument count', () => expectError('REUSE.ENERGY.LCOE(1,2,3,4)', '#N/A', 'takes 5 to 6 arguments (got 4)'));
  const crf = (r: number, n: number) => r / (1 - (1 + r) ** -n);
  it.each([
    ['4000000,50000,1000000,25,0', 0.21, 'r = 0: straight line'],
    ['7600000,95000,1900000,25,0.05', (7_600_000 * crf(0.05, 25) + 95_000) / 1_900_000, 'capital recovery factor'],
    ['1000,0,100,1,0.1', 11, 'one year: 1 100 / 100'],
  ])('(%s) → %d (%s)', (args, expected) => expectClose(evaluate(`REUSE.ENERGY.LCOE(${args})`), expected as number));
  it('degradation: discounted costs over discounted kWh, summed here term by term', () => {
    let cost = 1e6,
      kwh = 0;
    for (let t = 1; t <= 20; t++) {
      cost += 2e4 / 1.06 ** t;
      kwh += (2e5 * 0.99 ** (t - 1)) / 1.06 ** t;
    }
    expectClose(evaluate('REUSE.ENERGY.LCOE(1000000,20000,200000,20,0.06,0.01)'), cost / kwh);
    expectClose(levelisedCostOfEnergy(1e6, 2e4, 2e5, 20, 0.06, 0.01), cost / kwh);
  });
  it.each([
    ['REUSE.ENERGY.LCOE(1,1,0,20,0.05)', 'annual_kwh: must be > 0 (got 0)'],
    ['REUSE.ENERGY.LCOE(1,1,1,0,0.05)', 'life_years: must be ≥ 1 (got 0)'],
    ['REUSE.ENERGY.LCOE(1,1,1,20,-1)', 'discount_rate: must be > -1 (got -1)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('worked scenario: 2 MWp over the tanks of the 江南（密溪沟） plant', () => {
  it('generation → split → payback and LCOE, chained in formulas', () => {
    // 2 000 kWp × 950 h = 1.9 M kWh, all used on site (the plant draws 8 M kWh), at 0.65 = 1.235 M a year;
    // capex 3.8 yuan/W = 7.6 M, O&M 95 000: payback 7.6 / 1.14 = 6.67 years.
    const total = evaluate('INDEX(REUSE.ENERGY.SPLIT(REUSE.ENERGY.SOLAR(2000,950),8000000,0.65,0.3964),1,5)');
    expectClose(total, 1_235_000);
    expectClose(
      evaluate(
        'REUSE.ENERGY.PAYBACK(7600000,INDEX(REUSE.ENERGY.SPLIT(REUSE.ENERGY.SOLAR(2000,950),8000000,0.65,0.3964),1,5),95000)'
      ),
      7.6 / 1.14
    );
    const lcoe = evaluate('REUSE.ENERGY.LCOE(7600000,95000,REUSE.ENERGY.SOLAR(2000,950),25,0.05)') as number;
    expect(lcoe).toBeLessThan(0.65); // cheaper than buying from the grid
    expect(isCalcError(lcoe)).toBe(false);
  });
});

describe("the core's documented @examples", () => {
  it('solar, biogas, hydro, split, payback, LCOE', () => {
    expectClose(e.solarGeneration(1000, 1000, 1, 0.02, 0.0055), 980_000);
    expectClose(e.biogasGeneration(10000, 0.5, 0.4, 0.9, 0.6, 0.35), 3_759_000);
    expectClose(e.hydroGeneration(36.5e6, 5, 0.7), 347_999.87, 1e-7);
    expect(e.energySplit(1e6, 8e6, 0.65, 0.3964, 1)).toEqual([1e6, 0, 650_000, 0, 650_000]);
    expectClose(e.energyPayback(4e6, 650e3, 50e3), 20 / 3);
    expectClose(e.levelisedCostOfEnergy(4e6, 50e3, 1e6, 25, 0), 0.21);
  });
});
