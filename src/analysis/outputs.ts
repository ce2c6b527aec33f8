/**
 * Outputs an analysis reads: a cell (`Sheet!A1`), a defined name (`min_dscr`), or an aggregate
 * over a range of one sheet, so that "the minimum of the DSCR column" needs no helper cell:
 *
 *   min(RANGE)  max(RANGE)  sum(RANGE)  average(RANGE)
 *   firstbelow(RANGE, THRESHOLD[, LABELS])   lastbelow(…)   firstabove(…)   lastabove(…)
 *
 * RANGE is `Sheet!A7:A31` (quoted sheet names as Excel writes them, `'资本金现金流'!AC7:AC34`).
 * min, max, sum and average take the numbers of the range and ignore empty cells and text, as
 * Excel's MIN does over a range; an error value in the range is the result (as in Excel); a range
 * without a number gives `null` (not Excel's 0 for MIN: a minimum DSCR of 0 would be a false alarm).
 * firstbelow gives the first cell, in reading order, holding a number strictly below THRESHOLD:
 * the value of the LABELS range at the same position (a year column) when given, else the
 * 1-based position; `null` when no cell is below. Names are case-insensitive.
 */
import { columnLetters, formatRef, parseRef } from '../workbook/refs';
import { badArgument } from './errors';
import type { CellValue } from './port';

export type Aggregate = 'min' | 'max' | 'sum' | 'average' | 'firstbelow' | 'lastbelow' | 'firstabove' | 'lastabove';
const AGGREGATES: readonly Aggregate[] = [
  'min',
  'max',
  'sum',
  'average',
  'firstbelow',
  'lastbelow',
  'firstabove',
  'lastabove',
];

/** An output compiled for evaluation: the single cells to read and how to reduce them to one value. */
export interface CompiledOutput {
  /** The expression as given (the key of every result). */
  expr: string;
  /** Single-cell references to read, in order. */
  cells: string[];
  /** The output's value from the values of `cells`. */
  reduce(values: readonly CellValue[]): CellValue;
}

/** The most cells one aggregate may read (a 25-year column is 25; a whole column is refused). */
export const MAX_AGGREGATE_CELLS = 10_000;

function rangeCells(text: string, what: string): string[] {
  const p = parseRef(text);
  if (!p || p.kind !== 'cell')
    throw badArgument(
      `${what}: ${JSON.stringify(text)} is not a range such as Sheet!A7:A31`,
      `${what}：${JSON.stringify(text)} 不是形如 Sheet!A7:A31 的区域`
    );
  if (p.rows * p.cols > MAX_AGGREGATE_CELLS)
    throw badArgument(
      `${what}: ${text} has ${p.rows * p.cols} cells, more than ${MAX_AGGREGATE_CELLS}`,
      `${what}：${text} 含 ${p.rows * p.cols} 个单元格，超过 ${MAX_AGGREGATE_CELLS}`
    );
  const out: string[] = [];
  for (let r = p.row; r < p.row + p.rows; r++)
    for (let c = p.col; c < p.col + p.cols; c++) out.push(formatRef(p.sheet, `${columnLetters(c)}${r}`));
  return out;
}

/** Splits `a, b, 'x,y'!C1` at top-level commas (not inside quotes). */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === "'") quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

const isError = (v: CellValue): v is { error: string } => v !== null && typeof v === 'object';

/**
 * Compiles an output expression. Throws an AnalysisError `bad-argument` naming the expression
 * when it is neither a single cell, a defined name nor one of the aggregates above.
 */
export function compileOutput(expr: string): CompiledOutput {
  const text = String(expr ?? '').trim();
  const m = /^([A-Za-z]+)\s*\(([\s\S]*)\)$/.exec(text);
  if (!m || !AGGREGATES.includes(m[1].toLowerCase() as Aggregate)) {
    const p = parseRef(text);
    if (!p || (p.kind === 'cell' && (p.rows > 1 || p.cols > 1))) {
      throw badArgument(
        `output ${JSON.stringify(text)}: not a cell, a defined name or an aggregate (${AGGREGATES.join(', ')}) of a range`,
        `输出 ${JSON.stringify(text)}：不是单元格、名称或区域汇总（${AGGREGATES.join('、')}）`
      );
    }
    return { expr, cells: [text], reduce: (v) => v[0] ?? null };
  }
  const fn = m[1].toLowerCase() as Aggregate;
  const args = splitArgs(m[2]);
  const what = `output ${text}`;
  const cells = rangeCells(args[0], what);
  if (fn === 'min' || fn === 'max' || fn === 'sum' || fn === 'average') {
    if (args.length !== 1) throw badArgument(`${what}: ${fn} takes one range`, `${what}：${fn} 只接受一个区域`);
    return {
      expr,
      cells,
      reduce(values) {
        const err = values.find(isError);
        if (err) return err;
        const xs = values.filter((v): v is number => typeof v === 'number');
        if (xs.length === 0) return null;
        if (fn === 'min') return Math.min(...xs);
        if (fn === 'max') return Math.max(...xs);
        const sum = xs.reduce((a, b) => a + b, 0);
        return fn === 'sum' ? sum : sum / xs.length;
      },
    };
  }
  if (args.length < 2 || args.length > 3)
    throw badArgument(
      `${what}: ${fn} takes RANGE, THRESHOLD[, LABELS]`,
      `${what}：${fn} 的参数为 区域, 阈值[, 标签区域]`
    );
  const threshold = Number(args[1]);
  if (args[1] === '' || !Number.isFinite(threshold))
    throw badArgument(
      `${what}: the threshold ${JSON.stringify(args[1])} is not a number`,
      `${what}：阈值 ${JSON.stringify(args[1])} 不是数字`
    );
  const labels = args[2] !== undefined ? rangeCells(args[2], what) : [];
  if (labels.length && labels.length !== cells.length)
    throw badArgument(
      `${what}: LABELS must have as many cells as RANGE (${labels.length} vs ${cells.length})`,
      `${what}：标签区域与区域的单元格数须相同（${labels.length} 对 ${cells.length}）`
    );
  const below = fn.endsWith('below');
  const last = fn.startsWith('last');
  const n = cells.length;
  return {
    expr,
    cells: [...cells, ...labels],
    reduce(values) {
      for (let k = 0; k < n; k++) {
        const i = last ? n - 1 - k : k;
        const v = values[i];
        if (isError(v)) return v;
        if (typeof v === 'number' && (below ? v < threshold : v > threshold))
          return labels.length ? (values[n + i] ?? null) : i + 1;
      }
      return null;
    },
  };
}

/**
 * Several outputs read together: the distinct cells of all of them, and each output's value
 * from one read of those cells.
 */
export interface OutputSet {
  outputs: CompiledOutput[];
  cells: string[];
  values(read: readonly CellValue[]): CellValue[];
}

export function compileOutputs(exprs: readonly string[]): OutputSet {
  if (!Array.isArray(exprs) || exprs.length === 0)
    throw badArgument('outputs: give at least one output', '输出：至少需要一个输出项');
  const outputs = exprs.map(compileOutput);
  const index = new Map<string, number>();
  const cells: string[] = [];
  const at = outputs.map((o) =>
    o.cells.map((c) => {
      let i = index.get(c);
      if (i === undefined) {
        index.set(c, (i = cells.length));
        cells.push(c);
      }
      return i;
    })
  );
  return { outputs, cells, values: (read) => outputs.map((o, k) => o.reduce(at[k].map((i) => read[i]))) };
}
