/**
 * Formula text helpers: the engine's reading of Excel's stored spellings, a formula's position-independent shape
 * (R1C1 style) and the repair of REUSE spellings Excel cannot resolve.
 */
import { formulaShape, repairFormula, toEngineFormula } from '../../src/engine/formula-text';

describe('toEngineFormula', () => {
  it.each([
    ['_xldudf_REUSE_TARIFF_TIERED(A1,B1:C1,D1:F1)', 'REUSE.TARIFF.TIERED(A1,B1:C1,D1:F1)'],
    ['[1]!_xldudf_REUSE_POLICY("cit.rate")', 'REUSE.POLICY("cit.rate")'],
    ['_xlfn.PERCENTILE.INC(A1:A9,0.8)+_xlfn._xlws.SORT(B1:B3)', 'PERCENTILE.INC(A1:A9,0.8)+SORT(B1:B3)'],
    ['_xldudf_OTHER_ADDIN(1)', '_xldudf_OTHER_ADDIN(1)'], // unknown: left to evaluate as #NAME?
    // Excel writes sheet names of CJK letters unquoted; HyperFormula parses them only quoted.
    ['参数!A1+1', "'参数'!A1+1"],
    ['SUM(参数!A1:A3,现金流!$B$2)', "SUM('参数'!A1:A3,'现金流'!$B$2)"],
    ['数据2023!A1', "'数据2023'!A1"],
    ['Sheet1!A1', 'Sheet1!A1'],
    // TRUE/FALSE as constants, also inside array constants; not names that contain them.
    ['IF(A1,TRUE,false)', 'IF(A1,TRUE(),FALSE())'],
    ['{1,TRUE;0,FALSE}', '{1,TRUE();0,FALSE()}'],
    ['TRUE()+TRUE_RATE+IS_TRUE', 'TRUE()+TRUE_RATE+IS_TRUE'],
    ['"参数!A1"&\'中文 表\'!A1', '"参数!A1"&\'中文 表\'!A1'], // text and quoted names untouched
  ])('%s → %s', (stored, engine) => expect(toEngineFormula(stored)).toBe(engine));
});

describe('repairFormula', () => {
  it.each([
    [
      'corrupted external reference',
      '[1]!_xldudf_REUSE_TARIFF_TIERED(B1,{180,300},{3.04,3.75,5.88})',
      '_xldudf_REUSE_TARIFF_TIERED(B1,{180,300},{3.04,3.75,5.88})',
    ],
    [
      'another link number, lower case',
      '[12]!_xldudf_reuse_bond_coverage(A1:A5,B1:B5)',
      '_xldudf_REUSE_BOND_COVERAGE(A1:A5,B1:B5)',
    ],
    [
      'bare name saved before the add-in loaded',
      'REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75,5.88})*2',
      '_xldudf_REUSE_TARIFF_TIERED(240,{180,300},{3.04,3.75,5.88})*2',
    ],
    [
      'bare name, any case, nested',
      'ROUND(reuse.price.lcow(1,2,3,4,0.05),2)+REUSE.POLICY.LIST()',
      'ROUND(_xldudf_REUSE_PRICE_LCOW(1,2,3,4,0.05),2)+_xldudf_REUSE_POLICY_LIST()',
    ],
    ['space before the parenthesis', 'REUSE.POLICY ("cit.rate")', '_xldudf_REUSE_POLICY ("cit.rate")'],
    [
      'string literal untouched',
      '"REUSE.POLICY(x) [1]!_xldudf_REUSE_POLICY(" & REUSE.POLICY("a")',
      '"REUSE.POLICY(x) [1]!_xldudf_REUSE_POLICY(" & _xldudf_REUSE_POLICY("a")',
    ],
    ['quoted sheet name untouched', "'REUSE.POLICY('!A1+1", "'REUSE.POLICY('!A1+1"],
    [
      'unknown REUSE name untouched',
      'REUSE.NOT.A.FUNCTION(1)+[1]!_xldudf_REUSE_NOPE(2)',
      'REUSE.NOT.A.FUNCTION(1)+[1]!_xldudf_REUSE_NOPE(2)',
    ],
    ['another add-in untouched', '[1]!_xldudf_OTHER_THING(1)', '[1]!_xldudf_OTHER_THING(1)'],
    ['already right', '_xldudf_REUSE_POLICY("cit.rate")', '_xldudf_REUSE_POLICY("cit.rate")'],
    ['a defined name that merely starts with REUSE', 'REUSE.rate*2', 'REUSE.rate*2'],
  ])('%s', (_name, before, after) => expect(repairFormula(before)).toBe(after));
});

describe('formulaShape', () => {
  it.each([
    ['filled down: same shape', ['B2*C2', 2, 4], ['B3*C3', 3, 4], true],
    ['absolute parts stay absolute', ['B2*$C$1', 2, 4], ['B9*$C$1', 9, 4], true],
    ['mixed references', ['$B2*C$1', 2, 4], ['$B3*D$1', 3, 5], true],
    ['a different reference is a different shape', ['B2*C2', 2, 4], ['B3*C4', 3, 4], false],
    ['filled right', ['B2+B3', 4, 2], ['C2+C3', 4, 3], true],
    ['whole columns and rows', ['SUM(A:A)+SUM(2:2)', 2, 2], ['SUM(B:B)+SUM(3:3)', 3, 3], true],
    ['function names that look like cells are not cells', ['LOG10(A1)', 1, 2], ['LOG10(A2)', 2, 2], true],
    ['strings and quoted sheets are not references', ['"A1"&\'Q1\'!A1', 1, 1], ['"A1"&\'Q1\'!A2', 2, 1], true],
    ['a string that differs is a different shape', ['"A1"&B1', 1, 3], ['"A2"&B2', 2, 3], false],
    [
      'REUSE names are not references',
      ['_xldudf_REUSE_TARIFF_TIERED(C1,$B$2:$C$2,$B$3:$D$3)', 1, 2],
      ['_xldudf_REUSE_TARIFF_TIERED(C2,$B$2:$C$2,$B$3:$D$3)', 2, 2],
      true,
    ],
  ] as [string, [string, number, number], [string, number, number], boolean][])('%s', (_name, a, b, same) =>
    expect(formulaShape(...a) === formulaShape(...b)).toBe(same)
  );

  it('writes R1C1-style offsets', () =>
    expect(formulaShape('B2*$C$1+Sheet2!A3', 2, 4)).toBe('R[0]C[-2]*R1C3+Sheet2!R[1]C[-3]'));
});
