/**
 * The precompiled schema validators (src/scenarios/validators.generated.ts, Ajv standalone code
 * written by scripts/build-validators.js from src/scenarios/schemas.ts):
 *   - the committed file is what the schemas give today (stale → fails, says how to fix it);
 *   - each generated validator decides exactly as Ajv compiling the same schema at run time does,
 *     same verdict and same errors, over valid documents and every single-step mutation of them,
 *     a corpus that reaches every keyword the schemas use;
 *   - nothing that runs imports Ajv's compiler: the sources import only Ajv's runtime helpers,
 *     and the compiled scenario modules load nothing else of Ajv in Node.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import Ajv from 'ajv';
import * as schemas from '../../../src/scenarios/schemas';
import { SchemaValidator, validateDocument, validateExchange } from '../../../src/scenarios/validators.generated';

const ROOT = path.resolve(__dirname, '../../..');
const build = require('../../../scripts/build-validators.js') as {
  generate: (s: { VALIDATORS: object; AJV_OPTIONS: object }) => string;
  loadSchemas: () => typeof schemas;
  OUT: string;
};

const T = '2026-01-31T08:00:00.000Z';
const doc = () => ({
  schemaVersion: 1,
  model: {
    inputs: [
      { id: 'in1', ref: 'sewage_fee', label: '污水处理服务费', unit: '元/m³' },
      { id: 'in_2-b', ref: "'假设'!C20", label: 'Bond term', unit: '' },
      { id: 'in3', ref: "'假设'!B3", label: 'central funds?', unit: '' },
      { id: 'in4', ref: 'loan_years', label: 'empty', unit: '' },
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
      modified: '2026-02-01T09:30:00Z',
      values: { in1: 1.75, 'in_2-b': 'text', in3: true, in4: null },
    },
  ],
});
const exchange = () => ({
  format: schemas.EXCHANGE_FORMAT,
  exchangeVersion: 1,
  provenance: { bureau: '住建局', author: '李四', sourceWorkbook: '万州模型.xlsx', exported: T, addinVersion: '0.1.0' },
  model: doc().model,
  scenarios: doc().scenarios,
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const clone = <V>(v: V): V => JSON.parse(JSON.stringify(v));
const emoji = (n: number) => '😀'.repeat(n); // one character, two UTF-16 units: maxLength counts characters

/** Values that probe every keyword at a place in the document: types, lengths (at and past each limit), patterns, ids. */
const PROBES: Json[] = [
  null,
  true,
  0,
  1,
  -1.5,
  2,
  '',
  'x',
  'a b',
  '__proto__',
  'constructor',
  'prototype',
  'x'.repeat(40),
  'x'.repeat(41),
  emoji(255),
  emoji(256),
  emoji(300),
  emoji(301),
  emoji(2000),
  emoji(2001),
  'x'.repeat(20000),
  'x'.repeat(20001),
  '2026-01-31T08:00:00Z',
  '2026-01-31T08:00:00.1234Z',
  '2026-01-31 08:00:00Z',
  'reuse-finance/scenario-exchange',
  [],
  [1],
  {},
  { a: 1 },
];

/** Every document one step away from `base`: each value replaced by each probe, each key dropped, a key added to each object. */
function* mutations(base: Json): Generator<Json> {
  function* at(node: Json, set: (v: Json) => Json): Generator<Json> {
    for (const p of PROBES) yield set(p);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) yield* at(node[i], (v) => set(node.map((x, j) => (j === i ? v : x))));
      yield set([...node, clone(node[0] ?? null)]);
      yield set([]);
    } else if (node && typeof node === 'object') {
      for (const k of Object.keys(node)) {
        yield* at(node[k], (v) => set({ ...node, [k]: v }));
        const { [k]: _, ...rest } = node;
        yield set(rest);
      }
      yield set({ ...node, extra: 1 });
      yield set({ ...node, '😀': 1, 'in-3': 2 });
    }
  }
  yield* at(base, (v) => v);
}

/** Documents at and past the array and object size limits (the corpus above stays small). */
function sizes(make: () => any): Json[] {
  const { LIMITS } = schemas;
  const out: Json[] = [];
  for (const extra of [0, 1]) {
    const a = make();
    a.model.inputs = Array.from({ length: LIMITS.inputs + extra }, (_, i) => ({
      id: `in${i}`,
      ref: `A${i + 1}`,
      label: '',
      unit: '',
    }));
    out.push(a);
    const b = make();
    b.model.outputs = Array.from({ length: LIMITS.outputs + extra }, (_, i) => ({
      id: `o${i}`,
      ref: `B${i + 1}`,
      label: '',
      unit: '',
      numberFormat: 'General',
    }));
    out.push(b);
    const c = make();
    c.scenarios = Array.from({ length: LIMITS.scenarios + extra }, (_, i) => ({ ...c.scenarios[0], id: `s${i}` }));
    out.push(c);
    const d = make();
    d.scenarios[0].values = Object.fromEntries(Array.from({ length: LIMITS.inputs + extra }, (_, i) => [`in${i}`, i]));
    out.push(d);
  }
  return out;
}

