/**
 * PRICE, SERVICE and GOV.PURCHASE through the real engine: argument count, defaults (policy
 * numbers from the catalogue), every validation (error code + a message naming the argument),
 * error pass-through, values, the REMOVALPRICES spill, and a worked sheet.
 * Expected numbers come from FUNCTIONS.md or from hand calculations written in the rows.
 */
import { Engine, isEngineError } from '../../../src/engine/engine';
import { findFunction, fullName } from '../../../src/registry';
import { PRICE_FUNCTIONS } from '../../../src/registry/pricing';
import { SERVICE_FUNCTIONS } from '../../../src/registry/service';
import { evaluate, expectError } from '../../helpers/engine';
import { expectClose, expectMatrixClose } from '../../helpers/tolerance';

const MINE = [...PRICE_FUNCTIONS, ...SERVICE_FUNCTIONS];
const IDS = [
  'PRICE.RETURNRATE',
  'PRICE.COSTPLUS',
  'PRICE.LCOW',
  'PRICE.VIABILITYGAP',
  'SERVICE.KPIFACTOR',
  'SERVICE.PERFFEE',
  'SERVICE.REMOVALPRICES',
  'SERVICE.REMOVALFEE',
  'SERVICE.INDEXPRICE',
  'GOV.PURCHASE',
];

describe('registry metadata', () => {
  it('registers exactly the contract names', () => {
    expect(MINE.map((f) => f.id).sort()).toEqual([...IDS].sort());
    for (const id of IDS) expect(findFunction(`REUSE.${id}`)).toBeDefined();
  });

  it.each(MINE.map((f) => ({ name: fullName(f), f })))(
    '$name documents every parameter, its formula and its source',
    ({ f }) => {
      expect(f.description.en && f.description.zh).toBeTruthy();
      expect(f.formula.length).toBeGreaterThan(20);
      expect(f.source).toBeTruthy();
      expect(f.examples.length).toBeGreaterThan(0);
      for (const p of f.params) {
        expect(p.description.en && p.description.zh).toBeTruthy();
        if (p.kind === 'number' || p.kind === 'list') expect(p.unit).toBeTruthy();
        // An optional parameter either has a registry default or says its default in the text.
        if (p.optional && !('default' in p && p.default !== undefined)) expect(p.description.en).toMatch(/default/);
      }
    }
  );

  it('policy defaults resolve to the catalogue, not to a second copy of the number', () => {
    const premium = findFunction('PRICE.RETURNRATE')!.params.find((p) => p.name === 'equity_premium')!;
    expect(typeof (premium as { default?: unknown }).default).toBe('function');
    expect((premium as { default: () => number }).default()).toBe(0.04); // 城镇供水价格管理办法 第九条: 4 points over the 10-year bond yield
  });
});

describe('wrong number of arguments', () => {
  it.each([
    { formula: 'REUSE.PRICE.RETURNRATE(0.027,0.042)', part: 'takes 3 to 4 arguments (got 2)' },
    { formula: 'REUSE.PRICE.COSTPLUS(1,2,0.05,0)', part: 'takes 5 to 7 arguments (got 4)' },
    { formula: 'REUSE.PRICE.VIABILITYGAP(1,2,3,4)', part: 'takes 3 arguments (got 4)' },
    { formula: 'REUSE.SERVICE.REMOVALPRICES(1,2,{3},{1})', part: 'takes 5 arguments (got 4)' },
    { formula: 'REUSE.GOV.PURCHASE(1)', part: 'takes 2 to 4 arguments (got 1)' },
  ])('$formula → #N/A', ({ formula, part }) => expectError(formula, '#N/A', part));
});

