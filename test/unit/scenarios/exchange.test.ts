/**
 * Scenario exchange, pure logic: export with model and provenance; planning an import (skip
 * identical, rename same-name-different-values after the bureau, counters, inputs matched by
 * ref or defined name, inputs the target lacks, differences with both values); applying the
 * plan (nothing here overwritten, stale plans refused); invalid, newer and hostile files
 * refused with reasons in both languages.
 */
import {
  EXCHANGE_FORMAT,
  ExchangeFile,
  ImportSource,
  MAX_EXCHANGE_CHARS,
  StalePlanError,
  applyImport,
  exchangeFileName,
  exportScenarios,
  jsonDepth,
  parseExchange,
  planImport,
  readImportSource,
  renamedAfterBureau,
  serialiseExchange,
} from '../../../src/scenarios/exchange';
import { parseDocument } from '../../../src/scenarios/document';
import { Scenario, ScenarioDocument } from '../../../src/scenarios/types';

const T = '2026-01-31T08:00:00.000Z';
const T2 = '2026-02-02T09:30:00.000Z';
const PROV = {
  bureau: '住建局',
  author: '李四',
  sourceWorkbook: '住建局模型.xlsx',
  exported: T2,
  addinVersion: '0.1.0',
};

const sc = (id: string, name: string, values: Scenario['values'], extra: Partial<Scenario> = {}): Scenario => ({
  id,
  name,
  note: '',
  bureau: '',
  author: '',
  created: T,
  modified: T,
  values,
  ...extra,
});

/** The finance bureau's workbook: three inputs (one a defined name), one output, two scenarios. */
function finance(): ScenarioDocument {
  return {
    schemaVersion: 1,
    model: {
      inputs: [
        { id: 'in1', ref: 'sewage_fee', label: '污水处理费', unit: '元/m³' },
        { id: 'in2', ref: '假设!C20', label: '贷款期限', unit: '年' },
        { id: 'in3', ref: '假设!C7', label: '中央资金上限', unit: '元' },
      ],
      outputs: [{ id: 'out1', ref: '评价!C5', label: '中央资金', unit: '元', numberFormat: '#,##0' }],
    },
    scenarios: [
      sc('s1', '基准', { in1: 1.75, in2: 15, in3: 50e6 }, { bureau: '财政局' }),
      sc('s2', '高收费方案', { in1: 2.1, in2: 15, in3: 50e6 }, { bureau: '财政局' }),
    ],
  };
}

/** What the housing bureau sends: the same model (refs spelled its own way), its own scenarios. */
function housing(scenarios: Scenario[], inputs = finance().model.inputs): ImportSource {
  return {
    kind: 'exchange-file',
    fileName: 'housing.reuse-scenarios.json',
    provenance: PROV,
    model: { inputs, outputs: finance().model.outputs },
    scenarios,
  };
}

describe('exportScenarios', () => {
  it('exports the chosen scenarios with the inputs they use, every output, and provenance', () => {
    const doc = finance();
    doc.scenarios.push(sc('s3', '只改收费', { in1: 2.5 }));
    const file = exportScenarios(doc, { ids: ['s3'], provenance: PROV });
    expect(file.format).toBe(EXCHANGE_FORMAT);
    expect(file.exchangeVersion).toBe(1);
    expect(file.provenance).toEqual(PROV);
    expect(file.model.inputs.map((i) => i.id)).toEqual(['in1']);
    expect(file.model.outputs).toEqual(doc.model.outputs);
    expect(file.scenarios).toEqual([doc.scenarios[2]]);
  });

  it('round-trips through its own text, deterministically', () => {
    const file = exportScenarios(finance(), { provenance: PROV });
    const text = serialiseExchange(file);
    expect(serialiseExchange(exportScenarios(finance(), { provenance: PROV }))).toBe(text);
    const r = parseExchange(text, 'x.json');
    expect(r.ok && r.source.scenarios).toEqual(file.scenarios);
    expect(r.ok && r.source.provenance).toEqual(PROV);
  });

  it.each([
    ['万州模型.xlsx', '万州模型.reuse-scenarios.json'],
    ['C:\\bureau\\model.XLSX', 'model.reuse-scenarios.json'],
    ['', 'scenarios.reuse-scenarios.json'],
    ['a<b>:c.xlsx', 'a_b__c.reuse-scenarios.json'],
  ])('names the file after the workbook: %s → %s', (wb, name) => {
    expect(exchangeFileName(wb)).toBe(name);
  });
});

