/**
 * One worksheet part, read once into what the engine computes, what `check` compares and
 * what the writer patches: every cell with its position (rows and cells without `r` follow
 * the previous one), its stored type and value, its formula (normal, shared, array or data
 * table; text from character data and CDATA alike) and the offsets of its XML, so the writer
 * can rewrite a cell without touching a byte around it. Merges and data validations are never
 * expanded into cells: a merge over the whole sheet costs nothing.
 */
import { Result, isoToSerial } from './cells';
import { MAX_COL, MAX_ROW, columnNumber, parseCellAddress } from './a1';
import { XlsxLimits, corrupt, count, refuse } from './limits';
import { MAIN_NS, decodeExcelEscapes, parseXml, textOf } from './xml';

export type FormulaKind = 'normal' | 'shared' | 'array' | 'dataTable';

export interface FormulaRecord {
  kind: FormulaKind;
  /**
   * The formula as stored (no leading `=`). A shared formula's other cells hold no text in the
   * file: theirs is the master's, moved by their offset (filled in by the package reader).
   */
  text: string;
  /** The text is this cell's own (false for the cells of a shared formula other than its master). */
  own: boolean;
  /** `ref` of a shared, array or data-table formula. */
  ref?: string;
  si?: number;
  /** Offsets of the `<f>` element: `<`, after its start tag, after its end. */
  start: number;
  contentStart: number;
  end: number;
}

export interface CellRecord {
  row: number;
  col: number;
  /** `t` as stored ("n" when absent). */
  t: string;
  /** The cached value (for a formula) or the constant, as a person sees it. */
  value: Result;
  /** Style index (`s`), 0 when absent. */
  style: number;
  /** Cell-metadata index (`cm`), a dynamic array's mark. */
  cm?: number;
  f?: FormulaRecord;
  /** Offsets: `<` of `<c`, after the start tag, after the element. */
  start: number;
  tagEnd: number;
  end: number;
  /** Offsets of the `<v>` and `<is>` children (−1: none). */
  vStart: number;
  vEnd: number;
  isStart: number;
  isEnd: number;
}

export interface RowRecord {
  r: number;
  start: number;
  /** After the start tag. */
  tagEnd: number;
  end: number;
  selfClosing: boolean;
  /** Index of the row's first cell in `cells`, and how many it has. */
  first: number;
  count: number;
}

export interface SheetXml {
  part: string;
  text: string;
  /** The prefix SpreadsheetML elements use here (`x:` in `<x:c>`), "" for the default namespace. */
  prefix: string;
  cells: CellRecord[];
  rows: RowRecord[];
  /** Offsets of `<sheetData>`: `<`, after its start tag, after its end; `selfClosing` when `<sheetData/>`. */
  sheetData?: { start: number; tagEnd: number; end: number; selfClosing: boolean };
  dimension?: { start: number; end: number; ref: string };
  /** Rows strictly ascending, and cells within each row. */
  ordered: boolean;
  /** Data-table formulas' ranges (What-If tables): their cells keep their cached values. */
  dataTables: string[];
}

export interface SheetReadContext {
  limits: XlsxLimits;
  sharedStrings: string[];
  date1904: boolean;
  /** Cells read so far, all sheets together. */
  counter: { cells: number };
}

/**
 * Reads one worksheet part. Throws a WorkbookError for XML that is not well-formed, a cell
 * outside the grid or listed twice, a text longer than Excel allows, or too many cells.
 */
