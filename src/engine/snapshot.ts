/**
 * A copy of a workbook for a bureau without the add-in: every formula that calls a REUSE
 * function (in any spelling: `REUSE.`, `_xldudf_REUSE_`, `[n]!_xldudf_REUSE_`) is recalculated
 * and replaced by its value — a spilled array by plain values over its range — and a notes
 * sheet lists each replaced cell with its original formula, the add-in version and the time,
 * in Chinese and English. Everything else stays: other formulas (recalculated, so those that
 * read REUSE results see fresh values), number formats, defined names, sheet order, dynamic
 * arrays of other formulas and custom XML parts (the scenario store).
 *
 * Bytes in, bytes out, with an injectable clock and version: the CLI and the task pane's
 * "prepare a copy for sharing" run the same code.
 *
 * In place, like recalc (patch-values.ts): the fresh values are patched into the sheet parts,
 * then each REUSE formula cell loses its `<f>` (an array anchor its `cm` too) and keeps its
 * value and type, a text result becoming an inline string (`t="inlineStr"`); the cells of a
 * REUSE spill already hold plain values (text ones written as `t="str"` become inline strings
 * too). A shared formula's master and children share their text, so all of them go. The notes
 * sheet is a new part written by hand (inline strings, no styles: styles.xml and shared
 * strings are never touched), listed in xl/workbook.xml, its relationships and
 * [Content_Types].xml. Every other part keeps its bytes — charts, pivot tables, images,
 * comments — except xl/calcChain.xml, removed when a formula was (it would list cells without
 * formulas; Excel rebuilds it), and docProps/app.xml, left as it is: its list of sheet titles
 * does not name the notes sheet, which Excel tolerates and rewrites on the next save.
 */
import JSZip from 'jszip';
import type { Lang } from '../core/errors';
import { toEngineFormula, usesReuse } from './formula-text';
import { ExternalLink, relationships, sheetParts } from './package';
import { constantValue, editsBySheet, emptySharedString, getAttr, patchSheetXml, setAttr } from './patch-values';
import type { XlsxLimits } from './safe-xlsx';
import { CellWarning, Result, cachedResult, columnLetters, computeResults, decodeRange, excelSerial, loadWorkbook } from './workbook';
import { decodeXml, escapeXml } from './xml';

export const SNAPSHOT_SHEET = '快照说明 Snapshot';

export interface SnapshotOptions {
  /** The add-in's version, recorded in the notes sheet (the CLI passes package.json's). */
  version: string;
  /** The clock, for the time recorded (tests pass a fixed one). */
  now?: () => Date;
  lang?: Lang;
  limits?: XlsxLimits;
}

export interface SnapshotEntry {
  sheet: string;
  address: string;
  /** The range a spilled array covered ("E1:J3"); absent for a single cell. */
  range?: string;
  /** The formula as stored in the file. */
  formula: string;
  /** The value now in the cell (the top-left value of an array). */
  value: Result;
}

export interface SnapshotResult {
  bytes: Uint8Array;
  replaced: SnapshotEntry[];
  /** The name of the notes sheet added. */
  notesSheet: string;
  version: string;
  /** ISO 8601, UTC. */
  time: string;
  /** REUSE formulas the engine could not compute (they keep their cached value), unsupported names. */
  warnings: CellWarning[];
  externalLinks: ExternalLink[];
}

const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const WORKSHEET_REL = `${REL_NS}/worksheet`;
const CALC_CHAIN_REL = `${REL_NS}/calcChain`;
const WORKSHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

/** A value read from the file, as a Result (dates as serial numbers). */
function fileResult(v: unknown): Result {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return excelSerial(v);
  if (typeof v === 'object') return 'error' in v ? { error: String((v as { error: unknown }).error) } : null;
  return v as Result;
}

