/**
 * Share: export ticked scenarios to an exchange file, import scenarios from an exchange file or
 * another workbook (a plan shown before anything is written), and, where the host gives file
 * access, prepare a copy for bureaus without the add-in and repair REUSE formulas.
 */
import type { ImportPlan } from '../../scenarios/exchange';
import type { InputValue, ScenarioDocument } from '../../scenarios/types';
import type { FormulaRepair, SharingPort } from '../../workbook/port';
import { formatRef } from '../../workbook/refs';
import { offerDownload } from '../download';
import { formatValue } from '../format';
import {
  applyImportHandler,
  applyRepairsHandler,
  exportHandler,
  findRepairsHandler,
  planImportHandler,
  prepareCopyHandler,
} from '../handlers';
import type { Message, ViewContext, ViewHandle } from '../view-context';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function mountShareView(ctx: ViewContext, root: HTMLElement): ViewHandle {
  const { dom, doc, port, tx } = ctx;
  const services = ctx.services;
  let exportIds: Set<string> | undefined;
  let importPlan: ImportPlan | undefined;
  let repairs: FormulaRepair[] | undefined;
  /** The last export where the host cannot download: its text, offered for copying instead. */
  let exchangeText: { fileName: string; text: string } | undefined;
  const workbookName = () => services.sharing?.fileName() ?? 'workbook.xlsx';
  const shown = (v: unknown) =>
    v === undefined ? tx('planNoValue') : formatValue(v as InputValue, 'General', ctx.lang());

  function exportCard(d: ScenarioDocument): HTMLElement {
    const ticked = (exportIds ??= new Set(d.scenarios.map((s) => s.id)));
    const exp = dom.h('section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-export' } }, [
      dom.h('h2', { id: 'rf-h-export', text: tx('exportTitle') }),
      dom.h('p', { class: 'rf-help', text: tx('exportHelp') }),
    ]);
    if (d.scenarios.length === 0) {
      exp.append(dom.h('p', { class: 'rf-muted', text: tx('noScenarios') }));
      return exp;
    }
    const fs = dom.h('fieldset', { class: 'rf-choose' }, [dom.h('legend', { text: tx('chooseExport') })]);
    for (const s of d.scenarios)
      fs.append(
        dom.checkbox(
          `rf-exp-${s.id}`,
          s.name,
          ticked.has(s.id),
          (on) => (on ? ticked.add(s.id) : ticked.delete(s.id)),
          { 'data-id': s.id }
        )
      );
    const who = ctx.identity;
    const run = () =>
      void ctx.act(
        async (state) => {
          const ids = state.store.doc.scenarios.map((s) => s.id).filter((id) => ticked.has(id));
          const out = exportHandler(
            state,
            workbookName(),
            { ids, bureau: who.bureau, author: who.author, version: services.version },
            services.now()
          );
          if (services.canDownload) {
            exchangeText = undefined;
            offerDownload(doc, out.text, out.fileName, 'application/json');
            ctx.notify({ key: 'exported', params: { n: out.count, file: out.fileName } }, { at: 'rf-export' });
          } else {
            exchangeText = { fileName: out.fileName, text: out.text };
            ctx.notify({ key: 'noDownload', params: { file: out.fileName } }, { at: 'rf-export' });
          }
        },
        { at: 'rf-export' }
      );
    exp.append(
      fs,
      dom.textField('rf-exp-bureau', tx('bureau'), who.bureau, (v) => (who.bureau = v)),
      dom.textField('rf-exp-author', tx('author'), who.author, (v) => (who.author = v)),
      dom.h('div', { class: 'rf-actions' }, [dom.button(tx('exportButton'), run, { id: 'rf-export', primary: true })])
    );
    if (exchangeText) exp.append(copyBox(exchangeText));
    return exp;
  }

  /** Where downloads do nothing: the exchange text to copy, with a button that reports only what the clipboard did. */
  function copyBox(x: { fileName: string; text: string }): HTMLElement {
    const area = dom.h('textarea', {
      id: 'rf-exchange-text',
      class: 'rf-exchange-text',
      attrs: { rows: '6', readonly: '', spellcheck: 'false' },
    });
    area.value = x.text;
    const copy = async () => {
      const clip = (doc.defaultView?.navigator as Navigator | undefined)?.clipboard;
      try {
        if (!clip?.writeText) throw new Error('no clipboard');
        await clip.writeText(x.text);
        ctx.notify({ key: 'copiedText', params: { file: x.fileName } }, { at: 'rf-copy-exchange' });
      } catch {
        area.focus();
        area.select();
        ctx.notify({ key: 'copyFailed' }, { at: 'rf-copy-exchange', kind: 'error' });
      }
    };
    return dom.h('div', { class: 'rf-field' }, [
      dom.h('label', { text: tx('exchangeText', { file: x.fileName }), attrs: { for: 'rf-exchange-text' } }),
      area,
      dom.h('div', { class: 'rf-actions' }, [
        dom.button(tx('copyText'), () => void copy(), { id: 'rf-copy-exchange' }),
      ]),
    ]);
  }

  function importCard(): HTMLElement {
    const imp = dom.h('section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-import' } }, [
      dom.h('h2', { id: 'rf-h-import', text: tx('importTitle') }),
      dom.h('p', { class: 'rf-help', text: tx('importHelp') }),
    ]);
    const picker = dom.h('input', {
      id: 'rf-import-file',
      attrs: { type: 'file', accept: `.json,.xlsx,application/json,${XLSX_TYPE}` },
    });
    if (ctx.readOnly()) picker.disabled = true;
    picker.addEventListener('change', () => {
      const file = picker.files?.[0];
      if (!file) return;
      void ctx.act(
        async (state) => {
          try {
            const bytes = new Uint8Array(await file.arrayBuffer());
            importPlan = await planImportHandler(port, state, bytes, file.name);
          } finally {
            picker.value = '';
          }
        },
        { at: 'rf-import-file' }
      );
    });
    imp.append(
      dom.h('div', { class: 'rf-field' }, [
        dom.h('label', { text: tx('importFile'), attrs: { for: 'rf-import-file' } }),
        picker,
      ])
    );
    return imp;
  }

  function planCard(plan: ImportPlan): HTMLElement {
    const box = dom.h(
      'section',
      { class: 'rf-card rf-plan', id: 'rf-import-plan', attrs: { 'aria-labelledby': 'rf-h-plan' } },
      [dom.h('h2', { id: 'rf-h-plan', text: tx('importFrom', { file: plan.source.fileName }) })]
    );
    const p = plan.source.provenance;
    if (p) {
      const time = p.exported.slice(0, 16).replace('T', ' ');
      box.append(
        dom.h('p', {
          class: 'rf-meta',
          text: tx('importProvenance', {
            bureau: p.bureau,
            author: p.author,
            time,
            workbook: p.sourceWorkbook,
            version: p.addinVersion,
          }),
        })
      );
    }
    box.append(dom.h('p', { class: 'rf-plan-summary', id: 'rf-plan-summary', text: tx('planSummary', plan.counts) }));
    const ul = dom.h('ul', { class: 'rf-plan-list' });
    plan.scenarios.forEach((ps, i) => {
      const li = dom.h('li', {
        class: `rf-plan-item rf-plan-${ps.action}`,
        attrs: { 'data-action': ps.action, 'data-name': ps.name },
      });
      li.append(dom.h('h3', { class: 'rf-scenario-name', text: ps.incoming.name }));
      li.append(
        dom.h('p', {
          class: 'rf-plan-action',
          text:
            ps.action === 'add'
              ? tx('planAdd')
              : ps.action === 'skip'
                ? tx('planSkip')
                : tx('planRename', { name: ps.name }),
        })
      );
      const meta = [ps.incoming.bureau, ps.incoming.author].filter(Boolean).join(' · ');
      if (meta) li.append(dom.h('p', { class: 'rf-meta', text: meta }));
      if (ps.differences.length > 0) {
        const table = dom.h('table', { class: 'rf-plan-diffs', attrs: { 'data-index': String(i) } });
        table.append(dom.h('caption', { text: tx('planDiffs', { name: ps.incoming.name }) }));
        table.append(
          dom.h('thead', {}, [
            dom.h(
              'tr',
              {},
              [tx('planInput'), tx('planHere'), tx('planIncoming')].map((c) =>
                dom.h('th', { text: c, attrs: { scope: 'col' } })
              )
            ),
          ])
        );
        const body = dom.h('tbody');
        for (const diff of ps.differences) {
          body.append(
            dom.h('tr', { attrs: { 'data-ref': diff.ref } }, [
              dom.h('th', {
                text: diff.unit ? `${diff.label} (${diff.unit})` : diff.label,
                attrs: { scope: 'row', title: diff.ref },
              }),
              dom.h('td', { class: 'rf-plan-here', text: shown(diff.current) }),
              dom.h('td', { class: 'rf-plan-incoming', text: shown(diff.incoming) }),
            ])
          );
        }
        table.append(body);
        li.append(dom.tableWrap(tx('planDiffs', { name: ps.incoming.name }), table));
      }
      ul.append(li);
    });
    box.append(ul);
    const notes = dom.h('ul', { class: 'rf-plan-notes' });
    for (const m of plan.missingInputs) {
      const params = { label: m.item.label, ref: m.item.ref, scenarios: m.scenarios.join('、') };
      notes.append(
        dom.h('li', {
          class: m.action === 'add' ? 'rf-plan-added' : 'rf-warn',
          text: tx(m.action === 'add' ? 'planInputAdded' : 'planInputDropped', params),
        })
      );
    }
    for (const m of plan.missingOutputs)
      notes.append(
        dom.h('li', {
          class: m.action === 'add' ? 'rf-plan-added' : 'rf-warn',
          text: tx(m.action === 'add' ? 'planOutputAdded' : 'planOutputDropped', {
            label: m.item.label,
            ref: m.item.ref,
          }),
        })
      );
    if (notes.childElementCount > 0) box.append(notes);
    const n = plan.counts.add + plan.counts.rename;
    const actions = dom.h('div', { class: 'rf-actions' });
    if (
      n === 0 &&
      plan.missingInputs.every((m) => m.action !== 'add') &&
      plan.missingOutputs.every((m) => m.action !== 'add')
    )
      box.append(dom.h('p', { class: 'rf-muted', text: tx('nothingToImport') }));
    else {
      const confirm = () =>
        void ctx.act(
          async (state) => {
            const next = await applyImportHandler(port, state, plan);
            importPlan = undefined;
            exportIds = undefined;
            ctx.notify({ key: 'imported', params: { n } }, { at: 'rf-import-file' });
            return next;
          },
          { at: 'rf-import-confirm' }
        );
      actions.append(
        dom.button(tx('confirmImport', { n }), confirm, {
          id: 'rf-import-confirm',
          primary: true,
          disabled: ctx.readOnly(),
        })
      );
    }
    actions.append(
      dom.button(
        tx('cancel'),
        () => {
          importPlan = undefined;
          ctx.notify({ key: 'importCancelled' }, { at: 'rf-import-file' });
          ctx.rerender();
        },
        { id: 'rf-import-cancel' }
      )
    );
    box.append(actions);
    return box;
  }

  function copyCard(): HTMLElement {
    const copy = dom.h('section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-copy' } }, [
      dom.h('h2', { id: 'rf-h-copy', text: tx('copyTitle') }),
      dom.h('p', { class: 'rf-help', text: tx('copyHelp') }),
    ]);
    const { sharing, loadSnapshot } = services;
    if (!sharing || !loadSnapshot) return copy;
    const run = () =>
      void ctx.act(
        async () => {
          ctx.notify({ key: 'working' }, { at: 'rf-share-copy' });
          const snapshot = await loadSnapshot();
          const result = await prepareCopyHandler(sharing, snapshot, { version: services.version, lang: ctx.lang() });
          if (result.opened) ctx.notify({ key: 'copyOpened', params: { n: result.replaced } }, { at: 'rf-share-copy' });
          else if (!services.canDownload)
            ctx.notify(
              { key: 'copyNoDownload', params: { n: result.replaced } },
              { at: 'rf-share-copy', kind: 'error' }
            );
          else {
            offerDownload(doc, result.bytes, result.fileName, XLSX_TYPE);
            ctx.notify(
              { key: 'copyReady', params: { n: result.replaced, file: result.fileName } },
              { at: 'rf-share-copy' }
            );
          }
        },
        { at: 'rf-share-copy' }
      );
    copy.append(
      dom.h('div', { class: 'rf-actions' }, [dom.button(tx('copyButton'), run, { id: 'rf-share-copy', primary: true })])
    );
    return copy;
  }

  function repairCard(sharing: SharingPort): HTMLElement {
    const find = () =>
      void ctx.act(
        async () => {
          ctx.notify({ key: 'working' }, { at: 'rf-repair-find' });
          repairs = await findRepairsHandler(sharing);
          ctx.notify(
            repairs.length === 0 ? { key: 'repairNone' } : { key: 'repairFound', params: { n: repairs.length } },
            { at: 'rf-repair-find' }
          );
        },
        { at: 'rf-repair-find' }
      );
    const rep = dom.h('section', { class: 'rf-card', attrs: { 'aria-labelledby': 'rf-h-repair' } }, [
      dom.h('h2', { id: 'rf-h-repair', text: tx('repairTitle') }),
      dom.h('p', { class: 'rf-help', text: tx('repairHelp') }),
      dom.h('div', { class: 'rf-actions' }, [dom.button(tx('repairFind'), find, { id: 'rf-repair-find' })]),
    ]);
    const found = repairs;
    if (!found || found.length === 0) return rep;
    const table = dom.h('table', { class: 'rf-repairs', id: 'rf-repairs' }, [
      dom.h('caption', { text: tx('repairFound', { n: found.length }) }),
      dom.h('thead', {}, [
        dom.h(
          'tr',
          {},
          [tx('repairCell'), tx('repairBefore'), tx('repairAfter')].map((c) =>
            dom.h('th', { text: c, attrs: { scope: 'col' } })
          )
        ),
      ]),
    ]);
    const body = dom.h('tbody');
    for (const r of found) {
      body.append(
        dom.h('tr', {}, [
          dom.h('th', { text: r.sheet ? formatRef(r.sheet, r.address) : r.address, attrs: { scope: 'row' } }),
          dom.h('td', {}, [dom.h('code', { text: r.before })]),
          dom.h('td', {}, [dom.h('code', { text: r.after })]),
        ])
      );
    }
    table.append(body);
    const confirm = () =>
      void ctx.act(
        async (state) => {
          const r = await applyRepairsHandler(port, sharing, state, found);
          repairs = undefined;
          const skipped = found.length - r.written.length;
          const done: Message = { key: 'repaired', params: { n: r.written.length } };
          ctx.notify(skipped > 0 ? { parts: [done, { key: 'repairSkipped', params: { n: skipped } }] } : done, {
            at: 'rf-repair-find',
          });
          return r.state;
        },
        { at: 'rf-repair-confirm' }
      );
    rep.append(
      dom.tableWrap(tx('repairFound', { n: found.length }), table),
      dom.h('div', { class: 'rf-actions' }, [
        dom.button(tx('repairConfirm', { n: found.length }), confirm, { id: 'rf-repair-confirm', primary: true }),
        dom.button(
          tx('cancel'),
          () => {
            repairs = undefined;
            ctx.rerender();
          },
          { id: 'rf-repair-cancel' }
        ),
      ])
    );
    return rep;
  }

  return {
    render() {
      const state = ctx.state();
      if (!state) return;
      root.replaceChildren(exportCard(state.store.doc), importCard());
      if (importPlan) root.append(planCard(importPlan));
      if (services.sharing) root.append(copyCard(), repairCard(services.sharing));
    },
  };
}
