/**
 * The WPS adapter against a stub `wps` whose behaviour follows what WPS documents and ships:
 * `AddCustomFunction(namespace, name, fn, metadata?)` (et-jsapi-declare 2.5.0 addon.et.d.ts),
 * `any[][]` parameters as 2-D arrays (a single value as 1×1), an omitted optional argument as
 * `undefined`, `null` or the COM code −2147352572, cell errors as COM HRESULT numbers, and a
 * Range object (with `Value2`) where a host passes one.
 *
 * Expected values are hand calculations: the tariff notice's figures (limits 180/300 m³, prices
 * 3.04/3.75/5.88): TIERED(240) = 180×3.04 + 60×3.75 = 772.2, TIERED(100) = 304,
 * TIERED(240, "全量") = 240×3.75 = 900.
 */
import { FUNCTIONS } from '../../../src/registry';
import {
  COM_ERRORS,
  PARAM_NOT_FOUND,
  WpsApi,
  WpsFunctionError,
  registerAll,
  wpsToArg,
  wpsToCell,
} from '../../../src/wps/functions';
import { wpsFunctionMetadata } from '../../../src/wps/metadata';
import { CalcError } from '../../../src/core/errors';
import { expectClose } from '../../helpers/tolerance';

type Omitted = 'undefined' | 'null' | 'paramNotFound';
const OMITTED: Record<Omitted, unknown> = { undefined: undefined, null: null, paramNotFound: PARAM_NOT_FOUND };

/** A stub of WPS's `wps` root: records registrations; `call` passes arguments as WPS would. */
function stubWps() {
  const calls: { namespace: string; name: string; metadata: unknown }[] = [];
  const fns = new Map<string, (...args: unknown[]) => unknown>();
  const api: WpsApi = {
    AddCustomFunction(namespace, name, fn, metadata) {
      calls.push({ namespace, name, metadata });
      fns.set(`${namespace}.${name}`, fn);
    },
  };
  /** Calls `REUSE.<name>` with `args`, padding omitted trailing optional arguments the way `omitted` says. */
  const call = (name: string, args: unknown[], arity: number, omitted: Omitted = 'undefined'): unknown => {
    const fn = fns.get(name);
    if (!fn) throw new Error(`${name} was not registered`);
    const padded = [...args];
    while (padded.length < arity) padded.push(OMITTED[omitted]);
    return fn(...padded);
  };
  const fail = (name: string, args: unknown[], arity: number): WpsFunctionError => {
    try {
      call(name, args, arity);
    } catch (e) {
      if (e instanceof WpsFunctionError) return e;
      throw e;
    }
    throw new Error(`${name} did not throw`);
  };
  return { api, calls, call, fail };
}

const LIMITS = [[180, 300]];
const PRICES = [[3.04, 3.75, 5.88]];

describe('registration', () => {
  it('registers every registry function under REUSE with its functions.json entry as metadata', () => {
    const s = stubWps();
    const names = registerAll(s.api, 'zh-CN');
    expect(names).toEqual(FUNCTIONS.map((f) => f.id.replace(/\./g, '_')));
    expect(s.calls.map((c) => c.namespace)).toEqual(FUNCTIONS.map(() => 'REUSE'));
    expect(s.calls.map((c) => c.name)).toEqual(names);
    FUNCTIONS.forEach((f, i) => expect(s.calls[i].metadata).toEqual(wpsFunctionMetadata(f, 'zh-CN')));
  });

  it('registers nothing on a WPS without custom functions (before 12.1.0.20540) or outside WPS', () => {
    expect(registerAll({}, 'zh-CN')).toEqual([]);
    expect(registerAll(undefined, 'zh-CN')).toEqual([]);
  });
});

describe('arguments as WPS passes them', () => {
  const s = stubWps();
  registerAll(s.api, 'zh-CN');

  it.each(['undefined', 'null', 'paramNotFound'] as Omitted[])(
    'an omitted optional argument (%s) takes the default (progressive)',
    (omitted) => {
      expectClose((s.call('REUSE.TARIFF_TIERED', [[[240]], LIMITS, PRICES], 4, omitted) as number[][])[0][0], 772.2);
    }
  );

  it('a keyword in Chinese selects the flat method (240 × 3.75 = 900)', () => {
    expectClose((s.call('REUSE.TARIFF_TIERED', [[[240]], LIMITS, PRICES, '全量'], 4) as number[][])[0][0], 900);
  });

  it('a range of volumes spills one bill per cell, an empty cell staying empty', () => {
    expect(s.call('REUSE.TARIFF_TIERED', [[[100], [null], [240]], LIMITS, PRICES], 4)).toEqual([[304], [''], [772.2]]);
  });

  it('a Range object is read through Value2', () => {
    const range = { Value2: [[180, 300]], Address: () => '$A$1:$B$1' };
    expectClose((s.call('REUSE.TARIFF_TIERED', [[[240]], range, PRICES], 4) as number[][])[0][0], 772.2);
  });

  it('a cell error (COM HRESULT) in a spilled range stays in its own cell', () => {
    expect(s.call('REUSE.TARIFF_TIERED', [[[100], [-2146826246]], LIMITS, PRICES], 4)).toEqual([[304], ['#N/A']]);
  });

  it('a cell error as a whole argument is the result, thrown with its code', () => {
    const e = s.fail('REUSE.TARIFF_TIERED', [[[240]], [[-2146826281]], PRICES], 4);
    expect(e.code).toBe('#DIV/0!');
  });

  it('a bad argument throws #VALUE! naming the argument, in Chinese', () => {
    const e = s.fail('REUSE.TARIFF_TIERED', [[[240]], [[300, 180]], PRICES], 4);
    expect(e.code).toBe('#VALUE!');
    expect(e.message.startsWith('#VALUE!')).toBe(true);
    expect(e.message).toContain('limits');
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a scalar result stays a scalar; a 2-D result is a 2-D array', () => {
    const breakdown = s.call('REUSE.TARIFF_BREAKDOWN', [240, LIMITS, PRICES], 3) as unknown[][];
    // Row 2: tier 2, 180 to 300 m³, 60 m³ at 3.75 = 225 (hand calculation); the open last tier's upper bound is "".
    expect(breakdown[1].slice(0, 4)).toEqual([2, 180, 300, 60]);
    expectClose(breakdown[1][5], 225);
    expect(breakdown[2][2]).toBe('');
  });
});

describe('cell conversion', () => {
  it.each(Object.entries(COM_ERRORS))('COM error %s → %s', (num, code) => {
    const c = wpsToCell(Number(num));
    expect(c).toBeInstanceOf(CalcError);
    expect((c as CalcError).code).toBe(code);
  });

  it('numbers, text, booleans pass; omitted forms and empty 1×1 ranges are undefined', () => {
    expect(wpsToCell(1.5)).toBe(1.5);
    expect(wpsToCell('全量')).toBe('全量');
    expect(wpsToCell(true)).toBe(true);
    for (const v of [undefined, null, PARAM_NOT_FOUND, [[null]], [[undefined]], []])
      expect(wpsToArg(v)).toBeUndefined();
  });

  it('a date becomes its serial number (=DATE(2024,1,1) is 45292: DATE(2023,1,1) = 44927, plus 365 days)', () => {
    expect(wpsToCell(new Date(2024, 0, 1))).toBe(45292);
  });

  it('anything else is #VALUE!', () => {
    expect((wpsToCell({}) as CalcError).code).toBe('#VALUE!');
  });
});
