/** Cell-writing helpers shared by the example-sheet builders. */
import ExcelJS from 'exceljs';
import { asExcelSaves } from './excel-formula';

export const FORMAT = {
  money: '#,##0.00',
  price: '0.0000',
  m3: '#,##0',
  rate: '0.00%',
} as const;

/** A formula cell, stored as Excel saves it (`_xldudf_REUSE_…`, no leading `=`). */
export function formula(ws: ExcelJS.Worksheet, address: string, text: string, numFmt?: string): void {
  const cell = ws.getCell(address);
  cell.value = { formula: asExcelSaves(text) } as ExcelJS.CellFormulaValue;
  if (numFmt) cell.numFmt = numFmt;
}

/** A formula that spills over `range`, saved as Excel saves a dynamic array (an array formula with its ref). */
export function spill(ws: ExcelJS.Worksheet, range: string, text: string, numFmt?: string): void {
  // ExcelJS's typings omit fillFormula's fourth argument (the share type).
  const fill = ws.fillFormula as unknown as (
    r: string,
    f: string,
    results: () => undefined,
    shareType: 'array'
  ) => void;
  fill.call(ws, range, asExcelSaves(text), () => undefined, 'array');
  if (numFmt) {
    const [from, to] = range.split(':');
    const a = ws.getCell(from);
    const b = ws.getCell(to ?? from);
    for (let r = Number(a.row); r <= Number(b.row); r++)
      for (let c = Number(a.col); c <= Number(b.col); c++) ws.getCell(r, c).numFmt = numFmt;
  }
}

/** A new example workbook: fixed dates keep the generated package stable from run to run; Excel recalculates on open. */
export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Reuse Finance examples';
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = wb.created;
  wb.calcProperties = { fullCalcOnLoad: true };
  return wb;
}
