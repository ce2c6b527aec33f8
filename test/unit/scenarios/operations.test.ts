/**
 * Scenario operations against an in-memory port: capture, edit, duplicate, delete, apply with
 * restore (formulas included), compare with differences to a base, progress and cancel,
 * store load/save (read-only never overwritten, unchanged saves write nothing), and the
 * comparison sheet.
 */
import { buildComparison, compareScenarios, differences } from '../../../src/scenarios/compare';
import { serialiseDocument } from '../../../src/scenarios/document';
import {
  addInputs,
  addOutputs,
  applyScenario,
  captureScenario,
  deleteScenario,
  duplicateScenario,
  nextId,
  removeInput,
  restoreInputs,
  scenarioWrites,
  updateInput,
  updateScenario,
} from '../../../src/scenarios/operations';
import { comparisonSheet } from '../../../src/scenarios/sheet';
import { ReadOnlyError, loadStore, saveStore } from '../../../src/scenarios/store';
import { ScenarioDocument, emptyDocument } from '../../../src/scenarios/types';
import { FakePort } from '../../helpers/fake-port';

const T0 = '2026-01-31T08:00:00.000Z';
const T1 = '2026-02-01T09:30:00.000Z';

/** A tiny model: revenue = volume × fee; loan = capex − grant. */
function model(): { port: FakePort; doc: ScenarioDocument } {
  const port = new FakePort(
    { fee: 1.75, volume: 1000, capex: 270, grant: 50 },
    {
      revenue: (get) => (get('fee') as number) * (get('volume') as number),
      loan: (get) => (get('capex') as number) - (get('grant') as number),
    }
  );
  let doc = addInputs(emptyDocument(), [
    { ref: 'fee', label: 'Sewage fee', unit: '元/m³' },
    { ref: 'grant', label: 'Central grant' },
  ]);
  doc = addOutputs(doc, [
    { ref: 'revenue', label: 'Revenue', numberFormat: '#,##0.00' },
    { ref: 'loan', label: 'Loan' },
  ]);
  return { port, doc };
}

async function withScenarios() {
  const { port, doc: d0 } = model();
  let doc = (await captureScenario(port, d0, { name: 'Base', bureau: '财政局', author: '张三' }, T0)).doc;
  doc = (await captureScenario(port, doc, { name: 'Higher fee' }, T0)).doc;
  doc = updateScenario(doc, 's2', { values: { in1: 2.1 } }, T1);
  doc = (await captureScenario(port, doc, { name: 'Bigger grant' }, T0)).doc;
  doc = updateScenario(doc, 's3', { values: { in2: 80 } }, T1);
  return { port, doc };
}

