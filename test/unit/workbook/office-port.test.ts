/**
 * The Office WorkbookPort against office-addin-mock (test/helpers/excel-mock.ts keeps the
 * workbook's state between syncs): round trips counted (applying a scenario takes 3
 * `context.sync` calls for 1 or 100 inputs and outputs when Excel has finished calculating by the
 * first read, one more per re-read while it calculates), outputs that depend on custom functions
 * read only once Excel has their results, values and formulas restored, text
 * never written as a formula, the custom XML part round trip (byte-identical when unchanged),
 * and invalid or newer content opened read-only and never overwritten.
 */
import { SCENARIO_NAMESPACE, wrapDocument } from '../../../src/workbook/document-xml';
import {
  DocumentTooLargeError,
  MAX_DOCUMENT_REQUEST_BYTES,
  OfficePort,
  SeveralAreasError,
  isFormula,
  requestBytes,
  toCellValue,
  toExcelInput,
} from '../../../src/workbook/office-port';
import { compareScenarios } from '../../../src/scenarios/compare';
import { serialiseDocument } from '../../../src/scenarios/document';
import { ReadOnlyError, loadStore, saveStore } from '../../../src/scenarios/store';
import {
  addInputs,
  addOutputs,
  applyScenario,
  captureScenario,
  restoreInputs,
} from '../../../src/scenarios/operations';
import { emptyDocument } from '../../../src/scenarios/types';
import { openPane, createScenario, writeComparisonHandler } from '../../../src/taskpane/handlers';
import { buildComparison } from '../../../src/scenarios/compare';
import { MockExcel, MockWorkbookInit } from '../../helpers/excel-mock';

const T0 = '2026-01-31T08:00:00.000Z';

/** A fake clock: pauses advance it instead of waiting (no timing in tests). */
function fakeClock() {
  const clock = { t: 0, pauses: [] as number[] };
  return {
    clock,
    now: () => clock.t,
    sleep: async (ms: number) => void (clock.pauses.push(ms), (clock.t += Math.max(ms, 1))),
  };
}

function setup(init: MockWorkbookInit = {}, settleMs?: number) {
  const excel = new MockExcel(init);
  const { clock, now, sleep } = fakeClock();
  const port = new OfficePort({ run: excel.run, displayLanguage: () => 'zh-CN', now, sleep, settleMs });
  return { excel, port, clock };
}

/**
 * n inputs on 假设!A1…An and n outputs on 评价!A1…An, output k = 2 × input k (+ a named fee).
 * With `custom`, each output goes through a custom function (=REUSE.X(…)*2), whose result Excel
 * gets from the add-in's runtime after answering the batch (the mock: `customFunctionDelay` syncs).
 */
function wide(
  n: number,
  custom?: Pick<MockWorkbookInit, 'customFunctionDelay' | 'customFunctionDisplay'>,
  settleMs?: number
) {
  const values: Record<string, number> = { '假设!Z1': 1.75 };
  const formulas: Record<string, [string, (get: (k: string) => any) => any]> = {};
  for (let k = 1; k <= n; k++) {
    values[`假设!A${k}`] = k;
    if (custom) {
      formulas[`计算!A${k}`] = [`=REUSE.X(假设!A${k})`, (get) => get(`假设!A${k}`)];
      formulas[`评价!A${k}`] = [`=计算!A${k}*2`, (get) => 2 * get(`计算!A${k}`) + 0 * get('假设!Z1')];
    } else formulas[`评价!A${k}`] = [`=2*假设!A${k}`, (get) => 2 * get(`假设!A${k}`) + 0 * get('假设!Z1')];
  }
  const { excel, port, clock } = setup({ values, formulas, names: { sewage_fee: "'假设'!$Z$1" }, ...custom }, settleMs);
  let doc = addInputs(
    emptyDocument(),
    Array.from({ length: n }, (_, i) => ({ ref: `假设!A${i + 1}` }))
  );
  doc = addOutputs(
    doc,
    Array.from({ length: n }, (_, i) => ({ ref: `评价!A${i + 1}` }))
  );
  return { excel, port, doc, clock };
}

