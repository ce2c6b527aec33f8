/**
 * Builds the example bureau workbooks from code. Each workbook is listed with the headline
 * cells the main job prints after recalculating it headlessly.
 */
import ExcelJS from 'exceljs';
import { policyEntries } from '../core/policy';
import { buildFlagshipWorkbook } from './flagship';
import { addPricingSheets } from './pricing';
import { addResourceSheets } from './resources';
import { newWorkbook } from './sheet';
import { addPolicySheet, addSewageSheet, addTariffSheet } from './tariff';
import type { SummaryLine } from './types';

export interface ExampleWorkbook {
  /** File name under examples/. */
  file: string;
  title: { zh: string; en: string };
  build: () => { workbook: ExcelJS.Workbook; summary: SummaryLine[] };
}

/** Tariff design, differential sewage charges, reclaimed-water pricing, operator payment and the policy catalogue. */
export function buildFoundationWorkbook(): { workbook: ExcelJS.Workbook; summary: SummaryLine[] } {
  const workbook = newWorkbook();
  const summary = [
    ...addTariffSheet(workbook),
    ...addSewageSheet(workbook),
    ...addPricingSheets(workbook),
    ...addResourceSheets(workbook),
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
  {
    file: 'wanzhou-flagship-project.xlsx',
    title: {
      zh: '何家岩污水处理厂提标扩能及再生水项目 财金模型',
      en: 'Hejiayan plant upgrade with reclaimed water: project finance model',
    },
    build: buildFlagshipWorkbook,
  },
];
