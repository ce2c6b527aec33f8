/**
 * How a REUSE function is spelt in WPS Spreadsheets, and the rewrites between the Excel and
 * WPS spellings of formula text. Derived from the registry: nothing here is a second list.
 *
 * WPS calls an add-in function as `命名空间.函数名(…)`: one namespace (the manifest's
 * `<Namespace>`, here REUSE) and a function name that WPS's own scanner (wpsjs
 * `src/vite_plugins.js`) restricts to `^[A-Za-z_][A-Za-z0-9_]*$` — no dots. The manifest
 * carries one namespace for the whole functions.json, and nothing in WPS's documentation,
 * templates or typings shows a dotted namespace working, so the group and the name are joined
 * by an underscore: Excel's `REUSE.TARIFF.TIERED` is `REUSE.TARIFF_TIERED` in WPS (docs/wps.md).
 *
 * How WPS *saves* such a call in an .xlsx is not documented and could not be tried without
 * WPS. The readers below therefore accept every plausible form — `REUSE.TARIFF_TIERED(` as
 * typed, and the same behind Excel's unknown-function prefix `_xludf.` — and the conversion to
 * the WPS spelling writes the typed form. Conversion is never applied silently: only the
 * explicit `reuse-calc convert` command rewrites a file.
 */
import { FUNCTIONS, NAMESPACE, fullName } from '../registry';
import type { FunctionSpec } from '../registry/types';

/** WPS's rule for function names (wpsjs 2.2.3, src/vite_plugins.js `functionNamePattern`). */
export const WPS_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The namespace the WPS add-in registers under (the manifest's `<Namespace>`). */
export const WPS_NAMESPACE = NAMESPACE;

/** `TARIFF.TIERED` → `TARIFF_TIERED`: the name passed to `wps.AddCustomFunction`. */
export const wpsFunctionName = (spec: FunctionSpec): string => spec.id.replace(/\./g, '_');

/** `REUSE.TARIFF_TIERED`: what a WPS user types. */
export const wpsFullName = (spec: FunctionSpec): string => `${WPS_NAMESPACE}.${wpsFunctionName(spec)}`;

/** Excel's stored name of a registry function: `_xldudf_REUSE_TARIFF_TIERED`. */
const excelStored = (spec: FunctionSpec): string => `_xldudf_${fullName(spec).replace(/\./g, '_')}`;

/** Upper-case WPS full name → spec. */
const BY_WPS_NAME = new Map(FUNCTIONS.map((f) => [wpsFullName(f).toUpperCase(), f]));
/** Upper-case Excel full name → spec. */
const BY_EXCEL_NAME = new Map(FUNCTIONS.map((f) => [fullName(f).toUpperCase(), f]));
/** Upper-case `_xldudf_REUSE_…` → spec. */
const BY_EXCEL_STORED = new Map(FUNCTIONS.map((f) => [excelStored(f).toUpperCase(), f]));

/** The spec a WPS full name (`REUSE.TARIFF_TIERED`, any case) names, if any. */
export const findWpsFunction = (name: string): FunctionSpec | undefined => BY_WPS_NAME.get(name.toUpperCase());

/**
 * Tokens the spelling rewrites look at: string literals and quoted sheet names (kept as they
 * are), then a call `REUSE.<name>(` with an optional `_xludf.` prefix, then Excel's stored
 * `[n]!_xldudf_REUSE_…(` / `_xldudf_REUSE_…(`. A name preceded by a letter, digit, `_`, `.`,
 * `!` or `]` is part of something else and is left alone.
 */
const CALL_TOKEN =
  /("(?:[^"]|"")*")|('(?:[^']|'')*')|(?<![A-Za-z0-9_.!\]])((?:_xludf\.)?REUSE\.[A-Za-z0-9_.]+)(?=\s*\()|(?<![A-Za-z0-9_.\]])((?:\[\d+\]!)?_xldudf_[A-Za-z0-9_]+)(?=\s*\()/gi;

/** The spec a call token names in any spelling, if it is a registry function. */
function specOfToken(dotted: string | undefined, udf: string | undefined): FunctionSpec | undefined {
  if (dotted) {
    const bare = dotted.replace(/^_xludf\./i, '');
    return BY_WPS_NAME.get(bare.toUpperCase()) ?? BY_EXCEL_NAME.get(bare.toUpperCase());
  }
  if (udf) return BY_EXCEL_STORED.get(udf.replace(/^\[\d+\]!/, '').toUpperCase());
  return undefined;
}

function rewriteCalls(text: string, to: (spec: FunctionSpec) => string, dottedOnly = false): string {
  return text.replace(CALL_TOKEN, (m, dq, sq, dotted, udf) => {
    if (dq || sq || (dottedOnly && !dotted)) return m;
    const spec = specOfToken(dotted, udf);
    return spec ? to(spec) : m;
  });
}

/**
 * Formula text with every dotted spelling of a registry function — WPS's `REUSE.TARIFF_TIERED(`,
 * either spelling behind the unknown-function prefix `_xludf.` — replaced by the engine's
 * `REUSE.TARIFF.TIERED(`. Excel's `_xldudf_…` names stay as they are (formula-text.ts maps them).
 */
export function wpsToEngineNames(text: string): string {
  if (!/REUSE\./i.test(text)) return text;
  return rewriteCalls(text, fullName, true);
}

/**
 * Formula text (as stored in a package, no leading `=`) in the WPS spelling: every registry
 * call in any Excel or WPS spelling becomes `REUSE.TARIFF_TIERED(`.
 */
export function toWpsFormula(text: string): string {
  return rewriteCalls(text, wpsFullName);
}

/**
 * Formula text in the form Excel stores with the add-in loaded: every registry call in any
 * Excel or WPS spelling becomes `_xldudf_REUSE_TARIFF_TIERED(`.
 */
export function toExcelFormula(text: string): string {
  return rewriteCalls(text, excelStored);
}

/** True when the formula calls a registry function in a spelling only WPS uses (`REUSE.TARIFF_TIERED(`). */
export function hasWpsOnlySpelling(text: string): boolean {
  if (!/REUSE\./i.test(text)) return false;
  let found = false;
  text.replace(CALL_TOKEN, (m, dq, sq, dotted) => {
    if (!dq && !sq && dotted) {
      const bare = String(dotted)
        .replace(/^_xludf\./i, '')
        .toUpperCase();
      if (BY_WPS_NAME.has(bare) && !BY_EXCEL_NAME.has(bare)) found = true;
    }
    return m;
  });
  return found;
}
