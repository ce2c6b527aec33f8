/**
 * The pane's work, as exported async handlers that take the WorkbookPort (and the current
 * state) as arguments and return the next state: the DOM code in app.ts only calls these, so
 * every one is unit-testable with the engine port or a mock. Each change to the document is
 * saved into the workbook straight away (unless the stored document is read-only).
 */
import type { Lang } from '../core/errors';
import { Comparison, CompareOptions, compareScenarios } from '../scenarios/compare';
import {
  ScenarioMeta,
  ScenarioPatch,
  RestorePoint,
  addInputs,
  addOutputs,
  applyScenario,
  captureScenario,
  deleteScenario,
  duplicateScenario,
  removeInput,
  removeOutput,
  restoreInputs,
  updateInput,
  updateOutput,
  updateScenario,
} from '../scenarios/operations';
import { comparisonSheet } from '../scenarios/sheet';
import { ReadOnlyError, StoreState, loadStore, saveStore } from '../scenarios/store';
import type { SnapshotOptions, SnapshotResult } from '../engine/snapshot';
import {
  ExchangeProvenance,
  ImportPlan,
  applyImport,
  exchangeFileName,
  exportScenarios,
  planImport,
  readImportSource,
  serialiseExchange,
} from '../scenarios/exchange';
import type { Bilingual, ScenarioDocument } from '../scenarios/types';
import type { CellValue, FormulaRepair, NamedRef, SharingPort, WorkbookPort } from '../workbook/port';
import { columnLetters, formatRef, parseRef } from '../workbook/refs';
import { ValueKind, valueKind } from './format';
import type { TextKey } from './i18n';

export interface PaneState {
  store: StoreState;
  /** Set while a scenario is applied: what the input cells held before. */
  restore?: RestorePoint;
  /** Output values read when the current scenario was applied. */
  appliedOutputs?: CellValue[];
  comparison?: Comparison;
}

/** A mistake the user can fix, with a pane text key. */
export class PaneError extends Error {
  constructor(readonly key: TextKey) {
    super(key);
    this.name = 'PaneError';
  }
}

/** A file the user picked that cannot be imported, with the reason in both languages. */
export class ImportRefusedError extends Error {
  constructor(readonly reason: Bilingual) {
    super(reason.en);
    this.name = 'ImportRefusedError';
  }
}

/** Most cells one selection may add (a whole column selected by mistake must not add a million). */
export const MAX_SELECTION_CELLS = 1000;

export const nowIso = (): string => new Date().toISOString();

export async function openPane(port: WorkbookPort): Promise<PaneState> {
  return { store: await loadStore(port) };
}

/** Replaces the document and saves it. Read-only states never reach the port. */
async function commit(port: WorkbookPort, state: PaneState, doc: ScenarioDocument): Promise<PaneState> {
  if (state.store.readOnly) throw new ReadOnlyError(state.store.readOnly);
  if (doc === state.store.doc) return state;
  return { ...state, store: await saveStore(port, { ...state.store, doc }) };
}

export type ItemKind = 'input' | 'output';

async function addItems(
  port: WorkbookPort,
  state: PaneState,
  kind: ItemKind,
  items: { ref: string; label: string; unit?: string }[]
): Promise<PaneState> {
  if (kind === 'input') return commit(port, state, addInputs(state.store.doc, items));
  const formats = await port.readNumberFormats(items.map((i) => i.ref));
  return commit(
    port,
    state,
    addOutputs(
      state.store.doc,
      items.map((i, k) => ({ ...i, numberFormat: formats[k] }))
    )
  );
}

/**
 * Adds defined names as inputs or outputs, labelled as a reader of the sheet sees the cell the
 * name points at (its row label and the unit beside it, as for picked cells); a name whose
 * cell has no label beside it keeps the name as label.
 */
export async function addFromNames(
  port: WorkbookPort,
  state: PaneState,
  names: NamedRef[],
  kind: ItemKind
): Promise<PaneState> {
  if (names.length === 0) throw new PaneError('nothingChecked');
  const labels = await rowLabels(
    port,
    names.map((n) => n.ref)
  );
  const units = await rowUnits(
    port,
    names.map((n) => n.ref)
  );
  return addItems(
    port,
    state,
    kind,
    names.map((n, i) => ({ ref: n.name, label: labels[i] === n.ref ? n.name : labels[i], unit: units[i] }))
  );
}

