/**
 * The Analysis tab (分析) end to end in Chromium: the playground holding the flagship workbook,
 * three defined names as inputs (sewage fee, fixed O&M, expected share of central support) and
 * two headline figures as outputs (project NPV, minimum DSCR); a sensitivity and a Monte Carlo
 * run at Excel's pane width (340 px) and at 800 px, in both languages, with screenshots saved to
 * test-artifacts/analysis/. The workbook downloaded after the analyses holds exactly what it held
 * before them, and the numbers on screen agree with the engine run here in Node.
 */
import fs from 'fs';
import path from 'path';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import {
  BrowserSession,
  cspViolations,
  describeInChromium,
  recordCspViolations,
  startBrowser,
} from '../helpers/browser';
import { openWorkbook } from '../../src/api';
import { buildFlagshipWorkbook } from '../../src/examples/flagship';
import { workbookBytes } from '../../src/examples/xlsx-bytes';
import { expectClose } from '../helpers/tolerance';

const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/analysis');
const INPUTS = ['sewage_fee', 'om_fixed', 'central_expected_share'];
const NPV = '评价!C12';
const MIN_DSCR = '评价!C20';

/** Every part of a saved package, by name, as text (the zip's own entry dates may differ). */
async function parts(bytes: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort())
    if (!zip.files[name].dir) out[name] = await zip.files[name].async('string');
  return out;
}

