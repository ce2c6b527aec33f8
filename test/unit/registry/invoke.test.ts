/**
 * The shared argument wrapper, on host-neutral values (null = empty cell, undefined =
 * omitted): list conventions, defaults, spills, pass-through and the never-NaN rule.
 */
import { CalcError, isCalcError } from '../../../src/core/errors';
import { findFunction } from '../../../src/registry';
import { invoke } from '../../../src/registry/invoke';
import type { Cell, FunctionSpec } from '../../../src/registry/types';
import { expectClose } from '../../helpers/tolerance';

const TIERED = findFunction('REUSE.TARIFF.TIERED')!;
const row = (...xs: Cell[]) => [xs];
const col = (...xs: Cell[]) => xs.map((x) => [x]);

function message(r: unknown): string {
  if (!isCalcError(r)) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return `${r.code} ${r.text()}`;
}

describe('lists', () => {
  it('accept a row, a column or a single value', () => {
    expectClose(invoke(TIERED, [240, row(180, 300), row(3.04, 3.75, 5.88)]), 772.2);
    expectClose(invoke(TIERED, [240, col(180, 300), col(3.04, 3.75, 5.88)]), 772.2);
    expectClose(invoke(TIERED, [240, 180, row(3.04, 3.75)]), 180 * 3.04 + 60 * 3.75);
  });
  it('ignore empty cells at the end', () =>
    expectClose(invoke(TIERED, [240, col(180, 300, null, null), row(3.04, 3.75, 5.88, null)]), 772.2));
  it('treat "" like an empty cell at the end', () =>
    expectClose(invoke(TIERED, [240, row(180, 300, ''), row(3.04, 3.75, 5.88)]), 772.2));
  it('reject an empty cell in the middle, naming its position', () =>
    expect(message(invoke(TIERED, [240, row(180, null, 300), row(3.04, 3.75, 5.88)]))).toBe(
      '#VALUE! limits: empty cell in the middle of the list (item 2)'
    ));
  it('reject a block that is neither a row nor a column', () =>
    expect(
      message(
        invoke(TIERED, [
          240,
          [
            [180, 300],
            [1, 2],
          ],
          row(3.04, 3.75, 5.88),
        ])
      )
    ).toBe('#VALUE! limits: must be a single row or column'));
  it('reject text items', () =>
    expect(message(invoke(TIERED, [240, row(180, '300'), row(3.04, 3.75, 5.88)]))).toBe(
      '#VALUE! limits: item 2 must be a number (got "300")'
    ));
  it('reject booleans where numbers belong', () =>
    expect(message(invoke(TIERED, [true, row(180, 300), row(3.04, 3.75, 5.88)]))).toBe(
      '#VALUE! volume: must be a number (got TRUE)'
    ));
});

describe('defaults and omitted arguments', () => {
  it('undefined (omitted) and null (empty cell) both take the default', () => {
    expectClose(invoke(TIERED, [240, row(180, 300), row(3.04, 3.75, 5.88), undefined]), 772.2);
    expectClose(invoke(TIERED, [240, row(180, 300), row(3.04, 3.75, 5.88), null]), 772.2);
  });
  it('a required argument that is empty is named', () =>
    expect(message(invoke(TIERED, [240, row(180, 300), undefined]))).toBe('#VALUE! prices: required'));
  it('"" counts as an empty cell: the default for an optional argument, "required" otherwise', () => {
    expectClose(invoke(findFunction('SEWAGE.COSTRECOVERY')!, [8, 10, '', '']), 0.8);
    expect(message(invoke(TIERED, ['', row(180, 300), row(3.04, 3.75, 5.88)]))).toBe('#VALUE! volume: required');
  });
  it('a 1×1 range counts as a single value', () =>
    expectClose(invoke(TIERED, [[[240]], row(180, 300), row(3.04, 3.75, 5.88)]), 772.2));
});

describe('spills', () => {
  it('keep the shape of the spilled argument; empty cells give ""', () => {
    const r = invoke(TIERED, [
      [
        [100, null],
        [240, 400],
      ],
      row(180, 300),
      row(3.04, 3.75, 5.88),
    ]) as unknown[][];
    expect(r).toHaveLength(2);
    expect(r[0][1]).toBe('');
    expectClose(r[0][0], 304);
    expectClose(r[1][0], 772.2);
  });
  it('put a bad element’s error in its own cell only', () => {
    const r = invoke(TIERED, [col(100, -5, 'x'), row(180, 300), row(3.04, 3.75, 5.88)]) as unknown[][];
    expectClose(r[0][0], 304);
    expect(message(r[1][0])).toBe('#VALUE! volume: must be ≥ 0 (got -5)');
    expect(message(r[2][0])).toBe('#VALUE! volume: must be a number (got "x")');
  });
  it('pass an input error through to its cell', () => {
    const e = new CalcError('#DIV/0!', 'valueError', { arg: 'input', detail: 'division by zero' });
    const r = invoke(TIERED, [col(100, e), row(180, 300), row(3.04, 3.75, 5.88)]) as unknown[][];
    expect(r[1][0]).toBe(e);
  });
  it('a shared argument error fails the whole call once', () =>
    expect(message(invoke(TIERED, [col(100, 200), row(300, 180), row(3.04, 3.75, 5.88)]))).toMatch(
      /^#VALUE! limits: must be strictly ascending/
    ));
});

