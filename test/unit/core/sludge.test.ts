/** SLUDGE: dry solids, the yearly cost by route, per m³ of sewage and as a share of the sewage charge. */
import { policyNumber } from '../../../src/core/policy';
import { SludgeRoute, drySolids, sludgeCost } from '../../../src/core/sludge';
import { evaluate, expectError } from '../../helpers/engine';
import { expectClose } from '../../helpers/tolerance';

describe('REUSE.SLUDGE.DRYSOLIDS', () => {
  it('argument count', () => expectError('REUSE.SLUDGE.DRYSOLIDS()', '#N/A', 'takes 1 to 2 arguments (got 0)'));
  it.each([
    ['36500', 7300, '80 % water by default (GB 18918—2002): 36 500 × 0.2'],
    ['1000,0.6', 400, 'dried to 60 %'],
    ['1000,0', 1000, 'already dry'],
  ])('(%s) → %d (%s)', (args, expected) =>
    expectClose(evaluate(`REUSE.SLUDGE.DRYSOLIDS(${args})`), expected as number)
  );
  it.each([
    ['REUSE.SLUDGE.DRYSOLIDS(1000,1)', 'moisture: must be < 1 (got 1)'],
    ['REUSE.SLUDGE.DRYSOLIDS(-1)', 'wet_tonnes: must be ≥ 0 (got -1)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
  it("the 80 % default is the catalogue's rule", () => {
    expect(policyNumber('sludge.moisture_dewatered')).toBe(0.8);
    expect(evaluate('REUSE.POLICY("sludge.moisture_dewatered","source")')).toContain('GB 18918');
  });
});

describe('REUSE.SLUDGE.COST', () => {
  it('argument count', () => expectError('REUSE.SLUDGE.COST(1)', '#N/A', 'takes 2 to 7 arguments (got 1)'));
  it.each([
    ['焚烧', 1500],
    ['incineration', 1500],
    ['土地利用', 1000],
    ['building', 1200],
    ['填埋', 600],
  ])('route %s defaults to the catalogue assumption %d yuan/t DS', (route, unit) => {
    expectClose(evaluate(`REUSE.SLUDGE.COST(7300,"${route}")`), 7300 * unit);
  });
  it('every route default is marked an assumption', () => {
    for (const r of Object.values(SludgeRoute))
      expect(evaluate(`REUSE.POLICY("sludge.cost.${r}","status")`)).toBe('assumption');
  });
  // Haulage is per wet tonne: dry / (1 − moisture).
  it.each([
    ['7300,"land",1000,0.8,60,0.8,100', 7300 * 900 + 36_500 * 0.8 * 60, 'the documented example'],
    ['7300,"land",1000,0.8,60', 7300 * 1000 + 36_500 * 48, 'moisture defaults to 0.8'],
    ['100,"incineration",2000,1,10,0.6', 200_000 + 250 * 10, 'dried to 60 %: 250 wet t hauled'],
    ['0,"landfill"', 0, 'nothing to dispose of'],
  ])('(%s) → %d (%s)', (args, expected) => expectClose(evaluate(`REUSE.SLUDGE.COST(${args})`), expected as number));
  it.each([
    ['REUSE.SLUDGE.COST(1,"sea")', 'route: unknown option "sea"'],
    ['REUSE.SLUDGE.COST(1,"land",-5)', 'unit_cost: must be ≥ 0 (got -5)'],
    ['REUSE.SLUDGE.COST(1,"land",5,1,1,1)', 'moisture: must be < 1 (got 1)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
  it('core: linear in the dry tonnes', () => {
    expectClose(sludgeCost(2000, 1500, 0.8, 1, 50, 0), 2 * sludgeCost(1000, 1500, 0.8, 1, 50, 0));
  });
});

describe('REUSE.SLUDGE.PERM3 and FEESHARE', () => {
  it.each([
    ['REUSE.SLUDGE.PERM3(10950000,36500000)', 0.3],
    ['REUSE.SLUDGE.FEESHARE(10950000,36500000,0.95)', 0.3 / 0.95],
    ['REUSE.SLUDGE.FEESHARE(0,1,1)', 0],
  ])('%s → %d (hand calculation)', (f, expected) => expectClose(evaluate(f), expected));
  it.each([
    ['REUSE.SLUDGE.PERM3(1,0)', 'sewage_volume: must be > 0 (got 0)'],
    ['REUSE.SLUDGE.FEESHARE(1,1,0)', 'fee_per_m3: must be > 0 (got 0)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
  it('argument count', () => expectError('REUSE.SLUDGE.FEESHARE(1,2)', '#N/A', 'takes 3 arguments (got 2)'));
});

describe('worked scenario: 何家岩 plant, 100 t/d of 80 % sludge to incineration', () => {
  it('dry solids → cost → per m³ → share of the 0.95 yuan/m³ residential fee', () => {
    // 100 t/d × 365 = 36 500 wet t = 7 300 t DS; × 1 500 + 36 500 wet t × 0.6 yuan/t·km × 40 km = 10.95 M + 0.876 M.
    const cost = 7300 * 1500 + 36_500 * 0.6 * 40;
    expectClose(evaluate('REUSE.SLUDGE.COST(REUSE.SLUDGE.DRYSOLIDS(100*365),"焚烧",,0.6,40)'), cost);
    // 100 000 m³/d treated: 36.5 M m³.
    expectClose(evaluate(`REUSE.SLUDGE.PERM3(${cost},36500000)`), cost / 36.5e6);
    expectClose(
      evaluate(`REUSE.SLUDGE.FEESHARE(${cost},36500000,REUSE.POLICY("sewage.min_fee.city.residential"))`),
      cost / 36.5e6 / 0.95
    );
  });
});

describe("the core's documented @examples", () => {
  it('drySolids and sludgeCost', () => {
    expectClose(drySolids(36500, 0.8), 7300);
    expectClose(sludgeCost(7300, 1500, 0.8, 2, 60, 0), 15_330_000);
  });
});
