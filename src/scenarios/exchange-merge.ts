/**
 * Merging imported scenarios into this workbook's document, in two steps so nobody loses work:
 *
 *   planImport(current, incoming)   pure: what would happen — each incoming scenario is
 *                                   skipped (identical to one already here), added, or
 *                                   renamed after its bureau (same name, different content);
 *                                   per scenario, which inputs differ from the scenario of the
 *                                   same name here, with both values; inputs (and outputs)
 *                                   the importing model lacks, and whether they can be added
 *   applyImport(current, plan)      pure: the new document. Refuses a plan made against a
 *                                   document that has changed since.
 *
 * Inputs are matched by reference, or through the importing workbook's defined names (an
 * incoming `sewage_fee` matches an input on the cell `sewage_fee` points at, and the other way
 * round). Nothing is overwritten: an existing scenario is never changed by an import.
 */
import type { NamedRef } from '../workbook/port';
import { normaliseRef, parseRef } from '../workbook/refs';
import { canonicalJson } from './document';
import type { ExchangeProvenance } from './exchange-format';
import type { ImportSource } from './exchange-read';
import { nextId } from './operations';
import { LIMITS } from './schemas';
import type { Bilingual, InputValue, ModelInput, ModelOutput, Scenario, ScenarioDocument } from './types';

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/** One input whose value differs between an incoming scenario and the scenario of the same name here. */
export interface InputDifference {
  /** Label and reference as in this workbook (or as in the incoming model for an input this model lacks). */
  label: string;
  ref: string;
  unit: string;
  /** `undefined`: the scenario has no value for the input (it leaves the cell as it is). */
  current: InputValue | undefined;
  incoming: InputValue | undefined;
}

export type ImportAction = 'skip' | 'add' | 'rename';

export interface PlannedScenario {
  action: ImportAction;
  incoming: Scenario;
  /** The name it will have here (`rename`: after its bureau). */
  name: string;
  /** Id of the scenario here with the same name (skip, rename). */
  sameNameId?: string;
  /** Inputs whose values differ from the scenario of the same name here (rename). */
  differences: InputDifference[];
  /** Values the scenario will have here, keyed by this model's input ids. */
  values: Record<string, InputValue>;
}

/** An incoming input (or output) this model does not have. */
export interface MissingItem<T> {
  item: T;
  /** Names of incoming scenarios with a value for it (inputs only). */
  scenarios: string[];
  /** `add`: added to this model (its cell exists here); `drop`: its cell is not in this workbook: values reported, not imported. */
  action: 'add' | 'drop';
  /** The id it gets here (add). */
  id?: string;
}

export interface ImportPlan {
  source: { kind: ImportSource['kind']; fileName: string; provenance?: ExchangeProvenance };
  scenarios: PlannedScenario[];
  missingInputs: MissingItem<ModelInput>[];
  missingOutputs: MissingItem<ModelOutput>[];
  /** The document the plan was made against (serialised), so a stale plan is refused. */
  base: string;
  counts: { add: number; rename: number; skip: number };
}

export interface PlanOptions {
  /** The importing workbook's defined names (to match a name on one side with a cell on the other). */
  names?: NamedRef[];
  /**
   * Whether a reference exists in the importing workbook (the handler asks the port). Items
   * whose reference does not exist are reported and not added. Default: every reference exists.
   */
  exists?: (ref: string) => boolean;
}

function renameParts(name: string, bureau: string): { label: string; wrap: (suffix: string) => string } {
  const label = bureau.trim() || (/[\u3400-\u9fff]/.test(name) ? '导入' : 'imported');
  const cjk = /[\u3400-\u9fff]/.test(name + label);
  return { label, wrap: (suffix) => (cjk ? `${name}（${suffix}）` : `${name} (${suffix})`) };
}

/** `高收费方案` + `住建局` → `高收费方案（住建局）`; `High fee` + `Housing bureau` → `High fee (Housing bureau)`; a counter when taken. */
export function renamedAfterBureau(name: string, bureau: string, taken: (n: string) => boolean): string {
  const { label, wrap } = renameParts(name, bureau);
  let candidate = wrap(label);
  for (let n = 2; taken(candidate); n++) candidate = wrap(`${label} ${n}`);
  return candidate;
}

/** True for a name an earlier import of `name` from `bureau` may have given (`高收费方案（住建局）`, `…（住建局 2）`). */
function isRenameOf(candidate: string, name: string, bureau: string): boolean {
  const { label, wrap } = renameParts(name, bureau);
  const key = nameKey(candidate);
  if (key === nameKey(wrap(label))) return true;
  const m = /\s(\d+)[）)]$/.exec(candidate.trim());
  return !!m && key === nameKey(wrap(`${label} ${m[1]}`));
}

const nameKey = (name: string): string => name.trim().toLowerCase();

/** Normalised ref → the same key on both sides: defined names compared case-insensitively. */
function refKey(ref: string): string {
  const n = normaliseRef(ref) ?? ref;
  return parseRef(n)?.kind === 'name' ? `name:${n.toLowerCase()}` : `cell:${n}`;
}

