/**
 * @jest-environment jsdom
 *
 * Each pane view mounted alone over the FakePort (test/unit/taskpane/view-harness.ts), driven by
 * clicks and typing as a user would, and the shell (mountApp) with its tabs and the analysis slot.
 * The model: 模型!B2 (price, yuan/m³) and 模型!B3 (volume, m³) are inputs, 模型!B4 = B2 × B3
 * (revenue) is the output, so every expected output is a product written out in the test.
 */
import { mountApp } from '../../../src/taskpane/app';
import { PaneState, addFromSelection, createScenario, editScenario } from '../../../src/taskpane/handlers';
import type { ViewDefinition } from '../../../src/taskpane/view-context';
import {
  mountCompareView,
  mountFunctionsView,
  mountScenariosView,
  mountSetupView,
  mountShareView,
} from '../../../src/taskpane/views';
import { exportScenarios, serialiseExchange } from '../../../src/scenarios/exchange';
import { FakePort } from '../../helpers/fake-port';
import { T0, click, mountView, type } from './view-harness';

const num = (v: unknown) => (typeof v === 'number' ? v : NaN);

function modelPort(): FakePort {
  const port = new FakePort(
    { '模型!A2': '水价（元/m³）', '模型!B2': 2, '模型!A3': '水量（m³）', '模型!B3': 1000, '模型!A4': '收入（元）' },
    { '模型!B4': (get) => num(get('模型!B2')) * num(get('模型!B3')) }
  );
  port.names = [
    { name: 'price', ref: '模型!B2' },
    { name: 'volume', ref: '模型!B3' },
    { name: 'revenue', ref: '模型!B4' },
  ];
  return port;
}

/** The model with both inputs and the output set up, and two scenarios: base (2 yuan) and dear (3 yuan). */
async function withScenarios(port = modelPort()): Promise<FakePort> {
  const { openPane } = await import('../../../src/taskpane/handlers');
  let s: PaneState = await openPane(port);
  port.selected = '模型!B2:B3';
  s = await addFromSelection(port, s, 'input');
  port.selected = '模型!B4';
  s = await addFromSelection(port, s, 'output');
  s = await createScenario(port, s, { name: 'base' }, T0);
  s = await createScenario(port, s, { name: 'dear' }, T0);
  await editScenario(port, s, 's2', { values: { in1: 3 } }, T0);
  return port;
}

describe('setup view', () => {
  it('adds ticked defined names as inputs and says how many, next to the button', async () => {
    const port = modelPort();
    const v = await mountView(mountSetupView, port);
    expect(Array.from(v.root.querySelectorAll('.rf-name-item')).map((li) => (li as HTMLElement).dataset.name)).toEqual([
      'price',
      'volume',
      'revenue',
    ]);
    for (const name of ['price', 'volume'])
      (v.root.querySelector(`input[data-name="${name}"]`) as HTMLInputElement).click();
    click('rf-names-to-inputs');
    await v.settled();
    expect(v.state().store.doc.model.inputs.map((i) => i.ref)).toEqual(['price', 'volume']);
    expect(v.notices.at(-1)).toMatchObject({ text: 'Added 2.', opts: { at: 'rf-names-to-inputs' } });
    expect(port.stored).toBeDefined(); // saved into the workbook
  });

  it('filters the names by what is typed', async () => {
    const v = await mountView(mountSetupView, modelPort());
    type('rf-name-filter', 'vol');
    const visible = Array.from(v.root.querySelectorAll('.rf-name-item'))
      .filter((li) => !(li as HTMLElement).hidden)
      .map((li) => (li as HTMLElement).dataset.name);
    expect(visible).toEqual(['volume']);
    expect(document.getElementById('rf-names-count')!.textContent).toBe('1 names');
  });

  it('adds the selected cells as outputs labelled from their row; without a selection the error names the fix', async () => {
    const port = modelPort();
    const v = await mountView(mountSetupView, port, { lang: 'zh-CN' });
    click('rf-sel-to-outputs');
    await v.settled();
    expect(v.notices.at(-1)).toMatchObject({
      text: '请先在工作簿中选中单元格。',
      opts: { at: 'rf-sel-to-outputs', kind: 'error' },
    });
    port.selected = '模型!B4';
    click('rf-sel-to-outputs');
    await v.settled();
    expect(v.state().store.doc.model.outputs.map((o) => [o.ref, o.label])).toEqual([['模型!B4', '收入（元）']]);
  });

  it('edits a label on change and removes an item', async () => {
    const port = await withScenarios();
    const v = await mountView(mountSetupView, port);
    type('rf-output-out1-label', 'Revenue');
    await v.settled();
    expect(v.state().store.doc.model.outputs[0].label).toBe('Revenue');
    click('rf-remove-input-in2');
    await v.settled();
    expect(v.state().store.doc.model.inputs.map((i) => i.ref)).toEqual(['模型!B2']);
  });
});

