/**
 * The Excel adapter against a stub CustomFunctions namespace: association of every registry
 * function, Excel's conventions (null for omitted arguments, 2-D ranges, trailing invocation
 * argument, error values), results and spills, and errors with messages in the display language.
 */
import { FUNCTIONS } from '../../../src/registry';
import {
  CustomFunctionsApi,
  displayLang,
  excelToArg,
  excelToCell,
  registerAll,
} from '../../../src/functions/functions';
import { CalcError } from '../../../src/core/errors';
import { expectClose } from '../../helpers/tolerance';

/** Stand-in for CustomFunctions.Error: a code and an optional message. */
class StubError {
  constructor(
    readonly code: string,
    readonly message?: string
  ) {}
}

const ERROR_CODE = {
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  divisionByZero: '#DIV/0!',
  invalidNumber: '#NUM!',
  nullReference: '#NULL!',
};

function stub(withEnum = true) {
  const associated = new Map<string, (...args: unknown[]) => unknown>();
  const calls: string[] = [];
  const api: CustomFunctionsApi = {
    associate: (id, fn) => {
      calls.push(id);
      associated.set(id, fn);
    },
    Error: StubError,
    ...(withEnum ? { ErrorCode: ERROR_CODE } : {}),
  };
  return { api, associated, calls };
}

/** Excel always appends an invocation object after the declared arguments. */
const INVOCATION = { functionName: 'REUSE.TEST', address: 'Sheet1!A1' };

function setup(lang: 'en-US' | 'zh-CN' | (() => 'en-US' | 'zh-CN') = 'en-US', withEnum = true) {
  const s = stub(withEnum);
  registerAll(s.api, lang);
  const call = (id: string, ...args: unknown[]): unknown => {
    const fn = s.associated.get(id);
    if (!fn) throw new Error(`${id} was not associated`);
    return fn(...args, INVOCATION);
  };
  /** The CustomFunctions.Error a call throws. */
  const fail = (id: string, ...args: unknown[]): StubError => {
    try {
      call(id, ...args);
    } catch (e) {
      if (e instanceof StubError) return e;
      throw e;
    }
    throw new Error(`${id} did not throw`);
  };
  return { ...s, call, fail };
}

const LIMITS = [[180, 300]];
const PRICES = [[3.04, 3.75, 5.88]];

describe('association', () => {
  it('associates every registry function exactly once, by its id', () => {
    const { calls } = setup();
    expect(calls.slice().sort()).toEqual(FUNCTIONS.map((f) => f.id).sort());
    expect(new Set(calls).size).toBe(calls.length);
  });

  it('returns the ids it associated', () => {
    expect(registerAll(stub().api, 'en-US')).toEqual(FUNCTIONS.map((f) => f.id));
  });
});

describe('arguments: Excel conventions → registry values', () => {
  it('null (omitted argument) becomes undefined so defaults apply', () => {
    expect(excelToArg(null)).toBeUndefined();
    expect(excelToArg(undefined)).toBeUndefined();
  });

  it('a 1×1 range holding an empty cell counts as omitted; empty cells inside larger ranges stay null', () => {
    expect(excelToArg([[null]])).toBeUndefined();
    expect(
      excelToArg([
        [1, null],
        [null, 2],
      ])
    ).toEqual([
      [1, null],
      [null, 2],
    ]);
  });

  it('keeps numbers, text and booleans as they are', () => {
    expect(excelToArg(240)).toBe(240);
    expect(excelToArg('累进')).toBe('累进');
    expect(excelToArg(true)).toBe(true);
    expect(excelToArg([[1, 'a', false]])).toEqual([[1, 'a', false]]);
  });

  it('turns an Excel error value into a CalcError with the same code', () => {
    const c = excelToCell(new StubError('#DIV/0!'));
    expect(c).toBeInstanceOf(CalcError);
    expect((c as CalcError).code).toBe('#DIV/0!');
  });

  it('turns an unknown object into #VALUE! rather than passing it on', () => {
    const c = excelToCell({ type: 'Entity', text: 'x' });
    expect((c as CalcError).code).toBe('#VALUE!');
  });
});

