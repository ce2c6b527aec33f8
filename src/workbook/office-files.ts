/**
 * The SharingPort over Excel: the open file's bytes (`Office.context.document.getFileAsync`
 * in compressed form, read slice by slice), a new workbook from bytes (`Excel.createWorkbook`,
 * ExcelApi 1.8), and formula repairs found and written through `Excel.run`:
 *
 *   findRepairs    1 sync for the sheets, 1 for the areas holding formulas on each
 *                  (`getSpecialCellsOrNullObject('Formulas')`, ExcelApi 1.9), then 1 per block of
 *                  at most `blockCells` formula cells (formulas, values, value types); a block Excel
 *                  refuses as too large is split in half and read again
 *   writeRepairs   2 syncs: read what the cells hold now; write those that still hold `before`
 *                  (1 more to find the sheets if one was deleted; 1 per sheet if Excel refuses the
 *                  write, so one protected sheet does not stop the others)
 *
 * Excel on the web refuses a request or a response over 5 MB (RequestPayloadSizeLimitExceeded /
 * ResponsePayloadSizeLimitExceeded; Microsoft's "Resource limits and performance optimization for
 * Office Add-ins" and the Excel error-code list). Reading only the cells that hold formulas, in
 * blocks of 20,000 (about 100 bytes of formula, value and type each: 2 MB), stays well under it
 * for ordinary models, and halving on that error covers long formulas. Inferred from the
 * documentation; not measured against Excel here.
 *
 * `range.formulas` shows a text cell typed `'=see note` as `=see note` (office-js issue #6687), so a
 * cell counts as a formula only when its value is not that same text (office-port.ts `isFormula`).
 *
 * The rewrite itself is engine/formula-text.ts's `repairForExcel` (pure, tested there).
 */
import { repairForExcel } from '../engine/formula-text';
import { ExcelRun, isFormula } from './office-port';
import { FormulaRepair, PortError, RepairFailure, SharingPort, WrittenRepairs } from './port';
import { columnLetters, formatRef } from './refs';

/** The part of `Office.context.document` used here. */
export interface OfficeDocumentLike {
  url?: string;
  getFileAsync(
    fileType: string,
    options: { sliceSize: number },
    callback: (result: AsyncResultLike<OfficeFileLike>) => void
  ): void;
}

interface AsyncResultLike<T> {
  status: string;
  value: T;
  error?: { message?: string; code?: number };
}

interface OfficeFileLike {
  size: number;
  sliceCount: number;
  getSliceAsync(
    index: number,
    callback: (result: AsyncResultLike<{ data: ArrayLike<number> | ArrayBuffer }>) => void
  ): void;
  closeAsync(callback?: () => void): void;
}

/** Largest open file read for a copy (the same limit as any workbook read: 100 MiB). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
const SLICE_BYTES = 4 * 1024 * 1024;
/** Formula cells read per sync at first (halved on a payload error). */
export const BLOCK_CELLS = 20_000;

/** Excel's error for a request or response over the web's 5 MB limit. */
export function isPayloadError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded';
}

/** A rectangle of cells on a sheet (0-based). */
interface Piece {
  sheet: string;
  top: number;
  left: number;
  rows: number;
  cols: number;
}

/** A rectangle cut into pieces of at most `budget` cells: row bands, or pieces of a row when one row is wider. */
function cut(p: Piece, budget: number): Piece[] {
  if (p.rows * p.cols <= budget) return [p];
  const out: Piece[] = [];
  if (p.cols <= budget) {
    const step = Math.floor(budget / p.cols);
    for (let r = 0; r < p.rows; r += step) out.push({ ...p, top: p.top + r, rows: Math.min(step, p.rows - r) });
  } else {
    for (let r = 0; r < p.rows; r++)
      for (let c = 0; c < p.cols; c += budget)
        out.push({ ...p, top: p.top + r, rows: 1, left: p.left + c, cols: Math.min(budget, p.cols - c) });
  }
  return out;
}

export interface OfficeSharingOptions {
  run: ExcelRun;
  document: OfficeDocumentLike;
  /** `Excel.createWorkbook`, when the host has ExcelApi 1.8; absent otherwise. */
  createWorkbook?: (base64: string) => Promise<unknown>;
  /** Formula cells read per sync at first (default BLOCK_CELLS). */
  blockCells?: number;
}

