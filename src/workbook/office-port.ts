/**
 * The WorkbookPort over Excel's JavaScript API. Every method is one `Excel.run` batch with as
 * few `context.sync` round trips as the API allows:
 *
 *   readValues / readContents   1 sync, whatever the number of refs
 *   write (+ recalc)            1 sync
 *   apply                       at least 3 syncs: read what the written cells hold; write all and
 *                               recalculate; then read Excel's calculation state with the outputs,
 *                               again (after a pause) while Excel is still calculating or an output
 *                               still reads #BUSY!, until a time limit (settleMs)
 *   definedNames, selection     1 sync
 *   addSheet                    2 syncs (existing names, then the sheet with values and formats)
 *   loadDocument                2 syncs (find the part, read its XML)
 *   saveDocument                2 syncs (find and read the part; add or replace it if changed)
 *
 * The add-in's document is ONE custom XML part in our namespace (document-xml.ts), found with
 * `workbook.customXmlParts.getByNamespace`. Strings are always written as text (with Excel's
 * apostrophe prefix), so text from a scenario never becomes a formula.
 *
 * Why apply cannot read the outputs in the batch that writes the inputs (inferred from Microsoft's
 * documentation and the office-js issue tracker; there is no Excel here to reproduce it): REUSE
 * functions are custom functions that run in this add-in's JavaScript runtime. Excel asks for them
 * while it recalculates and gets their results only after it has answered the batch, so outputs read
 * in that batch are `#BUSY!` or, as office-js issues #4152 and #6930 describe, still the previous
 * value — a comparison would show scenario k − 1's numbers for scenario k. So apply syncs the writes
 * and the recalculation, yields (the functions run while this code waits), and reads the outputs with
 * `application.calculationState` (Excel.CalculationState, ExcelApi 1.9) until the state is "Done" and
 * no output is #BUSY!. If that does not happen within `settleMs`, every output is reported as
 * `#BUSY!` (a value that may be stale is never shown as a result); what the written cells held is
 * returned either way, so the inputs can still be restored.
 *
 * `application.calculationState` and `getSelectedRanges` are ExcelApi 1.9; every host the manifest
 * admits (SharedRuntime 1.1: Microsoft 365 Version 2002+, Office 2021 Version 2108 with ExcelApi
 * up to 1.14, Mac 16.35+, the web) has it, per Microsoft's requirement-set tables.
 *
 * The stored document is written without an XML declaration (Microsoft's samples for
 * `customXmlParts.add` pass none) and never larger than Excel on the web accepts in one request
 * (5 MB, "Resource limits and performance optimization for Office Add-ins"); a larger document is
 * refused with a bilingual reason before anything is sent, and the stored part stays as it was.
 */
import { SCENARIO_NAMESPACE, unwrapDocument, wrapDocument } from './document-xml';
import {
  ApplyResult,
  CellValue,
  Contents,
  NamedRef,
  PortError,
  Scalar,
  SheetSpec,
  StoredDocument,
  Write,
  WorkbookPort,
} from './port';
import { columnLetters, isSheetName, normaliseRef, parseRef } from './refs';

const isOneCell = (ref: string): boolean => {
  const p = parseRef(ref);
  return p?.kind === 'cell' && p.rows === 1 && p.cols === 1;
};