function notesSheetName(names: Iterable<string>): string {
  const taken = new Set([...names].map((n) => n.toLowerCase()));
  if (!taken.has(SNAPSHOT_SHEET.toLowerCase())) return SNAPSHOT_SHEET;
  for (let i = 2; ; i++) if (!taken.has(`${SNAPSHOT_SHEET} ${i}`.toLowerCase())) return `${SNAPSHOT_SHEET} ${i}`;
}

/** What happens to a cell: a REUSE formula loses its formula, a cell of its spill becomes a plain constant. */
type Target = 'formula' | 'spill';

/**
 * Turns the target cells of one sheet part into constants: `<f>` removed (and `cm` with an
 * array formula), a `t="str"` text made an inline string; every other byte stays.
 */
export function stripFormulas(xml: string, targets: Map<string, Target>, emptyShared?: number): string {
  const sd = /<((?:\w+:)?)sheetData\b([^>]*?)(\/>|>([\s\S]*?)<\/\1sheetData>)/.exec(xml);
  if (!sd || sd[4] === undefined) return xml;
  const p = sd[1];
  const cellRe = new RegExp(`<${p}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${p}c>)`, 'g');
  const fRe = new RegExp(`<${p}f\\b([^>]*?)(?:/>|>[^<]*</${p}f>)`);
  const vRe = new RegExp(`<${p}v\\b[^>]*?(?:/>|>([^<]*)</${p}v>)`);
  const inner = sd[4].replace(cellRe, (whole, attrs: string, body: string | undefined) => {
    const address = (getAttr(attrs, 'r') ?? '').replace(/\$/g, '').toUpperCase();
    const target = targets.get(address);
    if (!target) return whole;
    let rest = body ?? '';
    let next = attrs;
    const f = target === 'formula' ? fRe.exec(rest) : null;
    if (f) {
      if (getAttr(f[1], 't') === 'array') next = setAttr(next, 'cm', undefined);
      rest = rest.replace(f[0], () => '');
    }
    if (getAttr(next, 't') === 'str') {
      const v = vRe.exec(rest);
      const raw = v?.[1] ?? '';
      const text = decodeXml(raw);
      const value = text === '' && emptyShared !== undefined ? { t: 's', xml: `<${p}v>${emptyShared}</${p}v>` } : { t: 'inlineStr', xml: `<${p}is><${p}t${/^\s|\s$|[\n\t]/.test(text) ? ' xml:space="preserve"' : ''}>${raw}</${p}t></${p}is>` };
      next = setAttr(next, 't', value.t);
      rest = v ? rest.replace(v[0], () => value.xml) : value.xml + rest;
    }
    if (next === attrs && rest === (body ?? '')) return whole;
    return rest.trim() === '' ? `<${p}c${next}/>` : `<${p}c${next}>${rest}</${p}c>`;
  });
  return xml.slice(0, sd.index) + `<${p}sheetData${sd[2]}>${inner}</${p}sheetData>` + xml.slice(sd.index + sd[0].length);
}

