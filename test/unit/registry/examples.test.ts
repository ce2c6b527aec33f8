/**
 * Every worked example documented in the registry is re-run through the real engine, so the
 * docs (generated from the registry) cannot drift from the code.
 */
import { FUNCTIONS, fullName } from '../../../src/registry';
import { evaluate } from '../../helpers/engine';
import { expectClose, expectMatrixClose } from '../../helpers/tolerance';

const rows = FUNCTIONS.flatMap((f) => f.examples.map((e) => ({ name: fullName(f), ...e })));

describe('documented examples', () => {
  it('exist for every function that takes arguments', () => {
    const missing = FUNCTIONS.filter((f) => f.params.length > 0 && f.examples.length === 0).map(fullName);
    expect(missing).toEqual([]);
  });

  it.each(rows)('$formula = $expected ($source)', ({ formula, expected, tolerance }) => {
    const v = evaluate(formula);
    if (typeof expected === 'number') expectClose(v, expected, tolerance);
    else if (typeof expected === 'string') expect(v).toBe(expected);
    else expectMatrixClose(v, expected, tolerance);
  });
});