describe('defaults', () => {
  it.each([
    { formula: 'REUSE.PRICE.RETURNRATE(0.027,0.042,0.6)', same: 'REUSE.PRICE.RETURNRATE(0.027,0.042,0.6,0.04)' },
    { formula: 'REUSE.PRICE.RETURNRATE(0.027,0.042,0.6,)', same: 'REUSE.PRICE.RETURNRATE(0.027,0.042,0.6,0.04)' },
    {
      formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,5000000,10950000)',
      same: `REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,5000000,10950000,0.65)`,
    },
    {
      formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,5000000,10950000,)',
      same: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,5000000,10950000,0.65)',
    },
    {
      formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,5000000,,)',
      same: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,5000000)',
    },
    {
      formula: 'REUSE.PRICE.LCOW(80000000,5580000,9307500,20,0.052)',
      same: 'REUSE.PRICE.LCOW(80000000,5580000,9307500,20,0.052,0)',
    },
    { formula: 'REUSE.SERVICE.KPIFACTOR(70)', same: 'REUSE.SERVICE.KPIFACTOR(70,90,60,0.1,0.7)' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(50,,,,)', same: 'REUSE.SERVICE.KPIFACTOR(50,90,60,0.1,0.7)' },
    // issue 11: below_floor defaults to min(0.7, 1 − max_cut), so max_cut above 0.3 alone is valid.
    { formula: 'REUSE.SERVICE.KPIFACTOR(75,90,60,0.4)', same: '1-0.4*15/30' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(50,90,60,0.4)', same: '0.6' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(50,90,60,0.4,)', same: '1-0.4' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(50,90,60,0.3)', same: '0.7' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(50,90,60,0.2)', same: 'REUSE.SERVICE.KPIFACTOR(50,90,60,0.2,0.7)' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(50,100,80,1)', same: '0' },
    {
      formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,200,150)',
      same: 'REUSE.SERVICE.PERFFEE(900000,1.2,200,150,0.7,1,0.6,1.1)',
    },
    {
      formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,50,150)',
      same: 'REUSE.SERVICE.PERFFEE(900000,1.2,50,150,0.7,1,0.6,1.1)',
    },
    {
      formula: 'REUSE.SERVICE.INDEXPRICE(1.2,{0.5,0.5},{100,100},{110,90})',
      same: 'REUSE.SERVICE.INDEXPRICE(1.2,{0.5,0.5},{100,100},{110,90},0)',
    },
    { formula: 'REUSE.GOV.PURCHASE(1000000,0.8)', same: 'REUSE.GOV.PURCHASE(1000000,0.8,1,0)' },
  ])('$formula = $same', ({ formula, same }) => {
    const v = evaluate(formula);
    expect(typeof v).toBe('number');
    expectClose(v, evaluate(same) as number);
  });

  it('the utilisation floor uses the catalogue value 0.65', () => {
    expectClose(
      evaluate('REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,5000000,10950000)'),
      14240000 / (0.65 * 10950000)
    );
  });
});