/** Every cell of a range reference, row by row (`'假设'!C5:C7` → C5, C6, C7). */
export function cellsOf(ref: string, max = MAX_SELECTION_CELLS): string[] {
  const p = parseRef(ref);
  if (!p) return [];
  if (p.kind === 'name') return [p.name];
  const out: string[] = [];
  for (let r = 0; r < p.rows && out.length < max; r++)
    for (let c = 0; c < p.cols && out.length < max; c++)
      out.push(formatRef(p.sheet, `${columnLetters(p.col + c)}${p.row + r}`));
  return out;
}

/** How many cells to the left of a picked cell are searched for its row label. */
export const LABEL_SEARCH_COLUMNS = 3;

/**
 * Labels for picked cells, as a reader of the sheet sees them: the text in the nearest cell to
 * the left on the same row, with a second text cell just left of that in front (bilingual sheets
 * label rows "中文 | English"). A cell with no text to its left keeps its reference as label.
 * One batched read for all cells.
 */
export async function rowLabels(port: WorkbookPort, refs: string[]): Promise<string[]> {
  const probes = refs.map((ref) => {
    const p = parseRef(ref);
    if (!p || p.kind !== 'cell') return [];
    const left: string[] = [];
    for (let c = p.col - 1; c >= Math.max(1, p.col - LABEL_SEARCH_COLUMNS); c--)
      left.push(formatRef(p.sheet, `${columnLetters(c)}${p.row}`));
    return left;
  });
  const values = await port.readValues(probes.flat());
  let at = 0;
  return refs.map((ref, i) => {
    const texts = probes[i].map(() => values[at++]).map((v) => (typeof v === 'string' ? v.trim() : ''));
    const nearest = texts.findIndex((t) => t !== '');
    if (nearest < 0) return ref;
    const before = texts[nearest + 1];
    return (before ? `${before} ${texts[nearest]}` : texts[nearest]).slice(0, 120);
  });
}

/** Longest text beside a value that is taken as its unit (`元/m³`, `年 years`); longer text is a note. */
export const MAX_UNIT_CHARS = 16;

/**
 * Units for picked cells: the short text in the cell just right of each (`元/m³`, `万元`), the
 * way bureau sheets put a unit column beside the values. A dash (`—`, `-`) means no unit. One
 * batched read.
 */
export async function rowUnits(port: WorkbookPort, refs: string[]): Promise<string[]> {
  const right = refs.map((ref) => {
    const p = parseRef(ref);
    return p && p.kind === 'cell' ? formatRef(p.sheet, `${columnLetters(p.col + 1)}${p.row}`) : undefined;
  });
  const wanted = right.filter((r): r is string => r !== undefined);
  const values = wanted.length > 0 ? await port.readValues(wanted) : [];
  let at = 0;
  return right.map((r) => {
    if (r === undefined) return '';
    const v = values[at++];
    const text = typeof v === 'string' ? v.trim() : '';
    return text.length <= MAX_UNIT_CHARS && !/^[—–-]+$/.test(text) ? text : '';
  });
}

/** True when a reference names several areas (`A1:B2,D4`; a comma inside a quoted sheet name does not count). */
export function isMultiArea(ref: string): boolean {
  return /,/.test(ref.replace(/'(?:[^']|'')*'/g, ''));
}

/** Adds the selected cells (each cell of a larger selection) as inputs or outputs, labelled from their row, with the unit beside. */
export async function addFromSelection(port: WorkbookPort, state: PaneState, kind: ItemKind): Promise<PaneState> {
  let sel: string | undefined;
  try {
    sel = await port.selection();
  } catch (e) {
    // Excel refuses to read a selection of several areas (InvalidSelection).
    if ((e as { code?: unknown })?.code === 'InvalidSelection') throw new PaneError('multipleAreas');
    throw e;
  }
  if (sel && isMultiArea(sel)) throw new PaneError('multipleAreas');
  const cells = sel ? cellsOf(sel) : [];
  if (cells.length === 0) throw new PaneError('noSelection');
  const labels = await rowLabels(port, cells);
  const units = await rowUnits(port, cells);
  return addItems(
    port,
    state,
    kind,
    cells.map((ref, i) => ({ ref, label: labels[i], unit: units[i] }))
  );
}

/** What each input cell takes (number, percent, date, text…) and its number format, read from the workbook. */
export interface InputCell {
  kind: ValueKind;
  numberFormat: string;
}

