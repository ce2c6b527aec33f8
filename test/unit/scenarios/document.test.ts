/**
 * The stored document: schema validation on every load (Ajv), read-only for anything this
 * version cannot use (bilingual reasons), deterministic serialisation.
 */
import { LIMITS, canonicalJson, parseDocument, serialiseDocument } from '../../../src/scenarios/document';
import { ScenarioDocument, emptyDocument } from '../../../src/scenarios/types';

const T = '2026-01-31T08:00:00.000Z';

function sampleDoc(): ScenarioDocument {
  return {
    schemaVersion: 1,
    model: {
      inputs: [
        { id: 'in1', ref: 'sewage_fee', label: '污水处理服务费', unit: '元/m³' },
        { id: 'in2', ref: "'假设'!C20", label: 'Bond term', unit: 'years' },
      ],
      outputs: [{ id: 'out1', ref: "'评价'!C5", label: '中央预算内投资', unit: '元', numberFormat: '#,##0' }],
    },
    scenarios: [
      {
        id: 's1',
        name: 'Base',
        note: '',
        bureau: '财政局',
        author: '张三',
        created: T,
        modified: T,
        values: { in1: 1.75, in2: 20 },
      },
      {
        id: 's2',
        name: '<img src=x onerror=alert(1)>',
        note: 'a "quoted" & <b>note</b>',
        bureau: '',
        author: '',
        created: T,
        modified: T,
        values: { in1: 2.1 },
      },
    ],
  };
}

describe('parseDocument', () => {
  it('accepts a valid document and gives it back unchanged', () => {
    const doc = sampleDoc();
    const r = parseDocument(JSON.stringify(doc));
    expect(r).toEqual({ status: 'ok', doc });
  });

  it('accepts the empty document', () => {
    expect(parseDocument(serialiseDocument(emptyDocument())).status).toBe('ok');
  });

  it.each([
    ['not JSON', '{"schemaVersion":1,', /not valid JSON/, /不是有效的 JSON/],
    ['an array', '[]', /expected format/, /格式不符/],
    [
      'a missing field',
      JSON.stringify({ schemaVersion: 1, model: { inputs: [], outputs: [] } }),
      /expected format/,
      /格式不符/,
    ],
    ['an unknown field', JSON.stringify({ ...sampleDoc(), extra: 1 }), /expected format/, /格式不符/],
    [
      'a bad id',
      JSON.stringify({ ...sampleDoc(), scenarios: [{ ...sampleDoc().scenarios[0], id: 'a b' }] }),
      /expected format/,
      /格式不符/,
    ],
    [
      'an object as a value',
      JSON.stringify({ ...sampleDoc(), scenarios: [{ ...sampleDoc().scenarios[0], values: { in1: { x: 1 } } }] }),
      /expected format/,
      /格式不符/,
    ],
    [
      'a bad time',
      JSON.stringify({ ...sampleDoc(), scenarios: [{ ...sampleDoc().scenarios[0], created: 'yesterday' }] }),
      /expected format/,
      /格式不符/,
    ],
    ['schemaVersion 0', JSON.stringify({ ...sampleDoc(), schemaVersion: 0 }), /expected format/, /格式不符/],
  ])('%s → read-only with reasons in both languages', (_, text, en, zh) => {
    const r = parseDocument(text);
    expect(r.status).toBe('read-only');
    if (r.status !== 'read-only') return;
    expect(r.reason.en).toMatch(en);
    expect(r.reason.en).toMatch(/not be overwritten/);
    expect(r.reason.zh).toMatch(zh);
    expect(r.reason.zh).toMatch(/不会覆盖/);
  });

  it('a newer schema version → read-only, saying to update the add-in', () => {
    const r = parseDocument(JSON.stringify({ schemaVersion: 3, anything: ['new'] }));
    expect(r).toEqual({
      status: 'read-only',
      reason: {
        en: expect.stringMatching(/newer version.*schema version 3.*reads version 2.*Update the add-in/),
        zh: expect.stringMatching(/更新版本.*版本 3/),
      },
    });
  });

  it.each([
    ['duplicate input ids', (d: ScenarioDocument) => d.model.inputs.push({ ...d.model.inputs[0] }), /duplicate id in1/],
    [
      'duplicate scenario ids',
      (d: ScenarioDocument) => d.scenarios.push({ ...d.scenarios[0] }),
      /duplicate scenario id s1/,
    ],
    ['a value for an unknown input', (d: ScenarioDocument) => (d.scenarios[0].values.in9 = 1), /unknown input in9/],
    [
      'a reference that is a range',
      (d: ScenarioDocument) => (d.model.inputs[0].ref = 'Sheet1!A1:B2'),
      /not a single cell/,
    ],
    [
      'a reference that is a formula',
      (d: ScenarioDocument) => (d.model.inputs[0].ref = '=WEBSERVICE("http://x")'),
      /not a single cell/,
    ],
  ])('inconsistent content (%s) → read-only', (_, mutate, en) => {
    const d = sampleDoc();
    mutate(d);
    const r = parseDocument(JSON.stringify(d));
    expect(r.status).toBe('read-only');
    if (r.status === 'read-only') expect(r.reason.en).toMatch(en);
  });

  it('bounds hostile sizes (too many scenarios, over-long text)', () => {
    const d = sampleDoc();
    d.scenarios = Array.from({ length: LIMITS.scenarios + 1 }, (_, i) => ({ ...d.scenarios[0], id: `s${i}` }));
    expect(parseDocument(JSON.stringify(d)).status).toBe('read-only');
    const e = sampleDoc();
    e.scenarios[0].name = 'x'.repeat(LIMITS.text + 1);
    expect(parseDocument(JSON.stringify(e)).status).toBe('read-only');
  });

  it('has no 32-input limit', () => {
    const d = sampleDoc();
    d.model.inputs = Array.from({ length: 500 }, (_, i) => ({
      id: `in${i + 1}`,
      ref: `Sheet1!A${i + 1}`,
      label: `x${i}`,
      unit: '',
    }));
    d.scenarios = [{ ...d.scenarios[0], values: Object.fromEntries(d.model.inputs.map((x, i) => [x.id, i])) }];
    expect(parseDocument(JSON.stringify(d)).status).toBe('ok');
  });
});

describe('serialisation', () => {
  it('sorts keys at every level: the same document, the same text, whatever the key order', () => {
    const a = sampleDoc();
    const shuffled = JSON.parse(JSON.stringify(a), function (this: unknown, _k, v) {
      return v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v;
    });
    expect(serialiseDocument(shuffled)).toBe(serialiseDocument(a));
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });

  it('round-trips through parseDocument', () => {
    const text = serialiseDocument(sampleDoc());
    const r = parseDocument(text);
    expect(r.status).toBe('ok');
    if (r.status === 'ok') expect(serialiseDocument(r.doc)).toBe(text);
  });
});
