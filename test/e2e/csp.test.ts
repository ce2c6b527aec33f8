/**
 * The strict Content-Security-Policy of the built pages (dist/web), and that the pane works under
 * it in a real browser (Debian's Chromium via playwright-core):
 *   - taskpane.html and playground.html declare it first in <head>, before any script or style:
 *     no 'unsafe-eval', no 'unsafe-inline' and no wildcard for scripts; scripts only from the
 *     page's origin (and office.js's CDN for the Office page); no inline script in the page;
 *   - in the playground, a workbook carrying a scenario store opens (the store's validator runs)
 *     and an exchange file is imported, a valid one and one the schema refuses (the exchange
 *     validator runs and gives Ajv's message) — and no violation is recorded;
 *   - the Office page (office.js stubbed) loads and computes with no violation recorded;
 *   - the recorder works and the policy bites: `new Function` on each page is refused with an
 *     EvalError and recorded as a violation, so a pane that needed 'unsafe-eval' (Ajv compiling
 *     a schema at run time did) would fail this test.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Page } from 'playwright-core';
import {
  BrowserSession,
  WEB,
  cspViolations,
  declaredCsp,
  describeInChromium,
  openPage,
  startBrowser,
} from '../helpers/browser';
import { buildFlagshipWorkbook } from '../../src/examples/flagship';
import { workbookBytes } from '../../src/examples/xlsx-bytes';
import { exportScenarios, serialiseExchange } from '../../src/scenarios/exchange';
import {
  PaneState,
  addFromNames,
  addFromSelection,
  createScenario,
  editScenario,
  openPane,
} from '../../src/taskpane/handlers';
import { EnginePort } from '../../src/workbook/engine-port';

const T0 = '2026-01-31T08:00:00.000Z';
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

describe('the built pages declare a strict Content-Security-Policy', () => {
  const pages: [string, string[]][] = [
    ['taskpane.html', ["'self'", 'https://appsforoffice.microsoft.com']],
    ['playground.html', ["'self'"]],
  ];

  it.each(pages)('%s: first in <head>, scripts only from %j, nothing inline or evaluated', (page, scriptSources) => {
    const file = path.join(WEB, page);
    if (!fs.existsSync(file))
      throw new Error(`dist/web/${page} is missing: run \`npm run build\` (npm test does it for you)`);
    const html = fs.readFileSync(file, 'utf8');
    const csp = declaredCsp(html);
    expect(csp.get('script-src')).toEqual(scriptSources);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    const all = [...csp.values()].flat();
    expect(all).not.toContain("'unsafe-eval'");
    expect(all.filter((s) => s === '*' || s === 'http:' || s === 'https:')).toEqual([]);
    // The policy governs only what comes after it: it must precede every script and stylesheet.
    const head = html.slice(0, html.search(/<\/head>/i));
    const metaAt = head.search(/<meta http-equiv="?Content-Security-Policy/i);
    const firstResource = head.search(/<script|<link|<style/i);
    expect(metaAt).toBeGreaterThan(-1);
    expect(metaAt).toBeLessThan(firstResource);
    // Every script is a file (an inline one would be refused).
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter(([, attrs, body]) => !/\bsrc=/.test(attrs) || body.trim() !== '')).toEqual([]);
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
  });
});

describe('the bundles compile no code from strings', () => {
  /**
   * Every `new Function(` left in the bundles, and why it never runs: webpack's global-object
   * fallback (only where `globalThis` is missing, inside try/catch), the setImmediate polyfill
   * JSZip carries (only for a string handler, which nobody passes), and chevrotain's
   * generateParserFactory (HyperFormula never calls it). The pane's e2e tests run under the CSP,
   * so any of them running would be a recorded violation.
   */
  const KNOWN: RegExp[] = [
    /^new Function\(["']return this["']$/,
    /^new Function\(""\+\w+$/,
    /^new Function\("tokenVocabulary", ?"config", ?"chevrotain", ?\w+$/,
  ];
  const sites = (file: string) =>
    [...fs.readFileSync(path.join(WEB, file), 'utf8').matchAll(/new Function\([^)]{0,60}/g)].map((m) => m[0]);

  it.each(['taskpane.js', 'playground.js', 'engine.js', 'xlsx.js'])(
    '%s: no schema compiler, and only the known unreachable `new Function` sites',
    (file) => {
      if (!fs.existsSync(path.join(WEB, file))) throw new Error(`dist/web/${file} is missing: run \`npm run build\``);
      const text = fs.readFileSync(path.join(WEB, file), 'utf8');
      expect({ file, ajvCompiler: text.includes('Error compiling schema') }).toEqual({ file, ajvCompiler: false });
      expect(sites(file).filter((site) => !KNOWN.some((k) => k.test(site)))).toEqual([]);
    }
  );

  it('taskpane.js, the Office start-up bundle, keeps only webpack’s global-object fallback', () => {
    expect(sites('taskpane.js')).toEqual([expect.stringMatching(KNOWN[0])]);
  });
});

/** A flagship copy with inputs sewage_fee and loan_years, one output and a scenario per row (name, fee, years, bureau). */
async function bureauWorkbook(
  scenarios: [string, number, number, string][]
): Promise<{ bytes: Uint8Array; state: PaneState }> {
  const { workbook } = buildFlagshipWorkbook();
  const port = await EnginePort.fromBytes(await workbookBytes(workbook));
  let state = await openPane(port);
  state = await addFromNames(
    port,
    state,
    (await port.definedNames()).filter((n) => ['sewage_fee', 'loan_years'].includes(n.name)),
    'input'
  );
  port.setSelection("'评价'!C7");
  state = await addFromSelection(port, state, 'output');
  for (const [name, fee, years, bureau] of scenarios) {
    state = await createScenario(port, state, { name, bureau }, T0);
    const s = state.store.doc.scenarios[state.store.doc.scenarios.length - 1];
    state = await editScenario(port, state, s.id, { values: { in1: years, in2: fee } }, T0); // names sort: loan_years (in1), sewage_fee (in2)
  }
  return { bytes: await port.toBytes(), state };
}

/** A script of the page's own origin that compiles code from a string, as Ajv's compiler did (served by the test). */
const CANARY = 'csp-canary.js';
const CANARY_JS =
  "try { window.__canary = String(new Function('return 42')()); } catch (e) { window.__canary = e.name; }";

/**
 * Runs the canary script in the page (code the test evaluates through the browser's protocol is
 * exempt from the page's CSP; a script the page loads is not): what `new Function` gave, and the
 * violations recorded since.
 */
async function evalCanary(page: Page): Promise<{ result: string; recorded: string[] }> {
  await page.evaluate((src) => {
    const s = document.createElement('script');
    s.src = src;
    document.head.append(s);
  }, CANARY);
  const result = await page
    .waitForFunction(() => (window as unknown as { __canary?: string }).__canary)
    .then((h) => h.jsonValue() as Promise<string>);
  await page
    .waitForFunction(() => (window as unknown as { __csp: string[] }).__csp.length > 0, undefined, { timeout: 5_000 })
    .catch(() => undefined);
  return { result, recorded: await cspViolations(page) };
}

describeInChromium('the pane under its Content-Security-Policy (Chromium)', () => {
  let session: BrowserSession;
  let base: string;
  let tmp: string;

  beforeAll(async () => {
    session = await startBrowser('playground.html');
    ({ base } = session);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-csp-'));
  });

  afterAll(async () => {
    await session?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Waits for `what`; if it never comes, the failure lists the violations and page errors recorded before. */
  async function until(page: Page, errors: string[], what: Promise<unknown>): Promise<void> {
    try {
      await what;
    } catch (e) {
      throw new Error(
        `${(e as Error).message.split('\n')[0]}\nCSP violations: ${JSON.stringify(await cspViolations(page))}\npage errors: ${JSON.stringify(errors)}`
      );
    }
  }

  async function open(url: string, init?: () => void): Promise<{ page: Page; errors: string[]; external: string[] }> {
    const fulfil = (u: string) =>
      u === `${base}${CANARY}`
        ? { contentType: 'text/javascript', body: CANARY_JS }
        : u === OFFICE_JS
          ? { contentType: 'text/javascript', body: '/* office.js stubbed by the test */' }
          : undefined;
    return openPage(session, url, { width: 320, locale: 'en-US', csp: true, init, fulfil, waitReady: false });
  }

  it('playground: opens a scenario store and imports exchange files (both validators run) with no violation; eval is refused', async () => {
    const housing = await bureauWorkbook([
      ['基准', 1.75, 15, '住建局'],
      ['高收费方案', 2.4, 15, '住建局'],
    ]);
    const finance = await bureauWorkbook([
      ['基准', 1.75, 15, '财政局'],
      ['高收费方案', 2.1, 15, '财政局'],
    ]);
    const financeFile = path.join(tmp, 'finance.xlsx');
    fs.writeFileSync(financeFile, finance.bytes);
    const provenance = {
      bureau: '住建局',
      author: '李四',
      sourceWorkbook: 'housing.xlsx',
      exported: T0,
      addinVersion: '0.1.0',
    };
    const exchangeFile = path.join(tmp, 'housing.reuse-scenarios.json');
    fs.writeFileSync(exchangeFile, serialiseExchange(exportScenarios(housing.state.store.doc, { provenance })));
    const badFile = path.join(tmp, 'bad.reuse-scenarios.json');
    const bad = JSON.parse(fs.readFileSync(exchangeFile, 'utf8'));
    delete bad.provenance.author;
    fs.writeFileSync(badFile, JSON.stringify(bad));

    const { page, errors, external } = await open(base);
    await until(page, errors, page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 }));
    await page.setInputFiles('#pg-open', financeFile);
    await until(page, errors, page.waitForSelector('.rf-scenario[data-id="s2"]', { timeout: 15_000 })); // the stored document passed its validator
    expect(await page.$$eval('.rf-scenario-name', (els) => els.map((e) => e.textContent))).toEqual([
      '基准',
      '高收费方案',
    ]);

    await page.click('#rf-tab-share');
    await page.setInputFiles('#rf-import-file', badFile);
    await until(
      page,
      errors,
      page.waitForFunction(
        () => /exchange format/.test(document.getElementById('rf-notice')?.textContent ?? ''),
        undefined,
        { timeout: 15_000 }
      )
    );
    expect(await page.textContent('#rf-notice')).toContain(
      "does not match the scenario exchange format (at /provenance: must have required property 'author')"
    );
    await page.setInputFiles('#rf-import-file', exchangeFile);
    await until(page, errors, page.waitForSelector('#rf-import-plan', { timeout: 15_000 })); // the exchange file passed its validator
    expect(await page.$$eval('.rf-plan-item', (lis) => lis.map((l) => (l as HTMLElement).dataset.action))).toEqual([
      'skip',
      'rename',
    ]);

    expect(await cspViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);

    const canary = await evalCanary(page);
    expect(canary).toEqual({
      result: 'EvalError',
      recorded: [expect.stringMatching(/^script-src blocked eval \(.*csp-canary\.js:1\)$/)],
    });
    await page.close();
  });

  it('Office page (office.js stubbed): loads, associates and computes with no violation; eval is refused', async () => {
    const { page, errors, external } = await open(`${base}taskpane.html`, () => {
      const w = window as any;
      w.__associated = {};
      w.CustomFunctions = {
        associate: (id: string, fn: unknown) => (w.__associated[id] = fn),
        Error: class extends Error {},
        ErrorCode: {},
      };
      w.Office = {
        context: { displayLanguage: 'en-US' },
        onReady: (cb?: (i: unknown) => void) => (
          setTimeout(() => cb && cb({ host: 'Excel' }), 0),
          Promise.resolve({ host: 'Excel' })
        ),
      };
    });
    await page.waitForSelector('.rf-fn');
    const bill = await page.evaluate(() =>
      (window as any).__associated['TARIFF.TIERED']([[240]], [[180, 300]], [[3.04, 3.75, 5.88]], null, {
        functionName: 'REUSE.TARIFF.TIERED',
      })
    );
    expect(bill[0][0]).toBeCloseTo(772.2, 9);
    expect(await cspViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(external).toEqual([OFFICE_JS]);

    const canary = await evalCanary(page);
    expect(canary).toEqual({
      result: 'EvalError',
      recorded: [expect.stringMatching(/^script-src blocked eval \(.*csp-canary\.js:1\)$/)],
    });
    await page.close();
  });
});
