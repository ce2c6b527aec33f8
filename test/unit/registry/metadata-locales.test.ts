/**
 * Chinese display languages get one language throughout: the functions' messages (displayLang)
 * and what Excel shows from the manifest and the metadata (descriptions, ribbon, function list)
 * are both Simplified Chinese for zh-CN, zh-TW and zh-HK, and English otherwise. Office picks a
 * manifest override by the exact locale tag and otherwise shows the DefaultValue.
 */
import fs from 'fs';
import path from 'path';
import { displayLang } from '../../../src/functions/functions';
import { CHINESE_LOCALES, metadataLang } from '../../../src/registry/metadata';

const xml = fs.readFileSync(path.resolve(__dirname, '../../../manifest.xml'), 'utf8');

/** Every element of the manifest with a DefaultValue and Override children: id (or tag), default, overrides by locale. */
function localised(): { id: string; def: string; overrides: Record<string, string> }[] {
  const out: { id: string; def: string; overrides: Record<string, string> }[] = [];
  for (const m of xml.matchAll(/<(DisplayName|Description|bt:String|bt:Url)\b([^>]*[^/])>([\s\S]*?)<\/\1>/g)) {
    const id = /\bid="([^"]+)"/.exec(m[2])?.[1] ?? m[1];
    const def = /\bDefaultValue="([^"]*)"/.exec(m[2])![1];
    const overrides: Record<string, string> = {};
    for (const o of m[3].matchAll(/<(?:bt:)?Override\s+Locale="([^"]+)"\s+Value="([^"]*)"\s*\/>/g))
      overrides[o[1]] = o[2];
    out.push({ id, def, overrides });
  }
  return out;
}

/** What Office shows for `id` in a UI language: the exact override, else the default. */
const shown = (id: string, locale: string) => {
  const e = localised().find((x) => x.id === id)!;
  return e.overrides[locale] ?? e.def;
};

describe('Chinese locales: metadata in the language of the messages', () => {
  it('finds the localised manifest entries (display name, description, metadata URL, visible strings)', () => {
    const ids = localised().map((e) => e.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'DisplayName',
        'Description',
        'Functions.Metadata.Url',
        'Group.Label',
        'TaskpaneButton.Tooltip',
      ])
    );
    expect(localised().every((e) => 'zh-CN' in e.overrides)).toBe(true);
  });

  it.each(['en-US', 'zh-CN', 'zh-TW', 'zh-HK', 'fr-FR', 'ja-JP'])(
    '%s: the metadata file and the texts are in the language the functions answer in',
    (tag) => {
      const messages = displayLang({ context: { displayLanguage: tag } });
      expect(metadataLang(tag)).toBe(messages);
      const file = shown('Functions.Metadata.Url', tag);
      expect(file.endsWith(messages === 'zh-CN' ? '/functions.zh-CN.json' : '/functions.json')).toBe(true);
      const chinese =
        /[\u4e00-\u9fff]/.test(shown('Group.Label', tag)) && /[\u4e00-\u9fff]/.test(shown('DisplayName', tag));
      expect(chinese).toBe(messages === 'zh-CN');
    }
  );

  it('every zh-CN override has the same value for each Chinese locale', () => {
    for (const e of localised())
      for (const locale of CHINESE_LOCALES)
        expect([e.id, locale, e.overrides[locale]]).toEqual([e.id, locale, e.overrides['zh-CN']]);
  });
});
