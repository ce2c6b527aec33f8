/**
 * The pane's Share view end to end in a real browser (Debian's Chromium via playwright-core),
 * on the playground: two copies of the flagship with different scenarios (made in Node with
 * the engine port). Export from the housing bureau's copy (a .reuse-scenarios.json download),
 * open the finance bureau's copy, import the file: the plan shows what is new, skipped and
 * renamed and which inputs differ with both values; nothing is written until confirmed; then
 * the scenarios are there, also after download. The same straight from the .xlsx. "Prepare a
 * copy for sharing" downloads a workbook whose formulas call no REUSE function (read with
 * ExcelJS here), and "Repair formulas" finds and fixes a corrupted formula.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { BrowserSession, describeInChromium, openPage, paneIdle, startBrowser } from '../helpers/browser';
import { workbookBytes } from '../../src/examples/xlsx-bytes';
import { buildFlagshipWorkbook } from '../../src/examples/flagship';
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

/** A flagship copy with inputs sewage_fee and loan_years, one output, and scenarios (fee, years, bureau). */
async function bureauWorkbook(scenarios: [string, number, number, string][], corrupt = false): Promise<Uint8Array> {
  const { workbook } = buildFlagshipWorkbook();
  if (corrupt) {
    const ws = workbook.getWorksheet('评价')!;
    ws.getCell('H1').value = {
      formula: '[1]!_xldudf_REUSE_POLICY("central.cap")',
      result: { error: '#REF!' },
    } as ExcelJS.CellFormulaValue;
  }
  const port = await EnginePort.fromBytes(await workbookBytes(workbook));
  let state: PaneState = await openPane(port);
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
  return port.toBytes();
}

