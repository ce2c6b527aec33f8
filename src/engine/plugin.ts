/**
 * The HyperFormula adapter: registers every registry function as `REUSE.<GROUP>.<NAME>`.
 * It translates HyperFormula's conventions (`EmptyValue`, `SimpleRangeValue`, `CellError`,
 * rich numbers) to the registry's host-neutral values and back, and predicts spill sizes.
 *
 * HyperFormula fixes an array formula's size when it parses the formula, before any cell is
 * computed. Where the size depends on a value (say a bond term in a cell), the plugin records
 * the size it actually produced for that formula's address; `Engine` then feeds those sizes
 * back as hints (`SpillHints`) and re-enters the formula, so spills end up as in Excel.
 */
import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  SimpleRangeValue,
} from 'hyperformula';
import type { FunctionPluginDefinition, ImplementedFunctions } from 'hyperformula';
import { CalcError, ErrorCode, Lang, isCalcError } from '../core/errors';
import { FUNCTIONS, fullName } from '../registry';
import { invoke } from '../registry/invoke';
import type { ArgShape, ArgValue, Cell, FunctionSpec, ResultValue, Size } from '../registry/types';

/** Per-engine state passed through HyperFormula's `context` config option. */
export interface EngineContext {
  lang: Lang;
  hints: SpillHints;
}

export interface CellAddress {
  sheet: number;
  row: number;
  col: number;
}

/**
 * Spill sizes learnt at evaluation time, keyed by call: the formula's address plus the call
 * itself (function and argument syntax), so two array calls nested in one formula
 * (`DSCR(cfads, DEBTSERVICE(…))`) each keep their own size.
 */
export class SpillHints {
  readonly known = new Map<string, Size>();
  /** The formula address of each learnt size. */
  readonly at = new Map<string, CellAddress>();
  /** Calls whose produced size differed from the size HyperFormula reserved. */
  readonly mismatches = new Map<string, { key: string; address: CellAddress; size: Size }>();
  static key(a: CellAddress, call: string): string {
    return `${a.sheet}!${a.row}!${a.col}|${call}`;
  }
}

/**
 * Texts of calls already seen, by their argument list. HyperFormula never changes a parsed
 * formula's tree in place (an edit or a moved reference gives a new tree), so the text of a
 * tree is computed once, not at every evaluation.
 */
const callTexts = new WeakMap<object, string>();

/** A stable text for a call's syntax: its function and its argument trees. */
function callText(id: string, args: unknown[]): string {
  let text = callTexts.get(args);
  if (text === undefined) {
    try {
      text = `${id}(${JSON.stringify(args)})`;
    } catch {
      text = id;
    }
    callTexts.set(args, text);
  }
  return text;
}

const HF_TO_CODE: Record<string, ErrorCode> = {
  [ErrorType.DIV_BY_ZERO]: '#DIV/0!',
  [ErrorType.NA]: '#N/A',
  [ErrorType.NAME]: '#NAME?',
  [ErrorType.NUM]: '#NUM!',
  [ErrorType.REF]: '#REF!',
  [ErrorType.VALUE]: '#VALUE!',
  [ErrorType.SPILL]: '#SPILL!',
};
const CODE_TO_HF: Record<ErrorCode, ErrorType> = {
  '#DIV/0!': ErrorType.DIV_BY_ZERO,
  '#N/A': ErrorType.NA,
  '#NAME?': ErrorType.NAME,
  '#NUM!': ErrorType.NUM,
  '#REF!': ErrorType.REF,
  '#VALUE!': ErrorType.VALUE,
  '#SPILL!': ErrorType.SPILL,
  '#NULL!': ErrorType.ERROR,
  '#CALC!': ErrorType.ERROR,
};