describe('scenarios view', () => {
  it('asks for setup first when there are no inputs', async () => {
    const v = await mountView(mountScenariosView, modelPort());
    click('rf-go-setup');
    expect(v.shown).toEqual(['setup']);
  });

  it('refuses a scenario without a name, then saves one with the current values', async () => {
    const port = await withScenarios();
    const v = await mountView(mountScenariosView, port);
    click('rf-capture');
    await v.settled();
    expect(v.notices.at(-1)).toMatchObject({
      text: 'A scenario needs a name.',
      opts: { at: 'rf-capture', kind: 'error' },
    });
    type('rf-new-name', 'today');
    click('rf-capture');
    await v.settled();
    const s = v.state().store.doc.scenarios.at(-1)!;
    expect([s.name, s.values]).toEqual(['today', { in1: 2, in2: 1000 }]);
    expect(v.root.querySelectorAll('.rf-scenario')).toHaveLength(3);
  });

  it('applies a scenario, shows its outputs, and restores the user’s values', async () => {
    const port = await withScenarios();
    const v = await mountView(mountScenariosView, port);
    click('rf-apply-s2');
    await v.settled();
    const dd = v.root.querySelector('#rf-applied dd') as HTMLElement;
    expect(Number(dd.dataset.value)).toBe(3 * 1000); // price 3 × volume 1000
    expect(port.get('模型!B2')).toBe(3);
    click('rf-restore');
    await v.settled();
    expect(port.get('模型!B2')).toBe(2);
    expect(v.root.querySelector('#rf-applied')).toBeNull();
  });

  it('deletes only after a second press', async () => {
    const port = await withScenarios();
    const v = await mountView(mountScenariosView, port);
    click('rf-del-s1');
    await v.settled();
    expect(v.root.querySelector('.rf-warn')?.textContent).toContain('base');
    expect(v.state().store.doc.scenarios).toHaveLength(2);
    click('rf-del-s1');
    await v.settled();
    expect(v.state().store.doc.scenarios.map((s) => s.name)).toEqual(['dear']);
  });
});

describe('compare view', () => {
  it('compares the ticked scenarios against the base and writes the comparison sheet', async () => {
    const port = await withScenarios();
    const v = await mountView(mountCompareView, port);
    click('rf-compare');
    await v.settled();
    const values = Array.from(v.root.querySelectorAll('#rf-compare-table td')).map((td) =>
      Number((td as HTMLElement).dataset.value)
    );
    expect(values).toEqual([2 * 1000, 3 * 1000]);
    expect(port.get('模型!B2')).toBe(2); // the workbook ends as it started
    click('rf-write-sheet');
    await v.settled();
    expect(port.sheets).toHaveLength(1);
    expect(v.notices.at(-1)).toMatchObject({ opts: { at: 'rf-write-sheet' } });
    expect(v.notices.at(-1)!.text).toContain(port.sheets[0].name);
  });

  it('with nothing ticked, says so next to the button', async () => {
    const port = await withScenarios();
    const v = await mountView(mountCompareView, port);
    for (const id of ['rf-cmp-s1', 'rf-cmp-s2']) click(id);
    click('rf-compare');
    await v.settled();
    expect(v.notices.at(-1)).toMatchObject({
      text: 'Tick at least one scenario.',
      opts: { at: 'rf-compare', kind: 'error' },
    });
  });
});

