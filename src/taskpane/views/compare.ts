/**
 * Compare: tick scenarios and a base, run them one after the other (progress, Cancel), see the
 * outputs side by side with the difference to the base, and write the comparison as a sheet.
 */
import type { Comparison } from '../../scenarios/compare';
import { formatDiff, formatValue } from '../format';
import { compareHandler, writeComparisonHandler } from '../handlers';
import type { ViewContext, ViewHandle } from '../view-context';

export function mountCompareView(ctx: ViewContext, root: HTMLElement): ViewHandle {
  const { dom, port, tx } = ctx;
  let compareIds: Set<string> | undefined;
  let baseId: string | undefined;

  function table(c: Comparison): HTMLElement {
    const lang = ctx.lang();
    const t = dom.h('table', { class: 'rf-compare-table', id: 'rf-compare-table' });
    t.append(dom.h('caption', { text: tx('compareTable') }));
    const head = dom.h('tr', {}, [dom.h('th', { text: tx('result'), attrs: { scope: 'col' } })]);
    c.scenarios.forEach((s, i) => head.append(dom.h('th', { text: i === c.baseIndex ? `${s.name} · ${tx('base')}` : s.name, attrs: { scope: 'col', 'data-id': s.id } })));
    t.append(dom.h('thead', {}, [head]));
    const body = dom.h('tbody');
    for (const o of c.outputs) {
      const tr = dom.h('tr', { attrs: { 'data-output': o.output.id } }, [dom.h('th', { text: o.output.unit ? `${o.output.label} (${o.output.unit})` : o.output.label, attrs: { scope: 'row' } })]);
      o.values.forEach((v, i) => {
        const td = dom.h('td', { attrs: { 'data-value': typeof v === 'number' ? String(v) : '' } }, [dom.h('span', { class: 'rf-v', text: formatValue(v, o.output.numberFormat, lang) })]);
        if (i !== c.baseIndex && o.diffs[i] !== null) {
          const ratio = o.ratios[i];
          const pct = ratio === null ? '' : ` (${ratio >= 0 ? '+' : '−'}${Math.abs(ratio * 100).toFixed(1)}%)`;
          td.append(dom.h('span', { class: 'rf-diff', text: `${tx('diffToBase')} ${formatDiff(o.diffs[i], o.output.numberFormat, lang)}${pct}` }));
        }
        tr.append(td);
      });
      body.append(tr);
    }
    t.append(body);
    return dom.tableWrap(tx('compareTable'), t);
  }

  return {
    render() {
      const state = ctx.state();
      if (!state) return;
      const d = state.store.doc;
      if (d.scenarios.length === 0) {
        root.replaceChildren(dom.h('section', { class: 'rf-card' }, [dom.h('p', { class: 'rf-muted', text: tx('noScenarios') })]));
        return;
      }
      const ticked = (compareIds ??= new Set(d.scenarios.map((s) => s.id)));
      const fs = dom.h('fieldset', { class: 'rf-card rf-choose' }, [dom.h('legend', { text: tx('chooseScenarios') })]);
      for (const s of d.scenarios) {
        fs.append(dom.checkbox(`rf-cmp-${s.id}`, s.name, ticked.has(s.id), (on) => (on ? ticked.add(s.id) : ticked.delete(s.id)), { 'data-id': s.id }));
      }
      const select = dom.h('select', { id: 'rf-base' });
      for (const s of d.scenarios) {
        const o = dom.h('option', { text: s.name });
        o.value = s.id;
        select.append(o);
      }
      if (baseId && d.scenarios.some((s) => s.id === baseId)) select.value = baseId;
      select.addEventListener('change', () => (baseId = select.value));
      fs.append(dom.h('div', { class: 'rf-field' }, [dom.h('label', { text: tx('base'), attrs: { for: 'rf-base' } }), select]));
      const go = () =>
        void ctx.act(async (st, job) => {
          const ids = st.store.doc.scenarios.map((s) => s.id).filter((id) => ticked.has(id));
          const next = await compareHandler(port, st, ids, {
            baseId: select.value,
            signal: job.signal,
            onProgress: (done, total) => job.progress(done, total, tx('comparing', { done: Math.min(done + 1, total), total })),
          });
          if (next.comparison?.cancelled) ctx.notify({ key: 'cancelled' }, { at: 'rf-compare' });
          return next;
        }, { at: 'rf-compare', long: () => tx('working') });
      fs.append(dom.h('div', { class: 'rf-actions' }, [dom.button(tx('compare'), go, { id: 'rf-compare', primary: true })]));
      root.replaceChildren(fs);
      const c = state.comparison;
      if (c && c.scenarios.length > 0) {
        const write = () =>
          void ctx.act(async () => {
            const name = await writeComparisonHandler(port, c, ctx.lang(), ctx.services.now());
            ctx.notify({ key: 'sheetWritten', params: { name } }, { at: 'rf-write-sheet' });
          }, { at: 'rf-write-sheet' });
        root.append(dom.h('section', { class: 'rf-card', id: 'rf-comparison' }, [table(c), dom.h('div', { class: 'rf-actions' }, [dom.button(tx('writeSheet'), write, { id: 'rf-write-sheet' })])]));
      }
    },
  };
}