describeInChromium('Share view in the playground (Chromium)', () => {
  let session: BrowserSession;
  let tmp: string;
  let housingFile: string;
  let financeFile: string;

  beforeAll(async () => {
    session = await startBrowser('playground.html');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-share-'));
    housingFile = path.join(tmp, '住建局模型.xlsx');
    financeFile = path.join(tmp, '财政局模型.xlsx');
    fs.writeFileSync(
      housingFile,
      await bureauWorkbook(
        [
          ['基准', 1.75, 15, '住建局'],
          ['高收费方案', 2.4, 15, '住建局'],
          ['延长贷款期限', 1.75, 20, '住建局'],
        ],
        true
      )
    );
    fs.writeFileSync(
      financeFile,
      await bureauWorkbook([
        ['基准', 1.75, 15, '财政局'],
        ['高收费方案', 2.1, 15, '财政局'],
      ])
    );
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const open = () => openPage(session, '', { width: 320, locale: 'zh-CN' });
  const idle = paneIdle;

  async function openWorkbook(page: Page, file: string): Promise<void> {
    await page.setInputFiles('#pg-open', file);
    await page.waitForFunction(
      (name) => (document.getElementById('pg-status')?.textContent ?? '').includes(name),
      path.basename(file)
    );
    await page.click('#rf-tab-share');
  }

  let downloads = 0;
  async function download(page: Page, selector: string): Promise<string> {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    const dir = path.join(tmp, `download-${++downloads}`);
    fs.mkdirSync(dir);
    const file = path.join(dir, d.suggestedFilename());
    await d.saveAs(file);
    await idle(page);
    return file;
  }

  async function scenariosIn(file: string): Promise<string[]> {
    const state = await openPane(await EnginePort.fromBytes(new Uint8Array(fs.readFileSync(file))));
    return state.store.doc.scenarios.map((s) => s.name);
  }

  it.each(['exchange file', 'xlsx'] as const)(
    'moves scenarios from one workbook to another via the %s: plan first, write after confirming',
    async (via) => {
      const { page, errors, external } = await open();
      let source = housingFile;
      if (via === 'exchange file') {
        await openWorkbook(page, housingFile);
        await page.uncheck('#rf-exp-s3'); // leave one out
        await page.fill('#rf-exp-bureau', '住建局');
        await page.fill('#rf-exp-author', '李四');
        source = await download(page, '#rf-export');
        expect(path.basename(source)).toBe('住建局模型.reuse-scenarios.json');
        const file = JSON.parse(fs.readFileSync(source, 'utf8'));
        expect(file.provenance).toMatchObject({ bureau: '住建局', author: '李四', sourceWorkbook: '住建局模型.xlsx' });
        expect(file.scenarios.map((s: { name: string }) => s.name)).toEqual(['基准', '高收费方案']);
      }

      await openWorkbook(page, financeFile);
      await page.setInputFiles('#rf-import-file', source);
      await page.waitForSelector('#rf-import-plan');
      const rows = await page.$$eval('.rf-plan-item', (lis) =>
        lis.map((l) => [(l as HTMLElement).dataset.action, (l as HTMLElement).dataset.name])
      );
      expect(rows).toEqual([
        ['skip', '基准'],
        ['rename', '高收费方案（住建局）'],
        ...(via === 'xlsx' ? [['add', '延长贷款期限']] : []),
      ]);
      const diff = await page.$$eval('.rf-plan-diffs tbody tr', (trs) =>
        trs.map((tr) => [
          (tr as HTMLElement).dataset.ref,
          tr.querySelector('.rf-plan-here')!.textContent,
          tr.querySelector('.rf-plan-incoming')!.textContent,
        ])
      );
      expect(diff).toEqual([['sewage_fee', '2.1', '2.4']]);
      expect(await page.textContent('#rf-plan-summary')).toBe(
        via === 'xlsx'
          ? '新增 1 个，重命名 1 个，跳过 1 个（完全相同）。'
          : '新增 0 个，重命名 1 个，跳过 1 个（完全相同）。'
      );

      // Nothing written before confirming.
      const before = await download(page, '#pg-download');
      expect(await scenariosIn(before)).toEqual(['基准', '高收费方案']);

      await page.click('#rf-import-confirm');
      await page.waitForSelector('#rf-import-plan', { state: 'detached' });
      expect(await page.textContent('#rf-notice')).toMatch(/已导入/);
      const after = await download(page, '#pg-download');
      expect(await scenariosIn(after)).toEqual([
        '基准',
        '高收费方案',
        '高收费方案（住建局）',
        ...(via === 'xlsx' ? ['延长贷款期限'] : []),
      ]);
      await page.click('#rf-tab-scenarios');
      expect(await page.$$eval('.rf-scenario-name', (els) => els.map((e) => e.textContent))).toContain(
        '高收费方案（住建局）'
      );
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
      await page.close();
    }
  );

  it('prepares a copy for sharing without any REUSE formula, and repairs a corrupted formula after confirming', async () => {
    const { page, errors } = await open();
    await openWorkbook(page, housingFile);

    const copy = await download(page, '#rf-share-copy');
    expect(path.basename(copy)).toBe('住建局模型（共享副本）.xlsx');
    expect(await page.textContent('#rf-notice')).toMatch(/REUSE 公式替换为数值/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(copy) as unknown as ExcelJS.Buffer);
    const reuse: string[] = [];
    let formulas = 0;
    for (const ws of wb.worksheets) {
      if (ws.name.startsWith('快照说明')) continue; // the notes sheet lists the original formulas
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type !== ExcelJS.ValueType.Formula) return;
          formulas++;
          if (/REUSE|_xldudf_/i.test(cell.formula ?? '')) reuse.push(`${ws.name}!${cell.address}`);
        })
      );
    }
    expect(reuse).toEqual([]);
    expect(formulas).toBeGreaterThan(0); // the other formulas stay
    expect(wb.getWorksheet('快照说明 Snapshot')).toBeDefined();
    expect(wb.getWorksheet('快照说明 Snapshot')!.getCell('B7').value).toBeGreaterThan(10); // formulas replaced

    await page.click('#rf-repair-find');
    await page.waitForSelector('#rf-repairs');
    const cells = await page.$$eval('#rf-repairs tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.children).map((c) => c.textContent))
    );
    expect(cells).toEqual([
      ['评价!H1', '=[1]!_xldudf_REUSE_POLICY("central.cap")', '=_xldudf_REUSE_POLICY("central.cap")'],
    ]);
    await page.click('#rf-repair-confirm');
    await page.waitForSelector('#rf-repairs', { state: 'detached' });
    expect(await page.textContent('#rf-notice')).toMatch(/已修复 1 个公式/);
    const repaired = await download(page, '#pg-download');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(fs.readFileSync(repaired) as unknown as ExcelJS.Buffer);
    expect(wb2.getWorksheet('评价')!.getCell('H1').formula).toBe('_xldudf_REUSE_POLICY("central.cap")');
    expect(await scenariosIn(repaired)).toEqual(['基准', '高收费方案', '延长贷款期限']);
    await page.click('#rf-repair-find');
    await page.waitForFunction(() =>
      /没有需要修复的公式/.test(document.getElementById('rf-notice')?.textContent ?? '')
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000); // snapshot and repair run the engine in the page: slow on a shared 2-core machine
});