describe('the generated validators', () => {
  it('are what the schemas give today (otherwise: npm run validators)', () => {
    const committed = fs.readFileSync(build.OUT, 'utf8');
    const fresh = build.generate(schemas);
    if (committed !== fresh)
      throw new Error(
        `${path.relative(ROOT, build.OUT)} is stale against src/scenarios/schemas.ts or the installed Ajv: run \`npm run validators\``
      );
    // The script's own loader (the schemas transpiled outside Jest) sees the same schemas.
    expect(JSON.parse(JSON.stringify(build.loadSchemas().VALIDATORS))).toEqual(
      JSON.parse(JSON.stringify(schemas.VALIDATORS))
    );
  });

  const cases: [string, SchemaValidator, object, () => Json][] = [
    ['validateDocument', validateDocument, schemas.DOCUMENT_SCHEMA, doc],
    ['validateExchange', validateExchange, schemas.EXCHANGE_SCHEMA, exchange],
  ];

  it.each(cases)(
    '%s decides as Ajv compiling the schema at run time does, keyword by keyword',
    (_, generated, schema, make) => {
      const runtime = new Ajv({ ...schemas.AJV_OPTIONS }).compile(schema);
      const corpus = [make(), ...mutations(make()), ...sizes(make)];
      const keywords = new Set<string>();
      let valid = 0;
      for (const data of corpus) {
        const expected = runtime(data);
        const got = generated(data);
        if (got !== expected || JSON.stringify(generated.errors) !== JSON.stringify(runtime.errors)) {
          throw new Error(
            `disagree on ${JSON.stringify(data).slice(0, 300)}: generated ${got} ${JSON.stringify(generated.errors)}, runtime ${expected} ${JSON.stringify(runtime.errors)}`
          );
        }
        if (expected) valid++;
        else for (const e of runtime.errors!) keywords.add(e.keyword);
      }
      // The corpus holds both verdicts and reaches every keyword the schema uses.
      const used = new Set<string>();
      JSON.stringify(schema, (k, v) => (used.add(k), v));
      const checkable = [
        'type',
        'const',
        'required',
        'additionalProperties',
        'pattern',
        'minLength',
        'maxLength',
        'maxItems',
        'maxProperties',
        'propertyNames',
        'anyOf',
      ].filter((k) => used.has(k));
      expect([...keywords].sort()).toEqual(checkable.sort());
      expect(valid).toBeGreaterThan(20);
      expect(corpus.length - valid).toBeGreaterThan(200);
    }
  );

  it('contain no code compiled from strings, and import only Ajv runtime helpers', () => {
    const text = fs.readFileSync(build.OUT, 'utf8');
    expect(text).not.toMatch(/\bnew Function\b|\bFunction\s*\(|\beval\s*\(|\brequire\s*\(/);
    const imports = [...text.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports).toEqual(['ajv/dist/runtime/ucs2length']);
  });
});

describe('nothing that runs loads Ajv’s compiler', () => {
  /** Every .ts file under src/. */
  function sources(dir = path.join(ROOT, 'src')): string[] {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []
      );
  }

  it('src/ imports from ajv only its runtime helpers (in the generated file)', () => {
    const found = sources().flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"](ajv[^'"]*)['"]/g)].map(
        (m) => `${path.relative(ROOT, file)}: ${m[1]}`
      )
    );
    expect(found).toEqual(['src/scenarios/validators.generated.ts: ajv/dist/runtime/ucs2length']);
  });

  it('in Node, reading a scenario store and an exchange file loads only ajv/dist/runtime/ucs2length (compiled dist/)', () => {
    const dist = path.join(ROOT, 'dist/scenarios');
    if (!fs.existsSync(path.join(dist, 'validators.generated.js')))
      throw new Error('dist/scenarios is not built: run `npm run prepare`');
    const script = `
      const { parseDocument } = require(${JSON.stringify(path.join(dist, 'document.js'))});
      const { parseExchange } = require(${JSON.stringify(path.join(dist, 'exchange.js'))});
      const results = [parseDocument(process.argv[1]).status, parseExchange(process.argv[2]).ok, parseDocument('{"schemaVersion":1}').status];
      const ajv = Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/](ajv|fast-uri|fast-deep-equal|json-schema-traverse)[\\\\/]/.test(k))
        .map((k) => k.slice(k.lastIndexOf('node_modules') + 13).replace(/\\\\/g, '/'));
      console.log(JSON.stringify({ results, ajv }));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ['-e', script, JSON.stringify(doc()), JSON.stringify(exchange())], {
        encoding: 'utf8',
      })
    );
    expect(out).toEqual({ results: ['ok', true, 'read-only'], ajv: ['ajv/dist/runtime/ucs2length.js'] });
  });
});
