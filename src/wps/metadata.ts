/**
 * WPS's custom-functions metadata (functions.json), derived from the registry like Excel's
 * (registry/metadata.ts). The format is the one WPS's own scanner writes (wpsjs 2.2.3,
 * `src/vite_plugins.js`, `generateFunctionsJson`):
 *
 *   { "functions": [ { "name", "parameters": [ { "name", "description", "type" } ],
 *                      "description", "result": { "type" } } ] }
 *
 * with types `number`, `string`, `bool`, `any`, two-dimensional arrays as `any[][]`, and `?`
 * after the type of an optional parameter. test/unit/wps/scanner.test.ts runs that scanner over
 * a JSDoc rendering of the registry and requires the same object.
 *
 * As in Excel, every parameter is `any` (a 2-D `any[][]` where Excel's is a matrix): the shared
 * wrapper (registry/invoke.ts) owns every argument check and message, so a text option, an
 * empty cell or an error value reaches it instead of being refused by the host with no message.
 * Descriptions are Chinese (WPS users read Chinese); `customFunctionsMetadata('en-US')` gives
 * the English texts for a build that wants them.
 */
import type { Lang } from '../core/errors';
import { FUNCTIONS } from '../registry';
import { paramDimensionality, resultDimensionality } from '../registry/metadata';
import type { FunctionSpec } from '../registry/types';
import { wpsFunctionName } from './names';

/** A type as WPS's scanner writes it: `any`, `any[][]`, and `?` for optional. */
export type WpsType = 'any' | 'any?' | 'any[][]' | 'any[][]?';

export interface WpsParameterMetadata {
  name: string;
  description: string;
  type: WpsType;
}

export interface WpsFunctionMetadata {
  name: string;
  parameters: WpsParameterMetadata[];
  description: string;
  result: { type: 'any' | 'any[][]' };
}

export interface WpsFunctionsJson {
  functions: WpsFunctionMetadata[];
}

const text = (b: { en: string; zh: string }, lang: Lang): string => (lang === 'zh-CN' ? b.zh : b.en);

export function wpsFunctionMetadata(spec: FunctionSpec, lang: Lang): WpsFunctionMetadata {
  return {
    name: wpsFunctionName(spec),
    parameters: spec.params.map((p) => ({
      name: p.name,
      description: text(p.description, lang),
      type: `${paramDimensionality(spec, p) === 'matrix' ? 'any[][]' : 'any'}${p.optional ? '?' : ''}` as WpsType,
    })),
    description: text(spec.description, lang),
    result: { type: resultDimensionality(spec) === 'matrix' ? 'any[][]' : 'any' },
  };
}

/**
 * The whole functions.json for WPS. Named like Excel's builder so the build's metadata plugin
 * (build/emit-metadata-plugin.js) writes it the same way; WPS gets the zh-CN texts.
 */
export function customFunctionsMetadata(
  lang: Lang = 'zh-CN',
  functions: readonly FunctionSpec[] = FUNCTIONS
): WpsFunctionsJson {
  return { functions: functions.map((f) => wpsFunctionMetadata(f, lang)) };
}