describe('renamedAfterBureau', () => {
  it.each([
    ['高收费方案', '住建局', [], '高收费方案（住建局）'],
    ['High fee', 'Housing bureau', [], 'High fee (Housing bureau)'],
    ['High fee', '住建局', [], 'High fee（住建局）'],
    ['高收费方案', '住建局', ['高收费方案（住建局）'], '高收费方案（住建局 2）'],
    [
      'High fee',
      'Housing bureau',
      ['High fee (Housing bureau)', 'High fee (Housing bureau 2)'],
      'High fee (Housing bureau 3)',
    ],
    ['High fee', '', [], 'High fee (imported)'],
    ['高收费方案', '', [], '高收费方案（导入）'],
  ])('%s from %s (taken: %j) → %s', (name, bureau, taken, expected) => {
    expect(renamedAfterBureau(name, bureau, (n) => (taken as string[]).includes(n))).toBe(expected);
  });
});

describe('planImport: what happens to each scenario', () => {
  const cases: [string, Scenario[], { action: string; name: string }[]][] = [
    [
      'identical (name, values, note) → skipped',
      [sc('x1', '基准', { in1: 1.75, in2: 15, in3: 50e6 }, { bureau: '住建局' })],
      [{ action: 'skip', name: '基准' }],
    ],
    [
      'name matched ignoring case and spaces → skipped',
      [sc('x1', ' 高收费方案 ', { in1: 2.1, in2: 15, in3: 50e6 })],
      [{ action: 'skip', name: '高收费方案' }],
    ],
    [
      'same name, different values → renamed after its bureau',
      [sc('x1', '高收费方案', { in1: 2.4, in2: 15, in3: 50e6 }, { bureau: '住建局' })],
      [{ action: 'rename', name: '高收费方案（住建局）' }],
    ],
    [
      'same name, same values, different note → renamed (the note is kept)',
      [sc('x1', '基准', { in1: 1.75, in2: 15, in3: 50e6 }, { note: '住建局口径' })],
      [{ action: 'rename', name: '基准（住建局）' }],
    ],
    [
      "no bureau on the scenario → the file's bureau",
      [sc('x1', '高收费方案', { in1: 3 })],
      [{ action: 'rename', name: '高收费方案（住建局）' }],
    ],
    ['a new name → added as it is', [sc('x1', '延长期限', { in2: 20 })], [{ action: 'add', name: '延长期限' }]],
    [
      'two same-name scenarios in one file → a counter',
      [
        sc('x1', '高收费方案', { in1: 2.4 }, { bureau: '住建局' }),
        sc('x2', '高收费方案', { in1: 2.6 }, { bureau: '住建局' }),
      ],
      [
        { action: 'rename', name: '高收费方案（住建局）' },
        { action: 'rename', name: '高收费方案（住建局 2）' },
      ],
    ],
    [
      'a duplicate name within the file, new here → first added, second renamed',
      [sc('x1', '新方案', { in1: 2 }), sc('x2', '新方案', { in1: 3 })],
      [
        { action: 'add', name: '新方案' },
        { action: 'rename', name: '新方案（住建局）' },
      ],
    ],
  ];

  it.each(cases)('%s', (_, incoming, expected) => {
    const plan = planImport(finance(), housing(incoming));
    expect(plan.scenarios.map((p) => ({ action: p.action, name: p.name }))).toEqual(expected);
    expect(plan.counts.add + plan.counts.rename + plan.counts.skip).toBe(incoming.length);
  });

  it('the counter goes on when the renamed name is taken here too', () => {
    const doc = finance();
    doc.scenarios.push(sc('s3', '高收费方案（住建局）', { in1: 9 }));
    const plan = planImport(doc, housing([sc('x1', '高收费方案', { in1: 2.4 }, { bureau: '住建局' })]));
    expect(plan.scenarios[0].name).toBe('高收费方案（住建局 2）');
  });

  it('lists the inputs that differ from the scenario of the same name, with both values', () => {
    const plan = planImport(finance(), housing([sc('x1', '高收费方案', { in1: 2.4, in2: 20 }, { bureau: '住建局' })]));
    expect(plan.scenarios[0].differences).toEqual([
      { label: '污水处理费', ref: 'sewage_fee', unit: '元/m³', current: 2.1, incoming: 2.4 },
      { label: '贷款期限', ref: '假设!C20', unit: '年', current: 15, incoming: 20 },
      { label: '中央资金上限', ref: '假设!C7', unit: '元', current: 50e6, incoming: undefined },
    ]);
  });

  it('text and empty values are compared as they are ("2.1" is not 2.1, null is not absent)', () => {
    const doc = finance();
    doc.scenarios[1].values = { in1: '2.1', in2: null };
    const plan = planImport(doc, housing([sc('x1', '高收费方案', { in1: 2.1 })]));
    expect(plan.scenarios[0].differences.map((d) => [d.ref, d.current, d.incoming])).toEqual([
      ['sewage_fee', '2.1', 2.1],
      ['假设!C20', null, undefined],
    ]);
  });
});

