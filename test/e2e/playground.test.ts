/**
 * The scenario pane end to end in a real browser (Debian's Chromium via playwright-core): the
 * playground page (dist/web/playground.html, the pane over the headless engine holding the
 * flagship workbook) at Excel's pane width. Defines inputs (defined names) and outputs (the
 * selected cells), makes scenarios, applies each and checks the outputs against an
 * independent calculation written here, compares them, writes the comparison sheet,
 * downloads the .xlsx, opens it again and finds the scenarios; a scenario named like markup
 * stays text.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Page } from 'playwright-core';
import { BrowserSession, describeInChromium, openPage, paneIdle, startBrowser } from '../helpers/browser';
import { EnginePort } from '../../src/workbook/engine-port';
import { openPane } from '../../src/taskpane/handlers';
import { FLAGSHIP_FUNDING, flagshipFunding } from '../helpers/flagship-funding';
import { expectClose } from '../helpers/tolerance';

const PANE_WIDTH = 320;
const XSS = '<img src=x onerror=alert(1)>';

/** The flagship's inputs (src/examples/flagship.ts 假设) and policy numbers (FUNCTIONS.md), restated here. */
const F = {
  cap: FLAGSHIP_FUNDING.cap,
  loanYears: FLAGSHIP_FUNDING.loanYears,
  sewageCapacity: 40_000,
  loadStart: 0.7,
  loadStep: 0.05,
  loadMax: 0.95,
  priceGrowth: 0.015,
  years: 25,
  sewageFee: 1.75,
};

/** Independent calculations of the outputs, from the inputs only (funding: test/helpers/flagship-funding.ts). */
const central = (cap: number) => flagshipFunding({ cap }).centralCap;
const loan = (cap: number) => flagshipFunding({ cap }).loan;
const payment = (cap: number, years: number) => flagshipFunding({ cap, years }).payment;
function sewageFees(fee: number): number {
  let total = 0;
  for (let t = 1; t <= F.years; t++)
    total +=
      F.sewageCapacity *
      Math.min(F.loadMax, F.loadStart + F.loadStep * (t - 1)) *
      365 *
      fee *
      (1 + F.priceGrowth) ** (t - 1);
  return total;
}