/** A scenario over wide(n)'s inputs: input k = base + k. */
const scenarioOf = (doc: ReturnType<typeof wide>['doc'], id: string, base: number) => ({
  id,
  name: id,
  note: '',
  bureau: '',
  author: '',
  created: T0,
  modified: T0,
  values: Object.fromEntries(doc.model.inputs.map((i, k) => [i.id, base + k])),
});

describe('OfficePort: batching', () => {
  it.each([1, 100])('applying a scenario with %i inputs and outputs takes 3 syncs', async (n) => {
    const { excel, port, doc: d0 } = wide(n);
    const { doc, scenario } = await captureScenario(port, d0, { name: 'x' }, T0);
    expect(excel.syncs).toBe(1); // capture: one read of every input
    const s = { ...scenario, values: Object.fromEntries(Object.keys(scenario.values).map((id, k) => [id, 100 + k])) };
    excel.syncs = 0;
    const applied = await applyScenario(port, doc, s);
    expect(excel.syncs).toBe(3); // what the inputs held; write + recalculate; calculation state + outputs
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
    const { excel, port } = setup({
      values: { 'S!A1': 3 },
      formulas: { 'S!B1': ['=POLICY("central.cap")', () => 50], 'S!C1': ['=S!B1*2', (g) => (g('S!B1') as number) * 2] },
    });
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
      names: {
        sewage_fee: "'假设'!$C$5",
        repayment: "'假设'!$H$5:$H$24",
        _xlnm_x: 'S!A1',
        '_xlnm.Print_Area': "'假设'!$A$1:$E$9",
      },
      hiddenNames: { secret: "'假设'!$C$6" },
      selection: "'评价'!C5:C7",
    });
    expect(await port.definedNames()).toEqual([
      { name: '_xlnm_x', ref: 'S!A1' },
      { name: 'sewage_fee', ref: '假设!C5' },
    ]);
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

describe('OfficePort: outputs that depend on custom functions (their results arrive after the batch)', () => {
  it.each([1, 100])('%i outputs are read once Excel has the results, not as #BUSY!, in 3 syncs', async (n) => {
    const { excel, port, doc, clock } = wide(n, { customFunctionDelay: 1 });
    const applied = await applyScenario(port, doc, scenarioOf(doc, 's1', 100));
    // output k = 2 × REUSE.X(input k) = 2 × (100 + k − 1), k = 1…n
    expect(applied.outputs).toEqual(Array.from({ length: n }, (_, k) => 2 * (100 + k)));
    // what the inputs held; write + recalculate; (pause) state "Done" + outputs
    expect(excel.syncs).toBe(3);
    expect(clock.pauses).toEqual([0]); // one yield before the first read, so the functions can run
  });

  it('while Excel still calculates, reads again after a pause: one more sync per read', async () => {
    const { excel, port, doc, clock } = wide(3, { customFunctionDelay: 3 });
    const applied = await applyScenario(port, doc, scenarioOf(doc, 's1', 10));
    expect(applied.outputs).toEqual([20, 22, 24]);
    // 2 syncs before the reads; results arrive at the 3rd sync after the recalculation → reads 3, 4, 5
    expect(excel.syncs).toBe(5);
    expect(clock.pauses).toEqual([0, 20, 50]);
  });

  it('a comparison shows each scenario its own numbers when Excel keeps the previous value meanwhile', async () => {
    const { port, doc } = wide(2, { customFunctionDisplay: 'stale' });
    const withScenarios = { ...doc, scenarios: [scenarioOf(doc, 's1', 10), scenarioOf(doc, 's2', 50)] };
    const c = await compareScenarios(port, withScenarios, ['s1', 's2']);
    // s1: 2 × 10, 2 × 11; s2: 2 × 50, 2 × 51 (not s1's numbers again)
    expect(c.scenarios.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(c.outputs.map((o) => o.values)).toEqual([
      [20, 100],
      [22, 102],
    ]);
  });

  it('gives up after the time limit: every output #BUSY!, never a number that may be stale; the inputs can be restored', async () => {
    const { excel, port, doc, clock } = wide(
      2,
      { customFunctionDelay: Infinity, customFunctionDisplay: 'stale' },
      1000
    );
    const applied = await applyScenario(port, doc, scenarioOf(doc, 's1', 10));
    expect(applied.outputs).toEqual([{ error: '#BUSY!' }, { error: '#BUSY!' }]);
    expect(clock.t).toBeGreaterThanOrEqual(1000);
    expect(applied.restore.contents.get('假设!A1')).toEqual({ value: 1 });
    await restoreInputs(port, applied.restore);
    expect([excel.get('假设!A1'), excel.get('假设!A2')]).toEqual([1, 2]);
  });
});

describe('OfficePort: the selection', () => {
  it('several selected areas give a clear bilingual reason, not a raw host error', async () => {
    const { port } = setup({ values: { 'S!A1': 1 }, selection: 'S!A1:A3,S!C5' });
    const err = await port.selection().catch((e) => e);
    expect(err).toBeInstanceOf(SeveralAreasError);
    expect(err.code).toBe('not-a-cell');
    expect(err.reason.en).toMatch(/Several areas are selected/);
    expect(err.reason.zh).toMatch(/多个区域/);
    expect(await setup({ values: { 'S!A1': 1 }, selection: "'评价'!C5:C7" }).port.selection()).toBe('评价!C5:C7');
  });
});

describe('OfficePort: text that looks like a formula', () => {
  it('Excel\'s formulas of a text cell typed \'=see note is "=see note": restored as text, not as a formula', async () => {
    const { excel, port } = setup({
      values: { 'S!A1': '=see note', 'S!A2': 3 },
      formulas: { 'S!B1': ['=S!A2*2', (g) => (g('S!A2') as number) * 2] },
    });
    // The mock gives what Excel gives: formulas "=see note", values "=see note", valueTypes String.
    let doc = addInputs(emptyDocument(), [{ ref: 'S!A1' }, { ref: 'S!A2' }]);
    doc = addOutputs(doc, [{ ref: 'S!B1' }]);
    const s = {
      id: 's1',
      name: 'x',
      note: '',
      bureau: '',
      author: '',
      created: T0,
      modified: T0,
      values: { in1: 'other', in2: 4 },
    };
    const a = await applyScenario(port, doc, s);
    expect(a.restore.contents.get('S!A1')).toEqual({ value: '=see note' });
    expect(await port.readContents(['S!B1', 'S!A1'])).toEqual([{ formula: '=S!A2*2' }, { value: 'other' }]);
    await restoreInputs(port, a.restore);
    expect(excel.cells.get('S!A1')).toMatchObject({ value: '=see note', formula: undefined });
    expect(excel.cells.get('S!A1')?.error).toBeUndefined();
  });

  it.each<[unknown, unknown, boolean]>([
    ['=A1*2', 6, true],
    ['=see note', '=see note', false],
    ['="=x"', '=x', true],
    ['12', 12, false],
    ['', '', false],
  ])('isFormula(%j, value %j) is %s', (f, v, expected) => {
    expect(isFormula(f, v)).toBe(expected);
  });
});

describe('OfficePort: the custom XML part', () => {
  const doc = addOutputs(addInputs(emptyDocument(), [{ ref: 'sewage_fee', label: '污水处理费 <&>' }]), [
    { ref: "'评价'!C5" },
  ]);

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
    [
      'a newer schemaVersion',
      wrapDocument(JSON.stringify({ schemaVersion: 3, model: {}, scenarios: [], future: true })),
    ],
    [
      'a valid JSON that breaks the schema',
      wrapDocument(JSON.stringify({ schemaVersion: 1, model: { inputs: 'x', outputs: [] }, scenarios: [] })),
    ],
    ['markup inside the part', `<scenarios xmlns="${SCENARIO_NAMESPACE}"><x>{}</x></scenarios>`],
  ])('%s → read-only with a bilingual reason, and the part is never overwritten', async (_, xml) => {
    const { excel, port } = setup({
      values: { '假设!C5': 1.75 },
      names: { sewage_fee: "'假设'!$C$5" },
      parts: [{ namespace: SCENARIO_NAMESPACE, xml }],
    });
    const state = await openPane(port);
    expect(state.store.readOnly?.en).toMatch(/not be overwritten/);
    expect(state.store.readOnly?.zh).toMatch(/不会覆盖/);
    await expect(saveStore(port, { ...state.store, doc })).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(createScenario(port, state, { name: 'x' }, T0)).rejects.toBeInstanceOf(ReadOnlyError);
    expect(excel.parts[0].xml).toBe(xml);
    expect(excel.partWrites).toEqual([]);
  });

  it("ignores other add-ins' parts", async () => {
    const other = '<data xmlns="urn:other">{"schemaVersion":1}</data>';
    const { excel, port } = setup({ values: { 'S!A1': 1 }, parts: [{ namespace: 'urn:other', xml: other }] });
    expect(await port.loadDocument()).toBeUndefined();
    await port.saveDocument(serialiseDocument(doc));
    expect(excel.parts.map((p) => p.namespace)).toEqual(['urn:other', SCENARIO_NAMESPACE]);
    expect(excel.parts[0].xml).toBe(other);
  });
  it('writes the part without an XML declaration, and an unchanged document stored with one is not rewritten', async () => {
    const json = serialiseDocument(doc);
    const { excel, port } = setup({ values: { 'S!A1': 1 } });
    await port.saveDocument(json);
    expect(excel.parts[0].xml).toMatch(/^<scenarios xmlns="urn:reuse-finance:scenarios:1">/);
    const declared = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${wrapDocument(json)}`;
    const other = setup({ values: { 'S!A1': 1 }, parts: [{ namespace: SCENARIO_NAMESPACE, xml: declared }] });
    await other.port.saveDocument(json);
    expect(other.excel.partWrites).toEqual([]);
    expect(other.excel.parts[0].xml).toBe(declared);
  });

  it("a document over the web's 5 MB request limit is refused before anything is sent, with a bilingual reason; the stored part stays", async () => {
    const stored = wrapDocument(serialiseDocument(doc));
    const { excel, port } = setup({
      values: { 'S!A1': 1 },
      parts: [{ namespace: SCENARIO_NAMESPACE, xml: stored }],
      payloadLimit: 5_000_000,
    });
    // 2,000,000 Chinese characters: 6 MB as UTF-8 and up to 12 MB as \uXXXX escapes in the request.
    const big = serialiseDocument({
      ...doc,
      scenarios: [
        {
          id: 's1',
          name: '情'.repeat(2_000_000),
          note: '',
          bureau: '',
          author: '',
          created: T0,
          modified: T0,
          values: {},
        },
      ],
    });
    const err = await port.saveDocument(big).catch((e) => e);
    expect(err).toBeInstanceOf(DocumentTooLargeError);
    expect(err.reason.en).toMatch(/too large.*Nothing was changed/);
    expect(err.reason.zh).toMatch(/过大.*未做任何更改/);
    expect(excel.syncs).toBe(0);
    expect(excel.partWrites).toEqual([]);
    expect(excel.parts[0].xml).toBe(stored);
    // Just under the limit (ASCII: one byte each, plus the 2 quotes of the JSON string) is sent, and the mock's 5 MB limit accepts it.
    const wrapperBytes = requestBytes(
      wrapDocument(
        serialiseDocument({
          ...doc,
          scenarios: [{ id: 's1', name: '', note: '', bureau: '', author: '', created: T0, modified: T0, values: {} }],
        })
      )
    );
    const fits = serialiseDocument({
      ...doc,
      scenarios: [
        {
          id: 's1',
          name: 'x'.repeat(MAX_DOCUMENT_REQUEST_BYTES - wrapperBytes),
          note: '',
          bureau: '',
          author: '',
          created: T0,
          modified: T0,
          values: {},
        },
      ],
    });
    expect(requestBytes(wrapDocument(fits))).toBe(MAX_DOCUMENT_REQUEST_BYTES);
    await port.saveDocument(fits);
    expect(excel.partWrites).toEqual(['setXml']);
  });

  it('requestBytes counts ASCII as 1, anything else as a 6-byte escape, plus the quotes', () => {
    expect(requestBytes('ab')).toBe(4);
    expect(requestBytes('情"')).toBe(14);
  });
});