describe('planImport: matching inputs', () => {
  const names = [
    { name: 'sewage_fee', ref: '假设!C5' },
    { name: 'loan_years', ref: '假设!C20' },
  ];

  it.each([
    ['the same ref', 'sewage_fee', 'in1'],
    ['a defined name, in other case', 'SEWAGE_FEE', 'in1'],
    ['the cell a defined name here points at', '假设!C5', 'in1'],
    ['a ref quoted differently', "'假设'!$C$20", 'in2'],
    ['a name here for an input held by cell', 'loan_years', 'in2'],
  ])('by %s (%s → %s)', (_, ref, id) => {
    const plan = planImport(
      finance(),
      housing([sc('x1', '新方案', { a: 7 })], [{ id: 'a', ref, label: 'x', unit: '' }]),
      { names }
    );
    expect(plan.missingInputs).toEqual([]);
    expect(plan.scenarios[0].values).toEqual({ [id]: 7 });
  });

  it('adds an input this model lacks when its cell exists here, and keeps its values', () => {
    const inputs = [...finance().model.inputs, { id: 'in9', ref: '假设!C30', label: '再生水价格', unit: '元/m³' }];
    const plan = planImport(finance(), housing([sc('x1', '再生水', { in1: 1.75, in9: 1.2 })], inputs));
    expect(plan.missingInputs).toEqual([
      {
        item: { id: 'in4', ref: '假设!C30', label: '再生水价格', unit: '元/m³' },
        scenarios: ['再生水'],
        action: 'add',
        id: 'in4',
      },
    ]);
    const doc = applyImport(finance(), plan);
    expect(doc.model.inputs.map((i) => i.ref)).toEqual(['sewage_fee', '假设!C20', '假设!C7', '假设!C30']);
    expect(doc.scenarios[2].values).toEqual({ in1: 1.75, in4: 1.2 });
  });

  it('reports an input whose cell is not in this workbook, with the scenarios whose values cannot come in', () => {
    const inputs = [...finance().model.inputs, { id: 'in9', ref: '水价!B2', label: '再生水价格', unit: '元/m³' }];
    const plan = planImport(
      finance(),
      housing([sc('x1', '基准', { in1: 1.75, in2: 15, in3: 50e6, in9: 1.2 })], inputs),
      { exists: (r) => !r.startsWith('水价!') }
    );
    expect(plan.missingInputs).toEqual([
      { item: { id: 'in9', ref: '水价!B2', label: '再生水价格', unit: '元/m³' }, scenarios: ['基准'], action: 'drop' },
    ]);
    // Not identical any more: its extra value is listed, and it comes in renamed rather than skipped.
    expect(plan.scenarios[0].action).toBe('rename');
    expect(plan.scenarios[0].differences).toEqual([
      { label: '再生水价格', ref: '水价!B2', unit: '元/m³', current: undefined, incoming: 1.2 },
    ]);
  });

  it('adds outputs this model lacks when they exist, reports those that do not', () => {
    const src = housing([]);
    src.model.outputs = [
      ...src.model.outputs,
      { id: 'o2', ref: '评价!C9', label: 'NPV', unit: '元', numberFormat: '#,##0' },
      { id: 'o3', ref: '别处!A1', label: 'x', unit: '', numberFormat: 'General' },
    ];
    const plan = planImport(finance(), src, { exists: (r) => r !== '别处!A1' });
    expect(plan.missingOutputs.map((m) => [m.item.ref, m.action, m.id])).toEqual([
      ['评价!C9', 'add', 'out2'],
      ['别处!A1', 'drop', undefined],
    ]);
    expect(applyImport(finance(), plan).model.outputs.map((o) => o.id)).toEqual(['out1', 'out2']);
  });
});

