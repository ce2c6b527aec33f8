/**
 * reuse-finance: the headless engine for scripts (`require('reuse-finance')`).
 *
 * Open a bureau's workbook, set its inputs by defined name or `Sheet!A1`, read what the
 * formulas give, try a change and put everything back, save the result as .xlsx:
 *
 * ```ts
 * import { openWorkbook } from 'reuse-finance';
 * const wb = await openWorkbook('项目.xlsx');
 * const r = await wb.whatIf({ central_cap: 80_000_000 }, ["'投资与融资'!C13"]);
 * await wb.set({ loan_years: 20 });
 * await wb.save('项目-20年.xlsx');
 * wb.close();
 * ```
 *
 * Every workbook is read as untrusted input within the package reader's limits (zip bombs,
 * entity expansion and oversized sheets are refused with a `WorkbookError`). A reference that
 * is not a cell or a defined name pointing at one cell is a `PortError`, thrown before
 * anything is written.
 */
import * as path from 'path';
import type { Lang as LangTag } from '../core/errors';
import { checkWorkbookBytes as checkBytes } from '../engine/check';
import { Engine, EngineValue } from '../engine/engine';
import { readInput, writeFileAtomic } from './files';
import { computeResults as compute, loadWorkbook as load } from '../engine/load';
import { HyperFormula } from 'hyperformula';
import * as analysis from '../analysis';
import { EnginePort } from '../workbook/engine-port';
import type * as port from '../workbook/port';

import type * as check from '../engine/check';
import type * as workbook from '../engine/load';

/** This package's version (in every analysis' run record). */
const ENGINE_VERSION: string = require('../../package.json').version;

/** Language of engine messages: `en-US` or `zh-CN`. */
export type Lang = LangTag;
/** What `checkWorkbookBytes` reports: cells compared, findings, whether the workbook is consistent. */
export type CheckReport = check.CheckReport;
/** One finding of a check: a stale or missing cached value, a constant over a formula, a spelling to repair, a cell not verified. */
export type CheckFinding = check.CheckFinding;
/** Options of `checkWorkbookBytes`: language, tolerance, reader limits. */
export type CheckOptions = check.CheckOptions;
/** Relative and absolute tolerance for comparing numbers in a check. */
export type Tolerance = check.Tolerance;
/** A value `evaluate` returns: a number, text, boolean, empty, or an engine error value. */
export type EvaluateValue = EngineValue;
/** A cell the engine did not compute (it keeps its cached value) or a part of the file not read, with the reason. */
export type CellWarning = workbook.CellWarning;
/** Options of `loadWorkbook`: language and reader limits. */
export type LoadOptions = workbook.LoadOptions;
/** A workbook read into the engine: its package model, the HyperFormula engine, its formula cells. */
export type LoadedWorkbook = workbook.LoadedWorkbook;
/** What a recalculation did: sheets, formulas, REUSE formulas, cached values changed, warnings, external links. */
export type RecalcReport = workbook.RecalcReport;
/** `computeResults`' answer: the report and the new cached value of every formula cell. */
export type ResultsPlan = workbook.ResultsPlan;
/** One formula cell's new cached value (and spill range) as `computeResults` decides it. */
export type CellPlan = workbook.CellPlan;
/** A cell value read from a workbook: number, text, boolean, `null` when empty, `{ error: '#DIV/0!' }`. */
export type CellValue = port.CellValue;
/** A defined name pointing at one cell: `{ name: 'sewage_fee', ref: '假设!C29' }`. */
export type NamedRef = port.NamedRef;
export { PortError } from '../workbook/port';

// Analysis (src/analysis, docs/analysis.md): sensitivity, goal seek, data tables and Monte Carlo over
// any AnalysisPort (`workbook.analysisPort()` here). Results are plain JSON-serialisable data.

