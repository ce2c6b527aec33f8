/**
 * The Excel adapter: associates every registry function with Excel's custom-functions runtime.
 *
 * It only translates conventions, in both directions:
 * - Excel passes `null` for an omitted argument (and for a reference to an empty cell) →
 *   `undefined`, so the registry applies the declared default;
 * - ranges and array constants arrive as 2-D arrays (a single value as 1×1 for `matrix`
 *   parameters); empty cells inside them stay `null`;
 * - error values in arguments (they reach us because functions.json sets
 *   `allowErrorForDataTypeAny`) → `CalcError`, and back to the same Excel error if the
 *   registry passes them through;
 * - a `CalcError` result → `CustomFunctions.Error` with the message in the display language;
 *   a spilled result → a 2-D array with errors converted cell by cell.
 *
 * No domain rule lives here. Everything takes the `CustomFunctions` namespace as an argument
 * so tests can inject a stub.
 */
import { CalcError, ErrorCode, Lang, isCalcError } from '../core/errors';
import { resolveLang } from '../core/i18n';
import { FUNCTIONS } from '../registry';
import { invoke } from '../registry/invoke';
import { resultDimensionality } from '../registry/metadata';
import type { ArgValue, Cell, FunctionSpec, Matrix, ResultValue } from '../registry/types';

/** The part of Excel's `CustomFunctions` namespace the adapter uses. */
export interface CustomFunctionsApi {
  associate(id: string, fn: (...args: any[]) => unknown): void;
  Error: new (code: any, message?: string) => { code: string; message?: string };
  /** Absent on hosts older than the enum; the codes are plain strings anyway. */
  ErrorCode?: Partial<
    Record<'invalidValue' | 'notAvailable' | 'divisionByZero' | 'invalidNumber' | 'nullReference', string>
  >;
}

export type ExcelError = InstanceType<CustomFunctionsApi['Error']>;
export type ExcelCell = number | string | boolean | ExcelError;
export type ExcelResult = ExcelCell | ExcelCell[][];

const ERROR_CODES: readonly ErrorCode[] = [
  '#VALUE!',
  '#N/A',
  '#NUM!',
  '#DIV/0!',
  '#REF!',
  '#NAME?',
  '#NULL!',
  '#SPILL!',
  '#CALC!',
];

/** Error codes a custom function may return, and their `ErrorCode` member. */
const OUTPUT_CODES: Partial<Record<ErrorCode, keyof NonNullable<CustomFunctionsApi['ErrorCode']>>> = {
  '#VALUE!': 'invalidValue',
  '#N/A': 'notAvailable',
  '#DIV/0!': 'divisionByZero',
  '#NUM!': 'invalidNumber',
  '#NULL!': 'nullReference',
};

/** Excel shows a custom message only on these two codes. */
const CODES_WITH_MESSAGE: readonly ErrorCode[] = ['#VALUE!', '#N/A'];

/** Input errors, remembered so a passed-through error goes back to Excel as it came in. */
const inputErrors = new WeakMap<CalcError, { code: ErrorCode; message?: string }>();

/** The display language the add-in uses: zh-CN for any Chinese Office UI (zh-TW and zh-HK too, see core/i18n), en-US otherwise (and outside Office). */
export function displayLang(office?: { context?: { displayLanguage?: string } }): Lang {
  let tag: string | undefined;
  try {
    tag = office?.context?.displayLanguage;
  } catch {
    tag = undefined;
  }
  return resolveLang(tag);
}

/** An Excel error value as passed in an argument (a `CustomFunctions.Error`-like object), if it is one. */
function excelErrorCode(v: unknown): ErrorCode | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const code = (v as { code?: unknown }).code;
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)
    ? (code as ErrorCode)
    : undefined;
}

/** One cell as Excel passes it → the registry's cell. */
export function excelToCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  const code = excelErrorCode(v);
  if (code) {
    const message = (v as { message?: unknown }).message;
    const text = typeof message === 'string' && message !== '' ? message : undefined;
    const e = new CalcError(code, 'valueError', { arg: 'input', detail: text ?? code });
    inputErrors.set(e, { code, message: text });
    return e;
  }
  // Anything else (a rich value on a newer host) is not a value the registry can use.
  return new CalcError('#VALUE!', 'valueError', { arg: 'input', detail: 'unsupported value' });
}

