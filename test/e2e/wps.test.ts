/**
 * The built WPS add-in (dist/web/wps) in a real browser (Debian's Chromium via playwright-core):
 * index.html and functions.js load under a stub of WPS's `wps` root, installed before the page's
 * scripts, that records every `AddCustomFunction(namespace, name, fn, metadata)` call and calls
 * the functions the way WPS passes arguments (an omitted argument as the COM code −2147352572,
 * a single value to an `any[][]` parameter as a 1×1 array; docs/wps.md says what is inferred).
 *
 * Every registry example is walked: each REUSE call in it whose arguments are literals or other
 * REUSE calls is called through the stub (inner calls first, their results passed on as WPS
 * passes arrays) and compared with the headless engine's result for the same call text, a
 * different host path (HyperFormula and its adapter). An example that is one REUSE call is also
 * compared with its documented expected value (published examples and hand calculations).
 * Every registry function must be called at least once.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { XMLParser } from 'fast-xml-parser';
import type { Browser, Page } from 'playwright-core';
import { Engine, isEngineError } from '../../src/engine/engine';
import { FUNCTIONS, fullName } from '../../src/registry';
import type { FunctionSpec } from '../../src/registry/types';
import { customFunctionsMetadata } from '../../src/wps/metadata';
import { wpsFullName } from '../../src/wps/names';
import { BrowserSession, WEB, declaredCsp, describeInChromium, startBrowser } from '../helpers/browser';

/** Runs in the page before its scripts: a stand-in for WPS's `wps` root (AddCustomFunction only, or nothing). */
function installWps({ withCustomFunctions }: { withCustomFunctions: boolean }) {
  const w = window as any;
  const PARAM_NOT_FOUND = -2147352572;
  w.__added = [];
  w.__fns = {};
  w.wps = withCustomFunctions
    ? {
        AddCustomFunction(namespace: string, name: string, fn: (...a: unknown[]) => unknown, metadata: unknown) {
          w.__added.push({ namespace, name, metadata });
          w.__fns[`${namespace}.${name}`] = { fn, metadata };
        },
      }
    : {};
  /** Calls as WPS would: `any[][]` parameters get 2-D arrays, omitted ones the COM code; returns { value } or { thrown, message }. */
  w.__call = (name: string, args: unknown[]) => {
    const { fn, metadata } = w.__fns[name];
    const params = metadata.parameters as { type: string }[];
    const passed = params.map((p, i) => {
      const a = args[i];
      if (a === null || a === undefined) return PARAM_NOT_FOUND;
      return p.type.startsWith('any[][]') && !Array.isArray(a) ? [[a]] : a;
    });
    try {
      return { value: fn(...passed) };
    } catch (e: any) {
      return { thrown: true, name: e?.name, code: e?.code, message: String(e?.message ?? e) };
    }
  };
}

type Literal = number | string | boolean | null | Literal[][];
type Arg = { kind: 'literal'; value: Literal } | { kind: 'call'; call: Call };
interface Call {
  spec: FunctionSpec;
  text: string;
  args: Arg[];
}

