/**
 * Formula text as Excel saves it → formula text HyperFormula parses.
 *
 * Excel writes a JavaScript custom function as `_xldudf_REUSE_TARIFF_TIERED(` (dots become
 * underscores), sometimes corrupted into an external reference `[1]!_xldudf_…`; newer
 * built-ins carry `_xlfn.` (and `_xlfn._xlws.`) prefixes. None of these parse in
 * HyperFormula, whose names may not start with `_`. The rewrite leaves string literals and
 * quoted sheet names alone. The original text is never written back: only values change.
 */
import { FUNCTIONS, fullName } from '../registry';
import { wpsToEngineNames } from '../wps/names';
import { MAX_COL, MAX_ROW, columnNumber } from '../xlsx/a1';

const UDF_TO_NAME = new Map(FUNCTIONS.map((f) => [`_XLDUDF_REUSE_${f.id.replace(/\./g, '_')}`, fullName(f)]));

/** The name Excel stores for a REUSE function: `REUSE.TARIFF.TIERED` → `_xldudf_REUSE_TARIFF_TIERED`. */
export function excelStoredName(name: string): string {
  return `_xldudf_${name.replace(/\./g, '_')}`;
}

/**
 * Tokens the engine needs rewritten: string literals and quoted sheet names (kept), REUSE
 * calls in Excel's stored spellings, `_xlfn.` prefixes, sheet names Excel writes unquoted
 * although they hold non-ASCII letters (`参数!B1`), which HyperFormula only parses quoted, and
 * the bare constants TRUE/FALSE, which HyperFormula knows only as functions (`TRUE()`; a bare
 * name would not even parse inside an array constant such as `{1,TRUE}`).
 */
const TOKEN =
  /("(?:[^"]|"")*")|('(?:[^']|'')*')|((?:\[\d+\]!)?_xldudf_[A-Za-z0-9_]+(?=\s*\())|(_xlfn\.(?:_xlws\.)?)|(?<![A-Za-z0-9_.\u0080-\uffff\]])([A-Za-z0-9_.]*[\u0080-\uffff][A-Za-z0-9_.\u0080-\uffff]*)(?=!)|(?<![A-Za-z0-9_.!\\\u0080-\uffff])(TRUE|FALSE)(?![A-Za-z0-9_.!(\u0080-\uffff])/gi;

/** Names outside strings, quoted sheet names and brackets; not a function (`(`) or a sheet (`!`). */
const NAME_TOKEN =
  /("(?:[^"]|"")*")|('(?:[^']|'')*')|(\[(?:[^[\]]|\[[^\]]*\])*\])|(?<![A-Za-z0-9_.!\\$\u0080-\uffff])([A-Za-z_\\\u0080-\uffff][A-Za-z0-9_.\\\u0080-\uffff]*)(?![A-Za-z0-9_.\\\u0080-\uffff(!])/g;

/**
 * Renames defined names the engine cannot hold (HyperFormula takes only Latin letters: a
 * bureau's `年用水量` becomes an alias). `aliases` maps upper-case names to the engine's.
 */
export function aliasNames(text: string, aliases: ReadonlyMap<string, string>): string {
  if (aliases.size === 0) return text;
  return text.replace(NAME_TOKEN, (m, dq, sq, br, name) => (name ? (aliases.get(String(name).toUpperCase()) ?? m) : m));
}

/**
 * Maps Excel's stored spellings to ones the engine parses. Unknown `_xldudf_` names are left as
 * they are (they evaluate to #NAME?). Defined names in `aliases` are renamed (see aliasNames).
 */
export function toEngineFormula(text: string, aliases?: ReadonlyMap<string, string>): string {
  if (aliases?.size) text = aliasNames(text, aliases);
  // WPS's spelling (`REUSE.TARIFF_TIERED(`, possibly behind `_xludf.`): see wps/names.ts.
  text = wpsToEngineNames(text);
  return text.replace(TOKEN, (m, dq, sq, udf, _xlfn, sheet, logical) => {
    if (dq || sq) return m;
    if (logical) return `${logical.toUpperCase()}()`;
    if (udf) {
      const bare = udf.replace(/^\[\d+\]!/, '');
      return UDF_TO_NAME.get(bare.toUpperCase()) ?? m;
    }
    if (sheet) return `'${sheet}'`;
    return '';
  });
}

/** True when the formula calls a REUSE function in any of its spellings (Excel's and WPS's). */
export function usesReuse(text: string): boolean {
  return /(?:^|[^A-Za-z0-9_.])(?:REUSE\.|_xldudf_REUSE_|_xludf\.REUSE\.)/i.test(text.replace(/"(?:[^"]|"")*"/g, '""'));
}

const REUSE_NAMES = new Map(FUNCTIONS.map((f) => [fullName(f).toUpperCase(), fullName(f)]));

