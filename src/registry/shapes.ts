/** Result-shape helpers shared by registry entries. */
import { CalcError, isCalcError } from '../core/errors';
import type { ArgShape, ResultShape } from './types';

/** A list argument's length as the host sees it (trailing empty cells included), if known before evaluation. */
export const listLength = (shape: ArgShape | undefined): number | undefined =>
  shape ? Math.max(shape.rows, shape.cols) : undefined;

/** A column with one row per item of the list argument at `index` (per-year results such as DSCR). */
export function columnPerItem(index: number): ResultShape {
  return {
    kind: 'array',
    size: (shapes) => {
      const n = listLength(shapes[index]);
      return n === undefined ? undefined : { rows: n, cols: 1 };
    },
  };
}

/** A per-year list as a column (or the error). */
export function asColumn<T extends number | string>(r: readonly T[] | CalcError): T[][] | CalcError {
  return isCalcError(r) ? r : r.map((x) => [x]);
}
