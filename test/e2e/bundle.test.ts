/**
 * The production bundle in a real browser (Debian's Chromium via playwright-core): dist/web is
 * served over local http, office.js is replaced by stubs of `Office` and `CustomFunctions`
 * installed before the page's scripts run, and the test checks that taskpane.html associates
 * every registry function, that they compute the contract examples and report errors as
 * CustomFunctions.Error, and that the pane renders the function reference at Excel's pane width.
 */
import type { Browser, Page } from 'playwright-core';
import { FUNCTIONS, fullName } from '../../src/registry';
import { BrowserSession, describeInChromium, startBrowser } from '../helpers/browser';
import { expectClose } from '../helpers/tolerance';

const PANE_WIDTH = 320;

/**
 * Runs in the page before any of its scripts: stand-ins for what office.js provides in Excel.
 * `__call` invokes an associated function as Excel would (invocation object last) and returns
 * a serialisable result, CustomFunctions.Error values as `{ error, message }`.
 */
function installStubs({ displayLanguage }: { displayLanguage: string }) {
  const w = window as any;
  class CFError {
    code: string;
    message?: string;
    constructor(code: string, message?: string) {
      this.code = code;
      this.message = message;
    }
  }
  w.__associated = {};
  w.CustomFunctions = {
    associate(id: string, fn: unknown) {
      w.__associated[id] = fn;
    },
    Error: CFError,
    ErrorCode: {
      invalidValue: '#VALUE!',
      notAvailable: '#N/A',
      divisionByZero: '#DIV/0!',
      invalidNumber: '#NUM!',
      nullReference: '#NULL!',
    },
  };
  const out = (v: unknown): unknown =>
    v instanceof CFError ? { error: v.code, message: v.message } : Array.isArray(v) ? v.map(out) : v;
  w.__call = (id: string, args: unknown[]) => {
    try {
      return { value: out(w.__associated[id](...args, { functionName: `REUSE.${id}` })) };
    } catch (e) {
      return { thrown: e instanceof CFError, ...(out(e) as object) };
    }
  };
  let readyCalls = 0;
  w.Office = {
    context: { displayLanguage },
    onReady(cb?: (info: unknown) => void) {
      readyCalls++;
      w.__officeReadyCalls = readyCalls;
      const info = { host: 'Excel', platform: 'PC' };
      setTimeout(() => cb && cb(info), 0);
      return Promise.resolve(info);
    },
  };
}

type CallResult = { value?: unknown; thrown?: boolean; error?: string; message?: string };

interface Loaded {
  page: Page;
  errors: string[];
  external: string[];
  call: (id: string, ...args: unknown[]) => Promise<CallResult>;
}