describe('validation', () => {
  it.each([
    // PRICE.RETURNRATE
    { formula: 'REUSE.PRICE.RETURNRATE(2.7,0.042,0.6)', part: 'bond_yield: must be ≤ 1 (got 2.7)' },
    { formula: 'REUSE.PRICE.RETURNRATE(-1,0.042,0.6)', part: 'bond_yield: must be > -1' },
    { formula: 'REUSE.PRICE.RETURNRATE(0.027,4.2,0.6)', part: 'debt_rate: must be ≤ 1' },
    { formula: 'REUSE.PRICE.RETURNRATE(0.027,0.042,1.2)', part: 'debt_ratio: must be ≤ 1 (got 1.2)' },
    { formula: 'REUSE.PRICE.RETURNRATE(0.027,0.042,-0.1)', part: 'debt_ratio: must be ≥ 0' },
    { formula: 'REUSE.PRICE.RETURNRATE(0.027,0.042,0.6,-0.01)', part: 'equity_premium: must be ≥ 0' },
    { formula: 'REUSE.PRICE.RETURNRATE("a",0.042,0.6)', part: 'bond_yield: must be a number (got "a")' },
    { formula: 'REUSE.PRICE.RETURNRATE({0.02,0.03},0.042,0.6)', part: 'bond_yield: must be a single value' },
    // PRICE.COSTPLUS
    { formula: 'REUSE.PRICE.COSTPLUS(-1,80000000,0.052,500000,9307500)', part: 'annual_cost: must be ≥ 0' },
    { formula: 'REUSE.PRICE.COSTPLUS(9580000,-1,0.052,500000,9307500)', part: 'effective_assets: must be ≥ 0' },
    { formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,5.2,500000,9307500)', part: 'return_rate: must be ≤ 1' },
    { formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,-5,9307500)', part: 'taxes: must be ≥ 0' },
    { formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,-1)', part: 'volume: must be ≥ 0' },
    { formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,0)', part: 'volume: the billed volume is 0' },
    {
      formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,9307500,0)',
      part: 'design_volume: must be > 0 (got 0)',
    },
    {
      formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,9307500,10950000,1.5)',
      part: 'min_utilization: must be ≤ 1',
    },
    {
      formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,9307500,,0.65)',
      part: 'min_utilization: given (0.65) without design_volume',
    },
    // PRICE.LCOW
    { formula: 'REUSE.PRICE.LCOW(-1,5580000,9307500,20,0.052)', part: 'capex: must be ≥ 0' },
    { formula: 'REUSE.PRICE.LCOW(80000000,-1,9307500,20,0.052)', part: 'annual_opex: must be ≥ 0' },
    { formula: 'REUSE.PRICE.LCOW(80000000,5580000,0,20,0.052)', part: 'annual_volume: must be > 0 (got 0)' },
    { formula: 'REUSE.PRICE.LCOW(80000000,5580000,9307500,0,0.052)', part: 'life_years: must be ≥ 1 (got 0)' },
    {
      formula: 'REUSE.PRICE.LCOW(80000000,5580000,9307500,20.5,0.052)',
      part: 'life_years: must be a whole number (got 20.5)',
    },
    { formula: 'REUSE.PRICE.LCOW(80000000,5580000,9307500,20,-1)', part: 'discount_rate: must be > -1 (got -1)' },
    { formula: 'REUSE.PRICE.LCOW(80000000,5580000,9307500,20,5.2)', part: 'discount_rate: must be ≤ 1 (got 5.2)' },
    { formula: 'REUSE.PRICE.LCOW(80000000,5580000,9307500,20,0.052,-1)', part: 'residual_value: must be ≥ 0' },
    // PRICE.VIABILITYGAP
    { formula: 'REUSE.PRICE.VIABILITYGAP(-1,1.2,100)', part: 'cost_price: must be ≥ 0' },
    { formula: 'REUSE.PRICE.VIABILITYGAP(1.5,-1.2,100)', part: 'price: must be ≥ 0' },
    { formula: 'REUSE.PRICE.VIABILITYGAP(1.5,1.2,-100)', part: 'volume: must be ≥ 0' },
    // SERVICE.KPIFACTOR
    { formula: 'REUSE.SERVICE.KPIFACTOR(-1)', part: 'score: must be ≥ 0' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(70,60,60)', part: 'full_score: must be above floor_score (got 60 ≤ 60)' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(70,50)', part: 'full_score: must be above floor_score (got 50 ≤ 60)' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(70,0)', part: 'full_score: must be > 0' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(70,90,-5)', part: 'floor_score: must be ≥ 0' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(70,90,60,1.1)', part: 'max_cut: must be ≤ 1' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(70,90,60,0.1,-0.1)', part: 'below_floor: must be ≥ 0' },
    {
      formula: 'REUSE.SERVICE.KPIFACTOR(70,90,60,0.1,0.95)',
      part: 'below_floor: must not exceed the factor at floor_score, 1 − max_cut = 0.9',
    },
    {
      formula: 'REUSE.SERVICE.KPIFACTOR(70,90,60,0.4,0.7)',
      part: 'below_floor: must not exceed the factor at floor_score, 1 − max_cut = 0.6',
    },
    // SERVICE.PERFFEE
    { formula: 'REUSE.SERVICE.PERFFEE(-1,1.2,105,150)', part: 'volume: must be ≥ 0' },
    { formula: 'REUSE.SERVICE.PERFFEE(900000,-1.2,105,150)', part: 'base_price: must be ≥ 0' },
    { formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,-105,150)', part: 'influent: must be ≥ 0' },
    { formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,105,0)', part: 'design_influent: must be > 0 (got 0)' },
    { formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,105,150,1.7)', part: 'fixed_share: must be ≤ 1' },
    { formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,105,150,0.7,98)', part: 'kpi_factor: must be ≤ 1 (got 98)' },
    { formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,105,150,0.7,1,-0.1)', part: 'min_ratio: must be ≥ 0' },
    {
      formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,105,150,0.7,1,0.9,0.8)',
      part: 'max_ratio: must be ≥ min_ratio (got 0.8 < 0.9)',
    },
    // SERVICE.REMOVALPRICES
    {
      formula: 'REUSE.SERVICE.REMOVALPRICES(-1,900000,{300,30},{30,1.5},{0.7,0.3})',
      part: 'benchmark_fee: must be ≥ 0',
    },
    {
      formula: 'REUSE.SERVICE.REMOVALPRICES(1080000,0,{300,30},{30,1.5},{0.7,0.3})',
      part: 'volume: must be > 0 (got 0)',
    },
    {
      formula: 'REUSE.SERVICE.REMOVALPRICES(1080000,900000,{300,-30},{30,1.5},{0.7,0.3})',
      part: 'design_influent: item 2 must be ≥ 0',
    },
    {
      formula: 'REUSE.SERVICE.REMOVALPRICES(1080000,900000,{300,30},{30,1.5,1},{0.7,0.3})',
      part: 'design_effluent: needs one value per item of design_influent (got 3, expected 2)',
    },
    {
      formula: 'REUSE.SERVICE.REMOVALPRICES(1080000,900000,{300,30},{30,1.5},{1})',
      part: 'weights: needs one value per item of design_influent (got 1, expected 2)',
    },
    {
      formula: 'REUSE.SERVICE.REMOVALPRICES(1080000,900000,{300,30},{30,1.5},{0.7,0.4})',
      part: 'weights: must sum to 1 (got 1.1)',
    },
    {
      formula: 'REUSE.SERVICE.REMOVALPRICES(1080000,900000,{300,30},{30,1.5},{1.2,-0.2})',
      part: 'weights: item 1 must be ≤ 1',
    },
    {
      formula: 'REUSE.SERVICE.REMOVALPRICES(1080000,900000,{300,30},{30,30},{0.7,0.3})',
      part: 'design_effluent: item 2 (30) must be below design_influent item 2 (30)',
    },
    {
      formula: 'REUSE.SERVICE.REMOVALPRICES(1080000,900000,{300,30;1,2},{30,1.5},{0.7,0.3})',
      part: 'design_influent: must be a single row or column',
    },
    // SERVICE.REMOVALFEE
    { formula: 'REUSE.SERVICE.REMOVALFEE(-1,{250,25},{30,1.5},{3,12})', part: 'volume: must be ≥ 0' },
    {
      formula: 'REUSE.SERVICE.REMOVALFEE(900000,{250,"x"},{30,1.5},{3,12})',
      part: 'influent: item 2 must be a number (got "x")',
    },
    {
      formula: 'REUSE.SERVICE.REMOVALFEE(900000,{250,25},{30},{3,12})',
      part: 'effluent: needs one value per item of influent (got 1, expected 2)',
    },
    {
      formula: 'REUSE.SERVICE.REMOVALFEE(900000,{250,25},{30,1.5},{3,12,1})',
      part: 'unit_prices: needs one value per item of influent (got 3, expected 2)',
    },
    { formula: 'REUSE.SERVICE.REMOVALFEE(900000,{250,25},{30,1.5},{3,-12})', part: 'unit_prices: item 2 must be ≥ 0' },
    // SERVICE.INDEXPRICE
    { formula: 'REUSE.SERVICE.INDEXPRICE(-1,{0.5,0.5},{100,100},{110,90})', part: 'base_price: must be ≥ 0' },
    { formula: 'REUSE.SERVICE.INDEXPRICE(1.2,{0.5,0.6},{100,100},{110,90})', part: 'weights: must sum to 1 (got 1.1)' },
    {
      formula: 'REUSE.SERVICE.INDEXPRICE(1.2,{0.5,0.5},{100,0},{110,90})',
      part: 'base_indices: item 2 must be > 0 (got 0)',
    },
    {
      formula: 'REUSE.SERVICE.INDEXPRICE(1.2,{0.5,0.5},{100,100},{110,-90})',
      part: 'current_indices: item 2 must be ≥ 0',
    },
    {
      formula: 'REUSE.SERVICE.INDEXPRICE(1.2,{0.5,0.5},{100},{110,90})',
      part: 'base_indices: needs one value per item of weights (got 1, expected 2)',
    },
    {
      formula: 'REUSE.SERVICE.INDEXPRICE(1.2,{0.5,0.5},{100,100},{110,90,1})',
      part: 'current_indices: needs one value per item of weights (got 3, expected 2)',
    },
    {
      formula: 'REUSE.SERVICE.INDEXPRICE(1.2,{0.5,0.5},{100,100},{110,90},-2)',
      part: 'adjustment: the indexed price would be negative (-0.8)',
    },
    // GOV.PURCHASE
    { formula: 'REUSE.GOV.PURCHASE(-1,0.8)', part: 'volume: must be ≥ 0' },
    { formula: 'REUSE.GOV.PURCHASE(1000000,-0.8)', part: 'unit_price: must be ≥ 0' },
    { formula: 'REUSE.GOV.PURCHASE(1000000,0.8,1.2)', part: 'compliance_rate: must be ≤ 1 (got 1.2)' },
    { formula: 'REUSE.GOV.PURCHASE(1000000,0.8,-0.2)', part: 'compliance_rate: must be ≥ 0' },
    { formula: 'REUSE.GOV.PURCHASE(1000000,0.8,1,-5)', part: 'guaranteed_volume: must be ≥ 0' },
  ])('$formula → #VALUE! "$part"', ({ formula, part }) => expectError(formula, '#VALUE!', part));

  it('messages come in Chinese when the engine runs in zh-CN', () => {
    const v = Engine.evaluate('REUSE.SERVICE.KPIFACTOR(70,60,60)', { lang: 'zh-CN' });
    expect(isEngineError(v) && v.message).toContain('full_score：必须大于 floor_score');
    const w = Engine.evaluate('REUSE.SERVICE.REMOVALFEE(900000,{250,25},{30},{3,12})', { lang: 'zh-CN' });
    expect(isEngineError(w) && w.message).toContain('effluent：个数必须与 influent 相同');
  });
});