export function readSheetXml(text: string, part: string, ctx: SheetReadContext): SheetXml {
  const { limits } = ctx;
  const cells: CellRecord[] = [];
  const rows: RowRecord[] = [];
  const out: SheetXml = { part, text, prefix: '', cells, rows, ordered: true, dataTables: [] };
  let inSheetData = false;
  let row: RowRecord | undefined;
  let lastRow = 0;
  let lastCol = 0;
  let cell: CellRecord | undefined;
  /** What character data is collected for: the cell's `<v>`, `<f>`, or `<t>` of its inline string. */
  let collecting: 'v' | 'f' | 't' | undefined;
  let buf = '';
  let inPhonetic = 0;
  let isText = '';
  let vText: string | undefined;
  const seenInRow = new Set<number>();
  const tooLong = () =>
    refuse(
      `sheet part ${part} holds a text of more than ${count(limits.maxStringChars)} characters (Excel's limit for one cell); refused`
    );

  parseXml(text, part, limits, {
    open(tag) {
      if (!MAIN_NS.has(tag.ns)) return;
      const a = tag.attrs;
      switch (tag.local) {
        case 'sheetData':
          inSheetData = true;
          out.prefix = tag.prefix ? `${tag.prefix}:` : '';
          out.sheetData = { start: tag.start, tagEnd: tag.end, end: tag.end, selfClosing: tag.selfClosing };
          return;
        case 'dimension':
          if (!inSheetData) out.dimension = { start: tag.start, end: tag.end, ref: a.ref ?? '' };
          return;
        case 'row': {
          if (!inSheetData) return;
          const r = a.r === undefined ? lastRow + 1 : Number(a.r);
          if (!Number.isInteger(r) || r < 1 || r > MAX_ROW)
            throw corrupt(`sheet part ${part} has a row numbered ${JSON.stringify(a.r)}, outside the grid`);
          // While rows come in increasing order none repeats, so this alone tells whether they do.
          if (r <= lastRow) out.ordered = false;
          lastRow = r;
          lastCol = 0;
          seenInRow.clear();
          row = {
            r,
            start: tag.start,
            tagEnd: tag.end,
            end: tag.end,
            selfClosing: tag.selfClosing,
            first: cells.length,
            count: 0,
          };
          rows.push(row);
          return;
        }
        case 'c': {
          if (!row) return;
          if (++ctx.counter.cells > limits.maxCells) {
            throw refuse(
              `the workbook holds more than ${count(limits.maxCells)} cells (counted in ${part}); too large to open safely`
            );
          }
          let r = row.r;
          let c = lastCol + 1;
          if (a.r !== undefined) {
            const at = parseCellAddress(a.r);
            if (!at)
              throw corrupt(`sheet part ${part} has a cell at ${JSON.stringify(a.r.slice(0, 20))}, outside the grid`);
            if (at.row !== row.r) throw corrupt(`sheet part ${part} has cell ${a.r} inside row ${row.r}`);
            r = at.row;
            c = at.col;
          }
          if (c > MAX_COL) throw corrupt(`sheet part ${part} has more than ${count(MAX_COL)} cells in row ${r}`);
          if (c <= lastCol) out.ordered = false;
          if (seenInRow.has(c))
            throw corrupt(`sheet part ${part} holds cell ${a.r ?? `${r}:${c}`} twice: ambiguous, refused`);
          seenInRow.add(c);
          lastCol = c;
          cell = {
            row: r,
            col: c,
            t: a.t ?? 'n',
            value: null,
            style: a.s === undefined ? 0 : Number(a.s) || 0,
            start: tag.start,
            tagEnd: tag.end,
            end: tag.end,
            vStart: -1,
            vEnd: -1,
            isStart: -1,
            isEnd: -1,
          };
          // Set after the literal: a spread inside it made every cell record a slow, larger object.
          if (a.cm !== undefined) cell.cm = Number(a.cm);
          cells.push(cell);
          row.count++;
          vText = undefined;
          isText = '';
          return;
        }
        case 'v':
          if (!cell) return;
          cell.vStart = tag.start;
          collecting = 'v';
          buf = '';
          return;
        case 'f': {
          if (!cell) return;
          const kind: FormulaKind =
            a.t === 'shared' ? 'shared' : a.t === 'array' ? 'array' : a.t === 'dataTable' ? 'dataTable' : 'normal';
          cell.f = { kind, text: '', own: true, start: tag.start, contentStart: tag.end, end: tag.end };
          if (a.ref !== undefined) cell.f.ref = a.ref;
          if (a.si !== undefined) cell.f.si = Number(a.si);
          if (kind === 'dataTable' && a.ref) out.dataTables.push(a.ref);
          collecting = 'f';
          buf = '';
          return;
        }
        case 'is':
          if (!cell) return;
          cell.isStart = tag.start;
          isText = '';
          return;
        case 'rPh':
          if (cell && cell.isStart >= 0) inPhonetic++;
          return;
        case 't':
          if (cell && cell.isStart >= 0 && !inPhonetic) {
            collecting = 't';
            buf = '';
          }
          return;
      }
    },
    close(local, ns, end) {
      if (!MAIN_NS.has(ns)) return;
      switch (local) {
        case 'sheetData':
          inSheetData = false;
          if (out.sheetData) out.sheetData.end = end;
          return;
        case 'row':
          if (row) row.end = end;
          row = undefined;
          return;
        case 'c':
          if (cell) {
            cell.end = end;
            finishCell(cell, vText, isText, ctx, part);
            if (cell.f && cell.f.kind === 'shared' && cell.f.text === '') cell.f.own = false;
          }
          cell = undefined;
          return;
        case 'v':
          if (cell && collecting === 'v') {
            cell.vEnd = end;
            vText = buf;
            if (buf.length > limits.maxStringChars) throw tooLong();
          }
          collecting = undefined;
          return;
        case 'f':
          if (cell?.f && collecting === 'f') {
            cell.f.text = buf;
            cell.f.end = end;
          }
          collecting = undefined;
          return;
        case 'is':
          if (cell) cell.isEnd = end;
          return;
        case 'rPh':
          if (inPhonetic) inPhonetic--;
          return;
        case 't':
          if (collecting === 't') {
            isText += buf;
            if (isText.length > limits.maxStringChars) throw tooLong();
          }
          collecting = undefined;
          return;
      }
    },
    text(source, from, to, cdata) {
      if (collecting) {
        buf += textOf(source, from, to, cdata);
        if (buf.length > limits.maxStringChars * 4) throw tooLong();
      }
    },
  });
  return out;
}

