/**
 * Operations on the scenario document and, through a WorkbookPort, on the workbook. The
 * document functions are pure (a new document out, the old one untouched); the workbook
 * functions take the port as an argument.
 *
 * Applying keeps a restore point: what the input cells held (formulas included) before the
 * first scenario was applied, so "restore" always brings back the user's own numbers however
 * many scenarios were tried in between.
 */
import type { CellValue, Contents, WorkbookPort, Write } from '../workbook/port';
import { normaliseRef } from '../workbook/refs';
import { canonicalJson } from './document';
import { InputValue, ModelInput, ModelOutput, Scenario, ScenarioDocument } from './types';

const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/** A patch without its undefined fields (they mean "leave as it is"). */
function defined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The next free id with a prefix: `in3` after `in1`, `in2`. */
export function nextId(prefix: string, taken: Iterable<string>): string {
  let max = 0;
  for (const id of taken) {
    const m = new RegExp(`^${prefix}(\\d+)$`).exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}${max + 1}`;
}

export interface NewItem {
  ref: string;
  label?: string;
  unit?: string;
  numberFormat?: string;
}

/** Adds inputs (a ref already in the model is skipped). Throws on a ref that does not parse. */
export function addInputs(doc: ScenarioDocument, items: NewItem[]): ScenarioDocument {
  const inputs = [...doc.model.inputs];
  for (const it of items) {
    const ref = normaliseRef(it.ref);
    if (!ref) throw new Error(`not a cell reference or defined name: ${it.ref}`);
    if (inputs.some((i) => i.ref === ref)) continue;
    inputs.push({
      id: nextId(
        'in',
        inputs.map((i) => i.id)
      ),
      ref,
      label: (it.label ?? ref).trim() || ref,
      unit: it.unit ?? '',
    });
  }
  return { ...doc, model: { ...doc.model, inputs } };
}

export function addOutputs(doc: ScenarioDocument, items: NewItem[]): ScenarioDocument {
  const outputs = [...doc.model.outputs];
  for (const it of items) {
    const ref = normaliseRef(it.ref);
    if (!ref) throw new Error(`not a cell reference or defined name: ${it.ref}`);
    if (outputs.some((o) => o.ref === ref)) continue;
    outputs.push({
      id: nextId(
        'out',
        outputs.map((o) => o.id)
      ),
      ref,
      label: (it.label ?? ref).trim() || ref,
      unit: it.unit ?? '',
      numberFormat: it.numberFormat || 'General',
    });
  }
  return { ...doc, model: { ...doc.model, outputs } };
}

/** Changes an input's label or unit. Unchanged fields give back the same document. */
export function updateInput(
  doc: ScenarioDocument,
  id: string,
  patch: Partial<Pick<ModelInput, 'label' | 'unit'>>
): ScenarioDocument {
  const inputs = doc.model.inputs.map((i) => (i.id === id ? { ...i, ...defined(patch) } : i));
  return sameJson(inputs, doc.model.inputs) ? doc : { ...doc, model: { ...doc.model, inputs } };
}

export function updateOutput(
  doc: ScenarioDocument,
  id: string,
  patch: Partial<Pick<ModelOutput, 'label' | 'unit' | 'numberFormat'>>
): ScenarioDocument {
  const outputs = doc.model.outputs.map((o) => (o.id === id ? { ...o, ...defined(patch) } : o));
  return sameJson(outputs, doc.model.outputs) ? doc : { ...doc, model: { ...doc.model, outputs } };
}

/** Removes an input, and its value from every scenario. */
export function removeInput(doc: ScenarioDocument, id: string): ScenarioDocument {
  return {
    ...doc,
    model: { ...doc.model, inputs: doc.model.inputs.filter((i) => i.id !== id) },
    scenarios: doc.scenarios.map((s) => {
      if (!Object.prototype.hasOwnProperty.call(s.values, id)) return s;
      const values = { ...s.values };
      delete values[id];
      return { ...s, values };
    }),
  };
}

export function removeOutput(doc: ScenarioDocument, id: string): ScenarioDocument {
  return { ...doc, model: { ...doc.model, outputs: doc.model.outputs.filter((o) => o.id !== id) } };
}

export interface ScenarioMeta {
  name: string;
  note?: string;
  bureau?: string;
  author?: string;
}

/** A value read from a cell as a scenario can store it (an error value becomes empty). */
export function storable(v: CellValue): InputValue {
  return v !== null && typeof v === 'object' ? null : v;
}

/**
 * Reads the current values of the model's inputs as a new scenario and adds it. Returns the
 * new document and the scenario.
 */
export async function captureScenario(
  port: WorkbookPort,
  doc: ScenarioDocument,
  meta: ScenarioMeta,
  now: string
): Promise<{ doc: ScenarioDocument; scenario: Scenario }> {
  const values = await port.readValues(doc.model.inputs.map((i) => i.ref));
  const scenario: Scenario = {
    id: nextId(
      's',
      doc.scenarios.map((s) => s.id)
    ),
    name: meta.name.trim() || 'Scenario',
    note: meta.note ?? '',
    bureau: meta.bureau ?? '',
    author: meta.author ?? '',
    created: now,
    modified: now,
    values: Object.fromEntries(doc.model.inputs.map((inp, k) => [inp.id, storable(values[k])])),
  };
  return { doc: { ...doc, scenarios: [...doc.scenarios, scenario] }, scenario };
}

export type ScenarioPatch = Partial<Pick<Scenario, 'name' | 'note' | 'bureau' | 'author'>> & {
  values?: Record<string, InputValue>;
};

/**
 * Edits a scenario. `modified` moves to `now` only if something actually changed, so an
 * edit that changes nothing leaves the stored document byte-identical.
 */
export function updateScenario(doc: ScenarioDocument, id: string, patch: ScenarioPatch, now: string): ScenarioDocument {
  const known = new Set(doc.model.inputs.map((i) => i.id));
  let changed = false;
  const scenarios = doc.scenarios.map((s) => {
    if (s.id !== id) return s;
    const values = { ...s.values };
    for (const [k, v] of Object.entries(patch.values ?? {})) if (known.has(k)) values[k] = v;
    const next: Scenario = {
      ...s,
      ...(patch.name !== undefined ? { name: patch.name.trim() || s.name } : {}),
      ...(patch.note !== undefined ? { note: patch.note } : {}),
      ...(patch.bureau !== undefined ? { bureau: patch.bureau } : {}),
      ...(patch.author !== undefined ? { author: patch.author } : {}),
      values,
    };
    if (sameJson(next, s)) return s;
    changed = true;
    return { ...next, modified: now };
  });
  return changed ? { ...doc, scenarios } : doc;
}

/** Copies a scenario (right after the original) with a new id, name and times. */
export function duplicateScenario(
  doc: ScenarioDocument,
  id: string,
  name: string,
  now: string
): { doc: ScenarioDocument; scenario?: Scenario } {
  const at = doc.scenarios.findIndex((s) => s.id === id);
  if (at < 0) return { doc };
  const copy: Scenario = {
    ...doc.scenarios[at],
    id: nextId(
      's',
      doc.scenarios.map((s) => s.id)
    ),
    name,
    created: now,
    modified: now,
    values: { ...doc.scenarios[at].values },
  };
  const scenarios = [...doc.scenarios];
  scenarios.splice(at + 1, 0, copy);
  return { doc: { ...doc, scenarios }, scenario: copy };
}

export function deleteScenario(doc: ScenarioDocument, id: string): ScenarioDocument {
  return doc.scenarios.some((s) => s.id === id) ? { ...doc, scenarios: doc.scenarios.filter((s) => s.id !== id) } : doc;
}

/** The writes that apply a scenario: one per input the scenario has a value for. Text stays text. */
export function scenarioWrites(doc: ScenarioDocument, scenario: Scenario): Write[] {
  return doc.model.inputs
    .filter((i) => Object.prototype.hasOwnProperty.call(scenario.values, i.id))
    .map((i) => ({ ref: i.ref, contents: { value: scenario.values[i.id] } }));
}

/** What the input cells held before any scenario was applied: ref → contents. */
export interface RestorePoint {
  /** The scenario currently applied. */
  appliedId: string;
  contents: Map<string, Contents>;
}

export interface Applied {
  restore: RestorePoint;
  /** Output values after recalculation, in model order. */
  outputs: CellValue[];
}

/**
 * Applies a scenario: one write of its inputs, one recalculation, one read of the outputs.
 * Keeps the earliest restore point: cells already remembered keep their first contents.
 */
export async function applyScenario(
  port: WorkbookPort,
  doc: ScenarioDocument,
  scenario: Scenario,
  restore?: RestorePoint
): Promise<Applied> {
  const writes = scenarioWrites(doc, scenario);
  const { before, values } = await port.apply(
    writes,
    doc.model.outputs.map((o) => o.ref)
  );
  const contents = new Map(restore?.contents ?? []);
  for (const b of before) if (!contents.has(b.ref)) contents.set(b.ref, b.contents);
  return { restore: { appliedId: scenario.id, contents }, outputs: values };
}

/** Puts back what the input cells held before the first scenario was applied. */
export async function restoreInputs(port: WorkbookPort, restore: RestorePoint): Promise<void> {
  await port.write([...restore.contents].map(([ref, contents]) => ({ ref, contents })));
}
