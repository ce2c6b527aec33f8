/**
 * GREEN and REIT: green-bond eligibility and coupon saving; the REIT test, value and subsidy share.
 * Sections: argument count, defaults, validations, domain errors, values (it.each rows with their
 * source, expected values computed here independently), properties and a worked scenario.
 */
import { isCalcError } from '../../../src/core/errors';
import {
  ReitAssetType,
  greenCouponSaving,
  reitDistributable,
  reitIrr,
  reitTest,
  reitValue,
  subsidyShare,
} from '../../../src/core/greenfin';
import { policyNumber } from '../../../src/core/policy';
import { evaluate, expectError } from '../../helpers/engine';
import { expectClose, expectMatrixClose } from '../../helpers/tolerance';
import { prng } from '../../helpers/random';

/** Present value of n level payments of 1 at rate r, summed term by term (not the closed form the code uses). */
const pvOfOnes = (r: number, n: number) => {
  let s = 0;
  for (let t = 1; t <= n; t++) s += 1 / (1 + r) ** t;
  return s;
};

describe('REUSE.GREEN.ELIGIBLE', () => {
  it.each([
    ['REUSE.GREEN.ELIGIBLE()', 'takes 1 to 2 arguments (got 0)'],
    ['REUSE.GREEN.ELIGIBLE("sewage","item",1)', 'takes 1 to 2 arguments (got 3)'],
  ])('%s → #N/A', (f, m) => expectError(f, '#N/A', m));
  it.each([
    ['sewage', '基础设施绿色升级'],
    ['污水处理', '基础设施绿色升级'],
    ['RECLAIMED', '基础设施绿色升级'],
    ['污泥', '基础设施绿色升级'],
    ['光伏', '清洁能源产业'],
    ['biogas', '清洁能源产业'],
    ['尾水发电', '清洁能源产业'],
  ])('%s → category %s (2021 catalogue, first level)', (type, category) =>
    expect(evaluate(`REUSE.GREEN.ELIGIBLE("${type}","一级分类")`)).toBe(category)
  );
  it('the item is the default field; reuse and sludge share the environmental-infrastructure item', () => {
    for (const t of ['sewage', 'reclaimed', 'sludge'])
      expect(evaluate(`REUSE.GREEN.ELIGIBLE("${t}")`)).toMatch(/^污水处理、再生利用及污泥处理处置设施建设运营/);
    expect(evaluate('REUSE.GREEN.ELIGIBLE("solar","项目")')).toBe('太阳能利用设施建设和运营');
  });
  it.each([
    ['REUSE.GREEN.ELIGIBLE("coal")', 'project_type: unknown option "coal"'],
    ['REUSE.GREEN.ELIGIBLE("sewage","colour")', 'field: unknown option "colour"'],
    ['REUSE.GREEN.ELIGIBLE(1)', 'project_type: unknown option "1"'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
  it('the catalogue holds the 100 % use of proceeds (中国绿色债券原则 2.1)', () => {
    expect(evaluate('REUSE.POLICY("green.proceeds_share")')).toBe(1);
    expect(evaluate('REUSE.POLICY("green.proceeds_share","source")')).toContain('〔2022〕第1号');
  });
});

describe('REUSE.GREEN.COUPONSAVING', () => {
  it('argument count', () =>
    expectError('REUSE.GREEN.COUPONSAVING(1,0.03,0.02)', '#N/A', 'takes 4 to 6 arguments (got 3)'));
  // Expected: yearly saving × Σ 1/(1+d)^t (summed term by term) − extra costs.
  it.each([
    ['500000000,0.03,0.028,10,,300000', 1_000_000 * pvOfOnes(0.03, 10) - 300_000, 'the documented example: 8 230 203'],
    [
      '500000000,0.03,0.028,10',
      1_000_000 * pvOfOnes(0.03, 10),
      'discount rate defaults to the ordinary rate, no extra cost',
    ],
    ['500000000,0.03,0.028,10,0.05', 1_000_000 * pvOfOnes(0.05, 10), 'own discount rate'],
    ['100000000,0.03,0.029,5,0', 500_000, 'd = 0: 5 × 100 000'],
    ['100000000,0.03,0.0295,3,0,600000', -450_000, 'the label costs more than it saves: 150 000 − 600 000'],
    ['100000000,0.03,0.032,3,0', -600_000, 'a green coupon above the ordinary one is a cost'],
  ])('(%s) → %d (%s)', (args, expected) =>
    expectClose(evaluate(`REUSE.GREEN.COUPONSAVING(${args})`), expected as number)
  );
  it.each([
    ['REUSE.GREEN.COUPONSAVING(-1,0.03,0.02,5)', 'principal: must be ≥ 0 (got -1)'],
    ['REUSE.GREEN.COUPONSAVING(1,3,0.02,5)', 'ordinary_rate: must be ≤ 1 (got 3)'],
    ['REUSE.GREEN.COUPONSAVING(1,0.03,0.02,5.5)', 'term_years: must be a whole number (got 5.5)'],
    ['REUSE.GREEN.COUPONSAVING(1,0.03,0.02,0)', 'term_years: must be ≥ 1 (got 0)'],
    ['REUSE.GREEN.COUPONSAVING(1,0.03,0.02,5,-1)', 'discount_rate: must be > -1 (got -1)'],
    ['REUSE.GREEN.COUPONSAVING(1,0.03,"x",5)', 'green_rate: must be a number (got "x")'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('REUSE.REIT.DISTRIBUTABLE', () => {
  it('argument count', () => expectError('REUSE.REIT.DISTRIBUTABLE()', '#N/A', 'takes 1 to 5 arguments (got 0)'));
  it.each([
    ['60000000,5000000,4000000,0,1000000', 50_000_000],
    ['60000000', 60_000_000],
    ['60000000,,,20000000', 40_000_000],
    ['10000000,0,0,0,-2000000', 12_000_000],
    ['10000000,2000000,3000000,8000000', -3_000_000],
  ])('(%s) → %d (hand calculation: EBITDA less the deductions)', (args, expected) =>
    expectClose(evaluate(`REUSE.REIT.DISTRIBUTABLE(${args})`), expected)
  );
  it('a negative tax is #VALUE!', () =>
    expectError('REUSE.REIT.DISTRIBUTABLE(1,-1)', '#VALUE!', 'taxes: must be ≥ 0 (got -1)'));
});

describe('REUSE.REIT.TEST', () => {
  it('argument count', () => expectError('REUSE.REIT.TEST(1)', '#N/A', 'takes 2 to 5 arguments (got 1)'));
  it("ownership: distribution rate against 3.8 % (the catalogue's assumption)", () => {
    expectMatrixClose(evaluate('REUSE.REIT.TEST(50000000,1000000000,"产权类")'), [[0.05, 0.038, 0.05 - 0.038]]);
    expectMatrixClose(evaluate('REUSE.REIT.TEST(30000000,1000000000,"ownership")'), [[0.03, 0.038, 0.03 - 0.038]]);
    expectMatrixClose(evaluate('REUSE.REIT.TEST(30000000,1000000000,"ownership",,0.025)'), [[0.03, 0.025, 0.005]]);
  });
  it('concession (the default): the IRR over the remaining term against 5 %', () => {
    // A value priced at 7 % over 15 years must give back 7 %.
    const v = 40_000_000 * pvOfOnes(0.07, 15);
    expectMatrixClose(evaluate(`REUSE.REIT.TEST(40000000,${v},,15)`), [[0.07, 0.05, 0.02]], 1e-9);
    // 20 years of 50 M for 1 000 M is 5 % a year of a perpetuity, less over a finite term: IRR of the annuity solved independently by bisection below.
    let lo = 0,
      hi = 1;
    for (let i = 0; i < 200; i++) {
      const m = (lo + hi) / 2;
      if (50e6 * pvOfOnes(m, 20) > 1e9) lo = m;
      else hi = m;
    }
    expectMatrixClose(evaluate('REUSE.REIT.TEST(50000000,1000000000,"特许经营",20)'), [[lo, 0.05, lo - 0.05]], 1e-9);
  });
  it('defaults come from the catalogue (functions, not copies)', () => {
    expect(policyNumber('reit.distribution_rate_min')).toBe(0.038);
    expect(policyNumber('reit.concession_irr_min')).toBe(0.05);
    expect(evaluate('REUSE.POLICY("reit.concession_irr_min","status")')).toBe('assumption');
    expect(evaluate('REUSE.POLICY("reit.distribution_rate_min","source")')).toContain('发改投资〔2024〕1014号');
  });
  it.each([
    ['REUSE.REIT.TEST(1,0,"ownership")', '#VALUE!', 'asset_value: must be > 0 (got 0)'],
    ['REUSE.REIT.TEST(1,100,"bond")', '#VALUE!', 'asset_type: unknown option "bond"'],
    ['REUSE.REIT.TEST(1,100,"concession",2.5)', '#VALUE!', 'remaining_years: must be a whole number (got 2.5)'],
    ['REUSE.REIT.TEST(1,100)', '#N/A', 'remaining_years: required for a concession'],
    ['REUSE.REIT.TEST(1,1000000000000,"concession",5)', '#N/A', 'asset_value: no rate of return'], // 10^12 for five payments of 1: below −99 %,
  ])('%s → %s %s', (f, code, m) => expectError(f, code, m));
  it('core: the IRR round-trips a value priced at random yields and terms', () => {
    const rand = prng(14);
    for (let i = 0; i < 200; i++) {
      const r = rand() * 0.2;
      const n = 1 + Math.floor(rand() * 40);
      const d = 1e6 + rand() * 1e8;
      const irr = reitIrr(d * pvOfOnes(r, n), d, n);
      expect(isCalcError(irr)).toBe(false);
      expectClose(irr, r, 1e-8, 1e-10);
    }
  });
  it('core: a negative distributable amount has no positive-price IRR', () => {
    expect(isCalcError(reitTest(-1, 100, ReitAssetType.Concession, 0.05, 10))).toBe(true);
  });
});

describe('REUSE.REIT.VALUE', () => {
  it('argument count', () => expectError('REUSE.REIT.VALUE(1)', '#N/A', 'takes 2 to 3 arguments (got 1)'));
  it.each([
    ['50000000,0.05', 1_000_000_000, 'perpetuity: 50 M / 5 %'],
    ['50000000,0.05,20', 50_000_000 * pvOfOnes(0.05, 20), 'annuity summed term by term'],
    ['1000,0.1,1', 1000 / 1.1, 'one year'],
  ])('(%s) → %d (%s)', (args, expected) => expectClose(evaluate(`REUSE.REIT.VALUE(${args})`), expected as number));
  it.each([
    ['REUSE.REIT.VALUE(1,0)', 'target_yield: must be > 0 (got 0)'],
    ['REUSE.REIT.VALUE(1,0.05,0)', 'remaining_years: must be ≥ 1 (got 0)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
  it('property: TEST of VALUE gives back the target yield (ownership and concession)', () => {
    const rand = prng(3);
    for (let i = 0; i < 50; i++) {
      const y = 0.01 + rand() * 0.1;
      const n = 1 + Math.floor(rand() * 30);
      expectClose(reitValue(1e7, y) && 1e7 / reitValue(1e7, y), y);
      const t = reitTest(1e7, reitValue(1e7, y, n), ReitAssetType.Concession, 0.05, n);
      expect(Array.isArray(t)).toBe(true);
      expectClose((t as number[])[0], y, 1e-8);
    }
  });
});

describe('REUSE.REIT.SUBSIDYSHARE', () => {
  it.each([
    ['{1,2,1},{10,10,20}', 0.2],
    ['{0,0,0},{5,5,5}', 0],
    ['{3},{20}', 0.15],
  ])('(%s) → %d (hand calculation: the largest yearly share)', (args, expected) =>
    expectClose(evaluate(`REUSE.REIT.SUBSIDYSHARE(${args})`), expected)
  );
  it.each([
    ['REUSE.REIT.SUBSIDYSHARE({1,2},{10})', 'revenues: needs one value per item of subsidies (got 1, expected 2)'],
    ['REUSE.REIT.SUBSIDYSHARE({1},{0})', 'revenues: item 1 must be > 0 (got 0)'],
    ['REUSE.REIT.SUBSIDYSHARE({-1},{10})', 'subsidies: item 1 must be ≥ 0 (got -1)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
  it('compares with the 15 % cap of 发改投资〔2024〕1014号', () => {
    expect(evaluate('REUSE.REIT.SUBSIDYSHARE({1,2,1},{10,10,20})<=REUSE.POLICY("reit.subsidy_share_max")')).toBe(false);
  });
});

describe("worked scenario: can the district recycle an operating plant's capital?", () => {
  it('a 10 M m³/yr plant with 20 years left: distributable, value at 6 %, test at 5 %', () => {
    // Revenue 10 M m³ × 1.5 = 15 M; cash costs 6 M; EBITDA 9 M; tax 0.5 M; renewal 1 M; reserve 0.2 M → 7.3 M.
    const d = 15e6 - 6e6 - 0.5e6 - 1e6 - 0.2e6;
    expectClose(evaluate('REUSE.REIT.DISTRIBUTABLE(15000000-6000000,500000,1000000,0,200000)'), d);
    const value = d * pvOfOnes(0.06, 20);
    expectClose(evaluate(`REUSE.REIT.VALUE(${d},0.06,20)`), value);
    // Priced at 6 %, the concession IRR is 6 %: one point above the 5 % screen.
    expectMatrixClose(
      evaluate(`REUSE.REIT.TEST(${d},REUSE.REIT.VALUE(${d},0.06,20),"concession",20)`),
      [[0.06, 0.05, 0.01]],
      1e-8
    );
  });
});

describe("the core's documented @examples", () => {
  it('greenCouponSaving, reitDistributable, reitIrr, reitValue, subsidyShare', () => {
    expectClose(greenCouponSaving(500e6, 0.03, 0.028, 10, 0.03, 300e3), 1e6 * pvOfOnes(0.03, 10) - 3e5);
    expectClose(Math.round(greenCouponSaving(500e6, 0.03, 0.028, 10, 0.03, 300e3)), 8_230_203, 0, 0);
    expect(reitDistributable(60e6, 5e6, 4e6, 0, 1e6)).toBe(50e6);
    expectClose(reitIrr(1e9, 80e6, 25), 0.06237, 1e-4);
    expectClose(reitValue(50e6, 0.05), 1e9);
    expectClose(reitValue(50e6, 0.05, 20) / 1e6, 623.1, 1e-4);
    expectClose(subsidyShare([1, 2, 1], [10, 10, 20]), 0.2);
  });
});
