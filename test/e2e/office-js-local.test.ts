/**
 * The intranet build: `OFFICE_JS=local npm run build` serves Office.js from the add-in's own host
 * (dist/web/office-js/, copied from the pinned @microsoft/office-js) instead of Microsoft's CDN.
 *
 * The test builds with that option into a folder of its own (never dist/web, which the other
 * browser tests read at the same time), serves it on 127.0.0.1 and opens taskpane.html in
 * Debian's Chromium with every request that leaves 127.0.0.1 aborted, as on a government network
 * without internet access. Outside Excel, the real office.js calls Office.onReady with no host and
 * the pane shows its function reference: so the pane coming up with `Office` defined proves that
 * office.js was loaded from this host and ran. The default build's tag (the CDN) is checked on
 * dist/web by test/e2e/csp.test.ts and below.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { AddressInfo } from 'net';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { CHROMIUM, WEB, describeInChromium } from '../helpers/browser';

const { officeJsOption, CDN_URL } = require('../../build/office-js.js') as {
  officeJsOption: (v: string | undefined) => { mode: string; url: string };
  CDN_URL: string;
};
const { createServer } = require('../../scripts/playground.js') as {
  createServer: (dir?: string) => import('http').Server;
};
const ROOT = path.resolve(__dirname, '../..');
const PINNED = require('../../package.json').devDependencies['@microsoft/office-js'] as string;

describe('the OFFICE_JS build option', () => {
  it('is the CDN by default, this host with "local", and refuses anything else with the allowed values', () => {
    expect(officeJsOption(undefined).url).toBe('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    expect(officeJsOption('cdn').url).toBe(CDN_URL);
    expect(officeJsOption('local').url).toBe('office-js/office.js');
    expect(() => officeJsOption('offline')).toThrow(/OFFICE_JS must be "cdn" .* or "local"/);
  });

  it('pins @microsoft/office-js to one version (the local copy is the Office.js the add-in is tested with)', () => {
    expect(PINNED).toMatch(/^\d+\.\d+\.\d+$/);
    expect(require('@microsoft/office-js/package.json').version).toBe(PINNED);
  });

  it('the default build (dist/web) loads office.js from the CDN and carries no local copy', () => {
    const html = fs.readFileSync(path.join(WEB, 'taskpane.html'), 'utf8');
    expect(html).toContain(`src="${CDN_URL}"`);
    expect(fs.existsSync(path.join(WEB, 'office-js'))).toBe(false);
  });
});

describeInChromium('OFFICE_JS=local: the pane comes up with the network closed', () => {
  let out: string;
  let server: import('http').Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-office-js-local-'));
    // Development mode: the option does not depend on the mode, and minifying would only cost time.
    execFileSync(
      process.execPath,
      [require.resolve('webpack-cli/bin/cli.js'), '--mode', 'development', '--output-path', out],
      {
        cwd: ROOT,
        env: { ...process.env, OFFICE_JS: 'local' },
        stdio: 'pipe',
      }
    );
    server = createServer(out);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await new Promise((r) => server.close(r));
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  it("the built page points at office-js/office.js, which holds the pinned package's file and Excel's host files", () => {
    const html = fs.readFileSync(path.join(out, 'taskpane.html'), 'utf8');
    expect(html).toMatch(/<script[^>]*src="office-js\/office\.js"/);
    expect(html).not.toContain('appsforoffice.microsoft.com/lib');
    const shipped = fs.readFileSync(require.resolve('@microsoft/office-js/dist/office.js'));
    expect(fs.readFileSync(path.join(out, 'office-js', 'office.js')).equals(shipped)).toBe(true);
    for (const f of [
      'excel-web-16.00.js',
      'excel-win32-16.01.js',
      'custom-functions-runtime.js',
      'zh-cn/office_strings.js',
      'en-us/office_strings.js',
    ]) {
      expect(fs.existsSync(path.join(out, 'office-js', f))).toBe(true);
    }
    // Not shipped: debug builds and other Office applications' host files.
    expect(fs.existsSync(path.join(out, 'office-js', 'office.debug.js'))).toBe(false);
    expect(fs.readdirSync(path.join(out, 'office-js')).filter((f) => /^(word|outlook|powerpoint)-/.test(f))).toEqual(
      []
    );
  });

  it('in Chromium with everything but 127.0.0.1 blocked: office.js is served by this host and the pane shows the function reference', async () => {
    const context = await browser.newContext({ viewport: { width: 340, height: 700 } });
    const page = await context.newPage();
    const local: { url: string; status: number }[] = [];
    const blocked: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(base)) return route.continue();
      blocked.push(u);
      return route.abort('internetdisconnected');
    });
    page.on('response', (r) => local.push({ url: r.url(), status: r.status() }));
    await page.goto(`${base}taskpane.html`);
    await page.waitForSelector('.rf-fn', { timeout: 60_000 });

    expect(local).toContainEqual({ url: `${base}office-js/office.js`, status: 200 });
    expect(
      await page.evaluate(() => typeof (window as unknown as { Office?: { onReady?: unknown } }).Office?.onReady)
    ).toBe('function');
    // Nothing the pane needs was asked of the CDN (office.js may try its telemetry: blocked, harmlessly).
    expect(blocked.filter((u) => u.includes('appsforoffice.microsoft.com'))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
