/**
 * One pane view mounted alone over a FakePort, with the smallest ViewContext that keeps the
 * contract of view-context.ts: actions run on the current state, the state they return becomes
 * current, errors become error notices, and the view is rendered again after. Records notices
 * and view switches so tests can check where feedback goes.
 */
import type { Lang } from '../../../src/core/errors';
import { errorMessage, messageText } from '../../../src/taskpane/app';
import { Dom } from '../../../src/taskpane/dom';
import { PaneState, openPane } from '../../../src/taskpane/handlers';
import { t } from '../../../src/taskpane/i18n';
import type {
  Message,
  MountView,
  NoticeOptions,
  PaneServices,
  ViewContext,
  ViewHandle,
  ViewId,
} from '../../../src/taskpane/view-context';
import type { WorkbookPort } from '../../../src/workbook/port';

// jsdom leaves out the encoders Node has; the pane's download and import code use them.
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from 'util';
const g = globalThis as { TextEncoder?: unknown; TextDecoder?: unknown };
g.TextEncoder ??= NodeTextEncoder;
g.TextDecoder ??= NodeTextDecoder;

export const T0 = '2026-01-31T08:00:00.000Z';

export interface Harness {
  ctx: ViewContext;
  root: HTMLElement;
  view: ViewHandle;
  notices: { text: string; msg: Message; opts: NoticeOptions }[];
  shown: ViewId[];
  state(): PaneState;
  setLang(lang: Lang): void;
  /** Resolves when the last action has finished. */
  settled(): Promise<void>;
}

export async function mountView(
  mount: MountView,
  port: WorkbookPort,
  o: { lang?: Lang; services?: Partial<PaneServices> } = {}
): Promise<Harness> {
  let lang: Lang = o.lang ?? 'en-US';
  let state = await openPane(port);
  const names = await port.definedNames();
  const root = document.createElement('section');
  document.body.replaceChildren(root);
  const notices: Harness['notices'] = [];
  const shown: ViewId[] = [];
  let last: Promise<void> = Promise.resolve();
  let busy = false;
  const ctx: ViewContext = {
    doc: document,
    dom: new Dom(document),
    port,
    services: { version: '0.0.0-test', now: () => T0, canDownload: true, ...o.services },
    identity: { bureau: '', author: '' },
    lang: () => lang,
    tx: (key, params) => t(key, lang, params),
    text: (msg) => messageText(msg, lang),
    state: () => state,
    names: () => names,
    readOnly: () => !!state.store.readOnly,
    act(work, opts = {}) {
      if (busy) return last;
      busy = true;
      last = (async () => {
        try {
          const next = await work(state, { progress: () => undefined });
          if (next) state = next;
        } catch (e) {
          ctx.notify(errorMessage(e), { at: opts.at, kind: 'error' });
        } finally {
          busy = false;
          view.render();
        }
      })();
      return last;
    },
    notify(msg, opts = {}) {
      notices.push({ text: messageText(msg, lang), msg, opts });
    },
    rerender: () => view.render(),
    show: (v) => void shown.push(v),
  };
  const view = mount(ctx, root);
  view.render();
  return {
    ctx,
    root,
    view,
    notices,
    shown,
    state: () => state,
    setLang(l) {
      lang = l;
      view.render();
    },
    settled: async () => {
      // An action started by a click runs on; wait for it and for the promises it chains.
      for (let i = 0; i < 3; i++) {
        await last;
        await new Promise((r) => setTimeout(r, 0));
      }
    },
  };
}

/** Clicks the element with this id (fails the test if it is missing or disabled). */
export function click(id: string): void {
  const el = document.getElementById(id) as HTMLButtonElement | null;
  if (!el) throw new Error(`#${id} not found`);
  if (el.disabled) throw new Error(`#${id} is disabled`);
  el.click();
}

/** Types into a field as a user would (an input event per value; change on leaving). */
export function type(id: string, value: string): HTMLInputElement {
  const el = document.getElementById(id) as HTMLInputElement | null;
  if (!el) throw new Error(`#${id} not found`);
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return el;
}