/** Decides a cell's value from its type, `<v>` and inline string. */
function finishCell(
  cell: CellRecord,
  v: string | undefined,
  isText: string,
  ctx: SheetReadContext,
  part: string
): void {
  switch (cell.t) {
    case 's': {
      if (v === undefined || v.trim() === '') return;
      const i = Number(v);
      const s = ctx.sharedStrings[i];
      if (!Number.isInteger(i) || s === undefined)
        throw corrupt(
          `sheet part ${part} points at shared string ${JSON.stringify(v.slice(0, 20))}, which does not exist`
        );
      cell.value = s;
      return;
    }
    case 'str':
      cell.value = v === undefined ? (cell.f ? '' : null) : decodeExcelEscapes(v);
      return;
    case 'inlineStr':
      cell.value = cell.isStart >= 0 ? decodeExcelEscapes(isText) : v !== undefined ? decodeExcelEscapes(v) : null;
      if (typeof cell.value === 'string' && cell.value.length > ctx.limits.maxStringChars) {
        throw refuse(
          `sheet part ${part} holds a text of more than ${count(ctx.limits.maxStringChars)} characters (Excel's limit for one cell); refused`
        );
      }
      return;
    case 'b':
      cell.value = v === undefined ? null : v.trim() === '1' || v.trim().toLowerCase() === 'true';
      return;
    case 'e':
      cell.value = v === undefined ? null : { error: v.trim() };
      return;
    case 'd': {
      if (v === undefined) return;
      const serial = isoToSerial(v, ctx.date1904);
      cell.value = serial === undefined ? v : serial;
      return;
    }
    default: {
      if (v === undefined || v.trim() === '') return;
      const n = Number(v);
      cell.value = Number.isFinite(n) ? n : v;
    }
  }
}

/** The column of a cell address (`AB12` → 28), for writers that only have the text. */
export const columnOf = (address: string): number => columnNumber(/^[A-Za-z]+/.exec(address)?.[0] ?? '');
