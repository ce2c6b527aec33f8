/**
 * fromWorkbookPort: an analysis over any WorkbookPort (Excel's own recalculation through the
 * Office port; here the in-memory FakePort) — one apply and one write back per what-if, and the
 * workbook's cells as they were afterwards, formulas as formulas.
 */
import { fromWorkbookPort, goalSeek, sensitivity } from '../../../src/analysis';
import { FakePort } from '../../helpers/fake-port';
import { expectClose } from '../../helpers/tolerance';

describe('fromWorkbookPort', () => {
  it('goal seek over a WorkbookPort: y = 3a + b, y = 10 with b = 4 → a = 2; every cell put back', async () => {
    const port = new FakePort(
      { 'S!A1': 1, 'S!B1': 4 },
      { 'S!C1': (get) => 3 * (get('S!A1') as number) + (get('S!B1') as number) }
    );
    port.cells.set('S!B1', { formula: '=4' });
    port.formulas.set('S!B1', () => 4);
    const before = new Map(port.cells);
    const r = await goalSeek(fromWorkbookPort(port), { input: 'S!A1', output: 'S!C1', target: 10, between: [0, 10] });
    expectClose(r.value, 2, 1e-9);
    expect(new Map(port.cells)).toEqual(before);
    // one apply (write, recalc, read) and one write back per evaluation
    expect(port.calls.filter((c) => c === 'apply').length).toBe(r.record.evaluations);
    expect(port.calls.filter((c) => c === 'write').length).toBe(r.record.evaluations);
  });
  it('a formula input is put back as its formula', async () => {
    const port = new FakePort(
      { 'S!A1': 2 },
      { 'S!B1': () => 5, 'S!C1': (get) => (get('S!A1') as number) * (get('S!B1') as number) }
    );
    const r = await sensitivity(fromWorkbookPort(port), { inputs: [{ ref: 'S!B1' }], outputs: ['S!C1'] });
    expectClose(r.tornado[0].bars[0].swing, 2 * (5.5 - 4.5));
    expect(port.cells.get('S!B1')).toEqual({ formula: '=calc(S!B1)' });
  });
});