/** `Excel.run` or a stand-in with the same shape (tests pass office-addin-mock's context). */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface OfficePortOptions {
  run: ExcelRun;
  /** `Office.context.displayLanguage`, read when asked (Office fills it in after onReady). */
  displayLanguage: () => string;
  /** Longest wait for Excel to finish calculating after apply, in ms (default 30 000). */
  settleMs?: number;
  /** Pause between two reads while Excel calculates (tests pass a fake clock). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Default longest wait for the recalculation after apply (a bureau's model recalculates in seconds). */
export const SETTLE_MS = 30_000;
/** Pauses between reads while Excel calculates: short first, then at most half a second. */
const PAUSES_MS = [0, 20, 50, 100, 200, 500];

/** What Excel on the web accepts in one request: 5 MB. The stored document stays under it with room for the request's framing. */
export const MAX_DOCUMENT_REQUEST_BYTES = 5_000_000 - 64 * 1024;

/**
 * The size of the XML text as a request carries it: the batch is JSON, where a character outside
 * ASCII may travel as a 6-byte `\uXXXX` escape; counting it so keeps the estimate on the safe side.
 */
export function requestBytes(xml: string): number {
  let n = 2;
  for (let i = 0; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    n += c < 0x20 || c === 0x22 || c === 0x5c ? 6 : c < 0x80 ? 1 : 6;
  }
  return n;
}

/** The stored document is too large for one request to Excel (on the web); nothing was written. */
export class DocumentTooLargeError extends PortError {
  readonly reason: { en: string; zh: string };
  constructor(bytes: number, limit: number) {
    const mb = (n: number) => (n / 1_000_000).toFixed(1);
    super(
      'host',
      `the scenario document is too large to store in the workbook (${mb(bytes)} MB; Excel on the web accepts at most ${mb(limit)} MB per request)`
    );
    this.reason = {
      en: `The scenarios are too large to save in the workbook (${mb(bytes)} MB; Excel on the web accepts at most ${mb(limit)} MB). Nothing was changed: the workbook keeps the scenarios it had. Delete some scenarios or export them to a file, then try again.`,
      zh: `情景数据过大，无法保存到工作簿（${mb(bytes)} MB；网页版 Excel 每次最多接受 ${mb(limit)} MB）。未做任何更改：工作簿中原有的情景保持不变。请删除部分情景或将其导出为文件后重试。`,
    };
  }
}

/** Excel error values as `values` returns them. */
const ERROR_TEXT =
  /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/;

/** One cell's value as read (`values` + `valueTypes`). */
export function toCellValue(value: unknown, type: unknown): CellValue {
  if (type === 'Error' || (typeof value === 'string' && type === undefined && ERROR_TEXT.test(value)))
    return { error: String(value) };
  if (type === 'Empty' || value === '' || value === null || value === undefined)
    return type === 'String' && value === '' ? '' : null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return null;
}

/** A value as written to `values`: strings get Excel's text prefix so `=…`, `001`, `TRUE` or a date stay text. */
export function toExcelInput(v: Scalar): string | number | boolean {
  if (v === null) return '';
  if (typeof v === 'string') return `'${v}`;
  return v;
}

/** Several areas are selected (Ctrl+click); the pane works on one rectangular range. */
export class SeveralAreasError extends PortError {
  readonly reason = {
    en: 'Several areas are selected. Select one cell or one rectangular range, then try again.',
    zh: '当前选择了多个区域。请只选择一个单元格或一个矩形区域，然后重试。',
  };
  constructor(address: string) {
    super('not-a-cell', `several areas are selected: ${String(address).slice(0, 200)}`, String(address).split(','));
  }
}

export class OfficePort implements WorkbookPort {
  private readonly run: ExcelRun;
  private readonly lang: () => string;
  private readonly settleMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(opts: OfficePortOptions) {
    this.run = opts.run;
    this.lang = opts.displayLanguage;
    this.settleMs = opts.settleMs ?? SETTLE_MS;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = opts.now ?? (() => Date.now());
  }

  displayLanguage(): string {
    try {
      return this.lang() || 'en-US';
    } catch {
      return 'en-US';
    }
  }

  async readValues(refs: string[]): Promise<CellValue[]> {
    return this.batch(async (ctx) => {
      const ranges = refs.map((r) => range(ctx, r).load('values,valueTypes'));
      await ctx.sync();
      return ranges.map(valueOf);
    });
  }

  async readContents(refs: string[]): Promise<Contents[]> {
    return this.batch(async (ctx) => {
      const ranges = refs.map((r) => range(ctx, r).load('formulas,values,valueTypes'));
      await ctx.sync();
      return ranges.map(contentsOf);
    });
  }

  async readNumberFormats(refs: string[]): Promise<string[]> {
    return this.batch(async (ctx) => {
      const ranges = refs.map((r) => range(ctx, r).load('numberFormat'));
      await ctx.sync();
      return ranges.map((r) => String(r.numberFormat?.[0]?.[0] ?? 'General'));
    });
  }

  async write(writes: Write[]): Promise<void> {
    await this.batch(async (ctx) => {
      queueWrites(ctx, writes);
      ctx.workbook.application.calculate('Recalculate');
      await ctx.sync();
    });
  }

  async recalc(): Promise<void> {
    await this.batch(async (ctx) => {
      ctx.workbook.application.calculate('Recalculate');
      await ctx.sync();
    });
  }

  async apply(writes: Write[], readRefs: string[]): Promise<ApplyResult> {
    return this.batch(async (ctx) => {
      const old = writes.map((w) => range(ctx, w.ref).load('formulas,values,valueTypes'));
      await ctx.sync();
      const before = writes.map((w, i) => ({ ref: w.ref, contents: contentsOf(old[i]) }));
      queueWrites(ctx, writes);
      // Explicit, so a workbook in manual calculation mode shows the scenario's results too.
      ctx.workbook.application.calculate('Recalculate');
      await ctx.sync();
      return { before, values: readRefs.length === 0 ? [] : await this.readSettled(ctx, readRefs) };
    });
  }

  /**
   * The values of `refs` once Excel has finished calculating: each read (one sync) also loads
   * `application.calculationState`, queued first so the values come from the same moment; between
   * reads this code pauses, which lets the custom functions run in this runtime.
   */
  private async readSettled(ctx: Excel.RequestContext, refs: string[]): Promise<CellValue[]> {
    const deadline = this.now() + this.settleMs;
    for (let attempt = 0; ; attempt++) {
      await this.sleep(PAUSES_MS[Math.min(attempt, PAUSES_MS.length - 1)]);
      const app = ctx.workbook.application.load('calculationState');
      const out = refs.map((r) => range(ctx, r).load('values,valueTypes'));
      await ctx.sync();
      const values = out.map(valueOf);
      const done = app.calculationState === 'Done';
      const busy = values.some((v) => v !== null && typeof v === 'object' && v.error === '#BUSY!');
      if (done && !busy) return values;
      if (this.now() >= deadline) return done ? values : values.map(() => ({ error: '#BUSY!' }));
    }
  }

  async definedNames(): Promise<NamedRef[]> {
    return this.batch(async (ctx) => {
      const names = ctx.workbook.names.load('items/name,items/type,items/formula,items/visible');
      await ctx.sync();
      const out: NamedRef[] = [];
      for (const item of names.items) {
        if (item.type !== 'Range' || item.visible === false || /^_xlnm\./i.test(item.name)) continue;
        const ref = normaliseRef(String(item.formula ?? '').replace(/^=/, ''));
        if (ref && isOneCell(ref)) out.push({ name: item.name, ref });
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    });
  }

  /**
   * The selected range. `getSelectedRange` throws a raw host error when several areas are selected
   * (its documentation says so), so this reads `getSelectedRanges` (ExcelApi 1.9) and refuses
   * several areas with a bilingual reason.
   */
  async selection(): Promise<string | undefined> {
    return this.batch(async (ctx) => {
      const r = ctx.workbook.getSelectedRanges().load('address,areaCount');
      await ctx.sync();
      if (r.areaCount > 1) throw new SeveralAreasError(r.address);
      return normaliseRef(r.address);
    });
  }

  async addSheet(spec: SheetSpec): Promise<string> {
    return this.batch(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load('items/name');
      await ctx.sync();
      const taken = new Set(sheets.items.map((s) => s.name.toLowerCase()));
      const base = (isSheetName(spec.name) ? spec.name : 'Sheet').slice(0, 31);
      let name = base;
      for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - ` (${n})`.length)} (${n})`;
      const ws = ctx.workbook.worksheets.add(name);
      const rows = spec.rows.length;
      const cols = Math.max(1, ...spec.rows.map((r) => r.length));
      if (rows > 0) {
        const grid = ws.getRangeByIndexes(0, 0, rows, cols);
        const cell = (r: number, c: number) => spec.rows[r][c];
        grid.values = spec.rows.map((row, r) =>
          Array.from({ length: cols }, (_, c) => toExcelInput(cell(r, c)?.value ?? null))
        );
        grid.numberFormat = spec.rows.map((row) =>
          Array.from({ length: cols }, (_, c) => row[c]?.numberFormat ?? 'General')
        );
        spec.rows.forEach((row, r) => {
          if (row.length > 0 && row.every((c) => c.bold))
            ws.getRangeByIndexes(r, 0, 1, row.length).format.font.bold = true;
          else row.forEach((c, k) => c.bold && (ws.getRangeByIndexes(r, k, 1, 1).format.font.bold = true));
        });
      }
      // Excel measures column width in points; one character of the default font ≈ 7 points.
      spec.columnWidths?.forEach(
        (w, i) =>
          (ws.getRange(`${columnLetters(i + 1)}:${columnLetters(i + 1)}`).format.columnWidth = Math.round(w * 7))
      );
      if (spec.freeze && (spec.freeze.rows > 0 || spec.freeze.cols > 0))
        ws.freezePanes.freezeAt(
          ws.getRangeByIndexes(0, 0, Math.max(spec.freeze.rows, 1), Math.max(spec.freeze.cols, 1))
        );
      ws.activate();
      await ctx.sync();
      return name;
    });
  }

  async loadDocument(): Promise<StoredDocument | undefined> {
    return this.batch(async (ctx) => {
      const parts = ctx.workbook.customXmlParts.getByNamespace(SCENARIO_NAMESPACE).load('items/id');
      await ctx.sync();
      if (parts.items.length === 0) return undefined;
      const xml = parts.items[0].getXml();
      await ctx.sync();
      // eslint-disable-next-line office-addins/load-object-before-read, office-addins/call-sync-before-read -- a ClientResult, read after the sync above
      return unwrapDocument(xml.value);
    });
  }

  async saveDocument(json: string): Promise<void> {
    const next = wrapDocument(json);
    const bytes = requestBytes(next);
    if (bytes > MAX_DOCUMENT_REQUEST_BYTES) throw new DocumentTooLargeError(bytes, MAX_DOCUMENT_REQUEST_BYTES);
    await this.batch(async (ctx) => {
      const parts = ctx.workbook.customXmlParts.getByNamespace(SCENARIO_NAMESPACE).load('items/id');
      await ctx.sync();
      const first = parts.items[0];
      if (!first) {
        ctx.workbook.customXmlParts.add(next);
        await ctx.sync();
        return;
      }
      const current = first.getXml();
      await ctx.sync();
      // Excel may hand the part back re-serialised (a declaration added, other quotes): compare the documents.
      // eslint-disable-next-line office-addins/load-object-before-read, office-addins/call-sync-before-read -- a ClientResult, read after the sync above
      const stored = current.value === next ? { json } : unwrapDocument(current.value);
      if ('json' in stored && stored.json === json) return;
      first.setXml(next);
      await ctx.sync();
    });
  }

  /** Runs a batch; host errors (a deleted sheet or name, a protected sheet) become PortErrors. */
  private async batch<T>(fn: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
    try {
      return await this.run(fn);
    } catch (e) {
      if (e instanceof PortError) throw e;
      const err = e as { code?: string; message?: string };
      throw new PortError(
        err.code === 'ItemNotFound' || err.code === 'InvalidArgument' ? 'missing-ref' : 'host',
        `${err.code ? err.code + ': ' : ''}${err.message ?? String(e)}`
      );
    }
  }
}

/** The range a ref points at (queued; nothing is sent until the next sync). */
function range(ctx: Excel.RequestContext, ref: string): Excel.Range {
  const p = parseRef(ref);
  if (!p)
    throw new PortError(
      'bad-ref',
      `not a cell reference or defined name: ${JSON.stringify(String(ref).slice(0, 80))}`,
      [String(ref)]
    );
  if (p.kind === 'name') return ctx.workbook.names.getItem(p.name).getRange();
  if (p.rows > 1 || p.cols > 1) throw new PortError('not-a-cell', `${ref} is more than one cell`, [ref]);
  return ctx.workbook.worksheets.getItem(p.sheet).getRange(p.address);
}

function valueOf(r: Excel.Range): CellValue {
  return toCellValue(r.values?.[0]?.[0], r.valueTypes?.[0]?.[0]);
}

/**
 * Whether a cell's `formulas` entry is a formula. `range.formulas` drops the apostrophe of a text
 * cell typed `'=see note` and returns `=see note` (office-js issue #6687), so text that starts with
 * `=` looks like a formula there; it is text when the cell's value is that same text.
 */
export function isFormula(formula: unknown, value: unknown): formula is string {
  return typeof formula === 'string' && formula.startsWith('=') && value !== formula;
}

function contentsOf(r: Excel.Range): Contents {
  const f = r.formulas?.[0]?.[0];
  if (isFormula(f, r.values?.[0]?.[0])) return { formula: f };
  const v = valueOf(r);
  if (v !== null && typeof v === 'object')
    return v.error === '#N/A' ? { formula: '=NA()' } : v.error === '#DIV/0!' ? { formula: '=1/0' } : { value: v.error };
  return { value: v };
}

function queueWrites(ctx: Excel.RequestContext, writes: Write[]): void {
  for (const w of writes) {
    const r = range(ctx, w.ref);
    if ('formula' in w.contents) r.formulas = [[w.contents.formula]];
    else r.values = [[toExcelInput(w.contents.value)]];
  }
}
