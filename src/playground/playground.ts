/**
 * The browser playground: the scenario pane over the headless engine (EnginePort), holding
 * the flagship example workbook built at start-up, or an .xlsx the user opens. The toolbar
 * stands in for Excel: open, download (the workbook with its scenarios, as .xlsx), and a Name
 * Box to set the selection the pane's "selected cells" buttons read. Served by
 * `npm run playground` (scripts/playground.js).
 */
import pkg from '../../package.json';
import type { Lang } from '../core/errors';
import { snapshotWorkbookBytes } from '../engine/snapshot';
import { workbookBytes } from '../examples/xlsx-bytes';
import { buildFlagshipWorkbook } from '../examples/flagship';
import { PaneApp, mountApp } from '../taskpane/app';
import { EnginePort } from '../workbook/engine-port';

export const FLAGSHIP_FILE = 'wanzhou-flagship-project.xlsx';

const langOf = (tag: string): Lang => (/^zh/i.test(tag) ? 'zh-CN' : 'en-US');

/** The flagship workbook, saved and read back so the engine sees it as a bureau's file. */
export async function flagshipPort(displayLanguage: string): Promise<EnginePort> {
  return EnginePort.fromBytes(await workbookBytes(buildFlagshipWorkbook().workbook), { displayLanguage, fileName: FLAGSHIP_FILE });
}

/** The pane over an engine port: the port is also the sharing host (its bytes, repairs by reload). */
const mount = (doc: Document, root: HTMLElement, port: EnginePort, lang: Lang): PaneApp =>
  mountApp(doc, root, port, { lang, version: pkg.version, sharing: port, loadSnapshot: async () => snapshotWorkbookBytes });

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
  let port = await flagshipPort(displayLanguage);
  let app = mount(doc, root, port, lang);
  fileLabel.textContent = fileName;
  const say = (text: string, kind: 'info' | 'error' = 'info') => {
    status.textContent = text;
    status.dataset.kind = kind;
  };

  const select = async () => {
    const v = selection.value.trim();
    port.setSelection(v || undefined);
    const got = await port.selection();
    if (v && !got) say(`Not a cell reference / 不是单元格引用: ${v}`, 'error');
    else say(got ? `Selected / 已选中 ${got}` : '');
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
      app = mount(doc, root, port, lang);
      await app.ready;
      fileName = file.name;
      fileLabel.textContent = fileName;
      say(`Opened / 已打开 ${file.name}`);
    } catch (e) {
      say(`Cannot open / 无法打开 ${file.name}: ${(e as Error).message}`, 'error');
    } finally {
      opener.value = '';
    }
  });

  doc.getElementById('pg-download')!.addEventListener('click', async () => {
    try {
      const bytes = await port.toBytes();
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
      const a = doc.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = fileName.replace(/(\.xlsx)?$/i, '.xlsx');
      doc.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      say(`Downloaded / 已下载 ${a.download}`);
    } catch (e) {
      say(`Cannot save / 无法保存: ${(e as Error).message}`, 'error');
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
