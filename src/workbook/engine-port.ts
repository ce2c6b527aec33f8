/**
 * The WorkbookPort over the headless engine: the workbook's own package as read by the
 * package reader (src/xlsx), the HyperFormula engine built over it, and the cells the user
 * changed since (the overlay). Runs in Node and in the browser playground.
 *
 * Saving writes the changes into the original package in place (src/xlsx/write.ts): the
 * changed cells, fresh cached values for every formula, the sheets added, and the add-in's
 * document in a custom XML part exactly as Excel stores it (custom-xml.ts). Every other part
 * keeps its bytes, so what another producer wrote survives a round trip through the pane.
 *
 * Writes are transactional: a write that the engine cannot take (HyperFormula refuses some
 * changes of a spill's size in place) is retried on an engine built afresh from the package and
 * the changed cells, exactly as the CLI would load the saved file; if that fails too, every
 * cell is put back as it was and the error names the inputs.
 *
 * A what-if (`tryOut`) puts its cells back in the overlay at once but in the engine only when
 * the engine is next used, in the same batch as the next write: a run of what-ifs over the same
 * inputs then costs one recalculation each instead of two, and a formula input (a cap read
 * from the policy catalogue) is not parsed again after every run.
 */
import type { RawCellContent, SimpleCellAddress } from 'hyperformula';
import { Lang, resolveLang } from '../core/i18n';
import { isEngineError } from '../engine/engine';
import { toEngineFormula } from '../engine/formula-text';
import { editsBySheet, patchContext, patchSheets } from '../engine/patch-values';
import { repairWorkbookBytes } from '../engine/repair';
import {
  LoadedWorkbook,
  RecalcReport,
  buildEngine,
  computeResults,
  constantContent,
  toExcelResult,
} from '../engine/load';
import { Result } from '../xlsx/cells';
import { MAX_COL, isBuiltinName } from '../xlsx/a1';
import { readWorkbook } from '../xlsx/package';
import type { CellRecord } from '../xlsx/sheet';
import { NewCell, PackageWriter, SheetEdits, addEdit, worksheetXml } from '../xlsx/write';
import { CustomXmlPart, customXmlPartsOf, findPart, writeCustomXmlParts } from './custom-xml';
import { SCENARIO_NAMESPACE, unwrapDocument, wrapDocument } from './document-xml';
import {
  ApplyResult,
  CellValue,
  Contents,
  FormulaRepair,
  NamedRef,
  PortError,
  Scalar,
  SharingPort,
  SheetCell,
  SheetSpec,
  StoredDocument,
  Write,
  WorkbookPort,
} from './port';
import { formatRef, isSheetName, normaliseRef, parseRef } from './refs';

export interface EnginePortOptions {
  /** Display language tag the pane should use (`navigator.language` in the browser). */
  displayLanguage?: string;
  /** The workbook's file name (for downloads). */
  fileName?: string;
}

/** A cell as the port addresses it: sheet name, engine address, 1-based row and column. */
interface Located {
  sheet: string;
  address: SimpleCellAddress;
  row: number;
  col: number;
}

/** A sheet added through the port: what it holds, kept to write it into the package. */
interface AddedSheet {
  name: string;
  spec: SheetSpec;
}

const key = (row: number, col: number) => (row - 1) * MAX_COL + (col - 1);
/** A cell's key across sheets. */
const cellKey = (at: Located) => `${at.address.sheet}:${key(at.row, at.col)}`;

export class EnginePort implements WorkbookPort, SharingPort {
  private loaded: LoadedWorkbook;
  private parts: CustomXmlPart[];
  private selected: string | undefined;
  private readonly lang: string;
  private name: string;
  /** Cells written since the file was read, by sheet: their contents as the user gave them. */
  private overlay = new Map<string, Map<number, Contents>>();
  private added: AddedSheet[] = [];
  /** The file's cells by sheet, indexed on first use. */
  private index = new Map<string, Map<number, CellRecord>>();
  /**
   * Cells a what-if left in the engine: the overlay (and the file) already hold what they should
   * contain again; the engine gets it with the next write, before anything reads the engine.
   */
  private stale = new Map<string, { at: Located; contents: Contents }>();
  /**
   * References already resolved (they depend on the defined names, the sheets and their engine
   * ids): emptied when the workbook is reloaded, a sheet is added or the engine rebuilt.
   */
  private located = new Map<string, Located>();

