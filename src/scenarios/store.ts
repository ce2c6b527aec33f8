/**
 * Loading and saving the scenario document through a WorkbookPort. A document this version
 * cannot use opens read-only and is never overwritten; saving an unchanged document writes
 * nothing (and a port that does write gets the same bytes).
 */
import type { WorkbookPort } from '../workbook/port';
import { parseDocument, serialiseDocument } from './document';
import { Bilingual, ScenarioDocument, emptyDocument } from './types';

export interface StoreState {
  doc: ScenarioDocument;
  /** Set when the stored content cannot be used: the pane shows it and never saves. */
  readOnly?: Bilingual;
  /** The serialised text last loaded or saved (to skip saves that change nothing). */
  saved?: string;
}

export class ReadOnlyError extends Error {
  constructor(readonly reason: Bilingual) {
    super(reason.en);
    this.name = 'ReadOnlyError';
  }
}

export async function loadStore(port: WorkbookPort): Promise<StoreState> {
  const stored = await port.loadDocument();
  if (!stored) return { doc: emptyDocument() };
  if ('unreadable' in stored) {
    return {
      doc: emptyDocument(),
      readOnly: {
        en: `The add-in's data part in this workbook cannot be read (${stored.unreadable}). It will not be overwritten.`,
        zh: `工作簿中加载项的数据部件无法读取（${stored.unreadable}）。不会覆盖。`,
      },
    };
  }
  const r = parseDocument(stored.json);
  if (r.status === 'read-only') return { doc: emptyDocument(), readOnly: r.reason };
  return { doc: r.doc, saved: serialiseDocument(r.doc) };
}

/** Saves the document if it changed. Throws ReadOnlyError for a read-only state. */
export async function saveStore(port: WorkbookPort, state: StoreState): Promise<StoreState> {
  if (state.readOnly) throw new ReadOnlyError(state.readOnly);
  const text = serialiseDocument(state.doc);
  if (text === state.saved) return state;
  await port.saveDocument(text);
  return { ...state, saved: text };
}
