/**
 * @jest-environment jsdom
 *
 * The Analysis tab (views/analysis.ts) mounted alone over the FakePort and inside the shell,
 * driven by clicks and typing. The model: 模型!B2 (price, 2 yuan/m³) and 模型!B3 (volume, 1000 m³)
 * are inputs, 模型!B4 = B2 × B3 (revenue) is the output, so every expected number is a product
 * or a triangular-distribution probability written out in the test.
 */
import { mountApp } from '../../../src/taskpane/app';
import { PaneState, addFromSelection, openPane } from '../../../src/taskpane/handlers';
import { mountAnalysisView } from '../../../src/taskpane/views';
import type { ApplyResult, Write } from '../../../src/workbook/port';
import { FakePort } from '../../helpers/fake-port';
import { click, mountView, type } from './view-harness';

const num = (v: unknown) => (typeof v === 'number' ? v : NaN);

function modelPort(P: typeof FakePort = FakePort): FakePort {
  return new P(
    { '模型!A2': '水价（元/m³）', '模型!B2': 2, '模型!A3': '水量（m³）', '模型!B3': 1000, '模型!A4': '收入（元）' },
    { '模型!B4': (get) => num(get('模型!B2')) * num(get('模型!B3')) }
  );
}

/** Both inputs and the output set up (labels from the row: 水价（元/m³）, 水量（m³）, 收入（元）). */
async function withModel(port = modelPort()): Promise<FakePort> {
  let s: PaneState = await openPane(port);
  port.selected = '模型!B2:B3';
  s = await addFromSelection(port, s, 'input');
  port.selected = '模型!B4';
  await addFromSelection(port, s, 'output');
  return port;
}

