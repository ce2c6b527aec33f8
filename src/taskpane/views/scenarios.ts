/**
 * Scenarios: what is applied now (its outputs and Restore), a form that saves the current input
 * values as a new scenario, the list (apply, edit, duplicate, delete with confirmation) and the
 * editor of one scenario's texts and values.
 */
import type { InputValue, Scenario, ScenarioDocument } from '../../scenarios/types';
import { formatValue, inputText, parseInput } from '../format';
import type { PaneState } from '../handlers';
import { applyHandler, createScenario, deleteScenarioHandler, duplicateScenarioHandler, editScenario, restoreHandler } from '../handlers';
import type { ViewContext, ViewHandle } from '../view-context';

export function mountScenariosView(ctx: ViewContext, root: HTMLElement): ViewHandle {
  const { dom, doc, port, tx } = ctx;
  const now = () => ctx.services.now();
  /** The new-scenario form's own fields (bureau and author are the shared identity). */
  let draft = { name: '', note: '' };
  let editing: string | undefined;
  let confirmDelete: string | undefined;

  function metaLine(s: Scenario): string {
    // Stored in UTC; shown in the user's own time zone.
    const d = new Date(s.modified);
    const time = Number.isNaN(d.getTime()) ? s.modified : d.toLocaleString(ctx.lang(), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    return [s.bureau, s.author, tx('modifiedAt', { time })].filter(Boolean).join(' · ');
  }

  function editor(d: ScenarioDocument, s: Scenario): HTMLElement {
    const texts = { name: s.name, bureau: s.bureau, author: s.author, note: s.note };
    const values: Record<string, InputValue> = { ...s.values };
    const form = dom.h('form', { class: 'rf-card rf-editor', attrs: { 'aria-labelledby': 'rf-h-edit', novalidate: '' } });
    form.append(dom.h('h2', { id: 'rf-h-edit', text: tx('editing') }));
    form.append(
      dom.textField('rf-edit-name', tx('name'), texts.name, (v) => (texts.name = v), { required: true }),
      dom.textField('rf-edit-bureau', tx('bureau'), texts.bureau, (v) => (texts.bureau = v)),
      dom.textField('rf-edit-author', tx('author'), texts.author, (v) => (texts.author = v)),
      dom.textField('rf-edit-note', tx('note'), texts.note, (v) => (texts.note = v), { multiline: true }),
    );
    const fs = dom.h('fieldset', { class: 'rf-values' }, [dom.h('legend', { text: tx('values') }), dom.h('p', { class: 'rf-help', text: tx('emptyMeansBlank') })]);
    for (const inp of d.model.inputs) {
      const label = inp.unit ? `${inp.label} (${inp.unit})` : inp.label;
      fs.append(dom.textField(`rf-edit-value-${inp.id}`, label, inputText(values[inp.id]), (v) => (values[inp.id] = parseInput(v)), { inputmode: 'decimal' }));
    }
    form.append(fs);
    const save = () =>
      void ctx.act(async (state) => {
        const next = await editScenario(port, state, s.id, { ...texts, values }, now());
        editing = undefined;
        ctx.notify({ key: 'saved' }, { at: `rf-edit-${s.id}` });
        return next;
      }, { at: 'rf-edit-save' });
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
      ]),
    );
    return form;
  }

  function appliedCard(state: PaneState, restore: NonNullable<PaneState['restore']>): HTMLElement {
    const d = state.store.doc;
    const s = d.scenarios.find((x) => x.id === restore.appliedId);
    const box = dom.h('section', { class: 'rf-card rf-applied', id: 'rf-applied', attrs: { 'aria-labelledby': 'rf-h-applied' } }, [
      dom.h('h2', { id: 'rf-h-applied', text: tx('applied', { name: s?.name ?? '' }) }),
      dom.h('p', { class: 'rf-help', text: tx('appliedHelp') }),
    ]);
    const dl = dom.h('dl', { class: 'rf-outputs' });
    d.model.outputs.forEach((o, k) => {
      const v = state.appliedOutputs?.[k] ?? null;
      dl.append(
        dom.h('dt', { text: o.unit ? `${o.label} (${o.unit})` : o.label }),
        dom.h('dd', { text: formatValue(v, o.numberFormat, ctx.lang()), attrs: { 'data-output': o.id, 'data-value': typeof v === 'number' ? String(v) : '' } }),
      );
    });
    const restoreIt = () =>
      void ctx.act(async (st) => {
        const next = await restoreHandler(port, st);
        ctx.notify({ key: 'restored' }, { at: `rf-apply-${restore.appliedId}` });
        return next;
      }, { at: 'rf-restore' });
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
      void ctx.act(async (state) => {
        const next = await createScenario(port, state, { name: draft.name, note: draft.note, bureau: who.bureau, author: who.author }, now());
        draft = { name: '', note: '' };
        ctx.notify({ key: 'saved' }, { at: 'rf-capture' });
        return next;
      }, { at: 'rf-capture' });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      capture();
    });
    form.append(dom.h('div', { class: 'rf-actions' }, [dom.button(tx('capture'), capture, { id: 'rf-capture', primary: true })]));
    return form;
  }

  function list(state: PaneState): HTMLElement {
    const d = state.store.doc;
    const ro = ctx.readOnly();
    const sec = dom.h('section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-list' } }, [dom.h('h2', { id: 'rf-h-list', text: tx('scenarios', { n: d.scenarios.length }) })]);
    if (d.scenarios.length === 0) sec.append(dom.h('p', { class: 'rf-muted', text: tx('noScenarios') }));
    const ul = dom.h('ul', { class: 'rf-scenarios' });
    for (const s of d.scenarios) {
      const applied = state.restore?.appliedId === s.id;
      const li = dom.h('li', { class: applied ? 'rf-scenario rf-scenario-applied' : 'rf-scenario', attrs: { 'data-id': s.id } });
      li.append(dom.h('h3', { class: 'rf-scenario-name', text: s.name }), dom.h('p', { class: 'rf-meta', text: metaLine(s) }));
      if (s.note) li.append(dom.h('p', { class: 'rf-note', text: s.note }));
      const confirming = confirmDelete === s.id;
      if (confirming) li.append(dom.h('p', { class: 'rf-warn', attrs: { role: 'alert' }, text: tx('confirmDelete', { name: s.name }) }));
      const ids = { apply: `rf-apply-${s.id}`, edit: `rf-edit-${s.id}`, dup: `rf-dup-${s.id}`, del: `rf-del-${s.id}` };
      li.append(
        dom.h('div', { class: 'rf-actions' }, [
          dom.button(tx('apply'), () => void ctx.act((st) => applyHandler(port, st, s.id), { at: ids.apply }), { id: ids.apply, primary: true, label: `${tx('apply')}: ${s.name}` }),
          dom.button(tx('edit'), () => {
            editing = s.id;
            ctx.rerender();
            doc.getElementById('rf-edit-name')?.focus();
          }, { id: ids.edit, label: `${tx('edit')}: ${s.name}` }),
          dom.button(tx('duplicate'), () => void ctx.act((st) => duplicateScenarioHandler(port, st, s.id, tx('copyOf', { name: s.name }), now()), { at: ids.dup }), { id: ids.dup, disabled: ro, label: `${tx('duplicate')}: ${s.name}` }),
          dom.button(tx('delete'), () => {
            if (!confirming) {
              confirmDelete = s.id;
              ctx.rerender();
              doc.getElementById(ids.del)?.focus();
              return;
            }
            confirmDelete = undefined;
            void ctx.act((st) => deleteScenarioHandler(port, st, s.id), { at: 'rf-h-list' });
          }, { id: ids.del, disabled: ro, label: `${tx('delete')}: ${s.name}` }),
        ]),
      );
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
      const s = editing ? d.scenarios.find((x) => x.id === editing) : undefined;
      if (s) return root.replaceChildren(editor(d, s));
      root.replaceChildren();
      if (state.restore) root.append(appliedCard(state, state.restore));
      if (d.model.inputs.length === 0) {
        root.append(dom.h('section', { class: 'rf-card' }, [dom.h('p', { text: tx('needSetup') }), dom.button(tx('goSetup'), () => ctx.show('setup'), { id: 'rf-go-setup', primary: true })]));
      } else if (!ctx.readOnly()) root.append(newForm());
      root.append(list(state));
    },
    hidden() {
      confirmDelete = undefined;
    },
  };
}
