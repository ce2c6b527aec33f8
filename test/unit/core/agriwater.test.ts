/** AGRI: cost price of irrigation water, precision subsidy within quota, water-saving reward below quota. */
import { agriCostPrice, agriReward, agriSubsidy } from '../../../src/core/agriwater';
import { evaluate, expectError } from '../../helpers/engine';
import { expectClose } from '../../helpers/tolerance';
import { prng } from '../../helpers/random';

describe('REUSE.AGRI.COSTPRICE', () => {
  it('argument count', () => expectError('REUSE.AGRI.COSTPRICE(1)', '#N/A', 'takes 2 to 3 arguments (got 1)'));
  it.each([
    ['1200000,6000000', 0.2, 'O&M level'],
    ['1200000,6000000,600000', 0.3, 'full cost'],
    ['0,1', 0, 'free water'],
  ])('(%s) → %d (%s)', (args, expected) => expectClose(evaluate(`REUSE.AGRI.COSTPRICE(${args})`), expected as number));
  it('a zero volume is #VALUE!, not #DIV/0!', () =>
    expectError('REUSE.AGRI.COSTPRICE(1,0)', '#VALUE!', 'volume: must be > 0 (got 0)'));
});

describe('REUSE.AGRI.SUBSIDY', () => {
  it('argument count', () => expectError('REUSE.AGRI.SUBSIDY(1,2,3,4)', '#N/A', 'takes 5 arguments (got 4)'));
  // area × water subsidised (within quota) × gap per m³.
  it.each([
    ['20000,300,280,0.3,0.18', 20000 * 280 * 0.12, 'within quota'],
    ['20000,300,330,0.3,0.18', 20000 * 300 * 0.12, 'over quota: only the quota is subsidised'],
    ['20000,300,280,0.3,0.3', 0, 'price at cost: no gap'],
    ['20000,300,280,0.3,0.35', 0, 'price above cost: no negative subsidy'],
  ])('(%s) → %d (%s)', (args, expected) => expectClose(evaluate(`REUSE.AGRI.SUBSIDY(${args})`), expected as number));
  it.each([
    ['REUSE.AGRI.SUBSIDY(-1,300,280,0.3,0.18)', 'area_mu: must be ≥ 0 (got -1)'],
    ['REUSE.AGRI.SUBSIDY(1,300,280,-0.3,0.18)', 'cost_price: must be ≥ 0 (got -0.3)'],
    ['REUSE.AGRI.SUBSIDY(1,300,"a",0.3,0.18)', 'use_m3_per_mu: must be a number (got "a")'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('REUSE.AGRI.REWARD', () => {
  it.each([
    ['20000,300,280,0.1', 40_000, '20 m³/mu saved'],
    ['20000,300,330,0.1', 0, 'over quota'],
    ['20000,300,300,0.1', 0, 'exactly the quota'],
  ])('(%s) → %d (%s)', (args, expected) => expectClose(evaluate(`REUSE.AGRI.REWARD(${args})`), expected as number));
  it('argument count', () => expectError('REUSE.AGRI.REWARD(1,2,3)', '#N/A', 'takes 4 arguments (got 3)'));
  it('property: saving water trades subsidy for reward — neither is negative and the reward is 0 at or above quota', () => {
    const rand = prng(16);
    for (let i = 0; i < 300; i++) {
      const q = 100 + rand() * 400,
        u = rand() * 600;
      expect(agriSubsidy(1000, q, u, 0.3, 0.2)).toBeGreaterThanOrEqual(0);
      const r = agriReward(1000, q, u, 0.1);
      if (u >= q) expect(r).toBe(0);
      else expectClose(r, 1000 * (q - u) * 0.1, 1e-12, 1e-9);
    }
  });
});

describe('worked scenario: the budget of the reform for an irrigated area', () => {
  it('cost price → subsidy for grain within quota + reward for saving, in one formula', () => {
    // O&M 1.2 M over 6 M m³ = 0.20; grain 15 000 mu at quota 300, using 270, paying 0.12: subsidy 15 000 × 270 × 0.08 = 324 000;
    // reward 15 000 × 30 × 0.1 = 45 000; budget 369 000.
    expectClose(
      evaluate(
        'REUSE.AGRI.SUBSIDY(15000,300,270,REUSE.AGRI.COSTPRICE(1200000,6000000),0.12)+REUSE.AGRI.REWARD(15000,300,270,0.1)'
      ),
      15000 * 270 * 0.08 + 15000 * 30 * 0.1
    );
  });
});

describe("the core's documented @examples", () => {
  it('agriCostPrice, agriSubsidy, agriReward', () => {
    expectClose(agriCostPrice(1.2e6, 6e6, 0.6e6), 0.3);
    expectClose(agriSubsidy(20000, 300, 280, 0.3, 0.18), 672_000);
    expectClose(agriReward(20000, 300, 280, 0.1), 40_000);
  });
});
