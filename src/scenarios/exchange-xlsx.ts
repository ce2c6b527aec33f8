/**
 * Importing scenarios straight from another workbook: its scenario store, read from the .xlsx
 * package through the one package reader, with the same limits as every workbook read, then
 * validated like the store itself. Split from exchange.ts so the pane loads the zip reader
 * only when a workbook is picked.
 */
import { WorkbookError } from '../xlsx/limits';
import { findPart, readCustomXmlParts } from '../workbook/custom-xml';
import { SCENARIO_NAMESPACE, unwrapDocument } from '../workbook/document-xml';
import { parseDocument } from './document';
import { MAX_EXCHANGE_CHARS, MAX_EXCHANGE_DEPTH, ReadResult, clip, forbiddenKey, jsonDepth, refuse } from './exchange';

/** The scenarios of an .xlsx, as an import source. Never throws. */
export async function readWorkbookSource(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
  let json: string;
  try {
    const part = findPart(await readCustomXmlParts(bytes), SCENARIO_NAMESPACE);
    if (!part) return refuse('This workbook has no Reuse Finance scenarios.', '该工作簿中没有财金模型情景。');
    const stored = unwrapDocument(part.xml);
    if ('unreadable' in stored) return refuse(`The workbook's scenario data cannot be read (${stored.unreadable}).`, `该工作簿的情景数据无法读取（${stored.unreadable}）。`);
    json = stored.json;
  } catch (e) {
    const message = e instanceof WorkbookError ? e.message : `not a readable .xlsx: ${clip((e as Error)?.message ?? String(e))}`;
    return refuse(`The workbook cannot be read (${message}).`, `无法读取该工作簿（${message}）。`);
  }
  if (json.length > MAX_EXCHANGE_CHARS || jsonDepth(json, MAX_EXCHANGE_DEPTH) > MAX_EXCHANGE_DEPTH) {
    return refuse('The workbook\'s scenario data is too large or too deeply nested.', '该工作簿的情景数据过大或嵌套过深。');
  }
  const r = parseDocument(json);
  if (r.status === 'read-only') return refuse(`Cannot import from ${clip(fileName, 60)}: ${r.reason.en}`, `无法从 ${clip(fileName, 60)} 导入：${r.reason.zh}`);
  if (r.status !== 'ok') return refuse('This workbook has no Reuse Finance scenarios.', '该工作簿中没有财金模型情景。');
  try {
    const bad = forbiddenKey(JSON.parse(json));
    if (bad) return refuse(`The workbook's scenario data contains the key "${bad}": refused.`, `该工作簿的情景数据含有键“${bad}”，已拒绝。`);
  } catch {
    /* parseDocument parsed it already */
  }
  return { ok: true, source: { kind: 'workbook', fileName, model: r.doc.model, scenarios: r.doc.scenarios } };
}