/** The kind and number format of every input cell, in order (two batched reads). */
export async function inputCells(port: WorkbookPort, refs: string[]): Promise<InputCell[]> {
  if (refs.length === 0) return [];
  const [values, formats] = await Promise.all([port.readValues(refs), port.readNumberFormats(refs)]);
  return refs.map((_, i) => ({ kind: valueKind(values[i], formats[i]), numberFormat: formats[i] }));
}

export async function updateItem(
  port: WorkbookPort,
  state: PaneState,
  kind: ItemKind,
  id: string,
  patch: { label?: string; unit?: string; numberFormat?: string }
): Promise<PaneState> {
  const doc =
    kind === 'input'
      ? updateInput(state.store.doc, id, { label: patch.label, unit: patch.unit })
      : updateOutput(state.store.doc, id, patch);
  return commit(port, state, doc);
}

export async function removeItem(port: WorkbookPort, state: PaneState, kind: ItemKind, id: string): Promise<PaneState> {
  return commit(port, state, kind === 'input' ? removeInput(state.store.doc, id) : removeOutput(state.store.doc, id));
}

/** Saves the current values of the inputs as a new scenario. */
export async function createScenario(
  port: WorkbookPort,
  state: PaneState,
  meta: ScenarioMeta,
  now = nowIso()
): Promise<PaneState> {
  if (!meta.name.trim()) throw new PaneError('nameRequired');
  if (state.store.readOnly) throw new ReadOnlyError(state.store.readOnly);
  const { doc } = await captureScenario(port, state.store.doc, meta, now);
  return commit(port, state, doc);
}

export async function editScenario(
  port: WorkbookPort,
  state: PaneState,
  id: string,
  patch: ScenarioPatch,
  now = nowIso()
): Promise<PaneState> {
  if (patch.name !== undefined && !patch.name.trim()) throw new PaneError('nameRequired');
  return commit(port, state, updateScenario(state.store.doc, id, patch, now));
}

export async function duplicateScenarioHandler(
  port: WorkbookPort,
  state: PaneState,
  id: string,
  name: string,
  now = nowIso()
): Promise<PaneState> {
  return commit(port, state, duplicateScenario(state.store.doc, id, name, now).doc);
}

export async function deleteScenarioHandler(port: WorkbookPort, state: PaneState, id: string): Promise<PaneState> {
  return commit(port, state, deleteScenario(state.store.doc, id));
}

/** Applies a scenario to the workbook (keeping the user's values to restore) and reads the outputs. */
export async function applyHandler(port: WorkbookPort, state: PaneState, id: string): Promise<PaneState> {
  const s = state.store.doc.scenarios.find((x) => x.id === id);
  if (!s) return state;
  const applied = await applyScenario(port, state.store.doc, s, state.restore);
  return { ...state, restore: applied.restore, appliedOutputs: applied.outputs };
}

/** Puts the user's own values back. */
export async function restoreHandler(port: WorkbookPort, state: PaneState): Promise<PaneState> {
  if (!state.restore) return state;
  await restoreInputs(port, state.restore);
  return { ...state, restore: undefined, appliedOutputs: undefined };
}

/** Compares scenarios (progress and cancel through opts); the workbook ends as it started. */
export async function compareHandler(
  port: WorkbookPort,
  state: PaneState,
  ids: string[],
  opts: CompareOptions = {}
): Promise<PaneState> {
  if (ids.length === 0) throw new PaneError('chooseTwo');
  const comparison = await compareScenarios(port, state.store.doc, ids, opts);
  return { ...state, comparison };
}

/** Adds the formatted comparison sheet. Returns the sheet's name. */
export async function writeComparisonHandler(
  port: WorkbookPort,
  comparison: Comparison,
  lang: Lang,
  now = nowIso()
): Promise<string> {
  // Input values in their cells' own formats (a coupon as 2.50 %, an issue date as a date).
  const refs = comparison.inputs.map((i) => i.input.ref);
  const inputFormats = refs.length === 0 ? [] : await port.readNumberFormats(refs).catch(() => undefined);
  return port.addSheet(comparisonSheet(comparison, lang, now, { inputFormats }));
}

// ---------------------------------------------------------------- exchange and sharing

export interface ExportRequest {
  /** Scenario ids to export (default: all). */
  ids?: string[];
  bureau: string;
  author: string;
  /** The add-in's version, recorded in the file. */
  version: string;
}

