/**
 * The WorkbookPort over Excel's JavaScript API. Every method is one `Excel.run` batch with as
 * few `context.sync` round trips as the API allows:
 *
 *   readValues / readContents   1 sync, whatever the number of refs
 *   write (+ recalc)            1 sync
 *   apply                       2 syncs: read what the written cells hold; then write all,
 *                               recalculate, read all outputs
 *   definedNames, selection     1 sync
 *   addSheet                    2 syncs (existing names, then the sheet with values and formats)
 *   loadDocument                2 syncs (find the part, read its XML)
 *   saveDocument                2 syncs (find and read the part; add or replace it if changed)
 *
 * The add-in's document is ONE custom XML part in our namespace (document-xml.ts), found with
 * `workbook.customXmlParts.getByNamespace`. Strings are always written as text (with Excel's
 * apostrophe prefix), so text from a scenario never becomes a formula.
 */
import { SCENARIO_NAMESPACE, unwrapDocument, wrapDocument } from './document-xml';
import { ApplyResult, CellValue, Contents, NamedRef, PortError, Scalar, SheetSpec, StoredDocument, Write, WorkbookPort } from './port';
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
}

/** Excel error values as `values` returns them. */
const ERROR_TEXT = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/;

/** One cell's value as read (`values` + `valueTypes`). */
export function toCellValue(value: unknown, type: unknown): CellValue {
  if (type === 'Error' || (typeof value === 'string' && type === undefined && ERROR_TEXT.test(value))) return { error: String(value) };
  if (type === 'Empty' || value === '' || value === null || value === undefined) return type === 'String' && value === '' ? '' : null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return null;
}

/** A value as written to `values`: strings get Excel's text prefix so `=…`, `001`, `TRUE` or a date stay text. */
export function toExcelInput(v: Scalar): string | number | boolean {
  if (v === null) return '';
  if (typeof v === 'string') return `'${v}`;
  return v;
}

export class OfficePort implements WorkbookPort {
  private readonly run: ExcelRun;
  private readonly lang: () => string;

  constructor(opts: OfficePortOptions) {
    this.run = opts.run;
    this.lang = opts.displayLanguage;
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
      const out = readRefs.map((r) => range(ctx, r).load('values,valueTypes'));
      await ctx.sync();
      return { before, values: out.map(valueOf) };
    });
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

  async selection(): Promise<string | undefined> {
    return this.batch(async (ctx) => {
      const r = ctx.workbook.getSelectedRange().load('address');
      await ctx.sync();
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
        grid.values = spec.rows.map((row, r) => Array.from({ length: cols }, (_, c) => toExcelInput(cell(r, c)?.value ?? null)));
        grid.numberFormat = spec.rows.map((row) => Array.from({ length: cols }, (_, c) => row[c]?.numberFormat ?? 'General'));
        spec.rows.forEach((row, r) => {
          if (row.length > 0 && row.every((c) => c.bold)) ws.getRangeByIndexes(r, 0, 1, row.length).format.font.bold = true;
          else row.forEach((c, k) => c.bold && (ws.getRangeByIndexes(r, k, 1, 1).format.font.bold = true));
        });
      }
      // Excel measures column width in points; one character of the default font ≈ 7 points.
      spec.columnWidths?.forEach((w, i) => (ws.getRange(`${columnLetters(i + 1)}:${columnLetters(i + 1)}`).format.columnWidth = Math.round(w * 7)));
      if (spec.freeze && (spec.freeze.rows > 0 || spec.freeze.cols > 0)) ws.freezePanes.freezeAt(ws.getRangeByIndexes(0, 0, Math.max(spec.freeze.rows, 1), Math.max(spec.freeze.cols, 1)));
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
      return unwrapDocument(xml.value);
    });
  }

  async saveDocument(json: string): Promise<void> {
    const next = wrapDocument(json);
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
      if (current.value === next) return;
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
      throw new PortError(err.code === 'ItemNotFound' || err.code === 'InvalidArgument' ? 'missing-ref' : 'host', `${err.code ? err.code + ': ' : ''}${err.message ?? String(e)}`);
    }
  }
}

/** The range a ref points at (queued; nothing is sent until the next sync). */
function range(ctx: Excel.RequestContext, ref: string): Excel.Range {
  const p = parseRef(ref);
  if (!p) throw new PortError('bad-ref', `not a cell reference or defined name: ${JSON.stringify(String(ref).slice(0, 80))}`, [String(ref)]);
  if (p.kind === 'name') return ctx.workbook.names.getItem(p.name).getRange();
  if (p.rows > 1 || p.cols > 1) throw new PortError('not-a-cell', `${ref} is more than one cell`, [ref]);
  return ctx.workbook.worksheets.getItem(p.sheet).getRange(p.address);
}

function valueOf(r: Excel.Range): CellValue {
  return toCellValue(r.values?.[0]?.[0], r.valueTypes?.[0]?.[0]);
}

function contentsOf(r: Excel.Range): Contents {
  const f = r.formulas?.[0]?.[0];
  if (typeof f === 'string' && f.startsWith('=')) return { formula: f };
  const v = valueOf(r);
  if (v !== null && typeof v === 'object') return v.error === '#N/A' ? { formula: '=NA()' } : v.error === '#DIV/0!' ? { formula: '=1/0' } : { value: v.error };
  return { value: v };
}

function queueWrites(ctx: Excel.RequestContext, writes: Write[]): void {
  for (const w of writes) {
    const r = range(ctx, w.ref);
    if ('formula' in w.contents) r.formulas = [[w.contents.formula]];
    else r.values = [[toExcelInput(w.contents.value)]];
  }
}
