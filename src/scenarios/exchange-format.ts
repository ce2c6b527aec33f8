/**
 * The scenario exchange file (`.reuse-scenarios.json`, version 1): its shape, writing it
 * (chosen scenarios with the model definition they use and their provenance) and its name.
 * Reading one is exchange-read.ts; merging one in is exchange-merge.ts.
 */
import { canonicalJson } from './document';
import { clip } from './json-gate';
import { EXCHANGE_FORMAT, EXCHANGE_VERSION } from './schemas';
import type { Scenario, ScenarioDocument, ScenarioModel } from './types';

export { EXCHANGE_FORMAT, EXCHANGE_SCHEMA, EXCHANGE_VERSION } from './schemas';
/** File name ending of an exchange file. */
export const EXCHANGE_EXTENSION = '.reuse-scenarios.json';

export interface ExchangeProvenance {
  /** The exporting bureau (财政局, 住建局…), free text. */
  bureau: string;
  author: string;
  /** File name of the workbook the scenarios came from. */
  sourceWorkbook: string;
  /** ISO 8601 UTC. */
  exported: string;
  addinVersion: string;
}

/** The exchange file (version 1). Each scenario keeps its own bureau, author, created and modified. */
export interface ExchangeFile {
  format: typeof EXCHANGE_FORMAT;
  exchangeVersion: 1;
  provenance: ExchangeProvenance;
  model: ScenarioModel;
  scenarios: Scenario[];
}

export interface ExportOptions {
  /** Ids of the scenarios to export, in the order wanted (default: all). */
  ids?: string[];
  provenance: ExchangeProvenance;
}

/**
 * The exchange file for the chosen scenarios: the inputs they hold values for (in model order),
 * every output (what the model is compared on), the scenarios as stored, and provenance.
 */
export function exportScenarios(doc: ScenarioDocument, opts: ExportOptions): ExchangeFile {
  const wanted = opts.ids ?? doc.scenarios.map((s) => s.id);
  const scenarios = wanted.map((id) => doc.scenarios.find((s) => s.id === id)).filter((s): s is Scenario => !!s);
  const used = new Set(scenarios.flatMap((s) => Object.keys(s.values)));
  return {
    format: EXCHANGE_FORMAT,
    exchangeVersion: EXCHANGE_VERSION,
    provenance: { ...opts.provenance, sourceWorkbook: clip(opts.provenance.sourceWorkbook, 255) },
    model: { inputs: doc.model.inputs.filter((i) => used.has(i.id)), outputs: doc.model.outputs },
    scenarios: scenarios.map((s) => ({ ...s, values: { ...s.values } })),
  };
}

/** The file's text: keys sorted at every level, two-space indentation (readable, and the same scenarios give the same text). */
export function serialiseExchange(file: ExchangeFile): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(file)), null, 2)}\n`;
}

/** `万州模型.xlsx` → `万州模型.reuse-scenarios.json`. */
export function exchangeFileName(workbookName: string): string {
  const base = workbookName
    .replace(/^.*[\\/]/, '')
    .replace(/\.(xlsx|xlsm|xls)$/i, '')
    // eslint-disable-next-line no-control-regex -- control characters cannot be in a file name
    .replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_')
    .trim();
  return `${base || 'scenarios'}${EXCHANGE_EXTENSION}`;
}
