/**
 * The Office WorkbookPort against office-addin-mock (test/helpers/excel-mock.ts keeps the
 * workbook's state between syncs): round trips counted (applying a scenario takes at most 3
 * `context.sync` calls for 1 or 100 inputs and outputs), values and formulas restored, text
 * never written as a formula, the custom XML part round trip (byte-identical when unchanged),
 * and invalid or newer content opened read-only and never overwritten.
 */
import { SCENARIO_NAMESPACE, wrapDocument } from '../../../src/workbook/document-xml';
import { OfficePort, toCellValue, toExcelInput } from '../../../src/workbook/office-port';
import { serialiseDocument } from '../../../src/scenarios/document';
import { ReadOnlyError, loadStore, saveStore } from '../../../src/scenarios/store';
import { addInputs, addOutputs, applyScenario, captureScenario, restoreInputs } from '../../../src/scenarios/operations';
import { emptyDocument } from '../../../src/scenarios/types';
import { openPane, createScenario, writeComparisonHandler } from '../../../src/taskpane/handlers';
import { buildComparison } from '../../../src/scenarios/compare';
import { MockExcel, MockWorkbookInit } from '../../helpers/excel-mock';

const T0 = '2026-01-31T08:00:00.000Z';

function setup(init: MockWorkbookInit = {}) {
  const excel = new MockExcel(init);
  const port = new OfficePort({ run: excel.run, displayLanguage: () => 'zh-CN' });
  return { excel, port };
}

/** n inputs on 假设!A1…An and n outputs on 评价!A1…An, output k = 2 × input k (+ a named fee). */
function wide(n: number) {
  const values: Record<string, number> = { '假设!Z1': 1.75 };
  const formulas: Record<string, [string, (get: (k: string) => any) => any]> = {};
  for (let k = 1; k <= n; k++) {
    values[`假设!A${k}`] = k;
    formulas[`评价!A${k}`] = [`=2*假设!A${k}`, (get) => 2 * get(`假设!A${k}`) + 0 * get('假设!Z1')];
  }
  const { excel, port } = setup({ values, formulas, names: { sewage_fee: "'假设'!$Z$1" } });
  let doc = addInputs(emptyDocument(), Array.from({ length: n }, (_, i) => ({ ref: `假设!A${i + 1}` })));
  doc = addOutputs(doc, Array.from({ length: n }, (_, i) => ({ ref: `评价!A${i + 1}` })));
  return { excel, port, doc };
}

