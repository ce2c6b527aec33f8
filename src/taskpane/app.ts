/**
 * The scenario pane: header with the language switch, four views as tabs (scenarios, setup,
 * compare, function reference), a status line, and a progress bar with Cancel for long runs.
 * DOM only: every piece of work is a handler from handlers.ts called with the WorkbookPort
 * given to `mountApp`, so the same pane runs in Excel (OfficePort) and in the browser
 * playground (EnginePort).
 *
 * Everything that came from a workbook (names, labels, scenario texts, values) goes into the
 * page through `textContent`, `value` or `setAttribute`, never as HTML.
 */
import type { Lang } from '../core/errors';
import type { Comparison } from '../scenarios/compare';
import { ReadOnlyError } from '../scenarios/store';
import type { InputValue, Scenario } from '../scenarios/types';
import type { ImportPlan } from '../scenarios/exchange';
import type { FormulaRepair, NamedRef, SharingPort, WorkbookPort } from '../workbook/port';
import { formatRef } from '../workbook/refs';
import { formatDiff, formatValue, inputText, parseInput } from './format';
import {
  ItemKind, PaneError, PaneState, addFromNames, addFromSelection, applyHandler, compareHandler, createScenario, deleteScenarioHandler,
  duplicateScenarioHandler, editScenario, nowIso, openPane, removeItem, restoreHandler, updateItem, writeComparisonHandler,
  ImportRefusedError, SnapshotFn, applyImportHandler, applyRepairsHandler, exportHandler, findRepairsHandler, planImportHandler, prepareCopyHandler,
} from './handlers';
import { TextKey, t } from './i18n';
import { ReferenceView, mountReference } from './reference';

export type ViewId = 'scenarios' | 'setup' | 'compare' | 'share' | 'functions';
const VIEWS: { id: ViewId; key: TextKey }[] = [
  { id: 'scenarios', key: 'tabScenarios' },
  { id: 'setup', key: 'tabSetup' },
  { id: 'compare', key: 'tabCompare' },
  { id: 'share', key: 'tabShare' },
  { id: 'functions', key: 'tabFunctions' },
];

export interface AppOptions {
  lang: Lang;
  /** Clock for created/modified times (tests pass a fixed one). */
  now?: () => string;
  view?: ViewId;
  /** The add-in's version (recorded in exported files and snapshots). */
  version?: string;
  /** The host's file access for "prepare a copy" and "repair formulas" (absent: those cards are hidden). */
  sharing?: SharingPort;
  /** Loads the snapshot code (on demand in Excel: it carries the formula engine). */
  loadSnapshot?: () => Promise<SnapshotFn>;
}

/** Offers bytes or text as a file download from the page (a Blob URL; a data URL where Blob URLs are missing). */
export function offerDownload(doc: Document, data: Uint8Array | string, fileName: string, type: string): void {
  const a = doc.createElement('a');
  const blob = new Blob([data as BlobPart], { type });
  const canBlob = typeof URL !== 'undefined' && typeof URL.createObjectURL === 'function';
  a.href = canBlob ? URL.createObjectURL(blob) : `data:${type};base64,${base64(typeof data === 'string' ? new TextEncoder().encode(data) : data)}`;
  a.download = fileName;
  a.hidden = true;
  doc.body.append(a);
  a.click();
  a.remove();
  if (canBlob) setTimeout(() => URL.revokeObjectURL(a.href), 30_000);
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export interface PaneApp {
  /** Resolves when the stored document has been read. */
  ready: Promise<void>;
  lang(): Lang;
  setLang(lang: Lang): void;
  show(view: ViewId): void;
  state(): PaneState | undefined;
}

type Child = Node | string;

function h<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, props: { class?: string; text?: string; id?: string; attrs?: Record<string, string> } = {}, children: Child[] = []): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.id) e.id = props.id;
  if (props.text !== undefined) e.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) e.append(typeof c === 'string' ? doc.createTextNode(c) : c);
  return e;
}

/** Transient UI state that survives re-rendering (form fields, ticks, what is being edited). */
interface UiState {
  nameFilter: string;
  checkedNames: Set<string>;
  newScenario: { name: string; bureau: string; author: string; note: string };
  editing?: string;
  confirmDelete?: string;
  compareIds?: Set<string>;
  baseId?: string;
  exportIds?: Set<string>;
  importPlan?: ImportPlan;
  repairs?: FormulaRepair[];
}

