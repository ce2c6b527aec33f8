/**
 * The product's two languages, and the one way to pick a text: every bilingual catalogue
 * (the core's error messages, the registry's descriptions, the comparison sheet, the CLI's
 * sentences, the pane's texts) holds `{ en, zh }` pairs and goes through `localized`.
 *
 * Chinese variants: every Chinese language tag — `zh`, `zh-CN`, `zh-SG`, `zh-Hans`, and also
 * `zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant` — resolves to `zh-CN`. The product has no Traditional
 * Chinese texts; a reader of Traditional Chinese reads Simplified far better than English, and
 * the bureaus it serves work in Simplified. So the functions' messages, the pane and the
 * function metadata all follow one rule (before, zh-TW got Simplified messages but English
 * metadata). Any other tag, or none, resolves to `en-US`.
 */

export type Lang = 'zh-CN' | 'en-US';

/** Both languages, English first (the contract's language). */
export const LANGS: readonly Lang[] = ['en-US', 'zh-CN'];

/** A text in both languages. */
export interface Bilingual {
  en: string;
  zh: string;
}

/** The product language for a BCP 47 tag (`zh-TW` → `zh-CN`, `fr-FR` → `en-US`; see above). */
export function resolveLang(tag: unknown): Lang {
  return typeof tag === 'string' && /^zh(?:[-_]|$)/i.test(tag.trim()) ? 'zh-CN' : 'en-US';
}

/**
 * The text for `lang`, falling back to the other language when that one is missing or empty
 * (a catalogue entry under construction never shows as blank).
 */
export function pick(text: { readonly en?: string; readonly zh?: string }, lang: Lang): string {
  const [first, second] = lang === 'zh-CN' ? [text.zh, text.en] : [text.en, text.zh];
  return first || second || '';
}

/** `{name}` placeholders filled with params as plain text; a placeholder without a param stays as it is. */
export function fill(template: string, params: Readonly<Record<string, unknown>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m
  );
}

/** A bilingual text of any catalogue in `lang`, placeholders filled. */
export function localized(
  text: { readonly en?: string; readonly zh?: string },
  lang: Lang,
  params: Readonly<Record<string, unknown>> = {}
): string {
  return fill(pick(text, lang), params);
}