/**
 * One argument as Excel passes it → the registry's argument. `null` (omitted, or a single
 * empty cell) becomes `undefined` so defaults apply; a 1×1 array holding an empty cell
 * counts the same, since Excel wraps single values for `matrix` parameters.
 */
export function excelToArg(v: unknown): ArgValue {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (v.length === 1 && Array.isArray(v[0]) && v[0].length === 1 && (v[0][0] === null || v[0][0] === undefined))
      return undefined;
    return v.map((row: unknown) => (Array.isArray(row) ? row.map(excelToCell) : [excelToCell(row)]));
  }
  return excelToCell(v);
}

/** A `CalcError` → `CustomFunctions.Error`, message in `lang` where Excel can show one. */
export function errorToExcel(cf: CustomFunctionsApi, e: CalcError, lang: Lang): ExcelError {
  const passed = inputErrors.get(e);
  const member = OUTPUT_CODES[e.code];
  if (passed && member) {
    return new cf.Error(
      cf.ErrorCode?.[member] ?? e.code,
      CODES_WITH_MESSAGE.includes(e.code) ? passed.message : undefined
    );
  }
  if (!member) {
    // #REF!, #NAME?, #SPILL!, #CALC! cannot be returned by a custom function: report as #VALUE! with the code in the message.
    const text = e.text(lang);
    return new cf.Error(cf.ErrorCode?.invalidValue ?? '#VALUE!', text.includes(e.code) ? text : `${e.code} ${text}`);
  }
  return new cf.Error(cf.ErrorCode?.[member] ?? e.code, CODES_WITH_MESSAGE.includes(e.code) ? e.text(lang) : undefined);
}

function cellToExcel(cf: CustomFunctionsApi, c: Cell, lang: Lang): ExcelCell {
  if (c === null) return '';
  return isCalcError(c) ? errorToExcel(cf, c, lang) : c;
}

/**
 * A registry result → what the associated function hands Excel: a value, a 2-D array, or a
 * `CustomFunctions.Error` (which the associated function throws). Functions declared with a
 * `matrix` result always get a 2-D array, as Excel requires.
 */
export function resultToExcel(cf: CustomFunctionsApi, spec: FunctionSpec, r: ResultValue, lang: Lang): ExcelResult {
  if (isCalcError(r)) return errorToExcel(cf, r, lang);
  if (Array.isArray(r)) return (r as Matrix).map((row) => row.map((c) => cellToExcel(cf, c, lang)));
  return resultDimensionality(spec) === 'matrix' ? [[r]] : r;
}

/** Whether a value is a `CustomFunctions.Error` made by `errorToExcel`. */
export const isExcelError = (cf: CustomFunctionsApi, v: unknown): v is ExcelError => v instanceof cf.Error;

/**
 * The function Excel calls for one registry entry. Excel appends an invocation object after
 * the declared arguments; only the declared ones are read.
 */
export function excelFunction(
  cf: CustomFunctionsApi,
  spec: FunctionSpec,
  lang: Lang | (() => Lang)
): (...args: unknown[]) => ExcelResult {
  const arity = spec.params.length;
  return (...args: unknown[]) => {
    const raw: ArgValue[] = new Array(arity);
    for (let i = 0; i < arity; i++) raw[i] = excelToArg(args[i]);
    const result = resultToExcel(cf, spec, invoke(spec, raw), typeof lang === 'function' ? lang() : lang);
    // Throwing is the documented way to report an error for both scalar and matrix results.
    if (isExcelError(cf, result)) throw result;
    return result;
  };
}

/**
 * Associates every registry function (`CustomFunctions.associate(id, fn)`). `lang` may be a
 * function so the display language is read at call time, after `Office.onReady`.
 * Returns the ids associated.
 */
export function registerAll(
  cf: CustomFunctionsApi,
  lang: Lang | (() => Lang),
  functions: readonly FunctionSpec[] = FUNCTIONS
): string[] {
  for (const spec of functions) cf.associate(spec.id, excelFunction(cf, spec, lang));
  return functions.map((f) => f.id);
}
