/**
 * Declaring functions with typed arguments. `param` keeps a shared parameter's name and kind
 * as literal types; `defineFunction` infers the type of every argument `compute` receives from
 * the parameter list (a number, a list, a keyword's canonical values, `undefined` only for an
 * optional parameter without a default), so domain rules take core's types without casts.
 *
 * A description may say `{default}`: it is filled with the declared default (a policy number
 * read from the catalogue), so a description never repeats a number that lives elsewhere.
 *
 * The untyped shape (`FunctionSpec` with `compute: (args: Args) => …`) still works.
 */
import { formatNumber } from '../core/errors';
import { fill } from '../core/i18n';
import type { ArgsOf, FunctionSpec, ParamSpec, ResultShape, TypedFunctionSpec } from './types';

/** A parameter declared once and shared by several functions, its name and kind kept literal. */
export function param<const P extends ParamSpec>(p: P): P {
  return p;
}

/** The declared default as a description shows it (`0.7`, `{0.8,0.95}`, `"bullet"`), or undefined. */
export function defaultValueText(p: ParamSpec): string | undefined {
  if (!('default' in p) || p.default === undefined) return undefined;
  const d: unknown = typeof p.default === 'function' ? (p.default as () => unknown)() : p.default;
  if (Array.isArray(d)) return `{${d.map((x) => (typeof x === 'number' ? formatNumber(x) : String(x))).join(',')}}`;
  return typeof d === 'number' ? formatNumber(d) : typeof d === 'string' ? `"${d}"` : String(d);
}

/** The parameter with `{default}` in its description filled (a new object; shared declarations stay as they are). */
function withDefaultText<S extends ParamSpec>(p: S): S {
  if (!/\{default\}/.test(p.description.en + p.description.zh)) return p;
  const text = defaultValueText(p);
  if (text === undefined) throw new Error(`${p.name}: the description says {default} but the parameter declares none`);
  return {
    ...p,
    description: { en: fill(p.description.en, { default: text }), zh: fill(p.description.zh, { default: text }) },
  };
}

/** A registry entry whose `compute` receives arguments typed from `params` (see the top of this file). */
export function defineFunction<const P extends readonly ParamSpec[], const R extends ResultShape>(
  spec: TypedFunctionSpec<P, R>
): FunctionSpec {
  const compute = spec.compute as (args: ArgsOf<P, R>) => ReturnType<FunctionSpec['compute']>;
  return {
    ...spec,
    params: spec.params.map(withDefaultText),
    // invoke builds the arguments from these same parameters, so the typed view is the real one.
    compute: compute as unknown as FunctionSpec['compute'],
  };
}