/** What an analysis needs from a workbook: read cells, and one what-if that puts its inputs back. */
export type AnalysisPort = analysis.AnalysisPort;
/** Progress of a long analysis: evaluations done out of those planned. */
export type Progress = analysis.Progress;
/** What an analysis ran (inputs, ranges or distributions, seed, iterations, time, engine version), kept with its results. */
export type RunRecord = analysis.RunRecord;
/** A distribution of an uncertain input: uniform, triangular, PERT, normal, lognormal (with bounds), discrete. */
export type Distribution = analysis.Distribution;
/** Per Monte Carlo output: mean, sd, P5…P95, threshold probabilities, histogram and CDF. */
export type OutputSummary = analysis.OutputSummary;
/** Options of {@link sensitivity}: inputs (± delta or explicit low/high), outputs, spider steps. */
export type SensitivityOptions = analysis.SensitivityOptions;
/** A tornado per output (bars sorted by swing), the base run, optional spider series. */
export type SensitivityResult = analysis.SensitivityResult;
/** Options of {@link goalSeek}: input, output, target, bracket, tolerance. */
export type GoalSeekOptions = analysis.GoalSeekOptions;
/** The input value found, the output there, the base case and the bracket. */
export type GoalSeekResult = analysis.GoalSeekResult;
/** Options of {@link dataTable}: one or two inputs over lists of values, outputs. */
export type DataTableOptions = analysis.DataTableOptions;
/** One grid per output: rows = the first input's values, columns = the second's. */
export type DataTableResult = analysis.DataTableResult;
/** Options of {@link monteCarlo}: distributions, outputs, iterations, seed, sampling, correlations, thresholds. */
export type MonteCarloOptions = analysis.MonteCarloOptions;
/** Per input and output a summary; achieved rank correlations; optionally every sample. */
export type MonteCarloResult = analysis.MonteCarloResult;
/** Any analysis' result. */
export type AnalysisResult = analysis.AnalysisResult;

/** An analysis that cannot answer: `code` (no-solution-in-bracket, output-constant, cancelled…), message in English, `zh` in Chinese. */
export const AnalysisError = analysis.AnalysisError;
/**
 * One-way sensitivity: each input to its low and high value, every output's swing, sorted (a
 * tornado); with `steps`, spider series. Example: `sensitivity(wb.analysisPort(), { inputs: [{ ref: 'sewage_fee' }], outputs: ["'评价'!C12"] })`.
 */
export const sensitivity: typeof analysis.sensitivity = analysis.sensitivity;
/** Goal seek by Brent's method inside a bracket; "no solution in the bracket" and "output does not change" are errors, never a last guess. */
export const goalSeek: typeof analysis.goalSeek = analysis.goalSeek;
/** A one- or two-way data table of any outputs. */
export const dataTable: typeof analysis.dataTable = analysis.dataTable;
/** Monte Carlo with Latin hypercube sampling, a repeatable seed and optional Iman–Conover rank correlation. */
export const monteCarlo: typeof analysis.monteCarlo = analysis.monteCarlo;
/** A distribution from its command-line form, e.g. `triangular(1.5,1.75,2.1)`; throws an AnalysisError naming `what`. */
export const parseDistribution: typeof analysis.parseDistribution = analysis.parseDistribution;
/** The command-line form of a distribution (what parseDistribution reads back). */
export const formatDistribution: typeof analysis.formatDistribution = analysis.formatDistribution;
/** A formatted results sheet (record on top, then the numbers) for `addSheet`. */
export const resultSheet: typeof analysis.resultSheet = analysis.resultSheet;
/** An AnalysisPort over an engine port's what-if (demand-limited recalculation). */
export const fromEnginePort: typeof analysis.fromEnginePort = analysis.fromEnginePort;
/** An AnalysisPort over any WorkbookPort (Excel's own recalculation too): apply, then write back. */
export const fromWorkbookPort: typeof analysis.fromWorkbookPort = analysis.fromWorkbookPort;
export { WorkbookError } from '../xlsx/limits';

/** A value a script may write into a cell: written as a constant (text is never read as a formula). */
export type InputValue = number | string | boolean;