describe('input errors pass through', () => {
  it.each([
    { formula: 'REUSE.PRICE.LCOW(1/0,5580000,9307500,20,0.052)', code: '#DIV/0!' },
    { formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,NA(),500000,9307500)', code: '#N/A' },
    { formula: 'REUSE.GOV.PURCHASE(1000000,0.8,SQRT(-1))', code: '#NUM!' },
  ])('$formula → $code', ({ formula, code }) => {
    expect(evaluate(formula)).toHaveProperty('error', code);
  });

  it('an error cell inside a list passes through', () => {
    const e = Engine.fromSheets({ s: [[250, '=1/0', '=REUSE.SERVICE.REMOVALFEE(900000,A1:B1,{30,1.5},{3,12})']] });
    const v = e.hf.getCellValue({ sheet: 0, row: 0, col: 2 });
    expect(isEngineError(v) && v.value).toBe('#DIV/0!');
    e.hf.destroy();
  });
});

describe('values', () => {
  it.each([
    { formula: 'REUSE.PRICE.RETURNRATE(0.027,0.042,0.6)', expected: 0.052, source: 'FUNCTIONS.md' },
    {
      formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,9307500)',
      expected: 14240000 / 9307500,
      source: 'FUNCTIONS.md 1.52995, exactly 14.24 M / 9.3075 M',
    },
    {
      formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,5000000,10950000)',
      expected: 14240000 / 7117500,
      source: 'FUNCTIONS.md 2.00070, 14.24 M / 7.1175 M',
    },
    {
      formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,0,10950000)',
      expected: 14240000 / 7117500,
      source: 'hand: nothing sold, priced on the floor',
    },
    { formula: 'REUSE.PRICE.LCOW(80000000,5580000,9307500,20,0)', expected: 9580000 / 9307500, source: 'hand: r = 0' },
    { formula: 'REUSE.PRICE.LCOW(1000,0,100,1,0.1)', expected: 11, source: 'hand: one year, 1000 × 1.1 / 100' },
    {
      formula: 'REUSE.PRICE.LCOW(1000,0,100,2,0.1,1000)',
      expected: (1000 * 0.1 + 1000 - 1000) / 100 + 0,
      source: 'hand: residual = capex: CRF − SFF = r, so 1000 × 0.1 / 100',
    },
    { formula: 'REUSE.PRICE.VIABILITYGAP(1.53,1.2,9307500)', expected: 3071475, source: 'FUNCTIONS.md ≈ 3.07 M' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(88)', expected: 1 - 0.2 / 30, source: 'FUNCTIONS.md' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(60)', expected: 0.9, source: 'boundary: exactly at floor' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(90)', expected: 1, source: 'boundary: exactly at full' },
    { formula: 'REUSE.SERVICE.KPIFACTOR(59)', expected: 0.7, source: 'boundary: below floor' },
    {
      formula: 'REUSE.SERVICE.KPIFACTOR(70,90,60,0.1,0.9)',
      expected: 1 - (0.1 * 20) / 30,
      source: 'below_floor equal to the floor factor is allowed',
    },
    { formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,105,150,,0.98)', expected: 963144, source: 'FUNCTIONS.md' },
    {
      formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,90,150)',
      expected: 1080000 * 0.88,
      source: 'boundary: ratio exactly at min 0.6',
    },
    {
      formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,165,150)',
      expected: 1080000 * 1.03,
      source: 'boundary: ratio exactly at max 1.1',
    },
    {
      formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,105,150,0.7,1,1,1)',
      expected: 1080000,
      source: 'hand: equal clip limits fix the ratio at 1',
    },
    {
      formula: 'REUSE.SERVICE.REMOVALFEE(900000,{250,25},{30,1.5},{3.11111111111111,12.6315789473684})',
      expected: 883157.89,
      tolerance: 1e-8,
      source: 'FUNCTIONS.md (prices to 15 digits)',
    },
    {
      formula: 'REUSE.SERVICE.REMOVALFEE(900000,{250;25},{30,1.5},{3,12})',
      expected: 198000 * 3 + 21150 * 12,
      source: 'hand: a column and a row mix',
    },
    {
      formula: 'REUSE.SERVICE.INDEXPRICE(1.2,{0.3,0.25,0.15,0.3},{100,100,100,100},{100,106,112,104})',
      expected: 1.254,
      source: 'hand',
    },
    {
      formula: 'REUSE.SERVICE.INDEXPRICE(1.2,{0.5,0.5},{100,100},{110,90},-1.2)',
      expected: 0,
      source: 'boundary: adjusted exactly to 0',
    },
    {
      formula: 'REUSE.GOV.PURCHASE(2000000,0.841,0.95,3000000)',
      expected: 3000000 * 0.841 * 0.95,
      source: 'hand: guaranteed volume, 95 % compliance',
    },
  ])('$formula = $expected ($source)', ({ formula, expected, tolerance }) => {
    expectClose(evaluate(formula), expected, tolerance ?? 1e-9, 1e-9);
  });
});

