/**
 * The one JSON gate: both import read paths (an exchange file's text, another workbook's
 * stored JSON) and the own store refuse hostile JSON with the same guard, in the same order
 * (size, then nesting, then JSON, then forbidden keys).
 */
import { parseDocument } from '../../../src/scenarios/document';
import { parseExchange, parseStoredScenarios } from '../../../src/scenarios/exchange-read';
import {
  MAX_JSON_CHARS,
  MAX_JSON_DEPTH,
  forbiddenKey,
  jsonDepth,
  readUntrustedJson,
} from '../../../src/scenarios/json-gate';

const SUBJECT = { en: 'The thing', zh: '该物' };
const deep = (n: number) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`;

describe('readUntrustedJson', () => {
  it('gives the value back parsed, a BOM allowed', () => {
    expect(readUntrustedJson('\uFEFF{"a":[1,2]}', SUBJECT)).toEqual({ ok: true, data: { a: [1, 2] } });
  });
  // `{"a":` is one level, then n arrays: depth n + 1.
  it('takes nesting up to the limit and refuses one more', () => {
    expect(jsonDepth(deep(MAX_JSON_DEPTH - 1))).toBe(MAX_JSON_DEPTH);
    expect(readUntrustedJson(deep(MAX_JSON_DEPTH - 1), SUBJECT).ok).toBe(true);
    const r = readUntrustedJson(deep(MAX_JSON_DEPTH), SUBJECT);
    expect(r).toEqual({
      ok: false,
      reason: {
        en: expect.stringMatching(/^The thing nests data more than 16 levels/),
        zh: expect.stringMatching(/^该物数据嵌套超过 16 层/),
      },
    });
  });
  it.each<[string, unknown, RegExp]>([
    ['not text', 42, /is not text/],
    ['too large', ' '.repeat(MAX_JSON_CHARS + 1), /too large/],
    ['not JSON', '{"a":', /not valid JSON/],
    ['__proto__ deep inside', '{"a":[{"b":{"__proto__":{"x":1}}}]}', /"__proto__"/],
    ['constructor as a key', '{"constructor":1}', /"constructor"/],
  ])('refuses %s', (_, text, en) => {
    const r = readUntrustedJson(text, SUBJECT);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.en).toMatch(en);
  });
  it('checks nesting before parsing and keys after: a deep text with a forbidden key is refused for its depth', () => {
    const text = `{"__proto__":1,"a":${'['.repeat(1000)}${']'.repeat(1000)}}`;
    const r = readUntrustedJson(text, SUBJECT);
    expect(!r.ok && r.reason.en).toMatch(/nests data/);
  });
  it('finds forbidden keys only as keys, not as values', () => {
    expect(forbiddenKey({ name: '__proto__', list: ['constructor'] })).toBeUndefined();
    expect(forbiddenKey(JSON.parse('[{"prototype":0}]'))).toBe('prototype');
  });
});

describe('both import paths and the store go through the gate', () => {
  it.each<[string, string, RegExp]>([
    ['nested too deep', deep(100), /nests data more than 16 levels/],
    ['not JSON', '{"schemaVersion":1,', /not valid JSON/],
    ['a __proto__ key', '{"schemaVersion":1,"__proto__":{"polluted":true}}', /"__proto__"/],
  ])('%s', (_, text, en) => {
    const fromFile = parseExchange(text, 'x.reuse-scenarios.json');
    const fromWorkbook = parseStoredScenarios(text, 'x.xlsx');
    const store = parseDocument(text);
    expect(!fromFile.ok && fromFile.reason.en).toMatch(en);
    expect(!fromWorkbook.ok && fromWorkbook.reason.en).toMatch(en);
    expect(store.status === 'read-only' && store.reason.en).toMatch(en);
    expect(store.status === 'read-only' && store.reason.zh).toMatch(/不会覆盖/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('a valid store from another workbook becomes a workbook import source', () => {
    const doc = {
      schemaVersion: 1,
      model: { inputs: [{ id: 'in1', label: 'Fee', ref: 'Sheet1!B2', unit: 'yuan' }], outputs: [] },
      scenarios: [],
    };
    const r = parseStoredScenarios(JSON.stringify(doc), 'x.xlsx');
    expect(r.ok && r.source.kind).toBe('workbook');
    expect(r.ok && r.source.model.inputs[0].ref).toBe('Sheet1!B2');
  });
});
