/** SEWAGE: differential charges by concentration and cost recovery. */
import { BandRounding, bandCount } from '../../../src/core/sewage';
import { evaluate, expectError } from '../../helpers/engine';
import { expectClose, expectMatrixClose } from '../../helpers/tolerance';

const HUZHOU = '{300,30},{100,5},{0.3,0.3}'; // COD from 300 mg/L in 100 mg/L bands; NH₃-N from 30 in 5; +0.30 yuan/m³ a band

describe('REUSE.SEWAGE.DIFFCHARGE', () => {
  it.each([
    ['{500,40}', 'up', 1.95 + 2 * 0.3 + 2 * 0.3], // the contract's example
    ['{300,30}', 'up', 1.95], // at the thresholds: no surcharge
    ['{250,10}', 'up', 1.95], // below: no surcharge, never a negative one
    ['{301,30}', 'up', 1.95 + 0.3], // a partly used band counts whole
    ['{400,35}', 'up', 1.95 + 0.3 + 0.3], // exact multiples are not rounded up
    ['{350,33}', 'linear', 1.95 + 0.5 * 0.3 + 0.6 * 0.3],
    ['{350,33}', '线性', 1.95 + 0.5 * 0.3 + 0.6 * 0.3],
    ['{350,33}', '向上', 1.95 + 0.3 + 0.3],
  ])('concentrations %s, rounding %s → %d', (c, rounding, expected) =>
    expectClose(evaluate(`REUSE.SEWAGE.DIFFCHARGE(1.95,${c},${HUZHOU},"${rounding}")`), expected)
  );

  it('spills one price per discharger row; empty trailing rows give ""', () => {
    expectMatrixClose(evaluate(`REUSE.SEWAGE.DIFFCHARGE(1.95,{500,40;250,10;1000,61},${HUZHOU})`), [
      [3.15],
      [1.95],
      [1.95 + 7 * 0.3 + 7 * 0.3],
    ]);
  });

  it('band counting is robust to binary fractions (0.7/0.1 is 7 bands, not 8)', () => {
    expect(bandCount(0.7, 0.1, BandRounding.Up)).toBe(7);
    expect(bandCount(0.30000000000000004, 0.1, BandRounding.Up)).toBe(3);
    expect(bandCount(0.31, 0.1, BandRounding.Up)).toBe(4);
  });

  it.each([
    [
      'REUSE.SEWAGE.DIFFCHARGE(1.95,{500,40},{300},{100,5},{0.3,0.3})',
      'thresholds: need one value per pollutant column of concentrations (got 1, expected 2)',
    ],
    ['REUSE.SEWAGE.DIFFCHARGE(1.95,{500,40},{300,30},{100,0},{0.3,0.3})', 'band_widths: item 2 must be > 0 (got 0)'],
    [
      'REUSE.SEWAGE.DIFFCHARGE(1.95,{500,40},{300,30},{100,5},{0.3,0.3,0.1})',
      'band_surcharges: need one value per pollutant',
    ],
    ['REUSE.SEWAGE.DIFFCHARGE(1.95,{500,-40},{300,30},{100,5},{0.3,0.3})', 'concentrations: item 2 must be ≥ 0'],
    ['REUSE.SEWAGE.DIFFCHARGE(1.95,{500,40},{300,30},{100,5},{0.3,0.3},"round")', 'rounding: unknown option "round"'],
    ['REUSE.SEWAGE.DIFFCHARGE(-1,{500,40},{300,30},{100,5},{0.3,0.3})', 'base_price: must be ≥ 0'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('REUSE.SEWAGE.COSTRECOVERY', () => {
  it.each([
    ['8000000,7000000,2000000,1000000', 0.8],
    ['8000000,10000000', 0.8], // optional arguments default to 0
    ['0,5', 0],
  ])('(%s) → %d', (args, expected) => expectClose(evaluate(`REUSE.SEWAGE.COSTRECOVERY(${args})`), expected));
  it('a zero cost is a bad argument, not #DIV/0!', () =>
    expectError(
      'REUSE.SEWAGE.COSTRECOVERY(100,0,0,0)',
      '#VALUE!',
      'operating_cost + depreciation + financing_cost must be > 0 (got 0)'
    ));
  it('negative costs are refused', () =>
    expectError('REUSE.SEWAGE.COSTRECOVERY(100,-5)', '#VALUE!', 'operating_cost: must be ≥ 0'));
});