describe('KPIFACTOR spills over a range of scores', () => {
  it('one factor per score, same shape; an empty cell gives ""', () => {
    // 95 → 1; 75 → 1 − 0.1 × 15/30; 50 → 0.7 (below the floor of 60)
    expectMatrixClose(evaluate('REUSE.SERVICE.KPIFACTOR({95;75;50})'), [[1], [1 - (0.1 * 15) / 30], [0.7]]);
    expectMatrixClose(evaluate('REUSE.SERVICE.KPIFACTOR({95,75})'), [[1, 0.95]]);
  });
  it('a spill with max_cut above 0.3 and no below_floor: every cell valid (issue 11)', () => {
    // 95 → 1; 75 → 1 − 0.4 × 15/30 = 0.8; 50 → min(0.7, 1 − 0.4) = 0.6
    expectMatrixClose(evaluate('REUSE.SERVICE.KPIFACTOR({95;75;50},90,60,0.4)'), [[1], [0.8], [0.6]]);
  });
  it('a bad score errs in its own cell only', () => {
    const v = evaluate('REUSE.SERVICE.KPIFACTOR({95;-1})') as unknown[][];
    expect(v[0][0]).toBe(1);
    expect(v[1][0]).toMatchObject({ error: '#VALUE!', message: 'score: must be ≥ 0 (got -1)' });
  });
});

