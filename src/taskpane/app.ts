/**
 * The scenario pane's shell: header with the language switch, one tab per view, the read-only
 * banner, a progress bar with Cancel for long actions, notices, and the views themselves
 * (views/*.ts, one module per view, see view-context.ts for the contract). The shell owns the
 * pane state and runs every action (`ViewContext.act`): one at a time, errors reported, the
 * view rendered again after. All work is in handlers.ts over the WorkbookPort given to
 * `mountApp`, so the same pane runs in Excel (OfficePort) and in the browser playground
 * (EnginePort).
 *
 * Everything that came from a workbook (names, labels, scenario texts, values) goes into the
 * page through `textContent`, `value` or `setAttribute`, never as HTML.
 */
import { Lang, localized } from '../core/errors';
import { ReadOnlyError } from '../scenarios/store';
import type { NamedRef, SharingPort, WorkbookPort } from '../workbook/port';
import { Dom } from './dom';
import { ImportRefusedError, PaneError, PaneState, SnapshotFn, nowIso, openPane } from './handlers';
import { TextKey, t } from './i18n';
import type {
  Identity,
  Message,
  NoticeKind,
  NoticeOptions,
  ViewContext,
  ViewDefinition,
  ViewHandle,
  ViewId,
} from './view-context';
import { PANE_VIEWS } from './views';

export type { ViewId } from './view-context';
export { offerDownload } from './download';

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
  /** False where downloads from the page do nothing (Excel for Mac); default true. */
  canDownload?: boolean;
  /** The views in tab order (default: PANE_VIEWS). */
  views?: readonly ViewDefinition[];
  /** How long an info notice stays (ms; default 15 s; 0 keeps it). Errors stay until the next action. */
  noticeLifetimeMs?: number;
  /** Called after the language changed (the playground's toolbar follows it). */
  onLangChange?: (lang: Lang) => void;
}

/** Default lifetime of an info notice. */
export const NOTICE_LIFETIME_MS = 15_000;

export interface PaneApp {
  /** Resolves when the stored document has been read. */
  ready: Promise<void>;
  lang(): Lang;
  setLang(lang: Lang): void;
  show(view: ViewId): void;
  state(): PaneState | undefined;
  /**
   * Reads the defined names and the stored document again (the shared runtime outlives the
   * pane: another user, a macro or an undo may have changed them while it was hidden). Keeps
   * what is applied and the last comparison. Called when the pane becomes visible.
   */
  refresh(): Promise<void>;
}

/** An error as a message the user can read, in both languages where the error carries them. */
export function errorMessage(e: unknown): Message {
  if (e instanceof PaneError) return { key: e.key };
  if (e instanceof ReadOnlyError || e instanceof ImportRefusedError) return { bilingual: e.reason };
  const reason = (e as { reason?: { en?: unknown; zh?: unknown } })?.reason;
  if (reason && typeof reason.en === 'string' && typeof reason.zh === 'string')
    return { bilingual: { en: reason.en, zh: reason.zh } };
  return { key: 'error', params: { message: (e as Error)?.message ?? String(e) } };
}

/** A message in `lang`. */
export function messageText(msg: Message, lang: Lang): string {
  if ('key' in msg) return t(msg.key, lang, msg.params);
  if ('bilingual' in msg) return localized(msg.bilingual, lang);
  if ('parts' in msg) return msg.parts.map((m) => messageText(m, lang)).join(' ');
  return msg.plain;
}

