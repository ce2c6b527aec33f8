/**
 * Range arguments of REUSE functions, read from HyperFormula's graph cell by cell (src/engine/
 * plugin.ts `rangeFromHf`) instead of through `rawData()`: the same values, trailing empty cells,
 * errors and whole-column references as before. Expected bills by hand: 180 × 3.04 + 60 × 3.75 =
 * 772.2 for 240 m³ under the tariff 180 / 300 m³ at 3.04 / 3.75 / 5.88.
 */
import { Engine, isEngineError } from '../../src/engine/engine';

const at = (engine: Engine, row: number, col: number) => engine.hf.getCellValue({ sheet: 0, row, col });

describe('REUSE functions reading ranges', () => {
  it('read a row range, a column range and an array literal alike', () => {
    const e = Engine.fromSheets({
      S: [
        [180, 300, 3.04, 3.75, 5.88, '=REUSE.TARIFF.TIERED(240,A1:B1,C1:E1)'],
        [null, null, null, null, null, '=REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75,5.88})'],
        [180, null, 3.04, null, null, '=REUSE.TARIFF.TIERED(240,A3:A4,C3:C5)'],
        [300, null, 3.75],
        [null, null, 5.88],
      ],
    });
    expect([at(e, 0, 5), at(e, 1, 5), at(e, 2, 5)].map((v) => Math.round((v as number) * 1e9) / 1e9)).toEqual([
      772.2, 772.2, 772.2,
    ]);
    e.hf.destroy();
  });

  it('read a whole column, its empty cells below the last value left out', () => {
    const e = Engine.fromSheets({
      S: [
        [180, 3.04, '=REUSE.TARIFF.TIERED(240,A:A,B:B)'],
        [300, 3.75],
        [null, 5.88],
      ],
    });
    expect(at(e, 0, 2) as number).toBeCloseTo(772.2, 9);
    e.hf.destroy();
  });

  it('pass an error in a range on as the result, and follow a changed cell', () => {
    const e = Engine.fromSheets({ S: [[180, '=1/0', 3.04, 3.75, 5.88, '=REUSE.TARIFF.TIERED(240,A1:B1,C1:E1)']] });
    const v = at(e, 0, 5);
    expect(isEngineError(v) && v.value).toBe('#DIV/0!');
    e.hf.setCellContents({ sheet: 0, row: 0, col: 1 }, [[200]]);
    expect(at(e, 0, 5) as number).toBeCloseTo(180 * 3.04 + 20 * 3.75 + 40 * 5.88, 9);
    e.hf.destroy();
  });
});