describe('REMOVALPRICES spills a row', () => {
  it('one price per pollutant, whatever the orientation of the inputs', () => {
    const expected = [[756000 / 243000, 324000 / 25650]];
    expectMatrixClose(evaluate('REUSE.SERVICE.REMOVALPRICES(1080000,900000,{300,30},{30,1.5},{0.7,0.3})'), expected);
    expectMatrixClose(evaluate('REUSE.SERVICE.REMOVALPRICES(1080000,900000,{300;30},{30;1.5},{0.7;0.3})'), expected);
  });

  it('a single pollutant gives one value', () => {
    expectClose(evaluate('REUSE.SERVICE.REMOVALPRICES(1080000,900000,{300},{30},{1})'), 1080000 / 243000);
  });

  it('spills from cell ranges into the cells to its right, and REMOVALFEE reads the spill', () => {
    const e = Engine.fromSheets({
      s: [
        [300, 30, 4],
        [30, 1.5, 0.3],
        [0.6, 0.3, 0.1],
        ['=REUSE.SERVICE.REMOVALPRICES(1080000,900000,A1:C1,A2:C2,A3:C3)', null, null],
        ['=REUSE.SERVICE.REMOVALFEE(900000,A1:C1,A2:C2,A4:C4)'],
      ],
    });
    const at = (row: number, col: number) => e.hf.getCellValue({ sheet: 0, row, col });
    expectClose(at(3, 0), (1080000 * 0.6) / ((900000 * 270) / 1000));
    expectClose(at(3, 1), (1080000 * 0.3) / ((900000 * 28.5) / 1000));
    expectClose(at(3, 2), (1080000 * 0.1) / ((900000 * 3.7) / 1000));
    // At design conditions the removal fee is the benchmark.
    expectClose(at(4, 0), 1080000);
    e.hf.destroy();
  });
});

