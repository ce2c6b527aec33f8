/**
 * The one shared wrapper: turns a function's declared parameters into argument checks with
 * precise messages, applies defaults (hosts pass `undefined` for an omitted argument),
 * passes input errors through, vectorises spills, and calls the domain rule.
 * Hosts call `invoke`; nothing here knows about Excel or HyperFormula.
 */
import { CalcError, describe, formatNumber, isCalcError, valueError } from '../core/errors';
import type {
  ArgValue,
  Args,
  Cell,
  FunctionSpec,
  KeywordParam,
  ListParam,
  Matrix,
  NumberBounds,
  NumberParam,
  ParamSpec,
  ResultValue,
  TableParam,
  TextParam,
} from './types';

/** Upper bound on cells a list or table argument may hold (a whole-column reference is 1 048 576). */
export const MAX_ARG_CELLS = 2_000_000;

const isMatrix = (v: ArgValue): v is Matrix => Array.isArray(v);

/** A 1×1 range counts as a single value; "" (an empty cell as some hosts pass it, or a formula's "") counts as empty. */
const RANGE = Symbol('range');

function asScalar(v: ArgValue): Cell | undefined | typeof RANGE {
  const c = !isMatrix(v) ? v : v.length === 1 && v[0].length === 1 ? v[0][0] : RANGE;
  return c === '' ? null : c;
}

function checkBounds(arg: string, x: number, b: NumberBounds, item?: number): CalcError | undefined {
  if (b.integer && !Number.isInteger(x)) return valueError('integer', { arg, got: formatNumber(x) });
  const failed =
    b.min !== undefined && !(x >= b.min)
      ? 'min'
      : b.greater !== undefined && !(x > b.greater)
        ? 'greater'
        : b.max !== undefined && !(x <= b.max)
          ? 'max'
          : b.less !== undefined && !(x < b.less)
            ? 'less'
            : undefined;
  // Valid numbers (the hot path) stop here: the message parts below are built only for an error.
  if (failed === undefined) return undefined;
  const got = formatNumber(x);
  const bound = b[failed]!;
  const limit: Record<string, number> = failed === 'min' || failed === 'greater' ? { min: bound } : { max: bound };
  // Item-level messages name the list position; scalar ones do not.
  if (item === undefined) return valueError(failed, { arg, ...limit, got });
  const ids = { min: 'itemMin', greater: 'itemGreater', max: 'itemMax', less: 'itemLess' } as const;
  return valueError(ids[failed], { arg, i: item, ...limit, got });
}

/** Checks one number (or one element of a spilled argument). */
export function checkNumber(p: NumberParam, v: Cell): number | CalcError {
  if (isCalcError(v)) return v;
  if (typeof v !== 'number' || !Number.isFinite(v)) return valueError('notNumber', { arg: p.name, got: describe(v) });
  const e = checkBounds(p.name, v, p);
  if (e) return e;
  if (p.oneOf && !p.oneOf.includes(v))
    return valueError('oneOf', { arg: p.name, options: p.oneOf.map(formatNumber).join(', '), got: formatNumber(v) });
  return v;
}

function resolveDefault<T>(d: T | (() => T)): T {
  return typeof d === 'function' ? (d as () => T)() : d;
}

function readNumber(p: NumberParam, v: ArgValue): number | undefined | CalcError {
  const s = asScalar(v);
  if (s === RANGE) return valueError('notScalar', { arg: p.name });
  if (s === undefined || s === null) {
    if (p.default !== undefined) return resolveDefault(p.default);
    return p.optional ? undefined : valueError('required', { arg: p.name });
  }
  return checkNumber(p, s);
}

