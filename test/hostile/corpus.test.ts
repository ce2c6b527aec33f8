/**
 * Every command on every file of the hostile corpus (scripts/hostile-corpus.js): a hostile or
 * broken file gets one clear line on stderr and exit 3 within seconds, nothing written, the
 * input untouched; a valid workbook with an external link runs and reports the link; a
 * workbook carrying a scenario store the add-in cannot read (invalid JSON, a newer schema)
 * runs normally and keeps the part byte for byte (the external link's part too). The byte-level API the task pane uses
 * refuses the same files with a WorkbookError.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/reuse-calc';
import { checkWorkbookBytes } from '../../src/engine/check';
import { repairWorkbookBytes } from '../../src/engine/repair';
import { WorkbookError } from '../../src/xlsx/limits';
import { snapshotWorkbookBytes } from '../../src/engine/snapshot';
import { loadWorkbook } from '../../src/engine/workbook';
import { tempDir } from '../helpers/fixtures';
import { partBytes } from '../helpers/sharing';

interface Entry {
  file: string;
  expect: 'error' | 'warning' | 'ok';
  message?: string;
  part?: string;
  /** What `check` exits with (0 unless given). */
  checkExit?: number;
}

const { generateCorpus } = require('../../scripts/hostile-corpus.js') as { generateCorpus: (dir: string) => Promise<Entry[]> };

/** Generous bound against hanging, not a benchmark (the slowest file takes about a second). */
const BOUND_MS = 20_000;

const COMMANDS: [string, (input: string, output: string) => string[]][] = [
  ['recalc', (i, o) => ['recalc', i, '-o', o]],
  ['check', (i) => ['check', i]],
  ['snapshot', (i, o) => ['snapshot', i, '-o', o]],
  ['repair', (i, o) => ['repair', i, '-o', o]],
];

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const started = Date.now();
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err, ms: Date.now() - started };
}

let dir: string;
let manifest: Entry[];

beforeAll(async () => {
  dir = await tempDir();
  manifest = await generateCorpus(path.join(dir, 'corpus'));
}, 120_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The corpus, as table rows (names known before the corpus is generated). */
const FILES = [
  'zip-bomb.xlsx', 'zip-bomb-lying-sizes.xlsx', 'billion-laughs.xlsx', 'external-entity.xlsx', 'huge-dimension.xlsx',
  'huge-sheet-real.xlsx', 'truncated.xlsx', 'word-document.xlsx', 'png-image.xlsx', 'empty.xlsx', 'deep-nesting.xlsx',
  'long-string.xlsx', 'password-protected.xlsx', 'external-link.xlsx', 'scenarios-invalid-json.xlsx', 'scenarios-schema-99.xlsx',
];

it('the corpus holds every kind of file the tests expect', () => {
  expect(manifest.map((e) => e.file).sort()).toEqual([...FILES].sort());
});

const ROWS = FILES.flatMap((file) => COMMANDS.map(([name, args]) => [file, name, args] as const));

describe.each(ROWS)('%s → %s', (file, command, args) => {
  it('behaves as the manifest says, within bounded time, leaving the input untouched', async () => {
    const entry = manifest.find((e) => e.file === file)!;
    const input = path.join(dir, 'corpus', file);
    const before = await fs.readFile(input);
    const output = path.join(dir, `${command}-${file}`);
    const r = await run(args(input, output));
    expect(r.ms).toBeLessThan(BOUND_MS);
    expect((await fs.readFile(input)).equals(before)).toBe(true);

    if (entry.expect === 'error') {
      expect(r.code).toBe(3);
      expect(r.out).toEqual([]);
      expect(r.err).toHaveLength(1);
      expect(r.err[0].startsWith(`reuse-calc: ${input}: `)).toBe(true);
      expect(r.err[0]).toMatch(new RegExp(entry.message!));
      await expect(fs.access(output)).rejects.toThrow();
      expect((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      return;
    }
    expect(r.code).toBe(command === 'check' ? (entry.checkExit ?? 0) : 0);
    if (entry.expect === 'warning') expect(r.err.join('\n')).toMatch(new RegExp(entry.message!));
    if (command === 'check') return;
    const written = new Uint8Array(await fs.readFile(output));
    if (entry.part) {
      const original = await partBytes(before, entry.part!);
      expect(original).toBeDefined();
      expect(Buffer.from((await partBytes(written, entry.part!))!).equals(Buffer.from(original!))).toBe(true);
    }
  });
});

describe.each(FILES)('the byte-level API (as the task pane calls it) on %s', (file) => {
  it('refuses a hostile file with a WorkbookError, or runs', async () => {
    const entry = manifest.find((e) => e.file === file)!;
    const bytes = new Uint8Array(await fs.readFile(path.join(dir, 'corpus', file)));
    const calls: (() => Promise<unknown>)[] = [
      async () => (await loadWorkbook(bytes)).engine.hf.destroy(),
      () => checkWorkbookBytes(bytes),
      () => snapshotWorkbookBytes(bytes, { version: 'test' }),
      () => repairWorkbookBytes(bytes),
    ];
    for (const call of calls) {
      if (entry.expect === 'error') await expect(call()).rejects.toBeInstanceOf(WorkbookError);
      else await call();
    }
  });
});
