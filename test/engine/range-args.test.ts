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

/** The bill under limits [l1, l2] and prices [p1, p2, p3], written out. */
const bill = (v: number, [l1, l2]: number[], [p1, p2, p3]: number[]) =>
  Math.min(v, l1) * p1 + Math.max(0, Math.min(v, l2) - l1) * p2 + Math.max(0, v - l2) * p3;

describe('REUSE functions reading a range many rows share (memoised per formula tree)', () => {
  const N = 200;
  const volume = (i: number) => (i * 37) % 600;
  /** Volumes in A, bills in B, limits in X1:Y1, prices in X2:Z2 (or formulas there). */
  function sheet(
    formula: (r: number) => string,
    tariff: (number | string)[][] = [
      [180, 300],
      [3.04, 3.75, 5.88],
    ]
  ) {
    const rows: (number | string | null)[][] = Array.from({ length: N }, (_, i) => [volume(i), formula(i + 1)]);
    tariff.forEach((t, i) => {
      rows[i].length = 23;
      rows[i].push(...t);
    });
    return rows;
  }
  const bills = (e: Engine, sheetIndex = 0) =>
    Array.from({ length: N }, (_, i) => e.hf.getCellValue({ sheet: sheetIndex, row: i, col: 1 }) as number);
  const expectBills = (got: number[], limits: number[], prices: number[]) =>
    got.forEach((g, i) => expect(g).toBeCloseTo(bill(volume(i), limits, prices), 9));
  const shared = (r: number) => `=REUSE.TARIFF.TIERED(A${r},$X$1:$Y$1,$X$2:$Z$2)`;

  it('follow every change of a price, a limit, and a price computed by a formula', () => {
    const e = Engine.fromSheets({ S: sheet(shared, [[180, 300], [3.04, '=X3*1.25', 5.88], [3]]) });
    expectBills(bills(e), [180, 300], [3.04, 3.75, 5.88]);
    e.hf.setCellContents({ sheet: 0, row: 1, col: 23 }, [[3.5]]);
    expectBills(bills(e), [180, 300], [3.5, 3.75, 5.88]);
    e.hf.setCellContents({ sheet: 0, row: 0, col: 24 }, [[400]]);
    expectBills(bills(e), [180, 400], [3.5, 3.75, 5.88]);
    e.hf.setCellContents({ sheet: 0, row: 2, col: 23 }, [[4]]); // Y2 = X3 × 1.25 = 5
    expectBills(bills(e), [180, 400], [3.5, 5, 5.88]);
    e.hf.setCellContents({ sheet: 0, row: 1, col: 23 }, [['x']]); // text in the range: every row says so
    expect(bills(e).every((v) => isEngineError(v) && v.value === '#VALUE!')).toBe(true);
    e.hf.setCellContents({ sheet: 0, row: 1, col: 23 }, [[3.04]]);
    expectBills(bills(e), [180, 400], [3.04, 5, 5.88]);
    e.hf.destroy();
  });

  it('give each sheet its own tariff when the same formula reads a range on two sheets', () => {
    const e = Engine.fromSheets({
      S: sheet(shared),
      T: sheet(shared, [
        [100, 200],
        [2, 3, 4],
      ]),
    });
    expectBills(bills(e, 0), [180, 300], [3.04, 3.75, 5.88]);
    expectBills(bills(e, 1), [100, 200], [2, 3, 4]);
    e.hf.setCellContents({ sheet: 1, row: 1, col: 24 }, [[3.5]]);
    expectBills(bills(e, 0), [180, 300], [3.04, 3.75, 5.88]);
    expectBills(bills(e, 1), [100, 200], [2, 3.5, 4]);
    e.hf.destroy();
  });

  it('read a relative range filled down (a tariff per row) at every row', () => {
    // Row r reads its own limits in C:D and prices in E:G; every fifth row has other prices.
    const prices = (i: number) => (i % 5 ? [3.04, 3.75, 5.88] : [1, 2, 3]);
    const rows = Array.from({ length: N }, (_, i) => [
      volume(i),
      `=REUSE.TARIFF.TIERED(A${i + 1},C${i + 1}:D${i + 1},E${i + 1}:G${i + 1})`,
      180,
      300,
      ...prices(i),
    ]);
    const e = Engine.fromSheets({ S: rows });
    bills(e).forEach((g, i) => expect(g).toBeCloseTo(bill(volume(i), [180, 300], prices(i)), 9));
    e.hf.destroy();
  });

  it('follow the range when rows are inserted above it and cells move', () => {
    const e = Engine.fromSheets({ S: sheet(shared) });
    e.hf.addRows(0, [0, 2]); // everything moves down two rows, the tariff to X3:Z4
    e.hf.setCellContents({ sheet: 0, row: 3, col: 24 }, [[4]]);
    const moved = Array.from({ length: N }, (_, i) => e.hf.getCellValue({ sheet: 0, row: i + 2, col: 1 }) as number);
    expectBills(moved, [180, 300], [3.04, 4, 5.88]);
    e.hf.destroy();
  });
});
