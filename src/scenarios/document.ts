/**
 * The stored document: parsing (validated against its JSON Schema on every load, then checked for
 * what a schema cannot say: unique ids, values only for known inputs, parseable references)
 * and deterministic serialisation (sorted keys, no whitespace), so saving an unchanged
 * document gives the same bytes.
 *
 * Everything read from a workbook is untrusted: sizes are bounded, strings are length-capped,
 * and a document this version does not understand (invalid, or written by a newer version)
 * is reported and never overwritten.
 *
 * The schema lives in schemas.ts; the validator is Ajv's code for it, generated ahead of time
 * (`npm run validators` → validators.generated.ts), so loading a document compiles nothing.
 */
import { checkDistributionShape } from '../analysis/distribution-shape';
import { AnalysisError } from '../analysis/errors';
import { compileOutput } from '../analysis/outputs';
import { isSingleCell } from '../workbook/refs';
import { clip, readUntrustedJson } from './json-gate';
import { Bilingual, SCHEMA_VERSION, ScenarioDocument } from './types';
import { validateDocument, validateDocumentV2 } from './validators.generated';

export { DOCUMENT_SCHEMA, DOCUMENT_SCHEMA_V2, LIMITS } from './schemas';

/** Version 2 documents (with analysis settings) by their schema, everything else by version 1's. */
function validate(data: unknown): { ok: true } | { ok: false; where: string; message: string } {
  const v2 = (data as { schemaVersion?: unknown } | null)?.schemaVersion === 2;
  const validator = v2 ? validateDocumentV2 : validateDocument;
  if (validator(data)) return { ok: true };
  const e = validator.errors?.[0];
  return { ok: false, where: e?.instancePath || '/', message: e?.message ?? 'invalid' };
}

export type LoadResult =
  | { status: 'empty'; doc: ScenarioDocument }
  | { status: 'ok'; doc: ScenarioDocument }
  | { status: 'read-only'; reason: Bilingual };

const readOnly = (en: string, zh: string): LoadResult => ({ status: 'read-only', reason: { en, zh } });

/** What the store is called in messages about reading it. */
const STORED = { en: 'The scenario data stored in this workbook', zh: '工作簿中保存的情景数据' };

/**
 * Parses the stored JSON text (through the one JSON gate, json-gate.ts). Never throws:
 * anything this version cannot use comes back read-only with a reason in both languages.
 */
export function parseDocument(json: string): LoadResult {
  const gate = readUntrustedJson(json, STORED);
  if (!gate.ok)
    return readOnly(
      `${gate.reason.en} It is shown read-only and will not be overwritten.`,
      `${gate.reason.zh}已以只读方式打开，不会覆盖。`
    );
  return documentFromData(gate.data);
}

/** The document in a value parsed by the JSON gate: version, schema and consistency checked. Never throws. */
export function documentFromData(data: unknown): LoadResult {
  const version =
    data && typeof data === 'object' && !Array.isArray(data)
      ? (data as { schemaVersion?: unknown }).schemaVersion
      : undefined;
  if (typeof version === 'number' && Number.isInteger(version) && version > SCHEMA_VERSION) {
    return readOnly(
      `These scenarios were saved by a newer version of Reuse Finance (schema version ${version}; this add-in reads version ${SCHEMA_VERSION}). Update the add-in to edit them; they will not be overwritten.`,
      `这些情景由更新版本的财金模型保存（数据版本 ${version}，本加载项支持版本 ${SCHEMA_VERSION}）。请更新加载项后再编辑；不会覆盖现有数据。`
    );
  }
  const v = validate(data);
  if (!v.ok) {
    return readOnly(
      `The scenarios stored in this workbook do not match the expected format (at ${clip(v.where)}: ${v.message}). They will not be overwritten.`,
      `工作簿中保存的情景数据格式不符（位置 ${clip(v.where)}：${v.message}）。不会覆盖现有数据。`
    );
  }
  const doc = data as ScenarioDocument;
  const problem = consistencyProblem(doc);
  if (problem) {
    return readOnly(
      `The scenarios stored in this workbook are inconsistent (${problem.en}). They will not be overwritten.`,
      `工作簿中保存的情景数据前后不一致（${problem.zh}）。不会覆盖现有数据。`
    );
  }
  return { status: 'ok', doc };
}

