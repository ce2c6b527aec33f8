import type { Distribution } from '../analysis/distributions';
import type { ThresholdOp } from '../analysis/stats';

/**
 * The scenario model as stored in the workbook (schema version 1, or 2 with analysis settings). Pure data: no Office, no
 * DOM. Inputs and outputs point at single cells by reference (`'假设'!C5`) or defined name
 * (`sewage_fee`); a scenario holds one value per input, keyed by the input's id so a
 * reference can be re-pointed without touching the scenarios.
 */

/** A value a scenario sets an input to. `null` leaves the cell empty. */
export type InputValue = number | string | boolean | null;

export interface ModelInput {
  /** Stable id within the document (`in1`, `in2`, …). */
  id: string;
  /** `Sheet!A1`, `'中文 表'!B2` or a defined name. */
  ref: string;
  label: string;
  /** Free text (`元/m³`, `年 years`); may be empty. */
  unit: string;
}

export interface ModelOutput {
  id: string;
  ref: string;
  label: string;
  unit: string;
  /** Excel number format for the comparison (`#,##0`, `0.00%`); `General` when unknown. */
  numberFormat: string;
}

export interface Scenario {
  id: string;
  name: string;
  note: string;
  /** The bureau the scenario comes from (财政局, 发改委, 住建委…), free text. */
  bureau: string;
  author: string;
  /** ISO 8601 UTC times (`2026-01-31T08:15:00.000Z`). */
  created: string;
  modified: string;
  /** Input id → value. An input missing here is left as it is when the scenario is applied. */
  values: Record<string, InputValue>;
}

export interface ScenarioModel {
  inputs: ModelInput[];
  outputs: ModelOutput[];
}

/** The newest schema version this add-in reads (and writes when a document holds analysis settings). */
export const SCHEMA_VERSION = 2;

/** Analysis settings of one model input (schema version 2): its range, value list and distribution. */
export interface AnalysisInputSettings {
  /** A model input's id. */
  inputId: string;
  /** Sensitivity range (both or neither). */
  low?: number;
  high?: number;
  /** Data-table values. */
  values?: number[];
  /** Monte Carlo distribution. */
  distribution?: Distribution;
}

/** An output for analysis only: a cell, a name or an aggregate such as `min('资本金现金流'!AC7:AC34)`. */
export interface AnalysisOutput {
  /** Unique among the model's outputs and these. */
  id: string;
  expr: string;
  label: string;
  unit: string;
  /** The probability Monte Carlo reports: P(output op value). */
  threshold?: { op: ThresholdOp; value: number };
}

/** A break-even question: which value of an input brings an output to a target. */
export interface GoalDefinition {
  id: string;
  inputId: string;
  /** A model output's or an analysis output's id. */
  outputId: string;
  target: number;
  between?: [number, number];
}

/** A target rank correlation between two inputs' distributions. */
export interface AnalysisCorrelation {
  a: string;
  b: string;
  rho: number;
}

/** Everything the analyses keep in the document (schema version 2). */
export interface AnalysisModel {
  inputs: AnalysisInputSettings[];
  outputs: AnalysisOutput[];
  goals: GoalDefinition[];
  correlations: AnalysisCorrelation[];
  settings: { delta?: number; iterations?: number; seed?: number; sampling?: 'lhs' | 'random'; bins?: number };
}

/**
 * The whole stored document. Version 1 has no `analysis`; a document with analysis settings is
 * version 2 (withAnalysis sets both), so a workbook without them stays readable by add-ins that
 * know version 1 only.
 */
export interface ScenarioDocument {
  schemaVersion: 1 | 2;
  model: ScenarioModel;
  scenarios: Scenario[];
  analysis?: AnalysisModel;
}

/** The document with analysis settings (version 2), or without them (version 1, as before). */
export function withAnalysis(doc: ScenarioDocument, analysis: AnalysisModel | undefined): ScenarioDocument {
  const { analysis: _old, ...rest } = doc;
  void _old;
  return analysis ? { ...rest, schemaVersion: 2, analysis } : { ...rest, schemaVersion: 1 };
}

export function emptyAnalysis(): AnalysisModel {
  return { inputs: [], outputs: [], goals: [], correlations: [], settings: {} };
}

/** A text in both languages of the add-in. */
export type { Bilingual } from '../registry/types';

export function emptyDocument(): ScenarioDocument {
  return { schemaVersion: 1, model: { inputs: [], outputs: [] }, scenarios: [] };
}
