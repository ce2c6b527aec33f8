/**
 * The WorkbookPort over the headless engine: an ExcelJS workbook (what gets saved) and the
 * HyperFormula engine built over it (what calculates). Runs in Node and in the browser
 * playground. The add-in's document lives in a custom XML part of the package, written and
 * read by custom-xml.ts exactly as Excel stores it, so a file saved here shows the same
 * scenarios in Excel (`customXmlParts.getByNamespace`) and back.
 */
import ExcelJS from 'exceljs';
import type { RawCellContent, SimpleCellAddress } from 'hyperformula';
import type { Lang } from '../core/errors';
import { isEngineError } from '../engine/engine';
import { toEngineFormula } from '../engine/formula-text';
import { repairWorkbookBytes } from '../engine/repair';
import { LoadedWorkbook, buildEngine, loadWorkbook, workbookBytes, writeResults } from '../engine/workbook';
import { CustomXmlPart, findPart, readCustomXmlParts, writeCustomXmlParts } from './custom-xml';
import { SCENARIO_NAMESPACE, unwrapDocument, wrapDocument } from './document-xml';
import { CellValue, Contents, FormulaRepair, NamedRef, PortError, Scalar, SharingPort, SheetSpec, StoredDocument, Write, WorkbookPort, ApplyResult } from './port';
import { columnLetters, formatRef, isSheetName, normaliseRef, parseRef } from './refs';

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

export interface EnginePortOptions {
  /** Display language tag the pane should use (`navigator.language` in the browser). */
  displayLanguage?: string;
  /** Custom XML parts of the package (from `readCustomXmlParts`). */
  customXml?: CustomXmlPart[];
  /** Dynamic-array cells of the file read, kept when saving. */
  dynamicArrays?: Map<string, Set<string>>;
  /** The workbook's file name (for downloads). */
  fileName?: string;
}

interface Located {
  sheet: string;
  address: SimpleCellAddress;
  cell: ExcelJS.Cell;
}

export class EnginePort implements WorkbookPort, SharingPort {
  private loaded: LoadedWorkbook;
  private parts: CustomXmlPart[];
  private selected: string | undefined;
  private readonly lang: string;
  private dynamicArrays?: Map<string, Set<string>>;
  private name: string;

  constructor(loaded: LoadedWorkbook, opts: EnginePortOptions = {}) {
    this.loaded = loaded;
    this.parts = (opts.customXml ?? []).map((p) => ({ ...p }));
    this.lang = opts.displayLanguage ?? 'en-US';
    this.dynamicArrays = opts.dynamicArrays ?? loaded.dynamicArrays;
    this.name = opts.fileName ?? 'workbook.xlsx';
  }

  /** Opens .xlsx bytes (checked as untrusted first), with their custom XML parts. */
  static async fromBytes(bytes: Uint8Array, opts: { displayLanguage?: string; fileName?: string } = {}): Promise<EnginePort> {
    const loaded = await loadWorkbook(bytes, { lang: engineLang(opts.displayLanguage) });
    const customXml = await readCustomXmlParts(bytes);
    return new EnginePort(loaded, { ...opts, customXml });
  }

  /** Wraps a workbook built in memory (the flagship example, tests). */
  static fromWorkbook(workbook: ExcelJS.Workbook, opts: { displayLanguage?: string; fileName?: string } = {}): EnginePort {
    return new EnginePort(buildEngine(workbook, engineLang(opts.displayLanguage)), opts);
  }

  /** Replaces the workbook held by this port with `bytes` (after a repair), keeping the port itself. */
  async reload(bytes: Uint8Array): Promise<void> {
    const next = await EnginePort.fromBytes(bytes, { displayLanguage: this.lang });
    const old = this.loaded;
    this.loaded = next.loaded;
    this.parts = next.parts;
    this.dynamicArrays = next.dynamicArrays;
    old.engine.hf.destroy();
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
    return result.changes.map((c) => ({ sheet: c.sheet, address: c.address, before: `=${c.before}`, after: `=${c.after}` }));
  }

