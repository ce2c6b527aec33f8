/**
 * The SharingPort over Excel: the open file's bytes (`Office.context.document.getFileAsync`
 * in compressed form, read slice by slice), a new workbook from bytes (`Excel.createWorkbook`,
 * ExcelApi 1.8), and formula repairs found and written through `Excel.run`:
 *
 *   findRepairs    1 sync for the sheets, 1 for their used ranges, then 1 per block of at
 *                  most 200,000 cells (formulas and value types)
 *   writeRepairs   2 syncs: read what the cells hold now; write those that still hold `before`
 *
 * The rewrite itself is engine/formula-text.ts's `repairForExcel` (pure, tested there).
 */
import { repairForExcel } from '../engine/formula-text';
import type { ExcelRun } from './office-port';
import { FormulaRepair, PortError, SharingPort } from './port';
import { columnLetters, formatRef } from './refs';

/** The part of `Office.context.document` used here. */
export interface OfficeDocumentLike {
  url?: string;
  getFileAsync(fileType: string, options: { sliceSize: number }, callback: (result: AsyncResultLike<OfficeFileLike>) => void): void;
}

interface AsyncResultLike<T> {
  status: string;
  value: T;
  error?: { message?: string; code?: number };
}

interface OfficeFileLike {
  size: number;
  sliceCount: number;
  getSliceAsync(index: number, callback: (result: AsyncResultLike<{ data: ArrayLike<number> | ArrayBuffer }>) => void): void;
  closeAsync(callback?: () => void): void;
}

/** Largest open file read for a copy (the same limit as any workbook read: 100 MiB). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
const SLICE_BYTES = 4 * 1024 * 1024;
const BLOCK_CELLS = 200_000;

export interface OfficeSharingOptions {
  run: ExcelRun;
  document: OfficeDocumentLike;
  /** `Excel.createWorkbook`, when the host has ExcelApi 1.8; absent otherwise. */
  createWorkbook?: (base64: string) => Promise<unknown>;
}

/** The open document as .xlsx bytes, slice by slice; the file handle is always closed. */
export function readDocumentFile(doc: OfficeDocumentLike, maxBytes = MAX_FILE_BYTES): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    doc.getFileAsync('compressed', { sliceSize: SLICE_BYTES }, (res) => {
      if (res.status !== 'succeeded') return reject(new PortError('host', `getFileAsync: ${res.error?.message ?? 'failed'}`));
      const file = res.value;
      if (file.size > maxBytes) {
        file.closeAsync();
        return reject(new PortError('host', `the workbook is too large to copy (${file.size} bytes; at most ${maxBytes})`));
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
    const raw = url.replace(/[?#].*$/, '').split(/[\\/]/).pop() ?? '';
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
      const used = sheets.items.map((s) => ({ sheet: s.name, range: ctx.workbook.worksheets.getItem(s.name).getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount') }));
      await ctx.sync();
      const out: FormulaRepair[] = [];
      let queued: { sheet: string; top: number; left: number; block: Excel.Range }[] = [];
      let cells = 0;
      const flush = async () => {
        if (queued.length === 0) return;
        await ctx.sync();
        for (const q of queued) {
          const formulas = q.block.formulas as unknown[][];
          const types = q.block.valueTypes as unknown[][];
          const values = q.block.values as unknown[][];
          formulas.forEach((row, r) =>
            row.forEach((f, c) => {
              if (typeof f !== 'string' || !f.startsWith('=')) return;
              const nameError = types?.[r]?.[c] === 'Error' && values?.[r]?.[c] === '#NAME?';
              const after = repairForExcel(f, nameError);
              if (after !== undefined) out.push({ sheet: q.sheet, address: `${columnLetters(q.left + c + 1)}${q.top + r + 1}`, before: f, after });
            }),
          );
        }
        queued = [];
        cells = 0;
      };
      for (const u of used) {
        if (u.range.isNullObject) continue;
        const cols = Math.max(1, u.range.columnCount);
        const step = Math.max(1, Math.floor(BLOCK_CELLS / cols));
        for (let r = 0; r < u.range.rowCount; r += step) {
          const rows = Math.min(step, u.range.rowCount - r);
          const top = u.range.rowIndex + r;
          const block = ctx.workbook.worksheets.getItem(u.sheet).getRangeByIndexes(top, u.range.columnIndex, rows, cols).load('formulas,values,valueTypes');
          queued.push({ sheet: u.sheet, top, left: u.range.columnIndex, block });
          cells += rows * cols;
          if (cells >= BLOCK_CELLS) await flush();
        }
      }
      await flush();
      return out;
    });
  }

  async writeRepairs(repairs: FormulaRepair[]): Promise<FormulaRepair[]> {
    const cellRepairs = repairs.filter((r) => r.sheet !== '');
    if (cellRepairs.length === 0) return [];
    return this.opts.run(async (ctx) => {
      const ranges = cellRepairs.map((r) => ctx.workbook.worksheets.getItem(r.sheet).getRange(r.address).load('formulas'));
      await ctx.sync();
      const written: FormulaRepair[] = [];
      cellRepairs.forEach((r, i) => {
        // Only where the cell still holds what the user was shown: an edit in between wins.
        if (ranges[i].formulas?.[0]?.[0] !== r.before) return;
        ranges[i].formulas = [[r.after]];
        written.push(r);
      });
      if (written.length > 0) {
        ctx.workbook.application.calculate('Full');
        await ctx.sync();
      }
      return written;
    });
  }
}

/** `'中文 表'!B2` for a repair, as the pane shows it. */
export function repairRef(r: FormulaRepair): string {
  return r.sheet ? formatRef(r.sheet, r.address) : r.address;
}