describe('applyImport', () => {
  it('adds and renames, never changes a scenario already here, and keeps provenance', () => {
    const before = finance();
    const plan = planImport(
      before,
      housing([
        sc('x1', '基准', { in1: 1.75, in2: 15, in3: 50e6 }),
        sc(
          'x2',
          '高收费方案',
          { in1: 2.4 },
          { bureau: '住建局', author: '李四', note: '按住建局测算', created: '2025-12-01T00:00:00.000Z', modified: T2 }
        ),
        sc('x3', '延长期限', { in2: 20 }, { bureau: '住建局' }),
      ])
    );
    const after = applyImport(before, plan);
    expect(after.scenarios.slice(0, 2)).toEqual(before.scenarios);
    expect(after.scenarios.slice(2)).toEqual([
      {
        id: 's3',
        name: '高收费方案（住建局）',
        note: '按住建局测算',
        bureau: '住建局',
        author: '李四',
        created: '2025-12-01T00:00:00.000Z',
        modified: T2,
        values: { in1: 2.4 },
      },
      {
        id: 's4',
        name: '延长期限',
        note: '',
        bureau: '住建局',
        author: '李四',
        created: T,
        modified: T,
        values: { in2: 20 },
      },
    ]);
    expect(parseDocument(JSON.stringify(after)).status).toBe('ok');
    // Importing the same again changes nothing: everything is identical now.
    const again = planImport(
      after,
      housing([sc('x2', '高收费方案（住建局）', { in1: 2.4 }, { note: '按住建局测算' })])
    );
    expect(again.counts).toEqual({ add: 0, rename: 0, skip: 1 });
  });

  it('refuses a plan made against a document that changed since', () => {
    const doc = finance();
    const plan = planImport(doc, housing([sc('x1', '新', { in1: 1 })]));
    const changed = { ...doc, scenarios: doc.scenarios.slice(1) };
    expect(() => applyImport(changed, plan)).toThrow(StalePlanError);
  });
});