describe('results', () => {
  const spec = (compute: FunctionSpec['compute']): FunctionSpec => ({
    id: 'TEST.F',
    description: { en: '', zh: '' },
    formula: '',
    params: [{ kind: 'number', name: 'x', description: { en: '', zh: '' } }],
    result: { kind: 'scalar' },
    compute,
    examples: [],
  });
  it('a non-finite number becomes #NUM!, never NaN or Infinity', () => {
    expect(
      message(
        invoke(
          spec(() => NaN),
          [1]
        )
      )
    ).toMatch(/^#NUM!/);
    expect(
      message(
        invoke(
          spec(() => Infinity),
          [1]
        )
      )
    ).toMatch(/^#NUM!/);
    const m = invoke(
      spec(() => [[1, -Infinity]]),
      [1]
    ) as unknown[][];
    expect(message(m[0][1])).toMatch(/^#NUM!/);
  });
  it('a domain rule that throws is reported as an error value, not thrown', () =>
    expect(
      message(
        invoke(
          spec(() => {
            throw new Error('boom');
          }),
          [1]
        )
      )
    ).toMatch(/internal error: boom/));
  it('rejects lists larger than the cell limit instead of exhausting memory', () => {
    const huge = Array.from({ length: 2_000_001 }, () => [1]);
    expect(message(invoke(TIERED, [240, huge, row(1, 2)]))).toMatch(/limits: too many cells/);
  });
});

describe('frozen lists (a host passing the same unchanged range again)', () => {
  const frozen = (m: Cell[][]) => Object.freeze(m.map((r) => Object.freeze([...r]))) as Cell[][];
  const seen: (readonly number[])[] = [];
  const SPY: FunctionSpec = {
    id: 'TEST.SUM',
    description: { en: '', zh: '' },
    formula: '',
    params: [
      { kind: 'number', name: 'x', description: { en: '', zh: '' } },
      { kind: 'list', name: 'xs', items: { min: 0 }, description: { en: '', zh: '' } },
    ],
    result: { kind: 'scalar' },
    compute: (a) => {
      seen.push(a.xs as readonly number[]);
      return (a.x as number) + (a.xs as number[]).reduce((s, v) => s + v, 0);
    },
    examples: [],
  };

  it('give the bill a new or an unfrozen range gives, whichever frozen range comes', () => {
    const tariff = frozen(row(180, 300));
    const prices = frozen(row(3.04, 3.75, 5.88));
    for (const v of [240, 0, 300, 599]) {
      const bill = Math.min(v, 180) * 3.04 + Math.max(0, Math.min(v, 300) - 180) * 3.75 + Math.max(0, v - 300) * 5.88;
      expectClose(invoke(TIERED, [v, tariff, prices]), bill);
    }
    // Another frozen range with other values (the cells changed): read afresh.
    expectClose(invoke(TIERED, [240, frozen(row(100, 300)), prices]), 100 * 3.04 + 140 * 3.75);
    // And an error in a frozen range stays an error on the next call too.
    const bad = frozen(row(300, 180));
    expect(message(invoke(TIERED, [240, bad, prices]))).toMatch(/^#VALUE! limits: must be strictly ascending/);
    expect(message(invoke(TIERED, [240, bad, prices]))).toMatch(/^#VALUE! limits: must be strictly ascending/);
  });

  it('read an unfrozen range at every call, so a host may change it between calls', () => {
    const xs = row(1, 2);
    expect(invoke(SPY, [10, xs])).toBe(13);
    xs[0][1] = 5;
    expect(invoke(SPY, [10, xs])).toBe(16);
  });

  it('hand the rule a frozen list under test (NODE_ENV=test), so a rule that changed what the next call reads fails', () => {
    expect(process.env.NODE_ENV).toBe('test');
    seen.length = 0;
    const xs = frozen(row(1, 2));
    expect(invoke(SPY, [10, xs])).toBe(13);
    expect(invoke(SPY, [20, xs])).toBe(23);
    expect(seen).toHaveLength(2);
    expect(Object.isFrozen(seen[0]) && Object.isFrozen(seen[1])).toBe(true);
    expect(() => (seen[0] as number[]).push(3)).toThrow(TypeError);
  });
});
