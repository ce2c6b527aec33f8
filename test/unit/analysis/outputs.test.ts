/** Output expressions: cells, names and aggregates over a range, reduced as documented. */
import { compileOutput, compileOutputs } from '../../../src/analysis/outputs';

describe('compileOutput', () => {
  it('a cell or a name reads itself', () => {
    expect(compileOutput("'评价'!C10").cells).toEqual(["'评价'!C10"]);
    expect(compileOutput('sewage_fee').cells).toEqual(['sewage_fee']);
  });
  it('min/max/sum/average over a column: numbers only, an error wins, no number → null', () => {
    const o = compileOutput("min('资本金现金流'!AC7:AC9)");
    expect(o.cells).toEqual(['资本金现金流!AC7', '资本金现金流!AC8', '资本金现金流!AC9']); // quotes only where Excel needs them
    expect(o.reduce([1.4, '', 1.2])).toBe(1.2);
    expect(o.reduce([1.4, { error: '#DIV/0!' }, 1.2])).toEqual({ error: '#DIV/0!' });
    expect(o.reduce([null, 'x', null])).toBeNull();
    expect(compileOutput('MAX(S!A1:B2)').reduce([1, 4, 3, 2])).toBe(4);
    expect(compileOutput('sum(S!A1:A3)').reduce([1, 4, null])).toBe(5);
    expect(compileOutput('average(S!A1:A3)').reduce([1, 4, 'n/a'])).toBe(2.5);
  });
  it('firstbelow / lastbelow with and without a year column', () => {
    const first = compileOutput('firstbelow(S!B1:B4, 1.3, S!A1:A4)');
    expect(first.cells).toEqual(['S!B1', 'S!B2', 'S!B3', 'S!B4', 'S!A1', 'S!A2', 'S!A3', 'S!A4']);
    const values = [1.5, 1.2, 1.4, 1.1, 2026, 2027, 2028, 2029];
    expect(first.reduce(values)).toBe(2027);
    expect(compileOutput('lastbelow(S!B1:B4, 1.3, S!A1:A4)').reduce(values)).toBe(2029);
    expect(compileOutput('firstbelow(S!B1:B4, 1.3)').reduce(values)).toBe(2);
    expect(compileOutput('firstabove(S!B1:B4, 1.45)').reduce(values)).toBe(1);
    expect(compileOutput('firstbelow(S!B1:B4, 1)').reduce(values)).toBeNull();
  });
  it.each([
    ['S!A1:A3', /not a cell, a defined name or an aggregate/],
    ['median(S!A1:A3)', /not a cell, a defined name or an aggregate/],
    ['min(S!A1:A3, 2)', /min takes one range/],
    ['firstbelow(S!A1:A3)', /RANGE, THRESHOLD/],
    ['firstbelow(S!A1:A3, x)', /threshold "x" is not a number/],
    ['firstbelow(S!A1:A3, 1, S!B1:B2)', /as many cells/],
    ['min(S!A:A)', /not a range/],
    ['min(S!A1:A20000)', /more than 10000/],
  ])('refuses %s', (expr, message) => {
    expect(() => compileOutput(expr)).toThrow(message);
  });
  it('several outputs read each cell once', () => {
    const set = compileOutputs(['min(S!A1:A3)', 'S!A2', 'sum(S!A2:A4)']);
    expect(set.cells).toEqual(['S!A1', 'S!A2', 'S!A3', 'S!A4']);
    expect(set.values([3, 1, 2, 10])).toEqual([1, 1, 13]);
  });
});
