/**
 * The engine WorkbookPort on the flagship workbook, in Node: scenarios applied and checked
 * against independent calculations, the document saved into the .xlsx as a custom XML part
 * exactly as Excel stores one, read back from the bytes, and byte-identical when saved twice.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { workbookBytes } from '../../src/examples/xlsx-bytes';
import { buildFlagshipWorkbook } from '../../src/examples/flagship';
import { serialiseDocument } from '../../src/scenarios/document';
import {
  PaneState,
  addFromNames,
  addFromSelection,
  applyHandler,
  compareHandler,
  createScenario,
  editScenario,
  openPane,
  restoreHandler,
  writeComparisonHandler,
} from '../../src/taskpane/handlers';
import { SCENARIO_NAMESPACE, unwrapDocument, wrapDocument } from '../../src/workbook/document-xml';
import { readCustomXmlParts, writeCustomXmlParts } from '../../src/workbook/custom-xml';
import { EnginePort } from '../../src/workbook/engine-port';
import { flagshipFunding } from '../helpers/flagship-funding';
import { expectClose } from '../helpers/tolerance';

const T0 = '2026-01-31T08:00:00.000Z';

async function flagship(): Promise<EnginePort> {
  return EnginePort.fromBytes(await workbookBytes(buildFlagshipWorkbook().workbook));
}

/** Inputs from defined names; outputs from "selected" cells (central support, bank loan, loan payment). */
async function withModel(port: EnginePort): Promise<PaneState> {
  const names = await port.definedNames();
  let state = await openPane(port);
  state = await addFromNames(
    port,
    state,
    names.filter((n) => ['sewage_fee', 'central_cap', 'loan_years'].includes(n.name)),
    'input'
  );
  for (const ref of ["'评价'!C5", "'评价'!C7", "'投资与融资'!C13"]) {
    port.setSelection(ref);
    state = await addFromSelection(port, state, 'output');
  }
  return state;
}

const idOf = (state: PaneState, ref: string): string => state.store.doc.model.inputs.find((i) => i.ref === ref)!.id;

