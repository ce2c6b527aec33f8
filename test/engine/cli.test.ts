/**
 * reuse-calc on the command line: eval output formats, recalc, and bad input — one clear
 * line on stderr, exit 3 (2 for bad usage), nothing written. check, snapshot and repair on
 * real workbooks are in sharing.test.ts; every command on hostile files in test/hostile/.
 */
import { execFileSync, spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { main } from '../../src/cli/reuse-calc';
import { Engine } from '../../src/engine/engine';
import { hugeDimensionXlsx, oleHeaderFile, tempDir, writeWorkbook, zipBomb } from '../helpers/fixtures';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('reuse-calc eval', () => {
  it('prints a number per formula, leading = optional', async () => {
    const r = await run(['eval', 'REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75,5.88})', '=REUSE.TARIFF.OVERQUOTA(1400,1000,4,{0.3,0.5},{0.2,0.5,1})']);
    expect(r.code).toBe(0);
    expect(r.out.map(Number)).toEqual([772.2, 6040]);
  });
  it('prints a 2-D array as tab-separated rows', async () => {
    const r = await run(['eval', 'REUSE.TARIFF.BREAKDOWN(240,{180,300},{3.04,3.75,5.88})']);
    expect(r.out).toEqual(['1\t0\t180\t180\t3.04\t547.2', '2\t180\t300\t60\t3.75\t225', '3\t300\t\t0\t5.88\t0']);
  });
  it('prints nested arrays and error objects with --json', async () => {
    const r = await run(['eval', '--json', 'REUSE.POLICY("tariff.tier_ratio")', 'REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75})', 'REUSE.POLICY("cit.rate","source")']);
    expect(r.out.map((l) => JSON.parse(l))).toEqual([
      [[1, 1.5, 3]],
      { error: '#VALUE!', message: 'prices: need one more price than limits (got 2 limits, 2 prices)' },
      '《中华人民共和国企业所得税法》第四条',
    ]);
  });
  it('gives messages in Chinese with --lang zh-CN', async () => {
    const r = await run(['eval', '--lang', 'zh-CN', 'REUSE.POLICY("no.such.key")']);
    expect(r.out[0]).toBe('#N/A 未知的政策参数键“no.such.key”');
  });
  it('prints text without quotes and errors with their message', async () => {
    const r = await run(['eval', 'REUSE.POLICY("cit.rate","unit")', 'REUSE.SEWAGE.COSTRECOVERY(1,0)']);
    expect(r.out).toEqual(['rate', '#VALUE! operating_cost + depreciation + financing_cost must be > 0 (got 0)']);
  });
  it('reports a formula the engine itself fails on as that formula\'s error and goes on', async () => {
    const spy = jest.spyOn(Engine, 'evaluate').mockImplementationOnce(() => {
      throw new Error('internal parser failure');
    });
    try {
      const r = await run(['eval', '--json', '1+', '1+1']);
      expect(r.code).toBe(0);
      expect(r.out.map((l) => JSON.parse(l))).toEqual([
        { error: '#VALUE!', message: 'the engine could not evaluate this formula (internal parser failure)' },
        2,
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it.each([
    [['eval']], [['eval', '--lang', 'fr', '1']], [['frobnicate']], [['recalc', 'a.xlsx']],
    [['check']], [['check', 'a.xlsx', 'b.xlsx']], [['check', 'a.xlsx', '--tolerance', 'lots']], [['check', 'a.xlsx', '--tolerance', '-1']], [['check', 'a.xlsx', '-o', 'b.xlsx']],
    [['snapshot', 'a.xlsx']], [['snapshot', 'a.xlsx', '-o', 'b.xlsx', '--frobnicate']], [['repair', 'a.xlsx']], [['repair', '-o', 'b.xlsx']],
  ])('bad usage %j exits 2 with usage on stderr', async (args) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain('usage:');
    expect(r.out).toEqual([]);
  });
});

describe('reuse-calc recalc: bad input', () => {
  let dir: string;
  let good: Buffer;
  beforeAll(async () => {
    dir = await tempDir();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').getCell('A1').value = { formula: '1+1' } as ExcelJS.CellFormulaValue;
    good = await fs.readFile(await writeWorkbook(wb, dir, 'good.xlsx'));
  });

  const cases: [string, () => Promise<Buffer | null>, RegExp][] = [
    ['a missing file', async () => null, /no such file/],
    ['a text file', async () => Buffer.from('name,value\nx,1\n'), /not an \.xlsx file/],
    ['a truncated zip', async () => good.subarray(0, Math.floor(good.length / 2)), /corrupt \.xlsx/],
    ['a password-protected workbook', async () => oleHeaderFile(), /password-protected/],
    ['a zip without a workbook part', async () => {
      const JSZip = (await import('jszip')).default;
      const z = new JSZip();
      z.file('hello.txt', 'hi');
      return Buffer.from(await z.generateAsync({ type: 'nodebuffer' }));
    }, /no workbook part/],
    ['a zip bomb', async () => zipBomb(), /zip bomb|expands/],
  ];

  it.each(cases)('%s → one line on stderr, exit 3, nothing written', async (_name, make, message) => {
    const bytes = await make();
    const input = path.join(dir, `case-${Math.random().toString(36).slice(2)}.xlsx`);
    if (bytes) await fs.writeFile(input, bytes);
    const output = path.join(dir, 'never.xlsx');
    const started = Date.now();
    const r = await run(['recalc', input, '-o', output]);
    expect(r.code).toBe(3);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(message);
    expect(r.err[0].startsWith('reuse-calc: ')).toBe(true);
    await expect(fs.access(output)).rejects.toThrow();
    if (bytes) expect((await fs.readFile(input)).equals(bytes)).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000); // a guard against hanging, not a benchmark
  });

  it.each(['recalc', 'snapshot', 'repair'])('%s refuses to overwrite its input', async (command) => {
    const input = path.join(dir, 'good.xlsx');
    const r = await run([command, input, '-o', input]);
    expect(r.code).toBe(3);
    expect(r.err[0]).toMatch(/different file from the input/);
    expect((await fs.readFile(input)).equals(good)).toBe(true);
  });

  it('a sheet whose <dimension> declares 17 billion cells but holds one is read as it is (the declaration is not trusted)', async () => {
    const input = path.join(dir, 'huge-dimension.xlsx');
    await fs.writeFile(input, await hugeDimensionXlsx(good));
    const output = path.join(dir, 'huge-dimension.out.xlsx');
    const r = await run(['recalc', input, '-o', output, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0])).toMatchObject({ formulas: 1, sheets: ['S'] });
    await fs.rm(output);
  });

  it('recalculates a good file and reports it on stdout', async () => {
    const r = await run(['recalc', path.join(dir, 'good.xlsx'), '-o', path.join(dir, 'good.out.xlsx'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0])).toMatchObject({ formulas: 1, reuseFormulas: 0, sheets: ['S'], warnings: [] });
  });
});

describe('the installed bin', () => {
  const bin = path.resolve(__dirname, '../../bin/reuse-calc.js');
  it('runs from the compiled dist/ with exit codes (npm run prepare builds it)', () => {
    const ok = execFileSync(process.execPath, [bin, 'eval', 'REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75,5.88})', '1+1'], { encoding: 'utf8' }).trim().split('\n');
    expect(ok[1]).toBe('2');
    const bad = spawnSync(process.execPath, [bin, 'recalc', '/nonexistent.xlsx', '-o', '/tmp/x.xlsx'], { encoding: 'utf8' });
    expect(bad.status).toBe(3);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
