import { MESSAGES, localized as fromErrors } from '../../../src/core/errors';
import { LANGS, fill, localized, pick, resolveLang } from '../../../src/core/i18n';
import { functionMetadata } from '../../../src/registry/metadata';
import { FUNCTIONS } from '../../../src/registry';
import { comparisonSheetName } from '../../../src/scenarios/sheet';
import { displayLang } from '../../../src/functions/functions';

describe('resolveLang', () => {
  // Every Chinese tag reads Simplified (the product has no Traditional texts); anything else English.
  it.each(['zh', 'zh-CN', 'zh-SG', 'zh-Hans-CN', 'zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'ZH-tw', 'zh_TW', ' zh-CN '])(
    '%s → zh-CN',
    (tag) => {
      expect(resolveLang(tag)).toBe('zh-CN');
    }
  );
  it.each<[unknown]>([
    ['en-US'],
    ['en-GB'],
    ['fr-FR'],
    ['ja-JP'],
    [''],
    [undefined],
    [null],
    [42],
    ['zhx'],
    ['zha-CN'],
  ])('%p → en-US', (tag) => {
    expect(resolveLang(tag)).toBe('en-US');
  });
  it('is the rule Excel’s display language goes through too', () => {
    expect(displayLang({ context: { displayLanguage: 'zh-HK' } })).toBe('zh-CN');
    expect(displayLang({ context: { displayLanguage: 'de-DE' } })).toBe('en-US');
    expect(displayLang(undefined)).toBe('en-US');
  });
});

describe('pick and fill', () => {
  it('picks the language asked for', () => {
    expect(pick({ en: 'Fee', zh: '费用' }, 'zh-CN')).toBe('费用');
    expect(pick({ en: 'Fee', zh: '费用' }, 'en-US')).toBe('Fee');
  });
  it('falls back to the other language when one is missing or empty', () => {
    expect(pick({ en: 'Fee', zh: '' }, 'zh-CN')).toBe('Fee');
    expect(pick({ en: 'Fee' }, 'zh-CN')).toBe('Fee');
    expect(pick({ zh: '费用' }, 'en-US')).toBe('费用');
    expect(pick({}, 'en-US')).toBe('');
  });
  it('fills placeholders as plain text and leaves unknown ones', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(fill('cost {x}', { x: '$& $1' })).toBe('cost $& $1');
    expect(fill('{toString} {constructor}', {})).toBe('{toString} {constructor}');
  });
  it('localizes a core message in both languages', () => {
    const params = { arg: 'rate', min: 0, got: -1 };
    expect(localized(MESSAGES.min, 'en-US', params)).toBe('rate: must be ≥ 0 (got -1)');
    expect(localized(MESSAGES.min, 'zh-CN', params)).toBe('rate：必须 ≥ 0（收到 -1）');
    expect(fromErrors).toBe(localized);
  });
});

describe('users of the one lookup', () => {
  it('the comparison sheet is named in the pane’s language', () => {
    expect(comparisonSheetName('zh-CN', '2026-01-02T03:04:05Z')).toBe('情景比较 2026-01-02');
    expect(comparisonSheetName('en-US', '2026-01-02T03:04:05Z')).toBe('Scenarios 2026-01-02');
  });
  it('function metadata carries each language’s description', () => {
    const f = FUNCTIONS[0];
    for (const lang of LANGS)
      expect(functionMetadata(f, lang).description).toBe(lang === 'zh-CN' ? f.description.zh : f.description.en);
  });
});
