/**
 * Scenarios moving between two real workbooks: two copies of the flagship (src/examples/
 * flagship.ts) held by the engine port, each with its own model setup and scenarios. The
 * finance bureau's copy names its inputs by defined name; the housing bureau's by cell. Moved
 * via the exchange file and straight from the .xlsx, planned (identical skipped, same name
 * renamed after the bureau, differences listed), written, saved and read back: nothing lost,
 * and applying an imported scenario gives the same outputs in both workbooks.
 */
import { workbookBytes } from '../../src/examples/xlsx-bytes';
import { buildFlagshipWorkbook } from '../../src/examples/flagship';
import { parseExchange, readImportSource } from '../../src/scenarios/exchange';
import type { Scenario } from '../../src/scenarios/types';
import {
  PaneState,
  addFromNames,
  addFromSelection,
  applyHandler,
  applyImportHandler,
  createScenario,
  editScenario,
  exportHandler,
  openPane,
  planImportHandler,
} from '../../src/taskpane/handlers';
import { EnginePort } from '../../src/workbook/engine-port';
import { expectClose } from '../helpers/tolerance';

const T0 = '2026-01-31T08:00:00.000Z';
const T1 = '2026-02-01T10:00:00.000Z';
const INPUT_NAMES = ['sewage_fee', 'central_cap', 'loan_years'];
const OUTPUTS = ["'评价'!C5", "'评价'!C7", "'投资与融资'!C13"];

async function flagship(fileName: string): Promise<EnginePort> {
  return EnginePort.fromBytes(await workbookBytes(buildFlagshipWorkbook().workbook), { fileName });
}

/** Model setup: inputs by defined name (finance) or by the cells the names point at (housing). */
async function setup(port: EnginePort, byCell: boolean): Promise<PaneState> {
  const names = (await port.definedNames()).filter((n) => INPUT_NAMES.includes(n.name));
  let state = await openPane(port);
  if (byCell) {
    for (const n of names) {
      port.setSelection(n.ref);
      state = await addFromSelection(port, state, 'input');
    }
  } else state = await addFromNames(port, state, names, 'input');
  for (const ref of OUTPUTS) {
    port.setSelection(ref);
    state = await addFromSelection(port, state, 'output');
  }
  return state;
}

/** Adds a scenario with the given values (by defined name) and bureau. */
async function scenario(
  port: EnginePort,
  state: PaneState,
  name: string,
  bureau: string,
  values: Record<string, number>
): Promise<PaneState> {
  const names = await port.definedNames();
  state = await createScenario(
    port,
    state,
    { name, bureau, author: bureau === '住建局' ? '李四' : '张三', note: `${name} · ${bureau}` },
    T0
  );
  const s = state.store.doc.scenarios[state.store.doc.scenarios.length - 1];
  const patch: Record<string, number> = {};
  for (const [name2, v] of Object.entries(values)) {
    const ref = names.find((n) => n.name === name2)!.ref;
    const input = state.store.doc.model.inputs.find((i) => i.ref === name2 || i.ref === ref)!;
    patch[input.id] = v;
  }
  return editScenario(port, state, s.id, { values: patch }, T1);
}

/** Housing: 基准, 高收费方案 (2.4), 争取中央资金. Finance: 基准 (same), 高收费方案 (2.1). */
async function twoBureaus() {
  const housing = await flagship('住建局模型.xlsx');
  let hs = await setup(housing, true);
  hs = await scenario(housing, hs, '基准', '住建局', {});
  hs = await scenario(housing, hs, '高收费方案', '住建局', { sewage_fee: 2.4 });
  hs = await scenario(housing, hs, '争取中央资金', '住建局', { central_cap: 80e6, loan_years: 20 });
  const finance = await flagship('财政局模型.xlsx');
  let fs = await setup(finance, false);
  fs = await scenario(finance, fs, '基准', '住建局', {});
  fs = await scenario(finance, fs, '高收费方案', '财政局', { sewage_fee: 2.1 });
  return { housing, hs, finance, fs };
}

/** A scenario's values by defined name, whatever refs its model uses. */
async function byName(port: EnginePort, state: PaneState, s: Scenario): Promise<Record<string, unknown>> {
  const names = await port.definedNames();
  const out: Record<string, unknown> = {};
  for (const inp of state.store.doc.model.inputs) {
    const name = INPUT_NAMES.includes(inp.ref) ? inp.ref : (names.find((n) => n.ref === inp.ref)?.name ?? inp.ref);
    if (inp.id in s.values) out[name] = s.values[inp.id];
  }
  return out;
}