describeInChromium('production bundle in Chromium', () => {
  let session: BrowserSession;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    session = await startBrowser('taskpane.html');
    ({ browser, base } = session);
  });

  afterAll(async () => session?.close());

  async function load(displayLanguage = 'en-US', width = PANE_WIDTH): Promise<Loaded> {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    const errors: string[] = [];
    const external: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base)) return route.continue();
      external.push(url);
      // office.js comes from Microsoft's CDN in Excel; here the stubs stand in for it.
      if (url.endsWith('/office.js'))
        return route.fulfill({
          status: 200,
          contentType: 'text/javascript',
          body: '/* office.js stubbed by the test */',
        });
      return route.abort();
    });
    await page.addInitScript(installStubs, { displayLanguage });
    await page.goto(`${base}taskpane.html`);
    await page.waitForSelector('.rf-fn');
    const call = (id: string, ...args: unknown[]) =>
      page.evaluate(([i, a]) => (window as any).__call(i, a), [id, args] as const) as Promise<CallResult>;
    return { page, errors, external, call };
  }

  it('associates every registry function, with no page errors and no network beyond office.js', async () => {
    const { page, errors, external } = await load();
    const ids: string[] = await page.evaluate(() => Object.keys((window as any).__associated));
    expect(ids.sort()).toEqual(FUNCTIONS.map((f) => f.id).sort());
    expect(errors).toEqual([]);
    expect(external).toEqual(['https://appsforoffice.microsoft.com/lib/1/hosted/office.js']);
    await page.close();
  });

  it('computes the contract examples through CustomFunctions', async () => {
    const { page, call } = await load();
    const tiered = await call('TARIFF.TIERED', [[240]], [[180, 300]], [[3.04, 3.75, 5.88]], null);
    expectClose((tiered.value as number[][])[0][0], 772.2);
    expectClose(
      ((await call('TARIFF.TIERED', [[240]], [[180, 300]], [[3.04, 3.75, 5.88]], '全量')).value as number[][])[0][0],
      900
    );
    const spill = (await call('TARIFF.TIERED', [[100], [240]], [[180], [300]], [[3.04, 3.75, 5.88]], null))
      .value as number[][];
    expectClose(spill[0][0], 304);
    expectClose(spill[1][0], 772.2);
    const breakdown = (await call('TARIFF.BREAKDOWN', 240, [[180, 300]], [[3.04, 3.75, 5.88]])).value as unknown[][];
    expect(breakdown.map((r) => r.length)).toEqual([6, 6, 6]);
    expectClose((await call('TARIFF.OVERQUOTA', 1400, 1000, 4, [[0.3, 0.5]], [[0.2, 0.5, 1]])).value, 6040);
    expectClose(
      (
        (await call('SEWAGE.DIFFCHARGE', 1.95, [[500, 40]], [[300, 30]], [[100, 5]], [[0.3, 0.3]], null))
          .value as number[][]
      )[0][0],
      3.15
    );
    expect((await call('POLICY', 'wanzhou.target.new_capacity_m3_per_day', null)).value).toEqual([[72600]]);
    await page.close();
  });

  it('reports invalid arguments and unknown keys as CustomFunctions.Error with messages', async () => {
    const { page, call } = await load();
    expect(await call('TARIFF.TIERED', [[240]], [[180, 300]], [[3.04, 3.75]], null)).toEqual({
      thrown: true,
      error: '#VALUE!',
      message: 'prices: need one more price than limits (got 2 limits, 2 prices)',
    });
    expect(await call('POLICY', 'no.such.key', null)).toEqual({
      thrown: true,
      error: '#N/A',
      message: 'unknown policy key "no.such.key"',
    });
    const cells = (await call('TARIFF.TIERED', [[240], [-5]], [[180, 300]], [[3.04, 3.75, 5.88]], null))
      .value as any[][];
    expect(cells[1][0]).toEqual({ error: '#VALUE!', message: 'volume: must be ≥ 0 (got -5)' });
    await page.close();
  });

  it('uses the Office display language for messages and the pane (zh-CN)', async () => {
    const { page, call } = await load('zh-CN');
    expect((await call('POLICY', 'no.such.key', null)).message).toBe('未知的政策参数键“no.such.key”');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('.rf-subtitle')).toBe('函数参考');
    expect(await page.getAttribute('.rf-lang-btn[data-lang="zh-CN"]', 'aria-pressed')).toBe('true');
    const desc = await page.textContent('.rf-fn[data-id="TARIFF.TIERED"] .rf-fn-desc');
    expect(desc).toBe(FUNCTIONS.find((f) => f.id === 'TARIFF.TIERED')!.description.zh);
    await page.close();
  });

  it('renders the reference list: every function, its description and parameters', async () => {
    const { page } = await load();
    const names = await page.$$eval('.rf-fn .rf-fn-name', (els) => els.map((e) => e.textContent));
    expect(names).toEqual(FUNCTIONS.map(fullName));
    expect(await page.textContent('#rf-count')).toBe(`${FUNCTIONS.length} of ${FUNCTIONS.length} functions`);
    const item = page.locator('.rf-fn[data-id="TARIFF.TIERED"]');
    await item.locator('summary').click();
    expect(await item.locator('.rf-signature').textContent()).toBe(
      'REUSE.TARIFF.TIERED(volume, limits, prices, [method])'
    );
    expect(await item.locator('.rf-param-name').allTextContents()).toEqual(['volume', 'limits', 'prices', 'method']);
    await page.close();
  });

  it('filters with the search box (either language) and switches language, keeping the query', async () => {
    const { page } = await load();
    await page.fill('#rf-search-input', 'tiered');
    const visible = () => page.$$eval('.rf-fn:not([hidden])', (els) => els.map((e) => (e as HTMLElement).dataset.id));
    const tiered = await visible();
    expect(tiered).toContain('TARIFF.TIERED');
    expect(tiered.length).toBeLessThan(FUNCTIONS.length);
    await page.fill('#rf-search-input', '政策');
    expect(await visible()).toEqual(expect.arrayContaining(['POLICY', 'POLICY.LIST']));
    await page.fill('#rf-search-input', 'zzz-no-such-function');
    expect(await visible()).toEqual([]);
    expect(await page.isVisible('.rf-none')).toBe(true);
    await page.fill('#rf-search-input', 'tiered');
    await page.click('.rf-lang-btn[data-lang="zh-CN"]');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await visible()).toEqual(tiered);
    expect(await page.textContent('label[for="rf-search-input"]')).toBe('搜索函数');
    await page.close();
  });

  it('is keyboard accessible: Tab reaches the language switch, the search box and the functions; Enter opens one; Escape clears the search', async () => {
    const { page } = await load();
    const focused = () =>
      page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        return a
          ? `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''}${a.dataset.lang ? ':' + a.dataset.lang : ''}`
          : '';
      });
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    // The link is the outside-Excel note's way to the playground (shown where the scenario tools cannot run).
    expect(order).toEqual(['button:zh-CN', 'button:en-US', 'a', 'input#rf-search-input', 'summary']);
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('.rf-fn details', 'open')).not.toBeNull();
    await page.focus('#rf-search-input');
    await page.keyboard.type('bond-nothing');
    await page.keyboard.press('Escape');
    expect(await page.inputValue('#rf-search-input')).toBe('');
    expect(await page.$$eval('.rf-fn:not([hidden])', (els) => els.length)).toBe(FUNCTIONS.length);
    await page.close();
  });

  it(`fits Excel's narrow pane (${PANE_WIDTH} px): no horizontal scrolling, even with every function open`, async () => {
    const { page } = await load('zh-CN');
    await page.$$eval('.rf-fn details', (els) => els.forEach((d) => d.setAttribute('open', '')));
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(scroll).toBeLessThanOrEqual(client);
    await page.close();
  });

  it('puts data on the page as text, never as markup', async () => {
    const { page } = await load();
    // Registry texts contain quotes, < and > in places (e.g. "≥", keyword lists); none may become elements.
    const tags = await page.$$eval('.rf-reference *', (els) =>
      [...new Set(els.map((e) => e.tagName.toLowerCase()))].sort()
    );
    expect(
      tags.every((t) =>
        ['code', 'details', 'div', 'h2', 'h3', 'li', 'p', 'section', 'span', 'summary', 'ul'].includes(t)
      )
    ).toBe(true);
    await page.close();
  });
});
