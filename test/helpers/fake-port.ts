/**
 * An in-memory WorkbookPort for the pure scenario tests: cells hold values or "formulas"
 * (here: JS functions of the other cells), recalculated on every read. Counts calls so tests
 * can check batching.
 */
import type {
  ApplyResult,
  CellValue,
  Contents,
  NamedRef,
  SheetSpec,
  StoredDocument,
  Write,
  WorkbookPort,
} from '../../src/workbook/port';

export type Formula = (get: (ref: string) => CellValue) => CellValue;

export class FakePort implements WorkbookPort {
  readonly cells = new Map<string, Contents>();
  readonly formulas = new Map<string, Formula>();
  readonly sheets: SheetSpec[] = [];
  readonly calls: string[] = [];
  names: NamedRef[] = [];
  selected?: string;
  stored?: StoredDocument;
  saves = 0;

  constructor(values: Record<string, CellValue> = {}, formulas: Record<string, Formula> = {}) {
    for (const [k, v] of Object.entries(values)) this.cells.set(k, { value: v as number });
    for (const [k, f] of Object.entries(formulas)) {
      this.formulas.set(k, f);
      this.cells.set(k, { formula: `=calc(${k})` });
    }
  }

  get = (ref: string): CellValue => {
    const c = this.cells.get(ref);
    if (!c) return null;
    if ('formula' in c) return this.formulas.get(ref)?.(this.get) ?? { error: '#NAME?' };
    return c.value;
  };

  async readValues(refs: string[]): Promise<CellValue[]> {
    this.calls.push('readValues');
    return refs.map(this.get);
  }
  async readContents(refs: string[]): Promise<Contents[]> {
    this.calls.push('readContents');
    return refs.map((r) => this.cells.get(r) ?? { value: null });
  }
  async readNumberFormats(refs: string[]): Promise<string[]> {
    return refs.map(() => '#,##0.00');
  }
  async write(writes: Write[]): Promise<void> {
    this.calls.push('write');
    for (const w of writes) this.cells.set(w.ref, w.contents);
  }
  async recalc(): Promise<void> {}
  async apply(writes: Write[], readRefs: string[]): Promise<ApplyResult> {
    this.calls.push('apply');
    const before = writes.map((w) => ({ ref: w.ref, contents: this.cells.get(w.ref) ?? { value: null } }));
    for (const w of writes) this.cells.set(w.ref, w.contents);
    return { before, values: readRefs.map(this.get) };
  }
  async definedNames(): Promise<NamedRef[]> {
    return this.names;
  }
  async selection(): Promise<string | undefined> {
    return this.selected;
  }
  displayLanguage(): string {
    return 'zh-CN';
  }
  async addSheet(spec: SheetSpec): Promise<string> {
    this.sheets.push(spec);
    return spec.name;
  }
  async loadDocument(): Promise<StoredDocument | undefined> {
    return this.stored;
  }
  async saveDocument(json: string): Promise<void> {
    this.saves++;
    this.stored = { json };
  }
}