describe('defaults for omitted arguments', () => {
  it('TIERED with method null is progressive: the contract example 772.2', () => {
    const { call } = setup();
    const r = call('TARIFF.TIERED', [[240]], LIMITS, PRICES, null) as number[][];
    expect(r).toHaveLength(1);
    expect(r[0]).toHaveLength(1);
    expectClose(r[0][0], 772.2);
  });

  it('TIERED with "全量" bills the whole volume at its tier price (900)', () => {
    const { call } = setup();
    expectClose((call('TARIFF.TIERED', [[240]], LIMITS, PRICES, '全量') as number[][])[0][0], 900);
  });

  it('a scalar passed where Excel would wrap it works the same', () => {
    const { call } = setup();
    expectClose((call('TARIFF.TIERED', 240, LIMITS, PRICES, null) as number[][])[0][0], 772.2);
  });

  it('COSTRECOVERY with depreciation and financing_cost null uses 0 for both', () => {
    const { call } = setup();
    expectClose(call('SEWAGE.COSTRECOVERY', 100, 80, null, null), 1.25);
  });

  it('ignores the invocation object Excel appends after the declared arguments', () => {
    const { associated } = setup();
    const r = associated.get('SEWAGE.COSTRECOVERY')!(100, 80, null, null, INVOCATION, 'extra');
    expectClose(r, 1.25);
  });
});

describe('ranges and spills', () => {
  it('lists accept a row, a column, and trailing empty cells', () => {
    const { call } = setup();
    for (const limits of [[[180, 300]], [[180], [300]], [[180, 300, null]]]) {
      expectClose((call('TARIFF.TIERED', [[240]], limits, PRICES, null) as number[][])[0][0], 772.2);
    }
  });

  it("a volume range spills one bill per cell, with the range's shape", () => {
    const { call } = setup();
    const r = call('TARIFF.TIERED', [[100], [240], [400]], LIMITS, PRICES, null) as number[][];
    expect(r.map((row) => row.length)).toEqual([1, 1, 1]);
    expectClose(r[0][0], 304);
    expectClose(r[1][0], 772.2);
    expectClose(r[2][0], 180 * 3.04 + 120 * 3.75 + 100 * 5.88);
  });

  it('BREAKDOWN spills k rows × 6 columns, the open tier\'s upper bound as ""', () => {
    const { call } = setup();
    const r = call('TARIFF.BREAKDOWN', 240, LIMITS, PRICES) as (number | string)[][];
    expect(r).toHaveLength(3);
    expect(r.every((row) => row.length === 6)).toBe(true);
    expect(r[2][2]).toBe('');
    expectClose(
      r.reduce((s, row) => s + (row[5] as number), 0),
      772.2
    );
  });

  it('DIFFCHARGE spills one price per discharger row (Huzhou example 3.15)', () => {
    const { call } = setup();
    const r = call(
      'SEWAGE.DIFFCHARGE',
      1.95,
      [
        [500, 40],
        [300, 30],
      ],
      [[300, 30]],
      [[100, 5]],
      [[0.3, 0.3]],
      null
    ) as number[][];
    expectClose(r[0][0], 3.15);
    expectClose(r[1][0], 1.95);
  });

  it('POLICY.LIST spills the whole catalogue as a 2-D array', () => {
    const { call } = setup();
    const r = call('POLICY.LIST') as unknown[][];
    expect(r.length).toBeGreaterThan(5);
    expect(r.every((row) => Array.isArray(row) && row.length === 5)).toBe(true);
  });

  it('a matrix-result function called on one value still returns a 2-D array (Excel requires it)', () => {
    const { call } = setup();
    const r = call('POLICY', 'wanzhou.target.city_sewage_treatment', null);
    expect(r).toEqual([[0.98]]);
  });

  it('errors inside a spill are converted cell by cell; the other cells still compute', () => {
    const { call } = setup();
    const r = call('TARIFF.TIERED', [[240], [-1]], LIMITS, PRICES, null) as unknown[][];
    expectClose(r[0][0], 772.2);
    expect(r[1][0]).toBeInstanceOf(StubError);
    expect((r[1][0] as StubError).code).toBe('#VALUE!');
    expect((r[1][0] as StubError).message).toMatch(/^volume: /);
  });
});

