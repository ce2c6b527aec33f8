/**
 * Reading scenarios to import: an exchange file's text, or another workbook's scenario
 * store. Both go through the one JSON gate (json-gate.ts: size, depth, JSON, forbidden keys,
 * parsed once), then the exchange file's schema or the store's own checks (document.ts), then
 * the store's consistency rules. Every refusal comes with a reason in both languages; nothing
 * from a file is ever executed or rendered as HTML.
 */
import { consistencyProblem, documentFromData } from './document';
import { ExchangeFile, ExchangeProvenance } from './exchange-format';
import { MAX_JSON_CHARS, clip, readUntrustedJson } from './json-gate';
import { EXCHANGE_FORMAT, EXCHANGE_VERSION } from './schemas';
import type { Bilingual, Scenario, ScenarioModel } from './types';
import { validateExchange } from './validators.generated';

/** Largest exchange file read, in characters. */
export const MAX_EXCHANGE_CHARS = MAX_JSON_CHARS;

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Scenarios to import, wherever they came from. */
export interface ImportSource {
  kind: 'exchange-file' | 'workbook';
  /** File name the user picked. */
  fileName: string;
  /** Absent for a workbook (its store has no export provenance). */
  provenance?: ExchangeProvenance;
  model: ScenarioModel;
  scenarios: Scenario[];
}

export type ReadResult = { ok: true; source: ImportSource } | { ok: false; reason: Bilingual };

export const refuse = (en: string, zh: string): ReadResult => ({ ok: false, reason: { en, zh } });

const FILE = { en: 'The file', zh: '文件' };
const WORKBOOK_DATA = { en: "The workbook's scenario data", zh: '该工作簿的情景数据' };

/**
 * Parses an exchange file's text. Never throws; refuses (with a reason in both languages)
 * anything too large, too deeply nested, with a prototype-polluting key, of another format,
 * a newer version, or not matching the schema and the store's consistency rules.
 */
export function parseExchange(text: string, fileName = ''): ReadResult {
  const gate = readUntrustedJson(text, FILE);
  if (!gate.ok) return { ok: false, reason: gate.reason };
  const data = gate.data;
  if (!data || typeof data !== 'object' || Array.isArray(data))
    return refuse(
      'The file is not a scenario exchange file (no JSON object).',
      '文件不是情景交换文件（不是 JSON 对象）。'
    );
  const obj = data as Record<string, unknown>;
  if (obj.format !== EXCHANGE_FORMAT) {
    if (has(obj, 'schemaVersion') && has(obj, 'scenarios')) {
      return refuse(
        'This is a scenario store copied out of a workbook, not an exchange file: import the workbook itself instead.',
        '这是从工作簿中复制出的情景数据，不是交换文件：请直接导入该工作簿。'
      );
    }
    return refuse(
      `The file is not a scenario exchange file (format is not "${EXCHANGE_FORMAT}").`,
      `文件不是情景交换文件（format 不是“${EXCHANGE_FORMAT}”）。`
    );
  }
  const version = obj.exchangeVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > EXCHANGE_VERSION) {
    return refuse(
      `The file was written by a newer version of Reuse Finance (exchange version ${version}; this add-in reads version ${EXCHANGE_VERSION}). Update the add-in to import it.`,
      `该文件由更新版本的财金模型导出（交换格式版本 ${version}，本加载项支持版本 ${EXCHANGE_VERSION}）。请更新加载项后再导入。`
    );
  }
  if (!validateExchange(data)) {
    const e = validateExchange.errors?.[0];
    const where = clip(e?.instancePath || '/');
    const message = e?.message ?? 'invalid';
    return refuse(
      `The file does not match the scenario exchange format (at ${where}: ${message}).`,
      `文件不符合情景交换格式（位置 ${where}：${message}）。`
    );
  }
  const file = data as unknown as ExchangeFile;
  const problem = consistencyProblem({ schemaVersion: 1, model: file.model, scenarios: file.scenarios });
  if (problem) return refuse(`The file is inconsistent (${problem.en}).`, `文件内容前后不一致（${problem.zh}）。`);
  return {
    ok: true,
    source: {
      kind: 'exchange-file',
      fileName,
      provenance: file.provenance,
      model: file.model,
      scenarios: file.scenarios,
    },
  };
}

/**
 * Another workbook's stored scenario JSON (from workbook/scenario-part.ts) as an import
 * source: the same JSON gate, then the store's own checks. Never throws.
 */
export function parseStoredScenarios(json: string, fileName: string): ReadResult {
  const gate = readUntrustedJson(json, WORKBOOK_DATA);
  if (!gate.ok) return { ok: false, reason: gate.reason };
  const r = documentFromData(gate.data);
  if (r.status === 'read-only')
    return refuse(
      `Cannot import from ${clip(fileName, 60)}: ${r.reason.en}`,
      `无法从 ${clip(fileName, 60)} 导入：${r.reason.zh}`
    );
  if (r.status !== 'ok') return refuse('This workbook has no Reuse Finance scenarios.', '该工作簿中没有财金模型情景。');
  return { ok: true, source: { kind: 'workbook', fileName, model: r.doc.model, scenarios: r.doc.scenarios } };
}

/** Zip files (.xlsx) start with `PK\x03\x04`. */
const isZip = (b: Uint8Array): boolean =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * Reads what the user picked: an exchange file, or an .xlsx whose scenario store is read
 * (after the same hostile-file checks as every workbook read). Never throws.
 */
export async function readImportSource(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
  if (isZip(bytes) || /\.xlsx$/i.test(fileName)) {
    // Loaded on demand: the zip reader is not needed for exchange files.
    const { readScenarioJson } = await import(/* webpackChunkName: "xlsx" */ '../workbook/scenario-part');
    const part = await readScenarioJson(bytes);
    return part.ok ? parseStoredScenarios(part.json, fileName) : { ok: false, reason: part.reason };
  }
  if (bytes.length > MAX_EXCHANGE_CHARS * 4) {
    return refuse(
      `The file is too large for a scenario exchange file (${bytes.length.toLocaleString('en-US')} bytes).`,
      `文件过大，不是有效的情景交换文件（${bytes.length} 字节）。`
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse(
      'The file is neither an .xlsx workbook nor a scenario exchange file (not UTF-8 text).',
      '文件既不是 .xlsx 工作簿，也不是情景交换文件（不是 UTF-8 文本）。'
    );
  }
  return parseExchange(text, fileName);
}