/** The open document as .xlsx bytes, slice by slice; the file handle is always closed. */
export function readDocumentFile(doc: OfficeDocumentLike, maxBytes = MAX_FILE_BYTES): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    doc.getFileAsync('compressed', { sliceSize: SLICE_BYTES }, (res) => {
      if (res.status !== 'succeeded')
        return reject(new PortError('host', `getFileAsync: ${res.error?.message ?? 'failed'}`));
      const file = res.value;
      if (file.size > maxBytes) {
        file.closeAsync();
        return reject(
          new PortError('host', `the workbook is too large to copy (${file.size} bytes; at most ${maxBytes})`)
        );
      }
      const chunks: Uint8Array[] = [];
      const next = (i: number): void => {
        if (i >= file.sliceCount) {
          file.closeAsync();
          const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
          let at = 0;
          for (const c of chunks) {
            out.set(c, at);
            at += c.length;
          }
          return resolve(out);
        }
        file.getSliceAsync(i, (r) => {
          if (r.status !== 'succeeded') {
            file.closeAsync();
            return reject(new PortError('host', `getSliceAsync: ${r.error?.message ?? 'failed'}`));
          }
          const data = r.value.data;
          chunks.push(data instanceof ArrayBuffer ? new Uint8Array(data) : Uint8Array.from(data as ArrayLike<number>));
          next(i + 1);
        });
      };
      next(0);
    });
  });
}

