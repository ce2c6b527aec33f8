/**
 * A stateful Excel for the Office port's tests, built on office-addin-mock. office-addin-mock
 * gives Office.js's load/sync semantics (a property read before `load` + `sync` is the string
 * "Error, property was not loaded"); its objects hold static data, so this helper keeps the
 * workbook's state (cells, formulas as JS functions, defined names, custom XML parts, sheets)
 * and, at every `context.sync()`, applies the queued writes, recalculates and refreshes the
 * loaded properties of the objects handed out in the batch. It counts syncs.
 *
 * What real Excel does and the mock reproduces (each inferred from Microsoft's documentation or
 * the office-js issue tracker, not observed here):
 * - Custom functions (formula text with `REUSE.`) run in the add-in's JavaScript runtime, after
 *   Excel has answered the batch that triggered the recalculation: their results arrive one sync
 *   late (`customFunctionDelay` syncs). Meanwhile the cell shows `#BUSY!` (or, with
 *   `customFunctionDisplay: 'stale'`, its previous value, as office-js issues #4152 and #6930
 *   describe), cells that depend on it follow, and `application.calculationState` is
 *   "Calculating" (ExcelApi 1.9, Excel.CalculationState).
 * - `range.formulas` of a text cell typed `'=see note` is `=see note` (office-js issue #6687).
 * - `getSpecialCellsOrNullObject('Formulas')` gives the formula cells only, as areas.
 * - Excel on the web refuses a request or response over 5 MB with RequestPayloadSizeLimitExceeded /
 *   ResponsePayloadSizeLimitExceeded ("Resource limits and performance optimization for Office
 *   Add-ins"); the mock counts the characters a sync would carry against `payloadLimit`.
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
  /** A custom function (REUSE.*): computed in the add-in's runtime, delivered late. */
  custom?: boolean;
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

const typeOf = (c: Cell | undefined): string =>
  !c
    ? 'Empty'
    : c.error
      ? 'Error'
      : c.value === null
        ? 'Empty'
        : typeof c.value === 'number'
          ? 'Double'
          : typeof c.value === 'boolean'
            ? 'Boolean'
            : 'String';

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
  /** Syncs after a recalculation before custom-function results arrive (default 1; Infinity: never). */
  customFunctionDelay?: number;
  /** What a custom-function cell shows while its result is on the way (default '#BUSY!'). */
  customFunctionDisplay?: 'busy' | 'stale';
  /** Characters one sync may carry (requests + responses) before Excel on the web refuses it; default unlimited. */
  payloadLimit?: number;
  /** Cells whose writes Excel refuses (a protected sheet): 'Sheet' or 'Sheet!A1'. */
  protectedRefs?: string[];
}

/** Excel's error for a request or response larger than the web's limit (a RichAPI.Error). */
export function payloadError(kind: 'Request' | 'Response'): Error {
  return Object.assign(new Error(`The ${kind.toLowerCase()} payload size has exceeded the limit.`), {
    name: 'RichApi.Error',
    code: `${kind}PayloadSizeLimitExceeded`,
  });
}

const isCustom = (formula: string | undefined): boolean => typeof formula === 'string' && /\bREUSE\./i.test(formula);

/** Thrown by a formula's stand-in when it reads an error cell: the error propagates, as in Excel. */
class ErrorRead {
  constructor(readonly error: string) {}
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
  readonly addedSheets: { name: string; values?: unknown; numberFormat?: unknown; bold: string[]; widths: number[] }[] =
    [];
  syncs = 0;
  selectionAddress: string;
  /** `application.calculationState` as Excel would report it now. */
  calculationState: 'Done' | 'Calculating' = 'Done';
  /** Syncs left before the custom functions' results arrive (0: nothing pending). */
  private customDue = 0;
  private readonly customDelay: number;
  private readonly customDisplay: 'busy' | 'stale';
  payloadLimit: number;
  readonly protectedRefs: string[];
  /** Characters carried by the current sync (request: written values; response: loaded values). */
  private payload = 0;
  private reads: (() => void)[] = [];
  private tracked: Tracked[] = [];
  private pending: (() => void)[] = [];
  /** Other mock objects handed out in the batch (synced as they are). */
  private others: OfficeMockObject[] = [];
  readonly context: OfficeMockObject & { workbook: any; sync: () => Promise<void> };

