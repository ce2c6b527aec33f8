/**
 * Every `npx reuse-calc …` line in README.md's code blocks can be pasted: run in order, as the
 * built command line (bin/reuse-calc.js), in a folder holding freshly built example workbooks
 * (what `npm run example` writes to examples/), each exits 0 and prints what the README shows
 * under it. `eval` output is compared exactly; for the file commands, counts are compared as
 * "a number" (they follow the example workbooks, which change as the models grow), the words,
 * file names and layout exactly.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import * as path from 'path';
import { runExamples } from '../../src/examples/main';
import { tempDir } from '../helpers/fixtures';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/reuse-calc.js');

interface Example {
  line: string;
  args: string[];
  shown: string[];
}

/** A shell line's words: plain words and '…' quoted ones (all the README uses); a `#` comment after a space ends it. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:'([^']*)'|(#.*$)|(\S+))/g;
  for (let m = re.exec(line); m && m[0] !== ''; m = re.exec(line)) {
    if (m[2] !== undefined) break;
    out.push(m[1] ?? m[3]);
  }
  return out;
}

/** The README's command lines, each with the output lines shown under it. */
function readmeExamples(): Example[] {
  const md = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const examples: Example[] = [];
  for (const block of md.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)) {
    let current: Example | undefined;
    for (const line of block[1].split('\n')) {
      if (line.startsWith('npx reuse-calc ')) {
        current = { line, args: words(line).slice(2), shown: [] };
        examples.push(current);
      } else if (/^(npm|npx|node|[A-Z_]+=)/.test(line)) current = undefined;
      else if (current && line !== '') current.shown.push(line);
    }
  }
  return examples;
}

const EXAMPLES = readmeExamples();
const anyNumber = (line: string) => line.replace(/\d+(\.\d+)?/g, 'N');

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  expect(await runExamples(path.join(dir, 'examples'), () => undefined)).toBe(0);
}, 300_000);
afterAll(() => fs.promises.rm(dir, { recursive: true, force: true }));

it('the README has the commands this test expects to run (eval, recalc with --set, check of a folder, help)', () => {
  expect(EXAMPLES.length).toBeGreaterThanOrEqual(8);
  expect(words(`npx reuse-calc eval --json 'A(1, "x")'   # note`)).toEqual([
    'npx',
    'reuse-calc',
    'eval',
    '--json',
    'A(1, "x")',
  ]);
  for (const command of ['eval', 'recalc', 'check', 'help']) expect(EXAMPLES.map((e) => e.args[0])).toContain(command);
  // Every file a command names exists after the quick start or is written by an earlier command.
  expect(
    EXAMPLES.flatMap((e) => e.args).filter(
      (a) =>
        /\.xlsx$/.test(a) && !a.startsWith('examples/') && !/^(flagship-20y|reuse-finance\.recalculated)\.xlsx$/.test(a)
    )
  ).toEqual([]);
});

describe.each(EXAMPLES.map((e) => [e.line, e] as const))('%s', (_line, example) => {
  it('exits 0 and prints what the README shows', () => {
    const r = spawnSync(process.execPath, [BIN, ...example.args], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const printed = r.stdout.replace(/\n$/, '').split('\n');
    expect(printed.join('').length).toBeGreaterThan(0);
    if (example.shown.length === 0) return;
    if (example.args[0] === 'eval') expect(printed).toEqual(example.shown);
    else expect(printed.map(anyNumber)).toEqual(example.shown.map(anyNumber));
  });
});
