/** Cells picked from the selection are labelled from their row, as a reader of the sheet sees them. */
import { addFromSelection, openPane, rowLabels } from '../../../src/taskpane/handlers';
import { FakePort } from '../../helpers/fake-port';

describe('row labels for picked cells', () => {
  const port = () =>
    new FakePort({
      // A bilingual sheet: Chinese label, English label, value.
      '评价!A5': '中央预算内投资（元）',
      '评价!B5': 'Central budget support (yuan)',
      '评价!C5': 50_000_000,
      // Only one label, two columns away.
      '评价!A6': '银行贷款',
      '评价!C6': 50_000_000,
      // A number to the left is not a label.
      '评价!B7': 12,
      '评价!C7': 3,
      // Text further than the search reaches is not taken.
      '现金流!A9': 'far away',
      '现金流!D9': 'just out of reach',
      '现金流!H9': 1,
    });

  it.each([
    ['评价!C5', '中央预算内投资（元） Central budget support (yuan)'],
    ['评价!C6', '银行贷款'],
    ['评价!C7', '评价!C7'],
    ['现金流!H9', '现金流!H9'], // E9..G9 are searched; D9 and A9 are not
    ['评价!A5', '评价!A5'], // nothing to the left of column A
    ['capex', 'capex'], // a defined name keeps its name
  ])('%s → %s', async (ref, label) => expect(await rowLabels(port(), [ref])).toEqual([label]));

  it('reads all picked cells in one batch', async () => {
    const p = port();
    await rowLabels(p, ['评价!C5', '评价!C6', '评价!C7']);
    expect(p.calls.filter((c) => c === 'readValues')).toHaveLength(1);
  });

  it('addFromSelection uses them as the outputs’ labels', async () => {
    const p = port();
    p.selected = '评价!C5:C6';
    const state = await addFromSelection(p, await openPane(p), 'output');
    expect(state.store.doc.model.outputs.map((o) => [o.ref, o.label])).toEqual([
      ['评价!C5', '中央预算内投资（元） Central budget support (yuan)'],
      ['评价!C6', '银行贷款'],
    ]);
  });
});
