/**
 * Data tables, as Excel's What-If Data Table but for any number of outputs and without table
 * formulas in the sheet: one input over a list of values (one column per output), or two inputs
 * over two lists (a grid per output, rows = the first input's values, columns = the second's).
 */
import { badArgument } from './errors';
import { compileOutputs } from './outputs';
import type { AnalysisPort, CellValue, RunOptions } from './port';
import { RunRecord, Runner, checkInputRefs, finite } from './run';

export interface TableAxis {
  ref: string;
  values: number[];
}

export interface DataTableOptions extends RunOptions {
  rows: TableAxis;
  columns?: TableAxis;
  outputs: string[];
}

export interface DataTableResult {
  kind: 'table';
  rows: TableAxis;
  columns?: TableAxis;
  /** Per output: cells[i][j] for rows.values[i] and columns.values[j] (one column without `columns`). */
  grids: { output: string; cells: CellValue[][] }[];
  record: RunRecord;
}

/** The most cells a table may hold (rows × columns). */
export const MAX_TABLE_CELLS = 100_000;

function checkAxis(a: TableAxis | undefined, what: string): TableAxis {
  if (!a || typeof a !== 'object' || !Array.isArray(a.values) || a.values.length === 0 || !a.values.every(finite)) {
    throw badArgument(`${what}: give an input and at least one number`, `${what}：需要一个输入项和至少一个数值`);
  }
  return { ref: a.ref, values: [...a.values] };
}

export async function dataTable(port: AnalysisPort, opts: DataTableOptions): Promise<DataTableResult> {
  const rows = checkAxis(opts.rows, 'rows');
  const columns = opts.columns ? checkAxis(opts.columns, 'columns') : undefined;
  checkInputRefs(columns ? [rows.ref, columns.ref] : [rows.ref]);
  const outs = compileOutputs(opts.outputs);
  const nCols = columns?.values.length ?? 1;
  if (rows.values.length * nCols > MAX_TABLE_CELLS)
    throw badArgument(
      `the table has ${rows.values.length * nCols} cells, more than ${MAX_TABLE_CELLS}`,
      `数据表共 ${rows.values.length * nCols} 格，超过 ${MAX_TABLE_CELLS}`
    );
  const runner = new Runner(port, opts, rows.values.length * nCols);
  await runner.baseNumbers(columns ? [rows.ref, columns.ref] : [rows.ref]);
  const grids = outs.outputs.map((o) => ({
    output: o.expr,
    cells: rows.values.map(() => new Array<CellValue>(nCols).fill(null)),
  }));
  for (let i = 0; i < rows.values.length; i++) {
    for (let j = 0; j < nCols; j++) {
      const inputs: [string, number][] = [[rows.ref, rows.values[i]]];
      if (columns) inputs.push([columns.ref, columns.values[j]]);
      const values = outs.values(await runner.evaluate(inputs, outs.cells));
      values.forEach((v, k) => (grids[k].cells[i][j] = v));
    }
  }
  const record = runner.record('table', { rows, ...(columns ? { columns } : {}), outputs: opts.outputs });
  return { kind: 'table', rows, ...(columns ? { columns } : {}), grids, record };
}