describe('OfficePort: batching', () => {
  it.each([1, 100])('applying a scenario with %i inputs and outputs takes at most 3 syncs', async (n) => {
    const { excel, port, doc: d0 } = wide(n);
    const { doc, scenario } = await captureScenario(port, d0, { name: 'x' }, T0);
    expect(excel.syncs).toBe(1); // capture: one read of every input
    const s = { ...scenario, values: Object.fromEntries(Object.keys(scenario.values).map((id, k) => [id, 100 + k])) };
    excel.syncs = 0;
    const applied = await applyScenario(port, doc, s);
    expect(excel.syncs).toBeLessThanOrEqual(3);
    expect(applied.outputs).toEqual(Array.from({ length: n }, (_, k) => 2 * (100 + k)));
    expect(excel.calculations).toEqual(['Recalculate']);
    excel.syncs = 0;
    await restoreInputs(port, applied.restore);
    expect(excel.syncs).toBe(1);
    expect(excel.get('评价!A1')).toBe(2);
  });

  it('reads 100 values in one sync, errors as error values', async () => {
    const { excel, port } = wide(100);
    excel.cells.set('评价!B1', { value: null, error: '#DIV/0!' });
    const refs = [...Array.from({ length: 100 }, (_, k) => `评价!A${k + 1}`), '评价!B1', 'sewage_fee', '假设!Q9'];
    const values = await port.readValues(refs);
    expect(excel.syncs).toBe(1);
    expect(values.slice(0, 3)).toEqual([2, 4, 6]);
    expect(values.slice(100)).toEqual([{ error: '#DIV/0!' }, 1.75, null]);
  });

  it('restores a formula that was in an input cell, not just its value', async () => {
    const { excel, port } = setup({ values: { 'S!A1': 3 }, formulas: { 'S!B1': ['=POLICY("central.cap")', () => 50], 'S!C1': ['=S!B1*2', (g) => (g('S!B1') as number) * 2] } });
    let doc = addInputs(emptyDocument(), [{ ref: 'S!B1' }]);
    doc = addOutputs(doc, [{ ref: 'S!C1' }]);
    const s = { id: 's1', name: 'x', note: '', bureau: '', author: '', created: T0, modified: T0, values: { in1: 80 } };
    const a = await applyScenario(port, doc, s);
    expect(a.restore.contents.get('S!B1')).toEqual({ formula: '=POLICY("central.cap")' });
    expect(a.outputs).toEqual([160]);
    await restoreInputs(port, a.restore);
    expect(excel.cells.get('S!B1')?.formula).toBe('=POLICY("central.cap")');
  });

  it('writes text as text: a scenario value starting with = never becomes a formula', async () => {
    const { excel, port } = setup({ values: { 'S!A1': 'old' } });
    await port.write([{ ref: 'S!A1', contents: { value: '=WEBSERVICE("http://x")' } }]);
    expect(excel.cells.get('S!A1')).toMatchObject({ value: '=WEBSERVICE("http://x")', formula: undefined });
    expect(toExcelInput('001')).toBe("'001");
    expect(toExcelInput(5)).toBe(5);
    expect(toCellValue('#N/A', 'Error')).toEqual({ error: '#N/A' });
    expect(toCellValue('', 'Empty')).toBeNull();
  });

  it('rejects ranges and malformed refs before anything reaches Excel', async () => {
    const { excel, port } = setup({ values: { 'S!A1': 1 } });
    await expect(port.readValues(['S!A1:B2'])).rejects.toMatchObject({ code: 'not-a-cell' });
    await expect(port.readValues(['=1+1'])).rejects.toMatchObject({ code: 'bad-ref' });
    await expect(port.readValues(['Nope!A1'])).rejects.toMatchObject({ code: 'missing-ref' });
    expect(excel.syncs).toBe(0);
  });

  it('lists visible single-cell defined names, normalised, and reads the selection', async () => {
    const { port } = setup({
      values: { '假设!C5': 1 },
      names: { sewage_fee: "'假设'!$C$5", repayment: "'假设'!$H$5:$H$24", _xlnm_x: 'S!A1', '_xlnm.Print_Area': "'假设'!$A$1:$E$9" },
      hiddenNames: { secret: "'假设'!$C$6" },
      selection: "'评价'!C5:C7",
    });
    expect(await port.definedNames()).toEqual([{ name: '_xlnm_x', ref: 'S!A1' }, { name: 'sewage_fee', ref: '假设!C5' }]);
    expect(await port.selection()).toBe('评价!C5:C7');
    expect(port.displayLanguage()).toBe('zh-CN');
  });

  it('adds a comparison sheet with text-safe values, number formats and a unique name, in 2 syncs', async () => {
    const { excel, port } = setup({ values: { 'Scenarios 2026-01-31!A1': 1 } });
    const doc = addOutputs(emptyDocument(), [{ ref: 'x', label: '=cmd|/c calc', numberFormat: '#,##0' }]);
    const s = { id: 's1', name: 'A', note: '', bureau: '', author: '', created: T0, modified: T0, values: {} };
    const name = await writeComparisonHandler(port, buildComparison(doc, [s], [[1234.5]], 0, false), 'en-US', T0);
    expect(name).toBe('Scenarios 2026-01-31 (2)');
    expect(excel.syncs).toBe(2);
    const added = excel.addedSheets[0];
    const values = added.values as unknown[][];
    expect(values.flat()).toContain("'=cmd|/c calc");
    expect(values.flat()).toContain(1234.5);
    expect((added.numberFormat as string[][]).flat()).toContain('#,##0');
    expect(added.bold.length).toBeGreaterThan(0);
  });
});

