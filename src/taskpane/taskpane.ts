/**
 * The task pane page. This add-in uses a shared runtime: taskpane.html is also the page that
 * hosts the custom functions and the ribbon commands, so this script associates every REUSE
 * function with Excel as soon as it runs. Once Office is ready it mounts the scenario pane over
 * the Office WorkbookPort (in Excel with ExcelApi 1.9: custom XML parts, calculationState), or the
 * function reference alone where there is no workbook to work on (outside Office, an older
 * host). Wiring only: the work is in ./app.ts, ./handlers.ts and ../workbook/office-port.ts.
 */
import type { Lang } from '../core/errors';
import { CustomFunctionsApi, displayLang, registerAll } from '../functions/functions';
import pkg from '../../package.json';
import { OfficeDocumentLike, OfficeSharing } from '../workbook/office-files';
import { OfficePort } from '../workbook/office-port';
import { PaneApp, mountApp } from './app';
import type { SnapshotFn } from './handlers';
import { t } from './i18n';
import { ReferenceView, mountReference } from './reference';

type OfficeLike = {
  context?: {
    displayLanguage?: string;
    requirements?: { isSetSupported?: (name: string, version?: string) => boolean };
    document?: OfficeDocumentLike;
    diagnostics?: { platform?: string };
  };
  addin?: { onVisibilityModeChanged?: (handler: (args: { visibilityMode?: string }) => void) => unknown };
};

interface HostGlobals {
  CustomFunctions?: CustomFunctionsApi;
  Office?: OfficeLike & { onReady?: (cb?: (info?: { host?: unknown }) => void) => unknown };
  Excel?: { run?: typeof Excel.run; createWorkbook?: (base64?: string) => Promise<void> };
}

/**
 * The snapshot code, loaded when "prepare a copy for sharing" is first used: it carries the
 * formula engine (HyperFormula, and ExcelJS's browser build as a script), far larger than the
 * pane, so the pane does not load it up front.
 */
export function snapshotLoader(doc: Document): () => Promise<SnapshotFn> {
  let loading: Promise<SnapshotFn> | undefined;
  return () =>
    (loading ??= new Promise<void>((resolve, reject) => {
      if ((globalThis as { ExcelJS?: unknown }).ExcelJS) return resolve();
      const script = doc.createElement('script');
      script.src = 'vendor/exceljs.min.js';
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('could not load vendor/exceljs.min.js'));
      doc.head.append(script);
    })
      .then(() => import(/* webpackChunkName: "engine" */ '../engine/snapshot'))
      .then((m) => m.snapshotWorkbookBytes)
      .catch((e) => {
        loading = undefined;
        throw e;
      }));
}

const isSet = (g: HostGlobals, version: string): boolean => {
  try {
    return g.Office?.context?.requirements?.isSetSupported?.('ExcelApi', version) === true;
  } catch {
    return false;
  }
};

/** Associates every registry function, if the page runs inside Excel's custom-functions runtime. Returns the ids. */
export function registerCustomFunctions(g: HostGlobals): string[] {
  const cf = g.CustomFunctions;
  if (!cf || typeof cf.associate !== 'function') return [];
  // The display language is read at call time: Office.context is only complete after onReady.
  return registerAll(cf, (): Lang => displayLang(g.Office));
}

/** The user's language: Office's display language inside Office, else the browser's. */
export function paneLang(doc: Document, office?: OfficeLike): Lang {
  let tag: string | undefined;
  try {
    tag = office?.context?.displayLanguage;
  } catch {
    tag = undefined;
  }
  if (tag) return displayLang(office);
  return displayLang({ context: { displayLanguage: doc.defaultView?.navigator?.language } });
}

/**
 * Renders the function reference into #app, in the user's language, under a note that the
 * scenario tools need Excel and where the playground is.
 */
export function startPane(doc: Document, office?: OfficeLike): ReferenceView | undefined {
  const root = doc.getElementById('app');
  if (!root) return undefined;
  const lang = paneLang(doc, office);
  const view = mountReference(doc, root, lang);
  const link = doc.createElement('a');
  link.href = 'playground.html';
  link.textContent = t('playgroundLink', lang);
  const note = doc.createElement('div');
  note.className = 'rf-outside';
  note.id = 'rf-outside';
  note.setAttribute('role', 'note');
  const p1 = doc.createElement('p');
  p1.textContent = t('outsideExcel', lang);
  const p2 = doc.createElement('p');
  p2.append(doc.createTextNode(t('playgroundHint', lang)), link);
  note.append(p1, p2);
  const header = root.querySelector('.rf-header');
  if (header) header.after(note);
  else root.prepend(note);
  return view;
}

/** Excel for Mac and iPad run the pane in WKWebView, where `<a download>` on a Blob URL does nothing. */
export function canDownload(office?: OfficeLike): boolean {
  try {
    const platform = office?.context?.diagnostics?.platform;
    return platform !== 'Mac' && platform !== 'iOS';
  } catch {
    return true;
  }
}

/**
 * The ExcelApi version the scenario pane needs: custom XML parts are 1.5, but the Office port
 * waits on `application.calculationState` and reads `getSelectedRanges`, both 1.9, so a host
 * with less would fail on the first Apply.
 */
export const SCENARIO_API = '1.9';

/** True when the page runs in Excel with the API the scenario pane needs (ExcelApi {@link SCENARIO_API}). */
export function canRunScenarios(g: HostGlobals): boolean {
  if (typeof g.Excel?.run !== 'function') return false;
  try {
    return g.Office?.context?.requirements?.isSetSupported?.('ExcelApi', SCENARIO_API) !== false;
  } catch {
    return false;
  }
}

/** Mounts the scenario pane over Excel, or the reference alone. */
export function startOfficePane(doc: Document, g: HostGlobals): PaneApp | ReferenceView | undefined {
  const root = doc.getElementById('app');
  if (!root) return undefined;
  if (!canRunScenarios(g)) return startPane(doc, g.Office);
  const run = g.Excel!.run!.bind(g.Excel) as typeof Excel.run;
  const port = new OfficePort({ run, displayLanguage: () => g.Office?.context?.displayLanguage ?? 'en-US' });
  const officeDoc = g.Office?.context?.document;
  const createWorkbook =
    isSet(g, '1.8') && typeof g.Excel?.createWorkbook === 'function'
      ? (b64: string) => g.Excel!.createWorkbook!(b64)
      : undefined;
  const sharing =
    officeDoc && typeof officeDoc.getFileAsync === 'function'
      ? new OfficeSharing({ run, document: officeDoc, createWorkbook })
      : undefined;
  const app = mountApp(doc, root, port, {
    lang: displayLang(g.Office),
    version: pkg.version,
    sharing,
    loadSnapshot: snapshotLoader(doc),
    canDownload: canDownload(g.Office),
  });
  // The shared runtime lives as long as the workbook: read names and scenarios again when the pane is shown.
  try {
    g.Office?.addin?.onVisibilityModeChanged?.((args) => {
      if (args?.visibilityMode === 'Taskpane') void app.refresh();
    });
  } catch {
    // Older hosts without Office.addin: the page's visibilitychange (in mountApp) still refreshes.
  }
  return app;
}

const g = globalThis as unknown as HostGlobals;
registerCustomFunctions(g);
if (typeof g.Office?.onReady === 'function') {
  g.Office.onReady(() => startOfficePane(document, g));
} else {
  // Opened outside Office (office.js not loaded): the reference still works.
  startPane(document);
}
