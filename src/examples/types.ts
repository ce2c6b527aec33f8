/**
 * Example workbooks are built by code (never edited by hand). Each sheet builder adds its
 * sheet(s) to an ExcelJS workbook and returns the headline cells the README's main job prints.
 */
import type { Bilingual } from '../registry/types';

export interface SummaryLine {
  label: Bilingual;
  sheet: string;
  /** A1 address of the cell to print (after recalculation). */
  cell: string;
  /** How to print it: money in yuan, a per-m³ price, a ratio/share, a plain number, a calendar year or text. */
  format?: 'money' | 'price' | 'ratio' | 'number' | 'year' | 'text';
  /** Set on the first line of a group: the group's heading, printed above it. */
  section?: Bilingual;
}