/**
 * Spellings of a REUSE call that Excel does not resolve, and their repair:
 * `[1]!_xldudf_REUSE_X_Y(` (the name corrupted into an external reference) and `REUSE.X.Y(`
 * (typed or saved before the add-in loaded: Excel shows `#NAME?`) both become
 * `_xldudf_REUSE_X_Y(`, the form Excel writes when the add-in is loaded. Only names in the
 * registry are rewritten; string literals, quoted sheet names and bracketed parts stay.
 */
const REPAIR_TOKEN =
  /("(?:[^"]|"")*")|('(?:[^']|'')*')|\[\d+\]!(_xldudf_[A-Za-z0-9_]+)(?=\s*\()|(?<![A-Za-z0-9_.!\]])(REUSE(?:\.[A-Za-z0-9_]+)+)(?=\s*\()/gi;

/** The formula with every repairable REUSE spelling rewritten (the same text if there is none). */
export function repairFormula(text: string): string {
  return text.replace(REPAIR_TOKEN, (m, dq, sq, udf, dotted) => {
    if (dq || sq) return m;
    if (udf) {
      const name = UDF_TO_NAME.get(udf.toUpperCase());
      return name ? excelStoredName(name) : m;
    }
    const name = REUSE_NAMES.get(String(dotted).toUpperCase());
    return name ? excelStoredName(name) : m;
  });
}

/**
 * Cell references (A1, $B$2, C:C, 3:3) outside strings, quoted sheet names and brackets.
 * A ref-like name followed by `(` is a function (LOG10), followed by `!` a sheet name.
 */
const REF_TOKEN =
  /("(?:[^"]|"")*")|('(?:[^']|'')*')|(\[(?:[^[\]]|\[[^\]]*\])*\])|(?<![A-Za-z0-9_.$])(?:(\$?)([A-Z]{1,3})(\$?)(\d{1,7})|(\$?)([A-Z]{1,3}):(\$?)([A-Z]{1,3})|(\$?)(\d{1,7}):(\$?)(\d{1,7}))(?![A-Za-z0-9_(!.])/gi;

/**
 * A formula's shape, independent of where it sits: relative references as offsets from the
 * cell (R1C1 style: `B2*C2` in row 2 and `B3*C3` in row 3 both read `R[0]C[-1]*R[0]C[0]`),
 * absolute ones as they are. Two cells of a filled-down column have the same shape.
 * `row` and `col` are 1-based.
 */
export function formulaShape(text: string, row: number, col: number): string {
  const rel = (abs: string, n: number, at: number, axis: 'R' | 'C') => (abs ? `${axis}${n}` : `${axis}[${n - at}]`);
  return text.replace(REF_TOKEN, (m, dq, sq, br, c$, cl, r$, rn, ca$, ca, cb$, cb, ra$, ra, rb$, rb) => {
    if (dq || sq || br) return m;
    if (cl !== undefined) {
      const c = columnNumber(cl);
      const r = Number(rn);
      if (c > MAX_COL || r < 1 || r > MAX_ROW) return m;
      return rel(r$, r, row, 'R') + rel(c$, c, col, 'C');
    }
    if (ca !== undefined) {
      if (columnNumber(ca) > MAX_COL || columnNumber(cb) > MAX_COL) return m;
      return `${rel(ca$, columnNumber(ca), col, 'C')}:${rel(cb$, columnNumber(cb), col, 'C')}`;
    }
    return `${rel(ra$, Number(ra), row, 'R')}:${rel(rb$, Number(rb), row, 'R')}`;
  });
}

const UDF_TOKEN = /("(?:[^"]|"")*")|('(?:[^']|'')*')|((?:\[\d+\]!)?_xldudf_[A-Za-z0-9_]+(?=\s*\())/gi;

/**
 * A formula as Excel's JavaScript API shows and accepts it with the add-in loaded: every
 * `_xldudf_REUSE_X_Y(` (with or without a `[n]!` prefix) becomes `REUSE.X.Y(`. Unlike
 * toEngineFormula, `_xlfn.` prefixes and everything else stay as they are.
 */
export function toDisplayFormula(text: string): string {
  return text.replace(UDF_TOKEN, (m, dq, sq, udf) => {
    if (dq || sq) return m;
    return (
      UDF_TO_NAME.get(
        String(udf)
          .replace(/^\[\d+\]!/, '')
          .toUpperCase()
      ) ?? m
    );
  });
}

/**
 * The repair of one formula read through Excel's API (text with its leading `=`), or
 * undefined when it needs none. Spellings Excel cannot resolve (`[n]!_xldudf_REUSE_…`,
 * `_xldudf_REUSE_…`) are rewritten to `REUSE.…(`; a bare `REUSE.…(` formula whose value is
 * `#NAME?` (typed or saved before the add-in loaded) is entered again unchanged, which makes
 * Excel resolve it now that the add-in is loaded.
 */
export function repairForExcel(formula: string, valueIsNameError: boolean): string | undefined {
  if (!formula.startsWith('=')) return undefined;
  const body = formula.slice(1);
  const after = `=${toDisplayFormula(repairFormula(body))}`;
  if (after !== formula) return after;
  return valueIsNameError && usesReuse(body) ? formula : undefined;
}