/** Options of {@link openWorkbook}. */
export interface OpenOptions {
  /** Language of the REUSE functions' error messages (`#VALUE!` details): `en-US` (default) or `zh-CN`. */
  lang?: Lang;
}

/**
 * A workbook held by the headless engine. References are defined names (`sewage_fee`) or
 * single cells (`'投资与融资'!C13`, `Sheet1!B2`); sheet and name lookups ignore case.
 * Every method throws once {@link Workbook.close} has been called.
 */
export interface Workbook {
  /**
   * The workbook-level defined names that point at one cell, sorted by name, with the cell
   * each points at (`{ name: 'sewage_fee', ref: '假设!C29' }`): the inputs a script can set.
   */
  names(): Promise<NamedRef[]>;

  /**
   * The current values of `refs`, keyed by each reference as given. Errors come back as
   * `{ error: '#DIV/0!' }`, empty cells as `null`.
   * @throws PortError when a reference is not a single cell or a known defined name.
   */
  get(refs: readonly string[]): Promise<Record<string, CellValue>>;

  /**
   * Writes constants into cells (over a formula too), all or nothing: every reference and value
   * is checked before the first write, and a write the engine refuses puts every cell back.
   * The workbook recalculates at once; `get` sees the new results.
   * @throws PortError for an unknown reference; TypeError for a value that is not a finite
   *   number, a string or a boolean.
   */
  set(values: Readonly<Record<string, InputValue>>): Promise<void>;

  /**
   * Sets `values`, reads `outputs`, then puts back exactly what the cells held before (formulas
   * as formulas), so the workbook is unchanged afterwards. Returns the outputs keyed as given.
   * Only what the outputs depend on is recalculated, so a run of what-ifs costs far less than a
   * run of `set` and `get` over the whole workbook; the results are the same.
   *
   * Example (the flagship workbook): `whatIf({ central_cap: 80e6 }, ["'评价'!C5"])` gives
   * `{ "'评价'!C5": 80000000 }`, central support = min(capex × 60 %, cap) = min(162 M, 80 M).
   */
  whatIf(values: Readonly<Record<string, InputValue>>, outputs: readonly string[]): Promise<Record<string, CellValue>>;

  /**
   * The workbook as .xlsx bytes: the file as read, with the cells set since and fresh cached
   * values for every formula (charts, styles and other parts keep their bytes). With `file`,
   * the bytes are also written there, through a temporary file renamed into place (never a
   * half-written file); saving over the file it was opened from is allowed.
   */
  save(file?: string): Promise<Uint8Array>;

  /**
   * The workbook as an analysis sees it (src/analysis): read cells, and what-ifs that put every
   * input back. Pass it to {@link sensitivity}, {@link goalSeek}, {@link dataTable} or
   * {@link monteCarlo}; the workbook is unchanged afterwards.
   *
   * Example (the flagship): the sewage fee that brings the minimum DSCR to 1.3 —
   * `await goalSeek(wb.analysisPort(), { input: 'sewage_fee', output: "min('资本金现金流'!AC6:AC33)", target: 1.3, between: [1, 10] })`.
   */
  analysisPort(): analysis.AnalysisPort;

  /** Frees the engine. Idempotent. */
  close(): void;
}

/**
 * Opens an .xlsx workbook from its bytes or from a file path and builds the engine over it.
 * @param source  the file's bytes, or a path (read within the reader's size limit).
 * @throws WorkbookError when the file is missing, not an .xlsx, password-protected, corrupt,
 *   or refused as hostile or too large.
 */
export async function openWorkbook(source: Uint8Array | string, opts: OpenOptions = {}): Promise<Workbook> {
  const bytes = typeof source === 'string' ? await readInput(source) : source;
  const port = await EnginePort.fromBytes(bytes, {
    displayLanguage: opts.lang ?? 'en-US',
    fileName: typeof source === 'string' ? path.basename(source) : undefined,
  });
  return new OpenWorkbook(port);
}