/** Flattens a row or column (or any block, row by row, with `anyShape`), trimming trailing empty cells. */
function flattenList(p: ListParam, v: Matrix): Cell[] | CalcError {
  const rows = v.length;
  const cols = rows ? v[0].length : 0;
  if (rows * cols > MAX_ARG_CELLS)
    return valueError('tooManyCells', { arg: p.name, got: rows * cols, max: MAX_ARG_CELLS });
  if (rows > 1 && cols > 1 && !p.anyShape) return valueError('notList', { arg: p.name });
  // Row by row, without trailing empty cells (a plain loop: Array.prototype.flat is slow on this hot path).
  let last = -1;
  for (let i = 0, k = 0; i < rows; i++) {
    const row = v[i];
    for (let j = 0; j < row.length; j++, k++) if (row[j] !== null && row[j] !== '') last = k;
  }
  const flat: Cell[] = new Array(last + 1);
  for (let i = 0, k = 0; i < rows && k <= last; i++) {
    const row = v[i];
    for (let j = 0; j < row.length && k <= last; j++, k++) flat[k] = row[j];
  }
  return flat;
}

function readList(p: ListParam, v: ArgValue): readonly number[] | string | undefined | CalcError {
  if (v === undefined || v === null || v === '') {
    if (p.default !== undefined) return resolveDefault(p.default);
    return p.optional ? undefined : valueError('required', { arg: p.name });
  }
  const one = asScalar(v);
  if (p.keywords && typeof one === 'string') {
    return readKeyword({ kind: 'keyword', name: p.name, options: p.keywords, description: p.description }, one);
  }
  const cells = isMatrix(v) ? flattenList(p, v) : [v];
  if (isCalcError(cells)) return cells;
  const out: number[] = new Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (isCalcError(c)) return c;
    if (c === null || c === '') return valueError('listGap', { arg: p.name, i: i + 1 });
    if (typeof c !== 'number' || !Number.isFinite(c))
      return valueError('listItemNotNumber', { arg: p.name, i: i + 1, got: describe(c) });
    if (p.items) {
      const e = checkBounds(p.name, c, p.items, i + 1);
      if (e) return e;
    }
    if (p.ascending && i > 0 && !(c > out[i - 1]))
      return valueError('ascending', { arg: p.name, i: i + 1, got: formatNumber(c), prev: formatNumber(out[i - 1]) });
    out[i] = c;
  }
  const minLength = p.minLength ?? 0;
  if (out.length < minLength) return valueError('listTooShort', { arg: p.name, min: minLength, got: out.length });
  if (p.sumsToOne) {
    const sum = out.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-9) return valueError('sumToOne', { arg: p.name, got: formatNumber(sum) });
  }
  return out;
}

/** Reads a table; fully empty trailing rows are dropped (their results are ""), other gaps are errors. */
function readTable(p: TableParam, v: ArgValue): (number[] | null)[] | CalcError {
  if (v === undefined || v === null) return valueError('required', { arg: p.name });
  const m: Matrix = isMatrix(v) ? v : [[v]];
  if (m.length * (m[0]?.length ?? 0) > MAX_ARG_CELLS)
    return valueError('tooManyCells', { arg: p.name, got: m.length * m[0].length, max: MAX_ARG_CELLS });
  const rows: (number[] | null)[] = [];
  for (let r = 0; r < m.length; r++) {
    const row = m[r];
    if (row.every((c) => c === null || c === '')) {
      rows.push(null);
      continue;
    }
    const nums: number[] = [];
    for (let c = 0; c < row.length; c++) {
      const x = row[c];
      if (isCalcError(x)) return x;
      if (x === null || x === '') return valueError('tableGap', { arg: p.name, row: r + 1, col: c + 1 });
      if (typeof x !== 'number' || !Number.isFinite(x))
        return valueError('tableItemNotNumber', { arg: p.name, row: r + 1, col: c + 1, got: describe(x) });
      if (p.items) {
        const e = checkBounds(p.name, x, p.items, r * row.length + c + 1);
        if (e) return e;
      }
      nums.push(x);
    }
    rows.push(nums);
  }
  return rows;
}

