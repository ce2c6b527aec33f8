/**
 * A stateful Excel for the Office port's tests, built on office-addin-mock. office-addin-mock
 * gives Office.js's load/sync semantics (a property read before `load` + `sync` is the string
 * "Error, property was not loaded"); its objects hold static data, so this helper keeps the
 * workbook's state (cells, formulas as JS functions, defined names, custom XML parts, sheets)
 * and, at every `context.sync()`, applies the queued writes, recalculates and refreshes the
 * loaded properties of the objects handed out in the batch. It counts syncs.
 */
import { OfficeMockObject } from 'office-addin-mock';

const colLetters = (n: number): string => {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

export type MockValue = number | string | boolean | null;
export type MockFormula = (get: (key: string) => MockValue) => MockValue;

interface Cell {
  value: MockValue;
  /** Formula text as Excel's `formulas` shows it, and its JS stand-in. */
  formula?: string;
  fn?: MockFormula;
  error?: string;
  numberFormat?: string;
}

interface Tracked {
  key: string;
  mock: OfficeMockObject & Record<string, unknown>;
  loads: string[];
  published: { values: unknown; formulas: unknown; numberFormat: unknown };
}

const NOT_LOADED = 'Error, property was not loaded';

export interface MockWorkbookInit {
  /** 'Sheet!A1' → value. */
  values?: Record<string, MockValue>;
  /** 'Sheet!A1' → [formula text, JS function of other cells]. */
  formulas?: Record<string, [string, MockFormula]>;
  /** name → 'Sheet!A1' (stored as Excel shows it: `='Sheet'!$A$1`). */
  names?: Record<string, string>;
  hiddenNames?: Record<string, string>;
  sheets?: string[];
  parts?: { namespace: string; xml: string }[];
  selection?: string;
}

export class MockExcel {
  readonly cells = new Map<string, Cell>();
  readonly names: { name: string; formula: string; type: string; visible: boolean }[] = [];
  readonly sheets: string[];
  readonly parts: { id: string; namespace: string; xml: string }[] = [];
  /** Every custom XML mutation (add / setXml), to check that unchanged saves write nothing. */
  readonly partWrites: string[] = [];
  readonly calculations: string[] = [];
  /** Blocks of cells loaded by `getRangeByIndexes` (sheet, 0-based row and column, size). */
  readonly blockLoads: { sheet: string; row: number; col: number; rows: number; cols: number }[] = [];
  readonly addedSheets: { name: string; values?: unknown; numberFormat?: unknown; bold: string[]; widths: number[] }[] = [];
  syncs = 0;
  selectionAddress: string;
  private tracked: Tracked[] = [];
  private pending: (() => void)[] = [];
  /** Other mock objects handed out in the batch (synced as they are). */
  private others: OfficeMockObject[] = [];
  readonly context: OfficeMockObject & { workbook: any; sync: () => Promise<void> };

  constructor(init: MockWorkbookInit = {}) {
    for (const [k, v] of Object.entries(init.values ?? {})) this.cells.set(k, { value: v });
    for (const [k, [text, fn]] of Object.entries(init.formulas ?? {})) this.cells.set(k, { value: null, formula: text, fn });
    for (const [name, ref] of Object.entries(init.names ?? {})) this.names.push({ name, formula: `=${ref}`, type: 'Range', visible: true });
    for (const [name, ref] of Object.entries(init.hiddenNames ?? {})) this.names.push({ name, formula: `=${ref}`, type: 'Range', visible: false });
    this.sheets = init.sheets ?? [...new Set([...this.cells.keys()].map((k) => k.slice(0, k.lastIndexOf('!'))))];
    (init.parts ?? []).forEach((p, i) => this.parts.push({ id: `{PART-${i}}`, ...p }));
    this.selectionAddress = init.selection ?? 'Sheet1!A1';
    this.recalc();

    const self = this;
    const range = (key: string) => self.range(key);
    this.context = new OfficeMockObject({
      workbook: {
        worksheets: {
          getItem: (sheet: string) => {
            if (!self.sheets.includes(sheet)) throw Object.assign(new Error(`sheet ${sheet} not found`), { code: 'ItemNotFound' });
            return {
              getRange: (address: string) => range(`${sheet}!${address}`),
              getUsedRangeOrNullObject: () => self.usedRange(sheet),
              getRangeByIndexes: (row: number, col: number, rows: number, cols: number) => self.block(sheet, row, col, rows, cols),
            };
          },
          load: () => self.collection(() => self.sheets.map((name) => ({ name }))),
          add: (name: string) => self.addSheet(name),
        },
        names: {
          getItem: (name: string) => {
            const n = self.names.find((x) => x.name.toLowerCase() === name.toLowerCase());
            if (!n) throw Object.assign(new Error(`name ${name} not found`), { code: 'ItemNotFound' });
            return { getRange: () => range(n.formula.slice(1).replace(/\$/g, '').replace(/^'(.*)'!/, '$1!')) };
          },
          load: () => self.collection(() => self.names.map((n) => ({ ...n }))),
        },
        getSelectedRange: () => {
          const m = new OfficeMockObject({ address: self.selectionAddress });
          self.others.push(m);
          return m;
        },
        application: { calculate: (type: string) => self.pending.push(() => self.calculations.push(type)) },
        customXmlParts: {
          getByNamespace: (ns: string) => ({
            load: () => self.collection(() => self.parts.filter((p) => p.namespace === ns).map((p) => self.partObject(p))),
          }),
          add: (xml: string) =>
            self.pending.push(() => {
              self.partWrites.push('add');
              const ns = /xmlns="([^"]*)"/.exec(xml)?.[1] ?? '';
              self.parts.push({ id: `{PART-${self.parts.length}}`, namespace: ns, xml });
            }),
        },
      },
      sync: async () => self.sync(),
    }) as any;
  }

  /** A cell's current value (after recalculation). */
  get = (key: string): MockValue => this.cells.get(key)?.value ?? null;

  private recalc(): void {
    // Formulas may depend on formulas: a few passes settle a small acyclic model.
    for (let pass = 0; pass < 5; pass++) for (const c of this.cells.values()) if (c.fn) c.value = c.fn(this.get);
  }

  private range(key: string): OfficeMockObject & Record<string, any> {
    const c = this.cells.get(key) ?? { value: null };
    const mock = new OfficeMockObject(this.rangeData(key, c)) as OfficeMockObject & Record<string, any>;
    const t: Tracked = { key, mock, loads: [], published: { values: mock.values, formulas: mock.formulas, numberFormat: mock.numberFormat } };
    const load = mock.load.bind(mock) as (p?: any) => unknown;
    (mock as any).load = (p?: string) => {
      if (p) t.loads.push(p);
      load(p);
      return mock;
    };
    mock.getCell = () => mock;
    this.tracked.push(t);
    return mock;
  }

  private rangeData(key: string, c: Cell) {
    const type = c.error ? 'Error' : c.value === null ? 'Empty' : typeof c.value === 'number' ? 'Double' : typeof c.value === 'boolean' ? 'Boolean' : 'String';
    return {
      address: key,
      values: [[c.error ?? (c.value === null ? '' : c.value)]],
      valueTypes: [[type]],
      formulas: [[c.formula ?? (c.value === null ? '' : c.value)]],
      numberFormat: [[c.numberFormat ?? 'General']],
    };
  }

  /** Cells of a sheet as [row, col] (0-based) → key. */
  private sheetCells(sheet: string): { row: number; col: number; key: string }[] {
    const out: { row: number; col: number; key: string }[] = [];
    for (const key of this.cells.keys()) {
      if (key.slice(0, key.lastIndexOf('!')) !== sheet) continue;
      const m = /^([A-Z]+)(\d+)$/.exec(key.slice(key.lastIndexOf('!') + 1))!;
      const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      out.push({ row: Number(m[2]) - 1, col, key });
    }
    return out;
  }

  /** `getUsedRangeOrNullObject`: the bounding box of the sheet's cells, filled in at the next sync. */
  private usedRange(sheet: string) {
    const r: Record<string, unknown> = { isNullObject: NOT_LOADED };
    r.load = () => r;
    this.pending.push(() => {
      const cells = this.sheetCells(sheet);
      r.isNullObject = cells.length === 0;
      if (cells.length === 0) return;
      const top = Math.min(...cells.map((c) => c.row));
      const left = Math.min(...cells.map((c) => c.col));
      Object.assign(r, { rowIndex: top, columnIndex: left, rowCount: Math.max(...cells.map((c) => c.row)) - top + 1, columnCount: Math.max(...cells.map((c) => c.col)) - left + 1 });
    });
    return r;
  }

  /** `getRangeByIndexes(...).load('formulas,values,valueTypes')`, filled in at the next sync. */
  private block(sheet: string, row: number, col: number, rows: number, cols: number) {
    const r: Record<string, unknown> = { formulas: NOT_LOADED };
    r.load = () => r;
    this.blockLoads.push({ sheet, row, col, rows, cols });
    this.pending.push(() => {
      const grid = (f: (c: Cell | undefined) => unknown) =>
        Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(this.cells.get(`${sheet}!${colLetters(col + j + 1)}${row + i + 1}`))));
      r.formulas = grid((c) => (c ? (c.formula ?? (c.value === null ? '' : c.value)) : ''));
      r.values = grid((c) => (c ? (c.error ?? (c.value === null ? '' : c.value)) : ''));
      r.valueTypes = grid((c) => (!c ? 'Empty' : c.error ? 'Error' : c.value === null ? 'Empty' : typeof c.value === 'number' ? 'Double' : typeof c.value === 'boolean' ? 'Boolean' : 'String'));
    });
    return r;
  }

  private collection(items: () => Record<string, unknown>[]) {
    const obj: { items: unknown } = { items: NOT_LOADED };
    this.pending.push(() => (obj.items = items()));
    return obj;
  }

  private partObject(p: { id: string; xml: string }) {
    return {
      id: p.id,
      getXml: () => {
        const result: { value: unknown } = { value: NOT_LOADED };
        this.pending.push(() => (result.value = p.xml));
        return result;
      },
      setXml: (xml: string) =>
        this.pending.push(() => {
          this.partWrites.push('setXml');
          p.xml = xml;
        }),
    };
  }

  private addSheet(name: string) {
    const sheet = { name, values: undefined as unknown, numberFormat: undefined as unknown, bold: [] as string[], widths: [] as number[] };
    this.pending.push(() => {
      this.sheets.push(name);
      this.addedSheets.push(sheet);
    });
    const rangeLike = (label: string) => {
      const r: any = { format: { font: {}, columnWidth: undefined } };
      this.pending.push(() => {
        if (r.values) sheet.values = r.values;
        if (r.numberFormat) sheet.numberFormat = r.numberFormat;
        if (r.format.font.bold) sheet.bold.push(label);
        if (r.format.columnWidth) sheet.widths.push(r.format.columnWidth);
      });
      return r;
    };
    return {
      getRangeByIndexes: (r: number, c: number, rows: number, cols: number) => rangeLike(`${r},${c},${rows},${cols}`),
      getRange: (a: string) => rangeLike(a),
      freezePanes: { freezeAt: () => undefined },
      activate: () => undefined,
    };
  }

  private async sync(): Promise<void> {
    this.syncs++;
    // 1. Writes, in the order the ranges were handed out.
    for (const t of this.tracked) {
      const cell = this.cells.get(t.key) ?? { value: null };
      let wrote = false;
      if (Array.isArray(t.mock.formulas) && t.mock.formulas !== t.published.formulas) {
        const f = (t.mock.formulas as unknown[][])[0][0];
        if (typeof f === 'string' && f.startsWith('=')) Object.assign(cell, { formula: f, value: null, fn: () => ({ error: '#NAME?' }) as unknown as MockValue });
        else Object.assign(cell, { formula: undefined, fn: undefined, value: f as MockValue });
        wrote = true;
      }
      if (Array.isArray(t.mock.values) && t.mock.values !== t.published.values) {
        const v = (t.mock.values as unknown[][])[0][0];
        // Excel: a leading apostrophe makes the rest text; a string starting with = would be a formula.
        if (typeof v === 'string' && v.startsWith('=')) Object.assign(cell, { formula: v, fn: () => ({ error: '#NAME?' }) as unknown as MockValue });
        else Object.assign(cell, { formula: undefined, fn: undefined, value: typeof v === 'string' && v.startsWith("'") ? v.slice(1) : v === '' ? null : (v as MockValue) });
        wrote = true;
      }
      if (wrote) this.cells.set(t.key, cell);
    }
    this.recalc();
    // 2. Other queued operations (calculate, custom XML, sheets, collection loads).
    const ops = this.pending;
    this.pending = [];
    for (const op of ops) op();
    // 3. Loaded properties of the objects handed out, with the values after the writes.
    for (const t of this.tracked) {
      const c = this.cells.get(t.key) ?? { value: null };
      const data = this.rangeData(t.key, c);
      if (t.loads.length > 0) {
        for (const [k, v] of Object.entries(data)) (t.mock as any).setValue(k, v);
        (OfficeMockObject.prototype.load as (p: string) => void).call(t.mock, t.loads.join(','));
        await t.mock.sync();
        t.loads = [];
      }
      t.published = { values: t.mock.values, formulas: t.mock.formulas, numberFormat: t.mock.numberFormat };
    }
    for (const m of this.others) await m.sync();
  }

  /** `Excel.run` over this workbook. */
  run = async <T>(batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> => {
    this.tracked = [];
    this.pending = [];
    this.others = [];
    return batch(this.context as unknown as Excel.RequestContext);
  };
}