  constructor(init: MockWorkbookInit = {}) {
    for (const [k, v] of Object.entries(init.values ?? {})) this.cells.set(k, { value: v });
    for (const [k, [text, fn]] of Object.entries(init.formulas ?? {}))
      this.cells.set(k, { value: null, formula: text, fn, custom: isCustom(text) || undefined });
    this.customDelay = init.customFunctionDelay ?? 1;
    this.customDisplay = init.customFunctionDisplay ?? 'busy';
    this.payloadLimit = init.payloadLimit ?? Infinity;
    this.protectedRefs = init.protectedRefs ?? [];
    for (const [name, ref] of Object.entries(init.names ?? {}))
      this.names.push({ name, formula: `=${ref}`, type: 'Range', visible: true });
    for (const [name, ref] of Object.entries(init.hiddenNames ?? {}))
      this.names.push({ name, formula: `=${ref}`, type: 'Range', visible: false });
    this.sheets = init.sheets ?? [...new Set([...this.cells.keys()].map((k) => k.slice(0, k.lastIndexOf('!'))))];
    (init.parts ?? []).forEach((p, i) => this.parts.push({ id: `{PART-${i}}`, ...p }));
    this.selectionAddress = init.selection ?? 'Sheet1!A1';
    this.recalc(true);

    const self = this;
    const range = (key: string) => self.range(key);
    this.context = new OfficeMockObject({
      workbook: {
        worksheets: {
          getItem: (sheet: string) => {
            if (!self.sheets.includes(sheet))
              throw Object.assign(new Error(`sheet ${sheet} not found`), { code: 'ItemNotFound' });
            return {
              getUsedRangeOrNullObject: () => self.usedRange(sheet),
              getRangeByIndexes: (row: number, col: number, rows: number, cols: number) =>
                self.block(sheet, row, col, rows, cols),
              getRange: (address?: string) =>
                address === undefined
                  ? { getSpecialCellsOrNullObject: (type: string) => self.specialCells(sheet, type) }
                  : range(`${sheet}!${address}`),
            };
          },
          load: () => self.collection(() => self.sheets.map((name) => ({ name }))),
          add: (name: string) => self.addSheet(name),
        },
        names: {
          getItem: (name: string) => {
            const n = self.names.find((x) => x.name.toLowerCase() === name.toLowerCase());
            if (!n) throw Object.assign(new Error(`name ${name} not found`), { code: 'ItemNotFound' });
            return {
              getRange: () =>
                range(
                  n.formula
                    .slice(1)
                    .replace(/\$/g, '')
                    .replace(/^'(.*)'!/, '$1!')
                ),
            };
          },
          load: () => self.collection(() => self.names.map((n) => ({ ...n }))),
        },
        getSelectedRanges: () => {
          const m = new OfficeMockObject({
            address: self.selectionAddress,
            areaCount: self.selectionAddress.split(',').length,
          });
          self.others.push(m);
          return m;
        },
        getSelectedRange: () => {
          // Excel: "If there are multiple ranges selected, this method will throw an error."
          if (self.selectionAddress.includes(','))
            throw Object.assign(new Error('The current selection is invalid for this operation.'), {
              code: 'InvalidSelection',
            });
          const m = new OfficeMockObject({ address: self.selectionAddress });
          self.others.push(m);
          return m;
        },
        application: self.application(),
        customXmlParts: {
          getByNamespace: (ns: string) => ({
            load: () =>
              self.collection(() => self.parts.filter((p) => p.namespace === ns).map((p) => self.partObject(p))),
          }),
          add: (xml: string) =>
            self.pending.push(() => {
              self.carry('Request', xml);
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

  /**
   * Recalculates. Custom functions are computed only when `withCustom` (their results arriving);
   * otherwise they keep their value (stale) or show #BUSY!, and their dependents follow.
   */
  private recalc(withCustom: boolean): void {
    const strict = (key: string): MockValue => {
      const c = this.cells.get(key);
      if (c?.error) throw new ErrorRead(c.error);
      return c?.value ?? null;
    };
    const evaluate = (c: Cell) => {
      try {
        const v = c.fn!(strict);
        const err = v !== null && typeof v === 'object' ? (v as { error?: string }).error : undefined;
        if (err) Object.assign(c, { value: null, error: err });
        else Object.assign(c, { value: v, error: undefined });
      } catch (e) {
        if (!(e instanceof ErrorRead)) throw e;
        Object.assign(c, { value: null, error: e.error });
      }
    };
    if (!withCustom && this.customDisplay === 'busy')
      for (const c of this.cells.values()) if (c.fn && c.custom) Object.assign(c, { value: null, error: '#BUSY!' });
    // Formulas may depend on formulas: a few passes settle a small acyclic model.
    for (let pass = 0; pass < 5; pass++)
      for (const c of this.cells.values()) if (c.fn && (withCustom || !c.custom)) evaluate(c);
  }

  /** True when the workbook holds custom functions (REUSE.*). */
  private hasCustom(): boolean {
    for (const c of this.cells.values()) if (c.fn && c.custom) return true;
    return false;
  }

  private application() {
    const self = this;
    const app: Record<string, unknown> = {
      calculationState: NOT_LOADED,
      calculate: (type: string) => self.pending.push(() => self.calculations.push(type)),
      load: (p?: string) => {
        if (!p || /calculationState/.test(p)) self.reads.push(() => (app.calculationState = self.calculationState));
        return app;
      },
    };
    return app;
  }

  private range(key: string): OfficeMockObject & Record<string, any> {
    const c = this.cells.get(key) ?? { value: null };
    const mock = new OfficeMockObject(this.rangeData(key, c)) as OfficeMockObject & Record<string, any>;
    const t: Tracked = {
      key,
      mock,
      loads: [],
      published: { values: mock.values, formulas: mock.formulas, numberFormat: mock.numberFormat },
    };
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

  /** Counts characters a sync carries, and refuses it past the web's limit. */
  private carry(kind: 'Request' | 'Response', data: unknown): void {
    this.payload += JSON.stringify(data ?? null).length;
    if (this.payload > this.payloadLimit) throw payloadError(kind);
  }

  private rangeData(key: string, c: Cell) {
    const type = typeOf(c);
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
    this.reads.push(() => {
      const cells = this.sheetCells(sheet);
      r.isNullObject = cells.length === 0;
      if (cells.length === 0) return;
      const top = Math.min(...cells.map((c) => c.row));
      const left = Math.min(...cells.map((c) => c.col));
      Object.assign(r, {
        rowIndex: top,
        columnIndex: left,
        rowCount: Math.max(...cells.map((c) => c.row)) - top + 1,
        columnCount: Math.max(...cells.map((c) => c.col)) - left + 1,
      });
    });
    return r;
  }

  /** `getRangeByIndexes(...).load('formulas,values,valueTypes')`, filled in at the next sync. */
  private block(sheet: string, row: number, col: number, rows: number, cols: number) {
    const r: Record<string, unknown> = { formulas: NOT_LOADED };
    r.load = () => r;
    this.blockLoads.push({ sheet, row, col, rows, cols });
    this.reads.push(() => {
      const grid = (f: (c: Cell | undefined) => unknown) =>
        Array.from({ length: rows }, (_, i) =>
          Array.from({ length: cols }, (_, j) => f(this.cells.get(`${sheet}!${colLetters(col + j + 1)}${row + i + 1}`)))
        );
      r.formulas = grid((c) => (c ? (c.formula ?? (c.value === null ? '' : c.value)) : ''));
      r.values = grid((c) => (c ? (c.error ?? (c.value === null ? '' : c.value)) : ''));
      r.valueTypes = grid(typeOf);
      this.carry('Response', [r.formulas, r.values, r.valueTypes]);
    });
    return r;
  }

  private collection(items: () => Record<string, unknown>[]) {
    const obj: { items: unknown } = { items: NOT_LOADED };
    this.reads.push(() => (obj.items = items()));
    return obj;
  }

  /**
   * `worksheet.getRange().getSpecialCellsOrNullObject('Formulas')`: the sheet's formula cells
   * as areas (one area per run of formula cells in a row, merged down over identical runs).
   */
  private specialCells(sheet: string, type: string) {
    const r: Record<string, unknown> = { isNullObject: NOT_LOADED };
    const areas: { items: unknown; load: () => unknown } = { items: NOT_LOADED, load: () => areas };
    r.load = () => r;
    r.areas = areas;
    if (type !== 'Formulas') throw new Error(`mock: special cells ${type} not modelled`);
    this.reads.push(() => {
      const cells = this.sheetCells(sheet).filter((c) => this.cells.get(c.key)?.formula !== undefined);
      r.isNullObject = cells.length === 0;
      const runs = new Map<number, number[]>();
      for (const c of cells) runs.set(c.row, [...(runs.get(c.row) ?? []), c.col]);
      const rowRuns: { row: number; col: number; cols: number }[] = [];
      for (const [row, cols] of [...runs].sort((a, b) => a[0] - b[0])) {
        cols.sort((a, b) => a - b);
        for (let i = 0; i < cols.length;) {
          let j = i;
          while (j + 1 < cols.length && cols[j + 1] === cols[j] + 1) j++;
          rowRuns.push({ row, col: cols[i], cols: j - i + 1 });
          i = j + 1;
        }
      }
      const out: { rowIndex: number; columnIndex: number; rowCount: number; columnCount: number }[] = [];
      for (const run of rowRuns) {
        const above = out.find(
          (a) => a.columnIndex === run.col && a.columnCount === run.cols && a.rowIndex + a.rowCount === run.row
        );
        if (above) above.rowCount++;
        else out.push({ rowIndex: run.row, columnIndex: run.col, rowCount: 1, columnCount: run.cols });
      }
      areas.items = out;
    });
    return r;
  }

  private partObject(p: { id: string; xml: string }) {
    return {
      id: p.id,
      getXml: () => {
        const result: { value: unknown } = { value: NOT_LOADED };
        this.reads.push(() => {
          result.value = p.xml;
          this.carry('Response', p.xml);
        });
        return result;
      },
      setXml: (xml: string) =>
        this.pending.push(() => {
          this.carry('Request', xml);
          this.partWrites.push('setXml');
          p.xml = xml;
        }),
    };
  }

  private addSheet(name: string) {
    const sheet = {
      name,
      values: undefined as unknown,
      numberFormat: undefined as unknown,
      bold: [] as string[],
      widths: [] as number[],
    };
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
    this.payload = 0;
    // 0. Custom-function results, computed in the add-in's runtime since an earlier sync, arrive.
    if (this.customDue > 0 && --this.customDue === 0) {
      this.recalc(true);
      this.calculationState = 'Done';
    }
    try {
      // 1. Writes, in the order the ranges were handed out (a refused write fails the whole batch).
      const writes: { t: Tracked; kind: 'formulas' | 'values'; v: unknown }[] = [];
      for (const t of this.tracked) {
        if (Array.isArray(t.mock.formulas) && t.mock.formulas !== t.published.formulas)
          writes.push({ t, kind: 'formulas', v: (t.mock.formulas as unknown[][])[0][0] });
        if (Array.isArray(t.mock.values) && t.mock.values !== t.published.values)
          writes.push({ t, kind: 'values', v: (t.mock.values as unknown[][])[0][0] });
      }
      for (const w of writes) {
        this.carry('Request', w.v);
        const sheet = w.t.key.slice(0, w.t.key.lastIndexOf('!'));
        if (this.protectedRefs.includes(sheet) || this.protectedRefs.includes(w.t.key))
          throw Object.assign(
            new Error(`The cell or chart you're trying to change is on a protected sheet (${w.t.key}).`),
            { code: 'AccessDenied' }
          );
      }
      for (const { t, kind, v } of writes) {
        const cell = this.cells.get(t.key) ?? { value: null };
        const nameError = () => ({ error: '#NAME?' }) as unknown as MockValue;
        if (kind === 'formulas') {
          if (typeof v === 'string' && v.startsWith('='))
            Object.assign(cell, {
              formula: v,
              value: null,
              error: undefined,
              fn: nameError,
              custom: isCustom(v) || undefined,
            });
          else
            Object.assign(cell, {
              formula: undefined,
              fn: undefined,
              custom: undefined,
              error: undefined,
              value: v as MockValue,
            });
        } else if (typeof v === 'string' && v.startsWith('=')) {
          // Excel: a string starting with = written to `values` is a formula; a leading apostrophe makes the rest text.
          Object.assign(cell, { formula: v, error: undefined, fn: nameError, custom: isCustom(v) || undefined });
        } else
          Object.assign(cell, {
            formula: undefined,
            fn: undefined,
            custom: undefined,
            error: undefined,
            value: typeof v === 'string' && v.startsWith("'") ? v.slice(1) : v === '' ? null : (v as MockValue),
          });
        this.cells.set(t.key, cell);
      }
      // 2. Other queued operations (calculate, custom XML, sheets).
      const before = this.calculations.length;
      const ops = this.pending;
      this.pending = [];
      for (const op of ops) op();
      // Excel recalculates after a change (automatic mode) or when asked; custom functions answer later.
      if (writes.length > 0 || this.calculations.length > before) {
        if (this.hasCustom() && this.customDelay > 0) {
          this.recalc(false);
          this.customDue = this.customDelay;
          this.calculationState = 'Calculating';
        } else this.recalc(true);
      }
      // 3. Reads (collections, used ranges, blocks, special cells, custom XML, calculation state).
      const reads = this.reads;
      this.reads = [];
      for (const r of reads) r();
      // 4. Loaded properties of the ranges handed out, with the values after the writes.
      for (const t of this.tracked) {
        const c = this.cells.get(t.key) ?? { value: null };
        const data = this.rangeData(t.key, c);
        if (t.loads.length > 0) {
          this.carry('Response', data);
          for (const [k, v] of Object.entries(data)) (t.mock as any).setValue(k, v);
          (OfficeMockObject.prototype.load as (p: string) => void).call(t.mock, t.loads.join(','));
          await t.mock.sync();
          t.loads = [];
        }
        t.published = { values: t.mock.values, formulas: t.mock.formulas, numberFormat: t.mock.numberFormat };
      }
      for (const m of this.others) await m.sync();
    } catch (e) {
      // The batch failed: nothing queued in it is kept.
      for (const t of this.tracked) {
        t.loads = [];
        t.published = { values: t.mock.values, formulas: t.mock.formulas, numberFormat: t.mock.numberFormat };
      }
      this.pending = [];
      this.reads = [];
      throw e;
    }
  }

  /** `Excel.run` over this workbook. */
  run = async <T>(batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> => {
    this.tracked = [];
    this.pending = [];
    this.reads = [];
    this.others = [];
    return batch(this.context as unknown as Excel.RequestContext);
  };
}