/** The exchange file for the chosen scenarios: its name and text (the pane offers it as a download). */
export function exportHandler(
  state: PaneState,
  workbookName: string,
  req: ExportRequest,
  now = nowIso()
): { fileName: string; text: string; count: number } {
  const ids = req.ids ?? state.store.doc.scenarios.map((s) => s.id);
  if (ids.length === 0) throw new PaneError('chooseTwo');
  const provenance: ExchangeProvenance = {
    bureau: req.bureau.trim(),
    author: req.author.trim(),
    sourceWorkbook: workbookName,
    exported: now,
    addinVersion: req.version,
  };
  const file = exportScenarios(state.store.doc, { ids, provenance });
  return { fileName: exchangeFileName(workbookName), text: serialiseExchange(file), count: file.scenarios.length };
}

/**
 * Reads the picked file (an exchange file or an .xlsx) and plans the import against this
 * workbook: defined names for matching, and for every input or output this model lacks,
 * whether its cell exists here. Writes nothing. Throws ImportRefusedError for a file that
 * cannot be imported.
 */
export async function planImportHandler(
  port: WorkbookPort,
  state: PaneState,
  bytes: Uint8Array,
  fileName: string
): Promise<ImportPlan> {
  if (state.store.readOnly) throw new ReadOnlyError(state.store.readOnly);
  const read = await readImportSource(bytes, fileName);
  if (!read.ok) throw new ImportRefusedError(read.reason);
  const names = await port.definedNames();
  const first = planImport(state.store.doc, read.source, { names });
  const candidates = [...first.missingInputs, ...first.missingOutputs].map((m) => m.item.ref);
  const found = new Set<string>();
  for (const ref of candidates) {
    try {
      await port.readValues([ref]);
      found.add(ref);
    } catch {
      // Not in this workbook (no such sheet or name): reported, not added.
    }
  }
  return planImport(state.store.doc, read.source, { names, exists: (ref) => found.has(ref) });
}

/** Writes a confirmed import plan into the workbook's scenarios. */
export async function applyImportHandler(port: WorkbookPort, state: PaneState, plan: ImportPlan): Promise<PaneState> {
  return commit(port, state, applyImport(state.store.doc, plan));
}

/** The engine's snapshot (loaded on demand in Excel: it carries the formula engine). */
export type SnapshotFn = (bytes: Uint8Array, opts: SnapshotOptions) => Promise<SnapshotResult>;

export interface SharingCopy {
  fileName: string;
  bytes: Uint8Array;
  /** Formulas replaced by their values. */
  replaced: number;
  /** True when the host opened the copy as a new workbook. */
  opened: boolean;
}

/** `模型.xlsx` → `模型（共享副本）.xlsx` / `model (for sharing).xlsx`. */
export function sharingCopyName(workbookName: string, lang: Lang): string {
  const base = workbookName.replace(/^.*[\\/]/, '').replace(/\.(xlsx|xlsm)$/i, '') || 'workbook';
  return lang === 'zh-CN' ? `${base}（共享副本）.xlsx` : `${base} (for sharing).xlsx`;
}

/**
 * "Prepare a copy for sharing": the open file's bytes through the same snapshot as
 * `reuse-calc snapshot` (REUSE formulas replaced by values, a notes sheet added). The host opens
 * it as a new workbook where it can; the pane offers the bytes for download either way.
 */
export async function prepareCopyHandler(
  files: SharingPort,
  snapshot: SnapshotFn,
  opts: { version: string; lang: Lang; now?: () => Date; open?: boolean }
): Promise<SharingCopy> {
  const bytes = await files.fileBytes();
  const result = await snapshot(bytes, { version: opts.version, lang: opts.lang, now: opts.now });
  const opened = opts.open === false ? false : await files.openWorkbook(result.bytes).catch(() => false);
  return {
    fileName: sharingCopyName(files.fileName(), opts.lang),
    bytes: result.bytes,
    replaced: result.replaced.length,
    opened,
  };
}

/** The REUSE formulas the host cannot resolve, with their repair. Writes nothing. */
export async function findRepairsHandler(files: SharingPort): Promise<FormulaRepair[]> {
  return files.findRepairs();
}

/** Writes confirmed repairs; the scenario store is read again (the engine port reloads its workbook). */
export async function applyRepairsHandler(
  port: WorkbookPort,
  files: SharingPort,
  state: PaneState,
  repairs: FormulaRepair[]
): Promise<{ state: PaneState; written: FormulaRepair[] }> {
  const written = await files.writeRepairs(repairs);
  return { state: { ...state, store: await loadStore(port) }, written };
}