describe('never NaN or Infinity', () => {
  it.each([
    'REUSE.PRICE.LCOW(1E+300,1E+300,1E-300,1,1)',
    'REUSE.PRICE.LCOW(1E+300,0,1,1000,-0.999)',
    'REUSE.PRICE.COSTPLUS(1E+308,1E+308,1,1E+308,1E-300)',
    'REUSE.SERVICE.PERFFEE(1E+308,1E+308,200,150)',
    'REUSE.SERVICE.REMOVALPRICES(1E+308,1E-300,{300},{30},{1})',
    'REUSE.SERVICE.INDEXPRICE(1E+308,{1},{1E-300},{1E+300})',
    'REUSE.GOV.PURCHASE(1E+308,1E+308)',
  ])('%s is a finite number or an error', (formula) => {
    const v = evaluate(formula);
    const cells = Array.isArray(v) ? v.flat() : [v];
    for (const c of cells) {
      if (typeof c === 'number') expect(Number.isFinite(c)).toBe(true);
      else expect(c).toHaveProperty('error');
    }
  });
});

describe('scenario: reclaimed-water price and purchase for a 30 000 m³/d plant, as a bureau sheet', () => {
  it('chains RETURNRATE → COSTPLUS → VIABILITYGAP → GOV.PURCHASE', () => {
    const e = Engine.fromSheets({
      s: [
        [0.027, 0.042, 0.6, '=REUSE.PRICE.RETURNRATE(A1,B1,C1)'],
        [9580000, 80000000, 500000, '=REUSE.PRICE.COSTPLUS(A2,B2,D1,C2,25500*365,30000*365)'],
        [1.2, '=REUSE.PRICE.VIABILITYGAP(D2,A3,25500*365)', 3650000, '=REUSE.GOV.PURCHASE(C3,B3/C3,1,3000000)'],
      ],
    });
    const at = (row: number, col: number) => e.hf.getCellValue({ sheet: 0, row, col }) as number;
    expectClose(at(0, 3), 0.052);
    const revenue = 9580000 + 80000000 * 0.052 + 500000;
    expectClose(at(1, 3), revenue / 9307500);
    const gap = revenue - 1.2 * 9307500; // 3 071 000
    expectClose(at(2, 1), gap, 1e-9, 1e-6);
    expectClose(at(2, 3), gap, 1e-9, 1e-6); // the purchase closes the gap exactly
    e.hf.destroy();
  });
});