/** Canonical value of a keyword, or an error listing the accepted spellings. */
export function readKeyword(p: KeywordParam, v: ArgValue): string | undefined | CalcError {
  const s = asScalar(v);
  if (s === RANGE) return valueError('notScalar', { arg: p.name });
  if (isCalcError(s)) return s;
  if (s === undefined || s === null || s === '')
    return p.default ?? (p.optional ? undefined : valueError('required', { arg: p.name }));
  const want = String(s).trim().toLowerCase();
  for (const [canonical, spellings] of Object.entries(p.options)) {
    if (spellings.some((k) => k.toLowerCase() === want)) return canonical;
  }
  const options = Object.values(p.options)
    .map((sp) => sp.map((k) => `"${k}"`).join('/'))
    .join(', ');
  return valueError('keyword', { arg: p.name, got: String(s), options });
}

function readText(p: TextParam, v: ArgValue): string | undefined | CalcError {
  const s = asScalar(v);
  if (s === RANGE) return valueError('notScalar', { arg: p.name });
  if (isCalcError(s)) return s;
  if (s === undefined || s === null)
    return p.default ?? (p.optional ? undefined : valueError('required', { arg: p.name }));
  if (typeof s !== 'string') return valueError('notText', { arg: p.name, got: describe(s) });
  return s;
}

/** Reads one non-spilled argument into its typed form. */
function readArg(p: ParamSpec, v: ArgValue): unknown {
  switch (p.kind) {
    case 'number':
      return readNumber(p, v);
    case 'list':
      return readList(p, v);
    case 'table':
      return readTable(p, v);
    case 'keyword':
      return readKeyword(p, v);
    case 'text':
      return readText(p, v);
  }
}

function callOnce(spec: FunctionSpec, args: Args): ResultValue {
  try {
    return spec.compute(args);
  } catch (e) {
    // A domain rule must return errors as values; anything thrown is a bug, reported not swallowed.
    return valueError('valueError', { arg: spec.id, detail: `internal error: ${(e as Error).message}` });
  }
}

/** A 1-cell result of a per-element call: a matrix result there would be a bug. */
function asCell(r: ResultValue): Cell {
  return Array.isArray(r) ? valueError('valueError', { arg: 'result', detail: 'nested array' }) : r;
}

/** The parameter a function spills over (elementwise or by rows), if any. */
export function spilledParam(spec: FunctionSpec): NumberParam | TableParam | undefined {
  const r = spec.result;
  if (r.kind !== 'elementwise' && r.kind !== 'rows') return undefined;
  const p = spec.params.find((q) => q.name === r.over);
  if (!p || (r.kind === 'elementwise' ? p.kind !== 'number' : p.kind !== 'table')) {
    throw new Error(
      `${spec.id}: result spills over "${r.over}", which is not a ${r.kind === 'rows' ? 'table' : 'number'} parameter`
    );
  }
  return p as NumberParam | TableParam;
}

/**
 * What `invoke` works out once per function (specs never change): the spilled parameter and
 * its position, and for each list parameter the last frozen range it read with what that gave.
 */
interface Plan {
  spill: NumberParam | TableParam | undefined;
  at: number;
  /** By parameter position: the last frozen matrix a list parameter read, and the result. */
  lists: ({ matrix: Matrix; value: unknown } | undefined)[];
}
const plans = new WeakMap<FunctionSpec, Plan>();

function planOf(spec: FunctionSpec): Plan {
  let plan = plans.get(spec);
  if (plan === undefined) {
    const spill = spilledParam(spec);
    plan = { spill, at: spill ? spec.params.indexOf(spill) : -1, lists: new Array(spec.params.length) };
    plans.set(spec, plan);
  }
  return plan;
}

