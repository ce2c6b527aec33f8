/** Evaluates a formula in the real engine and unwraps errors to {error, message} for assertions. */
import { Engine, isEngineError } from '../../src/engine/engine';

export type Evaluated = number | string | boolean | null | { error: string; message: string } | unknown[][];

export function evaluate(formula: string): Evaluated {
  const v = Engine.evaluate(formula);
  const unwrap = (x: unknown): unknown => (isEngineError(x) ? { error: x.value, message: x.message } : x);
  return (Array.isArray(v) ? v.map((row) => row.map(unwrap)) : unwrap(v)) as Evaluated;
}

/** Asserts an error result with a code and a message fragment. */
export function expectError(formula: string, code: string, messagePart: string | RegExp): void {
  const v = evaluate(formula) as { error?: string; message?: string };
  expect(v).toHaveProperty('error', code);
  if (typeof messagePart === 'string') expect(v.message).toContain(messagePart);
  else expect(v.message).toMatch(messagePart);
}

/**
 * Asserts a wrong argument count: #N/A with the count in the message (`takes 5 arguments (got 4)`).
 * A spilling function answers with the error in its first cell, so both shapes are accepted.
 */
export function expectArityError(formula: string, part: string): void {
  const v = evaluate(formula);
  const first = Array.isArray(v) ? (v[0] as unknown[])[0] : v;
  expect(first).toMatchObject({ error: '#N/A' });
  expect((first as { message: string }).message).toContain(part);
}
