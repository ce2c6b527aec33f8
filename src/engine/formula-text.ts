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

const UDF_TO_NAME = new Map(FUNCTIONS.map((f) => [`_XLDUDF_REUSE_${f.id.replace(/\./g, '_')}`, fullName(f)]));

/** The name Excel stores for a REUSE function: `REUSE.TARIFF.TIERED` → `_xldudf_REUSE_TARIFF_TIERED`. */
export function excelStoredName(name: string): string {
  return `_xldudf_${name.replace(/\./g, '_')}`;
}

const TOKEN = /("(?:[^"]|"")*")|('(?:[^']|'')*')|((?:\[\d+\]!)?_xldudf_[A-Za-z0-9_]+(?=\s*\())|(_xlfn\.(?:_xlws\.)?)/gi;

/** Maps Excel's stored spellings to names the engine knows. Unknown `_xldudf_` names are left as they are (they evaluate to #NAME?). */
export function toEngineFormula(text: string): string {
  return text.replace(TOKEN, (m, dq, sq, udf) => {
    if (dq || sq) return m;
    if (udf) {
      const bare = udf.replace(/^\[\d+\]!/, '');
      return UDF_TO_NAME.get(bare.toUpperCase()) ?? m;
    }
    return '';
  });
}

/** True when the formula calls a REUSE function in any of its spellings. */
export function usesReuse(text: string): boolean {
  return /(?:^|[^A-Za-z0-9_.])(?:REUSE\.|_xldudf_REUSE_)/i.test(text.replace(/"(?:[^"]|"")*"/g, '""'));
}
