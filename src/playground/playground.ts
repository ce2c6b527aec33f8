/**
 * The browser playground: the scenario pane over the headless engine (EnginePort), holding
 * the flagship example workbook built at start-up, or an .xlsx the user opens. The toolbar
 * stands in for Excel: open, download (the workbook with its scenarios, as .xlsx), and a Name
 * Box to set the selection the pane's "selected cells" buttons read. Served by
 * `npm run playground` (scripts/playground.js).
 */
import pkg from '../../package.json';
import { Lang, localized } from '../core/errors';
import { snapshotWorkbookBytes } from '../engine/snapshot';
import { workbookBytes } from '../examples/xlsx-bytes';
import { buildFlagshipWorkbook } from '../examples/flagship';
import { PaneApp, mountApp } from '../taskpane/app';
import { EnginePort } from '../workbook/engine-port';

export const FLAGSHIP_FILE = 'wanzhou-flagship-project.xlsx';

const langOf = (tag: string): Lang => (/^zh/i.test(tag) ? 'zh-CN' : 'en-US');

/** The toolbar's texts; they follow the pane's language switch. */
const TEXT = {
  bar: { en: 'Playground workbook', zh: '试用工作簿' },
  title: { en: 'Playground (in the browser)', zh: '浏览器试用' },
  open: { en: 'Open .xlsx…', zh: '打开 .xlsx…' },
  download: { en: 'Download .xlsx', zh: '下载 .xlsx' },
  selection: { en: 'Selected cells', zh: '选中的单元格' },
  select: { en: 'Select', zh: '选中' },
  notARef: { en: 'Not a cell reference: {ref}', zh: '不是单元格引用：{ref}' },
  selected: { en: 'Selected {ref}', zh: '已选中 {ref}' },
  opened: { en: 'Opened {file}', zh: '已打开 {file}' },
  cannotOpen: { en: 'Cannot open {file}: {message}', zh: '无法打开 {file}：{message}' },
  downloaded: { en: 'Downloaded {file}', zh: '已下载 {file}' },
  cannotSave: { en: 'Cannot save: {message}', zh: '无法保存：{message}' },
} as const;
type Say = { key: keyof typeof TEXT; params?: Record<string, string>; kind?: 'info' | 'error' };

/** The flagship workbook, saved and read back so the engine sees it as a bureau's file. */
export async function flagshipPort(displayLanguage: string): Promise<EnginePort> {
  return EnginePort.fromBytes(await workbookBytes(buildFlagshipWorkbook().workbook), {
    displayLanguage,
    fileName: FLAGSHIP_FILE,
  });
}

/** The pane over an engine port: the port is also the sharing host (its bytes, repairs by reload). */
const mount = (
  doc: Document,
  root: HTMLElement,
  port: EnginePort,
  lang: Lang,
  onLangChange: (lang: Lang) => void
): PaneApp =>
  mountApp(doc, root, port, {
    lang,
    version: pkg.version,
    sharing: port,
    loadSnapshot: async () => snapshotWorkbookBytes,
    onLangChange,
  });

export interface Playground {
  port(): EnginePort;
  app(): PaneApp;
}

export async function startPlayground(doc: Document, displayLanguage: string): Promise<Playground> {
  const root = doc.getElementById('app')!;
  const fileLabel = doc.getElementById('pg-file')!;
  const status = doc.getElementById('pg-status')!;
  const selection = doc.getElementById('pg-selection') as HTMLInputElement;
  const opener = doc.getElementById('pg-open') as HTMLInputElement;
  let fileName = FLAGSHIP_FILE;
  let lang = langOf(displayLanguage);
  let last: Say | undefined;
  const say = (s: Say | undefined) => {
    last = s;
    status.textContent = s ? localized(TEXT[s.key], lang, s.params) : '';
    status.dataset.kind = s?.kind ?? 'info';
  };
  const setText = (id: string, key: keyof typeof TEXT) => {
    const el = doc.getElementById(id);
    if (el) el.textContent = localized(TEXT[key], lang);
  };
  const follow = (l: Lang) => {
    lang = l;
    doc.getElementById('pg-bar')?.setAttribute('aria-label', localized(TEXT.bar, lang));
    setText('pg-title', 'title');
    setText('pg-open-label', 'open');
    setText('pg-download', 'download');
    setText('pg-selection-label', 'selection');
    setText('pg-select', 'select');
    say(last);
  };
  follow(lang);
  let port = await flagshipPort(displayLanguage);
  let app = mount(doc, root, port, lang, follow);
  fileLabel.textContent = fileName;

  const select = async () => {
    const v = selection.value.trim();
    port.setSelection(v || undefined);
    const got = await port.selection();
    if (v && !got) say({ key: 'notARef', params: { ref: v }, kind: 'error' });
    else say(got ? { key: 'selected', params: { ref: got } } : undefined);
  };
  doc.getElementById('pg-select')!.addEventListener('click', () => void select());
  selection.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void select();
    }
  });

  opener.addEventListener('change', async () => {
    const file = opener.files?.[0];
    if (!file) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      lang = app.lang();
      port = await EnginePort.fromBytes(bytes, { displayLanguage, fileName: file.name });
      app = mount(doc, root, port, lang, follow);
      await app.ready;
      fileName = file.name;
      fileLabel.textContent = fileName;
      say({ key: 'opened', params: { file: file.name } });
    } catch (e) {
      say({ key: 'cannotOpen', params: { file: file.name, message: (e as Error).message }, kind: 'error' });
    } finally {
      opener.value = '';
    }
  });

  doc.getElementById('pg-download')!.addEventListener('click', async () => {
    try {
      const bytes = await port.toBytes();
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
      const a = doc.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = fileName.replace(/(\.xlsx)?$/i, '.xlsx');
      doc.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      say({ key: 'downloaded', params: { file: a.download } });
    } catch (e) {
      say({ key: 'cannotSave', params: { message: (e as Error).message }, kind: 'error' });
    }
  });

  await app.ready;
  doc.body.dataset.ready = 'true';
  return { port: () => port, app: () => app };
}

if (typeof document !== 'undefined' && document.getElementById('app')) {
  void startPlayground(document, navigator.language || 'en-US').catch((e) => {
    const status = document.getElementById('pg-status');
    if (status) status.textContent = `The playground could not start / 无法启动: ${(e as Error).message}`;
  });
}