  private constructor(loaded: LoadedWorkbook, parts: CustomXmlPart[], opts: EnginePortOptions) {
    this.loaded = loaded;
    this.parts = parts;
    this.lang = opts.displayLanguage ?? 'en-US';
    this.name = opts.fileName ?? 'workbook.xlsx';
  }

  /** Opens .xlsx bytes (read as untrusted, within the package reader's limits), with their custom XML parts. */
  static async fromBytes(bytes: Uint8Array, opts: EnginePortOptions = {}): Promise<EnginePort> {
    const model = await readWorkbook(bytes);
    const loaded = buildEngine(model, { lang: engineLang(opts.displayLanguage) });
    try {
      return new EnginePort(loaded, await customXmlPartsOf(model), opts);
    } catch (e) {
      loaded.engine.hf.destroy();
      throw e;
    }
  }

  /** Replaces the workbook held by this port with `bytes` (after a repair), keeping the port itself. */
  async reload(bytes: Uint8Array): Promise<void> {
    const next = await EnginePort.fromBytes(bytes, { displayLanguage: this.lang });
    const old = this.loaded;
    this.loaded = next.loaded;
    this.parts = next.parts;
    this.overlay = new Map();
    this.added = [];
    this.index = new Map();
    this.stale = new Map();
    this.located = new Map();
    old.engine.hf.destroy();
  }

  /** Frees the engine. */
  dispose(): void {
    this.loaded.engine.hf.destroy();
  }

  fileName(): string {
    return this.name;
  }

  setFileName(name: string): void {
    this.name = name;
  }

  fileBytes(): Promise<Uint8Array> {
    return this.toBytes();
  }

  /** The engine holds one workbook: a copy is offered as a download instead. */
  async openWorkbook(): Promise<boolean> {
    return false;
  }

  /** The byte-level repair (the CLI's) run on the workbook's bytes: what it would change. */
  async findRepairs(): Promise<FormulaRepair[]> {
    const { changes } = await repairWorkbookBytes(await this.toBytes());
    return changes.map((c) => ({ sheet: c.sheet, address: c.address, before: `=${c.before}`, after: `=${c.after}` }));
  }

  /**
   * Repairs the workbook's bytes and reloads them. The byte-level repair rewrites every
   * repairable formula; what it wrote is returned.
   */
  async writeRepairs(repairs: FormulaRepair[]): Promise<FormulaRepair[]> {
    if (repairs.length === 0) return [];
    const result = await repairWorkbookBytes(await this.toBytes());
    if (result.changes.length > 0) await this.reload(result.bytes);
    return result.changes.map((c) => ({
      sheet: c.sheet,
      address: c.address,
      before: `=${c.before}`,
      after: `=${c.after}`,
    }));
  }

  /** The workbook's sheet names, in order (the file's worksheets, then the sheets added). */
  sheetNames(): string[] {
    return [...this.loaded.model.sheets.filter((s) => s.xml).map((s) => s.name), ...this.added.map((a) => a.name)];
  }

  /** The playground's stand-in for Excel's selection. */
  setSelection(ref: string | undefined): void {
    this.selected = ref === undefined ? undefined : normaliseRef(ref);
  }

  displayLanguage(): string {
    return this.lang;
  }

  async selection(): Promise<string | undefined> {
    return this.selected;
  }

