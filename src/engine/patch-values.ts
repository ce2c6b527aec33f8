/**
 * Fresh cached values written into a workbook's own package, in place (src/xlsx/write.ts does
 * the writing): only the `<c>` elements of the formula cells, and of the cells their arrays
 * spill into, are rewritten, in the sheet parts that hold them. Every other part keeps its
 * bytes, and so does every other byte of a patched sheet part.
 *
 * From the plan of `computeResults` (workbook.ts):
 *  - a formula cell: its new cached value; an array formula whose spill changed size gets its
 *    new `ref`; a formula that newly spills becomes an array formula, marked as a dynamic array
 *    (cm + xl/metadata.xml) when it calls a REUSE function. A legacy array keeps its range,
 *    filled as Excel fills it; an array already in the file keeps its mark, or its lack of one.
 *  - a spilled neighbour: its value; a cell of an old spill the new one no longer covers:
 *    emptied (style kept). A cell holding a formula is never overwritten or emptied.
 *  - `keep` (not computed): nothing, spill included.
 */
import { Result } from '../xlsx/cells';
import { parseRange } from '../xlsx/a1';
import { PackageWriter, PatchContext, SheetEdits, addEdit, patchSheet } from '../xlsx/write';
import { usesReuse } from './formula-text';
import type { CellPlan, LoadedWorkbook } from './load';

export type { Edit, SheetEdits } from '../xlsx/write';

/** The plan as edits per sheet: old spill cells emptied first, then spilled values, then the formula cells. */
export function editsBySheet(loaded: LoadedWorkbook, cells: CellPlan[]): Map<string, SheetEdits> {
  const out = new Map<string, SheetEdits>();
  const edits = (sheet: string) => {
    let e = out.get(sheet);
    if (!e) out.set(sheet, (e = new Map()));
    return e;
  };
  cells.forEach((c, i) => {
    if (c.keep) return;
    const old = c.array?.oldRef ? parseRange(c.array.oldRef) : undefined;
    if (!old) return;
    const e = edits(c.sheet);
    for (let y = old.top; y <= old.bottom; y++)
      for (let x = old.left; x <= old.right; x++) if (y !== c.row || x !== c.col) addEdit(e, y, x, { kind: 'clear' });
    void i;
  });
  for (const c of cells) {
    if (c.keep || !c.array) continue;
    const e = edits(c.sheet);
    c.array.values.forEach((line, r) =>
      line.forEach((value: Result, k) => {
        if (r > 0 || k > 0)
          addEdit(e, c.row + r, c.col + k, value === null ? { kind: 'clear' } : { kind: 'value', value });
      })
    );
  }
  cells.forEach((c, i) => {
    if (c.keep) return;
    const f = loaded.formulas[i];
    const dynamic = !f.arrayRef && !!c.array && c.array.ref.includes(':') && usesReuse(f.text);
    addEdit(edits(c.sheet), c.row, c.col, {
      kind: 'result',
      value: c.value,
      ...(c.array ? { ref: c.array.ref } : {}),
      ...(dynamic ? { dynamic } : {}),
    });
  });
  return out;
}

/** The context the sheet writer needs from the package. */
export async function patchContext(
  loaded: LoadedWorkbook,
  writer: PackageWriter,
  edits: Map<string, SheetEdits>
): Promise<PatchContext> {
  const { model } = loaded;
  const empty = model.sharedStrings.indexOf('');
  let wantsDynamic = false;
  for (const e of edits.values())
    for (const line of e.values())
      for (const edit of line.values()) if (edit.kind === 'result' && edit.dynamic) wantsDynamic = true;
  return {
    ...(empty >= 0 ? { emptyShared: empty } : {}),
    ...(wantsDynamic ? { dynamicCm: await writer.dynamicArrayCm() } : {}),
    sharedStrings: model.sharedStrings,
    date1904: model.date1904,
  };
}

/** Patches every sheet that has edits into the writer. */
export function patchSheets(
  loaded: LoadedWorkbook,
  writer: PackageWriter,
  edits: Map<string, SheetEdits>,
  ctx: PatchContext
): void {
  for (const sheet of loaded.model.sheets) {
    const e = edits.get(sheet.name);
    if (!sheet.xml || !e || e.size === 0) continue;
    const { text } = patchSheet(sheet.xml, e, ctx);
    if (text !== sheet.xml.text) writer.put(sheet.part, text);
  }
}

/**
 * Writes the plan's cached values into the package (see the top of this file). Returns the
 * original bytes themselves when nothing changed.
 */
export async function patchCachedValues(
  original: Uint8Array,
  loaded: LoadedWorkbook,
  cells: CellPlan[]
): Promise<Uint8Array> {
  const writer = new PackageWriter(loaded.model);
  const edits = editsBySheet(loaded, cells);
  patchSheets(loaded, writer, edits, await patchContext(loaded, writer, edits));
  if (!writer.changed) return original;
  return writer.toBytes();
}