describe('parseExchange: files that are refused', () => {
  const valid = (): ExchangeFile => exportScenarios(finance(), { provenance: PROV });
  const text = (f: unknown) => JSON.stringify(f);
  const mutate = (fn: (f: any) => void) => {
    const f = valid() as any;
    fn(f);
    return text(f);
  };
  const deep = `{"format":"${EXCHANGE_FORMAT}","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;

  it.each<[string, string, RegExp, RegExp]>([
    ['not JSON', '{"format":', /not valid JSON/, /不是有效的 JSON/],
    ['an array', '[]', /not a scenario exchange file/, /不是情景交换文件/],
    ['another format', text({ format: 'something-else' }), /format is not/, /format 不是/],
    [
      'a scenario store, not an exchange file',
      text({ schemaVersion: 1, model: { inputs: [], outputs: [] }, scenarios: [] }),
      /import the workbook itself/,
      /直接导入该工作簿/,
    ],
    [
      'a newer version',
      mutate((f) => {
        f.exchangeVersion = 2;
        f.future = {};
      }),
      /newer version.*exchange version 2/,
      /更新版本.*版本 2/,
    ],
    ['version 0', mutate((f) => (f.exchangeVersion = 0)), /does not match/, /不符合/],
    [
      'a number where a name goes',
      mutate((f) => (f.scenarios[0].name = 42)),
      /\/scenarios\/0\/name/,
      /位置 \/scenarios\/0\/name/,
    ],
    [
      'a value that is an object',
      mutate((f) => (f.scenarios[0].values.in1 = { formula: '=1' })),
      /does not match/,
      /不符合/,
    ],
    ['an unknown field', mutate((f) => (f.provenance.macro = 'x')), /must NOT have additional properties/, /不符合/],
    ['a bad time', mutate((f) => (f.provenance.exported = 'yesterday')), /\/provenance\/exported/, /不符合/],
    [
      'a value for an unknown input',
      mutate((f) => (f.scenarios[0].values.in99 = 1)),
      /unknown input in99/,
      /未知输入项 in99/,
    ],
    [
      'a range where a cell goes',
      mutate((f) => (f.model.inputs[0].ref = '假设!A1:B9')),
      /not a single cell/,
      /不是单个单元格/,
    ],
    ['duplicate scenario ids', mutate((f) => (f.scenarios[1].id = f.scenarios[0].id)), /duplicate scenario id/, /重复/],
    [
      'too many scenarios',
      mutate((f) => (f.scenarios = Array.from({ length: 2001 }, (_, i) => ({ ...f.scenarios[0], id: `s${i}` })))),
      /does not match/,
      /不符合/,
    ],
    ['nested 100,000 deep', deep, /nests data more than 16 levels/, /嵌套超过 16 层/],
    ['too large', ' '.repeat(MAX_EXCHANGE_CHARS + 1), /too large/, /过大/],
    [
      '__proto__ as a value key',
      text(valid()).replace('"in1":1.75', '"__proto__":{"polluted":1},"in1":1.75'),
      /"__proto__"/,
      /“__proto__”/,
    ],
    [
      '__proto__ at the top',
      text(valid()).replace('{', '{"__proto__":{"isAdmin":true},'),
      /"__proto__"/,
      /“__proto__”/,
    ],
    ['constructor as an input id', text(valid()).replace(/"in1"/g, '"constructor"'), /"constructor"/, /“constructor”/],
    ['prototype inside provenance', mutate((f) => (f.provenance.prototype = 1)), /"prototype"/, /“prototype”/],
  ])('%s', (_, input, en, zh) => {
    const r = parseExchange(input, 'bad.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason.en).toMatch(en);
    expect(r.reason.zh).toMatch(zh);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('a JSON string containing brackets does not count as nesting', () => {
    expect(jsonDepth('{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[","b":"\\"[["}')).toBe(1);
    expect(jsonDepth('[[1],[[2]]]')).toBe(3);
  });

  it('text in a file stays text (markup is data, not HTML)', () => {
    const f = valid();
    f.scenarios[0].name = '<img src=x onerror=alert(1)>';
    const r = parseExchange(serialiseExchange(f));
    expect(r.ok && r.source.scenarios[0].name).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('readImportSource', () => {
  it('reads an exchange file from bytes (with or without a BOM)', async () => {
    const bytes = new TextEncoder().encode(
      '\uFEFF' + serialiseExchange(exportScenarios(finance(), { provenance: PROV }))
    );
    const r = await readImportSource(bytes, 'a.reuse-scenarios.json');
    expect(r.ok && r.source.kind).toBe('exchange-file');
  });

  it.each<[string, Uint8Array, string, RegExp]>([
    ['binary that is not UTF-8', new Uint8Array([0xff, 0xfe, 0x00, 0xd8]), 'x.json', /not UTF-8/],
    ['a truncated zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'x.xlsx', /cannot be read/],
    ['text named .xlsx', new TextEncoder().encode('hello'), 'x.xlsx', /cannot be read/],
  ])('refuses %s', async (_, bytes, name, en) => {
    const r = await readImportSource(bytes, name);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason.en).toMatch(en);
      expect(r.reason.zh.length).toBeGreaterThan(0);
    }
  });
});
