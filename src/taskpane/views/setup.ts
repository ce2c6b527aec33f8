/**
 * Setup: the model's inputs and outputs (label, unit, number format; remove), added from the
 * workbook's defined names (filterable, ticked) or from the selected cells.
 */
import { ItemKind, addFromNames, addFromSelection, removeItem, updateItem } from '../handlers';
import type { ModelInput, ModelOutput, ScenarioDocument } from '../../scenarios/types';
import type { ViewContext, ViewHandle } from '../view-context';

export function mountSetupView(ctx: ViewContext, root: HTMLElement): ViewHandle {
  const { dom, port, tx } = ctx;
  let nameFilter = '';
  const checkedNames = new Set<string>();

  function itemList(kind: ItemKind, d: ScenarioDocument): HTMLElement {
    const ro = ctx.readOnly();
    const items: (ModelInput | ModelOutput)[] = kind === 'input' ? d.model.inputs : d.model.outputs;
    if (items.length === 0)
      return dom.h('p', { class: 'rf-muted', text: tx(kind === 'input' ? 'noInputs' : 'noOutputs') });
    const list = dom.h('ul', {
      class: 'rf-items',
      attrs: { 'aria-label': tx(kind === 'input' ? 'inputs' : 'outputs') },
    });
    for (const it of items) {
      const li = dom.h('li', { class: 'rf-item', attrs: { 'data-ref': it.ref } });
      li.append(dom.h('code', { class: 'rf-ref', text: it.ref }));
      const fields = dom.h('div', { class: 'rf-item-fields' });
      const pending: { label?: string; unit?: string; numberFormat?: string } = {};
      const commitField = () => {
        if (Object.keys(pending).length === 0) return;
        const patch = { ...pending };
        for (const k of Object.keys(pending)) delete (pending as Record<string, unknown>)[k];
        void ctx.act((s) => updateItem(port, s, kind, it.id, patch));
      };
      const field = (key: 'label' | 'unit' | 'numberFormat', value: string) => {
        const fld = dom.textField(`rf-${kind}-${it.id}-${key}`, tx(key), value, (v) => (pending[key] = v), {
          readonly: ro,
        });
        fld.querySelector('input')!.addEventListener('change', commitField);
        return fld;
      };
      fields.append(field('label', it.label), field('unit', it.unit));
      if (kind === 'output') fields.append(field('numberFormat', (it as ModelOutput).numberFormat));
      li.append(fields);
      const removeId = `rf-remove-${kind}-${it.id}`;
      li.append(
        dom.button(tx('remove'), () => void ctx.act((s) => removeItem(port, s, kind, it.id), { at: removeId }), {
          id: removeId,
          label: tx('removeItem', { label: it.label }),
          disabled: ro,
        })
      );
      list.append(li);
    }
    return list;
  }

  function namesCard(): HTMLElement {
    const ro = ctx.readOnly();
    const names = ctx.names();
    const sec = dom.h('section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-names' } }, [
      dom.h('h2', { id: 'rf-h-names', text: tx('fromNames') }),
    ]);
    if (names.length === 0) {
      sec.append(dom.h('p', { class: 'rf-muted', text: tx('noNames') }));
      return sec;
    }
    const filter = dom.textField('rf-name-filter', tx('filterNames'), nameFilter, (v) => {
      nameFilter = v;
      applyFilter();
    });
    const count = dom.h('p', { class: 'rf-count', id: 'rf-names-count', attrs: { 'aria-live': 'polite' } });
    const list = dom.h('ul', { class: 'rf-names', attrs: { 'aria-label': tx('fromNames') } });
    names.forEach((n, i) => {
      const id = `rf-name-${i}`;
      const cb = dom.h('input', { id, attrs: { type: 'checkbox', 'data-name': n.name } });
      cb.checked = checkedNames.has(n.name);
      cb.addEventListener('change', () => (cb.checked ? checkedNames.add(n.name) : checkedNames.delete(n.name)));
      const lab = dom.h('label', { attrs: { for: id } }, [
        dom.h('span', { class: 'rf-name', text: n.name }),
        dom.h('span', { class: 'rf-ref', text: n.ref }),
      ]);
      list.append(dom.h('li', { class: 'rf-name-item', attrs: { 'data-name': n.name } }, [cb, lab]));
    });
    const applyFilter = () => {
      const q = nameFilter.trim().toLowerCase();
      let shown = 0;
      for (const li of Array.from(list.children) as HTMLElement[]) {
        const hit =
          !q || (li.dataset.name ?? '').toLowerCase().includes(q) || (li.textContent ?? '').toLowerCase().includes(q);
        li.hidden = !hit;
        if (hit) shown++;
      }
      count.textContent = tx('namesCount', { n: shown });
    };
    applyFilter();
    const addNames = (kind: ItemKind, at: string) =>
      void ctx.act(
        async (s) => {
          const chosen = names.filter((n) => checkedNames.has(n.name));
          const next = await addFromNames(port, s, chosen, kind);
          checkedNames.clear();
          ctx.notify({ key: 'added', params: { n: chosen.length } }, { at });
          return next;
        },
        { at }
      );
    sec.append(
      filter,
      count,
      list,
      dom.h('div', { class: 'rf-actions' }, [
        dom.button(tx('addAsInputs'), () => addNames('input', 'rf-names-to-inputs'), {
          id: 'rf-names-to-inputs',
          disabled: ro,
        }),
        dom.button(tx('addAsOutputs'), () => addNames('output', 'rf-names-to-outputs'), {
          id: 'rf-names-to-outputs',
          disabled: ro,
        }),
      ])
    );
    return sec;
  }

  function selectionCard(): HTMLElement {
    const ro = ctx.readOnly();
    const count = (kind: ItemKind, doc: ScenarioDocument) =>
      kind === 'input' ? doc.model.inputs.length : doc.model.outputs.length;
    const addSel = (kind: ItemKind, at: string) =>
      void ctx.act(
        async (s) => {
          const next = await addFromSelection(port, s, kind);
          ctx.notify({ key: 'added', params: { n: count(kind, next.store.doc) - count(kind, s.store.doc) } }, { at });
          return next;
        },
        { at }
      );
    return dom.h('section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-sel' } }, [
      dom.h('h2', { id: 'rf-h-sel', text: tx('fromSelection') }),
      dom.h('div', { class: 'rf-actions' }, [
        dom.button(tx('selectionAsInputs'), () => addSel('input', 'rf-sel-to-inputs'), {
          id: 'rf-sel-to-inputs',
          disabled: ro,
        }),
        dom.button(tx('selectionAsOutputs'), () => addSel('output', 'rf-sel-to-outputs'), {
          id: 'rf-sel-to-outputs',
          disabled: ro,
        }),
      ]),
    ]);
  }

  return {
    render() {
      const state = ctx.state();
      if (!state) return;
      const d = state.store.doc;
      root.replaceChildren(
        dom.h('section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-inputs' } }, [
          dom.h('h2', { id: 'rf-h-inputs', text: `${tx('inputs')} (${d.model.inputs.length})` }),
          dom.h('p', { class: 'rf-help', text: tx('inputsHelp') }),
          itemList('input', d),
        ]),
        dom.h('section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-outputs' } }, [
          dom.h('h2', { id: 'rf-h-outputs', text: `${tx('outputs')} (${d.model.outputs.length})` }),
          dom.h('p', { class: 'rf-help', text: tx('outputsHelp') }),
          itemList('output', d),
        ]),
        namesCard(),
        selectionCard()
      );
    },
  };
}
