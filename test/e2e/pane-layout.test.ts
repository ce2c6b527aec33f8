/**
 * The pane as an analyst uses it (issue 15), in Debian's Chromium at Excel's pane width (340 px)
 * and at 800 px, in both languages, with a screenshot of each view saved under
 * test-artifacts/pane/ (CI keeps them as artefacts; Chinese text needs fonts-noto-cjk):
 *   - the editor shows values in their cells' formats (140,000,000 · 2.50% · 2024-09-01), refuses
 *     两元 in a number cell with the reason beside the field, in the pane's language;
 *   - after Apply the notice and the outputs are next to the button pressed, and have the focus;
 *   - inputs taken from defined names carry the workbook's label and unit;
 *   - Compare lays out for the width: cards at 340 px (no sideways scrolling), the table at 800 px;
 *   - the function reference shows Chinese units; the playground toolbar follows the language;
 *   - no request for /favicon.ico; the pane opened outside Office says what needs Excel and
 *     where the playground is, in the browser's language.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, BrowserSession, describeInChromium, openPage, paneIdle, startBrowser } from '../helpers/browser';
import { buildFlagshipWorkbook } from '../../src/examples/flagship';
import { workbookBytes } from '../../src/examples/xlsx-bytes';
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
const SHOTS = path.join(ARTIFACTS, 'pane');
const INPUTS = ['bond_principal', 'bond_coupon', 'bond_issue_date', 'sewage_fee'];

/** The flagship with four inputs from defined names (money, percent, date, price), four outputs and three scenarios. */
async function analystWorkbook(): Promise<Uint8Array> {
  const port = await EnginePort.fromBytes(await workbookBytes(buildFlagshipWorkbook().workbook));
  let state: PaneState = await openPane(port);
  state = await addFromNames(
    port,
    state,
    (await port.definedNames()).filter((n) => INPUTS.includes(n.name)),
    'input'
  );
  port.setSelection("'评价'!C5:C7");
  state = await addFromSelection(port, state, 'output');
  port.setSelection("'投资与融资'!C13");
  state = await addFromSelection(port, state, 'output');
  const id = (name: string) => state.store.doc.model.inputs.find((i) => i.ref === name)!.id;
  for (const [name, coupon, fee] of [
    ['基准', 0.025, 1.75],
    ['票面利率3%', 0.03, 1.75],
    ['提高污水处理费', 0.025, 2.1],
  ] as const) {
    state = await createScenario(port, state, { name, bureau: '万州区财政局' }, T0);
    const s = state.store.doc.scenarios[state.store.doc.scenarios.length - 1];
    state = await editScenario(
      port,
      state,
      s.id,
      { values: { [id('bond_coupon')]: coupon, [id('sewage_fee')]: fee } },
      T0
    );
  }
  return port.toBytes();
}

