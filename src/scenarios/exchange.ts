/**
 * Scenario exchange between workbooks (and bureaus): export chosen scenarios with the model
 * definition they use and their provenance to a `.reuse-scenarios.json` file; import from such
 * a file or straight from another .xlsx (its scenario store).
 *
 * Importing is two steps so nobody loses work:
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
 *
 * Files are untrusted: size, nesting depth and prototype-polluting keys are checked before
 * anything else, then the JSON Schema (schemas.ts, precompiled) and the store's consistency
 * rules. Every refusal comes with a reason in both languages. Nothing from a file is ever
 * executed or rendered as HTML.
 */
import type { NamedRef } from '../workbook/port';
import { normaliseRef, parseRef } from '../workbook/refs';
import { canonicalJson, consistencyProblem } from './document';
import { nextId } from './operations';
import { EXCHANGE_FORMAT, EXCHANGE_VERSION, LIMITS } from './schemas';
import type { Bilingual, InputValue, ModelInput, ModelOutput, Scenario, ScenarioDocument, ScenarioModel } from './types';
import { validateExchange } from './validators.generated';

export { EXCHANGE_FORMAT, EXCHANGE_SCHEMA, EXCHANGE_VERSION } from './schemas';
/** File name ending of an exchange file. */
export const EXCHANGE_EXTENSION = '.reuse-scenarios.json';
/** Largest exchange file read, in characters (thousands of scenarios are far below). */
export const MAX_EXCHANGE_CHARS = 8_000_000;
/** Deepest JSON nesting a valid file has is 5 (root → scenarios → scenario → values → value); leave room. */
export const MAX_EXCHANGE_DEPTH = 16;
/** Keys that can change an object's prototype or shadow its methods when copied carelessly. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface ExchangeProvenance {
  /** The exporting bureau (财政局, 住建局…), free text. */
  bureau: string;
  author: string;
  /** File name of the workbook the scenarios came from. */
  sourceWorkbook: string;
  /** ISO 8601 UTC. */
  exported: string;
  addinVersion: string;
}

/** The exchange file (version 1). Each scenario keeps its own bureau, author, created and modified. */
export interface ExchangeFile {
  format: typeof EXCHANGE_FORMAT;
  exchangeVersion: 1;
  provenance: ExchangeProvenance;
  model: ScenarioModel;
  scenarios: Scenario[];
}

export const clip = (s: string, n = 80): string => (s.length > n ? `${s.slice(0, n)}…` : s);
const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

// ---------------------------------------------------------------- export

export interface ExportOptions {
  /** Ids of the scenarios to export, in the order wanted (default: all). */
  ids?: string[];
  provenance: ExchangeProvenance;
}

/**
 * The exchange file for the chosen scenarios: the inputs they hold values for (in model order),
 * every output (what the model is compared on), the scenarios as stored, and provenance.
 */
export function exportScenarios(doc: ScenarioDocument, opts: ExportOptions): ExchangeFile {
  const wanted = opts.ids ?? doc.scenarios.map((s) => s.id);
  const scenarios = wanted.map((id) => doc.scenarios.find((s) => s.id === id)).filter((s): s is Scenario => !!s);
  const used = new Set(scenarios.flatMap((s) => Object.keys(s.values)));
  return {
    format: EXCHANGE_FORMAT,
    exchangeVersion: EXCHANGE_VERSION,
    provenance: { ...opts.provenance, sourceWorkbook: clip(opts.provenance.sourceWorkbook, 255) },
    model: { inputs: doc.model.inputs.filter((i) => used.has(i.id)), outputs: doc.model.outputs },
    scenarios: scenarios.map((s) => ({ ...s, values: { ...s.values } })),
  };
}