class OpenWorkbook implements Workbook {
  private port: EnginePort | undefined;

  constructor(port: EnginePort) {
    this.port = port;
  }

  async names(): Promise<NamedRef[]> {
    return this.open().definedNames();
  }

  async get(refs: readonly string[]): Promise<Record<string, CellValue>> {
    const list = refsOf(refs, 'get');
    return keyed(list, await this.open().readValues(list));
  }

  async set(values: Readonly<Record<string, InputValue>>): Promise<void> {
    await this.open().apply(writesOf(values, 'set'), []);
  }

  async whatIf(
    values: Readonly<Record<string, InputValue>>,
    outputs: readonly string[]
  ): Promise<Record<string, CellValue>> {
    const port = this.open();
    const list = refsOf(outputs, 'whatIf');
    return keyed(list, await port.tryOut(writesOf(values, 'whatIf'), list));
  }

  async save(file?: string): Promise<Uint8Array> {
    const bytes = await this.open().toBytes();
    if (file !== undefined) await writeFileAtomic(file, bytes);
    return bytes;
  }

  analysisPort(): analysis.AnalysisPort {
    const version = `reuse-finance ${ENGINE_VERSION}, HyperFormula ${HyperFormula.version}`;
    const port = () => analysis.fromEnginePort(this.open(), version); // every call checks that the workbook is still open
    return {
      engine: version,
      read: (refs) => port().read(refs),
      evaluate: (inputs, outputs) => port().evaluate(inputs, outputs),
    };
  }

  close(): void {
    this.port?.dispose();
    this.port = undefined;
  }

  private open(): EnginePort {
    if (!this.port) throw new Error('reuse-finance: this workbook has been closed');
    return this.port;
  }
}

function refsOf(refs: readonly string[], method: string): string[] {
  if (!Array.isArray(refs)) throw new TypeError(`${method}: references must be an array of strings`);
  for (const r of refs)
    if (typeof r !== 'string') throw new TypeError(`${method}: a reference must be a string (got ${typeof r})`);
  return [...refs];
}

function writesOf(values: Readonly<Record<string, InputValue>>, method: string): port.Write[] {
  if (values === null || typeof values !== 'object' || Array.isArray(values))
    throw new TypeError(`${method}: values must be an object { nameOrRef: value }`);
  return Object.entries(values).map(([ref, value]) => {
    const ok =
      typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok)
      throw new TypeError(
        `${method}: the value for ${ref} must be a finite number, a string or a boolean (got ${String(value)})`
      );
    return { ref, contents: { value } };
  });
}

function keyed(refs: string[], values: CellValue[]): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  refs.forEach((r, i) => Object.defineProperty(out, r, { value: values[i], enumerable: true, writable: true }));
  return out;
}

/**
 * Evaluates one formula on its own, Excel style (leading `=` optional), with every REUSE
 * function available. Returns a number, text, boolean, an error value, or a 2-D array for a
 * spilled result.
 *
 * Example: `evaluate('REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75,5.88})')` → 772.2
 * (180 × 3.04 + 60 × 3.75).
 */
export function evaluate(formula: string, opts: { lang?: Lang } = {}): EvaluateValue | EvaluateValue[][] {
  return Engine.evaluate(formula, opts);
}

/**
 * Lower level: reads .xlsx bytes (within the reader's limits) and builds the engine over them,
 * without the what-if layer. Free it with `loaded.engine.hf.destroy()`.
 */
export const loadWorkbook: typeof load = load;

/**
 * Lower level: the engine's value for every formula cell of a loaded workbook and the
 * recalculation report (formulas, REUSE formulas, changed cached values, warnings).
 */
export const computeResults: typeof compute = compute;

/**
 * Compares the values cached in an .xlsx with recomputed ones (what `reuse-calc check` does):
 * stale or missing values, constants typed over a filled-down formula, REUSE calls saved in a
 * form Excel cannot resolve.
 */
export const checkWorkbookBytes: typeof checkBytes = checkBytes;