describe('share view', () => {
  it('exports the ticked scenarios as a download and imports a file from another bureau after showing the plan', async () => {
    const port = await withScenarios();
    const v = await mountView(mountShareView, port);
    const clicked: string[] = [];
    const spy = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    click('rf-export');
    await v.settled();
    spy.mockRestore();
    expect(v.notices.map((n) => n.text)).toEqual(['Exported 2 scenarios to workbook.reuse-scenarios.json.']);
    expect(clicked).toEqual(['workbook.reuse-scenarios.json']);
    expect(v.notices.at(-1)!.text).toBe('Exported 2 scenarios to workbook.reuse-scenarios.json.');

    // A file from another bureau with one new scenario.
    const other = {
      ...v.state().store.doc,
      scenarios: [{ ...v.state().store.doc.scenarios[1], id: 's1', name: 'cheap', values: { in1: 1, in2: 1000 } }],
    };
    const text = serialiseExchange(
      exportScenarios(other, {
        provenance: { bureau: '住建局', author: '', sourceWorkbook: 'x.xlsx', exported: T0, addinVersion: '0' },
      })
    );
    const picker = document.getElementById('rf-import-file') as HTMLInputElement;
    const file = new File([text], 'x.reuse-scenarios.json', { type: 'application/json' });
    if (!file.arrayBuffer)
      (file as { arrayBuffer: () => Promise<ArrayBuffer> }).arrayBuffer = async () =>
        new TextEncoder().encode(text).buffer as ArrayBuffer;
    Object.defineProperty(picker, 'files', { value: [file] });
    picker.dispatchEvent(new Event('change'));
    await v.settled();
    expect(document.getElementById('rf-plan-summary')!.textContent).toBe('1 new, 0 renamed, 0 skipped (identical).');
    expect(v.state().store.doc.scenarios).toHaveLength(2); // nothing written yet
    click('rf-import-confirm');
    await v.settled();
    expect(v.state().store.doc.scenarios.map((s) => s.name)).toEqual(['base', 'dear', 'cheap']);
  });

  it('hides the copy and repair cards without a sharing host', async () => {
    const v = await mountView(mountShareView, await withScenarios());
    expect(v.root.querySelector('#rf-share-copy, #rf-repair-find')).toBeNull();
  });
});

describe('functions view', () => {
  it('shows the function reference and follows the language', async () => {
    const v = await mountView(mountFunctionsView, modelPort());
    expect(v.root.querySelectorAll('.rf-fn').length).toBeGreaterThan(10);
    const before = v.root.textContent;
    v.setLang('zh-CN');
    expect(v.root.textContent).not.toBe(before);
    expect(v.root.textContent).toContain('参数');
  });
});

describe('the shell', () => {
  it('shows one tab per view, switches with the arrow keys and keeps the analysis slot open', async () => {
    const port = await withScenarios();
    const analysis: ViewDefinition = {
      id: 'analysis',
      label: { en: 'Analysis', zh: '分析' },
      mount: (ctx, root) => ({
        render: () =>
          root.replaceChildren(
            ctx.dom.h('p', { id: 'an', text: `${ctx.state()!.store.doc.scenarios.length} ${ctx.tx('tabAnalysis')}` })
          ),
      }),
    };
    const { PANE_VIEWS } = await import('../../../src/taskpane/views');
    const rest = PANE_VIEWS.filter((v) => v.id !== 'analysis'); // the real one is in PANE_VIEWS now; this stand-in takes its place
    const views = [...rest.slice(0, 3), analysis, ...rest.slice(3)];
    document.body.innerHTML = '<div id="app"></div>';
    const app = mountApp(document, document.getElementById('app')!, port, { lang: 'zh-CN', views, now: () => T0 });
    await app.ready;
    expect(Array.from(document.querySelectorAll('.rf-tab')).map((b) => b.textContent)).toEqual([
      '情景',
      '设置',
      '比较',
      '分析',
      '共享',
      '函数',
    ]);
    app.show('analysis');
    expect(document.getElementById('an')!.textContent).toBe('2 分析');
    document
      .getElementById('rf-tab-analysis')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(document.getElementById('rf-tab-share')!.getAttribute('aria-selected')).toBe('true');
    app.setLang('en-US');
    expect(document.getElementById('rf-tab-analysis')!.textContent).toBe('Analysis');
  });
});