/** The file's text: keys sorted at every level, two-space indentation (readable, and the same scenarios give the same text). */
export function serialiseExchange(file: ExchangeFile): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(file)), null, 2)}\n`;
}

/** `万州模型.xlsx` → `万州模型.reuse-scenarios.json`. */
export function exchangeFileName(workbookName: string): string {
  const base = workbookName.replace(/^.*[\\/]/, '').replace(/\.(xlsx|xlsm|xls)$/i, '').replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_').trim();
  return `${base || 'scenarios'}${EXCHANGE_EXTENSION}`;
}

// ---------------------------------------------------------------- reading

/** Scenarios to import, wherever they came from. */
export interface ImportSource {
  kind: 'exchange-file' | 'workbook';
  /** File name the user picked. */
  fileName: string;
  /** Absent for a workbook (its store has no export provenance). */
  provenance?: ExchangeProvenance;
  model: ScenarioModel;
  scenarios: Scenario[];
}

export type ReadResult = { ok: true; source: ImportSource } | { ok: false; reason: Bilingual };

export const refuse = (en: string, zh: string): ReadResult => ({ ok: false, reason: { en, zh } });

/** The deepest nesting of arrays and objects in a JSON text (strings skipped), without parsing it. */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max && (max = depth) > stopAt) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** The first forbidden key anywhere in a parsed value (JSON.parse keeps `__proto__` as an own key). */
export function forbiddenKey(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_EXCHANGE_DEPTH || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const v of value) {
      const k = forbiddenKey(v, depth + 1);
      if (k) return k;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return key;
    const k = forbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (k) return k;
  }
  return undefined;
}

/**
 * Parses an exchange file's text. Never throws; refuses (with a reason in both languages)
 * anything too large, too deeply nested, with a prototype-polluting key, of another format,
 * a newer version, or not matching the schema and the store's consistency rules.
 */
export function parseExchange(text: string, fileName = ''): ReadResult {
  if (typeof text !== 'string') return refuse('The file is not text.', '文件不是文本。');
  if (text.length > MAX_EXCHANGE_CHARS) {
    return refuse(
      `The file is too large for a scenario exchange file (${text.length.toLocaleString('en-US')} characters; at most ${MAX_EXCHANGE_CHARS.toLocaleString('en-US')}).`,
      `文件过大，不是有效的情景交换文件（${text.length} 个字符，上限 ${MAX_EXCHANGE_CHARS}）。`,
    );
  }
  const depth = jsonDepth(text, MAX_EXCHANGE_DEPTH);
  if (depth > MAX_EXCHANGE_DEPTH) {
    return refuse(`The file nests data more than ${MAX_EXCHANGE_DEPTH} levels deep: not a scenario exchange file.`, `文件数据嵌套超过 ${MAX_EXCHANGE_DEPTH} 层，不是情景交换文件。`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return refuse(`The file is not valid JSON (${clip((e as Error).message)}).`, `文件不是有效的 JSON（${clip((e as Error).message)}）。`);
  }
  const bad = forbiddenKey(data);
  if (bad) return refuse(`The file contains the key "${bad}", which is never valid here (it can be used to attack programs): refused.`, `文件含有键“${bad}”，此处不允许（可被用于攻击程序），已拒绝。`);
  if (!data || typeof data !== 'object' || Array.isArray(data)) return refuse('The file is not a scenario exchange file (no JSON object).', '文件不是情景交换文件（不是 JSON 对象）。');
  const obj = data as Record<string, unknown>;
  if (obj.format !== EXCHANGE_FORMAT) {
    if (has(obj, 'schemaVersion') && has(obj, 'scenarios')) {
      return refuse('This is a scenario store copied out of a workbook, not an exchange file: import the workbook itself instead.', '这是从工作簿中复制出的情景数据，不是交换文件：请直接导入该工作簿。');
    }
    return refuse(`The file is not a scenario exchange file (format is not "${EXCHANGE_FORMAT}").`, `文件不是情景交换文件（format 不是“${EXCHANGE_FORMAT}”）。`);
  }
  const version = obj.exchangeVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > EXCHANGE_VERSION) {
    return refuse(
      `The file was written by a newer version of Reuse Finance (exchange version ${version}; this add-in reads version ${EXCHANGE_VERSION}). Update the add-in to import it.`,
      `该文件由更新版本的财金模型导出（交换格式版本 ${version}，本加载项支持版本 ${EXCHANGE_VERSION}）。请更新加载项后再导入。`,
    );
  }
  if (!validateExchange(data)) {
    const e = validateExchange.errors?.[0];
    const where = clip(e?.instancePath || '/');
    const message = e?.message ?? 'invalid';
    return refuse(`The file does not match the scenario exchange format (at ${where}: ${message}).`, `文件不符合情景交换格式（位置 ${where}：${message}）。`);
  }
  const file = data as unknown as ExchangeFile;
  const problem = consistencyProblem({ schemaVersion: 1, model: file.model, scenarios: file.scenarios });
  if (problem) return refuse(`The file is inconsistent (${problem.en}).`, `文件内容前后不一致（${problem.zh}）。`);
  return { ok: true, source: { kind: 'exchange-file', fileName, provenance: file.provenance, model: file.model, scenarios: file.scenarios } };
}

/** Zip files (.xlsx) start with `PK\x03\x04`. */
const isZip = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * Reads what the user picked: an exchange file, or an .xlsx whose scenario store is read
 * (after the same hostile-file checks as every workbook read). Never throws.
 */
export async function readImportSource(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
  if (isZip(bytes) || /\.xlsx$/i.test(fileName)) {
    // Loaded on demand: the zip reader is not needed for exchange files.
    const { readWorkbookSource } = await import(/* webpackChunkName: "xlsx" */ './exchange-xlsx');
    return readWorkbookSource(bytes, fileName);
  }
  if (bytes.length > MAX_EXCHANGE_CHARS * 4) {
    return refuse(`The file is too large for a scenario exchange file (${bytes.length.toLocaleString('en-US')} bytes).`, `文件过大，不是有效的情景交换文件（${bytes.length} 字节）。`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse('The file is neither an .xlsx workbook nor a scenario exchange file (not UTF-8 text).', '文件既不是 .xlsx 工作簿，也不是情景交换文件（不是 UTF-8 文本）。');
  }
  return parseExchange(text, fileName);
}

// ---------------------------------------------------------------- planning

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

  const inputHere = new Map<string, { label: string; ref: string; unit: string }>(current.model.inputs.map((i) => [i.id, i]));
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
    const incomingScenario: Scenario = { ...s, bureau: s.bureau || source?.bureau || '', author: s.author || source?.author || '' };
    const identical = (x: Scenario) => sameJson(x.values, values) && x.note === s.note && !droppedValues(s, missingInputs);
    if (same && identical(same)) {
      planned.push({ action: 'skip', incoming: incomingScenario, name: same.name, sameNameId: same.id, differences: [], values });
      continue;
    }
    // Imported before and renamed then: the same scenario under its new name.
    const earlier = same && current.scenarios.find((x) => isRenameOf(x.name, s.name, incomingScenario.bureau) && identical(x));
    if (earlier) {
      planned.push({ action: 'skip', incoming: incomingScenario, name: earlier.name, sameNameId: earlier.id, differences: [], values });
      continue;
    }
    if (same || takenNames.has(nameKey(s.name))) {
      const differences = same ? diffValues(same.values, values, inputHere) : [];
      // Values of inputs not imported (their cell is not in this workbook) are differences too.
      for (const [k, v] of Object.entries(s.values)) {
        if (inputIds.has(k)) continue;
        const inp = incomingInput.get(k);
        if (inp && same) differences.push({ label: inp.label, ref: inp.ref, unit: inp.unit, current: undefined, incoming: v });
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
    source: { kind: incoming.kind, fileName: incoming.fileName, ...(incoming.provenance ? { provenance: incoming.provenance } : {}) },
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

function diffValues(current: Record<string, InputValue>, incoming: Record<string, InputValue>, inputs: Map<string, { label: string; ref: string; unit: string }>): InputDifference[] {
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
  const inputs = [...current.model.inputs, ...plan.missingInputs.filter((m) => m.action === 'add').map((m) => ({ ...m.item }))];
  const outputs = [...current.model.outputs, ...plan.missingOutputs.filter((m) => m.action === 'add').map((m) => ({ ...m.item }))];
  const scenarios = [...current.scenarios];
  for (const p of plan.scenarios) {
    if (p.action === 'skip') continue;
    const s = p.incoming;
    scenarios.push({
      id: nextId('s', scenarios.map((x) => x.id)),
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
    throw new RangeError(`too many scenarios, inputs or outputs after the import (limits ${LIMITS.scenarios}, ${LIMITS.inputs}, ${LIMITS.outputs})`);
  }
  return { ...current, model: { inputs, outputs }, scenarios };
}
