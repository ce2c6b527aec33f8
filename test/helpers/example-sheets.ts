/**
 * An example sheet group (src/examples) as a saved .xlsx holds it: built with ExcelJS, written to
 * bytes, loaded by the product's own loader into the engine, and read back by ExcelJS as an
 * independent second reader for the tests that inspect the file itself. Cells are found by the
 * English label in column B, as the example builders lay them out.
 */
import ExcelJS from 'exceljs';
import type { Engine } from '../../src/engine/engine';
import { loadWorkbook } from '../../src/engine/load';
import type { SummaryLine } from '../../src/examples/types';
import { workbookBytes } from '../../src/examples/xlsx-bytes';

export interface ExampleSheets {
  wb: ExcelJS.Workbook;
  engine: Engine;
  summary: SummaryLine[];
  /** Engine value at sheet!A1. */
  value(sheet: string, address: string): unknown;
  /** Row whose English label (column B) is `en`. */
  rowOf(sheet: string, en: string): number;
  /** A plain input number in column `col` (C) of the row labelled `en`. */
  input(sheet: string, en: string, col?: number): number;
  /** Engine value of the cell a summary line points at. */
  headline(en: string): unknown;
}

export async function loadExampleSheets(add: (wb: ExcelJS.Workbook) => SummaryLine[]): Promise<ExampleSheets> {
  const built = new ExcelJS.Workbook();
  const summary = add(built);
  const bytes = await workbookBytes(built);
  const { engine } = await loadWorkbook(bytes);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);

  const value = (sheet: string, address: string): unknown => {
    const cell = wb.getWorksheet(sheet)!.getCell(address);
    return engine.hf.getCellValue({
      sheet: engine.hf.getSheetId(sheet)!,
      row: Number(cell.row) - 1,
      col: Number(cell.col) - 1,
    });
  };
  const rowOf = (sheet: string, en: string): number => {
    let found = 0;
    wb.getWorksheet(sheet)!.eachRow((row, r) => {
      if (row.getCell(2).value === en) found = r;
    });
    if (!found) throw new Error(`no row labelled "${en}" on ${sheet}`);
    return found;
  };
  const input = (sheet: string, en: string, col = 3): number => {
    const v = wb.getWorksheet(sheet)!.getRow(rowOf(sheet, en)).getCell(col).value;
    if (typeof v !== 'number') throw new Error(`"${en}" on ${sheet} is not an input number`);
    return v;
  };
  const headline = (en: string): unknown => {
    const l = summary.find((s) => s.label.en === en);
    if (!l) throw new Error(`no summary line "${en}"`);
    return value(l.sheet, l.cell);
  };
  return { wb, engine, summary, value, rowOf, input, headline };
}
