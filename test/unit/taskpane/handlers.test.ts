/**
 * Pane handlers over the FakePort: inputs picked from defined names get the workbook's label
 * and unit (as picked cells do), several selected areas give a clear message, the kind of each
 * input cell is read for the editor, and a file name with a bare `%` does not throw.
 */
import {
  addFromNames,
  addFromSelection,
  inputCells,
  isMultiArea,
  openPane,
  rowUnits,
} from '../../../src/taskpane/handlers';
import { PaneError } from '../../../src/taskpane/handlers';
import { OfficeSharing } from '../../../src/workbook/office-files';
import { FakePort } from '../../helpers/fake-port';

/** A 假设 sheet laid out as the flagship's: Chinese label | English label | value | unit | source. */
function assumptions(): FakePort {
  const port = new FakePort({
    '假设!A8': '污水处理服务费单价（不含税）',
    '假设!B8': 'Sewage treatment service fee (ex VAT)',
    '假设!C8': 1.75,
    '假设!D8': '元/m³',
    '假设!E8': '（十二）运营服务费与进水浓度、削减量挂钩、按效付费',
    '假设!A9': '中央预算内投资地区',
    '假设!C9': '西部',
    '假设!D9': '—',
    '假设!C10': 5,
    '假设!D10': '示例 illustrative: a long source note, not a unit',
  });
  port.names = [
    { name: 'sewage_fee', ref: '假设!C8' },
    { name: 'region', ref: '假设!C9' },
    { name: 'bare', ref: '假设!C10' },
  ];
  return port;
}

describe('inputs from defined names', () => {
  it('are labelled with the row label and unit beside the cell; a name without a label keeps its name', async () => {
    const port = assumptions();
    const state = await addFromNames(port, await openPane(port), port.names, 'input');
    expect(state.store.doc.model.inputs.map((i) => [i.ref, i.label, i.unit])).toEqual([
      ['sewage_fee', '污水处理服务费单价（不含税） Sewage treatment service fee (ex VAT)', '元/m³'],
      ['region', '中央预算内投资地区', ''], // a dash means no unit
      ['bare', 'bare', ''], // no label to the left; a long note is not a unit
    ]);
  });

  it('reads units in one batch', async () => {
    const port = assumptions();
    expect(await rowUnits(port, ['假设!C8', '假设!C9', 'sewage_fee'])).toEqual(['元/m³', '', '']);
    expect(port.calls.filter((c) => c === 'readValues')).toHaveLength(1);
  });
});

describe('several selected areas', () => {
  it.each([
    ["'评价'!C5:C7,'评价'!E5", true],
    ["'a,b'!C5", false], // a comma inside a quoted sheet name
    ['评价!C5:C7', false],
  ])('%s → %s', (ref, multi) => expect(isMultiArea(ref)).toBe(multi));

  it('give a clear message, whether the host returns the areas or refuses (Excel: InvalidSelection)', async () => {
    const port = assumptions();
    port.selected = "'假设'!C8,'假设'!C10";
    const state = await openPane(port);
    await expect(addFromSelection(port, state, 'input')).rejects.toEqual(new PaneError('multipleAreas'));
    port.selection = async () => {
      throw Object.assign(new Error('The current selection is invalid for this operation.'), {
        code: 'InvalidSelection',
      });
    };
    await expect(addFromSelection(port, state, 'input')).rejects.toEqual(new PaneError('multipleAreas'));
  });
});

describe('input cells for the editor', () => {
  it('say what each cell takes, from its value and number format', async () => {
    const port = new FakePort({ 'S!A1': 0.025, 'S!A2': '西部', 'S!A3': 45536 });
    port.readNumberFormats = async (refs) =>
      refs.map((r) => ({ 'S!A1': '0.00%', 'S!A2': 'General', 'S!A3': 'yyyy-mm-dd' })[r] ?? 'General');
    expect(await inputCells(port, ['S!A1', 'S!A2', 'S!A3'])).toEqual([
      { kind: 'percent', numberFormat: '0.00%' },
      { kind: 'text', numberFormat: 'General' },
      { kind: 'date', numberFormat: 'yyyy-mm-dd' },
    ]);
  });
});

describe('the workbook’s file name', () => {
  const named = (url: string) =>
    new OfficeSharing({ run: (async () => undefined) as never, document: { url } as never }).fileName();
  it.each([
    ['C:\\Users\\财政局\\100%进度.xlsx', '100%进度.xlsx'], // a bare % in a local path
    ['/Users/li/Documents/50%方案.xlsx', '50%方案.xlsx'],
    ['https://example.sharepoint.com/Shared%20Documents/%E6%A8%A1%E5%9E%8B.xlsx?web=1', '模型.xlsx'],
    ['https://host/files/100%.xlsx', '100%.xlsx'], // a malformed URL keeps its raw name
    ['', 'workbook.xlsx'],
  ])('%s → %s', (url, name) => expect(named(url)).toBe(name));
});
