/**
 * THE package reader. Everything that looks inside an .xlsx — the limits, the engine's loader,
 * `check`, `recalc`, `snapshot`, `repair`, the pane's engine port — sees the package through
 * this one model, so they cannot disagree about what a sheet is:
 *
 *  - parts are found through relationships (`_rels/.rels` → the workbook part → its sheets,
 *    shared strings, styles, metadata, external links), never by file name; part names are
 *    normalised once and collisions refused (zip.ts);
 *  - XML in any namespace prefix, transitional or Strict, UTF-8 or UTF-16 (xml.ts);
 *  - cells, shared strings, formulas (shared, array, data-table), defined names (ranges and
 *    formulas, workbook- or sheet-scoped) and dynamic-array metadata in one model;
 *  - limits checked while reading: entries, inflated bytes, nesting, DOCTYPE, string length,
 *    cells present. Nothing is allocated from what a file merely declares.
 */
import { Result, isoToSerial } from './cells';
import { DEFAULT_LIMITS, WorkbookError, XlsxLimits, corrupt, count, refuse } from './limits';
import { shiftFormula } from './formula-refs';
import { SheetXml, readSheetXml } from './sheet';
import {
  MAIN_NS,
  PKG_REL_NS,
  REL_NS,
  XmlElement,
  decodeExcelEscapes,
  decodeXmlBytes,
  mainChild,
  mainChildren,
  parseXml,
  parseXmlTree,
  textOf,
} from './xml';
import { ZipPackage, normalisePartName, partKey } from './zip';

export interface Relationship {
  id: string;
  /** The last segment of the type URI (`worksheet`, `sharedStrings`, …), transitional or Strict alike. */
  kind: string;
  type: string;
  /** The target part's normalised name, or the target as written when external. */
  target: string;
  external: boolean;
}

export type SheetKind = 'worksheet' | 'chartsheet' | 'dialogsheet' | 'macrosheet' | 'unknown';

export interface SheetInfo {
  /** Position in the workbook (0-based). */
  index: number;
  name: string;
  sheetId: number;
  state: 'visible' | 'hidden' | 'veryHidden';
  kind: SheetKind;
  /** The part, as named in this package. */
  part: string;
  /** The worksheet's cells (worksheets only). */
  xml?: SheetXml;
}

export interface DefinedName {
  name: string;
  /** The formula as stored (`测算!$B$1*(1+测算!$B$2)`, `Sheet1!$A$1:$A$9`). */
  formula: string;
  /** Index of the sheet it belongs to (`localSheetId`), undefined for a workbook-level name. */
  scope?: number;
  hidden: boolean;
}

/** A link to another workbook (`[1]` in formulas): reported, never followed or opened. */
export interface ExternalLink {
  /** The number formulas use: `[1]Sheet1!A1`. */
  index: number;
  part: string;
  /** Where it points, as stored (a path or URL), or "" when the part has no target. */
  target: string;
}

export interface WorkbookModel {
  zip: ZipPackage;
  /** The workbook part (`xl/workbook.xml` as a rule) and its text. */
  workbookPart: string;
  workbookText: string;
  workbookRels: Relationship[];
  sheets: SheetInfo[];
  names: DefinedName[];
  /** Dates counted from 1904 (old Mac workbooks). */
  date1904: boolean;
  /**
   * The workbook asks Excel to recalculate every formula when it opens (`<calcPr
   * fullCalcOnLoad="1">`): its cached values are not what a person sees in Excel.
   */
  fullCalcOnLoad: boolean;
  sharedStrings: string[];
  sharedStringsPart?: string;
  /** Style index → number format code (`General`, `0.0%`, `yyyy-mm-dd`). */
  numberFormat(style: number): string;
  stylesPart?: string;
  /** Cell-metadata indexes (`cm`) that mark dynamic arrays; empty without xl/metadata.xml. */
  dynamicArrayCm: Set<number>;
  metadataPart?: string;
  externalLinks: ExternalLink[];
  /** Sheets that were not read, and why (chart sheets are not worth a word; macro sheets are). */
  skipped: { sheet: string; reason: string }[];
}

const kindOf = (type: string) => type.slice(type.lastIndexOf('/') + 1);

/** The relationships part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; the package's own: `_rels/.rels`. */
export function relsPartOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

/** A relationship target resolved against the folder of its source part. */
export function resolveTarget(source: string, target: string): string | undefined {
  if (target.startsWith('/')) return normalisePartName(target);
  const dir = source.includes('/') ? source.slice(0, source.lastIndexOf('/') + 1) : '';
  return normalisePartName(dir + target);
}

