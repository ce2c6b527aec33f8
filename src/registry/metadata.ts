/**
 * Excel's custom-functions metadata (functions.json), derived from the registry so names,
 * parameters and texts live once. The build writes `functions.json` (en-US) and
 * `functions.zh-CN.json`; the manifest points Chinese Excel at the second one.
 *
 * Names stay English in both files (Chinese Excel keeps the contract's names); only the
 * descriptions are translated. Every parameter is typed `any`, so text options, empty cells
 * and error values reach the shared wrapper, which owns every argument check and message.
 */
import { Bilingual, Lang, localized } from '../core/i18n';
import { FUNCTIONS } from './index';
import { spilledParam } from './invoke';
import type { FunctionSpec, ParamSpec } from './types';

export type Dimensionality = 'scalar' | 'matrix';

export interface ParameterMetadata {
  name: string;
  description: string;
  type: 'any';
  dimensionality: Dimensionality;
  optional: boolean;
}

export interface FunctionMetadata {
  id: string;
  name: string;
  description: string;
  helpUrl?: string;
  parameters: ParameterMetadata[];
  result: { dimensionality: Dimensionality };
  options?: Record<string, boolean>;
}

export interface CustomFunctionsMetadata {
  /** Lets error values in `any` arguments reach the function, so an error in one cell of a spilled range stays in its own result cell. */
  allowErrorForDataTypeAny: boolean;
  functions: FunctionMetadata[];
}

/**
 * How Excel hands an argument over: lists, tables and the argument a result spills over
 * arrive as 2-D arrays (a single value as a 1×1 array); everything else as one value.
 */
export function paramDimensionality(spec: FunctionSpec, p: ParamSpec): Dimensionality {
  return p.kind === 'list' || p.kind === 'table' || p === spilledParam(spec) ? 'matrix' : 'scalar';
}

/** Whether Excel must expect a 2-D array back (anything but a plain scalar result). */
export function resultDimensionality(spec: FunctionSpec): Dimensionality {
  return spec.result.kind === 'scalar' ? 'scalar' : 'matrix';
}

const text = (b: Bilingual, lang: Lang): string => localized(b, lang);

/**
 * Chinese display languages and the metadata they get. The add-in has one Chinese text, Simplified
 * (zh-CN); its functions answer any Chinese Office UI in it (`displayLang` in functions/functions.ts:
 * every `zh*` tag → zh-CN). The metadata follows the same rule, so a zh-TW or zh-HK Excel shows the
 * function descriptions and the ribbon in the same language as the functions' messages rather than
 * descriptions in English and messages in Chinese: manifest.xml overrides every zh-CN text, and the
 * metadata URL, for these locales too (Office picks an override by the exact locale tag and otherwise
 * falls back to the DefaultValue, English; test/unit/registry/metadata-locales.test.ts keeps them in step).
 */
export const CHINESE_LOCALES = ['zh-CN', 'zh-TW', 'zh-HK'] as const;

/** The metadata language for an Office display language tag: zh-CN for Chinese, en-US otherwise. */
export function metadataLang(tag: string | undefined): Lang {
  return typeof tag === 'string' && /^zh/i.test(tag) ? 'zh-CN' : 'en-US';
}

export function functionMetadata(spec: FunctionSpec, lang: Lang): FunctionMetadata {
  return {
    id: spec.id,
    // Excel prefixes the manifest's namespace (REUSE); the name is the id in every language.
    name: spec.id,
    description: text(spec.description, lang),
    parameters: spec.params.map((p) => ({
      name: p.name,
      description: text(p.description, lang),
      type: 'any',
      dimensionality: paramDimensionality(spec, p),
      optional: p.optional === true,
    })),
    result: { dimensionality: resultDimensionality(spec) },
  };
}

/** The whole functions.json object for one display language. */
export function customFunctionsMetadata(
  lang: Lang,
  functions: readonly FunctionSpec[] = FUNCTIONS
): CustomFunctionsMetadata {
  return {
    allowErrorForDataTypeAny: true,
    functions: functions.map((f) => functionMetadata(f, lang)),
  };
}