describeInChromium('analysis tab in the playground (Chromium)', () => {
  let session: BrowserSession;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    session = await startBrowser('playground.html');
    ({ browser, base } = session);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await session?.close();
  });

  const idle = (page: Page) =>
    page.waitForFunction(() => !document.querySelector('main[aria-busy="true"]'), undefined, { timeout: 120_000 });
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const noOverflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  async function setLang(page: Page, lang: 'zh-CN' | 'en-US') {
    await page.click(`.rf-lang-btn[data-lang="${lang}"]`);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
  async function download(page: Page): Promise<Buffer> {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#pg-download')]);
    return fs.readFileSync((await d.path())!);
  }

  it('runs a sensitivity and a Monte Carlo on the flagship at 340 and 800 px in both languages; the workbook is unchanged', async () => {
    const context = await browser.newContext({
      viewport: { width: 340, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    await recordCspViolations(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && !/favicon/.test(m.location().url) && errors.push(m.text()));
    await page.goto(base);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });

    // Before any model: the tab sends the user to setup.
    await page.click('#rf-tab-analysis');
    expect(await page.textContent('#rf-tab-analysis')).toBe('分析');
    await page.click('#rf-an-go-setup');
    for (const name of INPUTS) {
      await page.fill('#rf-name-filter', name);
      await page.check(`input[type="checkbox"][data-name="${name}"]`);
    }
    await page.fill('#rf-name-filter', '');
    await page.click('#rf-names-to-inputs');
    await idle(page);
    for (const ref of [NPV, MIN_DSCR]) {
      await page.fill('#pg-selection', ref);
      await page.press('#pg-selection', 'Enter');
      await page.waitForFunction(() => /已选中|Selected/.test(document.getElementById('pg-status')?.textContent ?? ''));
      await page.click('#rf-sel-to-outputs');
      await idle(page);
    }
    const before = await download(page);

    // Sensitivity with the defaults (± 10 %, 5 points per input for the spider).
    await page.click('#rf-tab-analysis');
    const feeLow = '.rf-an-input[data-ref="sewage_fee"] input[id^="rf-an-low-"]';
    await page.waitForFunction(
      (sel) => (document.querySelector(sel) as HTMLInputElement | null)?.placeholder !== '',
      feeLow
    );
    expect(await page.getAttribute(feeLow, 'placeholder')).toBe('1.575'); // 1.75 × 0.9
    await page.click('#rf-an-run');
    await page.waitForSelector('#rf-an-tornado svg', { timeout: 120_000 });
    await idle(page);
    expect(await page.$$eval('#rf-an-tornado .rf-tornado-bar', (gs) => gs.length)).toBe(3);
    expect(await page.getAttribute('#rf-an-tornado svg', 'role')).toBe('img');
    expect(await page.getAttribute('#rf-an-tornado svg', 'aria-label')).toContain('龙卷风图');
    // The fee's ends, checked against the engine in Node with the fee set to 1.575 and 1.925.
    const rows = await page.$$eval('#rf-an-tornado-table tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.children).map((c) => c.textContent ?? ''))
    );
    const fee = rows.find((r) => r[1] === '1.575')!; // the fee's row (its label is the sheet's row label): low 1.75 × 0.9
    const numberOf = (s: string) => Number(s.replace(/[,\s]/g, ''));
    const wb = await openWorkbook(await workbookBytes(buildFlagshipWorkbook().workbook));
    try {
      for (const [i, v] of [
        [3, 1.575],
        [4, 1.925],
      ] as const) {
        await wb.set({ sewage_fee: v });
        expectClose(numberOf(fee[i]), (await wb.get([NPV]))[NPV] as number, 1e-6, 1); // shown to 2 decimals at most
      }
    } finally {
      wb.close();
    }
    expect(await page.$$eval('#rf-an-spider .rf-spider-series', (gs) => gs.length)).toBe(3);
    expect(await noOverflow(page)).toBe(true);
    await shot(page, 'sensitivity-340-zh-CN');
    await setLang(page, 'en-US');
    expect(await page.getAttribute('#rf-an-tornado svg', 'aria-label')).toContain('Tornado');
    await shot(page, 'sensitivity-340-en-US');

    // Monte Carlo: triangular around each current value, 200 runs, seed 1: how likely is a negative NPV?
    await page.check('#rf-an-kind-montecarlo');
    await page.selectOption('#rf-an-mc-output', { index: 0 });
    await page.fill('#rf-an-iterations', '200');
    await page.fill('#rf-an-threshold', '0');
    await page.click('#rf-an-run');
    await page.waitForSelector('#rf-an-histogram svg', { timeout: 180_000 });
    await idle(page);
    const counts = await page.$$eval('#rf-an-histogram .rf-bin', (rs) =>
      rs.map((r) => Number(r.getAttribute('data-count')))
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(200);
    expect(await page.$$eval('#rf-an-histogram .rf-mark-P50', (m) => m.length)).toBe(1);
    expect(await page.textContent('.rf-an-probability')).toMatch(
      /^In \d+(\.\d)?% of 200 runs, 项目投资净现值.+ is below 0\.$/
    );
    expect(await page.$$eval('#rf-an-cdf .rf-cdf-line', (m) => m.length)).toBe(1);
    expect(await noOverflow(page)).toBe(true);
    await shot(page, 'montecarlo-340-en-US');
    // The minimum DSCR's chance of falling below its current value (the default threshold), in Chinese.
    await page.selectOption('#rf-an-output', { index: 1 });
    await page.waitForSelector('#rf-an-histogram svg');
    await setLang(page, 'zh-CN');
    expect(await page.textContent('.rf-an-probability')).toMatch(/^在 200 次模拟中，.+低于 .+ 的占 \d+(\.\d)?%。$/);
    await shot(page, 'montecarlo-340-zh-CN');

    // 800 px: the charts are drawn again for the wider pane.
    await page.setViewportSize({ width: 800, height: 900 });
    await page.waitForFunction(
      () => Number(document.querySelector('#rf-an-histogram svg')?.getAttribute('data-width')) > 600
    );
    await setLang(page, 'en-US');
    expect(await noOverflow(page)).toBe(true);
    await shot(page, 'montecarlo-800-en-US');
    await setLang(page, 'zh-CN');
    await shot(page, 'montecarlo-800-zh-CN');
    await page.check('#rf-an-kind-sensitivity');
    await page.waitForSelector('#rf-an-tornado svg');
    expect(Number(await page.getAttribute('#rf-an-tornado svg', 'data-width'))).toBeGreaterThan(600);
    await shot(page, 'sensitivity-800-zh-CN');
    await setLang(page, 'en-US');
    await shot(page, 'sensitivity-800-en-US');

    // The workbook after both analyses: every part as before.
    const after = await download(page);
    expect(await parts(after)).toEqual(await parts(before));

    // Every control of the tab has a label.
    const unlabelled = await page.$$eval('#rf-panel-analysis input, #rf-panel-analysis select', (els) =>
      els.filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label')).map((e) => e.id)
    );
    expect(unlabelled).toEqual([]);

    // "Write results to a sheet": the engine adds it, and the download keeps it.
    await page.click('#rf-an-write');
    await page.waitForFunction(() => /Sheet “.+” added/.test(document.getElementById('rf-notice')?.textContent ?? ''));
    const withSheet = await JSZip.loadAsync(await download(page));
    const workbookXml = await withSheet.file('xl/workbook.xml')!.async('string');
    expect(workbookXml).toContain('敏感性分析 Sensitivity');
    expect(await cspViolations(page)).toEqual([]); // the analysis code loads and runs under the page's CSP
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);
});
