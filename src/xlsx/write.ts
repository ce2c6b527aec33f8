/**
 * The writer: changes to cells patched into a sheet part's own XML, in one pass over the part
 * (a merge of the sorted edits with the rows as the reader found them), and the changed parts
 * put back into the package. Only the `<c>` elements edited are rewritten (and the rows and
 * dimension they widen); every other byte of the part stays, and so does every other part.
 *
 * An edit to a cell:
 *  - `result`: a formula's new cached value; its formula text and every other attribute stay.
 *    `ref` gives an array formula its range (a formula that newly spills becomes an array
 *    formula); `dynamic` marks it a dynamic array (`cm`, with xl/metadata.xml).
 *  - `value`: a constant (a spilled neighbour); `clear`: empties a cell, keeping its style. A
 *    cell holding a formula is never touched by either.
 *  - `constant`: replaces whatever the cell holds by a constant (snapshot, an input set).
 *  - `formula`: replaces a cell's formula by a plain one (an input set), with a cached value or
 *    keeping the one it has; `formulaText`: replaces only the text of a formula, its kind,
 *    share and range kept (repair).
 *
 * Values are written as Excel writes them: numbers at full precision, text escaped (`_xHHHH_`
 * for what XML cannot carry), `t="str"` for a formula's text, inline strings for constants.
 * Rows and cells come out in order; a sheet whose rows or cells were out of order is put in
 * order first.
 */
import { Result } from './cells';
import { MAX_COL, MAX_ROW, Range, cellAddress, formatRange, parseRange } from './a1';
import { WorkbookModel, relsPartOf } from './package';
import { CellRecord, RowRecord, SheetXml, readSheetXml } from './sheet';
import { DEFAULT_LIMITS } from './limits';
import { decodeXmlBytes, encodeCellText, escapeXml, parseXml } from './xml';

export type Edit =
  | { kind: 'result'; value: Result; ref?: string; dynamic?: boolean }
  | { kind: 'value'; value: Result }
  | { kind: 'clear' }
  | { kind: 'constant'; value: Result }
  | { kind: 'formula'; text: string; value?: Result; ref?: string }
  | { kind: 'formulaText'; text: string };

/** Row → column → edit, for one sheet. */
export type SheetEdits = Map<number, Map<number, Edit>>;

export function addEdit(edits: SheetEdits, row: number, col: number, edit: Edit): void {
  let line = edits.get(row);
  if (!line) edits.set(row, (line = new Map()));
  line.set(col, edit);
}

/** Sets (or, with `undefined`, removes) one attribute in a start tag's text, leaving the others as they are. */
export function setAttr(tag: string, name: string, value: string | undefined): string {
  const re = new RegExp(`(\\s)${name}\\s*=\\s*("[^"]*"|'[^']*')`);
  if (value === undefined) return tag.replace(new RegExp(`\\s${name}\\s*=\\s*("[^"]*"|'[^']*')`), '');
  if (re.test(tag)) return tag.replace(re, `$1${name}="${escapeXml(value)}"`);
  return tag.replace(/\s*(\/?)>$/, (m, slash: string) => ` ${name}="${escapeXml(value)}"${slash}>`);
}

export function getAttr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)
    .exec(tag)
    ?.slice(1)
    .find((x) => x !== undefined);
}