/** One engine value → the registry's cell model. */
function cellFromHf(v: unknown): Cell {
  if (v === EmptyValue || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof CellError) {
    return new CalcError(HF_TO_CODE[v.type] ?? '#VALUE!', 'valueError', { arg: 'input', detail: v.message ?? v.type });
  }
  // Rich numbers (dates, percentages, currency) carry the number in `val`.
  if (v && typeof v === 'object' && typeof (v as { val?: unknown }).val === 'number') return (v as { val: number }).val;
  return String(v);
}

/** What a range argument holds inside HyperFormula (3.5): its range, the graph, data once computed. */
interface RangeInternals {
  _data?: unknown[][];
  range?: {
    start: { sheet: number; row: number; col: number };
    effectiveEndRow(graph: unknown): number;
    effectiveEndColumn(graph: unknown): number;
  };
  dependencyGraph?: { getCellValue(address: { sheet: number; row: number; col: number }): unknown };
}

/** The cells of a range argument, as last read for one argument of a parsed formula. */
interface RangeMemo {
  sheet: number;
  top: number;
  left: number;
  bottom: number;
  right: number;
  /** HyperFormula's values, row by row, as they were read. */
  raw: unknown[];
  /** What they gave, frozen: `invoke` reads a frozen list once (src/registry/invoke.ts). */
  matrix: Cell[][];
  /** Whether a later call found the cells unchanged (a range that moves never is). */
  reused: boolean;
}

/** An argument whose range moves from call to call (a relative range filled down) is not memoised. */
const MOVING = 'moving';
/** Ranges larger than this are read afresh at every call rather than held in a memo. */
const MEMO_CELLS = 4096;
/** By argument tree. HyperFormula shares one tree among the cells of a filled-down formula. */
const rangeMemos = new WeakMap<object, RangeMemo | typeof MOVING>();

/**
 * A range argument's cells, read from the graph straight into the registry's model (bench (j)):
 * `rawData()` first builds HyperFormula's own copy (an address object per cell and an array per
 * row) that is then mapped again, at every call of every REUSE formula reading a range.
 *
 * With `tree` (the argument's parsed tree), the result is memoised for the next call of the same
 * tree: when the range and every cell in it are the same (`Object.is`) as at the last call, that
 * call's frozen matrix is returned, and `invoke` returns the list it read from it. So 100 000 rows
 * reading one tariff range convert and check it once per recalculation, not 100 000 times. A tree
 * whose range moves between its first two calls (a relative range filled down) is not memoised.
 *
 * A range without those internals (an array literal, another HyperFormula version), one already
 * computed, or one with a cell holding an array (rawData turns it into #VALUE!) goes through
 * `rawData()`.
 */
function rangeFromHf(v: SimpleRangeValue, tree?: object): Cell[][] {
  const inner = v as unknown as RangeInternals;
  const { range, dependencyGraph: graph } = inner;
  if (inner._data === undefined && range && graph) {
    const { sheet, row: top, col: left } = range.start;
    const bottom = range.effectiveEndRow(graph);
    const right = range.effectiveEndColumn(graph);
    const height = Math.max(0, bottom - top + 1);
    const width = Math.max(0, right - left + 1);
    const probe = { sheet, row: top, col: left }; // the graph reads its fields and keeps nothing
    let memo = tree === undefined || height * width > MEMO_CELLS ? MOVING : rangeMemos.get(tree);
    if (memo !== undefined && memo !== MOVING) {
      if (
        memo.sheet === sheet &&
        memo.top === top &&
        memo.left === left &&
        memo.bottom === bottom &&
        memo.right === right
      ) {
        if (sameCells(graph, probe, memo)) {
          memo.reused = true;
          return memo.matrix;
        }
      } else if (!memo.reused) {
        rangeMemos.set(tree!, (memo = MOVING));
      }
    }
    const out: Cell[][] = new Array(height);
    const raw: unknown[] | undefined = memo === MOVING ? undefined : new Array(height * width);
    let nested = false;
    for (let r = top, k = 0; r <= bottom && !nested; r++) {
      const line: Cell[] = new Array(width);
      probe.row = r;
      for (let c = left; c <= right; c++, k++) {
        probe.col = c;
        const x = graph.getCellValue(probe);
        if (x instanceof SimpleRangeValue) {
          nested = true;
          break;
        }
        if (raw) raw[k] = x;
        line[c - left] = cellFromHf(x);
      }
      out[r - top] = line;
    }
    if (!nested) {
      if (raw) {
        for (const line of out) Object.freeze(line);
        rangeMemos.set(tree!, {
          sheet,
          top,
          left,
          bottom,
          right,
          raw,
          matrix: Object.freeze(out) as Cell[][],
          reused: false,
        });
      }
      return out;
    }
  }
  return v.rawData().map((row) => row.map(cellFromHf));
}