/**
 * Matches incoming refs to this model's items: the same ref, or a defined name of this
 * workbook on one side and the cell it points at on the other.
 */
function matcher<T extends { id: string; ref: string }>(items: T[], names: NamedRef[]): (ref: string) => T | undefined {
  const byKey = new Map<string, T>();
  const nameToCell = new Map(names.map((n) => [`name:${n.name.toLowerCase()}`, refKey(n.ref)]));
  const cellToNames = new Map<string, string[]>();
  for (const n of names) {
    const k = refKey(n.ref);
    cellToNames.set(k, [...(cellToNames.get(k) ?? []), `name:${n.name.toLowerCase()}`]);
  }
  for (const it of items) if (!byKey.has(refKey(it.ref))) byKey.set(refKey(it.ref), it);
  return (ref) => {
    const k = refKey(ref);
    const direct = byKey.get(k);
    if (direct) return direct;
    const viaName = nameToCell.get(k);
    if (viaName && byKey.has(viaName)) return byKey.get(viaName);
    for (const alias of cellToNames.get(k) ?? []) if (byKey.has(alias)) return byKey.get(alias);
    // Both sides names of the same cell.
    if (viaName) for (const alias of cellToNames.get(viaName) ?? []) if (byKey.has(alias)) return byKey.get(alias);
    return undefined;
  };
}

/**
 * What importing `incoming` into `current` would do. Pure; nothing is written.
 *
 * - An incoming scenario with the same name, values and note as one here is skipped.
 * - The same name with other values (or note) comes in renamed after its bureau, with the
 *   inputs that differ listed with both values. The scenario here is never changed.
 * - Inputs this model lacks are added if their cell exists here (values kept), otherwise
 *   reported with the values that cannot be imported.
 */
export function planImport(current: ScenarioDocument, incoming: ImportSource, opts: PlanOptions = {}): ImportPlan {
  const names = opts.names ?? [];
  const exists = opts.exists ?? (() => true);
  const findInput = matcher(current.model.inputs, names);
  const findOutput = matcher(current.model.outputs, names);

  // Incoming input id → id here (existing or to be added).
  const inputIds = new Map<string, string>();
  const missingInputs: MissingItem<ModelInput>[] = [];
  const takenInputIds = current.model.inputs.map((i) => i.id);
  const addedKeys = new Map<string, string>();
  for (const inp of incoming.model.inputs) {
    const here = findInput(inp.ref);
    if (here) {
      inputIds.set(inp.id, here.id);
      continue;
    }
    const scenarios = incoming.scenarios.filter((s) => has(s.values, inp.id)).map((s) => s.name);
    const key = refKey(inp.ref);
    if (addedKeys.has(key)) {
      inputIds.set(inp.id, addedKeys.get(key)!);
      continue;
    }
    const ref = normaliseRef(inp.ref) ?? inp.ref;
    if (exists(ref)) {
      const id = nextId('in', takenInputIds);
      takenInputIds.push(id);
      addedKeys.set(key, id);
      inputIds.set(inp.id, id);
      missingInputs.push({ item: { ...inp, id, ref }, scenarios, action: 'add', id });
    } else missingInputs.push({ item: { ...inp, ref }, scenarios, action: 'drop' });
  }

  const missingOutputs: MissingItem<ModelOutput>[] = [];
  const takenOutputIds = current.model.outputs.map((o) => o.id);
  const addedOutputs = new Set<string>();
  for (const out of incoming.model.outputs) {
    if (findOutput(out.ref) || addedOutputs.has(refKey(out.ref))) continue;
    const ref = normaliseRef(out.ref) ?? out.ref;
    addedOutputs.add(refKey(out.ref));
    if (exists(ref)) {
      const id = nextId('out', takenOutputIds);
      takenOutputIds.push(id);
      missingOutputs.push({ item: { ...out, id, ref }, scenarios: [], action: 'add', id });
    } else missingOutputs.push({ item: { ...out, ref }, scenarios: [], action: 'drop' });
  }

  const inputHere = new Map<string, { label: string; ref: string; unit: string }>(
    current.model.inputs.map((i) => [i.id, i])
  );
  for (const m of missingInputs) if (m.id) inputHere.set(m.id, m.item);
  const incomingInput = new Map(incoming.model.inputs.map((i) => [i.id, i]));

  const byName = new Map<string, Scenario>();
  for (const s of current.scenarios) if (!byName.has(nameKey(s.name))) byName.set(nameKey(s.name), s);
  const takenNames = new Set(current.scenarios.map((s) => nameKey(s.name)));
  const planned: PlannedScenario[] = [];
  const source = incoming.provenance;

  for (const s of incoming.scenarios) {
    const values: Record<string, InputValue> = {};
    for (const [k, v] of Object.entries(s.values)) {
      const id = inputIds.get(k);
      if (id !== undefined) values[id] = v;
    }
    const same = byName.get(nameKey(s.name));
    const incomingScenario: Scenario = {
      ...s,
      bureau: s.bureau || source?.bureau || '',
      author: s.author || source?.author || '',
    };
    const identical = (x: Scenario) =>
      sameJson(x.values, values) && x.note === s.note && !droppedValues(s, missingInputs);
    if (same && identical(same)) {
      planned.push({
        action: 'skip',
        incoming: incomingScenario,
        name: same.name,
        sameNameId: same.id,
        differences: [],
        values,
      });
      continue;
    }
    // Imported before and renamed then: the same scenario under its new name.
    const earlier =
      same && current.scenarios.find((x) => isRenameOf(x.name, s.name, incomingScenario.bureau) && identical(x));
    if (earlier) {
      planned.push({
        action: 'skip',
        incoming: incomingScenario,
        name: earlier.name,
        sameNameId: earlier.id,
        differences: [],
        values,
      });
      continue;
    }
    if (same || takenNames.has(nameKey(s.name))) {
      const differences = same ? diffValues(same.values, values, inputHere) : [];
      // Values of inputs not imported (their cell is not in this workbook) are differences too.
      for (const [k, v] of Object.entries(s.values)) {
        if (inputIds.has(k)) continue;
        const inp = incomingInput.get(k);
        if (inp && same)
          differences.push({ label: inp.label, ref: inp.ref, unit: inp.unit, current: undefined, incoming: v });
      }
      const name = renamedAfterBureau(s.name, incomingScenario.bureau, (n) => takenNames.has(nameKey(n)));
      takenNames.add(nameKey(name));
      planned.push({ action: 'rename', incoming: incomingScenario, name, sameNameId: same?.id, differences, values });
      continue;
    }
    takenNames.add(nameKey(s.name));
    planned.push({ action: 'add', incoming: incomingScenario, name: s.name, differences: [], values });
  }

  const count = (a: ImportAction) => planned.filter((p) => p.action === a).length;
  return {
    source: {
      kind: incoming.kind,
      fileName: incoming.fileName,
      ...(incoming.provenance ? { provenance: incoming.provenance } : {}),
    },
    scenarios: planned,
    missingInputs,
    missingOutputs,
    base: canonicalJson(current),
    counts: { add: count('add'), rename: count('rename'), skip: count('skip') },
  };
}