describe('the editor checks values against the input cells', () => {
  /** 模型!B2 a price (#,##0.00), B3 a share (0.0%), B5 an issue date, B6 a region (text). */
  async function typedModel(): Promise<FakePort> {
    const port = modelPort();
    port.cells.set('模型!A5', { value: '发行日' });
    port.cells.set('模型!B5', { value: 45536 });
    port.cells.set('模型!A6', { value: '地区' });
    port.cells.set('模型!B6', { value: '西部' });
    const formats: Record<string, string> = {
      '模型!B2': '#,##0.00',
      '模型!B3': '#,##0',
      '模型!B5': 'yyyy-mm-dd',
      '模型!B6': 'General',
    };
    port.readNumberFormats = async (refs) => refs.map((r) => formats[r] ?? 'General');
    const { openPane } = await import('../../../src/taskpane/handlers');
    let s: PaneState = await openPane(port);
    port.selected = '模型!B2:B3';
    s = await addFromSelection(port, s, 'input');
    for (const ref of ['模型!B5', '模型!B6']) {
      port.selected = ref;
      s = await addFromSelection(port, s, 'input');
    }
    s = await createScenario(port, s, { name: 'base' }, T0);
    return port;
  }

  it('shows values in the cells’ formats, refuses 两元 in a number cell with the reason beside the field, and saves typed dates as dates', async () => {
    const port = await typedModel();
    const v = await mountView(mountScenariosView, port, { lang: 'zh-CN' });
    click('rf-edit-s1');
    await v.settled();
    const field = (id: string) => document.getElementById(`rf-edit-value-${id}`) as HTMLInputElement;
    expect([field('in1').value, field('in2').value, field('in3').value, field('in4').value]).toEqual([
      '2.00',
      '1,000',
      '2024-09-01',
      '西部',
    ]);
    type('rf-edit-value-in1', '两元');
    const error = document.getElementById('rf-edit-value-in1-error')!;
    expect(error.textContent).toBe('“两元”不是数字。请输入数字，例如 1,234.5（此单元格为数值）。');
    expect(field('in1').getAttribute('aria-invalid')).toBe('true');
    expect(field('in1').getAttribute('aria-describedby')).toContain('rf-edit-value-in1-error');
    click('rf-edit-save');
    await v.settled();
    expect(v.notices.at(-1)).toMatchObject({ opts: { at: 'rf-edit-save', kind: 'error' } });
    expect(document.activeElement).toBe(field('in1'));
    expect(v.state().store.doc.scenarios[0].values.in1).toBe(2); // nothing saved

    // The reason follows the language; what was typed stays.
    v.setLang('en-US');
    expect(field('in1').value).toBe('两元');
    expect(document.getElementById('rf-edit-value-in1-error')!.textContent).toMatch(/^“两元” is not a number/);

    type('rf-edit-value-in1', '2.35');
    type('rf-edit-value-in3', '2025年3月1日');
    click('rf-edit-save');
    await v.settled();
    // 2025-03-01: 2025-01-01 is 45658 (45292 + 366 days of 2024), + 31 + 28 = 45717.
    expect(v.state().store.doc.scenarios[0].values).toEqual({ in1: 2.35, in2: 1000, in3: 45658 + 59, in4: '西部' });
  });
});

