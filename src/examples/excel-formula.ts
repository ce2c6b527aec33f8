/**
 * Writes formulas the way Excel stores them in a saved .xlsx, so example workbooks exercise
 * the same path as a bureau's real file: `REUSE.X.Y(` becomes `_xldudf_REUSE_X_Y(`, and
 * the text has no leading `=` (ExcelJS writes formula text as given).
 */
import { excelStoredName } from '../engine/formula-text';

export function asExcelSaves(formula: string): string {
  const text = formula.startsWith('=') ? formula.slice(1) : formula;
  return text.replace(/\bREUSE(?:\.[A-Z0-9]+)+(?=\()/g, (name) => excelStoredName(name));
}