describe('model and scenario documents', () => {
  it('numbers ids after the highest taken', () => {
    expect(nextId('s', [])).toBe('s1');
    expect(nextId('s', ['s1', 's7', 'x9'])).toBe('s8');
  });

  it('adds inputs and outputs once per reference, normalised', () => {
    let doc = addInputs(emptyDocument(), [
      { ref: "'假设'!$C$5" },
      { ref: '假设!C5' },
      { ref: "'My sheet'!b2", label: ' ' },
    ]);
    expect(doc.model.inputs.map((i) => [i.id, i.ref, i.label])).toEqual([
      ['in1', '假设!C5', '假设!C5'],
      ['in2', "'My sheet'!B2", "'My sheet'!B2"],
    ]);
    expect(() => addInputs(doc, [{ ref: 'A1:B2:C3' }])).toThrow(/not a cell reference/);
    doc = addOutputs(doc, [{ ref: 'npv' }]);
    expect(doc.model.outputs[0]).toEqual({ id: 'out1', ref: 'npv', label: 'npv', unit: '', numberFormat: 'General' });
  });

  it('captures the current input values as a scenario with provenance', async () => {
    const { port, doc } = model();
    const { doc: next, scenario } = await captureScenario(
      port,
      doc,
      { name: ' Base ', bureau: '财政局', author: '张三', note: 'as budgeted' },
      T0
    );
    expect(scenario).toEqual({
      id: 's1',
      name: 'Base',
      note: 'as budgeted',
      bureau: '财政局',
      author: '张三',
      created: T0,
      modified: T0,
      values: { in1: 1.75, in2: 50 },
    });
    expect(next.scenarios).toEqual([scenario]);
    expect(doc.scenarios).toEqual([]); // the old document is untouched
  });

  it('edits move `modified` only when something changed', async () => {
    const { doc } = await withScenarios();
    expect(updateScenario(doc, 's1', { name: 'Base', values: { in1: 1.75 } }, T1)).toBe(doc);
    const edited = updateScenario(doc, 's1', { note: 'new note' }, T1);
    expect(edited.scenarios[0]).toMatchObject({ note: 'new note', created: T0, modified: T1 });
    expect(updateScenario(doc, 's1', { values: { nope: 3 } }, T1)).toBe(doc); // unknown inputs ignored
    expect(updateInput(doc, 'in1', { label: 'Sewage fee' })).toBe(doc);
  });

  it('duplicates right after the original, and deletes', async () => {
    const { doc } = await withScenarios();
    const { doc: d2, scenario } = duplicateScenario(doc, 's2', 'Higher fee (copy)', T1);
    expect(d2.scenarios.map((s) => s.id)).toEqual(['s1', 's2', 's4', 's3']);
    expect(scenario).toMatchObject({
      name: 'Higher fee (copy)',
      created: T1,
      modified: T1,
      values: { in1: 2.1, in2: 50 },
    });
    expect(deleteScenario(d2, 's2').scenarios.map((s) => s.id)).toEqual(['s1', 's4', 's3']);
    expect(deleteScenario(d2, 'nope')).toBe(d2);
  });

  it('removing an input removes its values from every scenario', async () => {
    const { doc } = await withScenarios();
    const d2 = removeInput(doc, 'in1');
    expect(d2.model.inputs.map((i) => i.id)).toEqual(['in2']);
    expect(d2.scenarios.every((s) => !('in1' in s.values))).toBe(true);
  });

  it('writes text as values, never as formulas', () => {
    const doc = addInputs(emptyDocument(), [{ ref: 'region' }]);
    const s = {
      id: 's1',
      name: 'x',
      note: '',
      bureau: '',
      author: '',
      created: T0,
      modified: T0,
      values: { in1: '=HYPERLINK("http://evil")' },
    };
    expect(scenarioWrites(doc, s)).toEqual([{ ref: 'region', contents: { value: '=HYPERLINK("http://evil")' } }]);
  });
});

describe('apply and restore', () => {
  it('applies in one batch and restores the values (and formulas) that were there before', async () => {
    const { port, doc } = await withScenarios();
    port.cells.set('grant', { formula: '=POLICY("central.cap")' });
    port.formulas.set('grant', () => 50);
    const a = await applyScenario(port, doc, doc.scenarios[1]);
    expect(port.calls).toEqual(['readValues', 'readValues', 'readValues', 'apply']);
    expect(a.outputs).toEqual([2100, 220]);
    const b = await applyScenario(port, doc, doc.scenarios[2], a.restore);
    expect(b.outputs).toEqual([1750, 190]);
    expect(b.restore.appliedId).toBe('s3');
    // The restore point keeps the first contents seen: the user's own, not scenario 2's.
    expect(b.restore.contents.get('fee')).toEqual({ value: 1.75 });
    expect(b.restore.contents.get('grant')).toEqual({ formula: '=POLICY("central.cap")' });
    await restoreInputs(port, b.restore);
    expect(port.cells.get('grant')).toEqual({ formula: '=POLICY("central.cap")' });
    expect(port.get('revenue')).toBe(1750);
    expect(port.get('loan')).toBe(220);
  });
});