describe('where feedback goes (the shell)', () => {
  async function pane(port: FakePort, o: Partial<Parameters<typeof mountApp>[3]> = {}) {
    document.body.innerHTML = '<div id="app"></div>';
    const app = mountApp(document, document.getElementById('app')!, port, { lang: 'en-US', now: () => T0, ...o });
    await app.ready;
    return app;
  }
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  };

  it('puts the applied outputs and Restore inside the applied scenario, with a focused notice right after its buttons', async () => {
    const port = await withScenarios();
    await pane(port);
    click('rf-apply-s2');
    await settle();
    const li = document.querySelector('.rf-scenario[data-id="s2"]')!;
    expect(li.querySelector('#rf-applied #rf-restore')).not.toBeNull();
    const notice = document.getElementById('rf-notice')!;
    expect(li.contains(notice)).toBe(true);
    expect(notice.previousElementSibling!.classList.contains('rf-actions')).toBe(true);
    expect(document.activeElement).toBe(notice);
    expect(notice.getAttribute('role')).toBe('status');
    expect(notice.textContent).toBe('Applied “dear”; its results are below.');
  });

  it('translates the notice on a language change, drops it on another tab, and lets an info notice expire', async () => {
    jest.useFakeTimers();
    try {
      const port = await withScenarios();
      const app = await pane(port, { noticeLifetimeMs: 5000 });
      app.show('compare');
      click('rf-compare');
      await jest.runOnlyPendingTimersAsync();
      click('rf-write-sheet');
      for (let i = 0; i < 5; i++) await Promise.resolve();
      await jest.advanceTimersByTimeAsync(10);
      const notice = () => document.getElementById('rf-notice');
      expect(notice()?.textContent).toBe(`Sheet “${port.sheets[0].name}” added.`);
      expect(notice()!.previousElementSibling!.querySelector('#rf-write-sheet')).not.toBeNull();
      app.setLang('zh-CN');
      expect(notice()?.textContent).toBe(`已添加工作表“${port.sheets[0].name}”。`);
      await jest.advanceTimersByTimeAsync(5001);
      expect(notice()).toBeNull();
      click('rf-write-sheet');
      await jest.advanceTimersByTimeAsync(10);
      expect(notice()).not.toBeNull();
      app.show('scenarios');
      app.show('compare');
      expect(notice()).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps an error until the next action', async () => {
    jest.useFakeTimers();
    try {
      const port = await withScenarios();
      const app = await pane(port, { noticeLifetimeMs: 5000 });
      port.selected = undefined; // nothing selected: an error
      app.show('setup');
      click('rf-sel-to-inputs');
      await jest.advanceTimersByTimeAsync(60_000);
      const notice = document.getElementById('rf-notice')!;
      expect(notice.dataset.kind).toBe('error');
      expect(notice.getAttribute('role')).toBe('alert');
    } finally {
      jest.useRealTimers();
    }
  });

  it('reads names and scenarios again when the pane becomes visible', async () => {
    const port = await withScenarios();
    const app = await pane(port);
    // Someone else adds a scenario and a name while the pane is hidden.
    const other = await createScenario(port, app.state()!, { name: 'from a colleague' }, T0);
    expect(other.store.doc.scenarios).toHaveLength(3);
    port.names = [...port.names, { name: 'extra', ref: '模型!B3' }];
    document.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(app.state()!.store.doc.scenarios.map((s) => s.name)).toEqual(['base', 'dear', 'from a colleague']);
    expect(Array.from(document.querySelectorAll('.rf-scenario-name')).map((e) => e.textContent)).toContain(
      'from a colleague'
    );
    app.show('setup');
    expect(document.querySelector('input[data-name="extra"]')).not.toBeNull();
  });

  it('where downloads do nothing (Excel for Mac), export offers the text to copy and claims nothing else', async () => {
    const port = await withScenarios();
    const app = await pane(port, { canDownload: false });
    app.show('share');
    const clicks = jest.spyOn(HTMLAnchorElement.prototype, 'click');
    click('rf-export');
    await settle();
    expect(clicks).not.toHaveBeenCalled();
    clicks.mockRestore();
    expect(document.getElementById('rf-notice')!.textContent).toMatch(/cannot save files/);
    const text = (document.getElementById('rf-exchange-text') as HTMLTextAreaElement).value;
    expect(JSON.parse(text).scenarios.map((s: { name: string }) => s.name)).toEqual(['base', 'dear']);
    // No clipboard here: says so instead of "copied".
    click('rf-copy-exchange');
    await settle();
    expect(document.getElementById('rf-notice')!.dataset.kind).toBe('error');
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (t: string) => void written.push(t) },
    });
    click('rf-copy-exchange');
    await settle();
    expect(written).toEqual([text]);
    expect(document.getElementById('rf-notice')!.textContent).toMatch(/^Copied/);
  });
});