  get workbook(): ExcelJS.Workbook {
    return this.loaded.workbook;
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

  async definedNames(): Promise<NamedRef[]> {
    const out: NamedRef[] = [];
    for (const { name, ranges } of this.namesModel()) {
      if (/^_xlnm\./i.test(name) || ranges.length !== 1) continue;
      const ref = normaliseRef(ranges[0]);
      const p = ref ? parseRef(ref) : undefined;
      if (ref && p?.kind === 'cell' && p.rows === 1 && p.cols === 1) out.push({ name, ref });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async readValues(refs: string[]): Promise<CellValue[]> {
    return refs.map((r) => this.value(this.locate(r)));
  }

  async readContents(refs: string[]): Promise<Contents[]> {
    return refs.map((r) => contentsOf(this.locate(r).cell));
  }

  async readNumberFormats(refs: string[]): Promise<string[]> {
    return refs.map((r) => this.locate(r).cell.numFmt || 'General');
  }

  async write(writes: Write[]): Promise<void> {
    const targets = writes.map((w) => ({ at: this.locate(w.ref), contents: w.contents }));
    const { engine } = this.loaded;
    engine.hf.batch(() => {
      for (const { at, contents } of targets) {
        at.cell.value = 'formula' in contents ? ({ formula: contents.formula.replace(/^=/, '') } as ExcelJS.CellFormulaValue) : (contents.value as ExcelJS.CellValue);
        engine.hf.setCellContents(at.address, [[engineContent(contents)]]);
      }
    });
    engine.settleSpills();
  }

  async recalc(): Promise<void> {
    // HyperFormula recalculates on every change; spills are settled after each write.
    this.loaded.engine.settleSpills();
  }

  async apply(writes: Write[], readRefs: string[]): Promise<ApplyResult> {
    const before = await this.readContents(writes.map((w) => w.ref));
    await this.write(writes);
    return { before: writes.map((w, i) => ({ ref: w.ref, contents: before[i] })), values: await this.readValues(readRefs) };
  }

  async addSheet(spec: SheetSpec): Promise<string> {
    const { workbook, engine } = this.loaded;
    const taken = new Set(workbook.worksheets.map((w) => w.name.toLowerCase()));
    const base = (isSheetName(spec.name) ? spec.name : 'Sheet').slice(0, 31);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - ` (${n})`.length)} (${n})`;
    const ws = workbook.addWorksheet(name);
    spec.columnWidths?.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    if (spec.freeze) ws.views = [{ state: 'frozen', xSplit: spec.freeze.cols, ySplit: spec.freeze.rows }];
    const grid: RawCellContent[][] = [];
    spec.rows.forEach((row, r) => {
      grid[r] = [];
      row.forEach((c, k) => {
        const cell = ws.getCell(r + 1, k + 1);
        cell.value = c.value as ExcelJS.CellValue;
        if (c.numberFormat) cell.numFmt = c.numberFormat;
        if (c.bold) cell.font = { bold: true };
        grid[r][k] = engineContent({ value: c.value });
      });
    });
    engine.hf.addSheet(name);
    engine.hf.setSheetContent(engine.hf.getSheetId(name)!, grid);
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
   * The workbook as .xlsx bytes: fresh cached values for every formula (so Excel and other
   * readers see the current scenario's numbers), dynamic arrays kept, and the custom XML parts.
   */
  async toBytes(): Promise<Uint8Array> {
    const fresh = buildEngine(this.loaded.workbook, engineLang(this.lang));
    try {
      writeResults(fresh);
    } finally {
      fresh.engine.hf.destroy();
    }
    const bytes = await workbookBytes(this.loaded.workbook, this.dynamicArrays);
    return writeCustomXmlParts(bytes, this.parts);
  }

  private namesModel(): { name: string; ranges: string[] }[] {
    return (this.loaded.workbook.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model ?? [];
  }

  private locate(ref: string): Located {
    const p = parseRef(ref);
    if (!p) throw new PortError('bad-ref', `not a cell reference or defined name: ${JSON.stringify(String(ref).slice(0, 80))}`, [String(ref)]);
    let target = p;
    if (p.kind === 'name') {
      const def = this.namesModel().find((n) => n.name.toLowerCase() === p.name.toLowerCase());
      const inner = def && def.ranges.length === 1 ? parseRef(def.ranges[0]) : undefined;
      if (!inner || inner.kind !== 'cell') throw new PortError('missing-ref', `no defined name ${p.name} pointing at cells`, [ref]);
      target = inner;
    }
    if (target.kind !== 'cell') throw new PortError('missing-ref', `cannot resolve ${ref}`, [ref]);
    if (target.rows > 1 || target.cols > 1) throw new PortError('not-a-cell', `${ref} is more than one cell`, [ref]);
    const ws = this.loaded.workbook.getWorksheet(target.sheet);
    const sheet = this.loaded.engine.hf.getSheetId(target.sheet);
    if (!ws || sheet === undefined) throw new PortError('missing-ref', `no sheet ${formatRef(target.sheet, 'A1').replace(/!A1$/, '')} for ${ref}`, [ref]);
    return { sheet: target.sheet, address: { sheet, row: target.row - 1, col: target.col - 1 }, cell: ws.getCell(`${columnLetters(target.col)}${target.row}`) };
  }

  private value(at: Located): CellValue {
    const v = this.loaded.engine.hf.getCellValue(at.address);
    if (isEngineError(v)) return { error: v.value };
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    return null;
  }
}

function engineLang(tag?: string): Lang {
  return tag && /^zh/i.test(tag) ? 'zh-CN' : 'en-US';
}

/** What an ExcelJS cell holds, as Contents (formulas as stored in the file, with a leading `=`). */
function contentsOf(cell: ExcelJS.Cell): Contents {
  if (cell.type === ExcelJS.ValueType.Formula) return { formula: '=' + cell.formula };
  const v = cell.value;
  if (v === null || v === undefined) return { value: null };
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return { value: v };
  if (v instanceof Date) return { value: (v.getTime() - EXCEL_EPOCH_MS) / 86_400_000 };
  if (typeof v === 'object' && 'richText' in v) return { value: v.richText.map((r) => r.text).join('') };
  if (typeof v === 'object' && 'error' in v) return { formula: v.error === '#N/A' ? '=NA()' : '=1/0' };
  if (typeof v === 'object' && 'text' in v) return { value: String((v as { text: unknown }).text) };
  return { value: null };
}

/** Contents as the engine takes them: text always stays text (leading apostrophe), formulas translated. */
function engineContent(c: Contents): RawCellContent {
  if ('formula' in c) return '=' + toEngineFormula(c.formula.replace(/^=/, ''));
  const v: Scalar = c.value;
  return typeof v === 'string' ? `'${v}` : v;
}
