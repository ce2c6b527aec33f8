/**
 * The WPS adapter: registers every registry function with WPS Spreadsheets (表格/ET) through
 * `wps.AddCustomFunction(namespace, name, fn, metadata)` — the call WPS's own toolkit generates
 * (wpsjs 2.2.3 `src/vite_plugins.js`; the optional metadata argument is declared in WPS's
 * typings, et-jsapi-declare 2.5.0 `addon.et.d.ts`).
 *
 * It only translates conventions, like the Excel adapter (functions/functions.ts):
 * - an omitted argument → `undefined`, so the registry applies the declared default. WPS's
 *   JS API is a COM bridge; an omitted optional argument may arrive as `undefined`, `null`, or
 *   the COM "parameter not found" code −2147352572 (DISP_E_PARAMNOTFOUND, seen handled in
 *   published WPS custom functions). All three count as omitted;
 * - `any[][]` parameters arrive as 2-D arrays (a single value possibly as 1×1); a Range-like
 *   object (anything with `Value2`) is read through `Value2`;
 * - error values: a COM bridge hands a cell error over as its HRESULT number (#VALUE! is
 *   −2146826273, the XlCVError code 2015 + 0x800A0000). Those seven numbers → `CalcError`;
 * - a `CalcError` result → a thrown `Error` whose message starts with the code and carries
 *   the text in the display language (WPS shows a cell error for a throwing function: inferred,
 *   see docs/wps.md); an error inside a spilled array → its code as text (`"#NUM!"`), since
 *   throwing would lose the other cells.
 *
 * No domain rule lives here. The `wps` object is an argument, so tests inject a stub.
 */
import { CalcError, ErrorCode, Lang, isCalcError } from '../core/errors';
import { FUNCTIONS } from '../registry';
import { invoke } from '../registry/invoke';
import { resultDimensionality } from '../registry/metadata';
import type { ArgValue, Cell, FunctionSpec, Matrix, ResultValue } from '../registry/types';
import { wpsFunctionMetadata, WpsFunctionMetadata } from './metadata';
import { WPS_NAMESPACE, wpsFunctionName } from './names';

/** The part of WPS's add-in root (`wps`) the adapter uses. */
export interface WpsApi {
  AddCustomFunction?: (
    namespace: string,
    name: string,
    callback: (...args: any[]) => unknown,
    metadata?: WpsFunctionMetadata
  ) => void;
}

/** DISP_E_PARAMNOTFOUND: how a COM bridge passes an omitted optional argument. */
export const PARAM_NOT_FOUND = -2147352572;

/** Cell errors as a COM bridge passes them: 0x800A0000 + XlCVError (xlErrValue 2015 → −2146826273). */
export const COM_ERRORS: Readonly<Record<number, ErrorCode>> = {
  [-2146826288]: '#NULL!',
  [-2146826281]: '#DIV/0!',
  [-2146826273]: '#VALUE!',
  [-2146826265]: '#REF!',
  [-2146826259]: '#NAME?',
  [-2146826252]: '#NUM!',
  [-2146826246]: '#N/A',
};

export type WpsCell = number | string | boolean;
export type WpsResult = WpsCell | WpsCell[][];

/** Days from Excel's day 0 (1899-12-30) for a JS Date, as a cell holds a date. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
function dateSerial(d: Date): number {
  return (d.getTime() - d.getTimezoneOffset() * 60_000 - EXCEL_EPOCH_MS) / 86_400_000;
}

/** One cell as WPS passes it → the registry's cell. */
export function wpsToCell(v: unknown): Cell {
  if (v === null || v === undefined || v === PARAM_NOT_FOUND) return null;
  if (typeof v === 'number') {
    const code = COM_ERRORS[v];
    return code ? new CalcError(code, 'valueError', { arg: 'input', detail: code }) : v;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date && !Number.isNaN(v.getTime())) return dateSerial(v);
  return new CalcError('#VALUE!', 'valueError', { arg: 'input', detail: 'unsupported value' });
}

/** A Range-like object's values (`Value2`), if the argument is one. */
function rangeValues(v: object): unknown {
  try {
    return 'Value2' in v ? (v as { Value2: unknown }).Value2 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One argument as WPS passes it → the registry's argument. Omitted (any of the three forms)
 * becomes `undefined` so defaults apply; a 1×1 array holding an empty cell counts the same.
 */
export function wpsToArg(v: unknown): ArgValue {
  if (v === null || v === undefined || v === PARAM_NOT_FOUND) return undefined;
  if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
    const values = rangeValues(v);
    if (values !== undefined) return wpsToArg(values);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    const rows: unknown[][] = v.map((row: unknown) => (Array.isArray(row) ? row : [row]));
    // A 1-D array is one row (never produced for any[][], but cheap to accept).
    const m: Matrix = Array.isArray(v[0]) ? rows.map((row) => row.map(wpsToCell)) : [v.map(wpsToCell)];
    if (m.length === 1 && m[0].length === 1 && m[0][0] === null) return undefined;
    return m;
  }
  return wpsToCell(v);
}

/** The message a thrown error carries: the code first, then the text in `lang`. */
export function errorMessage(e: CalcError, lang: Lang): string {
  const text = e.text(lang);
  return text.startsWith(e.code) ? text : `${e.code} ${text}`;
}

/** A `CalcError` result, thrown. `code` is kept on the object for hosts and tests that read it. */
export class WpsFunctionError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message);
    this.name = 'WpsFunctionError';
  }
}

function cellToWps(c: Cell): WpsCell {
  if (c === null) return '';
  return isCalcError(c) ? c.code : c;
}

/** A registry result → what the registered function returns (or throws, for an error). */
export function resultToWps(spec: FunctionSpec, r: ResultValue, lang: Lang): WpsResult {
  if (isCalcError(r)) throw new WpsFunctionError(r.code, errorMessage(r, lang));
  if (Array.isArray(r)) return (r as Matrix).map((row) => row.map(cellToWps));
  return resultDimensionality(spec) === 'matrix' ? [[r]] : r;
}

/** The function WPS calls for one registry entry; only the declared arguments are read. */
export function wpsFunction(spec: FunctionSpec, lang: Lang | (() => Lang)): (...args: unknown[]) => WpsResult {
  const arity = spec.params.length;
  return (...args: unknown[]) => {
    const raw: ArgValue[] = new Array(arity);
    for (let i = 0; i < arity; i++) raw[i] = wpsToArg(args[i]);
    return resultToWps(spec, invoke(spec, raw), typeof lang === 'function' ? lang() : lang);
  };
}

/**
 * Registers every registry function under the REUSE namespace, with its functions.json entry
 * as metadata. Returns the names registered; none on a WPS without custom functions (before
 * 12.1.0.20540, `wps.AddCustomFunction` is undefined), as WPS's own template does.
 */
export function registerAll(
  wps: WpsApi | undefined,
  lang: Lang | (() => Lang) = 'zh-CN',
  functions: readonly FunctionSpec[] = FUNCTIONS
): string[] {
  if (!wps || typeof wps.AddCustomFunction !== 'function') return [];
  const metaLang = typeof lang === 'function' ? lang() : lang;
  for (const spec of functions) {
    wps.AddCustomFunction(
      WPS_NAMESPACE,
      wpsFunctionName(spec),
      wpsFunction(spec, lang),
      wpsFunctionMetadata(spec, metaLang)
    );
  }
  return functions.map(wpsFunctionName);
}