/** Replaces REUSE formulas by their values and adds the notes sheet. */
export async function snapshotWorkbookBytes(bytes: Uint8Array, opts: SnapshotOptions): Promise<SnapshotResult> {
  const time = (opts.now ?? (() => new Date()))().toISOString();
  const loaded = await loadWorkbook(bytes, { lang: opts.lang, limits: opts.limits });
  try {
    const { report, cells } = computeResults(loaded);
    const uncomputable = new Set(report.warnings.filter((w) => w.sheet).map((w) => `${w.sheet}!${w.address}`));
    const warnings: CellWarning[] = report.warnings.filter((w) => !w.sheet);
    const replaced: SnapshotEntry[] = [];
    const targets = new Map<string, Map<string, Target>>();
    const target = (sheet: string, address: string, t: Target) => {
      if (!targets.has(sheet)) targets.set(sheet, new Map());
      const m = targets.get(sheet)!;
      if (m.get(address) !== 'formula') m.set(address, t);
    };

    loaded.formulas.forEach((f, i) => {
      if (!usesReuse(f.text)) return;
      const plan = cells[i];
      const address = f.cell.address;
      if (uncomputable.has(`${f.sheet}!${address}`)) {
        warnings.push({ sheet: f.sheet, address, formula: f.text, reason: 'the engine cannot compute it: the value cached in the file was kept' });
      }
      const value = plan.keep ? fileResult(cachedResult(f.cell)) : plan.value;
      const spill = plan.keep ? f.arrayRef : plan.array?.ref;
      const ref = spill && spill.includes(':') ? spill : undefined;
      target(f.sheet, address, 'formula');
      replaced.push({ sheet: f.sheet, address, ...(ref ? { range: ref } : {}), formula: f.text, value: value ?? null });
      const r = ref ? decodeRange(ref) : undefined;
      if (r) for (let y = r.top; y <= r.bottom; y++) for (let x = r.left; x <= r.right; x++) target(f.sheet, `${columnLetters(x)}${y}`, 'spill');
    });
    for (const { name, ranges } of (loaded.workbook.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model ?? []) {
      if (ranges.some(usesReuse)) warnings.push({ sheet: '', address: name, formula: ranges.join(','), reason: 'defined name calls a REUSE function: not replaced' });
    }

    const zip = await JSZip.loadAsync(bytes);
    const parts = await sheetParts(zip);
    const emptyShared = await emptySharedString(zip);
    const edits = editsBySheet(cells);
    for (const sheet of new Set([...edits.keys(), ...targets.keys()])) {
      const part = parts.get(sheet);
      const file = part ? zip.file(part) : null;
      if (!part || !file) continue;
      const xml = await file.async('string');
      let next = edits.has(sheet) ? patchSheetXml(xml, edits.get(sheet)!, emptyShared) : xml;
      if (targets.has(sheet)) next = stripFormulas(next, targets.get(sheet)!, emptyShared);
      if (next !== xml) zip.file(part, next);
    }
    if (replaced.length) await dropCalcChain(zip);

    const notesSheet = notesSheetName(parts.keys());
    await addNotesSheet(zip, notesSheet, notesSheetXml(replaced, opts.version, time));
    const out = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    return { bytes: out, replaced, notesSheet, version: opts.version, time, warnings, externalLinks: loaded.externalLinks };
  } finally {
    loaded.engine.hf.destroy();
  }
}

/** Removes xl/calcChain.xml, its relationship and content type: it lists formula cells, some of which no longer are (Excel rebuilds it). */
async function dropCalcChain(zip: JSZip): Promise<void> {
  const relsPath = 'xl/_rels/workbook.xml.rels';
  const rels = await relationships(zip, relsPath, 'xl');
  const parts = [...rels.values()].filter((r) => r.type === CALC_CHAIN_REL && !r.external).map((r) => r.target);
  if (parts.length === 0 && !zip.file('xl/calcChain.xml')) return;
  const relsXml = (await zip.file(relsPath)?.async('string')) ?? '';
  zip.file(relsPath, relsXml.replace(/<Relationship\b[^>]*>(?:\s*<\/Relationship>)?/g, (tag) => (getAttr(tag, 'Type') === CALC_CHAIN_REL ? '' : tag)));
  const gone = new Set([...parts, 'xl/calcChain.xml']);
  for (const part of gone) zip.remove(part);
  const types = (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
  zip.file('[Content_Types].xml', types.replace(/<Override\b[^>]*>(?:\s*<\/Override>)?/g, (tag) => (gone.has((getAttr(tag, 'PartName') ?? '').replace(/^\//, '')) ? '' : tag)));
}

/** Adds a worksheet part with the given XML: the part, its relationship, its content type and its `<sheet>` entry (last). */
async function addNotesSheet(zip: JSZip, name: string, sheetXml: string): Promise<void> {
  const taken = new Set(Object.keys(zip.files).map((n) => n.toLowerCase()));
  let n = 1;
  while (taken.has(`xl/worksheets/sheet${n}.xml`)) n++;
  const part = `xl/worksheets/sheet${n}.xml`;
  zip.file(part, sheetXml);

  const relsPath = 'xl/_rels/workbook.xml.rels';
  const relsXml = (await zip.file(relsPath)?.async('string')) ?? '';
  const ids = new Set([...relsXml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => getAttr(m[0], 'Id')));
  let k = ids.size + 1;
  while (ids.has(`rId${k}`)) k++;
  const id = `rId${k}`;
  zip.file(relsPath, relsXml.replace(/<\/((?:\w+:)?)Relationships>/, (close, p: string) => `<${p}Relationship Id="${id}" Type="${WORKSHEET_REL}" Target="worksheets/sheet${n}.xml"/>${close}`));

  const types = (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
  zip.file('[Content_Types].xml', types.replace(/<\/((?:\w+:)?)Types>/, (close, p: string) => `<${p}Override PartName="/${part}" ContentType="${WORKSHEET_TYPE}"/>${close}`));

  const wb = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const sheetIds = [...wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m) => Number(getAttr(m[0], 'sheetId')) || 0);
  const sheetId = Math.max(0, ...sheetIds) + 1;
  const rPrefix = new RegExp(`xmlns:(\\w+)\\s*=\\s*"${REL_NS.replace(/[./]/g, '\\$&')}"`).exec(wb)?.[1];
  const idAttr = rPrefix ? `${rPrefix}:id="${id}"` : `r:id="${id}" xmlns:r="${REL_NS}"`;
  zip.file('xl/workbook.xml', wb.replace(/<\/((?:\w+:)?)sheets>/, (close, p: string) => `<${p}sheet name="${escapeXml(name)}" sheetId="${sheetId}" ${idAttr}/>${close}`));
}

/** One cell of the notes sheet (nothing for an empty value). */
function noteCell(row: number, col: number, v: Result | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  const { t, xml } = constantValue(v, '');
  return `<c r="${columnLetters(col)}${row}"${t ? ` t="${t}"` : ''}>${xml}</c>`;
}

/** The notes sheet's part: the same content as Excel shows it, with inline strings only. */
export function notesSheetXml(replaced: SnapshotEntry[], version: string, time: string): string {
  const rows: Result[][] = [];
  rows[1] = ['快照说明 / Snapshot notes'];
  rows[2] = ['本副本中调用 REUSE 函数的公式已替换为计算结果，未安装加载项也能显示正确数值；其他公式、格式和名称保持不变。下表列出每个被替换的单元格及其原公式。'];
  rows[3] = [
    'In this copy every formula calling a REUSE function was replaced by its value, so it shows the right numbers without the add-in; other formulas, formats and names are unchanged. The table lists each replaced cell with its original formula.',
  ];
  rows[5] = ['加载项版本 Add-in version', version];
  rows[6] = ['快照时间 Snapshot time (UTC, ISO 8601)', time];
  rows[7] = ['替换的公式 Formulas replaced', replaced.length];
  const top = 9;
  rows[top] = ['工作表 Sheet', '单元格 Cell', '区域 Range', '原公式 Original formula', '保存形式 As stored in the file', '数值 Value'];
  replaced.forEach((e, i) => {
    rows[top + 1 + i] = [e.sheet, e.address, e.range ?? '', `=${toEngineFormula(e.formula)}`, `=${e.formula}`, e.value];
  });
  const last = top + replaced.length;
  let data = '';
  rows.forEach((values, r) => {
    const cellsXml = values.map((v, c) => noteCell(r, c + 1, v)).join('');
    if (cellsXml) data += `<row r="${r}">${cellsXml}</row>`;
  });
  const cols = [18, 10, 12, 60, 60, 18].map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL_NS}">` +
    `<dimension ref="A1:F${last}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${top}" topLeftCell="A${top + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${cols}</cols>` +
    `<sheetData>${data}</sheetData>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    '</worksheet>'
  );
}