export function mountApp(doc: Document, container: HTMLElement, port: WorkbookPort, opts: AppOptions): PaneApp {
  let lang: Lang = opts.lang;
  let view: ViewId = opts.view ?? 'scenarios';
  let state: PaneState | undefined;
  let names: NamedRef[] = [];
  let busy: { abort?: AbortController } | undefined;
  let reference: ReferenceView | undefined;
  const now = opts.now ?? nowIso;
  const ui: UiState = { nameFilter: '', checkedNames: new Set(), newScenario: { name: '', bureau: '', author: '', note: '' } };

  // ----- skeleton -----
  const title = h(doc, 'h1', { class: 'rf-title' });
  const subtitle = h(doc, 'p', { class: 'rf-subtitle' });
  const switcher = h(doc, 'div', { class: 'rf-lang', attrs: { role: 'group' } });
  const langButtons = (['zh-CN', 'en-US'] as Lang[]).map((l) => {
    const b = h(doc, 'button', { class: 'rf-lang-btn', text: l === 'zh-CN' ? '中文' : 'English', attrs: { type: 'button', 'data-lang': l, lang: l === 'zh-CN' ? 'zh-CN' : 'en' } });
    b.addEventListener('click', () => app.setLang(l));
    switcher.append(b);
    return b;
  });
  const header = h(doc, 'header', { class: 'rf-header' }, [h(doc, 'div', { class: 'rf-titles' }, [title, subtitle]), switcher]);

  const tabs = h(doc, 'div', { class: 'rf-tabs', attrs: { role: 'tablist' } });
  const tabButtons = VIEWS.map(({ id }) => {
    const b = h(doc, 'button', { class: 'rf-tab', id: `rf-tab-${id}`, attrs: { type: 'button', role: 'tab', 'aria-controls': `rf-panel-${id}`, 'data-view': id } });
    b.addEventListener('click', () => app.show(id));
    b.addEventListener('keydown', (e) => {
      const i = VIEWS.findIndex((v) => v.id === id);
      const to = e.key === 'ArrowRight' ? (i + 1) % VIEWS.length : e.key === 'ArrowLeft' ? (i + VIEWS.length - 1) % VIEWS.length : e.key === 'Home' ? 0 : e.key === 'End' ? VIEWS.length - 1 : -1;
      if (to < 0) return;
      e.preventDefault();
      app.show(VIEWS[to].id);
      tabButtons[to].focus();
    });
    tabs.append(b);
    return b;
  });

  const readOnlyBox = h(doc, 'div', { class: 'rf-readonly', attrs: { role: 'alert' } });
  const status = h(doc, 'p', { class: 'rf-status', id: 'rf-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const progressLabel = h(doc, 'span', { class: 'rf-progress-label', id: 'rf-progress-label' });
  const progressBar = h(doc, 'progress', { attrs: { 'aria-labelledby': 'rf-progress-label' } });
  const cancelButton = h(doc, 'button', { class: 'rf-btn', id: 'rf-cancel', attrs: { type: 'button' } });
  cancelButton.addEventListener('click', () => busy?.abort?.abort());
  const progress = h(doc, 'div', { class: 'rf-progress', id: 'rf-progress' }, [progressLabel, progressBar, cancelButton]);
  progress.hidden = true;

  const panels = new Map<ViewId, HTMLElement>(
    VIEWS.map(({ id }) => [id, h(doc, 'section', { class: 'rf-panel', id: `rf-panel-${id}`, attrs: { role: 'tabpanel', 'aria-labelledby': `rf-tab-${id}`, tabindex: '-1' } })]),
  );
  const main = h(doc, 'main', { class: 'rf-main' }, [...panels.values()]);
  container.replaceChildren(header, tabs, readOnlyBox, progress, status, main);

  // ----- helpers -----
  const tx = (key: TextKey, params?: Record<string, string | number>) => t(key, lang, params);
  const say = (text: string, kind: 'info' | 'error' = 'info') => {
    status.textContent = text;
    status.dataset.kind = kind;
  };
  const readOnly = () => !!state?.store.readOnly;

  function errorText(e: unknown): string {
    if (e instanceof PaneError) return tx(e.key);
    if (e instanceof ReadOnlyError || e instanceof ImportRefusedError) return lang === 'zh-CN' ? e.reason.zh : e.reason.en;
    const reason = (e as { reason?: { en?: unknown; zh?: unknown } })?.reason;
    if (reason && typeof reason.en === 'string' && typeof reason.zh === 'string') return lang === 'zh-CN' ? reason.zh : reason.en;
    return tx('error', { message: (e as Error)?.message ?? String(e) });
  }

  /** Runs a handler: one at a time, errors shown in the status line, the view re-rendered after. */
  async function run(work: (signal?: AbortSignal) => Promise<void>, long?: { label: () => string }): Promise<void> {
    if (busy) return;
    busy = long ? { abort: new AbortController() } : {};
    main.setAttribute('aria-busy', 'true');
    if (long) {
      progress.hidden = false;
      progressLabel.textContent = long.label();
      progressBar.removeAttribute('value');
      cancelButton.textContent = tx('cancel');
    }
    try {
      await work(busy.abort?.signal);
    } catch (e) {
      say(errorText(e), 'error');
    } finally {
      busy = undefined;
      main.removeAttribute('aria-busy');
      progress.hidden = true;
      render();
    }
  }

  function textField(id: string, label: string, value: string, onInput: (v: string) => void, opts2: { multiline?: boolean; required?: boolean; inputmode?: string } = {}): HTMLElement {
    const input = opts2.multiline ? h(doc, 'textarea', { id, attrs: { rows: '2' } }) : h(doc, 'input', { id, attrs: { type: 'text', autocomplete: 'off' } });
    input.value = value;
    if (opts2.required) input.setAttribute('aria-required', 'true');
    if (opts2.inputmode) input.setAttribute('inputmode', opts2.inputmode);
    if (readOnly()) input.setAttribute('readonly', '');
    input.addEventListener('input', () => onInput(input.value));
    return h(doc, 'div', { class: 'rf-field' }, [h(doc, 'label', { text: label, attrs: { for: id } }), input]);
  }

  function button(text: string, onClick: () => void, o: { id?: string; primary?: boolean; disabled?: boolean; label?: string } = {}): HTMLButtonElement {
    const b = h(doc, 'button', { class: o.primary ? 'rf-btn rf-btn-primary' : 'rf-btn', text, id: o.id, attrs: { type: 'button' } });
    if (o.label) b.setAttribute('aria-label', o.label);
    if (o.disabled) b.disabled = true;
    b.addEventListener('click', onClick);
    return b;
  }

  // ----- views -----
  function renderSetup(panel: HTMLElement): void {
    if (!state) return;
    const d = state.store.doc;
    const ro = readOnly();
    const itemList = (kind: ItemKind) => {
      const items = kind === 'input' ? d.model.inputs : d.model.outputs;
      const list = h(doc, 'ul', { class: 'rf-items', attrs: { 'aria-label': tx(kind === 'input' ? 'inputs' : 'outputs') } });
      for (const it of items) {
        const li = h(doc, 'li', { class: 'rf-item', attrs: { 'data-ref': it.ref } });
        li.append(h(doc, 'code', { class: 'rf-ref', text: it.ref }));
        const fields = h(doc, 'div', { class: 'rf-item-fields' });
        const pending: { label?: string; unit?: string; numberFormat?: string } = {};
        const commitField = () => {
          if (Object.keys(pending).length === 0) return;
          const patch = { ...pending };
          for (const k of Object.keys(pending)) delete (pending as Record<string, unknown>)[k];
          void run(async () => {
            state = await updateItem(port, state!, kind, it.id, patch);
          });
        };
        const f = (key: 'label' | 'unit' | 'numberFormat', value: string) => {
          const fld = textField(`rf-${kind}-${it.id}-${key}`, tx(key), value, (v) => (pending[key] = v));
          fld.querySelector('input')!.addEventListener('change', commitField);
          return fld;
        };
        fields.append(f('label', it.label), f('unit', it.unit));
        if (kind === 'output') fields.append(f('numberFormat', (it as unknown as { numberFormat: string }).numberFormat));
        li.append(fields);
        li.append(button(tx('remove'), () => void run(async () => { state = await removeItem(port, state!, kind, it.id); }), { label: tx('removeItem', { label: it.label }), disabled: ro }));
        list.append(li);
      }
      return items.length ? list : h(doc, 'p', { class: 'rf-muted', text: tx(kind === 'input' ? 'noInputs' : 'noOutputs') });
    };

    const inputsSec = h(doc, 'section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-inputs' } }, [
      h(doc, 'h2', { id: 'rf-h-inputs', text: `${tx('inputs')} (${d.model.inputs.length})` }),
      h(doc, 'p', { class: 'rf-help', text: tx('inputsHelp') }),
      itemList('input'),
    ]);
    const outputsSec = h(doc, 'section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-outputs' } }, [
      h(doc, 'h2', { id: 'rf-h-outputs', text: `${tx('outputs')} (${d.model.outputs.length})` }),
      h(doc, 'p', { class: 'rf-help', text: tx('outputsHelp') }),
      itemList('output'),
    ]);

    // Defined names, filterable, with checkboxes.
    const namesSec = h(doc, 'section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-names' } }, [h(doc, 'h2', { id: 'rf-h-names', text: tx('fromNames') })]);
    if (names.length === 0) namesSec.append(h(doc, 'p', { class: 'rf-muted', text: tx('noNames') }));
    else {
      const filter = textField('rf-name-filter', tx('filterNames'), ui.nameFilter, (v) => {
        ui.nameFilter = v;
        applyFilter();
      });
      const count = h(doc, 'p', { class: 'rf-count', id: 'rf-names-count', attrs: { 'aria-live': 'polite' } });
      const list = h(doc, 'ul', { class: 'rf-names', attrs: { 'aria-label': tx('fromNames') } });
      names.forEach((n, i) => {
        const id = `rf-name-${i}`;
        const cb = h(doc, 'input', { id, attrs: { type: 'checkbox', 'data-name': n.name } });
        cb.checked = ui.checkedNames.has(n.name);
        cb.addEventListener('change', () => (cb.checked ? ui.checkedNames.add(n.name) : ui.checkedNames.delete(n.name)));
        const lab = h(doc, 'label', { attrs: { for: id } }, [h(doc, 'span', { class: 'rf-name', text: n.name }), h(doc, 'span', { class: 'rf-ref', text: n.ref })]);
        list.append(h(doc, 'li', { class: 'rf-name-item', attrs: { 'data-name': n.name } }, [cb, lab]));
      });
      const applyFilter = () => {
        const q = ui.nameFilter.trim().toLowerCase();
        let shown = 0;
        for (const li of Array.from(list.children) as HTMLElement[]) {
          const hit = !q || (li.dataset.name ?? '').toLowerCase().includes(q) || (li.textContent ?? '').toLowerCase().includes(q);
          li.hidden = !hit;
          if (hit) shown++;
        }
        count.textContent = tx('namesCount', { n: shown });
      };
      applyFilter();
      const picked = () => names.filter((n) => ui.checkedNames.has(n.name));
      const addNames = (kind: ItemKind) =>
        void run(async () => {
          const chosen = picked();
          state = await addFromNames(port, state!, chosen, kind);
          ui.checkedNames.clear();
          say(tx('added', { n: chosen.length }));
        });
      namesSec.append(
        filter, count, list,
        h(doc, 'div', { class: 'rf-actions' }, [
          button(tx('addAsInputs'), () => addNames('input'), { id: 'rf-names-to-inputs', disabled: ro }),
          button(tx('addAsOutputs'), () => addNames('output'), { id: 'rf-names-to-outputs', disabled: ro }),
        ]),
      );
    }
    const addSel = (kind: ItemKind) =>
      void run(async () => {
        const before = kind === 'input' ? state!.store.doc.model.inputs.length : state!.store.doc.model.outputs.length;
        state = await addFromSelection(port, state!, kind);
        const after = kind === 'input' ? state.store.doc.model.inputs.length : state.store.doc.model.outputs.length;
        say(tx('added', { n: after - before }));
      });
    const selSec = h(doc, 'section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-sel' } }, [
      h(doc, 'h2', { id: 'rf-h-sel', text: tx('fromSelection') }),
      h(doc, 'div', { class: 'rf-actions' }, [
        button(tx('selectionAsInputs'), () => addSel('input'), { id: 'rf-sel-to-inputs', disabled: ro }),
        button(tx('selectionAsOutputs'), () => addSel('output'), { id: 'rf-sel-to-outputs', disabled: ro }),
      ]),
    ]);
    panel.append(inputsSec, outputsSec, namesSec, selSec);
  }

  function metaLine(s: Scenario): string {
    // Stored in UTC; shown in the user's own time zone.
    const d = new Date(s.modified);
    const time = Number.isNaN(d.getTime()) ? s.modified : d.toLocaleString(lang, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    return [s.bureau, s.author, tx('modifiedAt', { time })].filter(Boolean).join(' · ');
  }

  function renderEditor(panel: HTMLElement, s: Scenario): void {
    const d = state!.store.doc;
    const draft = { name: s.name, bureau: s.bureau, author: s.author, note: s.note };
    const values: Record<string, InputValue> = { ...s.values };
    const form = h(doc, 'form', { class: 'rf-card rf-editor', attrs: { 'aria-labelledby': 'rf-h-edit', novalidate: '' } });
    form.append(h(doc, 'h2', { id: 'rf-h-edit', text: tx('editing') }));
    form.append(
      textField('rf-edit-name', tx('name'), draft.name, (v) => (draft.name = v), { required: true }),
      textField('rf-edit-bureau', tx('bureau'), draft.bureau, (v) => (draft.bureau = v)),
      textField('rf-edit-author', tx('author'), draft.author, (v) => (draft.author = v)),
      textField('rf-edit-note', tx('note'), draft.note, (v) => (draft.note = v), { multiline: true }),
    );
    const fs = h(doc, 'fieldset', { class: 'rf-values' }, [h(doc, 'legend', { text: tx('values') }), h(doc, 'p', { class: 'rf-help', text: tx('emptyMeansBlank') })]);
    for (const inp of d.model.inputs) {
      const label = inp.unit ? `${inp.label} (${inp.unit})` : inp.label;
      fs.append(textField(`rf-edit-value-${inp.id}`, label, inputText(values[inp.id]), (v) => (values[inp.id] = parseInput(v)), { inputmode: 'decimal' }));
    }
    form.append(fs);
    const save = () =>
      void run(async () => {
        state = await editScenario(port, state!, s.id, { ...draft, values }, now());
        ui.editing = undefined;
        say(tx('saved'));
      });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      save();
    });
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        ui.editing = undefined;
        render();
        doc.getElementById(`rf-edit-${s.id}`)?.focus();
      }
    });
    form.append(
      h(doc, 'div', { class: 'rf-actions' }, [
        button(tx('save'), save, { id: 'rf-edit-save', primary: true, disabled: readOnly() }),
        button(tx('cancel'), () => {
          ui.editing = undefined;
          render();
        }, { id: 'rf-edit-cancel' }),
      ]),
    );
    panel.append(form);
  }

  function renderScenarios(panel: HTMLElement): void {
    if (!state) return;
    const d = state.store.doc;
    const ro = readOnly();
    const editing = ui.editing ? d.scenarios.find((s) => s.id === ui.editing) : undefined;
    if (editing) return renderEditor(panel, editing);

    // What is applied now, with its outputs and the way back.
    if (state.restore) {
      const s = d.scenarios.find((x) => x.id === state!.restore!.appliedId);
      const box = h(doc, 'section', { class: 'rf-card rf-applied', id: 'rf-applied', attrs: { 'aria-labelledby': 'rf-h-applied' } }, [
        h(doc, 'h2', { id: 'rf-h-applied', text: tx('applied', { name: s?.name ?? '' }) }),
        h(doc, 'p', { class: 'rf-help', text: tx('appliedHelp') }),
      ]);
      const dl = h(doc, 'dl', { class: 'rf-outputs' });
      d.model.outputs.forEach((o, k) => {
        const v = state!.appliedOutputs?.[k] ?? null;
        dl.append(h(doc, 'dt', { text: o.unit ? `${o.label} (${o.unit})` : o.label }), h(doc, 'dd', { text: formatValue(v, o.numberFormat, lang), attrs: { 'data-output': o.id, 'data-value': typeof v === 'number' ? String(v) : '' } }));
      });
      box.append(dl, button(tx('restore'), () => void run(async () => { state = await restoreHandler(port, state!); say(tx('restored')); }), { id: 'rf-restore', primary: true }));
      panel.append(box);
    }

    if (d.model.inputs.length === 0) {
      panel.append(h(doc, 'section', { class: 'rf-card' }, [h(doc, 'p', { text: tx('needSetup') }), button(tx('goSetup'), () => app.show('setup'), { id: 'rf-go-setup', primary: true })]));
    } else if (!ro) {
      const f = ui.newScenario;
      const form = h(doc, 'form', { class: 'rf-card rf-new', attrs: { 'aria-labelledby': 'rf-h-new', novalidate: '' } }, [
        h(doc, 'h2', { id: 'rf-h-new', text: tx('newScenario') }),
        textField('rf-new-name', tx('name'), f.name, (v) => (f.name = v), { required: true }),
        textField('rf-new-bureau', tx('bureau'), f.bureau, (v) => (f.bureau = v)),
        textField('rf-new-author', tx('author'), f.author, (v) => (f.author = v)),
        textField('rf-new-note', tx('note'), f.note, (v) => (f.note = v), { multiline: true }),
      ]);
      const capture = () =>
        void run(async () => {
          state = await createScenario(port, state!, f, now());
          ui.newScenario = { name: '', bureau: f.bureau, author: f.author, note: '' };
          say(tx('saved'));
        });
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        capture();
      });
      form.append(h(doc, 'div', { class: 'rf-actions' }, [button(tx('capture'), capture, { id: 'rf-capture', primary: true })]));
      panel.append(form);
    }

    const listSec = h(doc, 'section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-list' } }, [h(doc, 'h2', { id: 'rf-h-list', text: tx('scenarios', { n: d.scenarios.length }) })]);
    if (d.scenarios.length === 0) listSec.append(h(doc, 'p', { class: 'rf-muted', text: tx('noScenarios') }));
    const ul = h(doc, 'ul', { class: 'rf-scenarios' });
    for (const s of d.scenarios) {
      const applied = state.restore?.appliedId === s.id;
      const li = h(doc, 'li', { class: applied ? 'rf-scenario rf-scenario-applied' : 'rf-scenario', attrs: { 'data-id': s.id } });
      li.append(h(doc, 'h3', { class: 'rf-scenario-name', text: s.name }), h(doc, 'p', { class: 'rf-meta', text: metaLine(s) }));
      if (s.note) li.append(h(doc, 'p', { class: 'rf-note', text: s.note }));
      const confirming = ui.confirmDelete === s.id;
      if (confirming) li.append(h(doc, 'p', { class: 'rf-warn', attrs: { role: 'alert' }, text: tx('confirmDelete', { name: s.name }) }));
      li.append(
        h(doc, 'div', { class: 'rf-actions' }, [
          button(tx('apply'), () => void run(async () => { state = await applyHandler(port, state!, s.id); }), { id: `rf-apply-${s.id}`, primary: true, label: `${tx('apply')}: ${s.name}` }),
          button(tx('edit'), () => { ui.editing = s.id; render(); doc.getElementById('rf-edit-name')?.focus(); }, { id: `rf-edit-${s.id}`, label: `${tx('edit')}: ${s.name}` }),
          button(tx('duplicate'), () => void run(async () => { state = await duplicateScenarioHandler(port, state!, s.id, tx('copyOf', { name: s.name }), now()); }), { id: `rf-dup-${s.id}`, disabled: ro, label: `${tx('duplicate')}: ${s.name}` }),
          button(tx('delete'), () => {
            if (!confirming) {
              ui.confirmDelete = s.id;
              render();
              doc.getElementById(`rf-del-${s.id}`)?.focus();
              return;
            }
            ui.confirmDelete = undefined;
            void run(async () => { state = await deleteScenarioHandler(port, state!, s.id); });
          }, { id: `rf-del-${s.id}`, disabled: ro, label: `${tx('delete')}: ${s.name}` }),
        ]),
      );
      ul.append(li);
    }
    listSec.append(ul);
    panel.append(listSec);
  }

  function renderComparison(c: Comparison): HTMLElement {
    const wrap = h(doc, 'div', { class: 'rf-table-wrap', attrs: { tabindex: '0', role: 'region', 'aria-label': tx('compareTable') } });
    const table = h(doc, 'table', { class: 'rf-compare-table', id: 'rf-compare-table' });
    table.append(h(doc, 'caption', { text: tx('compareTable') }));
    const head = h(doc, 'tr', {}, [h(doc, 'th', { text: tx('result'), attrs: { scope: 'col' } })]);
    c.scenarios.forEach((s, i) => head.append(h(doc, 'th', { text: i === c.baseIndex ? `${s.name} · ${tx('base')}` : s.name, attrs: { scope: 'col', 'data-id': s.id } })));
    table.append(h(doc, 'thead', {}, [head]));
    const body = h(doc, 'tbody');
    for (const o of c.outputs) {
      const tr = h(doc, 'tr', { attrs: { 'data-output': o.output.id } }, [h(doc, 'th', { text: o.output.unit ? `${o.output.label} (${o.output.unit})` : o.output.label, attrs: { scope: 'row' } })]);
      o.values.forEach((v, i) => {
        const td = h(doc, 'td', { attrs: { 'data-value': typeof v === 'number' ? String(v) : '' } }, [h(doc, 'span', { class: 'rf-v', text: formatValue(v, o.output.numberFormat, lang) })]);
        if (i !== c.baseIndex && o.diffs[i] !== null) {
          const ratio = o.ratios[i];
          const pct = ratio === null ? '' : ` (${ratio >= 0 ? '+' : '−'}${Math.abs(ratio * 100).toFixed(1)}%)`;
          td.append(h(doc, 'span', { class: 'rf-diff', text: `${tx('diffToBase')} ${formatDiff(o.diffs[i], o.output.numberFormat, lang)}${pct}` }));
        }
        tr.append(td);
      });
      body.append(tr);
    }
    table.append(body);
    wrap.append(table);
    return wrap;
  }

  function renderCompare(panel: HTMLElement): void {
    if (!state) return;
    const d = state.store.doc;
    if (d.scenarios.length === 0) {
      panel.append(h(doc, 'section', { class: 'rf-card' }, [h(doc, 'p', { class: 'rf-muted', text: tx('noScenarios') })]));
      return;
    }
    ui.compareIds ??= new Set(d.scenarios.map((s) => s.id));
    const fs = h(doc, 'fieldset', { class: 'rf-card rf-choose' }, [h(doc, 'legend', { text: tx('chooseScenarios') })]);
    d.scenarios.forEach((s) => {
      const id = `rf-cmp-${s.id}`;
      const cb = h(doc, 'input', { id, attrs: { type: 'checkbox', 'data-id': s.id } });
      cb.checked = ui.compareIds!.has(s.id);
      cb.addEventListener('change', () => (cb.checked ? ui.compareIds!.add(s.id) : ui.compareIds!.delete(s.id)));
      fs.append(h(doc, 'div', { class: 'rf-check' }, [cb, h(doc, 'label', { text: s.name, attrs: { for: id } })]));
    });
    const select = h(doc, 'select', { id: 'rf-base' });
    for (const s of d.scenarios) {
      const o = h(doc, 'option', { text: s.name });
      o.value = s.id;
      select.append(o);
    }
    if (ui.baseId && d.scenarios.some((s) => s.id === ui.baseId)) select.value = ui.baseId;
    select.addEventListener('change', () => (ui.baseId = select.value));
    fs.append(h(doc, 'div', { class: 'rf-field' }, [h(doc, 'label', { text: tx('base'), attrs: { for: 'rf-base' } }), select]));
    const go = () => {
      const ids = d.scenarios.map((s) => s.id).filter((id) => ui.compareIds!.has(id));
      const baseId = select.value;
      void run(
        async (signal) => {
          state = await compareHandler(port, state!, ids, {
            baseId,
            signal,
            onProgress: (done, total) => {
              progressLabel.textContent = tx('comparing', { done: Math.min(done + 1, total), total });
              progressBar.max = total;
              progressBar.value = done;
            },
          });
          say(state.comparison?.cancelled ? tx('cancelled') : '');
        },
        { label: () => tx('working') },
      );
    };
    fs.append(h(doc, 'div', { class: 'rf-actions' }, [button(tx('compare'), go, { id: 'rf-compare', primary: true })]));
    panel.append(fs);
    const c = state.comparison;
    if (c && c.scenarios.length > 0) {
      const sec = h(doc, 'section', { class: 'rf-card', id: 'rf-comparison' }, [renderComparison(c)]);
      sec.append(
        h(doc, 'div', { class: 'rf-actions' }, [
          button(tx('writeSheet'), () => void run(async () => {
            const name = await writeComparisonHandler(port, c, lang, now());
            say(tx('sheetWritten', { name }));
          }), { id: 'rf-write-sheet' }),
        ]),
      );
      panel.append(sec);
    }
  }

  const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const workbookName = () => opts.sharing?.fileName() ?? 'workbook.xlsx';
  const shown = (v: unknown) => (v === undefined ? tx('planNoValue') : formatValue(v as InputValue, 'General', lang));

  function renderPlan(plan: ImportPlan): HTMLElement {
    const box = h(doc, 'section', { class: 'rf-card rf-plan', id: 'rf-import-plan', attrs: { 'aria-labelledby': 'rf-h-plan' } }, [
      h(doc, 'h2', { id: 'rf-h-plan', text: tx('importFrom', { file: plan.source.fileName }) }),
    ]);
    const p = plan.source.provenance;
    if (p) {
      const time = p.exported.slice(0, 16).replace('T', ' ') + ' UTC';
      box.append(h(doc, 'p', { class: 'rf-meta', text: tx('importProvenance', { bureau: p.bureau, author: p.author, time, workbook: p.sourceWorkbook, version: p.addinVersion }) }));
    }
    box.append(h(doc, 'p', { class: 'rf-plan-summary', id: 'rf-plan-summary', text: tx('planSummary', plan.counts) }));
    const ul = h(doc, 'ul', { class: 'rf-plan-list' });
    plan.scenarios.forEach((ps, i) => {
      const li = h(doc, 'li', { class: `rf-plan-item rf-plan-${ps.action}`, attrs: { 'data-action': ps.action, 'data-name': ps.name } });
      li.append(h(doc, 'h3', { class: 'rf-scenario-name', text: ps.incoming.name }));
      li.append(h(doc, 'p', { class: 'rf-plan-action', text: ps.action === 'add' ? tx('planAdd') : ps.action === 'skip' ? tx('planSkip') : tx('planRename', { name: ps.name }) }));
      const meta = [ps.incoming.bureau, ps.incoming.author].filter(Boolean).join(' · ');
      if (meta) li.append(h(doc, 'p', { class: 'rf-meta', text: meta }));
      if (ps.differences.length > 0) {
        const table = h(doc, 'table', { class: 'rf-plan-diffs', attrs: { 'data-index': String(i) } });
        table.append(h(doc, 'caption', { text: tx('planDiffs', { name: ps.incoming.name }) }));
        table.append(h(doc, 'thead', {}, [h(doc, 'tr', {}, [tx('planInput'), tx('planHere'), tx('planIncoming')].map((c) => h(doc, 'th', { text: c, attrs: { scope: 'col' } })))]));
        const body = h(doc, 'tbody');
        for (const d of ps.differences) {
          body.append(h(doc, 'tr', { attrs: { 'data-ref': d.ref } }, [
            h(doc, 'th', { text: d.unit ? `${d.label} (${d.unit})` : d.label, attrs: { scope: 'row', title: d.ref } }),
            h(doc, 'td', { class: 'rf-plan-here', text: shown(d.current) }),
            h(doc, 'td', { class: 'rf-plan-incoming', text: shown(d.incoming) }),
          ]));
        }
        table.append(body);
        li.append(h(doc, 'div', { class: 'rf-table-wrap', attrs: { tabindex: '0', role: 'region', 'aria-label': tx('planDiffs', { name: ps.incoming.name }) } }, [table]));
      }
      ul.append(li);
    });
    box.append(ul);
    const notes = h(doc, 'ul', { class: 'rf-plan-notes' });
    for (const m of plan.missingInputs) {
      const params = { label: m.item.label, ref: m.item.ref, scenarios: m.scenarios.join('、') };
      notes.append(h(doc, 'li', { class: m.action === 'add' ? 'rf-plan-added' : 'rf-warn', text: tx(m.action === 'add' ? 'planInputAdded' : 'planInputDropped', params) }));
    }
    for (const m of plan.missingOutputs) notes.append(h(doc, 'li', { class: m.action === 'add' ? 'rf-plan-added' : 'rf-warn', text: tx(m.action === 'add' ? 'planOutputAdded' : 'planOutputDropped', { label: m.item.label, ref: m.item.ref }) }));
    if (notes.childElementCount > 0) box.append(notes);
    const n = plan.counts.add + plan.counts.rename;
    const actions = h(doc, 'div', { class: 'rf-actions' });
    if (n === 0 && plan.missingInputs.every((m) => m.action !== 'add') && plan.missingOutputs.every((m) => m.action !== 'add')) box.append(h(doc, 'p', { class: 'rf-muted', text: tx('nothingToImport') }));
    else {
      actions.append(button(tx('confirmImport', { n }), () => void run(async () => {
        state = await applyImportHandler(port, state!, plan);
        ui.importPlan = undefined;
        ui.exportIds = undefined;
        say(tx('imported', { n }));
      }), { id: 'rf-import-confirm', primary: true, disabled: readOnly() }));
    }
    actions.append(button(tx('cancel'), () => {
      ui.importPlan = undefined;
      say(tx('importCancelled'));
      render();
    }, { id: 'rf-import-cancel' }));
    box.append(actions);
    return box;
  }

  function renderShare(panel: HTMLElement): void {
    if (!state) return;
    const d = state.store.doc;
    const ro = readOnly();
    // Export
    ui.exportIds ??= new Set(d.scenarios.map((s) => s.id));
    const exp = h(doc, 'section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-export' } }, [
      h(doc, 'h2', { id: 'rf-h-export', text: tx('exportTitle') }),
      h(doc, 'p', { class: 'rf-help', text: tx('exportHelp') }),
    ]);
    if (d.scenarios.length === 0) exp.append(h(doc, 'p', { class: 'rf-muted', text: tx('noScenarios') }));
    else {
      const fs = h(doc, 'fieldset', { class: 'rf-choose' }, [h(doc, 'legend', { text: tx('chooseScenarios') })]);
      for (const s of d.scenarios) {
        const id = `rf-exp-${s.id}`;
        const cb = h(doc, 'input', { id, attrs: { type: 'checkbox', 'data-id': s.id } });
        cb.checked = ui.exportIds.has(s.id);
        cb.addEventListener('change', () => (cb.checked ? ui.exportIds!.add(s.id) : ui.exportIds!.delete(s.id)));
        fs.append(h(doc, 'div', { class: 'rf-check' }, [cb, h(doc, 'label', { text: s.name, attrs: { for: id } })]));
      }
      const f = ui.newScenario;
      exp.append(
        fs,
        textField('rf-exp-bureau', tx('bureau'), f.bureau, (v) => (f.bureau = v)),
        textField('rf-exp-author', tx('author'), f.author, (v) => (f.author = v)),
        h(doc, 'div', { class: 'rf-actions' }, [
          button(tx('exportButton'), () => void run(async () => {
            const ids = d.scenarios.map((s) => s.id).filter((id) => ui.exportIds!.has(id));
            const out = exportHandler(state!, workbookName(), { ids, bureau: f.bureau, author: f.author, version: opts.version ?? '' }, now());
            offerDownload(doc, out.text, out.fileName, 'application/json');
            say(tx('exported', { n: out.count, file: out.fileName }));
          }), { id: 'rf-export', primary: true }),
        ]),
      );
    }
    // Import
    const imp = h(doc, 'section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-import' } }, [
      h(doc, 'h2', { id: 'rf-h-import', text: tx('importTitle') }),
      h(doc, 'p', { class: 'rf-help', text: tx('importHelp') }),
    ]);
    const picker = h(doc, 'input', { id: 'rf-import-file', attrs: { type: 'file', accept: '.json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    if (ro) picker.disabled = true;
    picker.addEventListener('change', () => {
      const file = picker.files?.[0];
      if (!file) return;
      void run(async () => {
        try {
          const bytes = new Uint8Array(await file.arrayBuffer());
          ui.importPlan = await planImportHandler(port, state!, bytes, file.name);
          say('');
        } finally {
          picker.value = '';
        }
      });
    });
    imp.append(h(doc, 'div', { class: 'rf-field' }, [h(doc, 'label', { text: tx('importFile'), attrs: { for: 'rf-import-file' } }), picker]));
    panel.append(exp, imp);
    if (ui.importPlan) panel.append(renderPlan(ui.importPlan));

    const sharing = opts.sharing;
    if (!sharing) return;
    // A copy for sharing
    const copy = h(doc, 'section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-copy' } }, [
      h(doc, 'h2', { id: 'rf-h-copy', text: tx('copyTitle') }),
      h(doc, 'p', { class: 'rf-help', text: tx('copyHelp') }),
    ]);
    if (opts.loadSnapshot) {
      const load = opts.loadSnapshot;
      copy.append(h(doc, 'div', { class: 'rf-actions' }, [
        button(tx('copyButton'), () => void run(async () => {
          say(tx('working'));
          const snapshot = await load();
          const result = await prepareCopyHandler(sharing, snapshot, { version: opts.version ?? '', lang });
          if (result.opened) say(tx('copyOpened', { n: result.replaced }));
          else {
            offerDownload(doc, result.bytes, result.fileName, XLSX_TYPE);
            say(tx('copyReady', { n: result.replaced, file: result.fileName }));
          }
        }), { id: 'rf-share-copy', primary: true }),
      ]));
    }
    // Repair
    const rep = h(doc, 'section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-repair' } }, [
      h(doc, 'h2', { id: 'rf-h-repair', text: tx('repairTitle') }),
      h(doc, 'p', { class: 'rf-help', text: tx('repairHelp') }),
      h(doc, 'div', { class: 'rf-actions' }, [
        button(tx('repairFind'), () => void run(async () => {
          say(tx('working'));
          ui.repairs = await findRepairsHandler(sharing);
          say(ui.repairs.length === 0 ? tx('repairNone') : tx('repairFound', { n: ui.repairs.length }));
        }), { id: 'rf-repair-find' }),
      ]),
    ]);
    const repairs = ui.repairs;
    if (repairs && repairs.length > 0) {
      const table = h(doc, 'table', { class: 'rf-repairs', id: 'rf-repairs' }, [
        h(doc, 'caption', { text: tx('repairFound', { n: repairs.length }) }),
        h(doc, 'thead', {}, [h(doc, 'tr', {}, [tx('repairCell'), tx('repairBefore'), tx('repairAfter')].map((c) => h(doc, 'th', { text: c, attrs: { scope: 'col' } })))]),
      ]);
      const body = h(doc, 'tbody');
      for (const r of repairs) {
        body.append(h(doc, 'tr', {}, [
          h(doc, 'th', { text: r.sheet ? formatRef(r.sheet, r.address) : r.address, attrs: { scope: 'row' } }),
          h(doc, 'td', {}, [h(doc, 'code', { text: r.before })]),
          h(doc, 'td', {}, [h(doc, 'code', { text: r.after })]),
        ]));
      }
      table.append(body);
      rep.append(
        h(doc, 'div', { class: 'rf-table-wrap', attrs: { tabindex: '0', role: 'region', 'aria-label': tx('repairFound', { n: repairs.length }) } }, [table]),
        h(doc, 'div', { class: 'rf-actions' }, [
          button(tx('repairConfirm', { n: repairs.length }), () => void run(async () => {
            const r = await applyRepairsHandler(port, sharing, state!, repairs);
            state = r.state;
            ui.repairs = undefined;
            const skipped = repairs.length - r.written.length;
            say([tx('repaired', { n: r.written.length }), skipped > 0 ? tx('repairSkipped', { n: skipped }) : ''].filter(Boolean).join(' '));
          }), { id: 'rf-repair-confirm', primary: true }),
          button(tx('cancel'), () => {
            ui.repairs = undefined;
            render();
          }, { id: 'rf-repair-cancel' }),
        ]),
      );
    }
    panel.append(copy, rep);
  }

  function renderFunctions(panel: HTMLElement): void {
    if (!reference) reference = mountReference(doc, panel, lang, undefined, { header: false });
    else reference.setLang(lang);
  }

  // ----- render -----
  function render(): void {
    const focusedId = (doc.activeElement as HTMLElement | null)?.id;
    doc.documentElement.lang = lang;
    doc.title = `${t('title', lang)} · ${t('subtitle', lang)}`;
    title.textContent = t('title', lang);
    subtitle.textContent = t('subtitle', lang);
    switcher.setAttribute('aria-label', tx('language'));
    langButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.lang === lang)));
    tabs.setAttribute('aria-label', tx('views'));
    VIEWS.forEach(({ id, key }, i) => {
      const b = tabButtons[i];
      b.textContent = tx(key);
      b.setAttribute('aria-selected', String(id === view));
      b.tabIndex = id === view ? 0 : -1;
      panels.get(id)!.hidden = id !== view;
    });
    const ro = state?.store.readOnly;
    readOnlyBox.hidden = !ro;
    readOnlyBox.replaceChildren(...(ro ? [h(doc, 'strong', { text: tx('readOnlyTitle') }), h(doc, 'span', { text: ` ${lang === 'zh-CN' ? ro.zh : ro.en}` })] : []));
    cancelButton.textContent = tx('cancel');

    const panel = panels.get(view)!;
    if (view === 'functions') renderFunctions(panel);
    else {
      panel.replaceChildren();
      if (!state) panel.append(h(doc, 'p', { class: 'rf-muted', text: tx('loading') }));
      else if (view === 'setup') renderSetup(panel);
      else if (view === 'scenarios') renderScenarios(panel);
      else if (view === 'share') renderShare(panel);
      else renderCompare(panel);
    }
    if (focusedId && doc.activeElement !== doc.getElementById(focusedId)) doc.getElementById(focusedId)?.focus();
  }

  const app: PaneApp = {
    ready: Promise.resolve(),
    lang: () => lang,
    setLang(l: Lang) {
      if (l === lang) return;
      lang = l;
      render();
    },
    show(v: ViewId) {
      if (v === view) return;
      view = v;
      ui.confirmDelete = undefined;
      render();
    },
    state: () => state,
  };

  render();
  app.ready = (async () => {
    try {
      state = await openPane(port);
      names = await port.definedNames();
    } catch (e) {
      say(errorText(e), 'error');
    }
    render();
  })();
  return app;
}