/** Whether every cell of the memo's range still holds what it held when the memo was made. */
function sameCells(
  graph: NonNullable<RangeInternals['dependencyGraph']>,
  probe: CellAddress,
  memo: RangeMemo
): boolean {
  const { raw } = memo;
  for (let r = memo.top, k = 0; r <= memo.bottom; r++) {
    probe.row = r;
    for (let c = memo.left; c <= memo.right; c++, k++) {
      probe.col = c;
      if (!Object.is(graph.getCellValue(probe), raw[k])) return false;
    }
  }
  return true;
}

/** An argument's value in the registry's model; `tree` (its parsed tree) lets a range be memoised. */
export function argFromHf(v: unknown, tree?: object): ArgValue {
  if (v === undefined) return undefined;
  if (v instanceof SimpleRangeValue) return rangeFromHf(v, tree);
  return cellFromHf(v);
}

export function errorToHf(e: CalcError, lang: Lang): CellError {
  return new CellError(CODE_TO_HF[e.code] ?? ErrorType.VALUE, e.text(lang));
}

function resultToHf(r: ResultValue, lang: Lang): unknown {
  if (isCalcError(r)) return errorToHf(r, lang);
  if (!Array.isArray(r)) return r;
  return SimpleRangeValue.onlyValues(
    r.map((row) => row.map((c) => (isCalcError(c) ? errorToHf(c, lang) : (c ?? '')))) as never
  );
}

/** Required arguments of each function (the registry's specs do not change). */
const requiredCounts = new Map<FunctionSpec, number>();
function requiredCount(f: FunctionSpec): number {
  let n = requiredCounts.get(f);
  if (n === undefined) requiredCounts.set(f, (n = f.params.filter((p) => !p.optional).length));
  return n;
}
const arityOk = (f: FunctionSpec, n: number) => n >= requiredCount(f) && n <= f.params.length;

const methodName = (f: FunctionSpec) => `reuse_${f.id.replace(/\./g, '_')}`;
const sizeMethodName = (f: FunctionSpec) => `${methodName(f)}_size`;

interface Ast {
  type: string;
  value?: unknown;
}

/** The value of a literal argument (number, text) so size rules can use it. */
function literalOf(ast: Ast): ArgShape['literal'] {
  if (ast.type === 'NUMBER') return ast.value as number;
  if (ast.type === 'STRING') return ast.value as string;
  return undefined;
}

/**
 * Builds the plugin class from the registry. Each function gets an evaluation method and, if
 * it can return an array, a size method.
 */