/** What a schema cannot check: unique ids, references that parse, values only for known inputs. */
export function consistencyProblem(doc: ScenarioDocument): Bilingual | undefined {
  const dup = (ids: string[]) => ids.find((id, i) => ids.indexOf(id) !== i);
  const inputIds = doc.model.inputs.map((i) => i.id);
  const d1 = dup(inputIds) ?? dup(doc.model.outputs.map((o) => o.id));
  if (d1) return { en: `duplicate id ${d1}`, zh: `编号 ${d1} 重复` };
  const d2 = dup(doc.scenarios.map((s) => s.id));
  if (d2) return { en: `duplicate scenario id ${d2}`, zh: `情景编号 ${d2} 重复` };
  for (const x of [...doc.model.inputs, ...doc.model.outputs]) {
    if (!isSingleCell(x.ref))
      return {
        en: `${clip(x.ref, 40)} is not a single cell or defined name`,
        zh: `${clip(x.ref, 40)} 不是单个单元格或名称`,
      };
  }
  const known = new Set(inputIds);
  for (const s of doc.scenarios) {
    const stray = Object.keys(s.values).find((k) => !known.has(k));
    if (stray)
      return {
        en: `scenario ${s.id} has a value for unknown input ${stray}`,
        zh: `情景 ${s.id} 含未知输入项 ${stray} 的值`,
      };
  }
  return doc.analysis ? analysisProblem(doc) : undefined;
}

/** Analysis settings (version 2): known ids, valid distributions and ranges, outputs that compile. */
function analysisProblem(doc: ScenarioDocument): Bilingual | undefined {
  const a = doc.analysis!;
  const inputs = new Set(doc.model.inputs.map((i) => i.id));
  const outputIds = [...doc.model.outputs.map((o) => o.id), ...a.outputs.map((o) => o.id)];
  const dup =
    outputIds.find((id, i) => outputIds.indexOf(id) !== i) ??
    a.goals.map((g) => g.id).find((id, i, all) => all.indexOf(id) !== i);
  if (dup) return { en: `duplicate id ${dup}`, zh: `编号 ${dup} 重复` };
  const unknownInput = (id: string): Bilingual => ({
    en: `analysis settings name unknown input ${id}`,
    zh: `分析设置引用了未知输入项 ${id}`,
  });
  const seen = new Set<string>();
  for (const s of a.inputs) {
    if (!inputs.has(s.inputId)) return unknownInput(s.inputId);
    if (seen.has(s.inputId))
      return { en: `analysis settings for input ${s.inputId} given twice`, zh: `输入项 ${s.inputId} 的分析设置重复` };
    seen.add(s.inputId);
    if ((s.low === undefined) !== (s.high === undefined) || (s.low !== undefined && s.low === s.high))
      return {
        en: `input ${s.inputId}: give two different values low and high, or neither`,
        zh: `输入项 ${s.inputId}：低值与高值须同时给出且不同`,
      };
    if (s.distribution) {
      try {
        const checked = checkDistributionShape(s.distribution, `input ${s.inputId}`);
        if (canonicalJson(checked) !== canonicalJson(s.distribution))
          return {
            en: `input ${s.inputId}: the distribution has parameters its type does not take`,
            zh: `输入项 ${s.inputId}：分布含有该类型不接受的参数`,
          };
      } catch (e) {
        if (e instanceof AnalysisError) return { en: e.message, zh: e.zh };
        throw e;
      }
    }
  }
  for (const o of a.outputs) {
    try {
      compileOutput(o.expr);
    } catch (e) {
      if (e instanceof AnalysisError) return { en: e.message, zh: e.zh };
      throw e;
    }
  }
  const outputs = new Set(outputIds);
  for (const g of a.goals) {
    if (!inputs.has(g.inputId)) return unknownInput(g.inputId);
    if (!outputs.has(g.outputId))
      return {
        en: `goal ${g.id} names unknown output ${g.outputId}`,
        zh: `目标 ${g.id} 引用了未知输出项 ${g.outputId}`,
      };
  }
  for (const c of a.correlations) {
    for (const id of [c.a, c.b]) if (!inputs.has(id)) return unknownInput(id);
    if (c.a === c.b || !(c.rho > -1 && c.rho < 1))
      return {
        en: `correlation ${c.a}, ${c.b}: two different inputs and −1 < rho < 1`,
        zh: `相关 ${c.a}、${c.b}：须为两个不同输入项且 −1 < 相关系数 < 1`,
      };
  }
  return undefined;
}

/** JSON with object keys sorted at every level and no whitespace: the same document, the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function serialiseDocument(doc: ScenarioDocument): string {
  return canonicalJson(doc);
}