/**
 * Under Jest (NODE_ENV=test) a list read once and handed to many calls is frozen, so a domain rule
 * that changed its argument would fail every test that reads a range. Outside tests it is not:
 * V8 optimises each rule for the arrays it sees, and frozen ones beside plain ones made the core
 * `tieredBill` five times slower wherever it also ran on plain arrays (bench (c) after (a)).
 */
const FREEZE_SHARED_LISTS = typeof process !== 'undefined' && process.env?.NODE_ENV === 'test';

/**
 * A list argument, read once per frozen matrix. A host that passes the same frozen matrix again
 * (the HyperFormula plugin does, for a range whose cells have not changed since the last call:
 * 100 000 rows reading one tariff) gets the list it gave last time, not a new one checked again.
 * Frozen means nobody can have changed the matrix. The list is shared by those calls: domain rules
 * never change their arguments (checked under test, FREEZE_SHARED_LISTS).
 */
function readListOnce(plan: Plan, i: number, p: ListParam, v: ArgValue): unknown {
  if (!isMatrix(v) || !Object.isFrozen(v)) return readList(p, v);
  const memo = plan.lists[i];
  if (memo !== undefined && memo.matrix === v) return memo.value;
  const value = readList(p, v);
  if (FREEZE_SHARED_LISTS && Array.isArray(value)) Object.freeze(value);
  plan.lists[i] = { matrix: v, value };
  return value;
}

/**
 * Evaluates a registered function on host-neutral arguments. Never throws; never returns
 * NaN or ±Infinity (a non-finite number becomes `#NUM!`). Matrices are read, never changed.
 */
export function invoke(spec: FunctionSpec, raw: readonly ArgValue[]): ResultValue {
  const plan = planOf(spec);
  const spillParam = plan.spill;
  const args: Args = {};
  const params = spec.params;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === spillParam) continue;
    const v = p.kind === 'list' ? readListOnce(plan, i, p, raw[i]) : readArg(p, raw[i]);
    if (isCalcError(v)) return v;
    args[p.name] = v;
  }
  if (!spillParam) return finite(callOnce(spec, args));

  const input = raw[plan.at];
  if (spillParam.kind === 'table') {
    const rows = readTable(spillParam, input);
    if (isCalcError(rows)) return rows;
    if (rows.length === 1 && rows[0]) return finite(callOnce(spec, { ...args, [spillParam.name]: rows[0] }));
    return rows.map((row) => [row ? finiteCell(asCell(callOnce(spec, { ...args, [spillParam.name]: row }))) : '']);
  }

  // One value (the common case: a formula per row) or a 1×1 range: one call, no spill.
  const single = !isMatrix(input) ? input : input.length === 1 && input[0].length === 1 ? input[0][0] : RANGE;
  if (single !== RANGE) {
    if (
      (single === undefined || single === null || single === '') &&
      spillParam.default === undefined &&
      !spillParam.optional
    )
      return valueError('required', { arg: spillParam.name });
    return element(spec, spillParam, args, single ?? null);
  }
  return (input as Matrix).map((row) => row.map((cell) => element(spec, spillParam, args, cell)));
}

/** The function at one element of its spilled argument (`args` holds the other arguments). */
function element(spec: FunctionSpec, p: NumberParam, args: Args, cell: Cell): Exclude<Cell, null> {
  const c = cell === '' ? null : cell;
  if (c === null && p.default === undefined) return '';
  const x = c === null ? resolveDefault(p.default!) : checkNumber(p, c);
  if (isCalcError(x)) return x;
  args[p.name] = x;
  return finiteCell(asCell(callOnce(spec, args)));
}

function finiteCell(c: Cell): Exclude<Cell, null> {
  if (c === null) return '';
  return typeof c === 'number' && !Number.isFinite(c)
    ? new CalcError('#NUM!', 'valueError', { arg: 'result', detail: 'not a finite number' })
    : c;
}

function finite(r: ResultValue): ResultValue {
  return Array.isArray(r) ? r.map((row) => row.map(finiteCell)) : finiteCell(r);
}
