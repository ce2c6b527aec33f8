/** Named tolerances: compare with absolute + relative slack, never by formatted strings. */
export const REL = 1e-9;
export const ABS = 1e-12;

export function close(actual: unknown, expected: number, rel = REL, abs = ABS): boolean {
  return typeof actual === 'number' && Math.abs(actual - expected) <= abs + rel * Math.abs(expected);
}

/** Jest assertion with a readable failure message. */
export function expectClose(actual: unknown, expected: number, rel = REL, abs = ABS): void {
  if (!close(actual, expected, rel, abs)) {
    throw new Error(`expected ${String(actual)} to be within ${rel} (relative) of ${expected}`);
  }
}

/** Compares a 2-D result cell by cell: numbers with tolerance, everything else exactly. */
export function expectMatrixClose(actual: unknown, expected: (number | string)[][], rel = REL): void {
  if (!Array.isArray(actual)) throw new Error(`expected a 2-D array, got ${JSON.stringify(actual)}`);
  expect(actual.length).toBe(expected.length);
  expected.forEach((row, r) => {
    expect((actual[r] as unknown[]).length).toBe(row.length);
    row.forEach((x, c) => (typeof x === 'number' ? expectClose(actual[r][c], x, rel) : expect(actual[r][c]).toBe(x)));
  });
}
