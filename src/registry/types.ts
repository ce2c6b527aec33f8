/**
 * The registry's vocabulary: host-neutral cell values and the declarative description of a
 * function (name, parameters with type, unit, default and bounds, result shape, texts in
 * en-US and zh-CN, worked examples). Hosts convert their own values to these types.
 */
import type { CalcError } from '../core/errors';
import type { Bilingual } from '../core/i18n';

/** A cell's content as every host sees it: `null` is an empty cell. */
export type Scalar = number | string | boolean | null;
export type Cell = Scalar | CalcError;
export type Matrix = Cell[][];
/** An argument as a host passes it; `undefined` means omitted. */
export type ArgValue = Cell | Matrix | undefined;
/** What a function returns: one value, or a 2-D array that spills. */
export type ResultValue = number | string | boolean | CalcError | Matrix;

export type { Bilingual } from '../core/i18n';

interface ParamBase {
  /** The contract's parameter name (snake_case, English). */
  name: string;
  description: Bilingual;
  /** Unit shown in docs and tooltips, e.g. "m³", "yuan/m³", "share". */
  unit?: string;
  optional?: boolean;
  /** The default as the docs show it, where the domain rule applies it itself (e.g. only when another argument is given). */
  defaultLabel?: string;
}

export interface NumberBounds {
  /** value ≥ min */
  min?: number;
  /** value > greater */
  greater?: number;
  /** value ≤ max */
  max?: number;
  /** value < less */
  less?: number;
  integer?: boolean;
}

/** A single number. If the result is `elementwise` over it, a range may be passed and the result takes its shape. */
export interface NumberParam extends ParamBase, NumberBounds {
  kind: 'number';
  default?: number | (() => number);
  /** The only values allowed (checked after the bounds); the argument's type is their union (`1 | 2`). */
  oneOf?: readonly number[];
}

/** A list of numbers: a row, a column or an array constant. Trailing empty cells are ignored. */
export interface ListParam extends ParamBase {
  kind: 'list';
  /** A list, or the canonical value of one of `keywords`. */
  default?: readonly number[] | string | (() => readonly number[]);
  minLength?: number;
  /** Bounds for every item. */
  items?: NumberBounds;
  ascending?: boolean;
  /** Items must sum to 1 within 1e-9. */
  sumsToOne?: boolean;
  /** Whole 2-D ranges are read row by row (e.g. a block of household volumes). */
  anyShape?: boolean;
  /** Text a single cell may hold instead of a list: canonical value → accepted spellings (e.g. "bullet"/"到期一次还本"). */
  keywords?: Record<string, readonly string[]>;
}

/** A table of numbers, one row per record (discharger), one column per field (pollutant); a `rows` result spills one value per row. */
export interface TableParam extends ParamBase {
  kind: 'table';
  items?: NumberBounds;
}

/** A text option with English and Chinese keywords, any case. */
export interface KeywordParam extends ParamBase {
  kind: 'keyword';
  /** canonical value → accepted spellings (the canonical English one first). */
  options: Record<string, readonly string[]>;
  default?: string;
}

export interface TextParam extends ParamBase {
  kind: 'text';
  default?: string;
}

export type ParamSpec = NumberParam | ListParam | TableParam | KeywordParam | TextParam;

/** Shape of an argument as a host can see it before evaluation (for spill-size prediction). */
export interface ArgShape {
  rows: number;
  cols: number;
  /** The value, when the argument is a literal in the formula. */
  literal?: Scalar;
}

export interface Size {
  rows: number;
  cols: number;
}

export type ResultShape =
  | { kind: 'scalar' }
  /** One value per cell of the named `spill` number parameter. */
  | { kind: 'elementwise'; over: string }
  /** One value per row of the named `table` parameter (a column). */
  | { kind: 'rows'; over: string }
  /** A 2-D array whose size depends on the arguments; `size` returns undefined when it cannot tell before evaluation. */
  | { kind: 'array'; size: (args: (ArgShape | undefined)[]) => Size | undefined };

/** A documented worked example, re-run as a test. */
export interface Example {
  formula: string;
  /** Expected value: a number, text, or a 2-D array. */
  expected: number | string | (number | string)[][];
  /** Where the expected value comes from (a published example, the contract, a hand calculation). */
  source: string;
  /** Relative tolerance (default 1e-9). */
  tolerance?: number;
}

/** Arguments as `compute` receives them, untyped. Prefer `defineFunction`, which types them from the parameters. */
export type Args = Record<string, any>;

export interface FunctionSpec {
  /** Id in functions.json: `<GROUP>.<NAME>`; the full name is `REUSE.<id>`. */
  id: string;
  description: Bilingual;
  /** Formula and edge cases, for the reference docs. */
  formula: string;
  params: ParamSpec[];
  result: ResultShape;
  /**
   * The domain rule, on validated arguments (keyed by parameter name). For an elementwise
   * spill it is called once per element, with the spilled argument as a number.
   */
  compute: (args: Args) => number | string | CalcError | Matrix;
  examples: Example[];
  /** Policy source (document and clause) shown in the docs. */
  source?: string;
}

// ---------------------------------------------------------------------------------------
// Typed declarations
// ---------------------------------------------------------------------------------------

/** The value `invoke` passes for one parameter (`spilledTable`: a `rows` result's table, passed one row at a time). */
type ValueOf<S, SpilledTable extends boolean> = S extends { kind: 'number'; oneOf: readonly (infer V)[] }
  ? V
  : S extends { kind: 'number' }
    ? number
    : S extends { kind: 'list'; keywords: infer K }
      ? (keyof K & string) | readonly number[]
      : S extends { kind: 'list' }
        ? readonly number[]
        : S extends { kind: 'table' }
          ? SpilledTable extends true
            ? number[]
            : (number[] | null)[]
          : S extends { kind: 'keyword'; options: infer O }
            ? keyof O & string
            : string;

/** Omitted → `undefined` only for an optional parameter without a default. */
type Omitted<S> = S extends { default: unknown } ? never : S extends { optional: true } ? undefined : never;

/** The arguments of `compute`, keyed by parameter name, typed from the parameter list. */
export type ArgsOf<P extends readonly ParamSpec[], R extends ResultShape = ResultShape> = {
  [S in P[number] as S['name']]: ValueOf<S, R extends { kind: 'rows'; over: S['name'] } ? true : false> | Omitted<S>;
};

/** A function declaration whose `compute` sees typed arguments. */
export interface TypedFunctionSpec<P extends readonly ParamSpec[], R extends ResultShape> extends Omit<
  FunctionSpec,
  'params' | 'result' | 'compute'
> {
  params: P;
  result: R;
  compute: (args: ArgsOf<P, R>) => number | string | CalcError | Matrix;
}