describe('EnginePort on the flagship workbook', () => {
  it('lists the 假设 inputs as defined names and reads them', async () => {
    const port = await flagship();
    const names = await port.definedNames();
    // Where the builder put the input, as Excel stores it ('假设'!$C$29), and as the port gives it (假设!C29).
    const model = (
      buildFlagshipWorkbook().workbook.definedNames as unknown as { model: { name: string; ranges: string[] }[] }
    ).model;
    const stored = model.find((n) => n.name === 'sewage_fee')!.ranges[0];
    expect(names.find((n) => n.name === 'sewage_fee')).toEqual({
      name: 'sewage_fee',
      ref: stored.replace(/'/g, '').replace(/\$/g, ''),
    });
    expect(names.some((n) => n.name === 'bond_repayment')).toBe(false); // a range, not a cell
    expect(await port.readValues(['sewage_fee', 'central_cap'])).toEqual([1.75, 50_000_000]);
    expect(await port.readContents(['central_cap'])).toEqual([{ formula: '=_xldudf_REUSE_POLICY("central.cap")' }]);
  });

  it('applies scenarios, matches an independent calculation, restores formulas, compares and writes the sheet', async () => {
    const port = await flagship();
    let state = await withModel(port);
    expect(state.store.doc.model.outputs.map((o) => [o.ref, o.numberFormat])).toEqual([
      ['评价!C5', '#,##0'],
      ['评价!C7', '#,##0'],
      ['投资与融资!C13', '#,##0'],
    ]);
    state = await createScenario(port, state, { name: '基准 Base', bureau: '财政局' }, T0);
    state = await createScenario(port, state, { name: 'Bigger grant' }, T0);
    state = await editScenario(port, state, 's2', { values: { [idOf(state, 'central_cap')]: 80_000_000 } }, T0);
    state = await createScenario(port, state, { name: '20-year loan' }, T0);
    state = await editScenario(port, state, 's3', { values: { [idOf(state, 'loan_years')]: 20 } }, T0);

    // Independent (test/helpers/flagship-funding.ts): central = min(capex × 60 %, cap); the loan is the balance with its construction interest.
    const at80 = flagshipFunding({ cap: 80e6 });
    state = await applyHandler(port, state, 's2');
    expectClose(state.appliedOutputs![0] as number, 80e6);
    expectClose(state.appliedOutputs![1] as number, at80.loan);
    expectClose(state.appliedOutputs![2] as number, at80.payment);
    state = await applyHandler(port, state, 's3');
    expectClose(state.appliedOutputs![1] as number, flagshipFunding().loan);
    expectClose(state.appliedOutputs![2] as number, flagshipFunding({ years: 20 }).payment);
    state = await restoreHandler(port, state);
    expect(await port.readContents(['central_cap', 'loan_years'])).toEqual([
      { formula: '=_xldudf_REUSE_POLICY("central.cap")' },
      { value: 15 },
    ]);

    state = await compareHandler(port, state, ['s1', 's2', 's3'], { baseId: 's1' });
    const c = state.comparison!;
    expectClose(c.outputs[1].diffs[1]!, at80.loan - flagshipFunding().loan); // 60 % of the extra 30 M is expected, less the interest it saves
    const name = await writeComparisonHandler(port, c, 'zh-CN', T0);
    expect(name).toBe('情景比较 2026-01-31');
    expect(port.sheetNames()).toContain(name);
    expect(await port.readValues([`'${name}'!A1`])).toEqual(['情景比较']);
    expect(await port.readValues([`'${name}'!C11`])).toEqual([expect.any(Number)]);

    // Save → bytes → reopen: the same scenarios, the comparison sheet, the user's own values.
    const bytes = await port.toBytes();
    const again = await EnginePort.fromBytes(bytes);
    const reopened = await openPane(again);
    expect(reopened.store.readOnly).toBeUndefined();
    expect(reopened.store.doc).toEqual(state.store.doc);
    expect(again.sheetNames()).toContain(name);
    // Read by ExcelJS, an independent reader: the sheet, its bold title, the output's number format.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const ws = book.getWorksheet(name)!;
    expect(ws.getCell('A1').value).toBe('情景比较');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('C14').numFmt).toBe('#,##0'); // the first output, central support
    expect(ws.views[0]).toMatchObject({ state: 'frozen' });
    expect(book.getWorksheet('假设')!.getCell('C29').value).toBe(1.75);
    expect(await again.readValues(['central_cap', "'评价'!C5"])).toEqual([50e6, 50e6]);
  });

  it('stores the part exactly as Excel does, and saving twice gives identical part bytes', async () => {
    const port = await flagship();
    let state = await withModel(port);
    state = await createScenario(port, state, { name: '<img src=x onerror=alert(1)>', note: '"&<>' }, T0);
    const a = await port.toBytes();
    await port.saveDocument(serialiseDocument(state.store.doc)); // an unchanged save
    const b = await port.toBytes();
    const za = await JSZip.loadAsync(a);
    const zb = await JSZip.loadAsync(b);
    for (const part of ['customXml/item1.xml', 'customXml/itemProps1.xml', 'customXml/_rels/item1.xml.rels']) {
      expect(await zb.file(part)!.async('uint8array')).toEqual(await za.file(part)!.async('uint8array'));
    }
    const item = await za.file('customXml/item1.xml')!.async('string');
    expect(item).toBe(wrapDocument(serialiseDocument(state.store.doc)));
    expect(item).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const props = await za.file('customXml/itemProps1.xml')!.async('string');
    expect(props).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8" standalone="no"\?>\n<ds:datastoreItem ds:itemID="\{[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\}" xmlns:ds="http:\/\/schemas.openxmlformats.org\/officeDocument\/2006\/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="urn:reuse-finance:scenarios:1"\/><\/ds:schemaRefs><\/ds:datastoreItem>$/
    );
    expect(await za.file('customXml/_rels/item1.xml.rels')!.async('string')).toContain(
      'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps1.xml"'
    );
    expect(await za.file('xl/_rels/workbook.xml.rels')!.async('string')).toMatch(
      /<Relationship Id="rId\d+" Type="http:\/\/schemas.openxmlformats.org\/officeDocument\/2006\/relationships\/customXml" Target="..\/customXml\/item1.xml"\/>/
    );
    const types = await za.file('[Content_Types].xml')!.async('string');
    expect(types).toContain(
      '<Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/>'
    );
    expect(types).toContain('<Default Extension="xml" ContentType="application/xml"/>');
    // The item id survives a reload, so Excel sees the same part.
    const reread = await readCustomXmlParts(b);
    const again = await EnginePort.fromBytes(b);
    const c = await JSZip.loadAsync(await again.toBytes());
    expect(await c.file('customXml/itemProps1.xml')!.async('string')).toBe(props);
    expect(reread[0].itemId).toMatch(/^\{[0-9A-F-]{36}\}$/);
  });

  it("keeps other add-ins' custom XML parts and opens a damaged part of ours read-only, untouched", async () => {
    const base = await workbookBytes(buildFlagshipWorkbook().workbook);
    const damaged = wrapDocument('{"schemaVersion":1,');
    const other =
      '<?xml version="1.0"?><b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography"/>';
    const bytes = await writeCustomXmlParts(base, [{ xml: other }, { xml: damaged }]);
    const port = await EnginePort.fromBytes(bytes);
    const state = await openPane(port);
    expect(state.store.readOnly?.en).toMatch(/not valid JSON/);
    await expect(createScenario(port, state, { name: 'x' }, T0)).rejects.toThrow(/not be overwritten/);
    const parts = await readCustomXmlParts(await port.toBytes());
    expect(parts.map((p) => p.xml)).toEqual([other, damaged]);
    expect(unwrapDocument(parts[1].xml)).toEqual({ json: '{"schemaVersion":1,' });
    expect(SCENARIO_NAMESPACE).toBe('urn:reuse-finance:scenarios:1');
  });
});
