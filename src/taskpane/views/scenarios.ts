/**
 * Scenarios: what is applied now (its outputs and Restore), a form that saves the current input
 * values as a new scenario, the list (apply, edit, duplicate, delete with confirmation) and the
 * editor of one scenario's texts and values.
 */
import type { InputValue, ModelInput, Scenario, ScenarioDocument } from '../../scenarios/types';
import { ValueKind, editText, formatValue, parseValue } from '../format';
import type { InputCell, PaneState } from '../handlers';
import {
  applyHandler,
  createScenario,
  deleteScenarioHandler,
  duplicateScenarioHandler,
  editScenario,
  inputCells,
  restoreHandler,
} from '../handlers';
import type { TextKey } from '../i18n';
import type { ViewContext, ViewHandle } from '../view-context';

export function mountScenariosView(ctx: ViewContext, root: HTMLElement): ViewHandle {
  const { dom, doc, port, tx } = ctx;
  const now = () => ctx.services.now();
  /** The new-scenario form's own fields (bureau and author are the shared identity). */
  let draft = { name: '', note: '' };
  /**
   * The scenario being edited: its texts and, per input, what the user typed (kept as typed, so
   * a language switch or a failed save loses nothing) and what the input cell takes.
   */
  let editing:
    | {
        id: string;
        texts: { name: string; bureau: string; author: string; note: string };
        typed: Record<string, string>;
        shown: Record<string, string>;
        cells: InputCell[];
        checked: boolean;
      }
    | undefined;
  let confirmDelete: string | undefined;

  function metaLine(s: Scenario): string {
    // Stored in UTC; shown in the user's own time zone, and said so.
    const d = new Date(s.modified);
    const time = Number.isNaN(d.getTime())
      ? s.modified
      : d.toLocaleString(ctx.lang(), {
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        });
    return [s.bureau, s.author, tx('modifiedAt', { time, zone: utcOffset(d) })].filter(Boolean).join(' · ');
  }

  const HINT: Record<ValueKind, TextKey | undefined> = {
    number: 'hintNumber',
    percent: 'hintPercent',
    date: 'hintDate',
    text: 'hintText',
    boolean: 'hintBoolean',
    any: undefined,
  };

  /** Opens the editor: reads what each input cell takes, shows the values in the cells' formats. */
  function openEditor(s: Scenario): void {
    void ctx
      .act(
        async (state) => {
          const inputs = state.store.doc.model.inputs;
          const cells = await inputCells(
            port,
            inputs.map((i) => i.ref)
          );
          const typed: Record<string, string> = {};
          inputs.forEach(
            (inp, k) => (typed[inp.id] = editText(s.values[inp.id], cells[k].kind, cells[k].numberFormat))
          );
          editing = {
            id: s.id,
            texts: { name: s.name, bureau: s.bureau, author: s.author, note: s.note },
            typed,
            shown: { ...typed },
            cells,
            checked: false,
          };
        },
        { at: `rf-edit-${s.id}` }
      )
      .then(() => doc.getElementById('rf-edit-name')?.focus());
  }

  /** One value field: label with unit, the kind's hint, and the reason when what is typed does not fit the cell. */
  function valueField(inp: ModelInput, cell: InputCell, e: NonNullable<typeof editing>): HTMLElement {
    const id = `rf-edit-value-${inp.id}`;
    const label = inp.unit ? `${inp.label} (${inp.unit})` : inp.label;
    const field = dom.textField(id, label, e.typed[inp.id] ?? '', (v) => (e.typed[inp.id] = v), {
      inputmode: cell.kind === 'number' || cell.kind === 'percent' ? 'decimal' : undefined,
    });
    const input = field.querySelector('input')!;
    const hintKey = HINT[cell.kind];
    const describedBy: string[] = [];
    if (hintKey) {
      const example = cell.kind === 'number' ? editText(1234.5, 'number', cell.numberFormat) : '';
      field.append(dom.h('p', { class: 'rf-hint', id: `${id}-hint`, text: tx(hintKey, { example }) }));
      describedBy.push(`${id}-hint`);
    }
    const error = dom.h('p', { class: 'rf-field-error', id: `${id}-error` });
    field.append(error);
    const check = (show: boolean) => {
      const r = parseValue(input.value, cell.kind);
      const bad = !r.ok;
      input.setAttribute('aria-invalid', String(bad));
      error.textContent = bad && show ? tx(r.error, { value: input.value.trim() }) : '';
      error.hidden = !(bad && show);
      input.setAttribute('aria-describedby', [...describedBy, ...(bad && show ? [error.id] : [])].join(' '));
    };
    input.addEventListener('change', () => check(true));
    input.addEventListener('input', () => error.textContent && check(true));
    check(e.checked);
    return field;
  }

  function editor(d: ScenarioDocument, s: Scenario, e: NonNullable<typeof editing>): HTMLElement {
    const texts = e.texts;
    const form = dom.h('form', {
      class: 'rf-card rf-editor',
      attrs: { 'aria-labelledby': 'rf-h-edit', novalidate: '' },
    });
    form.append(dom.h('h2', { id: 'rf-h-edit', text: tx('editing') }));
    form.append(
      dom.textField('rf-edit-name', tx('name'), texts.name, (v) => (texts.name = v), { required: true }),
      dom.textField('rf-edit-bureau', tx('bureau'), texts.bureau, (v) => (texts.bureau = v)),
      dom.textField('rf-edit-author', tx('author'), texts.author, (v) => (texts.author = v)),
      dom.textField('rf-edit-note', tx('note'), texts.note, (v) => (texts.note = v), { multiline: true })
    );
    const fs = dom.h('fieldset', { class: 'rf-values' }, [
      dom.h('legend', { text: tx('values') }),
      dom.h('p', { class: 'rf-help', text: tx('emptyMeansBlank') }),
    ]);
    d.model.inputs.forEach((inp, k) =>
      fs.append(valueField(inp, e.cells[k] ?? { kind: 'any', numberFormat: 'General' }, e))
    );
    form.append(fs);
    const save = () => {
      const values: Record<string, InputValue> = { ...s.values };
      const bad: string[] = [];
      d.model.inputs.forEach((inp, k) => {
        // A field left as shown keeps the stored value exactly (and an input the scenario does not set stays unset).
        if (e.typed[inp.id] === e.shown[inp.id]) return;
        const r = parseValue(e.typed[inp.id] ?? '', e.cells[k]?.kind ?? 'any');
        if (r.ok) values[inp.id] = r.value;
        else bad.push(`rf-edit-value-${inp.id}`);
      });
      if (bad.length > 0) {
        // Every wrong field says why; the focus goes to the first.
        e.checked = true;
        ctx.rerender();
        ctx.notify({ key: 'fixValues', params: { n: bad.length } }, { at: 'rf-edit-save', kind: 'error' });
        doc.getElementById(bad[0])?.focus();
        return;
      }
      void ctx.act(
        async (state) => {
          const next = await editScenario(port, state, s.id, { ...texts, values }, now());
          editing = undefined;
          ctx.notify({ key: 'saved' }, { at: `rf-edit-${s.id}` });
          return next;
        },
        { at: 'rf-edit-save' }
      );
    };
    const close = () => {
      editing = undefined;
      ctx.rerender();
      doc.getElementById(`rf-edit-${s.id}`)?.focus();
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      save();
    });
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') close();
    });
    form.append(
      dom.h('div', { class: 'rf-actions' }, [
        dom.button(tx('save'), save, { id: 'rf-edit-save', primary: true, disabled: ctx.readOnly() }),
        dom.button(tx('cancel'), close, { id: 'rf-edit-cancel' }),
      ])
    );
    return form;
  }

  /** The applied scenario's outputs and the way back, inside that scenario's entry (where Apply was pressed). */
  function appliedCard(state: PaneState, restore: NonNullable<PaneState['restore']>): HTMLElement {
    const d = state.store.doc;
    const s = d.scenarios.find((x) => x.id === restore.appliedId);
    const box = dom.h(
      'section',
      { class: 'rf-applied', id: 'rf-applied', attrs: { 'aria-labelledby': 'rf-h-applied' } },
      [
        dom.h('h4', { id: 'rf-h-applied', text: tx('applied', { name: s?.name ?? '' }) }),
        dom.h('p', { class: 'rf-help', text: tx('appliedHelp', { button: tx('restore') }) }),
      ]
    );
    const dl = dom.h('dl', { class: 'rf-outputs' });
    d.model.outputs.forEach((o, k) => {
      const v = state.appliedOutputs?.[k] ?? null;
      dl.append(
        dom.h('dt', { text: o.unit ? `${o.label} (${o.unit})` : o.label }),
        dom.h('dd', {
          text: formatValue(v, o.numberFormat, ctx.lang()),
          attrs: { 'data-output': o.id, 'data-value': typeof v === 'number' ? String(v) : '' },
        })
      );
    });
    const restoreIt = () =>
      void ctx.act(
        async (st) => {
          const next = await restoreHandler(port, st);
          ctx.notify({ key: 'restored' }, { at: `rf-apply-${restore.appliedId}` });
          return next;
        },
        { at: 'rf-restore' }
      );
    box.append(dl, dom.button(tx('restore'), restoreIt, { id: 'rf-restore', primary: true }));
    return box;
  }

  function newForm(): HTMLElement {
    const who = ctx.identity;
    const form = dom.h('form', { class: 'rf-card rf-new', attrs: { 'aria-labelledby': 'rf-h-new', novalidate: '' } }, [
      dom.h('h2', { id: 'rf-h-new', text: tx('newScenario') }),
      dom.textField('rf-new-name', tx('name'), draft.name, (v) => (draft.name = v), { required: true }),
      dom.textField('rf-new-bureau', tx('bureau'), who.bureau, (v) => (who.bureau = v)),
      dom.textField('rf-new-author', tx('author'), who.author, (v) => (who.author = v)),
      dom.textField('rf-new-note', tx('note'), draft.note, (v) => (draft.note = v), { multiline: true }),
    ]);
    const capture = () =>
      void ctx.act(
        async (state) => {
          const next = await createScenario(
            port,
            state,
            { name: draft.name, note: draft.note, bureau: who.bureau, author: who.author },
            now()
          );
          draft = { name: '', note: '' };
          ctx.notify({ key: 'saved' }, { at: 'rf-capture' });
          return next;
        },
        { at: 'rf-capture' }
      );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      capture();
    });
    form.append(
      dom.h('div', { class: 'rf-actions' }, [dom.button(tx('capture'), capture, { id: 'rf-capture', primary: true })])
    );
    return form;
  }

  function list(state: PaneState): HTMLElement {
    const d = state.store.doc;
    const ro = ctx.readOnly();
    const sec = dom.h('section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-list' } }, [
      dom.h('h2', { id: 'rf-h-list', text: tx('scenarios', { n: d.scenarios.length }) }),
    ]);
    if (d.scenarios.length === 0) sec.append(dom.h('p', { class: 'rf-muted', text: tx('noScenarios') }));
    const ul = dom.h('ul', { class: 'rf-scenarios' });
    for (const s of d.scenarios) {
      const applied = state.restore?.appliedId === s.id;
      const li = dom.h('li', {
        class: applied ? 'rf-scenario rf-scenario-applied' : 'rf-scenario',
        attrs: { 'data-id': s.id },
      });
      li.append(
        dom.h('h3', { class: 'rf-scenario-name', text: s.name }),
        dom.h('p', { class: 'rf-meta', text: metaLine(s) })
      );
      if (s.note) li.append(dom.h('p', { class: 'rf-note', text: s.note }));
      const confirming = confirmDelete === s.id;
      if (confirming)
        li.append(
          dom.h('p', { class: 'rf-warn', attrs: { role: 'alert' }, text: tx('confirmDelete', { name: s.name }) })
        );
      const ids = { apply: `rf-apply-${s.id}`, edit: `rf-edit-${s.id}`, dup: `rf-dup-${s.id}`, del: `rf-del-${s.id}` };
      li.append(
        dom.h('div', { class: 'rf-actions' }, [
          dom.button(
            tx('apply'),
            () =>
              void ctx.act(
                async (st) => {
                  const next = await applyHandler(port, st, s.id);
                  ctx.notify({ key: 'appliedNotice', params: { name: s.name } }, { at: ids.apply });
                  return next;
                },
                { at: ids.apply }
              ),
            { id: ids.apply, primary: true, label: `${tx('apply')}: ${s.name}` }
          ),
          dom.button(tx('edit'), () => openEditor(s), { id: ids.edit, label: `${tx('edit')}: ${s.name}` }),
          dom.button(
            tx('duplicate'),
            () =>
              void ctx.act((st) => duplicateScenarioHandler(port, st, s.id, tx('copyOf', { name: s.name }), now()), {
                at: ids.dup,
              }),
            { id: ids.dup, disabled: ro, label: `${tx('duplicate')}: ${s.name}` }
          ),
          dom.button(
            tx('delete'),
            () => {
              if (!confirming) {
                confirmDelete = s.id;
                ctx.rerender();
                doc.getElementById(ids.del)?.focus();
                return;
              }
              confirmDelete = undefined;
              void ctx.act((st) => deleteScenarioHandler(port, st, s.id), { at: 'rf-h-list' });
            },
            { id: ids.del, disabled: ro, label: `${tx('delete')}: ${s.name}` }
          ),
        ])
      );
      if (applied && state.restore) li.append(appliedCard(state, state.restore));
      ul.append(li);
    }
    sec.append(ul);
    return sec;
  }

  return {
    render() {
      const state = ctx.state();
      if (!state) return;
      const d = state.store.doc;
      const e = editing;
      const s = e ? d.scenarios.find((x) => x.id === e.id) : undefined;
      if (e && s) return root.replaceChildren(editor(d, s, e));
      root.replaceChildren();
      if (d.model.inputs.length === 0) {
        root.append(
          dom.h('section', { class: 'rf-card' }, [
            dom.h('p', { text: tx('needSetup') }),
            dom.button(tx('goSetup'), () => ctx.show('setup'), { id: 'rf-go-setup', primary: true }),
          ])
        );
      } else if (!ctx.readOnly()) root.append(newForm());
      root.append(list(state));
    },
    hidden() {
      confirmDelete = undefined;
    },
  };
}

/** The time zone of a moment as an offset from UTC (`UTC+8`, `UTC−3:30`). */
export function utcOffset(d: Date): string {
  const m = -d.getTimezoneOffset();
  if (!Number.isFinite(m)) return 'UTC';
  const a = Math.abs(m);
  const hm = a % 60 === 0 ? String(a / 60) : `${Math.floor(a / 60)}:${String(a % 60).padStart(2, '0')}`;
  return m === 0 ? 'UTC' : `UTC${m > 0 ? '+' : '−'}${hm}`;
}