describe('compare', () => {
  it('compares any set of scenarios with differences to the chosen base, and leaves the workbook as it was', async () => {
    const { port, doc } = await withScenarios();
    port.cells.set('fee', { value: 9.99 }); // the user's own number, not in any scenario
    const c = await compareScenarios(port, doc, ['s2', 's1', 's3'], { baseId: 's1' });
    expect(c.scenarios.map((s) => s.id)).toEqual(['s2', 's1', 's3']);
    expect(c.baseIndex).toBe(1);
    expect(c.outputs[0].values).toEqual([2100, 1750, 1750]);
    expect(c.outputs[0].diffs).toEqual([350, 0, 0]);
    expect(c.outputs[0].ratios[0]).toBeCloseTo(0.2, 12);
    expect(c.outputs[1].values).toEqual([220, 220, 190]);
    expect(c.outputs[1].diffs).toEqual([0, 0, -30]);
    expect(c.inputs.map((r) => r.values)).toEqual([
      [2.1, 1.75, 1.75],
      [50, 50, 80],
    ]);
    expect(port.cells.get('fee')).toEqual({ value: 9.99 });
    expect(port.cells.get('grant')).toEqual({ value: 50 });
  });

  it('reports progress and stops when cancelled, still restoring the inputs', async () => {
    const { port, doc } = await withScenarios();
    const ctrl = new AbortController();
    const seen: [number, number][] = [];
    const c = await compareScenarios(port, doc, ['s1', 's2', 's3'], {
      signal: ctrl.signal,
      onProgress: (done, total) => {
        seen.push([done, total]);
        if (done === 1) ctrl.abort();
      },
    });
    expect(c.cancelled).toBe(true);
    expect(c.scenarios.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(seen).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(port.get('revenue')).toBe(1750);
  });

  it('restores the inputs when a scenario fails half way', async () => {
    const { port, doc } = await withScenarios();
    const apply = port.apply.bind(port);
    let n = 0;
    port.apply = async (w, r) => {
      if (++n === 2) throw new Error('host went away');
      return apply(w, r);
    };
    await expect(compareScenarios(port, doc, ['s2', 's3'])).rejects.toThrow('host went away');
    expect(port.cells.get('fee')).toEqual({ value: 1.75 });
  });

  it('differences only between numbers; ratios only against a non-zero base', () => {
    expect(differences([1, 'x', { error: '#N/A' }, 3], 0)).toEqual({
      diffs: [0, null, null, 2],
      ratios: [0, null, null, 2],
    });
    expect(differences([0, 5], 0)).toEqual({ diffs: [0, 5], ratios: [null, null] });
  });
});

describe('store', () => {
  it('loads nothing as an empty document, saves, and does not write again when nothing changed', async () => {
    const { port, doc } = await withScenarios();
    let state = await loadStore(port);
    expect(state.doc.scenarios).toEqual([]);
    state = await saveStore(port, { ...state, doc });
    expect(port.saves).toBe(1);
    const text = (port.stored as { json: string }).json;
    expect(text).toBe(serialiseDocument(doc));
    state = await saveStore(port, state);
    state = await saveStore(port, { ...state, doc: JSON.parse(JSON.stringify(doc)) });
    expect(port.saves).toBe(1);
    const again = await loadStore(port);
    expect(again.doc).toEqual(doc);
  });

  it('opens invalid or newer content read-only and never overwrites it', async () => {
    for (const json of ['{broken', JSON.stringify({ schemaVersion: 7 })]) {
      const port = new FakePort();
      port.stored = { json };
      const state = await loadStore(port);
      expect(state.readOnly?.en).toMatch(/not be overwritten/);
      expect(state.readOnly?.zh).toMatch(/不会覆盖/);
      await expect(saveStore(port, { ...state, doc: emptyDocument() })).rejects.toBeInstanceOf(ReadOnlyError);
      expect(port.saves).toBe(0);
      expect(port.stored).toEqual({ json });
    }
    const port = new FakePort();
    port.stored = { unreadable: 'unexpected markup inside the root element' };
    expect((await loadStore(port)).readOnly?.en).toMatch(/cannot be read.*unexpected markup/);
  });
});

describe('comparison sheet', () => {
  it('lays out provenance, inputs, outputs with their formats, and differences to the base', async () => {
    const { doc } = await withScenarios();
    const c = buildComparison(
      doc,
      doc.scenarios,
      [
        [1750, 220],
        [2100, 220],
        [1750, 190],
      ],
      0,
      false
    );
    const sheet = comparisonSheet(c, 'en-US', T1);
    expect(sheet.name).toBe('Scenarios 2026-02-01');
    const col = (r: number) => sheet.rows[r].map((x) => x.value);
    const find = (label: string, from = 0) => sheet.rows.findIndex((r, i) => i >= from && r[0]?.value === label);
    expect(col(find('Item'))).toEqual(['Item', 'Unit', 'Base (base)', 'Higher fee', 'Bigger grant']);
    expect(col(find('Bureau'))).toEqual(['Bureau', '', '财政局', '', '']);
    expect(col(find('Sewage fee'))).toEqual(['Sewage fee', '元/m³', 1.75, 2.1, 1.75]);
    const rev = find('Revenue');
    expect(col(rev)).toEqual(['Revenue', '', 1750, 2100, 1750]);
    expect(sheet.rows[rev][3].numberFormat).toBe('#,##0.00');
    expect(col(find('Revenue', rev + 1))).toEqual(['Revenue', '', 0, 350, 0]);
    expect(comparisonSheet(c, 'zh-CN', T1).rows[0][0].value).toBe('情景比较');
  });
});