const cellsOf = (port: FakePort) => [port.get('模型!B2'), port.get('模型!B3'), port.get('模型!B4')];
/** Waits for the current values the view reads on its first render (defaults and "now …"). */
const flush = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('analysis view', () => {
  it('without inputs and outputs sends the user to setup', async () => {
    const v = await mountView(mountAnalysisView, modelPort());
    click('rf-an-go-setup');
    expect(v.shown).toEqual(['setup']);
  });

  it('offers ± 10 % of the current values as default ranges', async () => {
    const v = await mountView(mountAnalysisView, await withModel());
    await flush();
    expect((document.getElementById('rf-an-low-in1') as HTMLInputElement).placeholder).toBe('1.8');
    expect((document.getElementById('rf-an-high-in1') as HTMLInputElement).placeholder).toBe('2.2');
    expect((document.getElementById('rf-an-low-in2') as HTMLInputElement).placeholder).toBe('900');
    expect(v.root.querySelector('.rf-an-input[data-id="in1"] .rf-an-now')!.textContent).toBe('now 2');
    // Every field is labelled, for a screen reader as for the eye.
    const unlabelled = Array.from(v.root.querySelectorAll('input, select')).filter(
      (e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label')
    );
    expect(unlabelled).toEqual([]);
  });

  it('runs a sensitivity: tornado bars sorted by swing and as long as it, the same numbers in a table, the workbook unchanged', async () => {
    const port = await withModel();
    const v = await mountView(mountAnalysisView, port);
    await flush();
    // Volume over 500 … 1000 (revenue 1000 … 2000, swing 1000); price by default ± 10 % (1800 … 2200, swing 400).
    type('rf-an-low-in2', '500');
    type('rf-an-high-in2', '1,000');
    click('rf-an-run');
    await v.settled();
    expect(v.notices.filter((n) => n.opts.kind === 'error')).toEqual([]);
    const rows = Array.from(v.root.querySelectorAll('#rf-an-tornado-table tbody tr')).map((tr) =>
      Array.from(tr.children).map((c) => c.textContent)
    );
    expect(rows).toEqual([
      ['水量（m³）', '500', '1000', '1,000.00', '2,000.00', '1,000.00'],
      ['水价（元/m³）', '1.8', '2.2', '1,800.00', '2,200.00', '400.00'],
    ]);
    const bars = Array.from(v.root.querySelectorAll('#rf-an-tornado .rf-tornado-bar'));
    const length = (g: Element) =>
      ['.rf-bar-low', '.rf-bar-high'].reduce((s, c) => s + Number(g.querySelector(c)!.getAttribute('width')), 0);
    expect(length(bars[0]) / length(bars[1])).toBeCloseTo(1000 / 400, 2);
    expect(v.root.querySelector('#rf-an-tornado svg')!.getAttribute('aria-label')).toBe(
      'Tornado: 收入（元） as each input moves over its range'
    );
    expect(v.root.querySelector('.rf-an-summary')!.textContent).toBe(
      '水量（m³） moves 收入（元） most: from 1,000.00 to 2,000.00.'
    );
    // The spider: 5 points per input; the price line at 1.8, 1.9, 2, 2.1, 2.2 → 1800 … 2200.
    const spider = Array.from(v.root.querySelectorAll('#rf-an-spider-table tbody tr')).map((tr) =>
      Array.from(tr.children).map((c) => c.textContent)
    );
    expect(spider[0]).toEqual(['水价（元/m³）', '1,800.00', '1,900.00', '2,000.00', '2,100.00', '2,200.00']);
    expect(cellsOf(port)).toEqual([2, 1000, 2000]);
    expect(port.cells.get('模型!B2')).toEqual({ value: 2 });
  });

  it('writes the results as a sheet', async () => {
    const port = await withModel();
    const v = await mountView(mountAnalysisView, port);
    await flush();
    click('rf-an-run');
    await v.settled();
    click('rf-an-write');
    await v.settled();
    expect(port.sheets.map((s) => s.name)).toEqual(['敏感性分析 Sensitivity']);
    expect(v.notices.at(-1)).toMatchObject({
      text: 'Sheet “敏感性分析 Sensitivity” added.',
      opts: { at: 'rf-an-write' },
    });
  });

  it('names the field when a range is not a number, and runs nothing', async () => {
    const port = await withModel();
    const v = await mountView(mountAnalysisView, port, { lang: 'zh-CN' });
    await flush();
    type('rf-an-low-in1', 'abc');
    click('rf-an-run');
    await v.settled();
    expect(v.notices.at(-1)).toMatchObject({
      text: '低值: 水价（元/m³）：“abc”不是数字。',
      opts: { at: 'rf-an-run', kind: 'error' },
    });
    expect(v.root.querySelector('#rf-an-results')).toBeNull();
  });

  it('runs a Monte Carlo with a triangular default and says how likely the threshold is', async () => {
    const port = await withModel();
    const v = await mountView(mountAnalysisView, port);
    await flush();
    (document.getElementById('rf-an-kind-montecarlo') as HTMLInputElement).click();
    await flush();
    expect((document.getElementById('rf-an-dist-in1') as HTMLSelectElement).value).toBe('triangular');
    expect(
      ['rf-an-p0-in1', 'rf-an-p1-in1', 'rf-an-p2-in1'].map(
        (id) => (document.getElementById(id) as HTMLInputElement).placeholder
      )
    ).toEqual(['1.8', '2', '2.2']);
    (document.getElementById('rf-an-use-in2') as HTMLInputElement).click(); // volume stays as it is
    type('rf-an-iterations', '400');
    type('rf-an-seed', '7');
    type('rf-an-threshold', '1900');
    click('rf-an-run');
    await v.settled();
    expect(v.notices.filter((n) => n.opts.kind === 'error')).toEqual([]);
    // Revenue = 1000 × price, price ~ triangular(1.8, 2, 2.2): P(revenue < 1900) = P(price < 1.9)
    // = (1.9 − 1.8)² / ((2.2 − 1.8)(2 − 1.8)) = 0.01 / 0.08 = 0.125. Latin hypercube sampling puts
    // one draw in each 1/400 of probability, so the share is within 1/400 of it.
    const p = Number(v.root.querySelector('.rf-an-probability')!.getAttribute('data-probability'));
    expect(Math.abs(p - 0.125)).toBeLessThanOrEqual(1 / 400 + 1e-12);
    expect(v.root.querySelector('.rf-an-probability')!.textContent).toMatch(
      /^In 12\.[45]% of 400 runs, 收入（元） is below 1,900\.00\.$/
    );
    const counts = Array.from(v.root.querySelectorAll('#rf-an-histogram .rf-bin')).map((r) =>
      Number(r.getAttribute('data-count'))
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(400);
    expect(v.root.querySelector('#rf-an-histogram .rf-mark-P50')).not.toBeNull();
    expect(v.root.querySelector('#rf-an-cdf .rf-cdf-line')).not.toBeNull();
    // The median of triangular(1.8, 2, 2.2) is its mode, 2: P50 of revenue ≈ 2000.
    const p50 = Array.from(v.root.querySelectorAll('#rf-an-cdf-table tbody tr')).find(
      (tr) => tr.firstElementChild!.textContent === 'P50'
    )!;
    expect(Math.abs(Number(p50.lastElementChild!.textContent!.replace(/,/g, '')) - 2000)).toBeLessThan(5);
    expect(cellsOf(port)).toEqual([2, 1000, 2000]);
  });

  it('runs a two-input data table and shades it as a heat map', async () => {
    const port = await withModel();
    const v = await mountView(mountAnalysisView, port);
    await flush();
    (document.getElementById('rf-an-kind-table') as HTMLInputElement).click();
    await flush();
    type('rf-an-row-values', '1, 2, 3');
    type('rf-an-col-values', '10 20');
    click('rf-an-run');
    await v.settled();
    const cell = (i: number, j: number) =>
      Number(
        v.root
          .querySelector(`#rf-an-heatmap .rf-heat-cell[data-row="${i}"][data-col="${j}"]`)!
          .getAttribute('data-value')
      );
    expect([cell(0, 0), cell(0, 1), cell(2, 0), cell(2, 1)]).toEqual([10, 20, 30, 60]);
    expect(v.root.querySelectorAll('#rf-an-heatmap .rf-heat-cell')).toHaveLength(6);
    expect(cellsOf(port)).toEqual([2, 1000, 2000]);
  });

  it('keeps the settings in the workbook (schema version 2) and starts from them next time', async () => {
    const port = await withModel();
    const v = await mountView(mountAnalysisView, port);
    await flush();
    type('rf-an-low-in2', '500'); // the high end comes from the default, 1000 × 1.1
    click('rf-an-save');
    await v.settled();
    (document.getElementById('rf-an-kind-montecarlo') as HTMLInputElement).click();
    const dist = document.getElementById('rf-an-dist-in1') as HTMLSelectElement;
    dist.value = 'pert';
    dist.dispatchEvent(new Event('change'));
    type('rf-an-p0-in1', '1.5');
    type('rf-an-seed', '42');
    click('rf-an-save');
    await v.settled();
    expect(v.notices.at(-1)).toMatchObject({ text: 'Saved in the workbook.', opts: { at: 'rf-an-save' } });
    const stored = JSON.parse((port.stored as { json: string }).json);
    expect(stored.schemaVersion).toBe(2);
    expect(stored.analysis.settings).toEqual({ seed: 42 });
    const byId = Object.fromEntries(stored.analysis.inputs.map((s: { inputId: string }) => [s.inputId, s]));
    // Only what was set is kept: no range for the price (its default stays ± 10 %); the volume's
    // triangular default follows its stored range 500 … 1100 around the current 1000.
    expect(byId.in1).toEqual({ inputId: 'in1', distribution: { type: 'pert', min: 1.5, mode: 2, max: 2.2 } });
    expect(byId.in2).toEqual({
      inputId: 'in2',
      low: 500,
      high: 1100,
      distribution: { type: 'triangular', min: 500, mode: 1000, max: 1100 },
    });
    // A new pane on the same workbook shows them as its defaults.
    const again = await mountView(mountAnalysisView, port);
    await flush();
    expect((document.getElementById('rf-an-low-in2') as HTMLInputElement).placeholder).toBe('500');
    (document.getElementById('rf-an-kind-montecarlo') as HTMLInputElement).click();
    expect((document.getElementById('rf-an-dist-in1') as HTMLSelectElement).value).toBe('pert');
    expect((document.getElementById('rf-an-p0-in1') as HTMLInputElement).placeholder).toBe('1.5');
    expect((document.getElementById('rf-an-seed') as HTMLInputElement).placeholder).toBe('42');
    expect(again.notices).toEqual([]);
  });

  it('adds an aggregate output for analysis only, refuses one that does not parse, and shows its tornado', async () => {
    const port = await withModel();
    const v = await mountView(mountAnalysisView, port, { lang: 'zh-CN' });
    await flush();
    type('rf-an-new-expr', 'median(模型!B2:B4)');
    click('rf-an-add-output');
    await v.settled();
    expect(v.notices.at(-1)).toMatchObject({ opts: { at: 'rf-an-add-output', kind: 'error' } });
    expect(v.notices.at(-1)!.text).toContain('不是单元格、名称或区域汇总');
    type('rf-an-new-expr', 'max(模型!B2:B4)');
    type('rf-an-new-label', '<b>largest</b>');
    click('rf-an-add-output');
    await v.settled();
    expect(JSON.parse((port.stored as { json: string }).json).analysis.outputs).toEqual([
      { id: 'aout1', expr: 'max(模型!B2:B4)', label: '<b>largest</b>', unit: '' },
    ]);
    click('rf-an-run');
    await v.settled();
    const picker = document.getElementById('rf-an-output') as HTMLSelectElement;
    expect(Array.from(picker.options).map((o) => o.textContent)).toEqual(['收入（元）', '<b>largest</b>']);
    picker.value = 'aout1';
    picker.dispatchEvent(new Event('change'));
    // max(price, volume, revenue) is the revenue: volume 900 … 1100 moves it 1800 … 2200 like the price does.
    const rows = Array.from(v.root.querySelectorAll('#rf-an-tornado-table tbody tr')).map((tr) =>
      Array.from(tr.children).map((c) => c.textContent)
    );
    expect(rows.map((r) => [r[3], r[4]])).toEqual([
      ['1800', '2200'],
      ['1800', '2200'],
    ]); // no number format: General
    expect(v.root.querySelector('b')).toBeNull(); // the label is text, in the picker, the chart and the table
    expect(v.root.querySelector('#rf-an-tornado svg')!.getAttribute('aria-label')).toContain('<b>largest</b>');
  });

  it('takes the engine’s what-if path where the port has one, and says when it runs on the host’s recalculation', async () => {
    const host = await withModel();
    await mountView(mountAnalysisView, host);
    expect(document.getElementById('rf-an-host-note')).not.toBeNull();
    /** The engine port's tryOut, done here with the FakePort's cells: set, read, put back. */
    class EngineLike extends FakePort {
      tryOuts = 0;
      async tryOut(writes: Write[], readRefs: string[]) {
        this.tryOuts++;
        const r = await super.apply(writes, readRefs);
        await super.write(r.before);
        return r.values;
      }
    }
    const port = (await withModel(modelPort(EngineLike))) as EngineLike;
    port.calls.length = 0;
    const v = await mountView(mountAnalysisView, port);
    expect(document.getElementById('rf-an-host-note')).toBeNull();
    await flush();
    click('rf-an-run');
    await v.settled();
    expect(port.tryOuts).toBe(2 * 4); // 2 inputs × (5 spider points − the base)
    expect(port.calls.filter((c) => c === 'apply')).toHaveLength(2 * 4); // through tryOut only
    expect(cellsOf(port)).toEqual([2, 1000, 2000]);
  });

  it('finds the break-even price for a revenue target', async () => {
    const port = await withModel();
    const v = await mountView(mountAnalysisView, port, { lang: 'zh-CN' });
    await flush();
    (document.getElementById('rf-an-kind-goalseek') as HTMLInputElement).click();
    await flush();
    type('rf-an-target', '3000');
    click('rf-an-run');
    await v.settled();
    // 1000 × price = 3000 → price = 3.
    expect(Number(v.root.querySelector('#rf-an-goal-answer')!.getAttribute('data-value'))).toBeCloseTo(3, 8);
    expect(v.root.querySelector('#rf-an-goal-answer')!.textContent).toBe(
      '当水价（元/m³）为 3 时，收入（元）达到 3,000.00（当前为 2）。'
    );
    expect(cellsOf(port)).toEqual([2, 1000, 2000]);
  });
});

/** A port whose what-ifs wait for the test to let them go: Cancel can be pressed mid-run, without timing. */
class GatedPort extends FakePort {
  gate: (() => void) | undefined;
  evaluations = 0;
  async apply(writes: Write[], readRefs: string[]): Promise<ApplyResult> {
    this.evaluations++;
    await new Promise<void>((r) => (this.gate = r));
    return super.apply(writes, readRefs);
  }
}

describe('analysis tab in the shell', () => {
  it('is the 分析 tab; Cancel stops a run and the workbook is as it was', async () => {
    const port = (await withModel(modelPort(GatedPort))) as GatedPort;
    const container = document.createElement('div');
    document.body.replaceChildren(container);
    const app = mountApp(document, container, port, { lang: 'zh-CN', view: 'analysis' });
    await app.ready;
    expect(document.getElementById('rf-tab-analysis')!.textContent).toBe('分析');
    expect(document.getElementById('rf-tab-analysis')!.getAttribute('aria-selected')).toBe('true');
    await flush();
    click('rf-an-run');
    for (let i = 0; i < 20 && !port.gate; i++) await flush();
    expect(port.gate).toBeDefined();
    expect(document.getElementById('rf-progress')!.hidden).toBe(false);
    click('rf-cancel');
    port.gate!();
    for (let i = 0; i < 20 && document.querySelector('main[aria-busy="true"]'); i++) await flush();
    expect(document.getElementById('rf-notice')!.textContent).toBe('已取消，工作簿未作改动。');
    expect(port.evaluations).toBe(1);
    expect(document.getElementById('rf-an-results')).toBeNull();
    expect(cellsOf(port)).toEqual([2, 1000, 2000]);
    app.setLang('en-US');
    expect(document.getElementById('rf-tab-analysis')!.textContent).toBe('Analysis');
    expect(document.getElementById('rf-notice')!.textContent).toBe('Cancelled. The workbook is as it was.');
  });
});
