/**
 * The snapshot's notes table (src/engine/snapshot.ts `notesLines`): a column filled down with
 * one formula is one line, everything else a line per cell. Expected lines are written by hand
 * from the cells, as a reader of the notes sheet would describe them.
 */
import { SnapshotEntry, notesLines } from '../../src/engine/snapshot';

const cell = (address: string, formula: string, value: number, sheet = 'S', range?: string): SnapshotEntry => ({
  sheet,
  address,
  formula,
  value,
  ...(range ? { range } : {}),
});
const tiered = (r: number) => `_xldudf_REUSE_TARIFF_TIERED(A${r},$D$1:$E$1,$D$2:$F$2)`;

describe('notesLines', () => {
  it('makes one line of a column filled down, with its first formula and value', () => {
    const lines = notesLines([3, 4, 5, 6].map((r) => cell(`B${r}`, tiered(r), r * 10)));
    expect(lines).toEqual([{ sheet: 'S', cells: 'B3:B6', range: '', formula: tiered(3), value: 30 }]);
  });

  it('ends a run where the formula is not the first one filled down, a row is skipped, or the column, sheet or kind changes', () => {
    const entries = [
      cell('B3', tiered(3), 1),
      cell('B4', tiered(4), 2),
      cell('B5', tiered(4), 3), // reads A4 again: not filled down
      cell('B6', tiered(5), 4), // B5's formula moved down a row
      cell('B8', tiered(8), 5), // B7 skipped
      cell('C9', tiered(9), 6), // another column
      cell('C10', tiered(10), 7, 'T'), // another sheet
      cell('C11', 'REUSE.POLICY(A1)', 8, 'T', 'C11:D12'), // an array: its own line
      cell('C13', tiered(13), 9, 'T'),
    ];
    expect(notesLines(entries).map((l) => `${l.sheet}!${l.cells} ${l.range} ${l.value}`)).toEqual([
      'S!B3:B4  1',
      'S!B5:B6  3',
      'S!B8  5',
      'S!C9  6',
      'T!C10  7',
      'T!C11 C11:D12 8',
      'T!C13  9',
    ]);
  });

  it('keeps absolute references fixed and counts a formula without relative ones as filled down', () => {
    const lines = notesLines([
      cell('F2', 'REUSE.BOND.PAYMENT($B$1,$B$2)', 5),
      cell('F3', 'REUSE.BOND.PAYMENT($B$1,$B$2)', 5),
    ]);
    expect(lines.map((l) => l.cells)).toEqual(['F2:F3']);
    const moved = notesLines([
      cell('F2', 'REUSE.BOND.PAYMENT($B$1,B2)', 5),
      cell('F3', 'REUSE.BOND.PAYMENT($B$2,B3)', 5),
    ]);
    expect(moved.map((l) => l.cells)).toEqual(['F2', 'F3']);
  });
});
