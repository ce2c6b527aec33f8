/**
 * `check` is silent on the project's own workbooks (issue 11): the example workbooks exactly as
 * `npm run example` writes them (never calculated, asking Excel to recalculate on open) and
 * their headless recalculations, through the CLI as a person runs it — exit 0, no findings.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/reuse-calc';
import { EXAMPLES } from '../../src/examples/build';
import { runExamples } from '../../src/examples/main';
import { tempDir } from '../helpers/fixtures';

async function check(file: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['check', file, '--json'], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, report: JSON.parse(out[0]), err };
}

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  expect(await runExamples(dir, () => undefined)).toBe(0);
}, 120_000);

const files = EXAMPLES.flatMap((e) => [
  { file: e.file, calculated: false },
  { file: e.file.replace(/\.xlsx$/, '.recalculated.xlsx'), calculated: true },
]);

describe.each(files)('check $file', ({ file, calculated }) => {
  it('exits 0 with no findings', async () => {
    const { code, report, err } = await check(path.join(dir, file));
    expect(report.findings).toEqual([]);
    expect(report.unchecked).toEqual([]);
    expect(report.consistent).toBe(true);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(report.formulas).toBeGreaterThan(100);
    if (calculated) {
      // Every formula compared against its recalculated value, "" results included.
      expect(report.uncached).toBe(0);
      expect(report.cellsCompared).toBeGreaterThanOrEqual(report.formulas);
    } else {
      // As written: no cached values, and the workbook asks Excel to recalculate when it opens.
      expect(report.uncached).toBe(report.formulas - report.volatile);
      expect(report.cellsCompared).toBe(0);
    }
  }, 60_000);
});

it('the example files are where the main job writes them', async () => {
  expect((await fs.readdir(dir)).sort()).toEqual(files.map((f) => f.file).sort());
});