/** Base64 of bytes, in chunks (no stack overflow on large files). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export class OfficeSharing implements SharingPort {
  constructor(private readonly opts: OfficeSharingOptions) {}

  fileName(): string {
    const url = this.opts.document.url ?? '';
    const raw =
      url
        .replace(/[?#].*$/, '')
        .split(/[\\/]/)
        .pop() ?? '';
    // A URL's name is percent-encoded; a local path's (`C:\\…\\100%进度.xlsx`) is not, and may hold a bare `%`.
    let last = raw;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
      try {
        last = decodeURIComponent(raw);
      } catch {
        last = raw;
      }
    }
    last = last.trim();
    return /\.xls[xm]$/i.test(last) ? last : 'workbook.xlsx';
  }

  fileBytes(): Promise<Uint8Array> {
    return readDocumentFile(this.opts.document);
  }

  async openWorkbook(bytes: Uint8Array): Promise<boolean> {
    if (!this.opts.createWorkbook) return false;
    await this.opts.createWorkbook(toBase64(bytes));
    return true;
  }

  async findRepairs(): Promise<FormulaRepair[]> {
    return this.opts.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load('items/name');
      await ctx.sync();
      const pieces = await this.formulaAreas(
        ctx,
        sheets.items.map((s) => s.name)
      );
      const out: FormulaRepair[] = [];
      let budget = Math.max(1, this.opts.blockCells ?? BLOCK_CELLS);
      let queue = pieces.flatMap((p) => cut(p, budget));
      while (queue.length > 0) {
        const batch: Piece[] = [];
        let cells = 0;
        while (queue.length > 0 && (batch.length === 0 || cells + queue[0].rows * queue[0].cols <= budget)) {
          const p = queue.shift()!;
          batch.push(p);
          cells += p.rows * p.cols;
        }
        const loaded = batch.map((p) => ({
          p,
          block: ctx.workbook.worksheets
            .getItem(p.sheet)
            .getRangeByIndexes(p.top, p.left, p.rows, p.cols)
            .load('formulas,values,valueTypes'),
        }));
        try {
          await ctx.sync();
        } catch (e) {
          if (!isPayloadError(e) || cells <= 1) throw e;
          // Too large for one request: the same cells again, in halves.
          budget = Math.max(1, Math.floor(cells / 2));
          queue = [...batch.flatMap((p) => cut(p, budget)), ...queue];
          continue;
        }
        for (const { p, block } of loaded) {
          const formulas = block.formulas as unknown[][];
          const values = block.values as unknown[][];
          const types = block.valueTypes as unknown[][];
          formulas.forEach((row, r) =>
            row.forEach((f, c) => {
              const value = values?.[r]?.[c];
              if (!isFormula(f, value)) return;
              const after = repairForExcel(f, types?.[r]?.[c] === 'Error' && value === '#NAME?');
              if (after !== undefined)
                out.push({
                  sheet: p.sheet,
                  address: `${columnLetters(p.left + c + 1)}${p.top + r + 1}`,
                  before: f,
                  after,
                });
            })
          );
        }
      }
      return out;
    });
  }

  /**
   * The areas of each sheet that hold formulas, in one sync. If that answer is too large for the
   * web (a sheet of many scattered formulas), one sync per sheet; a sheet whose areas are still
   * too many is read whole (its used range), in blocks like the rest.
   */
  private async formulaAreas(ctx: Excel.RequestContext, sheets: string[]): Promise<Piece[]> {
    const queue = (names: string[]) =>
      names.map((sheet) => {
        const cells = ctx.workbook.worksheets.getItem(sheet).getRange().getSpecialCellsOrNullObject('Formulas');
        // eslint-disable-next-line office-addins/no-navigational-load -- isNullObject is a flag, not a navigation property
        cells.load('isNullObject');
        cells.areas.load('items/rowIndex,items/columnIndex,items/rowCount,items/columnCount');
        return { sheet, cells };
      });
    const piecesOf = (found: ReturnType<typeof queue>) =>
      found.flatMap(({ sheet, cells }) =>
        cells.isNullObject
          ? []
          : cells.areas.items.map((a) => ({
              sheet,
              top: a.rowIndex,
              left: a.columnIndex,
              rows: a.rowCount,
              cols: a.columnCount,
            }))
      );
    const all = queue(sheets);
    try {
      await ctx.sync();
      return piecesOf(all);
    } catch (e) {
      if (!isPayloadError(e) || sheets.length === 0) throw e;
    }
    const out: Piece[] = [];
    for (const sheet of sheets) {
      const one = queue([sheet]);
      try {
        await ctx.sync();
        out.push(...piecesOf(one));
        continue;
      } catch (e) {
        if (!isPayloadError(e)) throw e;
      }
      const used = ctx.workbook.worksheets
        .getItem(sheet)
        .getUsedRangeOrNullObject(true)
        .load('rowIndex,columnIndex,rowCount,columnCount');
      await ctx.sync();
      if (!used.isNullObject)
        out.push({ sheet, top: used.rowIndex, left: used.columnIndex, rows: used.rowCount, cols: used.columnCount });
    }
    return out;
  }

  async writeRepairs(repairs: FormulaRepair[]): Promise<WrittenRepairs> {
    const failed: RepairFailure[] = [];
    const done = (written: FormulaRepair[]): WrittenRepairs =>
      failed.length > 0 ? Object.assign(written, { failed }) : written;
    let cellRepairs = repairs.filter((r) => r.sheet !== '');
    if (cellRepairs.length === 0) return done([]);
    return this.opts.run(async (ctx) => {
      const read = (list: FormulaRepair[]) =>
        list.map((r) => ctx.workbook.worksheets.getItem(r.sheet).getRange(r.address).load('formulas,values'));
      let ranges: Excel.Range[];
      try {
        ranges = read(cellRepairs);
        await ctx.sync();
      } catch (e) {
        // A sheet deleted since the scan: those repairs fail, the others go on.
        const sheets = ctx.workbook.worksheets.load('items/name');
        await ctx.sync();
        const names = new Set(sheets.items.map((s) => s.name));
        const reason = `${(e as { code?: string }).code ?? 'ItemNotFound'}: the sheet no longer exists`;
        for (const r of cellRepairs) if (!names.has(r.sheet)) failed.push({ repair: r, reason });
        cellRepairs = cellRepairs.filter((r) => names.has(r.sheet));
        if (cellRepairs.length === 0) return done([]);
        ranges = read(cellRepairs);
        await ctx.sync();
      }
      // Only where the cell still holds what the user was shown: an edit in between wins.
      const todo = cellRepairs.filter(
        (r, i) => ranges[i].formulas?.[0]?.[0] === r.before && isFormula(r.before, ranges[i].values?.[0]?.[0])
      );
      if (todo.length === 0) return done([]);
      const write = (list: FormulaRepair[]) => {
        for (const r of list) ctx.workbook.worksheets.getItem(r.sheet).getRange(r.address).formulas = [[r.after]];
      };
      write(todo);
      ctx.workbook.application.calculate('Full');
      try {
        await ctx.sync();
        return done(todo);
      } catch (e) {
        if (isPayloadError(e)) throw e;
      }
      // Excel refused a write (a protected sheet): sheet by sheet, so the others are written.
      const written: FormulaRepair[] = [];
      for (const sheet of [...new Set(todo.map((r) => r.sheet))]) {
        const group = todo.filter((r) => r.sheet === sheet);
        write(group);
        try {
          await ctx.sync();
          written.push(...group);
        } catch (e) {
          const err = e as { code?: string; message?: string };
          const reason = `${err.code ? err.code + ': ' : ''}${err.message ?? String(e)}`;
          for (const r of group) failed.push({ repair: r, reason });
        }
      }
      if (written.length > 0) {
        ctx.workbook.application.calculate('Full');
        await ctx.sync();
      }
      return done(todo.filter((r) => written.includes(r)));
    });
  }
}

/** `'中文 表'!B2` for a repair, as the pane shows it. */
export function repairRef(r: FormulaRepair): string {
  return r.sheet ? formatRef(r.sheet, r.address) : r.address;
}
