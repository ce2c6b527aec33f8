/**
 * Repair of REUSE formulas Excel cannot resolve: `[n]!_xldudf_REUSE_…(` (the name corrupted
 * into an external reference, typically by another add-in) and bare `REUSE.…(` (a formula
 * typed or saved before the add-in loaded; Excel shows `#NAME?`) are rewritten into
 * `_xldudf_REUSE_…(`, the form Excel writes with the add-in loaded.
 *
 * The repair reads the package through the one reader and writes through its writer: only the
 * text of the formulas that change is touched (a shared formula in its master cell, keeping
 * its share; defined names in the workbook part), so charts, pivot tables, custom XML (the
 * scenario store) and everything else stay byte for byte. When anything changed, the workbook
 * is marked for a full recalculation on open, so Excel with the add-in replaces the stale
 * `#NAME?` results. Pure over bytes (the task pane runs the same code on the open file's bytes).
 */
import { cellAddress } from '../xlsx/a1';
import { DEFAULT_LIMITS, XlsxLimits } from '../xlsx/limits';
import { ExternalLink, readWorkbook } from '../xlsx/package';
import { PackageWriter, SheetEdits, addEdit, patchSheet, setAttr } from '../xlsx/write';
import { XmlElement, escapeXml, mainChild, mainChildren, parseXmlTree } from '../xlsx/xml';
import { hasWpsOnlySpelling, toWpsFormula } from '../wps/names';
import { repairFormula } from './formula-text';

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

/** Sets fullCalcOnLoad="1" on the workbook's calcPr (adding the element where the schema puts it). */
function markFullCalc(text: string, root: XmlElement): string {
  const calcPr = mainChild(root, 'calcPr');
  if (calcPr) {
    const tag = text.slice(calcPr.start, calcPr.contentStart);
    return text.slice(0, calcPr.start) + setAttr(tag, 'fullCalcOnLoad', '1') + text.slice(calcPr.contentStart);
  }
  const prefix = /^<(\w+:)?/.exec(text.slice(root.start))?.[1] ?? '';
  const element = `<${prefix}calcPr fullCalcOnLoad="1"/>`;
  for (const after of ['definedNames', 'externalReferences', 'functionGroups', 'sheets']) {
    const el = mainChild(root, after);
    if (el) return text.slice(0, el.end) + element + text.slice(el.end);
  }
  return text;
}

/** Repairs a workbook's bytes. The reader's limits apply. */
export function repairWorkbookBytes(bytes: Uint8Array, opts: { limits?: XlsxLimits } = {}): Promise<RepairResult> {
  // In a workbook spelt for WPS (REUSE.TARIFF_TIERED), REUSE.POLICY( is WPS's form too: left alone, as check does.
  return rewriteWorkbookBytes(
    bytes,
    {
      forWorkbook: (texts) =>
        texts.some(hasWpsOnlySpelling) ? (t) => (toWpsFormula(t) === t ? t : repairFormula(t)) : repairFormula,
    },
    opts
  );
}

/** A rewrite of formula text, or one chosen after seeing every formula of the workbook. */
export type FormulaRewrite =
  ((text: string) => string) | { forWorkbook: (texts: readonly string[]) => (text: string) => string };

/**
 * The repair path with another rewrite of formula text (`reuse-calc convert` passes the
 * Excel ↔ WPS spelling rewrites): every cell formula and defined name whose text `rewrite`
 * changes is patched in place, everything else stays byte for byte, and a workbook that changed
 * is marked for a full recalculation on open.
 */
export async function rewriteWorkbookBytes(
  bytes: Uint8Array,
  how: FormulaRewrite,
  opts: { limits?: XlsxLimits } = {}
): Promise<RepairResult> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const model = await readWorkbook(bytes, limits);
  const changes: RepairChange[] = [];
  const writer = new PackageWriter(model);

  let text = model.workbookText;
  const root = parseXmlTree(text, model.workbookPart, limits);
  const names = mainChildren(mainChild(root, 'definedNames'), 'definedName');
  const rewrite =
    typeof how === 'function'
      ? how
      : how.forWorkbook([
          ...model.sheets.flatMap((s) => (s.xml?.cells ?? []).flatMap((c) => (c.f?.own ? [c.f.text] : []))),
          ...names.map((n) => n.text),
        ]);

  for (const sheet of model.sheets) {
    if (!sheet.xml) continue;
    const edits: SheetEdits = new Map();
    for (const c of sheet.xml.cells) {
      if (!c.f || !c.f.own) continue;
      const after = rewrite(c.f.text);
      if (after === c.f.text) continue;
      changes.push({
        sheet: sheet.name,
        address: cellAddress(c.row, c.col),
        before: c.f.text,
        after,
        shared: c.f.kind === 'shared',
      });
      addEdit(edits, c.row, c.col, { kind: 'formulaText', text: after });
    }
    if (edits.size) writer.put(sheet.part, patchSheet(sheet.xml, edits).text);
  }

  for (const el of [...names].reverse()) {
    const before = el.text;
    const after = rewrite(before);
    if (after === before) continue;
    changes.push({ sheet: '', address: el.attrs.name ?? '?', before, after, shared: false });
    const close = text.lastIndexOf('<', el.end - 1);
    text = text.slice(0, el.contentStart) + escapeXml(after) + text.slice(close);
  }
  // Names were edited from the last to the first, so changes list them last-first: put them in order.
  const firstName = changes.findIndex((c) => c.sheet === '');
  if (firstName >= 0) changes.splice(firstName, changes.length - firstName, ...changes.slice(firstName).reverse());
  if (changes.length === 0) return { bytes, changes, externalLinks: model.externalLinks };
  writer.put(model.workbookPart, markFullCalc(text, parseXmlTree(text, model.workbookPart, limits)));
  return { bytes: await writer.toBytes(), changes, externalLinks: model.externalLinks };
}
