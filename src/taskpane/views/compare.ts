/**
 * Compare: tick scenarios and a base, run them one after the other (progress, Cancel), see the
 * outputs side by side with the difference to the base, and write the comparison as a sheet.
 */
import type { Comparison } from '../../scenarios/compare';
import { formatDiff, formatRatio, formatValue } from '../format';
import { compareHandler, writeComparisonHandler } from '../handlers';
import type { ViewContext, ViewHandle } from '../view-context';

export function mountCompareView(ctx: ViewContext, root: HTMLElement): ViewHandle {
  const { dom, port, tx } = ctx;
  let compareIds: Set<string> | undefined;
  let baseId: string | undefined;

  /** `vs base +1,234 (+5.0%)`, `vs base no change`; '' for the base itself or a missing value. */
  function diffText(c: Comparison, o: Comparison['outputs'][number], i: number): string {
    const d = o.diffs[i];
    if (i === c.baseIndex || d === null) return '';
    if (d === 0) return `${tx('diffToBase')} ${tx('noChange')}`;
    const pct = formatRatio(o.ratios[i], ctx.lang());
    return `${tx('diffToBase')} ${formatDiff(d, o.output.numberFormat, ctx.lang())}${pct ? ` (${pct})` : ''}`;
  }

  const outputLabel = (o: Comparison['outputs'][number]) =>
    o.output.unit ? `${o.output.label} (${o.output.unit})` : o.output.label;
  const scenarioLabel = (c: Comparison, i: number) =>
    i === c.baseIndex ? `${c.scenarios[i].name} · ${tx('base')}` : c.scenarios[i].name;

  /**
   * For a narrow pane (Excel's is 320–350 px): one card per output, the scenarios listed under
   * it with value and difference. CSS shows these or the table, by the width there is.
   */
  function cards(c: Comparison): HTMLElement {
    const lang = ctx.lang();
    const wrap = dom.h('div', {
      class: 'rf-compare-cards',
      id: 'rf-compare-cards',
      attrs: { role: 'region', 'aria-label': tx('compareCards') },
    });
    for (const o of c.outputs) {
      const dl = dom.h('dl', { class: 'rf-out-values' });
      o.values.forEach((v, i) => {
        const diff = diffText(c, o, i);
        dl.append(
          dom.h('dt', { text: scenarioLabel(c, i), attrs: { 'data-id': c.scenarios[i].id } }),
          dom.h('dd', { attrs: { 'data-value': typeof v === 'number' ? String(v) : '' } }, [
            dom.h('span', { class: 'rf-v', text: formatValue(v, o.output.numberFormat, lang) }),
            ...(diff ? [dom.h('span', { class: 'rf-diff', text: diff })] : []),
          ])
        );
      });
      wrap.append(
        dom.h('section', { class: 'rf-out-card', attrs: { 'data-output': o.output.id } }, [
          dom.h('h3', { text: outputLabel(o) }),
          dl,
        ])
      );
    }
    return wrap;
  }

  function table(c: Comparison): HTMLElement {
    const lang = ctx.lang();
    const t = dom.h('table', { class: 'rf-compare-table', id: 'rf-compare-table' });
    t.append(dom.h('caption', { text: tx('compareTable') }));
    const head = dom.h('tr', {}, [dom.h('th', { text: tx('result'), attrs: { scope: 'col' } })]);
    c.scenarios.forEach((s, i) =>
      head.append(dom.h('th', { text: scenarioLabel(c, i), attrs: { scope: 'col', 'data-id': s.id } }))
    );
    t.append(dom.h('thead', {}, [head]));
    const body = dom.h('tbody');
    for (const o of c.outputs) {
      const tr = dom.h('tr', { attrs: { 'data-output': o.output.id } }, [
        dom.h('th', { text: outputLabel(o), attrs: { scope: 'row' } }),
      ]);
      o.values.forEach((v, i) => {
        const td = dom.h('td', { attrs: { 'data-value': typeof v === 'number' ? String(v) : '' } }, [
          dom.h('span', { class: 'rf-v', text: formatValue(v, o.output.numberFormat, lang) }),
        ]);
        const diff = diffText(c, o, i);
        if (diff) td.append(dom.h('span', { class: 'rf-diff', text: diff }));
        tr.append(td);
      });
      body.append(tr);
    }
    t.append(body);
    // The first column stays put while the rest scrolls; the hint shows only when there is more to the side (CSS + scroll cue).
    const wrap = dom.tableWrap(tx('compareTable'), t);
    wrap.classList.add('rf-compare-wide');
    const hint = dom.h('p', { class: 'rf-scroll-hint', text: tx('scrollHint'), attrs: { 'aria-hidden': 'true' } });
    const box = dom.h('div', { class: 'rf-compare-tablebox' }, [hint, wrap]);
    const update = () =>
      box.classList.toggle(
        'rf-overflows',
        wrap.scrollWidth > wrap.clientWidth + 1 && wrap.scrollLeft + wrap.clientWidth < wrap.scrollWidth - 1
      );
    wrap.addEventListener('scroll', update);
    ctx.doc.defaultView?.requestAnimationFrame?.(update);
    ctx.doc.defaultView?.addEventListener('resize', update);
    return box;
  }

  return {
    render() {
      const state = ctx.state();
      if (!state) return;
      const d = state.store.doc;
      if (d.scenarios.length === 0) {
        root.replaceChildren(
          dom.h('section', { class: 'rf-card' }, [dom.h('p', { class: 'rf-muted', text: tx('noScenarios') })])
        );
        return;
      }
      const ticked = (compareIds ??= new Set(d.scenarios.map((s) => s.id)));
      const fs = dom.h('fieldset', { class: 'rf-card rf-choose' }, [dom.h('legend', { text: tx('chooseScenarios') })]);
      for (const s of d.scenarios) {
        fs.append(
          dom.checkbox(
            `rf-cmp-${s.id}`,
            s.name,
            ticked.has(s.id),
            (on) => (on ? ticked.add(s.id) : ticked.delete(s.id)),
            { 'data-id': s.id }
          )
        );
      }
      const select = dom.h('select', { id: 'rf-base' });
      for (const s of d.scenarios) {
        const o = dom.h('option', { text: s.name });
        o.value = s.id;
        select.append(o);
      }
      if (baseId && d.scenarios.some((s) => s.id === baseId)) select.value = baseId;
      select.addEventListener('change', () => (baseId = select.value));
      fs.append(
        dom.h('div', { class: 'rf-field' }, [dom.h('label', { text: tx('base'), attrs: { for: 'rf-base' } }), select])
      );
      const go = () =>
        void ctx.act(
          async (st, job) => {
            const ids = st.store.doc.scenarios.map((s) => s.id).filter((id) => ticked.has(id));
            const next = await compareHandler(port, st, ids, {
              baseId: select.value,
              signal: job.signal,
              onProgress: (done, total) =>
                job.progress(done, total, tx('comparing', { done: Math.min(done + 1, total), total })),
            });
            if (next.comparison?.cancelled) ctx.notify({ key: 'cancelled' }, { at: 'rf-compare' });
            return next;
          },
          { at: 'rf-compare', long: () => tx('working') }
        );
      fs.append(
        dom.h('div', { class: 'rf-actions' }, [dom.button(tx('compare'), go, { id: 'rf-compare', primary: true })])
      );
      root.replaceChildren(fs);
      const c = state.comparison;
      if (c && c.scenarios.length > 0) {
        const write = () =>
          void ctx.act(
            async () => {
              const name = await writeComparisonHandler(port, c, ctx.lang(), ctx.services.now());
              ctx.notify({ key: 'sheetWritten', params: { name } }, { at: 'rf-write-sheet' });
            },
            { at: 'rf-write-sheet' }
          );
        root.append(
          dom.h('section', { class: 'rf-card', id: 'rf-comparison' }, [
            cards(c),
            table(c),
            dom.h('div', { class: 'rf-actions' }, [dom.button(tx('writeSheet'), write, { id: 'rf-write-sheet' })]),
          ])
        );
      }
    },
  };
}