describeInChromium('scenario pane in the playground (Chromium)', () => {
  let session: BrowserSession;
  let tmp: string;

  beforeAll(async () => {
    session = await startBrowser('playground.html');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-playground-'));
  });

  afterAll(async () => {
    await session?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const open = (locale = 'zh-CN') => openPage(session, '', { width: PANE_WIDTH, locale });

  /** Waits until the pane is not working any more. */
  const idle = paneIdle;

  async function select(page: Page, ref: string): Promise<void> {
    await page.fill('#pg-selection', ref);
    await page.press('#pg-selection', 'Enter');
    await page.waitForFunction(() => /已选中|Selected/.test(document.getElementById('pg-status')?.textContent ?? ''));
  }

  async function newScenario(page: Page, name: string, bureau = ''): Promise<void> {
    const before = await page.locator('.rf-scenario').count();
    await page.fill('#rf-new-name', name);
    if (bureau) await page.fill('#rf-new-bureau', bureau);
    await page.click('#rf-capture');
    await page.waitForFunction((n) => document.querySelectorAll('.rf-scenario').length === n + 1, before);
  }

  /** Sets one value of a scenario in its editor (`input` is the input's id: in1 central_cap, in2 loan_years, in3 sewage_fee). */
  async function setValue(page: Page, id: string, input: string, value: string): Promise<void> {
    await page.click(`#rf-edit-${id}`);
    await page.fill(`#rf-edit-value-${input}`, value);
    await page.click('#rf-edit-save');
    await page.waitForSelector('#rf-edit-save', { state: 'detached' });
    await idle(page);
  }

  async function applied(page: Page, id: string): Promise<Record<string, number>> {
    await page.click(`#rf-apply-${id}`);
    await page.waitForSelector(`.rf-scenario-applied[data-id="${id}"]`);
    await idle(page);
    const outputs = await page.$$eval('#rf-applied dd', (dds) =>
      dds.map((d) => [(d as HTMLElement).dataset.output!, Number((d as HTMLElement).dataset.value)])
    );
    const labels = await page.$$eval('#rf-applied dt', (dts) => dts.map((d) => d.textContent ?? ''));
    return Object.fromEntries(outputs.map(([, v], i) => [labels[i], v as number]));
  }

  it('makes, applies, compares, saves and reloads scenarios on the flagship workbook', async () => {
    const { page, errors, dialogs, external } = await open();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');

    // Setup: three defined names as inputs; outputs from the selection (a 3-cell range and two cells).
    await page.click('#rf-tab-setup');
    for (const name of ['sewage_fee', 'central_cap', 'loan_years']) {
      await page.fill('#rf-name-filter', name);
      await page.check(`input[type="checkbox"][data-name="${name}"]`);
    }
    await page.fill('#rf-name-filter', '');
    await page.click('#rf-names-to-inputs');
    await page.waitForSelector('.rf-items li[data-ref="sewage_fee"]');
    await select(page, "'评价'!C5:C7");
    await page.click('#rf-sel-to-outputs');
    await page.waitForSelector('.rf-items li[data-ref="评价!C7"]');
    for (const ref of ["'投资与融资'!C13", "'现金流'!H32"]) {
      await select(page, ref);
      await page.click('#rf-sel-to-outputs');
      await idle(page);
    }
    expect(await page.$$eval('.rf-items li', (lis) => lis.map((l) => (l as HTMLElement).dataset.ref))).toEqual([
      'central_cap',
      'loan_years',
      'sewage_fee',
      '评价!C5',
      '评价!C6',
      '评价!C7',
      '投资与融资!C13',
      '现金流!H32',
    ]);
    // Give the outputs readable labels (as an analyst would).
    for (const [ref, label] of [
      ['评价!C5', 'central'],
      ['评价!C7', 'loan'],
      ['投资与融资!C13', 'payment'],
      ['现金流!H32', 'fees'],
    ]) {
      const field = page.locator(`.rf-items li[data-ref="${ref}"] input`).first();
      await field.fill(label);
      await field.press('Tab');
      await idle(page);
    }

    // Scenarios: the base, then three policy options.
    await page.click('#rf-tab-scenarios');
    await newScenario(page, '基准', '万州区财政局');
    await newScenario(page, '提高污水处理费');
    await setValue(page, 's2', 'in3', '2.1');
    await newScenario(page, '争取更多中央资金');
    await setValue(page, 's3', 'in1', '80,000,000');
    await newScenario(page, '银行贷款期限20年');
    await setValue(page, 's4', 'in2', '20');
    await newScenario(page, XSS);

    const cases: [string, { fee: number; cap: number; years: number }][] = [
      ['s1', { fee: F.sewageFee, cap: F.cap, years: F.loanYears }],
      ['s2', { fee: 2.1, cap: F.cap, years: F.loanYears }],
      ['s3', { fee: F.sewageFee, cap: 80e6, years: F.loanYears }],
      ['s4', { fee: F.sewageFee, cap: F.cap, years: 20 }],
    ];
    for (const [id, x] of cases) {
      const out = await applied(page, id);
      expectClose(out.central, central(x.cap));
      expectClose(out.loan, loan(x.cap));
      expectClose(out.payment, payment(x.cap, x.years));
      expectClose(out.fees, sewageFees(x.fee), 1e-9);
    }
    await page.click('#rf-restore');
    await page.waitForSelector('#rf-applied', { state: 'detached' });

    // Compare every scenario against the base and write the comparison sheet.
    await page.click('#rf-tab-compare');
    await page.selectOption('#rf-base', 's1');
    await page.click('#rf-compare');
    // At the pane's width the comparison is one card per output (the table is for wider panes).
    await page.waitForSelector('#rf-compare-cards');
    expect(await page.isVisible('#rf-compare-table')).toBe(false);
    const loanRow = await page.$$eval('#rf-compare-cards .rf-out-card[data-output="out3"] dd', (dds) =>
      dds.map((dd) => Number((dd as HTMLElement).dataset.value))
    );
    expect(loanRow).toHaveLength(5);
    expectClose(loanRow[2], loan(80e6));
    const saved = loan(F.cap) - loan(80e6); // 60 % of the extra 30 M is expected, and the interest on it saved
    expect(
      await page.textContent('#rf-compare-cards .rf-out-card[data-output="out3"] dd:nth-of-type(3) .rf-diff')
    ).toContain(`−${Math.round(saved).toLocaleString('en-US')}`);
    await page.click('#rf-write-sheet');
    await page.waitForFunction(() => /已添加工作表/.test(document.getElementById('rf-notice')?.textContent ?? ''));
    const sheetName = /“(.+)”/.exec((await page.textContent('#rf-notice'))!)![1];

    // Download, then open the downloaded file in the playground and in Node.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#pg-download')]);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toBe('wanzhou-flagship-project.xlsx');
    const port = await EnginePort.fromBytes(new Uint8Array(fs.readFileSync(file)));
    const state = await openPane(port);
    expect(state.store.readOnly).toBeUndefined();
    expect(state.store.doc.scenarios.map((s) => s.name)).toEqual([
      '基准',
      '提高污水处理费',
      '争取更多中央资金',
      '银行贷款期限20年',
      XSS,
    ]);
    expect(port.sheetNames()).toContain(sheetName);
    expect(await port.readValues(['sewage_fee', 'central_cap', 'loan_years'])).toEqual([1.75, 50e6, 15]); // the user's values, restored

    await page.click('#rf-tab-scenarios');
    await page.setInputFiles('#pg-open', file);
    await page.waitForFunction(() => /已打开/.test(document.getElementById('pg-status')?.textContent ?? ''));
    await page.waitForSelector('.rf-scenario[data-id="s5"]');
    expect(await page.$$eval('.rf-scenario-name', (els) => els.map((e) => e.textContent))).toEqual([
      '基准',
      '提高污水处理费',
      '争取更多中央资金',
      '银行贷款期限20年',
      XSS,
    ]);
    const out = await applied(page, 's3');
    expectClose(out.central, 80e6);

    // Markup in a scenario name is text: the literal string in a text node, no element, no dialog.
    const xss = page.locator('.rf-scenario[data-id="s5"] .rf-scenario-name');
    expect(
      await xss.evaluate(
        (e) => e.childNodes.length === 1 && e.firstChild!.nodeType === Node.TEXT_NODE && e.firstChild!.nodeValue
      )
    ).toBe(XSS);
    expect(await page.$$eval('#app img', (imgs) => imgs.length)).toBe(0);
    await page.click('#rf-tab-compare');
    await page.click('#rf-compare');
    await page.waitForSelector('#rf-compare-cards dt[data-id="s5"]');
    expect(await page.textContent('#rf-compare-cards dt[data-id="s5"]')).toBe(XSS);
    expect(await page.textContent('#rf-compare-table th[data-id="s5"]')).toBe(XSS);
    await page.waitForTimeout(100);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  });

  it(`fits ${PANE_WIDTH} px, has labelled controls and keyboard-navigable tabs, and switches language`, async () => {
    const { page, errors } = await open('en-US');
    expect(await page.textContent('#rf-tab-scenarios')).toBe('Scenarios');
    await page.focus('#rf-tab-scenarios');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rf-tab-setup');
    expect(await page.getAttribute('#rf-tab-setup', 'aria-selected')).toBe('true');
    expect(await page.isVisible('#rf-panel-setup')).toBe(true);
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rf-tab-functions');
    expect(await page.isVisible('.rf-fn')).toBe(true); // the function reference stays one view of the pane
    await page.click('.rf-lang-btn[data-lang="zh-CN"]');
    expect(await page.textContent('#rf-tab-functions')).toBe('函数');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    for (const v of ['scenarios', 'setup', 'compare', 'functions']) {
      await page.click(`#rf-tab-${v}`);
      const { scroll, client } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(scroll).toBeLessThanOrEqual(client);
      // Every form control has a label.
      const unlabelled = await page.$$eval('#app input, #app select, #app textarea', (els) =>
        els.filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label')).map((e) => e.id)
      );
      expect(unlabelled).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