  /** Workbook-level defined names that point at one cell (the inputs a pane can offer). */
  async definedNames(): Promise<NamedRef[]> {
    const out: NamedRef[] = [];
    for (const n of this.loaded.model.names) {
      if (n.scope !== undefined || n.hidden || isBuiltinName(n.name)) continue;
      const ref = normaliseRef(n.formula);
      const p = ref ? parseRef(ref) : undefined;
      if (ref && p?.kind === 'cell' && p.rows === 1 && p.cols === 1) out.push({ name: n.name, ref });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async readValues(refs: string[]): Promise<CellValue[]> {
    const at = refs.map((r) => this.locate(r));
    this.settle(at);
    return at.map((a) => this.value(a));
  }

  async readContents(refs: string[]): Promise<Contents[]> {
    return refs.map((r) => this.contentsAt(this.locate(r)));
  }

  async readNumberFormats(refs: string[]): Promise<string[]> {
    return refs.map((r) => {
      const at = this.locate(r);
      const added = this.added.find((a) => a.name === at.sheet);
      if (added) return added.spec.rows[at.row - 1]?.[at.col - 1]?.numberFormat ?? 'General';
      const record = this.record(at);
      return record ? this.loaded.model.numberFormat(record.style) : 'General';
    });
  }

  async write(writes: Write[]): Promise<void> {
    this.writeAll(writes.map((w) => ({ at: this.locate(w.ref), ref: w.ref, contents: w.contents })));
  }

  async recalc(): Promise<void> {
    // HyperFormula recalculates on every change; spills are settled after each write.
    this.settle();
    this.loaded.engine.settleSpills();
  }

  async apply(writes: Write[], readRefs: string[]): Promise<ApplyResult> {
    const targets = writes.map((w) => ({ at: this.locate(w.ref), ref: w.ref, contents: w.contents }));
    const reads = readRefs.map((r) => this.locate(r)); // a bad output ref fails before anything is written
    const before = targets.map((t) => this.contentsAt(t.at));
    this.writeAll(targets);
    return {
      before: writes.map((w, i) => ({ ref: w.ref, contents: before[i] })),
      values: reads.map((a) => this.value(a)),
    };
  }

  /**
   * A what-if: writes `writes` (all or none, as `apply`), reads `readRefs`, and puts every
   * written cell back to what it held before (formulas as formulas). Afterwards the workbook is
   * as it was for every reader: `readValues`, `toBytes` and the next write see the cells put back.
   * The engine takes them back with its next use, so consecutive what-ifs recalculate once each,
   * and recalculates only what `readRefs` depend on (Engine.withDemand): the rest of the model
   * is recalculated when something reads it.
   */
  async tryOut(writes: Write[], readRefs: string[]): Promise<CellValue[]> {
    const targets = writes.map((w) => ({ at: this.locate(w.ref), ref: w.ref, contents: w.contents }));
    const reads = readRefs.map((r) => this.locate(r));
    // Read before any write, so a cell named twice (a name and its address) gets its original back too.
    const before = targets.map((t) => this.contentsAt(t.at));
    this.writeAll(targets, reads);
    const values = reads.map((a) => this.value(a));
    targets.forEach((t, i) => {
      if (this.added.some((a) => a.name === t.at.sheet)) {
        // an added sheet's cells are plain values kept in its spec: put back at once
        this.writeAll([{ at: t.at, ref: t.ref, contents: before[i] }]);
        return;
      }
      this.remember(t.at, before[i]);
      this.stale.set(cellKey(t.at), { at: t.at, contents: before[i] });
    });
    return values;
  }

  async addSheet(spec: SheetSpec): Promise<string> {
    const taken = new Set(this.sheetNames().map((n) => n.toLowerCase()));
    const base = (isSheetName(spec.name) ? spec.name : 'Sheet').slice(0, 31);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - ` (${n})`.length)} (${n})`;
    this.settle();
    const { hf } = this.loaded.engine;
    hf.addSheet(name);
    hf.setSheetContent(hf.getSheetId(name)!, sheetGrid(spec.rows));
    this.added.push({ name, spec: { ...spec, name } });
    this.located.clear();
    return name;
  }

  async loadDocument(): Promise<StoredDocument | undefined> {
    const part = findPart(this.parts, SCENARIO_NAMESPACE);
    return part ? unwrapDocument(part.xml) : undefined;
  }

  async saveDocument(json: string): Promise<void> {
    const xml = wrapDocument(json);
    const part = findPart(this.parts, SCENARIO_NAMESPACE);
    if (part) {
      if (part.xml !== xml) part.xml = xml;
    } else this.parts.push({ xml, schemaRefs: [SCENARIO_NAMESPACE] });
  }

  /**
   * The workbook as .xlsx bytes: the package as read, with the cells written since, fresh
   * cached values for every formula (so Excel and other readers see the current scenario's
   * numbers), the sheets added and the custom XML parts.
   */
  async toBytes(): Promise<Uint8Array> {
    return (await this.toBytesWithReport()).bytes;
  }

  /** `toBytes`, with the recalculation report of the cached values written (what the CLI's recalc prints). */
  async toBytesWithReport(): Promise<{ bytes: Uint8Array; report: RecalcReport }> {
    this.settle();
    const { loaded } = this;
    const { model } = loaded;
    const writer = new PackageWriter(model);
    const plan = computeResults(loaded, { keepUnverified: false }); // the user changed inputs: the engine's values are the current ones
    const edits = editsBySheet(loaded, plan.cells);
    for (const [sheet, cells] of this.overlay) {
      let e = edits.get(sheet);
      if (!e) edits.set(sheet, (e = new Map()));
      const sheetId = loaded.sheetIds.get(sheet)!;
      for (const [k, contents] of cells) {
        const row = Math.floor(k / MAX_COL) + 1;
        const col = (k % MAX_COL) + 1;
        const value = toExcelResult(loaded.engine.hf.getCellValue({ sheet: sheetId, row: row - 1, col: col - 1 }));
        const record = this.record({ sheet, address: { sheet: sheetId, row: row - 1, col: col - 1 }, row, col });
        if (record?.f?.kind === 'shared' && record.f.own) this.unshare(sheet, record, e, cells);
        if ('formula' in contents)
          addEdit(e, row, col, { kind: 'formula', text: contents.formula.replace(/^=/, ''), value });
        else addEdit(e, row, col, { kind: 'constant', value: contents.value });
      }
    }
    patchSheets(loaded, writer, edits, await patchContext(loaded, writer, edits));
    // The calculation chain lists formula cells; an edited one may no longer be (Excel rebuilds it).
    if (this.overlay.size) await writer.dropCalcChain();
    for (const a of this.added) await writer.addWorksheet(a.name, await addedSheetXml(writer, a.spec));
    const bytes = await writer.toBytes();
    return { bytes: await writeCustomXmlParts(bytes, this.parts), report: plan.report };
  }

  /**
   * A shared formula's master is being replaced: every cell sharing it gets its own formula
   * (as Excel does when the master is edited), so none is left pointing at a master that is gone.
   */
  private unshare(sheet: string, master: CellRecord, e: SheetEdits, changed: Map<number, Contents>): void {
    const sheetId = this.loaded.sheetIds.get(sheet)!;
    for (const f of this.loaded.formulas) {
      const r = f.record;
      if (f.sheet !== sheet || r === master || r.f?.kind !== 'shared' || r.f.own || r.f.si !== master.f!.si) continue;
      if (changed.has(key(f.row, f.col))) continue;
      const value = toExcelResult(
        this.loaded.engine.hf.getCellValue({ sheet: sheetId, row: f.row - 1, col: f.col - 1 })
      );
      addEdit(e, f.row, f.col, { kind: 'formula', text: f.text, value });
    }
  }

  /**
   * Writes cells, all or none. A change HyperFormula refuses in place is made on an engine built
   * afresh (the file's cells with every change so far, as a fresh load would see them); when that
   * fails too, the engine and the overlay are as they were before and the error names the inputs.
   */
  private writeAll(targets: { at: Located; ref: string; contents: Contents }[], reads?: Located[]): void {
    if (targets.length === 0) return;
    const { engine } = this.loaded;
    const previous = targets.map((t) => ({
      at: t.at,
      had: this.overlay.get(t.at.sheet)?.get(key(t.at.row, t.at.col)),
    }));
    for (const t of targets) this.remember(t.at, t.contents);
    // Cells a what-if left in the engine go back in the same batch, unless written again now.
    const stale = [...this.stale.values()];
    this.stale.clear();
    const written = new Set(targets.map((t) => cellKey(t.at)));
    const change = () =>
      engine.hf.batch(() => {
        for (const s of stale)
          if (!written.has(cellKey(s.at))) engine.hf.setCellContents(s.at.address, [[engineContent(s.contents)]]);
        for (const t of targets) engine.hf.setCellContents(t.at.address, [[engineContent(t.contents)]]);
      });
    try {
      if (reads)
        engine.withDemand(
          reads.map((r) => r.address),
          change
        );
      else {
        change();
        engine.settleSpills();
      }
      return;
    } catch (inPlace) {
      try {
        this.rebuild();
        return;
      } catch (fresh) {
        for (const p of previous.reverse()) this.restoreOverlay(p.at, p.had);
        this.rebuild();
        const refs = targets.map((t) => t.ref);
        const why = fresh instanceof Error ? fresh.message : String(fresh ?? inPlace);
        throw new PortError(
          'host',
          `the engine could not take the new value of ${refs.join(', ')} (${why}); every cell is as it was`,
          refs
        );
      }
    }
  }

  /**
   * Brings the engine up to date for `reads` (every cell when not given): puts back the cells a
   * what-if left in the engine, so it holds the overlay again, and recalculates what the what-ifs
   * left for later. In place when the engine takes it, else on an engine built afresh (the state
   * before the what-if).
   */
  private settle(reads?: Located[]): void {
    const { engine } = this.loaded;
    if (this.stale.size === 0 && !engine.hasDeferred) return;
    const stale = [...this.stale.values()];
    this.stale.clear();
    const putBack = () =>
      engine.hf.batch(() => {
        for (const s of stale) engine.hf.setCellContents(s.at.address, [[engineContent(s.contents)]]);
      });
    try {
      if (reads)
        engine.withDemand(
          reads.map((r) => r.address),
          putBack
        );
      else {
        putBack();
        engine.settleSpills();
        engine.flush();
      }
    } catch {
      this.rebuild();
    }
  }

  /** Builds the engine again from the file's cells, the overlay and the added sheets, and swaps it in. */
  private rebuild(): void {
    this.stale.clear(); // the new engine is built from the overlay: nothing is left to put back
    this.located.clear();
    const overlay = new Map<string, Map<number, RawCellContent>>();
    for (const [sheet, cells] of this.overlay)
      overlay.set(sheet, new Map([...cells].map(([k, c]) => [k, engineContent(c)])));
    const extraSheets = new Map(this.added.map((a) => [a.name, sheetGrid(a.spec.rows)]));
    const next = buildEngine(this.loaded.model, { lang: engineLang(this.lang), overlay, extraSheets });
    const old = this.loaded.engine;
    this.loaded = next;
    old.hf.destroy();
  }

  /** Notes a cell's new contents; contents equal to the file's own are no change at all. */
  private remember(at: Located, contents: Contents): void {
    let cells = this.overlay.get(at.sheet);
    if (this.added.some((a) => a.name === at.sheet)) {
      this.writeAddedCell(at, contents);
      return;
    }
    if (!cells) this.overlay.set(at.sheet, (cells = new Map()));
    if (sameContents(this.fileContents(at), contents)) cells.delete(key(at.row, at.col));
    else cells.set(key(at.row, at.col), contents);
    if (cells.size === 0) this.overlay.delete(at.sheet);
  }

  private restoreOverlay(at: Located, had: Contents | undefined): void {
    if (had) this.remember(at, had);
    else this.remember(at, this.fileContents(at));
  }

  /** A cell of an added sheet written through the port: kept in the sheet's spec (values only). */
  private writeAddedCell(at: Located, contents: Contents): void {
    const spec = this.added.find((a) => a.name === at.sheet)!.spec;
    const rows = spec.rows.map((r) => [...r]);
    while (rows.length < at.row) rows.push([]);
    const line = rows[at.row - 1];
    while (line.length < at.col) line.push({ value: null });
    const cell: SheetCell = 'formula' in contents ? { value: null } : { ...line[at.col - 1], value: contents.value };
    line[at.col - 1] = cell;
    spec.rows = rows;
  }

  private record(at: Located): CellRecord | undefined {
    let cells = this.index.get(at.sheet);
    if (!cells) {
      const info = this.loaded.model.sheets.find((s) => s.name === at.sheet && s.xml);
      cells = new Map();
      for (const c of info?.xml?.cells ?? []) cells.set(key(c.row, c.col), c);
      this.index.set(at.sheet, cells);
    }
    return cells.get(key(at.row, at.col));
  }

  /** What the file itself holds at a cell. */
  private fileContents(at: Located): Contents {
    const added = this.added.find((a) => a.name === at.sheet);
    if (added) return { value: added.spec.rows[at.row - 1]?.[at.col - 1]?.value ?? null };
    const record = this.record(at);
    if (!record) return { value: null };
    if (record.f && record.f.text.trim() !== '') return { formula: '=' + record.f.text };
    return resultContents(record.value);
  }

  private contentsAt(at: Located): Contents {
    return this.overlay.get(at.sheet)?.get(key(at.row, at.col)) ?? this.fileContents(at);
  }

  private locate(ref: string): Located {
    let at = this.located.get(ref);
    if (!at) {
      at = this.resolve(ref);
      if (this.located.size >= 10_000) this.located.clear(); // a script reading ever new cells
      this.located.set(ref, at);
    }
    return at;
  }

  private resolve(ref: string): Located {
    const p = parseRef(ref);
    if (!p)
      throw new PortError(
        'bad-ref',
        `not a cell reference or defined name: ${JSON.stringify(String(ref).slice(0, 80))}`,
        [String(ref)]
      );
    let target = p;
    if (p.kind === 'name') {
      const def = this.loaded.model.names.find(
        (n) => n.scope === undefined && n.name.toLowerCase() === p.name.toLowerCase()
      );
      const inner = def ? parseRef(normaliseRef(def.formula)) : undefined;
      if (!inner || inner.kind !== 'cell')
        throw new PortError('missing-ref', `no defined name ${p.name} pointing at cells`, [ref]);
      target = inner;
    }
    if (target.kind !== 'cell') throw new PortError('missing-ref', `cannot resolve ${ref}`, [ref]);
    if (target.rows > 1 || target.cols > 1) throw new PortError('not-a-cell', `${ref} is more than one cell`, [ref]);
    const sheet = this.sheetNames().find((n) => n.toLowerCase() === target.sheet.toLowerCase());
    const id = sheet === undefined ? undefined : this.loaded.engine.hf.getSheetId(sheet);
    if (sheet === undefined || id === undefined)
      throw new PortError('missing-ref', `no sheet ${formatRef(target.sheet, 'A1').replace(/!A1$/, '')} for ${ref}`, [
        ref,
      ]);
    return {
      sheet,
      address: { sheet: id, row: target.row - 1, col: target.col - 1 },
      row: target.row,
      col: target.col,
    };
  }

  private value(at: Located): CellValue {
    const v = this.loaded.engine.hf.getCellValue(at.address);
    if (isEngineError(v)) return { error: v.value };
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    return null;
  }
}

function engineLang(tag?: string): Lang {
  return resolveLang(tag);
}

/** A constant as Contents: errors as the formula that gives them. */
function resultContents(v: Result): Contents {
  if (v !== null && typeof v === 'object') return { formula: v.error === '#N/A' ? '=NA()' : `=${v.error}` };
  return { value: v };
}

function sameContents(a: Contents, b: Contents): boolean {
  if ('formula' in a || 'formula' in b)
    return 'formula' in a && 'formula' in b && a.formula.replace(/^=/, '') === b.formula.replace(/^=/, '');
  return a.value === b.value;
}

/** Contents as the engine takes them: text always stays text (leading apostrophe), formulas translated. */
function engineContent(c: Contents): RawCellContent {
  if ('formula' in c) return '=' + toEngineFormula(c.formula.replace(/^=/, ''));
  const v: Scalar = c.value;
  return typeof v === 'string' ? `'${v}` : v;
}

function sheetGrid(rows: SheetCell[][]): RawCellContent[][] {
  return rows.map((row) => row.map((c) => constantContent(c.value as Result)));
}

/** The worksheet part of a sheet added through the port: values, number formats, bold, widths, frozen panes. */
async function addedSheetXml(writer: PackageWriter, spec: SheetSpec): Promise<string> {
  const rows: NewCell[][] = [];
  for (const line of spec.rows) {
    const out: NewCell[] = [];
    for (const cell of line) {
      const style = cell.numberFormat || cell.bold ? await writer.cellStyle(cell.numberFormat, !!cell.bold) : undefined;
      out.push({ value: (cell.value ?? null) as Result, ...(style !== undefined ? { style } : {}) });
    }
    rows.push(out);
  }
  return worksheetXml(rows, { widths: spec.columnWidths, freeze: spec.freeze });
}
