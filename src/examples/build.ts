/**
 * Builds the example bureau workbooks from code. Each workbook is listed with the headline
 * cells the main job prints after recalculating it headlessly.
 */
import ExcelJS from 'exceljs';
import { policyEntries } from '../core/policy';
import { addPricingSheets } from './pricing';
import { addPolicySheet, addSewageSheet, addTariffSheet } from './tariff';
import type { SummaryLine } from './types';

export interface ExampleWorkbook {
  /** File name under examples/. */
  file: string;
  title: { zh: string; en: string };
  build: () => { workbook: ExcelJS.Workbook; summary: SummaryLine[] };
}

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Reuse Finance examples';
  // Fixed dates keep the generated package stable from run to run.
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = wb.created;
  wb.calcProperties = { fullCalcOnLoad: true };
  return wb;
}

/** Tariff design, differential sewage charges, reclaimed-water pricing, operator payment and the policy catalogue. */
export function buildFoundationWorkbook(): { workbook: ExcelJS.Workbook; summary: SummaryLine[] } {
  const workbook = newWorkbook();
  const summary = [
    ...addTariffSheet(workbook),
    ...addSewageSheet(workbook),
    ...addPricingSheets(workbook),
    ...addPolicySheet(workbook, policyEntries().length),
  ];
  return { workbook, summary };
}

export const EXAMPLES: ExampleWorkbook[] = [
  {
    file: 'wanzhou-reuse-finance.xlsx',
    title: { zh: '万州区污水资源化利用 财金测算示例', en: 'Wanzhou wastewater reuse: finance examples' },
    build: buildFoundationWorkbook,
  },
];
