/**
 * The contract between the pane's shell (app.ts) and its views (views/*.ts).
 *
 * A view is a module exporting one mount function:
 *
 * ```ts
 * export function mountAnalysisView(ctx: ViewContext, root: HTMLElement): ViewHandle
 * ```
 *
 * `root` is the view's tab panel, owned by the view (it replaces its children on `render`).
 * Everything a view needs from outside comes through `ctx`: the WorkbookPort, the current pane
 * state (read with `ctx.state()`, replaced only by returning a new one from `ctx.act`), the
 * language, the texts, the defined names and the shell's progress bar and notices. A view keeps
 * its own transient UI state (form drafts, ticks) in its closure; nothing else is shared, so each
 * view can be mounted alone over a FakePort in a test (see test/unit/taskpane/views.test.ts).
 *
 * Adding a view: write `views/<id>.ts` exporting `mount<Id>View`, and list it in `PANE_VIEWS`
 * (views/index.ts) or pass it in `AppOptions.views`. The 分析 / Analysis tab has its slot:
 * `ViewId` already has 'analysis', and `PANE_VIEWS` marks where its definition goes.
 */
import type { Lang } from '../core/errors';
import type { Bilingual } from '../scenarios/types';
import type { NamedRef, SharingPort, WorkbookPort } from '../workbook/port';
import type { Dom } from './dom';
import type { PaneState, SnapshotFn } from './handlers';
import type { TextKey } from './i18n';

/** The pane's views, in tab order. 'analysis' is the slot for the analysis view (sensitivity, goal seek, charts). */
export type ViewId = 'scenarios' | 'setup' | 'compare' | 'analysis' | 'share' | 'functions';

/**
 * A text to show, kept as a key and parameters (or both languages), not as a string: a notice
 * on screen is translated again when the language changes.
 */
export type Message =
  | { key: TextKey; params?: Record<string, string | number> }
  | { bilingual: Bilingual }
  /** Several messages as one sentence after another. */
  | { parts: Message[] }
  /** Text that has no translation (an unexpected error's own message). */
  | { plain: string };

export type NoticeKind = 'info' | 'error';

export interface NoticeOptions {
  /**
   * The id of the control whose action the notice reports (`rf-write-sheet`): the notice is
   * shown next to it and takes the focus. Without it, the notice goes to the view's top.
   */
  at?: string;
  kind?: NoticeKind;
}

/** What a running action can do besides changing the state. */
export interface Job {
  /** Set for long actions (`ActOptions.long`): the Cancel button aborts it. */
  signal?: AbortSignal;
  /** Moves the progress bar of a long action. */
  progress(done: number, total: number, label: string): void;
}

export interface ActOptions {
  /** The control that started the action: errors and notices are shown next to it. */
  at?: string;
  /** A long action: shows the progress bar with this label and a Cancel button. */
  long?: () => string;
}

/** Host services the shell was given (all optional; views hide what they cannot offer). */
export interface PaneServices {
  /** The add-in's version (recorded in exported files and snapshots). */
  version: string;
  /** Clock for created/modified/exported times (tests pass a fixed one). */
  now: () => string;
  /** The host's file access for "prepare a copy" and "repair formulas". */
  sharing?: SharingPort;
  /** Loads the snapshot code on demand. */
  loadSnapshot?: () => Promise<SnapshotFn>;
  /**
   * False where the page cannot save a download (Excel for Mac and iPad: `<a download>` on a
   * Blob URL does nothing in WKWebView). Views then offer another route and never report a
   * download that did not happen.
   */
  canDownload: boolean;
}

/** Who is working, shared by the new-scenario form and the export form. */
export interface Identity {
  bureau: string;
  author: string;
}

export interface ViewContext {
  readonly doc: Document;
  readonly dom: Dom;
  readonly port: WorkbookPort;
  readonly services: PaneServices;
  readonly identity: Identity;
  lang(): Lang;
  /** A pane text in the current language. */
  tx(key: TextKey, params?: Record<string, string | number>): string;
  /** A message in the current language. */
  text(msg: Message): string;
  /** The pane state; undefined until the stored document has been read (views are not rendered before). */
  state(): PaneState | undefined;
  /** The workbook's single-cell defined names, as read at start (and on refresh). */
  names(): NamedRef[];
  readOnly(): boolean;
  /**
   * Runs an action on the current state: one at a time (a second call while one runs is
   * ignored), the state it returns becomes current, an error becomes an error notice, and the
   * current view is rendered again after.
   */
  act(work: (state: PaneState, job: Job) => Promise<PaneState | void>, opts?: ActOptions): Promise<void>;
  /** Shows a notice (see NoticeOptions.at). */
  notify(msg: Message, opts?: NoticeOptions): void;
  /** Renders the current view again (after a change of the view's own UI state). */
  rerender(): void;
  /** Switches to another view. */
  show(view: ViewId): void;
}

export interface ViewHandle {
  /** Renders the view from the context's current state and language into its root. */
  render(): void;
  /** Called when the user leaves the view (drop half-done confirmations). */
  hidden?(): void;
}

export type MountView = (ctx: ViewContext, root: HTMLElement) => ViewHandle;

export interface ViewDefinition {
  id: ViewId;
  /** The tab's label. */
  label: TextKey | Bilingual;
  mount: MountView;
  /** False for views that work without a workbook (the function reference). Default true. */
  needsState?: boolean;
}
