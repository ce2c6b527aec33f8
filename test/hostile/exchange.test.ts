/**
 * Hostile scenario exchange files (scripts/hostile-corpus.js, exchange/): "import scenarios"
 * refuses each with a reason in both languages, within bounded time, and nothing reaches
 * Object.prototype. The hostile workbooks of the main corpus are refused as import sources too.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { readImportSource } from '../../src/scenarios/exchange';
import { tempDir } from '../helpers/fixtures';

const { generateCorpus, generateExchangeCorpus } = require('../../scripts/hostile-corpus.js') as {
  generateCorpus: (dir: string) => Promise<{ file: string; expect: string }[]>;
  generateExchangeCorpus: (dir: string) => { file: string; expect: string; message: string }[];
};

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const FILES = [
  'exchange-proto-pollution.reuse-scenarios.json',
  'exchange-constructor.reuse-scenarios.json',
  'exchange-deep-nesting.reuse-scenarios.json',
  'exchange-newer-version.reuse-scenarios.json',
  'exchange-wrong-types.reuse-scenarios.json',
  'exchange-huge.reuse-scenarios.json',
];

it.each(FILES)('refuses %s with a clear bilingual reason, quickly', async (file) => {
  const manifest = generateExchangeCorpus(path.join(dir, 'exchange'));
  expect(manifest.map((m) => m.file).sort()).toEqual([...FILES].sort());
  const entry = manifest.find((m) => m.file === file)!;
  const bytes = new Uint8Array(await fs.readFile(path.join(dir, 'exchange', file)));
  const started = Date.now();
  const r = await readImportSource(bytes, file);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.reason.en).toContain(entry.message);
    expect(r.reason.zh).toMatch(/[\u4e00-\u9fff]/);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

it('refuses every hostile workbook of the main corpus as an import source', async () => {
  const manifest = await generateCorpus(path.join(dir, 'corpus'));
  for (const e of manifest.filter((m) => m.expect === 'error')) {
    const r = await readImportSource(new Uint8Array(await fs.readFile(path.join(dir, 'corpus', e.file))), e.file);
    expect([e.file, r.ok]).toEqual([e.file, false]);
  }
}, 120_000);
