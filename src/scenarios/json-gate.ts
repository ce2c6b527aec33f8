/**
 * The one gate every piece of untrusted JSON passes before anything looks at it: an
 * exchange file, another workbook's scenario store picked for import, and this workbook's
 * own stored document. In this order: it must be text, not too large, not nested too deep
 * (counted without parsing, so a hostile file cannot exhaust the parser's stack), valid JSON
 * (a leading BOM allowed), and free of prototype-polluting keys anywhere. The value comes
 * back parsed once; schema and consistency checks follow in the reader that asked.
 */
import type { Bilingual } from './types';

/** Largest JSON text read, in characters (thousands of scenarios are far below). */
export const MAX_JSON_CHARS = 8_000_000;
/** Deepest JSON nesting a valid file has is 5 (root → scenarios → scenario → values → value); leave room. */
export const MAX_JSON_DEPTH = 16;
/** Keys that can change an object's prototype or shadow its methods when copied carelessly. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Shortens text taken from a file for a message. */
export const clip = (s: string, n = 80): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The deepest nesting of arrays and objects in a JSON text (strings skipped), without parsing it. */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max && (max = depth) > stopAt) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** The first forbidden key anywhere in a parsed value (JSON.parse keeps `__proto__` as an own key). */
export function forbiddenKey(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_JSON_DEPTH || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const v of value) {
      const k = forbiddenKey(v, depth + 1);
      if (k) return k;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return key;
    const k = forbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (k) return k;
  }
  return undefined;
}

export type GateResult = { ok: true; data: unknown } | { ok: false; reason: Bilingual };

/**
 * Parses untrusted JSON text through the checks above. `subject` names what is read, as the
 * subject of a sentence in each language (`{ en: 'The file', zh: '文件' }`). Never throws.
 */
export function readUntrustedJson(text: unknown, subject: Bilingual, maxChars = MAX_JSON_CHARS): GateResult {
  const no = (en: string, zh: string): GateResult => ({
    ok: false,
    reason: { en: `${subject.en} ${en}`, zh: `${subject.zh}${zh}` },
  });
  if (typeof text !== 'string') return no('is not text.', '不是文本。');
  if (text.length > maxChars) {
    return no(
      `is too large (${text.length.toLocaleString('en-US')} characters; at most ${maxChars.toLocaleString('en-US')}).`,
      `过大（${text.length} 个字符，上限 ${maxChars}）。`
    );
  }
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return no(
      `nests data more than ${MAX_JSON_DEPTH} levels deep: refused.`,
      `数据嵌套超过 ${MAX_JSON_DEPTH} 层，已拒绝。`
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return no(
      `is not valid JSON (${clip((e as Error).message)}).`,
      `不是有效的 JSON（${clip((e as Error).message)}）。`
    );
  }
  const bad = forbiddenKey(data);
  if (bad)
    return no(
      `contains the key "${bad}", which is never valid here (it can be used to attack programs): refused.`,
      `含有键“${bad}”，此处不允许（可被用于攻击程序），已拒绝。`
    );
  return { ok: true, data };
}