/** A number as the shortest text that reads back as the same double (never rounded). */
function numberText(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** `t` and `<v>` of a formula's cached value (`undefined` t: a number, or no value). */
function formulaValue(v: Result, p: string): { t?: string; xml: string } {
  if (v === null) return { xml: '' };
  if (typeof v === 'number')
    return Number.isFinite(v) ? { xml: `<${p}v>${numberText(v)}</${p}v>` } : { t: 'e', xml: `<${p}v>#NUM!</${p}v>` };
  if (typeof v === 'boolean') return { t: 'b', xml: `<${p}v>${v ? 1 : 0}</${p}v>` };
  if (typeof v === 'object') return { t: 'e', xml: `<${p}v>${escapeXml(v.error)}</${p}v>` };
  return { t: 'str', xml: `<${p}v>${encodeCellText(v)}</${p}v>` };
}

/** `t` and content of a constant (text inline; an empty text points at an empty shared string when there is one). */
export function constantValue(v: Result, p: string, emptyShared?: number): { t?: string; xml: string } {
  if (v === '' && emptyShared !== undefined) return { t: 's', xml: `<${p}v>${emptyShared}</${p}v>` };
  if (typeof v === 'string') {
    const space = /^\s|\s$|[\n\t]/.test(v) ? ' xml:space="preserve"' : '';
    return { t: 'inlineStr', xml: `<${p}is><${p}t${space}>${encodeCellText(v)}</${p}t></${p}is>` };
  }
  return formulaValue(v, p);
}

export interface PatchContext {
  /** Index of an empty shared string, if the package has one (read, never modified). */
  emptyShared?: number;
  /** The `cm` value that marks a dynamic array in this package. */
  dynamicCm?: number;
  /** The package's shared strings and date system (to re-read a sheet put in order). */
  sharedStrings?: string[];
  date1904?: boolean;
}

/** The pieces of an existing `<c>` element, from the reader's offsets. */
function cellParts(text: string, c: CellRecord) {
  const selfClosing = c.tagEnd === c.end && text.charCodeAt(c.end - 2) === 47;
  const open = text.slice(c.start, c.tagEnd);
  const closeStart = selfClosing ? c.end : text.lastIndexOf('<', c.end - 1);
  const spans: [number, number][] = [];
  if (c.f) spans.push([c.f.start, c.f.end]);
  if (c.vStart >= 0) spans.push([c.vStart, c.vEnd]);
  if (c.isStart >= 0) spans.push([c.isStart, c.isEnd]);
  spans.sort((a, b) => a[0] - b[0]);
  let rest = '';
  let at = c.tagEnd;
  for (const [s, e] of spans) {
    rest += text.slice(at, s);
    at = e;
  }
  if (!selfClosing) rest += text.slice(at, closeStart);
  return {
    selfClosing,
    open: selfClosing ? open.replace(/\s*\/>$/, '>') : open,
    rest: rest.trim() === '' ? '' : rest,
    f: c.f ? text.slice(c.f.start, c.f.end) : undefined,
  };
}

/** The rewritten `<c>` element for an edit, or undefined when the edit does not apply to this cell. */
function patchCell(text: string, c: CellRecord, edit: Edit, p: string, ctx: PatchContext): string | undefined {
  const parts = cellParts(text, c);
  const close = (open: string, body: string) =>
    body === '' ? `${open.replace(/>$/, '/>')}` : `${open}${body}</${p}c>`;
  if (edit.kind === 'clear' || edit.kind === 'value') {
    if (parts.f) return undefined; // never overwrite another formula
    if (edit.kind === 'clear') return close(setAttr(parts.open, 't', undefined), parts.rest);
    const v = constantValue(edit.value, p, ctx.emptyShared);
    return close(setAttr(parts.open, 't', v.t), v.xml + parts.rest);
  }
  if (edit.kind === 'constant') {
    let open = setAttr(parts.open, 'cm', undefined);
    const v = constantValue(edit.value, p, ctx.emptyShared);
    open = setAttr(open, 't', v.t);
    return close(open, v.xml + parts.rest);
  }
  if (edit.kind === 'formulaText') {
    if (!c.f || !c.f.own) return undefined;
    const fOpen = text.slice(c.f.start, c.f.contentStart);
    const selfClosing = c.f.contentStart === c.f.end && /\/>$/.test(fOpen);
    const fXml = `${selfClosing ? fOpen.replace(/\s*\/>$/, '>') : fOpen}${escapeXml(edit.text)}</${p}f>`;
    return text.slice(c.start, c.f.start) + fXml + text.slice(c.f.end, c.end);
  }
  if (edit.kind === 'formula') {
    let fAttrs = '';
    if (edit.ref && edit.ref.includes(':')) fAttrs = ` t="array" ref="${edit.ref}"`;
    const fXml = `<${p}f${fAttrs}>${escapeXml(edit.text)}</${p}f>`;
    let open =
      parts.f && /\bt\s*=\s*["']array/.test(parts.f) && !fAttrs ? setAttr(parts.open, 'cm', undefined) : parts.open;
    if (edit.value === undefined) {
      // Keep the cached value as stored.
      const value = c.vStart >= 0 ? text.slice(c.vStart, c.vEnd) : '';
      return close(open, fXml + value + parts.rest);
    }
    const v = formulaValue(edit.value, p);
    open = setAttr(open, 't', v.t);
    return close(open, fXml + v.xml + parts.rest);
  }
  // result
  if (!parts.f || !c.f) return undefined;
  const v = formulaValue(edit.value, p);
  let open = setAttr(parts.open, 't', v.t);
  let fXml = parts.f;
  if (edit.ref) {
    const fOpenEnd = c.f.contentStart - c.f.start;
    const fOpen = fXml.slice(0, fOpenEnd);
    const fSelfClosing = c.f.contentStart === c.f.end && /\/>$/.test(fOpen);
    let fTag = fOpen;
    if (c.f.kind === 'array') fTag = setAttr(fTag, 'ref', edit.ref);
    else if (c.f.kind === 'normal' && edit.ref.includes(':'))
      fTag = fTag.replace(/\s*(\/?)>$/, (m, slash: string) => ` t="array" ref="${edit.ref}"${slash}>`);
    fXml = fSelfClosing ? fTag : fTag + fXml.slice(fOpenEnd);
    if (edit.dynamic && ctx.dynamicCm !== undefined && getAttr(open, 'cm') === undefined && edit.ref.includes(':'))
      open = open.replace(/^<((?:\w+:)?c)\b/, `<$1 cm="${ctx.dynamicCm}"`);
  }
  return close(open, fXml + v.xml + parts.rest);
}

/** A new `<c>` element for an edit on a cell the file does not have (constants and formulas create cells). */
function newCell(row: number, col: number, edit: Edit, p: string, ctx: PatchContext): string | undefined {
  if (edit.kind === 'formula') {
    const fAttrs = edit.ref && edit.ref.includes(':') ? ` t="array" ref="${edit.ref}"` : '';
    const v = edit.value === undefined ? { xml: '' } : formulaValue(edit.value, p);
    return `<${p}c r="${cellAddress(row, col)}"${v.t ? ` t="${v.t}"` : ''}><${p}f${fAttrs}>${escapeXml(edit.text)}</${p}f>${v.xml}</${p}c>`;
  }
  if (edit.kind !== 'value' && edit.kind !== 'constant') return undefined;
  if (edit.value === null) return undefined;
  const v = constantValue(edit.value, p, ctx.emptyShared);
  return `<${p}c r="${cellAddress(row, col)}"${v.t ? ` t="${v.t}"` : ''}>${v.xml}</${p}c>`;
}

export interface PatchResult {
  text: string;
  /** Bounds of the cells inserted, if any. */
  inserted?: Range;
}

interface Flat {
  row: number;
  col: number;
  edit: Edit;
}

function flatten(edits: SheetEdits): Flat[] {
  const out: Flat[] = [];
  for (const [row, cols] of edits) for (const [col, edit] of cols) out.push({ row, col, edit });
  out.sort((a, b) => a.row - b.row || a.col - b.col);
  return out;
}

/** The sheet part with rows sorted by number and cells by column (rows listed twice merged), re-read. */
function inOrder(sheet: SheetXml, ctx: PatchContext): SheetXml {
  const { text } = sheet;
  const sd = sheet.sheetData!;
  const byRow = new Map<number, { row: RowRecord; cells: CellRecord[] }>();
  for (const r of sheet.rows) {
    const cells = sheet.cells.slice(r.first, r.first + r.count);
    const known = byRow.get(r.r);
    if (known) known.cells.push(...cells);
    else byRow.set(r.r, { row: r, cells: [...cells] });
  }
  const p = sheet.prefix;
  let body = '';
  for (const r of [...byRow.keys()].sort((a, b) => a - b)) {
    const { row, cells } = byRow.get(r)!;
    cells.sort((a, b) => a.col - b.col);
    const open = text.slice(row.start, row.tagEnd).replace(/\s*\/>$/, '>');
    const cellsXml = cells
      .map((c) => {
        const xml = text.slice(c.start, c.end);
        // A cell without `r` needs one once it moves.
        return /\sr\s*=/.test(text.slice(c.start, c.tagEnd))
          ? xml
          : xml.replace(/^<((?:\w+:)?c)\b/, `<$1 r="${cellAddress(c.row, c.col)}"`);
      })
      .join('');
    const openWithR = /\sr\s*=/.test(open) ? open : open.replace(/^<((?:\w+:)?row)\b/, `<$1 r="${r}"`);
    body += cellsXml ? `${openWithR}${cellsXml}</${p}row>` : openWithR.replace(/>$/, '/>');
  }
  const openTag = text.slice(sd.start, sd.tagEnd).replace(/\s*\/>$/, '>');
  const next = text.slice(0, sd.start) + openTag + body + `</${p}sheetData>` + text.slice(sd.end);
  const limits = { ...DEFAULT_LIMITS, maxCells: Number.MAX_SAFE_INTEGER };
  return readSheetXml(next, sheet.part, {
    limits,
    sharedStrings: ctx.sharedStrings ?? [],
    date1904: ctx.date1904 ?? false,
    counter: { cells: 0 },
  });
}

/**
 * Applies edits to one sheet part in one pass. Rows and cells missing from the part are
 * inserted in order; the row's `spans` and the sheet's `<dimension>` widened.
 */
export function patchSheet(sheet: SheetXml, edits: SheetEdits, ctx: PatchContext = {}): PatchResult {
  if (edits.size === 0 || !sheet.sheetData) return { text: sheet.text };
  if (!sheet.ordered) sheet = inOrder(sheet, ctx);
  const { text } = sheet;
  const sd = sheet.sheetData!;
  const p = sheet.prefix;
  const list = flatten(edits);
  const out: string[] = [];
  let last = 0;
  let k = 0;
  let top = MAX_ROW + 1;
  let bottom = 0;
  let left = MAX_COL + 1;
  let right = 0;
  const noteInserted = (row: number, col: number) => {
    if (row < top) top = row;
    if (row > bottom) bottom = row;
    if (col < left) left = col;
    if (col > right) right = col;
  };
  const emit = (upTo: number, replacement: string) => {
    out.push(text.slice(last, upTo), replacement);
  };
  /** New rows for the edits before row `before`. */
  const newRows = (before: number): string => {
    let xml = '';
    while (k < list.length && list[k].row < before) {
      const row = list[k].row;
      let cells = '';
      for (; k < list.length && list[k].row === row; k++) {
        const c = newCell(row, list[k].col, list[k].edit, p, ctx);
        if (c) {
          cells += c;
          noteInserted(row, list[k].col);
        }
      }
      if (cells) xml += `<${p}row r="${row}">${cells}</${p}row>`;
    }
    return xml;
  };

  for (const row of sheet.rows) {
    const rowsBefore = newRows(row.r);
    if (rowsBefore) {
      emit(row.start, rowsBefore);
      last = row.start;
    }
    if (k >= list.length || list[k].row !== row.r) continue;
    // Edits in this row, merged with its cells.
    let inserted = '';
    const insertedCols: number[] = [];
    let body = '';
    let at = row.tagEnd;
    const cellsEnd = row.first + row.count;
    for (let i = row.first; i < cellsEnd; i++) {
      const c = sheet.cells[i];
      while (k < list.length && list[k].row === row.r && list[k].col < c.col) {
        const n = newCell(row.r, list[k].col, list[k].edit, p, ctx);
        if (n) {
          body += text.slice(at, c.start) + n;
          at = c.start;
          insertedCols.push(list[k].col);
        }
        k++;
      }
      if (k < list.length && list[k].row === row.r && list[k].col === c.col) {
        const patched = patchCell(text, c, list[k].edit, p, ctx);
        k++;
        if (patched !== undefined) {
          body += text.slice(at, c.start) + patched;
          at = c.end;
        }
      }
    }
    while (k < list.length && list[k].row === row.r) {
      const n = newCell(row.r, list[k].col, list[k].edit, p, ctx);
      if (n) {
        inserted += n;
        insertedCols.push(list[k].col);
      }
      k++;
    }
    for (const col of insertedCols) noteInserted(row.r, col);
    if (body === '' && inserted === '') continue;
    let open = text.slice(row.start, row.tagEnd);
    if (insertedCols.length) {
      const spans = getAttr(open, 'spans');
      if (spans !== undefined) {
        const m = /^\s*(\d+):(\d+)\s*$/.exec(spans);
        let lo = m ? Number(m[1]) : 0;
        let hi = m ? Number(m[2]) : 0;
        for (const col of insertedCols) {
          lo = Math.min(lo, col);
          hi = Math.max(hi, col);
        }
        open = setAttr(open, 'spans', m ? `${lo}:${hi}` : undefined);
      }
    }
    if (row.selfClosing) {
      emit(row.start, `${open.replace(/\s*\/>$/, '>')}${inserted}</${p}row>`);
      last = row.end;
      continue;
    }
    const closeStart = text.lastIndexOf('<', row.end - 1);
    emit(row.start, open + body + text.slice(at, closeStart) + inserted);
    last = closeStart;
  }
  const tail = newRows(MAX_ROW + 1);
  if (tail) {
    if (sd.selfClosing) {
      emit(sd.start, `${text.slice(sd.start, sd.tagEnd).replace(/\s*\/>$/, '>')}${tail}</${p}sheetData>`);
      last = sd.end;
    } else {
      const closeStart = text.lastIndexOf('<', sd.end - 1);
      emit(closeStart, tail);
      last = closeStart;
    }
  }
  out.push(text.slice(last));
  let next = out.join('');
  if (bottom === 0) return { text: next };
  const inserted: Range = { top, left, bottom, right };
  if (sheet.dimension && sheet.dimension.end <= sd.start) {
    const old = parseRange(sheet.dimension.ref);
    if (old) {
      const ref = formatRange({
        top: Math.min(old.top, top),
        left: Math.min(old.left, left),
        bottom: Math.max(old.bottom, bottom),
        right: Math.max(old.right, right),
      });
      const d = sheet.dimension;
      next = next.slice(0, d.start) + setAttr(text.slice(d.start, d.end), 'ref', ref) + next.slice(d.end);
    }
  }
  return { text: next, inserted };
}

const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const WORKSHEET_REL = `${REL_NS}/worksheet`;
const WORKSHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const METADATA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml';
const METADATA_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata';

/** The metadata part Excel writes for dynamic arrays: one cell-metadata record, index 1. */
export const METADATA_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">' +
  '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" ' +
  'pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" ' +
  'coerce="1" cellMeta="1"/></metadataTypes>' +
  '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">' +
  '<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>' +
  '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';

/** Text → the UTF-8 a part is stored in (a declaration naming another encoding is corrected). */
function utf8Declared(text: string): string {
  return text.replace(/^(<\?xml[^>]*\bencoding\s*=\s*)(["'])[^"']*\2/, (m, head: string, q: string) =>
    /utf-?8/i.test(m) ? m : `${head}${q}UTF-8${q}`
  );
}

/**
 * Changes to a package: parts replaced or added, relationships and content types for new
 * parts, parts removed. Unchanged parts keep their bytes. Every part written is parsed again
 * before the package is produced: a writer bug shows here, not in the recipient's Excel.
 */
export class PackageWriter {
  private readonly texts = new Map<string, string>();
  private readonly removed = new Set<string>();

  constructor(readonly model: WorkbookModel) {}

  /** The part's current text (as changed so far). */
  async text(part: string): Promise<string | undefined> {
    if (this.texts.has(part)) return this.texts.get(part);
    if (this.removed.has(part)) return undefined;
    const bytes = await this.model.zip.bytes(part);
    if (bytes === undefined) return undefined;
    return decodeXmlBytes(bytes, part);
  }

  put(part: string, text: string): void {
    this.removed.delete(part);
    this.texts.set(this.model.zip.nameOf(part) ?? part, text);
  }

  remove(part: string): void {
    const name = this.model.zip.nameOf(part) ?? part;
    this.texts.delete(name);
    this.removed.add(name);
  }

  get changed(): boolean {
    return this.texts.size > 0 || this.removed.size > 0;
  }

  /** Adds a relationship from `source`'s relationships part; returns its id. */
  async addRelationship(source: string, type: string, target: string): Promise<string> {
    const relsPart = relsPartOf(source);
    let xml =
      (await this.text(relsPart)) ??
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
    const ids = new Set([...xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)].map((m) => getAttr(m[0], 'Id')));
    let n = ids.size + 1;
    while (ids.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    xml = xml.replace(
      /<\/((?:\w+:)?)Relationships>\s*$/,
      (close, pre: string) => `<${pre}Relationship Id="${id}" Type="${type}" Target="${escapeXml(target)}"/>${close}`
    );
    this.put(relsPart, xml);
    return id;
  }

  /** Declares a part's content type (an Override). */
  async addContentType(part: string, type: string): Promise<void> {
    const xml = (await this.text('[Content_Types].xml')) ?? '';
    this.put(
      '[Content_Types].xml',
      xml.replace(
        /<\/((?:\w+:)?)Types>\s*$/,
        (close, pre: string) => `<${pre}Override PartName="/${part}" ContentType="${type}"/>${close}`
      )
    );
  }

  /** Makes sure xl/metadata.xml defines dynamic arrays; returns the `cm` value that marks one, or undefined if the package has metadata without it. */
  async dynamicArrayCm(): Promise<number | undefined> {
    const { model } = this;
    if (model.dynamicArrayCm.size) return Math.min(...model.dynamicArrayCm);
    if (model.metadataPart) return undefined;
    const dir = model.workbookPart.slice(0, model.workbookPart.lastIndexOf('/') + 1);
    const part = `${dir}metadata.xml`;
    if (this.texts.has(part)) return 1;
    if (model.zip.has(part)) return undefined;
    this.put(part, METADATA_XML);
    await this.addContentType(part, METADATA_TYPE);
    await this.addRelationship(model.workbookPart, METADATA_REL, 'metadata.xml');
    return 1;
  }

  /**
   * The package with every change, each changed part checked well-formed first. The model's
   * own package is left as it was read, so a writer can be made again from the same model.
   */
  async toBytes(): Promise<Uint8Array> {
    const { zip } = this.model;
    if (!this.changed)
      return new Uint8Array(await zip.zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    const files = zip.zip.files as Record<string, unknown>;
    const saved = new Map<string, unknown>();
    const keep = (name: string) => {
      if (!saved.has(name))
        saved.set(name, Object.prototype.hasOwnProperty.call(files, name) ? files[name] : undefined);
    };
    try {
      for (const [part, text] of this.texts) {
        parseXml(text, part, DEFAULT_LIMITS, {});
        const name = zip.entry(part)?.name ?? part;
        keep(name);
        zip.zip.file(name, utf8Declared(text));
      }
      for (const part of this.removed) {
        const entry = zip.entry(part);
        if (!entry) continue;
        keep(entry.name);
        zip.zip.remove(entry.name);
      }
      return await zip.zip.generateAsync({
        type: 'uint8array',
        compression: 'DEFLATE',
        compressionOptions: { level: 6 },
      });
    } finally {
      for (const [name, file] of saved) {
        if (file === undefined) delete files[name];
        else files[name] = file;
      }
    }
  }

  /** Removes the calculation chain, its relationship and content type: it lists formula cells, some of which may no longer be (Excel rebuilds it). */
  async dropCalcChain(): Promise<void> {
    const { model } = this;
    const chains = model.workbookRels.filter((r) => r.kind === 'calcChain' && !r.external);
    if (chains.length === 0) return;
    const relsPart = relsPartOf(model.workbookPart);
    const rels = (await this.text(relsPart)) ?? '';
    const ids = new Set(chains.map((r) => r.id));
    this.put(
      relsPart,
      rels.replace(/<(?:\w+:)?Relationship\b[^>]*>(?:\s*<\/(?:\w+:)?Relationship>)?/g, (tag) =>
        ids.has(getAttr(tag, 'Id') ?? '') ? '' : tag
      )
    );
    const gone = new Set<string>();
    for (const r of chains) {
      const part = model.zip.nameOf(r.target);
      if (part) {
        this.remove(part);
        gone.add(part.toLowerCase());
      }
    }
    const types = (await this.text('[Content_Types].xml')) ?? '';
    this.put(
      '[Content_Types].xml',
      types.replace(/<(?:\w+:)?Override\b[^>]*>(?:\s*<\/(?:\w+:)?Override>)?/g, (tag) =>
        gone.has((getAttr(tag, 'PartName') ?? '').replace(/^\//, '').toLowerCase()) ? '' : tag
      )
    );
  }

  /** Adds a worksheet part with the given XML: the part, its relationship, its content type and its `<sheet>` entry (last). */
  async addWorksheet(name: string, sheetXml: string): Promise<void> {
    const { model } = this;
    const dir = model.workbookPart.slice(0, model.workbookPart.lastIndexOf('/') + 1);
    let n = 1;
    while (model.zip.has(`${dir}worksheets/sheet${n}.xml`) || this.texts.has(`${dir}worksheets/sheet${n}.xml`)) n++;
    const part = `${dir}worksheets/sheet${n}.xml`;
    this.put(part, sheetXml);
    const id = await this.addRelationship(model.workbookPart, WORKSHEET_REL, `worksheets/sheet${n}.xml`);
    await this.addContentType(part, WORKSHEET_TYPE);
    const wb = (await this.text(model.workbookPart))!;
    const taken = [...wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m) => Number(getAttr(m[0], 'sheetId')) || 0);
    const sheetId = Math.max(0, ...taken) + 1;
    const rPrefix = new RegExp(`xmlns:(\\w+)\\s*=\\s*"${REL_NS.replace(/[./]/g, '\\$&')}"`).exec(wb)?.[1];
    const idAttr = rPrefix ? `${rPrefix}:id="${id}"` : `r:id="${id}" xmlns:r="${REL_NS}"`;
    this.put(
      model.workbookPart,
      wb.replace(
        /<\/((?:\w+:)?)sheets>/,
        (close, p: string) => `<${p}sheet name="${escapeXml(name)}" sheetId="${sheetId}" ${idAttr}/>${close}`
      )
    );
  }

  /**
   * The cell style (an index into `cellXfs`) for a number format and boldness, added to the
   * styles part when the package has none like it; undefined when the package has no styles.
   */
  async cellStyle(numberFormat: string | undefined, bold: boolean): Promise<number | undefined> {
    const key = `${bold ? 1 : 0}|${numberFormat ?? ''}`;
    if (this.styles.has(key)) return this.styles.get(key);
    const part = this.model.stylesPart;
    const xml = part ? await this.text(part) : undefined;
    if (!part || !xml) return undefined;
    const p = /<(\w+:)?styleSheet\b/.exec(xml)?.[1] ?? '';
    let text = xml;
    let numFmtId = 0;
    if (numberFormat && numberFormat !== 'General') {
      const builtin = BUILTIN_FORMATS[numberFormat];
      if (builtin !== undefined) numFmtId = builtin;
      else {
        const formats = [...text.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)].map((m) => ({
          id: Number(getAttr(m[0], 'numFmtId')),
          code: getAttr(m[0], 'formatCode'),
        }));
        const known = formats.find((f) => f.code !== undefined && unescapeAttr(f.code) === numberFormat);
        if (known) numFmtId = known.id;
        else {
          numFmtId = Math.max(163, ...formats.map((f) => f.id || 0)) + 1;
          const tag = `<${p}numFmt numFmtId="${numFmtId}" formatCode="${escapeXml(numberFormat)}"/>`;
          text = appendChild(text, p, 'numFmts', tag, (t) =>
            t.replace(/(<(?:\w+:)?styleSheet\b[^>]*>)/, `$1<${p}numFmts count="0"></${p}numFmts>`)
          );
        }
      }
    }
    let fontId = 0;
    if (bold) {
      const fonts = /<(?:\w+:)?fonts\b[^>]*>([\s\S]*?)<\/(?:\w+:)?fonts>/.exec(text);
      const first = fonts
        ? /<(?:\w+:)?font\b[^>]*\/>|<(?:\w+:)?font\b[^>]*>[\s\S]*?<\/(?:\w+:)?font>/.exec(fonts[1])?.[0]
        : undefined;
      if (fonts && first) {
        fontId = [...fonts[1].matchAll(/<(?:\w+:)?font\b/g)].length;
        const boldFont = /<(?:\w+:)?b\s*\/>/.test(first)
          ? first
          : first.endsWith('/>')
            ? first.replace(/\s*\/>$/, `><${p}b/></${p}font>`)
            : first.replace(/^(<(?:\w+:)?font\b[^>]*>)/, `$1<${p}b/>`);
        text = appendChild(text, p, 'fonts', boldFont);
      }
    }
    const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(text);
    if (!xfs) return undefined;
    const index = [...xfs[1].matchAll(/<(?:\w+:)?xf\b/g)].length;
    const xf = `<${p}xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ''}${fontId ? ' applyFont="1"' : ''}/>`;
    text = appendChild(text, p, 'cellXfs', xf);
    this.put(part, text);
    this.styles.set(key, index);
    return index;
  }

  private readonly styles = new Map<string, number | undefined>();
}

/** A cell of a new worksheet: a constant and, optionally, a cell style (`cellStyle`). */
export interface NewCell {
  value: Result;
  style?: number;
}

/**
 * The part of a new worksheet (the snapshot's notes, a comparison sheet): constants written as
 * Excel writes them (text inline), styles, column widths and frozen panes. `rows` is 0-based;
 * holes and cells without value or style are left out.
 */
export function worksheetXml(
  rows: (NewCell | undefined)[][],
  opts: { widths?: number[]; freeze?: { rows: number; cols: number } } = {}
): string {
  let data = '';
  let right = 1;
  rows.forEach((line, r) => {
    let cells = '';
    line.forEach((cell, c) => {
      const v = cell === undefined || cell.value === null ? undefined : constantValue(cell.value, '');
      if (!v && !cell?.style) return;
      right = Math.max(right, c + 1);
      cells += `<c r="${cellAddress(r + 1, c + 1)}"${cell?.style ? ` s="${cell.style}"` : ''}${v?.t ? ` t="${v.t}"` : ''}>${v?.xml ?? ''}</c>`;
    });
    if (cells) data += `<row r="${r + 1}">${cells}</row>`;
  });
  const cols = (opts.widths ?? [])
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${Number(w) || 8.43}" customWidth="1"/>`)
    .join('');
  const f = opts.freeze;
  let pane = '';
  if (f && (f.rows > 0 || f.cols > 0)) {
    const active = f.rows > 0 && f.cols > 0 ? 'bottomRight' : f.rows > 0 ? 'bottomLeft' : 'topRight';
    pane =
      `<pane${f.cols > 0 ? ` xSplit="${f.cols}"` : ''}${f.rows > 0 ? ` ySplit="${f.rows}"` : ''} topLeftCell="${cellAddress(f.rows + 1, f.cols + 1)}" activePane="${active}" state="frozen"/>` +
      `<selection pane="${active}"/>`;
  }
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL_NS}">` +
    `<dimension ref="A1:${cellAddress(Math.max(1, rows.length), right)}"/>` +
    `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${data}</sheetData>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    '</worksheet>'
  );
}

/** Format codes Excel numbers itself (ECMA-376 §18.8.30); they are never written into numFmts. */
const BUILTIN_FORMATS: Record<string, number> = {
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  '@': 49,
};

function unescapeAttr(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Appends a child to a collection element (`numFmts`, `fonts`, `cellXfs`) and updates its count; `create` adds the element when missing. */
function appendChild(text: string, p: string, element: string, child: string, create?: (t: string) => string): string {
  const openRe = new RegExp(`<(?:\\w+:)?${element}\\b[^>]*>`);
  if (!openRe.test(text)) {
    if (!create) return text;
    text = create(text);
  }
  const open = openRe.exec(text)!;
  const after = open.index + open[0].length;
  if (open[0].endsWith('/>')) {
    const tag = setAttr(open[0].replace(/\s*\/>$/, '>'), 'count', '1');
    return text.slice(0, open.index) + tag + child + `</${p}${element}>` + text.slice(after);
  }
  const end = new RegExp(`<\\/(?:\\w+:)?${element}>`).exec(text.slice(after));
  if (!end) return text;
  const body = text.slice(after, after + end.index);
  const n = [...body.matchAll(new RegExp(`<(?:\\w+:)?${element.replace(/s$/, '')}\\b`, 'g'))].length + 1;
  const tag = getAttr(open[0], 'count') === undefined ? open[0] : setAttr(open[0], 'count', String(n));
  return text.slice(0, open.index) + tag + body + child + text.slice(after + end.index);
}

/** Patches the XML text of one sheet part (tests and small tools; the package's strings given when cells use them). */
export function patchSheetXml(xml: string, edits: SheetEdits, ctx: PatchContext = {}): string {
  const sheet = readSheetXml(xml, 'sheet.xml', {
    limits: DEFAULT_LIMITS,
    sharedStrings: ctx.sharedStrings ?? [],
    date1904: ctx.date1904 ?? false,
    counter: { cells: 0 },
  });
  return patchSheet(sheet, edits, ctx).text;
}