export function mountApp(doc: Document, container: HTMLElement, port: WorkbookPort, opts: AppOptions): PaneApp {
  const dom = new Dom(doc);
  const defs = opts.views ?? PANE_VIEWS;
  let lang: Lang = opts.lang;
  let view: ViewId = defs.some((d) => d.id === opts.view) ? opts.view! : defs[0].id;
  let state: PaneState | undefined;
  let names: NamedRef[] = [];
  let busy: { abort?: AbortController } | undefined;
  /**
   * The one notice on screen: it belongs to the view it was given in (it does not follow the
   * user to another tab), sits next to the control whose action it reports, takes the focus
   * once (`fresh`), is written again in the new language on a language change, and an info
   * notice goes after `noticeLifetimeMs`. Notices from loading (no view) use the status line.
   */
  let notice: { view?: ViewId; msg: Message; kind: NoticeKind; at?: string; fresh: boolean } | undefined;
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;
  const lifetime = opts.noticeLifetimeMs ?? NOTICE_LIFETIME_MS;
  const identity: Identity = { bureau: '', author: '' };
  const tx = (key: TextKey, params?: Record<string, string | number>) => t(key, lang, params);

  // ----- skeleton -----
  const title = dom.h('h1', { class: 'rf-title' });
  const subtitle = dom.h('p', { class: 'rf-subtitle' });
  const switcher = dom.h('div', { class: 'rf-lang', attrs: { role: 'group' } });
  const langButtons = (['zh-CN', 'en-US'] as Lang[]).map((l) => {
    const b = dom.h('button', {
      class: 'rf-lang-btn',
      text: l === 'zh-CN' ? '中文' : 'English',
      attrs: { type: 'button', 'data-lang': l, lang: l === 'zh-CN' ? 'zh-CN' : 'en' },
    });
    b.addEventListener('click', () => app.setLang(l));
    switcher.append(b);
    return b;
  });
  const header = dom.h('header', { class: 'rf-header' }, [
    dom.h('div', { class: 'rf-titles' }, [title, subtitle]),
    switcher,
  ]);

  const tabs = dom.h('div', { class: 'rf-tabs', attrs: { role: 'tablist' } });
  const tabButtons = defs.map(({ id }, i) => {
    const b = dom.h('button', {
      class: 'rf-tab',
      id: `rf-tab-${id}`,
      attrs: { type: 'button', role: 'tab', 'aria-controls': `rf-panel-${id}`, 'data-view': id },
    });
    b.addEventListener('click', () => app.show(id));
    b.addEventListener('keydown', (e) => {
      const n = defs.length;
      const to =
        e.key === 'ArrowRight'
          ? (i + 1) % n
          : e.key === 'ArrowLeft'
            ? (i + n - 1) % n
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? n - 1
                : -1;
      if (to < 0) return;
      e.preventDefault();
      app.show(defs[to].id);
      tabButtons[to].focus();
    });
    tabs.append(b);
    return b;
  });

  const readOnlyBox = dom.h('div', { class: 'rf-readonly', attrs: { role: 'alert' } });
  const status = dom.h('p', { class: 'rf-status', id: 'rf-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const progressLabel = dom.h('span', { class: 'rf-progress-label', id: 'rf-progress-label' });
  const progressBar = dom.h('progress', { attrs: { 'aria-labelledby': 'rf-progress-label' } });
  const cancelButton = dom.h('button', { class: 'rf-btn', id: 'rf-cancel', attrs: { type: 'button' } });
  cancelButton.addEventListener('click', () => busy?.abort?.abort());
  const progress = dom.h('div', { class: 'rf-progress', id: 'rf-progress' }, [
    progressLabel,
    progressBar,
    cancelButton,
  ]);
  progress.hidden = true;

  const panels = new Map<ViewId, HTMLElement>(
    defs.map(({ id }) => [
      id,
      dom.h('section', {
        class: 'rf-panel',
        id: `rf-panel-${id}`,
        attrs: { role: 'tabpanel', 'aria-labelledby': `rf-tab-${id}`, tabindex: '-1' },
      }),
    ])
  );
  const main = dom.h('main', { class: 'rf-main' }, [...panels.values()]);
  container.replaceChildren(header, tabs, readOnlyBox, progress, status, main);

  // ----- the views' context -----
  const ctx: ViewContext = {
    doc,
    dom,
    port,
    services: {
      version: opts.version ?? '',
      now: opts.now ?? nowIso,
      sharing: opts.sharing,
      loadSnapshot: opts.loadSnapshot,
      canDownload: opts.canDownload !== false,
    },
    identity,
    lang: () => lang,
    tx,
    text: (msg) => messageText(msg, lang),
    state: () => state,
    names: () => names,
    readOnly: () => !!state?.store.readOnly,
    async act(work, o = {}) {
      const current = state;
      if (busy || !current) return;
      busy = o.long ? { abort: new AbortController() } : {};
      clearNotice();
      main.setAttribute('aria-busy', 'true');
      if (o.long) {
        progress.hidden = false;
        progressLabel.textContent = o.long();
        progressBar.removeAttribute('value');
        cancelButton.textContent = tx('cancel');
      }
      try {
        const next = await work(current, {
          signal: busy.abort?.signal,
          progress(done, total, label) {
            progressLabel.textContent = label;
            progressBar.max = total;
            progressBar.value = done;
          },
        });
        if (next) state = next;
      } catch (e) {
        ctx.notify(errorMessage(e), { at: o.at, kind: 'error' });
      } finally {
        busy = undefined;
        main.removeAttribute('aria-busy');
        progress.hidden = true;
        render();
      }
    },
    notify(msg: Message, o: NoticeOptions = {}) {
      setNotice({ view, msg, kind: o.kind ?? 'info', at: o.at, fresh: true });
    },
    rerender: () => render(),
    show: (v) => app.show(v),
  };
  const handles = new Map<ViewId, ViewHandle>(defs.map((d) => [d.id, d.mount(ctx, panels.get(d.id)!)]));

  function setNotice(n: typeof notice): void {
    if (noticeTimer !== undefined) clearTimeout(noticeTimer);
    noticeTimer = undefined;
    notice = n;
    if (n && n.kind === 'info' && lifetime > 0) {
      noticeTimer = setTimeout(() => {
        if (notice === n) clearNotice();
      }, lifetime);
    }
    if (!busy) placeNotice();
  }

  function clearNotice(): void {
    setNotice(undefined);
  }

  /** Puts the notice on screen (again): in the status line, or right after the control it reports on. */
  function placeNotice(hadFocus = false): void {
    for (const old of Array.from(main.querySelectorAll('.rf-notice'))) {
      hadFocus ||= old === doc.activeElement;
      old.remove();
    }
    const global = notice && notice.view === undefined;
    status.textContent = global ? messageText(notice!.msg, lang) : '';
    status.dataset.kind = global ? notice!.kind : 'info';
    status.hidden = !global;
    if (!notice || global || notice.view !== view) return;
    const el = dom.h('p', {
      class: 'rf-notice',
      id: 'rf-notice',
      text: messageText(notice.msg, lang),
      attrs: { 'data-kind': notice.kind, tabindex: '-1' },
    });
    // role=alert for errors (assertive), status for the rest; the focus move makes screen readers read it either way.
    el.setAttribute('role', notice.kind === 'error' ? 'alert' : 'status');
    el.setAttribute('aria-live', notice.kind === 'error' ? 'assertive' : 'polite');
    const panel = panels.get(view)!;
    const anchor = notice.at ? doc.getElementById(notice.at) : null;
    if (anchor && panel.contains(anchor)) (anchor.closest('.rf-actions, .rf-field') ?? anchor).after(el);
    else panel.prepend(el);
    if (notice.fresh || hadFocus) {
      notice.fresh = false;
      el.focus();
    }
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
    defs.forEach(({ id, label }, i) => {
      const b = tabButtons[i];
      b.textContent = typeof label === 'string' ? tx(label) : localized(label, lang);
      b.setAttribute('aria-selected', String(id === view));
      b.tabIndex = id === view ? 0 : -1;
      panels.get(id)!.hidden = id !== view;
    });
    const ro = state?.store.readOnly;
    readOnlyBox.hidden = !ro;
    readOnlyBox.replaceChildren(
      ...(ro
        ? [dom.h('strong', { text: tx('readOnlyTitle') }), dom.h('span', { text: ` ${localized(ro, lang)}` })]
        : [])
    );
    cancelButton.textContent = tx('cancel');

    const def = defs.find((d) => d.id === view)!;
    if (def.needsState !== false && !state)
      panels.get(view)!.replaceChildren(dom.h('p', { class: 'rf-muted', text: tx('loading') }));
    else handles.get(view)!.render();
    if (focusedId && focusedId !== 'rf-notice' && doc.activeElement !== doc.getElementById(focusedId))
      doc.getElementById(focusedId)?.focus();
    placeNotice(focusedId === 'rf-notice');
  }

  const app: PaneApp = {
    ready: Promise.resolve(),
    lang: () => lang,
    setLang(l: Lang) {
      if (l === lang) return;
      lang = l;
      render();
      opts.onLangChange?.(l);
    },
    show(v: ViewId) {
      if (v === view || !handles.has(v)) return;
      handles.get(view)!.hidden?.();
      if (notice?.view !== undefined) clearNotice();
      view = v;
      render();
    },
    state: () => state,
    async refresh() {
      const before = state;
      if (busy || !before) return;
      busy = {};
      let changed = false;
      try {
        const [fresh, freshNames] = [await openPane(port), await port.definedNames()];
        changed =
          JSON.stringify(fresh.store) !== JSON.stringify(before.store) ||
          JSON.stringify(freshNames) !== JSON.stringify(names);
        if (changed) {
          state = { ...before, store: fresh.store };
          names = freshNames;
          setNotice({ view, msg: { key: 'refreshed' }, kind: 'info', fresh: false });
        }
      } catch (e) {
        setNotice({ msg: errorMessage(e), kind: 'error', fresh: false });
        changed = true;
      } finally {
        busy = undefined;
        if (changed) render();
      }
    },
  };

  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'visible') void app.refresh();
  });
  render();
  app.ready = (async () => {
    try {
      state = await openPane(port);
      names = await port.definedNames();
    } catch (e) {
      setNotice({ msg: errorMessage(e), kind: 'error', fresh: false });
    }
    render();
  })();
  return app;
}
