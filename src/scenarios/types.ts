/**
 * The scenario model as stored in the workbook (schema version 1). Pure data: no Office, no
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

export const SCHEMA_VERSION = 1;

/** The whole stored document. */
export interface ScenarioDocument {
  schemaVersion: 1;
  model: ScenarioModel;
  scenarios: Scenario[];
}

/** A text in both languages of the add-in. */
export type { Bilingual } from '../registry/types';

export function emptyDocument(): ScenarioDocument {
  return { schemaVersion: 1, model: { inputs: [], outputs: [] }, scenarios: [] };
}
