/**
 * Analysis over a workbook model, knowing nothing of Office: one-way sensitivity (tornado and
 * spider), goal seek (Brent), data tables and Monte Carlo (Latin hypercube, Iman–Conover),
 * over an AnalysisPort (set inputs → read outputs → put back). Results are plain JSON data a
 * chart draws directly, with the record of what ran. See docs/analysis.md.
 */
export type { AnalysisPort, CellValue, Progress, RunOptions } from './port';
export { AnalysisError } from './errors';
export type { AnalysisErrorCode } from './errors';
export { brentRoot } from './brent';
export type { BrentOptions, BrentResult } from './brent';
export { compileOutput, compileOutputs } from './outputs';
export type { CompiledOutput } from './outputs';
export {
  DISTRIBUTION_TYPES,
  checkDistribution,
  formatDistribution,
  parseDistribution,
  quantileFunction,
} from './distributions';
export type { Distribution } from './distributions';
export { imanConover, seededUniform, uniformColumns } from './sampling';
export { summarise } from './stats';
export type { HistogramBin, OutputSummary, Threshold, ThresholdOp } from './stats';
export type { RunRecord } from './run';
export { sensitivity } from './sensitivity';
export type { SensitivityInput, SensitivityOptions, SensitivityResult, SpiderSeries, TornadoBar } from './sensitivity';
export { defaultBracket, goalSeek } from './goalseek';
export type { GoalSeekOptions, GoalSeekResult } from './goalseek';
export { dataTable } from './datatable';
export type { DataTableOptions, DataTableResult, TableAxis } from './datatable';
export { monteCarlo } from './montecarlo';
export type { MonteCarloInput, MonteCarloOptions, MonteCarloResult, RankCorrelation } from './montecarlo';
export { fromEnginePort, fromWorkbookPort } from './ports';
export type { TryOutPort } from './ports';
export { SHEET_NAMES, resultSheet } from './sheet';
export type { AnalysisResult } from './sheet';
