/**
 * Repair of REUSE formulas Excel cannot resolve: `[n]!_xldudf_REUSE_…(` (the name corrupted
 * into an external reference, typically by another add-in) and bare `REUSE.…(` (a formula
 * typed or saved before the add-in loaded; Excel shows `#NAME?`) are rewritten into
 * `_xldudf_REUSE_…(`, the form Excel writes with the add-in loaded.
 *
 * The repair works on the package's XML, not through ExcelJS: only the text of the formulas
 * that change is touched, so charts, pivot tables, custom XML (the scenario store) and
 * everything else ExcelJS would drop stay byte for byte. A shared formula is rewritten in its
 * master cell and keeps its share. When anything changed, the workbook is marked for a full
 * recalculation on open, so Excel with the add-in replaces the stale `#NAME?` results.
 * Pure over bytes (the task pane runs the same code on the open file's bytes).
 */
import JSZip from 'jszip';
import { repairFormula } from './formula-text';
import { ExternalLink, sheetParts } from './package';
import { decodeXml, escapeXml } from './xml';
import { DEFAULT_LIMITS, XlsxLimits, checkXlsxBytes } from './safe-xlsx';

export interface RepairChange {
  /** Sheet name, or "" for a defined name. */
  sheet: string;
  /** Cell address, or the defined name's name. */
  address: string;
  before: string;
  after: string;
  /** The master of a shared formula: its filled-down copies follow it. */
  shared: boolean;
}

export interface RepairResult {
  /** The repaired workbook (the input's own bytes when nothing changed). */
  bytes: Uint8Array;
  changes: RepairChange[];
  /** Links to other workbooks, reported (a `[1]!` repair may leave a link Excel no longer needs). */
  externalLinks: ExternalLink[];
}

/** `<c r="B2" …><f …>text</f>` — the formula is a cell's first child. */
const FORMULA_CELL = /<((?:\w+:)?c)\b([^>]*)>(\s*)<((?:\w+:)?f)\b([^>]*)>([^<]*)<\/\4>/g;
const DEFINED_NAME = /<((?:\w+:)?definedName)\b([^>]*)>([^<]*)<\/\1>/g;

/** Sets fullCalcOnLoad="1" on the workbook's calcPr (adding the element where the schema puts it). */
function markFullCalc(workbookXml: string): string {
  const calcPr = /<((?:\w+:)?calcPr)\b([^>]*?)(\/?)>/.exec(workbookXml);
  if (calcPr) {
    const attrs = /\bfullCalcOnLoad="[^"]*"/.test(calcPr[2])
      ? calcPr[2].replace(/\bfullCalcOnLoad="[^"]*"/, 'fullCalcOnLoad="1"')
      : `${calcPr[2]} fullCalcOnLoad="1"`;
    return workbookXml.replace(calcPr[0], `<${calcPr[1]}${attrs}${calcPr[3]}>`);
  }
  const prefix = /<(\w+:)?workbook\b/.exec(workbookXml)?.[1] ?? '';
  const element = `<${prefix}calcPr fullCalcOnLoad="1"/>`;
  for (const after of ['definedNames', 'externalReferences', 'functionGroups', 'sheets']) {
    const close = `</${prefix}${after}>`;
    if (workbookXml.includes(close)) return workbookXml.replace(close, close + element);
  }
  return workbookXml;
}

/** Repairs a workbook's bytes. The limits of `checkXlsxBytes` apply first. */
export async function repairWorkbookBytes(bytes: Uint8Array, opts: { limits?: XlsxLimits } = {}): Promise<RepairResult> {
  const { externalLinks } = await checkXlsxBytes(bytes, opts.limits ?? DEFAULT_LIMITS);
  const zip = await JSZip.loadAsync(bytes);
  const changes: RepairChange[] = [];

  for (const [sheet, part] of await sheetParts(zip)) {
    const file = zip.file(part);
    if (!file) continue;
    const xml = await file.async('string');
    const next = xml.replace(FORMULA_CELL, (whole, cTag: string, cAttrs: string, space: string, fTag: string, fAttrs: string, text: string) => {
      const before = decodeXml(text);
      const after = repairFormula(before);
      if (after === before) return whole;
      const address = /\br="([^"]+)"/.exec(cAttrs)?.[1] ?? '?';
      changes.push({ sheet, address, before, after, shared: /\bt="shared"/.test(fAttrs) });
      return `<${cTag}${cAttrs}>${space}<${fTag}${fAttrs}>${escapeXml(after)}</${fTag}>`;
    });
    if (next !== xml) zip.file(part, next);
  }

  const workbookFile = zip.file('xl/workbook.xml')!;
  let workbookXml = await workbookFile.async('string');
  workbookXml = workbookXml.replace(DEFINED_NAME, (whole, tag: string, attrs: string, text: string) => {
    const before = decodeXml(text);
    const after = repairFormula(before);
    if (after === before) return whole;
    changes.push({ sheet: '', address: decodeXml(/\bname="([^"]*)"/.exec(attrs)?.[1] ?? '?'), before, after, shared: false });
    return `<${tag}${attrs}>${escapeXml(after)}</${tag}>`;
  });
  if (changes.length === 0) return { bytes, changes, externalLinks };
  zip.file('xl/workbook.xml', markFullCalc(workbookXml));
  return { bytes: await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), changes, externalLinks };
}
