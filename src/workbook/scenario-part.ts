/**
 * The scenario store of an .xlsx given as bytes (another bureau's workbook picked for
 * import): the package is read through the one package reader with every limit of a
 * workbook read, and the JSON text of our custom XML part comes back unparsed. The scenario
 * layer parses and validates it (scenarios/exchange-read.ts). Loaded on demand: the pane needs
 * the zip reader only when a workbook is picked.
 */
import { WorkbookError } from '../xlsx/limits';
import { findPart, readCustomXmlParts } from './custom-xml';
import { SCENARIO_NAMESPACE, unwrapDocument } from './document-xml';

/** Why a workbook's scenario JSON cannot be had, in both languages. */
export interface PartRefusal {
  en: string;
  zh: string;
}

const clip = (s: string, n = 80): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The JSON text of the workbook's scenario part, or why not. Never throws. */
export async function readScenarioJson(
  bytes: Uint8Array
): Promise<{ ok: true; json: string } | { ok: false; reason: PartRefusal }> {
  try {
    const part = findPart(await readCustomXmlParts(bytes), SCENARIO_NAMESPACE);
    if (!part)
      return {
        ok: false,
        reason: { en: 'This workbook has no Reuse Finance scenarios.', zh: '该工作簿中没有财金模型情景。' },
      };
    const stored = unwrapDocument(part.xml);
    if ('unreadable' in stored) {
      return {
        ok: false,
        reason: {
          en: `The workbook's scenario data cannot be read (${stored.unreadable}).`,
          zh: `该工作簿的情景数据无法读取（${stored.unreadable}）。`,
        },
      };
    }
    return { ok: true, json: stored.json };
  } catch (e) {
    const message =
      e instanceof WorkbookError ? e.message : `not a readable .xlsx: ${clip((e as Error)?.message ?? String(e))}`;
    return {
      ok: false,
      reason: { en: `The workbook cannot be read (${message}).`, zh: `无法读取该工作簿（${message}）。` },
    };
  }
}
