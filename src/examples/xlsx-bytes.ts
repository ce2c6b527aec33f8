/**
 * The example workbooks are built with ExcelJS (it writes .xlsx well) and saved as bytes here,
 * with every array formula that calls a REUSE function marked as a dynamic array, as Excel 365
 * saves it (ExcelJS writes no dynamic-array metadata). The marking goes through the package
 * reader and writer the engine uses.
 */
import type ExcelJS from 'exceljs';
import { usesReuse } from '../engine/formula-text';
import { cellAddress } from '../xlsx/a1';
import { readWorkbook } from '../xlsx/package';
import { PackageWriter, SheetEdits, addEdit, patchSheet } from '../xlsx/write';

/**
 * Marks array formulas as dynamic arrays (cm + xl/metadata.xml): those that call REUSE
 * functions, and those listed in `cells` (sheet → addresses). Other bytes untouched.
 */
export async function markDynamicArrays(
  bytes: Uint8Array,
  cells: Map<string, Set<string>> = new Map()
): Promise<Uint8Array> {
  const model = await readWorkbook(bytes);
  const writer = new PackageWriter(model);
  const pending: { part: string; edits: SheetEdits; sheet: NonNullable<(typeof model.sheets)[number]['xml']> }[] = [];
  for (const s of model.sheets) {
    if (!s.xml) continue;
    const edits: SheetEdits = new Map();
    for (const c of s.xml.cells) {
      if (c.f?.kind !== 'array' || c.cm !== undefined || !c.f.ref?.includes(':')) continue;
      if (!usesReuse(c.f.text) && !cells.get(s.name)?.has(cellAddress(c.row, c.col))) continue;
      addEdit(edits, c.row, c.col, { kind: 'result', value: c.value, ref: c.f.ref, dynamic: true });
    }
    if (edits.size) pending.push({ part: s.part, edits, sheet: s.xml });
  }
  if (pending.length === 0) return bytes;
  const dynamicCm = await writer.dynamicArrayCm();
  for (const p of pending)
    writer.put(p.part, patchSheet(p.sheet, p.edits, { dynamicCm, sharedStrings: model.sharedStrings }).text);
  return writer.toBytes();
}

/** The .xlsx bytes of a workbook built with ExcelJS, dynamic arrays marked as Excel marks them. */
export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return markDynamicArrays(new Uint8Array(await workbook.xlsx.writeBuffer()));
}

/** Sheet name → addresses of the cells holding dynamic-array formulas, as the package reader sees them. */
export async function readDynamicArrayCells(bytes: Uint8Array): Promise<Map<string, Set<string>>> {
  const model = await readWorkbook(bytes);
  const out = new Map<string, Set<string>>();
  for (const s of model.sheets) {
    for (const c of s.xml?.cells ?? []) {
      if (c.f?.kind !== 'array' || c.cm === undefined || !model.dynamicArrayCm.has(c.cm)) continue;
      if (!out.has(s.name)) out.set(s.name, new Set());
      out.get(s.name)!.add(cellAddress(c.row, c.col));
    }
  }
  return out;
}