describe('errors', () => {
  it('an invalid argument throws CustomFunctions.Error #VALUE! naming the argument', () => {
    const { fail } = setup();
    const e = fail('TARIFF.TIERED', [[240]], LIMITS, [[3.04, 3.75]], null);
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toBe('prices: need one more price than limits (got 2 limits, 2 prices)');
  });

  it('an unknown keyword names the argument and the accepted spellings', () => {
    const { fail } = setup();
    const e = fail('TARIFF.TIERED', [[240]], LIMITS, PRICES, 'stepwise');
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('method');
    expect(e.message).toContain('"progressive"/"累进"');
  });

  it('a missing required argument is #VALUE! "<name>: required"', () => {
    const { fail } = setup();
    expect(fail('SEWAGE.COSTRECOVERY', 100, null, null, null)).toEqual(
      new StubError('#VALUE!', 'operating_cost: required')
    );
  });

  it('an unknown POLICY key is #N/A with a message', () => {
    const { fail } = setup();
    const e = fail('POLICY', 'no.such.key', null);
    expect(e.code).toBe('#N/A');
    expect(e.message).toBe('unknown policy key "no.such.key"');
  });

  it('an error value in an argument passes through unchanged', () => {
    const { fail, call } = setup();
    const e = fail('SEWAGE.COSTRECOVERY', new StubError('#DIV/0!'), 80, null, null);
    expect(e.code).toBe('#DIV/0!');
    expect(e.message).toBeUndefined();
    const na = fail('SEWAGE.COSTRECOVERY', new StubError('#N/A', 'no data yet'), 80, null, null);
    expect(na).toEqual(new StubError('#N/A', 'no data yet'));
    // In a spilled range, only the cell holding the error is affected.
    const r = call(
      'TARIFF.TIERED',
      [[240], [new StubError('#N/A', 'missing meter reading')]],
      LIMITS,
      PRICES,
      null
    ) as unknown[][];
    expectClose(r[0][0], 772.2);
    expect(r[1][0]).toEqual(new StubError('#N/A', 'missing meter reading'));
  });

  it('errors a custom function cannot return (#REF!, #NAME?) come back as #VALUE! with the code in the message', () => {
    const { fail } = setup();
    const e = fail('SEWAGE.COSTRECOVERY', new StubError('#REF!'), 80, null, null);
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('#REF!');
  });

  it('works on hosts without the ErrorCode enum (codes are the same strings)', () => {
    const { fail } = setup('en-US', false);
    expect(fail('POLICY', 'no.such.key', null).code).toBe('#N/A');
  });
});

describe('display language', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-cn', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['en-US', 'en-US'],
    ['en-GB', 'en-US'],
    ['de-DE', 'en-US'],
    [undefined, 'en-US'],
  ])('displayLanguage %s → %s', (tag, want) => {
    expect(displayLang({ context: { displayLanguage: tag } })).toBe(want);
  });

  it('defaults to en-US when Office is absent or its context is not ready', () => {
    expect(displayLang(undefined)).toBe('en-US');
    expect(displayLang({})).toBe('en-US');
    const throwing = {
      get context(): never {
        throw new Error('not initialised');
      },
    };
    expect(displayLang(throwing)).toBe('en-US');
  });

  it('gives zh-CN messages when the display language is zh-CN', () => {
    const { fail } = setup('zh-CN');
    expect(fail('TARIFF.TIERED', [[240]], LIMITS, [[3.04, 3.75]], null).message).toBe(
      'prices：价格个数应比分档上限多 1（收到 2 个上限、2 个价格）'
    );
    expect(fail('POLICY', 'no.such.key', null).message).toBe('未知的政策参数键“no.such.key”');
  });

  it('reads the display language at call time, not at association time', () => {
    const office = { context: { displayLanguage: 'en-US' } };
    const { fail } = setup(() => displayLang(office));
    expect(fail('POLICY', 'x', null).message).toBe('unknown policy key "x"');
    office.context.displayLanguage = 'zh-CN';
    expect(fail('POLICY', 'x', null).message).toBe('未知的政策参数键“x”');
  });
});