export async function partText(zip: ZipPackage, part: string): Promise<string | undefined> {
  const bytes = await zip.bytes(part);
  return bytes === undefined ? undefined : decodeXmlBytes(bytes, part);
}

/** The relationships of `source` (`""` for the package itself). */
export async function readRelationships(zip: ZipPackage, source: string, limits: XlsxLimits): Promise<Relationship[]> {
  const relsPart = source === '' ? '_rels/.rels' : relsPartOf(source);
  const text = await partText(zip, relsPart);
  if (text === undefined) return [];
  const root = parseXmlTree(text, relsPart, limits);
  const out: Relationship[] = [];
  for (const el of root.children) {
    if (el.local !== 'Relationship' || el.ns !== PKG_REL_NS) continue;
    const { Id: id, Type: type = '', Target: raw } = el.attrs;
    if (!id || raw === undefined) continue;
    const external = el.attrs.TargetMode === 'External';
    const target = external ? raw : resolveTarget(source, raw);
    if (target === undefined) continue;
    out.push({ id, kind: kindOf(type), type, target, external });
  }
  return out;
}

/** What a zip without a workbook part probably is, for the message. */
function notWorkbookMessage(names: string[]): string {
  const kind = names.some((n) => n.startsWith('word/'))
    ? 'it is a Word document (.docx)'
    : names.some((n) => n.startsWith('ppt/'))
      ? 'it is a PowerPoint file (.pptx)'
      : 'the package has no workbook part';
  return `not an Excel workbook (${kind})`;
}

/** Text of the `<si>` items of the shared-string table, phonetic runs left out. */
function readSharedStrings(text: string, part: string, limits: XlsxLimits): string[] {
  const out: string[] = [];
  let depthInSi = 0;
  let phonetic = 0;
  let inT = false;
  let current = '';
  parseXml(text, part, limits, {
    open(tag) {
      if (!MAIN_NS.has(tag.ns)) return;
      if (tag.local === 'si') {
        depthInSi++;
        current = '';
      } else if (tag.local === 'rPh') phonetic++;
      else if (tag.local === 't' && depthInSi && !phonetic) inT = true;
    },
    close(local, ns) {
      if (!MAIN_NS.has(ns)) return;
      if (local === 'si') {
        depthInSi--;
        out.push(decodeExcelEscapes(current));
      } else if (local === 'rPh') phonetic--;
      else if (local === 't') inT = false;
    },
    text(source, from, to, cdata) {
      if (!inT) return;
      current += textOf(source, from, to, cdata);
      if (current.length > limits.maxStringChars) {
        throw refuse(
          `part ${part} holds a text of more than ${count(limits.maxStringChars)} characters (Excel's limit for one cell); refused`
        );
      }
    },
  });
  return out;
}

/** Excel's built-in number formats (ids below 164) that a reader needs to tell numbers, percentages and dates apart. */
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'yyyy/m/d',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'yyyy/m/d h:mm',
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: 'AM/PMh"时"mm"分"',
  35: 'AM/PMh"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: 'AM/PMh"时"mm"分"',
  56: 'AM/PMh"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

function readStyles(text: string, part: string, limits: XlsxLimits): (style: number) => string {
  const root = parseXmlTree(text, part, limits);
  const codes = new Map<number, string>();
  for (const f of mainChildren(mainChild(root, 'numFmts'), 'numFmt'))
    codes.set(Number(f.attrs.numFmtId), f.attrs.formatCode ?? 'General');
  const xfs = mainChildren(mainChild(root, 'cellXfs'), 'xf').map((xf) => Number(xf.attrs.numFmtId ?? 0));
  return (style) => {
    const id = xfs[style] ?? 0;
    return codes.get(id) ?? BUILTIN_FORMATS[id] ?? 'General';
  };
}

/**
 * The `cm` values that mark dynamic arrays: cell-metadata records (1-based) whose type is
 * XLDAPR and whose future-metadata entry says fDynamic="1".
 */