/** A small parser for the examples' REUSE calls: literal numbers, strings, TRUE/FALSE, array constants, empty arguments, nested REUSE calls. */
function parseCallAt(text: string, start: number): Call | undefined {
  const name = /^REUSE\.[A-Z0-9.]+(?=\()/i.exec(text.slice(start));
  if (!name) return undefined;
  const spec = FUNCTIONS.find((f) => fullName(f).toUpperCase() === name[0].toUpperCase());
  if (!spec) return undefined;
  let i = start + name[0].length + 1;
  const ws = () => {
    while (text[i] === ' ') i++;
  };
  const scalar = (): Literal | undefined => {
    ws();
    const num = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(text.slice(i));
    if (num) {
      i += num[0].length;
      return Number(num[0]);
    }
    if (text[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        if (text[i] === '"' && text[i + 1] === '"') ((s += '"'), (i += 2));
        else if (text[i] === '"') break;
        else s += text[i++];
      }
      i++;
      return s;
    }
    const bool = /^(TRUE|FALSE)(?![A-Za-z0-9_.(])/i.exec(text.slice(i));
    if (bool) {
      i += bool[0].length;
      return bool[0].toUpperCase() === 'TRUE';
    }
    return undefined;
  };
  const args: Arg[] = [];
  ws();
  if (text[i] === ')') return { spec, text: text.slice(start, i + 1), args };
  for (;;) {
    ws();
    if (text[i] === ',' || text[i] === ')') args.push({ kind: 'literal', value: null });
    else if (text[i] === '{') {
      i++;
      const rows: Literal[][] = [[]];
      for (;;) {
        const v = scalar();
        if (v === undefined) return undefined;
        rows[rows.length - 1].push(v);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ';') (i++, rows.push([]));
        else if (text[i] === '}') break;
        else return undefined;
      }
      i++;
      args.push({ kind: 'literal', value: rows });
    } else if (/^REUSE\./i.test(text.slice(i))) {
      const inner = parseCallAt(text, i);
      if (!inner) return undefined;
      i += inner.text.length;
      args.push({ kind: 'call', call: inner });
    } else {
      const v = scalar();
      if (v === undefined) return undefined;
      args.push({ kind: 'literal', value: v });
    }
    ws();
    if (text[i] === ',') i++;
    else if (text[i] === ')') return { spec, text: text.slice(start, i + 1), args };
    else return undefined;
  }
}

/** Every REUSE call in a formula that the parser can read (nested ones included). */
function callsIn(formula: string): Call[] {
  const out: Call[] = [];
  for (const m of formula.matchAll(/REUSE\./gi)) {
    if (m.index! > 0 && /[A-Za-z0-9_.]/.test(formula[m.index! - 1])) continue;
    const c = parseCallAt(formula, m.index!);
    if (c) out.push(c);
  }
  return out;
}

type Outcome = { value: unknown } | { error: string };
const REL = 1e-9;
const ABS = 1e-9;

function engineOutcome(text: string): Outcome {
  const v = Engine.evaluate(text);
  const cell = (x: unknown) => (isEngineError(x) ? x.value : (x ?? ''));
  if (isEngineError(v)) return { error: v.value };
  return { value: Array.isArray(v) ? v.map((r) => r.map(cell)) : v };
}

/** A 1×1 array and its value are the same result (WPS gets [[x]] from functions with a matrix result). */
const unwrap = (v: unknown): unknown =>
  Array.isArray(v) && v.length === 1 && Array.isArray(v[0]) && v[0].length === 1 ? v[0][0] : v;

function sameValue(a: unknown, b: unknown, rel: number): boolean {
  a = unwrap(a);
  b = unwrap(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every(
      (row, i) =>
        Array.isArray(row) &&
        row.length === b[i].length &&
        row.every((c: unknown, j: number) => sameValue(c, b[i][j], rel))
    );
  }
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= ABS + rel * Math.abs(b);
  return a === b || (a === '' && b === null) || (a === null && b === '');
}

describeInChromium('WPS add-in in Chromium with a stub wps', () => {
  let session: BrowserSession;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    session = await startBrowser('wps/index.html');
    ({ browser, base } = session);
  });

  afterAll(async () => session?.close());

  async function load(
    withCustomFunctions = true
  ): Promise<{ page: Page; errors: string[]; external: string[]; dialogs: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    const external: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base)) return route.continue();
      external.push(url);
      return route.abort();
    });
    await page.addInitScript(installWps, { withCustomFunctions });
    await page.goto(`${base}wps/index.html`);
    await page.waitForFunction(() => (window as any).__reuseWps !== undefined);
    return { page, errors, external, dialogs };
  }

  it('registers every registry function under REUSE with its functions.json entry, loading nothing from elsewhere', async () => {
    const { page, errors, external } = await load();
    const added: { namespace: string; name: string; metadata: unknown }[] = await page.evaluate(
      () => (window as any).__added
    );
    const served = JSON.parse(await fs.readFile(path.join(WEB, 'wps/functions.json'), 'utf8'));
    expect(served).toEqual(customFunctionsMetadata('zh-CN'));
    expect(added.map((a) => a.namespace)).toEqual(FUNCTIONS.map(() => 'REUSE'));
    expect(added.map((a) => a.name)).toEqual(served.functions.map((f: { name: string }) => f.name));
    expect(added.map((a) => a.metadata)).toEqual(served.functions);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  });

  it('index.html declares a strict policy before its one script, which is a file in the same folder', async () => {
    const html = await fs.readFile(path.join(WEB, 'wps/index.html'), 'utf8');
    const csp = declaredCsp(html);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.map(([, attrs, body]) => [attrs.trim(), body.trim()])).toEqual([['src="functions.js"', '']]);
    expect(html.search(/<meta http-equiv="?Content-Security-Policy/i)).toBeLessThan(html.search(/<script/i));
  });

  it('ships the folder WPS expects: manifest.xml (JsPlugin, Functions Uri and Namespace) and ribbon.xml whose callbacks exist', async () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
    const manifest = parser.parse(await fs.readFile(path.join(WEB, 'wps/manifest.xml'), 'utf8'));
    expect(manifest.JsPlugin.Functions).toEqual({ Uri: '/functions.json', Namespace: 'REUSE' });
    expect(manifest.JsPlugin.Name).toMatch(/^[A-Za-z]+$/);
    const ribbon = await fs.readFile(path.join(WEB, 'wps/ribbon.xml'), 'utf8');
    const callbacks = [
      ...new Set(
        [...ribbon.matchAll(/\b(?:onLoad|onAction|getLabel|getImage|getEnabled|getVisible)="(\w+)"/g)].map((m) => m[1])
      ),
    ];
    expect(callbacks.length).toBeGreaterThan(0);
    const { page, dialogs } = await load();
    for (const c of callbacks) expect(await page.evaluate((n) => typeof (window as any)[n], c)).toBe('function');
    await page.evaluate(() => (window as any).OnAction({ Id: 'reuseAbout' }));
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]).toContain(`已注册 ${FUNCTIONS.length} 个函数`);
    expect(dialogs[0]).toContain('REUSE.TARIFF_TIERED');
    await page.close();
  });

  it('registers nothing, without an error, on a WPS without custom functions, and says which version is needed', async () => {
    const { page, errors, dialogs } = await load(false);
    expect(await page.evaluate(() => (window as any).__reuseWps.registered)).toEqual([]);
    await page.evaluate(() => (window as any).OnAction({ Id: 'reuseAbout' }));
    expect(dialogs[0]).toContain('12.1.0.20540');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('computes every function on its registry examples as the engine does, and as documented', async () => {
    const { page } = await load();
    const called = new Set<string>();
    const mismatches: string[] = [];
    let compared = 0;
    let documented = 0;

    /** Calls through the stub: inner REUSE calls first, their results passed on. */
    const viaWps = async (c: Call): Promise<Outcome> => {
      const args: unknown[] = [];
      for (const a of c.args) {
        if (a.kind === 'literal') args.push(a.value);
        else {
          const inner = await viaWps(a.call);
          if ('error' in inner) return inner; // an error argument is the result, as in every host
          args.push(inner.value);
        }
      }
      called.add(c.spec.id);
      const r = await page.evaluate(([n, a]) => (window as any).__call(n, a), [wpsFullName(c.spec), args] as const);
      return r.thrown ? { error: r.code ?? `thrown ${r.message}` } : { value: r.value };
    };

    for (const spec of FUNCTIONS) {
      // A function without a documented example (POLICY.LIST) is called with every argument omitted.
      const examples = spec.examples.length
        ? spec.examples
        : [{ formula: `${fullName(spec)}()`, expected: undefined, source: 'no example', tolerance: undefined }];
      for (const ex of examples) {
        for (const call of callsIn(ex.formula)) {
          const wps = await viaWps(call);
          const engine = engineOutcome(call.text);
          const rel = ex.tolerance ?? REL;
          compared++;
          const same =
            'error' in wps || 'error' in engine
              ? 'error' in wps && 'error' in engine && wps.error === engine.error
              : sameValue(wps.value, engine.value, rel);
          if (!same) mismatches.push(`${call.text}: WPS ${JSON.stringify(wps)} engine ${JSON.stringify(engine)}`);
          if (call.text === ex.formula && ex.expected !== undefined) {
            documented++;
            if ('error' in wps || !sameValue(wps.value, ex.expected, rel))
              mismatches.push(
                `${ex.formula}: WPS ${JSON.stringify(wps)}, documented ${JSON.stringify(ex.expected)} (${ex.source})`
              );
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect([...called].sort()).toEqual(FUNCTIONS.map((f) => f.id).sort());
    expect(compared).toBeGreaterThanOrEqual(FUNCTIONS.length);
    expect(documented).toBeGreaterThan(FUNCTIONS.length / 2);
    await page.close();
  });

  it('reports a bad argument as a thrown error with the code and a Chinese message naming it; a cell error in a spill stays in its cell', async () => {
    const { page } = await load();
    const call = (name: string, args: unknown[]) =>
      page.evaluate(([n, a]) => (window as any).__call(n, a), [name, args] as const);
    const bad = await call('REUSE.TARIFF_TIERED', [240, [[180, 300]], [[3.04, 3.75]]]);
    expect(bad.thrown).toBe(true);
    expect(bad.code).toBe('#VALUE!');
    expect(bad.message).toMatch(/^#VALUE! .*prices/);
    expect(bad.message).toMatch(/[\u4e00-\u9fff]/);
    // 100 m³ → 100 × 3.04 = 304 (hand calculation); −5 m³ is refused in its own cell.
    const spill = await call('REUSE.TARIFF_TIERED', [[[100], [-5]], [[180, 300]], [[3.04, 3.75, 5.88]]]);
    expect(spill.value[0][0]).toBeCloseTo(304, 9);
    expect(spill.value[1][0]).toBe('#VALUE!');
    await page.close();
  });
});