describe('OfficePort: the custom XML part', () => {
  const doc = addOutputs(addInputs(emptyDocument(), [{ ref: 'sewage_fee', label: '污水处理费 <&>' }]), [{ ref: "'评价'!C5" }]);

  it('round-trips the document through one part in our namespace', async () => {
    const { excel, port } = setup({ values: { '假设!C5': 1.75 }, names: { sewage_fee: "'假设'!$C$5" } });
    expect(await port.loadDocument()).toBeUndefined();
    const json = serialiseDocument(doc);
    await port.saveDocument(json);
    expect(excel.parts).toHaveLength(1);
    expect(excel.parts[0].namespace).toBe(SCENARIO_NAMESPACE);
    expect(excel.parts[0].xml).toBe(wrapDocument(json));
    expect(excel.parts[0].xml).toContain('&lt;&amp;&gt;');
    expect(await port.loadDocument()).toEqual({ json });
    const state = await loadStore(port);
    expect(state.doc).toEqual(doc);
    expect(state.readOnly).toBeUndefined();
  });

  it('saving twice without changes leaves the part byte-identical and writes nothing', async () => {
    const { excel, port } = setup({ values: { '假设!C5': 1.75 }, names: { sewage_fee: "'假设'!$C$5" } });
    let state = await openPane(port);
    state = await createScenario(port, state, { name: '基准 Base', bureau: '财政局' }, T0);
    const xml = excel.parts[0].xml;
    expect(excel.partWrites).toEqual(['add']);
    await port.saveDocument(serialiseDocument(state.store.doc));
    const reopened = await loadStore(port);
    await saveStore(port, { ...reopened, saved: undefined });
    expect(excel.parts[0].xml).toBe(xml);
    expect(excel.partWrites).toEqual(['add']);
    // A real change replaces the part's XML in place (still one part).
    await saveStore(port, { ...reopened, doc: { ...reopened.doc, scenarios: [] } });
    expect(excel.partWrites).toEqual(['add', 'setXml']);
    expect(excel.parts).toHaveLength(1);
  });

  it.each([
    ['invalid JSON', wrapDocument('{"schemaVersion":1,"model":')],
    ['a newer schemaVersion', wrapDocument(JSON.stringify({ schemaVersion: 3, model: {}, scenarios: [], future: true }))],
    ['a valid JSON that breaks the schema', wrapDocument(JSON.stringify({ schemaVersion: 1, model: { inputs: 'x', outputs: [] }, scenarios: [] }))],
    ['markup inside the part', `<scenarios xmlns="${SCENARIO_NAMESPACE}"><x>{}</x></scenarios>`],
  ])('%s → read-only with a bilingual reason, and the part is never overwritten', async (_, xml) => {
    const { excel, port } = setup({ values: { '假设!C5': 1.75 }, names: { sewage_fee: "'假设'!$C$5" }, parts: [{ namespace: SCENARIO_NAMESPACE, xml }] });
    const state = await openPane(port);
    expect(state.store.readOnly?.en).toMatch(/not be overwritten/);
    expect(state.store.readOnly?.zh).toMatch(/不会覆盖/);
    await expect(saveStore(port, { ...state.store, doc })).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(createScenario(port, state, { name: 'x' }, T0)).rejects.toBeInstanceOf(ReadOnlyError);
    expect(excel.parts[0].xml).toBe(xml);
    expect(excel.partWrites).toEqual([]);
  });

  it('ignores other add-ins\' parts', async () => {
    const other = '<data xmlns="urn:other">{"schemaVersion":1}</data>';
    const { excel, port } = setup({ values: { 'S!A1': 1 }, parts: [{ namespace: 'urn:other', xml: other }] });
    expect(await port.loadDocument()).toBeUndefined();
    await port.saveDocument(serialiseDocument(doc));
    expect(excel.parts.map((p) => p.namespace)).toEqual(['urn:other', SCENARIO_NAMESPACE]);
    expect(excel.parts[0].xml).toBe(other);
  });
});
