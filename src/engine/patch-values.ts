/**
 * Fresh cached values written into a workbook's own package, in place. Recalc used to rewrite
 * the whole file through ExcelJS, which drops charts, pivot tables, images, comments' VML and
 * whatever else it does not model; here only the `<c>` elements of the formula cells (and of
 * the cells their arrays spill into) are rewritten, in the sheet parts that hold them. Every
 * other part keeps its bytes, and so does every other byte of a patched sheet part.
 *
 * What is written, per cell of the plan (`computeResults` in workbook.ts decides the values):
 *  - a formula cell: its `<v>` and `t` (`t="str"` text, `t="b"`, `t="e"`, none for a number);
 *    the formula text and every other attribute (`s`, `cm`, …) stay. An array formula whose
 *    spill changed size gets its new `ref`; a formula that newly spills becomes an array
 *    formula, marked as a dynamic array (cm="1" and xl/metadata.xml, dynamic-arrays.ts) when
 *    it calls a REUSE function.
 *  - a spilled neighbour (a constant): a number `<v>`, `t="b"`, `t="e"` or an inline string;
 *    cells and rows that do not exist yet are inserted in order (a row's `spans` widened,
 *    or dropped when it lists several ranges; the sheet's `<dimension>` widened).
 *  - a cell of an old spill the new one no longer covers: emptied (value and type removed,
 *    style kept). A cell holding a formula is never overwritten or emptied.
 *  - `keep` (the engine could not compute the formula): nothing, spill included.
 *
 * Shared strings are never modified (a neighbour that held one gets an inline string; the
 * entry stays, harmless; an empty text reuses an existing empty entry, ExcelJS cannot read an
 * empty inline string). xl/calcChain.xml is left as it is: it lists formula cells, and no
 * formula is added or removed, so it stays valid (Excel rebuilds it when it needs to).
 * Limit: a shared formula (`t="shared"`) whose result newly spills keeps its share as it is
 * (no array `ref`); its spill's cells still get their values (Excel never saves a spilling
 * formula as shared).
 */
import JSZip from 'jszip';
import { markDynamicArraysInZip } from './dynamic-arrays';
import { sheetParts } from './package';
import type { CellPlan, Result } from './workbook';
import { escapeXml } from './xml';

export type Edit = { kind: 'formula'; value: Result; ref?: string } | { kind: 'value'; value: Result } | { kind: 'clear' };

/** Row → column → edit, for one sheet. */
export type SheetEdits = Map<number, Map<number, Edit>>;

