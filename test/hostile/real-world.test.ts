/**
 * Every command on every real-world workbook in test/fixtures/real-world (files written by
 * Excel, LibreOffice, Google Sheets and openpyxl, taken from MIT-licensed test suites; see
 * sources.json): none fails internally (exit 4) or hangs, every output re-opens in ExcelJS (an
 * independent reader), and the input stays byte for byte as it was.
 */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as path from 'path';
import { EXIT, main } from '../../src/cli/reuse-calc';
import { tempDir } from '../helpers/fixtures';

interface Source {
  file: string;
  repo: string;
  path: string;
  commit: string;
  licence: string;
  producer: string;
}

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'real-world');
const SOURCES: Source[] = require('../fixtures/real-world/sources.json');

/** Generous bound against hanging, not a benchmark (each file takes well under a second). */
const BOUND_MS = 30_000;

const COMMANDS: [string, (input: string, output: string) => string[]][] = [
  ['check', (i) => ['check', i]],
  ['recalc', (i, o) => ['recalc', i, '-o', o]],
  ['snapshot', (i, o) => ['snapshot', i, '-o', o]],
  ['repair', (i, o) => ['repair', i, '-o', o]],
];

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

it('sources.json lists exactly the .xlsx files present, each with a licence and producer', async () => {
  const present = (await fs.readdir(FIXTURES)).filter((n) => n.endsWith('.xlsx')).sort();
  expect(SOURCES.map((s) => s.file).sort()).toEqual(present);
  for (const s of SOURCES) {
    expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(s.licence).toMatch(/MIT|Apache|BSD/);
    expect(s.producer).not.toBe('');
    expect((await fs.stat(path.join(FIXTURES, s.file))).size).toBeLessThan(200 * 1024);
  }
});

const ROWS = SOURCES.flatMap((s) => COMMANDS.map(([name, args]) => [s.file, name, args] as const));

describe.each(ROWS)('%s → %s', (file, command, args) => {
  it('runs without an internal failure, in bounded time; the output opens in ExcelJS; the input is untouched', async () => {
    const input = path.join(FIXTURES, file);
    const before = await fs.readFile(input);
    const output = path.join(dir, `${command}-${file}`);
    const err: string[] = [];
    const started = Date.now();
    const guard = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), BOUND_MS).unref());
    const code = await Promise.race([main(args(input, output), { out: () => {}, err: (l) => err.push(l) }), guard]);
    expect(code).not.toBe('hung');
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
    expect(code).not.toBe(EXIT.internal);
    expect((await fs.readFile(input)).equals(before)).toBe(true);
    if (command === 'check') {
      expect([EXIT.ok, EXIT.inconsistent]).toContain(code);
      return;
    }
    expect(code).toBe(EXIT.ok);
    await new ExcelJS.Workbook().xlsx.load((await fs.readFile(output)) as never);
  });
});