async function outputsOf(port: EnginePort, state: PaneState, name: string): Promise<number[]> {
  const s = state.store.doc.scenarios.find((x) => x.name === name)!;
  const applied = await applyHandler(port, state, s.id);
  return applied.appliedOutputs as number[];
}

describe.each(['exchange file', 'xlsx'] as const)('scenarios from the housing bureau to finance, via the %s', (via) => {
  it('plans, imports, saves and reads back with nothing lost', async () => {
    const { housing, hs, finance, fs } = await twoBureaus();

    let bytes: Uint8Array;
    let fileName: string;
    if (via === 'exchange file') {
      const out = exportHandler(hs, housing.fileName(), { bureau: '住建局', author: '李四', version: '0.1.0' }, T1);
      expect(out.fileName).toBe('住建局模型.reuse-scenarios.json');
      const parsed = parseExchange(out.text);
      expect(parsed.ok && parsed.source.provenance).toEqual({
        bureau: '住建局',
        author: '李四',
        sourceWorkbook: '住建局模型.xlsx',
        exported: T1,
        addinVersion: '0.1.0',
      });
      bytes = new TextEncoder().encode(out.text);
      fileName = out.fileName;
    } else {
      bytes = await housing.toBytes();
      fileName = '住建局模型.xlsx';
      const read = await readImportSource(bytes, fileName);
      expect(read.ok && read.source.kind).toBe('workbook');
    }

    const plan = await planImportHandler(finance, fs, bytes, fileName);
    expect(plan.scenarios.map((p) => [p.incoming.name, p.action, p.name])).toEqual([
      ['基准', 'skip', '基准'],
      ['高收费方案', 'rename', '高收费方案（住建局）'],
      ['争取中央资金', 'add', '争取中央资金'],
    ]);
    // Inputs matched through defined names: nothing missing; the one difference with both values.
    expect(plan.missingInputs).toEqual([]);
    expect(plan.scenarios[1].differences.map((d) => [d.ref, d.current, d.incoming])).toEqual([
      ['sewage_fee', 2.1, 2.4],
    ]);
    // Planning wrote nothing.
    expect((await openPane(finance)).store.doc).toEqual(fs.store.doc);

    const imported = await applyImportHandler(finance, fs, plan);
    const names = imported.store.doc.scenarios.map((s) => s.name);
    expect(names).toEqual(['基准', '高收费方案', '高收费方案（住建局）', '争取中央资金']);
    // The finance bureau's own scenarios are untouched.
    expect(imported.store.doc.scenarios.slice(0, 2)).toEqual(fs.store.doc.scenarios);

    // Saved and read back: every imported scenario with its values, note, bureau, author and times.
    const reread = await EnginePort.fromBytes(await finance.toBytes());
    const state = await openPane(reread);
    expect(state.store.readOnly).toBeUndefined();
    for (const [from, to] of [
      ['高收费方案', '高收费方案（住建局）'],
      ['争取中央资金', '争取中央资金'],
    ]) {
      const src = hs.store.doc.scenarios.find((s) => s.name === from)!;
      const dst = state.store.doc.scenarios.find((s) => s.name === to)!;
      expect({ ...dst, id: '', name: '' }).toEqual({ ...src, id: '', name: '', values: dst.values });
      expect(await byName(reread, state, dst)).toEqual(await byName(housing, hs, src));
      // The same outputs in both workbooks.
      const a = await outputsOf(housing, hs, from);
      const b = await outputsOf(reread, state, to);
      a.forEach((v, i) => expectClose(b[i], v));
    }

    // Importing the same again: everything is already there.
    const again = await planImportHandler(reread, state, bytes, fileName);
    expect(again.counts).toEqual({ add: 0, rename: 0, skip: 3 });
  });
});

it('an input the importing model lacks is added when its cell exists, with its values', async () => {
  const { housing, hs } = await twoBureaus();
  const other = await flagship('其他.xlsx');
  let os = await openPane(other);
  const names = (await other.definedNames()).filter((n) => n.name === 'sewage_fee');
  os = await addFromNames(other, os, names, 'input');
  const out = exportHandler(hs, housing.fileName(), { bureau: '住建局', author: '李四', version: '0.1.0' }, T1);
  const plan = await planImportHandler(other, os, new TextEncoder().encode(out.text), out.fileName);
  expect(plan.missingInputs).toHaveLength(2); // central_cap and loan_years, held by cell in the housing model
  expect(plan.missingInputs.every((m) => m.action === 'add')).toBe(true);
  const after = await applyImportHandler(other, os, plan);
  const s = after.store.doc.scenarios.find((x) => x.name === '争取中央资金')!;
  expect(Object.keys(s.values)).toHaveLength(3);
});