function colNumber(letters: string): number {
  return [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

function colLetters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function parseRange(ref: string): { top: number; left: number; bottom: number; right: number } | undefined {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(ref);
  if (!m) return undefined;
  const top = Number(m[2]);
  const left = colNumber(m[1]);
  return { top, left, bottom: m[4] ? Number(m[4]) : top, right: m[3] ? colNumber(m[3]) : left };
}

/** Text for XML content: escaped, and the control characters XML cannot carry in Excel's `_xHHHH_` form. */
function xmlText(s: string): string {
  return escapeXml(s).replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

/** Sets (or, with `undefined`, removes) one attribute in a tag's attribute text, leaving the others as they are. */
export function setAttr(attrs: string, name: string, value: string | undefined): string {
  const re = new RegExp(`(\\s)${name}\\s*=\\s*("[^"]*"|'[^']*')`);
  if (value === undefined) return attrs.replace(new RegExp(`\\s${name}\\s*=\\s*("[^"]*"|'[^']*')`), '');
  if (re.test(attrs)) return attrs.replace(re, `$1${name}="${escapeXml(value)}"`);
  return `${attrs} ${name}="${escapeXml(value)}"`;
}

export function getAttr(attrs: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs)?.slice(1).find((x) => x !== undefined);
}

function isError(v: Result): v is { error: string } {
  return typeof v === 'object' && v !== null;
}

/** A number as the shortest text that reads back as the same double (never rounded). */
function numberText(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** `t` and `<v>` of a formula's cached value (`undefined` t: a number, or no value). */
function formulaValue(v: Result, p: string): { t?: string; xml: string } {
  if (v === null) return { xml: '' };
  if (typeof v === 'number') return Number.isFinite(v) ? { xml: `<${p}v>${numberText(v)}</${p}v>` } : { t: 'e', xml: `<${p}v>#NUM!</${p}v>` };
  if (typeof v === 'boolean') return { t: 'b', xml: `<${p}v>${v ? 1 : 0}</${p}v>` };
  if (isError(v)) return { t: 'e', xml: `<${p}v>${xmlText(v.error)}</${p}v>` };
  return { t: 'str', xml: `<${p}v>${xmlText(v)}</${p}v>` };
}

/** `t` and content of a constant cell (strings inline, shared strings untouched). */
export function constantValue(v: Result, p: string, emptyShared?: number): { t?: string; xml: string } {
  // ExcelJS cannot read an empty inline string back: an existing empty shared string is used when there is one.
  if (v === '' && emptyShared !== undefined) return { t: 's', xml: `<${p}v>${emptyShared}</${p}v>` };
  if (typeof v === 'string') {
    const space = /^\s|\s$|[\n\t]/.test(v) ? ' xml:space="preserve"' : '';
    return { t: 'inlineStr', xml: `<${p}is><${p}t${space}>${xmlText(v)}</${p}t></${p}is>` };
  }
  return formulaValue(v, p);
}

/** The plan as edits per sheet: old spill cells emptied first, then spilled values, then the formula cells. */
export function editsBySheet(cells: CellPlan[]): Map<string, SheetEdits> {
  const out = new Map<string, SheetEdits>();
  const put = (sheet: string, row: number, col: number, edit: Edit) => {
    if (!out.has(sheet)) out.set(sheet, new Map());
    const rows = out.get(sheet)!;
    if (!rows.has(row)) rows.set(row, new Map());
    rows.get(row)!.set(col, edit);
  };
  const live = cells.filter((c) => !c.keep);
  for (const c of live) {
    const old = c.array?.oldRef ? parseRange(c.array.oldRef) : undefined;
    if (!old) continue;
    for (let y = old.top; y <= old.bottom; y++) for (let x = old.left; x <= old.right; x++) if (y !== c.row || x !== c.col) put(c.sheet, y, x, { kind: 'clear' });
  }
  for (const c of live) {
    c.array?.values.forEach((line, r) =>
      line.forEach((value, k) => {
        if (r > 0 || k > 0) put(c.sheet, c.row + r, c.col + k, value === null ? { kind: 'clear' } : { kind: 'value', value });
      }),
    );
  }
  for (const c of live) put(c.sheet, c.row, c.col, { kind: 'formula', value: c.value, ...(c.array ? { ref: c.array.ref } : {}) });
  return out;
}

interface Patched {
  xml: string;
  /** Cells inserted (for the sheet's dimension). */
  inserted: { row: number; col: number }[];
}

/** Rewrites one existing `<c>` element; `undefined` when the edit does not apply (another formula's cell). */
function patchCell(p: string, cAttrs: string, body: string | undefined, edit: Edit, emptyShared?: number): string | undefined {
  body ??= '';
  const fRe = new RegExp(`<${p}f\\b([^>]*?)(/>|>([^<]*)</${p}f>)`);
  const f = fRe.exec(body);
  if (edit.kind !== 'formula' && f) return undefined;
  // Drop the old value (and any inline string) but keep every other child (extLst, …).
  let rest = body
    .replace(new RegExp(`<${p}v\\b[^>]*?(?:/>|>[^<]*</${p}v>)`), '')
    .replace(new RegExp(`<${p}is\\b[^>]*?(?:/>|>[\\s\\S]*?</${p}is>)`), '');
  let attrs = cAttrs;
  if (edit.kind === 'clear') {
    attrs = setAttr(attrs, 't', undefined);
    return rest.trim() === '' ? `<${p}c${attrs}/>` : `<${p}c${attrs}>${rest}</${p}c>`;
  }
  const value = edit.kind === 'formula' ? formulaValue(edit.value, p) : constantValue(edit.value, p, emptyShared);
  attrs = setAttr(attrs, 't', value.t);
  if (edit.kind === 'formula' && f) {
    let fAttrs = f[1];
    const t = getAttr(fAttrs, 't');
    if (edit.ref && t === 'array') fAttrs = setAttr(fAttrs, 'ref', edit.ref);
    else if (edit.ref && t === undefined && edit.ref.includes(':')) fAttrs = `${fAttrs} t="array" ref="${edit.ref}"`;
    const fXml = f[2] === '/>' ? `<${p}f${fAttrs}/>` : `<${p}f${fAttrs}>${f[3]}</${p}f>`;
    const at = rest.indexOf(f[0]);
    rest = rest.slice(0, at) + fXml + value.xml + rest.slice(at + f[0].length);
  } else rest = value.xml + rest;
  return `<${p}c${attrs}>${rest}</${p}c>`;
}

/** Patches one `<row>`'s cells; inserts the missing ones in column order. */
function patchRow(p: string, rowNum: number, rowAttrs: string, inner: string | undefined, edits: Map<number, Edit>, inserted: Patched['inserted'], emptyShared?: number): string {
  const cellRe = new RegExp(`<${p}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${p}c>)`, 'g');
  const src = inner ?? '';
  const pending = new Map(edits);
  const toInsert = () => [...pending.entries()].filter(([, e]) => e.kind === 'value').sort((a, b) => a[0] - b[0]);
  const newCell = (col: number, edit: Edit) => {
    pending.delete(col);
    inserted.push({ row: rowNum, col });
    return patchCell(p, ` r="${colLetters(col)}${rowNum}"`, undefined, edit, emptyShared)!;
  };
  let out = '';
  let last = 0;
  let col = 0;
  for (const m of src.matchAll(cellRe)) {
    const r = getAttr(m[1], 'r');
    col = r ? colNumber(/^[A-Z]+/i.exec(r)?.[0] ?? '') : col + 1;
    out += src.slice(last, m.index);
    for (const [c, e] of toInsert()) if (c < col) out += newCell(c, e);
    const edit = pending.get(col);
    pending.delete(col);
    out += (edit && patchCell(p, m[1], m[2], edit, emptyShared)) ?? m[0];
    last = m.index! + m[0].length;
  }
  out += src.slice(last);
  for (const [c, e] of toInsert()) out += newCell(c, e);
  let attrs = rowAttrs;
  const cols = inserted.filter((i) => i.row === rowNum).map((i) => i.col);
  const spans = getAttr(attrs, 'spans');
  if (cols.length && spans !== undefined) {
    const m = /^\s*(\d+):(\d+)\s*$/.exec(spans);
    attrs = m ? setAttr(attrs, 'spans', `${Math.min(Number(m[1]), ...cols)}:${Math.max(Number(m[2]), ...cols)}`) : setAttr(attrs, 'spans', undefined);
  }
  if (out === src && attrs === rowAttrs) return inner === undefined ? `<${p}row${rowAttrs}/>` : `<${p}row${rowAttrs}>${inner}</${p}row>`;
  return out === '' ? `<${p}row${attrs}/>` : `<${p}row${attrs}>${out}</${p}row>`;
}

/** Patches one sheet part's XML (`emptyShared`: the index of an empty shared string, if the package has one). */
export function patchSheetXml(xml: string, edits: SheetEdits, emptyShared?: number): string {
  const sd = /<((?:\w+:)?)sheetData\b([^>]*?)(\/>|>([\s\S]*?)<\/\1sheetData>)/.exec(xml);
  if (!sd) return xml;
  const p = sd[1];
  const inner = sd[4] ?? '';
  const rowRe = new RegExp(`<${p}row\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${p}row>)`, 'g');
  const inserted: Patched['inserted'] = [];
  const missingRows = [...edits.keys()].sort((a, b) => a - b);
  const newRow = (num: number) => {
    const row = patchRow(p, num, ` r="${num}"`, undefined, edits.get(num)!, inserted, emptyShared);
    return row === `<${p}row r="${num}"/>` ? '' : row; // nothing to put in it
  };
  let out = '';
  let last = 0;
  let num = 0;
  const done = new Set<number>();
  for (const m of inner.matchAll(rowRe)) {
    const r = getAttr(m[1], 'r');
    num = r ? Number(r) : num + 1;
    out += inner.slice(last, m.index);
    for (const n of missingRows) {
      if (n >= num || done.has(n)) continue;
      done.add(n);
      out += newRow(n);
    }
    const rowEdits = edits.get(num);
    done.add(num);
    out += rowEdits ? patchRow(p, num, m[1], m[2], rowEdits, inserted, emptyShared) : m[0];
    last = m.index! + m[0].length;
  }
  out += inner.slice(last);
  for (const n of missingRows) if (!done.has(n)) out += newRow(n);
  if (out === inner) return xml;
  let next = xml.slice(0, sd.index) + `<${p}sheetData${sd[2]}>${out}</${p}sheetData>` + xml.slice(sd.index + sd[0].length);
  if (inserted.length) {
    next = next.replace(new RegExp(`<${p}dimension\\b([^>]*?)/>`), (whole, attrs: string) => {
      const range = parseRange(getAttr(attrs, 'ref') ?? '');
      if (!range) return whole;
      const top = Math.min(range.top, ...inserted.map((i) => i.row));
      const bottom = Math.max(range.bottom, ...inserted.map((i) => i.row));
      const left = Math.min(range.left, ...inserted.map((i) => i.col));
      const right = Math.max(range.right, ...inserted.map((i) => i.col));
      const ref = top === bottom && left === right ? `${colLetters(left)}${top}` : `${colLetters(left)}${top}:${colLetters(right)}${bottom}`;
      return `<${p}dimension${setAttr(attrs, 'ref', ref)}/>`;
    });
  }
  return next;
}

/**
 * The index of an empty string in xl/sharedStrings.xml (read, never modified), if there is one:
 * an empty text constant points to it, since ExcelJS reads an empty inline string as no value.
 */
export async function emptySharedString(zip: JSZip): Promise<number | undefined> {
  const xml = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
  let i = 0;
  for (const m of xml.matchAll(/<((?:\w+:)?)si\b[^>]*?(?:\/>|>([\s\S]*?)<\/\1si>)/g)) {
    const text = (m[2] ?? '').replace(/<((?:\w+:)?)rPh\b[\s\S]*?<\/\1rPh>/g, '').replace(/<[^>]*>/g, '');
    if (text === '') return i;
    i++;
  }
  return undefined;
}

/**
 * Writes the plan's cached values into the package `original` (see the top of this file).
 * Returns `original` itself when nothing changed.
 */
export async function patchCachedValues(original: Uint8Array, cells: CellPlan[]): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(original);
  const parts = await sheetParts(zip);
  const emptyShared = await emptySharedString(zip);
  let changed = false;
  for (const [sheet, edits] of editsBySheet(cells)) {
    const part = parts.get(sheet);
    const file = part ? zip.file(part) : null;
    if (!part || !file) continue;
    const xml = await file.async('string');
    const next = patchSheetXml(xml, edits, emptyShared);
    if (next !== xml) {
      zip.file(part, next);
      changed = true;
    }
  }
  // Array formulas that call REUSE (those that newly spill, above) are dynamic arrays.
  if ((await markDynamicArraysInZip(zip)) > 0) changed = true;
  if (!changed) return original;
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