export function buildReusePlugin(): FunctionPluginDefinition {
  const implemented: ImplementedFunctions = {};

  class ReusePlugin extends FunctionPlugin {
    static implementedFunctions = implemented;

    ctx(): EngineContext {
      return this.config.context as EngineContext;
    }

    /** Size predicted from the formula's shape, or the size learnt at an earlier evaluation. */
    predictSize(
      spec: FunctionSpec,
      ast: { args: Ast[] },
      state: { formulaAddress: { sheet: number; row: number; col: number } }
    ): Size {
      // The key serialises the call's argument trees, so build it only once some size has been learnt.
      const known = this.ctx()?.hints.known;
      const hint = known?.size
        ? known.get(SpillHints.key(state.formulaAddress, callText(spec.id, ast.args)))
        : undefined;
      if (hint) return hint;
      const r = spec.result;
      // A call with the wrong number of arguments is one #N/A cell, not a spill.
      if (r.kind === 'scalar' || !arityOk(spec, ast.args.length)) return { rows: 1, cols: 1 };
      const argSize = (i: number): ArgShape | undefined => {
        const a = ast.args[i];
        if (!a || a.type === 'EMPTY') return undefined;
        const s = this.arraySizeForAst(a as never, state as never);
        return { rows: s.height, cols: s.width, literal: literalOf(a) };
      };
      if (r.kind === 'elementwise' || r.kind === 'rows') {
        const s = argSize(spec.params.findIndex((p) => p.name === r.over));
        if (!s) return { rows: 1, cols: 1 };
        return r.kind === 'rows' ? { rows: s.rows, cols: 1 } : { rows: s.rows, cols: s.cols };
      }
      return r.size(spec.params.map((_, i) => argSize(i))) ?? { rows: 1, cols: 1 };
    }
  }

  for (const spec of FUNCTIONS) {
    const name = fullName(spec);
    const returnsArray = spec.result.kind !== 'scalar';
    implemented[name] = {
      method: methodName(spec),
      parameters: spec.params.map(() => ({ argumentType: FunctionArgumentType.ANY, optionalArg: true })),
      vectorizationForbidden: true,
      ...(returnsArray ? { sizeOfResultArrayMethod: sizeMethodName(spec) } : {}),
    };
    const required = requiredCount(spec);
    const proto = ReusePlugin.prototype as unknown as Record<string, unknown>;

    proto[methodName(spec)] = function (this: ReusePlugin, ast: { args: Ast[] }, state: any) {
      const ctx = this.ctx();
      const lang = ctx?.lang ?? 'en-US';
      if (!arityOk(spec, ast.args.length)) {
        return new CellError(
          ErrorType.NA,
          `${name}: takes ${required === spec.params.length ? required : `${required} to ${spec.params.length}`} arguments (got ${ast.args.length})`
        );
      }
      // What HyperFormula's runFunction does for these parameters (all ANY and optional, no
      // vectorisation): evaluate every argument, then an error argument is the result, else call
      // the function. Done here without its general per-call arrays and checks, since every REUSE
      // call in a recalculation takes this path.
      const values: unknown[] = new Array(ast.args.length);
      let error: CellError | undefined;
      for (let i = 0; i < ast.args.length; i++) {
        const v = this.evaluateAst(ast.args[i] as never, state);
        if (error === undefined && v instanceof CellError) error = v;
        values[i] = v;
      }
      let value: unknown = error;
      if (error === undefined) {
        const args: ArgValue[] = new Array(spec.params.length);
        for (let i = 0; i < values.length; i++) args[i] = argFromHf(values[i], ast.args[i]);
        value = resultToHf(invoke(spec, args), lang);
      }
      if (returnsArray && ctx) {
        const produced: Size =
          value instanceof SimpleRangeValue ? { rows: value.height(), cols: value.width() } : { rows: 1, cols: 1 };
        const reserved = this.predictSize(spec, ast, state);
        if (produced.rows !== reserved.rows || produced.cols !== reserved.cols) {
          const key = SpillHints.key(state.formulaAddress, callText(spec.id, ast.args));
          ctx.hints.mismatches.set(key, { key, address: { ...state.formulaAddress }, size: produced });
        }
      }
      return value;
    };
    if (returnsArray) {
      proto[sizeMethodName(spec)] = function (this: ReusePlugin, ast: { args: Ast[] }, state: any) {
        const s = this.predictSize(spec, ast, state);
        return new ArraySize(s.cols, s.rows);
      };
    }
  }
  return ReusePlugin as unknown as FunctionPluginDefinition;
}
