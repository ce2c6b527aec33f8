/**
 * The task pane page. This add-in uses a shared runtime: taskpane.html is also the page that
 * hosts the custom functions and the ribbon commands, so this script associates every REUSE
 * function with Excel as soon as it runs, and renders the function reference once Office is
 * ready. Wiring only: the work is in ../functions/functions.ts and ./reference.ts.
 */
import type { Lang } from '../core/errors';
import { CustomFunctionsApi, displayLang, registerAll } from '../functions/functions';
import { ReferenceView, mountReference } from './reference';

type OfficeLike = { context?: { displayLanguage?: string } };

interface HostGlobals {
  CustomFunctions?: CustomFunctionsApi;
  Office?: OfficeLike & { onReady?: (cb?: () => void) => unknown };
}

/** Associates every registry function, if the page runs inside Excel's custom-functions runtime. Returns the ids. */
export function registerCustomFunctions(g: HostGlobals): string[] {
  const cf = g.CustomFunctions;
  if (!cf || typeof cf.associate !== 'function') return [];
  // The display language is read at call time: Office.context is only complete after onReady.
  return registerAll(cf, (): Lang => displayLang(g.Office));
}

/** Renders the function reference into #app, in the Office display language. */
export function startPane(doc: Document, office?: OfficeLike): ReferenceView | undefined {
  const root = doc.getElementById('app');
  if (!root) return undefined;
  return mountReference(doc, root, displayLang(office));
}

const g = globalThis as unknown as HostGlobals;
registerCustomFunctions(g);
if (typeof g.Office?.onReady === 'function') {
  g.Office.onReady(() => startPane(document, g.Office));
} else {
  // Opened outside Office (office.js not loaded): the reference still works.
  startPane(document);
}