function readDynamicArrayCm(text: string, part: string, limits: XlsxLimits): Set<number> {
  const root = parseXmlTree(text, part, limits);
  const types = mainChildren(mainChild(root, 'metadataTypes'), 'metadataType').map((t) => t.attrs.name);
  const xldapr = types.indexOf('XLDAPR') + 1;
  const out = new Set<number>();
  if (xldapr === 0) return out;
  const future = mainChildren(root, 'futureMetadata').find((f) => f.attrs.name === 'XLDAPR');
  const dynamic = mainChildren(future, 'bk').map((bk) => {
    let flag = false;
    const walk = (el: XmlElement) => {
      if (el.local === 'dynamicArrayProperties' && (el.attrs.fDynamic === '1' || el.attrs.fDynamic === 'true'))
        flag = true;
      el.children.forEach(walk);
    };
    walk(bk);
    return flag;
  });
  mainChildren(mainChild(root, 'cellMetadata'), 'bk').forEach((bk, i) => {
    for (const rc of mainChildren(bk, 'rc'))
      if (Number(rc.attrs.t) === xldapr && dynamic[Number(rc.attrs.v)]) out.add(i + 1);
  });
  return out;
}

/** Reads a workbook package into the model, with every limit applied. */
export async function readWorkbook(bytes: Uint8Array, limits: XlsxLimits = DEFAULT_LIMITS): Promise<WorkbookModel> {
  const zip = await ZipPackage.open(bytes, limits);

  const rootRels = await readRelationships(zip, '', limits);
  const office = rootRels.find((r) => r.kind === 'officeDocument' && !r.external && zip.has(r.target));
  const workbookPart = office ? zip.nameOf(office.target)! : zip.nameOf('xl/workbook.xml');
  if (!workbookPart) throw new WorkbookError('not-xlsx', notWorkbookMessage(zip.names()));

  const workbookText = (await partText(zip, workbookPart))!;
  const wb = parseXmlTree(workbookText, workbookPart, limits);
  if (!MAIN_NS.has(wb.ns) || wb.local !== 'workbook')
    throw new WorkbookError('not-xlsx', `not an Excel workbook (its workbook part holds <${wb.local}>)`);
  const workbookRels = await readRelationships(zip, workbookPart, limits);
  const relById = new Map(workbookRels.map((r) => [r.id, r]));
  const date1904 = /^(1|true)$/i.test(mainChild(wb, 'workbookPr')?.attrs.date1904 ?? '');
  const fullCalcOnLoad = /^(1|true)$/i.test(mainChild(wb, 'calcPr')?.attrs.fullCalcOnLoad ?? '');

  const partOfKind = (kind: string) => {
    const r = workbookRels.find((x) => x.kind === kind && !x.external && zip.has(x.target));
    return r ? zip.nameOf(r.target) : undefined;
  };
  const sharedStringsPart = partOfKind('sharedStrings');
  const sharedStrings = sharedStringsPart
    ? readSharedStrings((await partText(zip, sharedStringsPart))!, sharedStringsPart, limits)
    : [];
  const stylesPart = partOfKind('styles');
  const numberFormat = stylesPart
    ? readStyles((await partText(zip, stylesPart))!, stylesPart, limits)
    : () => 'General';
  const metadataPart = partOfKind('sheetMetadata');
  const dynamicArrayCm = metadataPart
    ? readDynamicArrayCm((await partText(zip, metadataPart))!, metadataPart, limits)
    : new Set<number>();

  const sheets: SheetInfo[] = [];
  const skipped: WorkbookModel['skipped'] = [];
  const taken = new Set<string>();
  const counter = { cells: 0 };
  for (const el of mainChildren(mainChild(wb, 'sheets'), 'sheet')) {
    const name = el.attrs.name ?? '';
    if (name === '') throw corrupt('the workbook lists a sheet without a name');
    if (taken.has(name.toLowerCase()))
      throw corrupt(`the workbook lists two sheets named ${JSON.stringify(name)}: ambiguous, refused`);
    taken.add(name.toLowerCase());
    const rid = el.scope.attrIn(el.attrs, REL_NS, 'id') ?? '';
    const rel = relById.get(rid);
    if (!rel || rel.external)
      throw corrupt(
        `sheet ${JSON.stringify(name)} has no part in the package (relationship ${JSON.stringify(rid)} is missing)`
      );
    const part = zip.nameOf(rel.target);
    if (!part) throw corrupt(`sheet ${JSON.stringify(name)}: its part ${rel.target} is missing from the package`);
    const kind: SheetKind =
      rel.kind === 'worksheet'
        ? 'worksheet'
        : rel.kind === 'chartsheet'
          ? 'chartsheet'
          : rel.kind === 'dialogsheet'
            ? 'dialogsheet'
            : /macrosheet$/i.test(rel.kind)
              ? 'macrosheet'
              : 'unknown';
    const state = el.attrs.state === 'hidden' ? 'hidden' : el.attrs.state === 'veryHidden' ? 'veryHidden' : 'visible';
    const info: SheetInfo = { index: sheets.length, name, sheetId: Number(el.attrs.sheetId) || 0, state, kind, part };
    sheets.push(info);
    if (kind === 'worksheet') {
      const text = (await partText(zip, part))!;
      info.xml = readSheetXml(text, part, { limits, sharedStrings, date1904, counter });
      resolveSharedFormulas(info.xml);
    } else if (kind === 'macrosheet' || kind === 'dialogsheet' || kind === 'unknown') {
      skipped.push({
        sheet: name,
        reason:
          kind === 'macrosheet' ? 'an Excel 4.0 macro sheet: its formulas are not read' : `a ${kind} sheet: not read`,
      });
    }
  }
  if (sheets.length === 0) throw corrupt('the workbook lists no sheets');

  const names: DefinedName[] = [];
  for (const el of mainChildren(mainChild(wb, 'definedNames'), 'definedName')) {
    const name = el.attrs.name;
    if (!name) continue;
    const local = el.attrs.localSheetId;
    const scope = local === undefined ? undefined : Number(local);
    names.push({
      name,
      formula: el.text.trim(),
      ...(scope !== undefined && Number.isInteger(scope) && sheets[scope] ? { scope } : {}),
      hidden: /^(1|true)$/i.test(el.attrs.hidden ?? ''),
    });
  }

  const externalLinks: ExternalLink[] = [];
  const listed = mainChildren(mainChild(wb, 'externalReferences'), 'externalReference')
    .map((e) => relById.get(e.scope.attrIn(e.attrs, REL_NS, 'id') ?? ''))
    .filter((r): r is Relationship => !!r && !r.external)
    .map((r) => r.target);
  // Links present but not listed are reported too, after the listed ones.
  for (const r of workbookRels)
    if (r.kind === 'externalLink' && !r.external && !listed.includes(r.target)) listed.push(r.target);
  for (const [i, target] of listed.entries()) {
    const part = zip.nameOf(target) ?? target;
    const rels = zip.has(part) ? await readRelationships(zip, part, limits) : [];
    const link = rels.find((r) => /externalLinkPath/i.test(r.kind)) ?? rels[0];
    externalLinks.push({ index: i + 1, part, target: link?.target ?? '' });
  }

  // Parts read as XML only by Excel (drawings, charts, comments, custom XML, …) are still
  // refused when they carry a DOCTYPE: the recipient's Excel would parse them.
  for (const name of zip.names()) {
    if (!/\.(xml|rels|vml)$/i.test(name) || zip.read.has(partKey(name))) continue;
    const text = await partText(zip, name);
    if (text !== undefined && /<!(DOCTYPE|ENTITY)/.test(text)) {
      throw corrupt(
        `part ${name} contains a DOCTYPE or ENTITY declaration (XML entity expansion, "billion laughs"); an .xlsx never needs one, refused`
      );
    }
  }

  return {
    zip,
    workbookPart,
    workbookText,
    workbookRels,
    sheets,
    names,
    date1904,
    fullCalcOnLoad,
    sharedStrings,
    sharedStringsPart,
    numberFormat,
    stylesPart,
    dynamicArrayCm,
    metadataPart,
    externalLinks,
    skipped,
  };
}

/** Gives each cell of a shared formula its text: the master's, moved by the cell's offset from it. */
function resolveSharedFormulas(xml: SheetXml): void {
  const masters = new Map<number, { text: string; row: number; col: number }>();
  for (const c of xml.cells) {
    if (c.f?.kind === 'shared' && c.f.own && c.f.si !== undefined && !masters.has(c.f.si))
      masters.set(c.f.si, { text: c.f.text, row: c.row, col: c.col });
  }
  for (const c of xml.cells) {
    if (c.f?.kind !== 'shared' || c.f.own) continue;
    const m = c.f.si === undefined ? undefined : masters.get(c.f.si);
    c.f.text = m ? shiftFormula(m.text, c.row - m.row, c.col - m.col) : '';
  }
}

/** A cell's cached value as Excel shows it, for a value read from elsewhere (a `t="d"` text, a serial). */
export function cellResult(value: Result, t: string, date1904: boolean): Result {
  if (t === 'd' && typeof value === 'string') return isoToSerial(value, date1904) ?? value;
  return value;
}