describeInChromium('the pane at 340 px and 800 px, in both languages (Chromium, screenshots)', () => {
  let session: BrowserSession;
  let tmp: string;
  let file: string;

  beforeAll(async () => {
    session = await startBrowser('playground.html');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-layout-'));
    file = path.join(tmp, '万州模型.xlsx');
    fs.writeFileSync(file, await analystWorkbook());
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const noSideScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

  const cases = [340, 800].flatMap((width) => (['zh-CN', 'en-US'] as const).map((lang) => [width, lang] as const));

  it.each(cases)('%i px, %s', async (width, lang) => {
    const zh = lang === 'zh-CN';
    const { page, errors, external, requests } = await openPage(session, '', { width, locale: lang });
    const tag = `${lang}-${width}`;
    // The toolbar is in the pane's language; switching the pane switches it.
    expect(await page.textContent('#pg-download')).toBe(zh ? '下载 .xlsx' : 'Download .xlsx');
    await page.setInputFiles('#pg-open', file);
    await page.waitForSelector('.rf-scenario[data-id="s3"]');

    // Inputs from defined names: the workbook's label and unit, not `bond_coupon`.
    await page.click('#rf-tab-setup');
    const labels = await page.$$eval('.rf-items li', (lis) =>
      lis.map((li) => [
        (li as HTMLElement).dataset.ref,
        (li.querySelector('input') as HTMLInputElement).value,
        (li.querySelectorAll('input')[1] as HTMLInputElement).value,
      ])
    );
    expect(labels.slice(0, 4)).toEqual([
      ['bond_coupon', '专项债券票面利率 Bond coupon rate', '年利率 rate'],
      ['bond_issue_date', '专项债券发行日 Bond issue date', '日期 date'],
      ['bond_principal', '专项债券发行规模 Special bond principal', '元 yuan'],
      ['sewage_fee', '污水处理服务费单价（不含税） Sewage treatment service fee (ex VAT)', '元/m³'],
    ]);
    expect(await noSideScroll(page)).toBe(true);
    await shot(page, `${tag}-setup`);

    // The editor: values in the cells' formats; a wrong value refused beside its field.
    await page.click('#rf-tab-scenarios');
    await page.click('#rf-edit-s2');
    await page.waitForSelector('#rf-edit-value-in1');
    expect(await page.inputValue('#rf-edit-value-in1')).toBe('3.00%');
    expect(await page.inputValue('#rf-edit-value-in2')).toBe('2024-09-01');
    expect(await page.inputValue('#rf-edit-value-in3')).toBe('140,000,000');
    expect(await page.inputValue('#rf-edit-value-in4')).toBe('1.75');
    await page.fill('#rf-edit-value-in3', '两元');
    await page.press('#rf-edit-value-in3', 'Tab');
    expect(await page.textContent('#rf-edit-value-in3-error')).toBe(
      zh
        ? '“两元”不是数字。请输入数字，例如 1,234.5（此单元格为数值）。'
        : '“两元” is not a number. Type digits, such as 1,234.5 (this cell holds a number).'
    );
    await page.click('#rf-edit-save');
    expect(await focusedId(page)).toBe('rf-edit-value-in3');
    expect(await page.getAttribute('#rf-notice', 'data-kind')).toBe('error');
    await shot(page, `${tag}-editor-error`);
    // Fixed, and the same date typed the other way (the model stays as it was).
    await page.fill('#rf-edit-value-in3', '140,000,000');
    await page.fill('#rf-edit-value-in2', zh ? '2024年9月1日' : '2024/9/1');
    await page.click('#rf-edit-save');
    await page.waitForSelector('#rf-edit-save', { state: 'detached' });
    await paneIdle(page);

    // Apply the last scenario: the notice, the outputs and Restore are in its entry, the notice has the focus.
    await page.click('#rf-apply-s3');
    await page.waitForSelector('.rf-scenario[data-id="s3"] #rf-applied');
    await paneIdle(page);
    expect(await focusedId(page)).toBe('rf-notice');
    expect(await page.$eval('#rf-notice', (n) => !!n.closest('.rf-scenario[data-id="s3"]'))).toBe(true);
    const box = await page.$eval('#rf-notice', (n) => n.getBoundingClientRect().top);
    expect(box).toBeGreaterThanOrEqual(0); // scrolled into view
    expect(box).toBeLessThan(await page.evaluate(() => window.innerHeight));
    expect(await noSideScroll(page)).toBe(true);
    await shot(page, `${tag}-applied`);
    await page.click('#rf-restore');
    await page.waitForSelector('#rf-applied', { state: 'detached' });

    // Compare: cards where the pane is narrow, the table where there is room.
    await page.click('#rf-tab-compare');
    await page.click('#rf-compare');
    await page.waitForSelector('#rf-comparison');
    await paneIdle(page);
    expect(await page.isVisible('#rf-compare-cards')).toBe(width < 480);
    expect(await page.isVisible('#rf-compare-table')).toBe(width >= 480);
    expect(await page.$$eval('#rf-compare-cards .rf-out-card', (c) => c.length)).toBe(4);
    expect(await noSideScroll(page)).toBe(true);
    // No sign on zero: the coupon does not change 评价!C5 (central support).
    const diffs = await page.$$eval('#rf-compare-cards .rf-out-card[data-output="out1"] .rf-diff', (d) =>
      d.map((e) => e.textContent)
    );
    expect(diffs).toEqual(zh ? ['较基准 无变化', '较基准 无变化'] : ['vs base no change', 'vs base no change']);
    await shot(page, `${tag}-compare`);

    // The function reference: Chinese units in Chinese.
    await page.click('#rf-tab-functions');
    const units = await page.$$eval('.rf-param-unit', (u) => [...new Set(u.map((e) => e.textContent))]);
    if (zh) expect(units.filter((u) => /\b(yuan|years|rate|share)\b/.test(u ?? ''))).toEqual([]);
    else expect(units).toContain('yuan');
    await shot(page, `${tag}-functions`);

    // The toolbar follows the language switch.
    await page.click(`.rf-lang-btn[data-lang="${zh ? 'en-US' : 'zh-CN'}"]`);
    expect(await page.textContent('#pg-download')).toBe(zh ? 'Download .xlsx' : '下载 .xlsx');

    expect(requests.filter((u) => /favicon/.test(u))).toEqual([]);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  });

  it.each(['zh-CN', 'en-US'] as const)(
    'outside Office (office.js unreachable), in %s: says scenarios need Excel and where the playground is',
    async (lang) => {
      const { page, requests } = await openPage(session, 'taskpane.html', {
        width: 340,
        locale: lang,
        waitReady: false,
      });
      await page.waitForSelector('#rf-outside');
      const text = await page.textContent('#rf-outside');
      expect(text).toContain(lang === 'zh-CN' ? '情景工具' : 'The scenario tools');
      expect(await page.getAttribute('#rf-outside a', 'href')).toBe('playground.html');
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(requests.filter((u) => /favicon/.test(u))).toEqual([]);
      await shot(page, `${lang}-340-outside-office`);
      await page.close();
    }
  );
});