/** True when some of the scenario's values are for inputs that cannot be imported. */
function droppedValues(s: Scenario, missing: MissingItem<ModelInput>[]): boolean {
  return missing.some((m) => m.action === 'drop' && m.scenarios.includes(s.name));
}

function diffValues(
  current: Record<string, InputValue>,
  incoming: Record<string, InputValue>,
  inputs: Map<string, { label: string; ref: string; unit: string }>
): InputDifference[] {
  const out: InputDifference[] = [];
  const ids = [...inputs.keys()].filter((id) => has(current, id) || has(incoming, id));
  for (const id of ids) {
    const inA = has(current, id);
    const inB = has(incoming, id);
    const a = inA ? current[id] : undefined;
    const b = inB ? incoming[id] : undefined;
    if (inA === inB && sameJson(a, b)) continue;
    const inp = inputs.get(id)!;
    out.push({ label: inp.label, ref: inp.ref, unit: inp.unit, current: a, incoming: b });
  }
  return out;
}

export class StalePlanError extends Error {
  readonly reason: Bilingual = {
    en: 'The scenarios in this workbook changed since the import was planned. Plan the import again.',
    zh: '制定导入计划后，本工作簿中的情景已有变化。请重新导入。',
  };
  constructor() {
    super('stale import plan');
    this.name = 'StalePlanError';
  }
}

/**
 * The document after the import: inputs and outputs marked `add` appended, scenarios marked
 * `add` or `rename` appended with new ids (keeping their note, bureau, author and times).
 * Existing scenarios are never changed. Throws StalePlanError if `current` is not the document
 * the plan was made against.
 */
export function applyImport(current: ScenarioDocument, plan: ImportPlan): ScenarioDocument {
  if (canonicalJson(current) !== plan.base) throw new StalePlanError();
  const inputs = [
    ...current.model.inputs,
    ...plan.missingInputs.filter((m) => m.action === 'add').map((m) => ({ ...m.item })),
  ];
  const outputs = [
    ...current.model.outputs,
    ...plan.missingOutputs.filter((m) => m.action === 'add').map((m) => ({ ...m.item })),
  ];
  const scenarios = [...current.scenarios];
  for (const p of plan.scenarios) {
    if (p.action === 'skip') continue;
    const s = p.incoming;
    scenarios.push({
      id: nextId(
        's',
        scenarios.map((x) => x.id)
      ),
      name: p.name,
      note: s.note,
      bureau: s.bureau,
      author: s.author,
      created: s.created,
      modified: s.modified,
      values: { ...p.values },
    });
  }
  if (scenarios.length > LIMITS.scenarios || inputs.length > LIMITS.inputs || outputs.length > LIMITS.outputs) {
    throw new RangeError(
      `too many scenarios, inputs or outputs after the import (limits ${LIMITS.scenarios}, ${LIMITS.inputs}, ${LIMITS.outputs})`
    );
  }
  return { ...current, model: { inputs, outputs }, scenarios };
}
