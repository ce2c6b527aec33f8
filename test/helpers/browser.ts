/**
 * Browser tests run in Debian's Chromium driven by playwright-core, against dist/web served on
 * 127.0.0.1. Without Chromium they fail under CI=true with the install command, and elsewhere
 * report themselves as skipped, visibly (Jest does not list the names of skipped files).
 */
import fs from 'fs';
import path from 'path';
import type { AddressInfo } from 'net';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/** Debian's Chromium; CHROMIUM_PATH overrides it on other machines. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const INSTALL = 'apt-get install -y chromium';
export const WEB = path.resolve(__dirname, '../../dist/web');

const { createServer } = require('../../scripts/playground.js') as {
  createServer: (dir?: string) => import('http').Server;
};

/** `describe(name, body)` when Chromium is there; a failing or a visibly skipped test when it is not. */
export function describeInChromium(name: string, body: () => void): void {
  if (fs.existsSync(CHROMIUM)) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(
          `${CHROMIUM} not found: install it with \`${INSTALL}\` (Debian package; never \`npx playwright install\`)`
        );
      });
    });
  } else {
    console.warn(`SKIPPED: ${name}: ${CHROMIUM} not found (${INSTALL})`);
    describe(name, () => {
      it.skip(`SKIPPED: Chromium not installed (${INSTALL})`, () => undefined);
    });
  }
}

export interface BrowserSession {
  browser: Browser;
  /** `http://127.0.0.1:PORT/`, serving dist/web (`/` is the playground page). */
  base: string;
  close(): Promise<void>;
}

/** Serves dist/web and launches headless Chromium. `page` must have been built (npm test builds first). */
export async function startBrowser(page: string): Promise<BrowserSession> {
  if (!fs.existsSync(path.join(WEB, page)))
    throw new Error(`dist/web/${page} is missing: run \`npm run build\` first (npm test does it for you)`);
  const server = createServer(WEB);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    browser,
    base,
    close: async () => {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * Records every Content-Security-Policy violation in the pages of `context`, from before their
 * first script (init scripts run outside the page's CSP): read them with `cspViolations(page)`.
 * Chromium reports code compiled from strings (`eval`, `new Function`) with blockedURI "eval".
 */
export async function recordCspViolations(context: import('playwright-core').BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || 'page'}:${e.lineNumber})`
      );
    });
  });
}

export const cspViolations = (page: import('playwright-core').Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

/** The policy a built page declares in its `<meta http-equiv="Content-Security-Policy">`: directive → sources. */
export function declaredCsp(html: string): Map<string, string[]> {
  const m = /<meta http-equiv="?Content-Security-Policy"? content="([^"]*)"/i.exec(html);
  if (!m) throw new Error('no Content-Security-Policy meta element');
  return new Map(
    m[1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name.toLowerCase(), sources])
  );
}

export interface OpenedPage {
  page: import('playwright-core').Page;
  /** Uncaught page errors and console errors (a 404, such as a missing favicon, is one). */
  errors: string[];
  /** Messages of alert/confirm/prompt dialogs (each dismissed). */
  dialogs: string[];
  /** Requests that left the test server (each refused unless `fulfil` answered it). */
  external: string[];
  /** Every URL the page requested. */
  requests: string[];
}

export interface OpenPageOptions {
  /** Viewport width in CSS px (default 320, Excel's pane). */
  width?: number;
  height?: number;
  /** Browser locale (navigator.language), default zh-CN. */
  locale?: string;
  /** Record Content-Security-Policy violations (read with `cspViolations`). */
  csp?: boolean;
  /** A script run before the page's own (stubs such as `Office`). */
  init?: () => void;
  /** Answers a request instead of the server or the refusal (a stubbed office.js, a canary script). */
  fulfil?: (url: string) => { contentType: string; body: string } | undefined;
  /** Wait for the playground's `body[data-ready]` (default: true for the playground page). */
  waitReady?: boolean;
}

/**
 * Opens a page of dist/web in a fresh context: the pane's width and the user's locale, downloads
 * accepted, every error, dialog and outside request recorded, nothing fetched from outside.
 * `path` is relative to the server (`''` is the playground, `taskpane.html`) or a full URL.
 */
export async function openPage(session: BrowserSession, path = '', o: OpenPageOptions = {}): Promise<OpenedPage> {
  const context = await session.browser.newContext({
    viewport: { width: o.width ?? 320, height: o.height ?? 900 },
    locale: o.locale ?? 'zh-CN',
    acceptDownloads: true,
  });
  if (o.csp) await recordCspViolations(context);
  if (o.init) await context.addInitScript(o.init);
  const page = await context.newPage();
  const opened: OpenedPage = { page, errors: [], dialogs: [], external: [], requests: [] };
  page.on('pageerror', (e) => opened.errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && opened.errors.push(`${m.text()} (${m.location().url})`));
  page.on('dialog', (d) => {
    opened.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    opened.requests.push(url);
    const answer = o.fulfil?.(url);
    if (url.startsWith(session.base) && !answer) return route.continue();
    if (url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    if (!url.startsWith(session.base)) opened.external.push(url);
    if (answer) return route.fulfill({ status: 200, ...answer });
    return route.abort();
  });
  const url = /^https?:/.test(path) ? path : `${session.base}${path}`;
  await page.goto(url);
  if (o.waitReady ?? (path === '' || path === 'playground.html' || url === session.base))
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return opened;
}

/** Waits until the pane is not working any more. */
export const paneIdle = (page: import('playwright-core').Page) =>
  page.waitForFunction(() => !document.querySelector('main[aria-busy="true"]'));

/** Where screenshots go (kept by CI as test artefacts; ignored by git). */
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');
