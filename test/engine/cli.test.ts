/**
 * reuse-calc on the command line: eval output formats (and its cold start), recalc with --set
 * and --out-dir, and bad input — one clear line on stderr, exit 3 (2 for bad usage), nothing
 * written. check, snapshot and repair on
 * real workbooks are in sharing.test.ts; every command on hostile files in test/hostile/.
 */
import { execFileSync, spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { main } from '../../src/cli/reuse-calc';
import { Engine } from '../../src/engine/engine';
import { hugeDimensionXlsx, oleHeaderFile, tempDir, writeWorkbook, zipBomb } from '../helpers/fixtures';
import { FLAGSHIP_FUNDING, flagshipFunding } from '../helpers/flagship-funding';
import { expectClose } from '../helpers/tolerance';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('reuse-calc eval', () => {
  it('gets the bounds a workbook gets: a reference to the whole grid is an error result, at once, not minutes of walking', async () => {
    const r = await run(['eval', '--json', 'SUM(A1:XFD1048576)', '1+1']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0])).toEqual({
      error: '#VALUE!',
      message: expect.stringMatching(/A1:XFD1048576 \(17,179,869,184 cells\), more than the 4,194,304 cells/),
    });
    expect(r.out[1]).toBe('2');
  });
  it('prints a number per formula, leading = optional', async () => {
    const r = await run([
      'eval',
      'REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75,5.88})',
      '=REUSE.TARIFF.OVERQUOTA(1400,1000,4,{0.3,0.5},{0.2,0.5,1})',
    ]);
    expect(r.code).toBe(0);
    expect(r.out.map(Number)).toEqual([772.2, 6040]);
  });
  it('prints a 2-D array as tab-separated rows', async () => {
    const r = await run(['eval', 'REUSE.TARIFF.BREAKDOWN(240,{180,300},{3.04,3.75,5.88})']);
    expect(r.out).toEqual(['1\t0\t180\t180\t3.04\t547.2', '2\t180\t300\t60\t3.75\t225', '3\t300\t\t0\t5.88\t0']);
  });
  it('prints nested arrays and error objects with --json', async () => {
    const r = await run([
      'eval',
      '--json',
      'REUSE.POLICY("tariff.tier_ratio")',
      'REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75})',
      'REUSE.POLICY("cit.rate","source")',
    ]);
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
  it("reports a formula the engine itself fails on as that formula's error and goes on", async () => {
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
    [['eval']],
    [['eval', '--lang', 'fr', '1']],
    [['frobnicate']],
    [['recalc', 'a.xlsx']],
    [['check']],
    [['check', 'a.xlsx', '--tolerance', 'lots']],
    [['check', 'a.xlsx', '--tolerance', '-1']],
    [['check', 'a.xlsx', '-o', 'b.xlsx']],
    [['snapshot', 'a.xlsx']],
    [['snapshot', 'a.xlsx', '-o', 'b.xlsx', '--frobnicate']],
    [['repair', 'a.xlsx']],
    [['repair', '-o', 'b.xlsx']],
  ])('bad usage %j exits 2 with the reason and one hint on stderr, not the whole usage', async (args) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(2);
    expect(r.err[0]).toMatch(/^reuse-calc: \S/);
    // The hint names the command's own help when there is a command, else the list of commands.
    expect(r.err[1]).toBe(
      args[0] === 'frobnicate'
        ? 'run `reuse-calc help` for the commands and their options'
        : `run \`reuse-calc help ${args[0]}\` for how to use ${args[0]}`
    );
    expect(r.err.join('\n')).not.toContain('usage:');
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
    [
      'a zip without a workbook part',
      async () => {
        const JSZip = (await import('jszip')).default;
        const z = new JSZip();
        z.file('hello.txt', 'hi');
        return Buffer.from(await z.generateAsync({ type: 'nodebuffer' }));
      },
      /no workbook part/,
    ],
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
    const ok = execFileSync(
      process.execPath,
      [bin, 'eval', 'REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75,5.88})', '1+1'],
      { encoding: 'utf8' }
    )
      .trim()
      .split('\n');
    expect(ok[1]).toBe('2');
    const bad = spawnSync(process.execPath, [bin, 'recalc', '/nonexistent.xlsx', '-o', '/tmp/x.xlsx'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(3);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('reuse-calc recalc --set and --out-dir (the built bin)', () => {
  const bin = path.resolve(__dirname, '../../bin/reuse-calc.js');
  const calc = (args: string[], cwd: string) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  /** The flagship's outputs by hand (test/helpers/flagship-funding.ts): central support's upper bound, the loan, its payment. */
  let dir: string;
  let flagship: Buffer;
  beforeAll(async () => {
    dir = await tempDir();
    const { buildFlagshipWorkbook } = await import('../../src/examples/flagship');
    const { workbookBytes } = await import('../../src/examples/xlsx-bytes');
    flagship = Buffer.from(await workbookBytes(buildFlagshipWorkbook().workbook));
    await fs.writeFile(path.join(dir, 'flagship.xlsx'), flagship);
  });
  const valuesOf = async (file: string, refs: string[]) => {
    const { openWorkbook } = await import('../../src/api');
    const wb = await openWorkbook(file);
    try {
      return Object.values(await wb.get(refs));
    } finally {
      wb.close();
    }
  };

  it('sets names, addresses and text before recalculating; the input is untouched', async () => {
    const r = calc(
      [
        'recalc',
        'flagship.xlsx',
        '-o',
        'set.xlsx',
        '--set',
        'loan_years=20',
        '--set',
        "'假设'!C9=2e8",
        '--set',
        'region="east"',
        '--json',
      ],
      dir
    );
    expect(r.status).toBe(0);
    const line = JSON.parse(r.stdout);
    expect(line).toMatchObject({
      input: 'flagship.xlsx',
      output: 'set.xlsx',
      set: { loan_years: 20, "'假设'!C9": 2e8, region: 'east' },
    });
    const {
      centralCap: central,
      loan,
      payment: due,
    } = flagshipFunding({ share: FLAGSHIP_FUNDING.share.east, cap: 2e8, years: 20 });
    const [years, cap, region, c5, c7, payment] = await valuesOf(path.join(dir, 'set.xlsx'), [
      'loan_years',
      'central_cap',
      'region',
      "'评价'!C5",
      "'评价'!C7",
      "'投资与融资'!C13",
    ]);
    expect([years, cap, region]).toEqual([20, 2e8, 'east']);
    expectClose(c5, central);
    expectClose(c7, loan);
    expectClose(payment, due);
    // The cached value another reader sees, too.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(dir, 'set.xlsx'));
    expectClose(book.getWorksheet('投资与融资')!.getCell('C13').result as number, due);
    expect((await fs.readFile(path.join(dir, 'flagship.xlsx'))).equals(flagship)).toBe(true);
  });

  it.each([
    [['--set', 'loan_yers=20'], 2, /--set: no defined name loan_yers/],
    [['--set', 'Nope!A1=1'], 2, /--set: no sheet Nope/],
    [['--set', 'bond_repayment=1'], 2, /bond_repayment/],
  ])('%j: one line naming it, exit %i, nothing written', async (extra, code, message) => {
    const out = path.join(dir, `never-${Math.random().toString(36).slice(2)}.xlsx`);
    const r = calc(['recalc', 'flagship.xlsx', '-o', out, ...extra], dir);
    expect(r.status).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    await expect(fs.access(out)).rejects.toThrow();
  });

  it.each([
    ['loan_years=20,5'],
    ['loan_years=1e999'],
    ['loan_years='],
    ['loan_years=20%'],
    ['region=east'],
    ['region="ea"st"'],
    ['=5'],
    ['loan_years'],
  ])('a malformed --set %s is bad usage (exit 2)', (arg) => {
    const r = calc(['recalc', 'flagship.xlsx', '-o', 'never.xlsx', '--set', arg], dir);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^reuse-calc: --set /),
      'run `reuse-calc help recalc` for how to use recalc',
    ]);
  });

  it.each([
    ['1.75', 1.75],
    ['-2e6', -2e6],
    ['+.5', 0.5],
    ['TRUE', true],
    ['false', false],
    ['"east"', 'east'],
    ['"say ""hi"""', 'say "hi"'],
    ['""', ''],
  ])('the value %s parses strictly as %j', async (text, value) => {
    const { parseSetValue } = await import('../../src/cli/reuse-calc');
    expect(parseSetValue(text)).toEqual(value);
  });

  it('several inputs into --out-dir: one JSON line each, a bad file does not stop the others, exit is the worst', async () => {
    await fs.writeFile(path.join(dir, 'notes.xlsx'), 'not a workbook');
    await fs.copyFile(path.join(dir, 'flagship.xlsx'), path.join(dir, 'copy.xlsx'));
    const r = calc(
      ['recalc', 'flagship.xlsx', 'notes.xlsx', 'copy.xlsx', '--out-dir', 'out', '--json', '--set', 'loan_years=25'],
      dir
    );
    expect(r.status).toBe(3);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.input, l.output, l.error?.exit])).toEqual([
      ['flagship.xlsx', path.join('out', 'flagship.xlsx'), undefined],
      ['notes.xlsx', path.join('out', 'notes.xlsx'), 3],
      ['copy.xlsx', path.join('out', 'copy.xlsx'), undefined],
    ]);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^reuse-calc: notes\.xlsx: not an \.xlsx file/),
    ]);
    expect(await valuesOf(path.join(dir, 'out', 'copy.xlsx'), ['loan_years'])).toEqual([25]);
    await expect(fs.access(path.join(dir, 'out', 'notes.xlsx'))).rejects.toThrow();
    // An unknown name in every file: exit 2, each file reports it.
    const u = calc(['recalc', 'flagship.xlsx', 'copy.xlsx', '--out-dir', 'out2', '--set', 'nope=1'], dir);
    expect(u.status).toBe(2);
    expect(u.stderr.trim().split('\n')).toHaveLength(2);
  });

  it.each([
    [['recalc', 'a.xlsx', 'b.xlsx', '-o', 'c.xlsx']],
    [['recalc', 'a.xlsx', '-o', 'c.xlsx', '--out-dir', 'd']],
    [['recalc', '--out-dir', 'd']],
    [['recalc', 'x/a.xlsx', 'y/a.xlsx', '--out-dir', 'd']],
    [['recalc', 'a.xlsx', '-o', 'b.xlsx', '--set', 'x=1', '--set', 'X=2']],
  ])('bad usage %j exits 2', (args) => {
    const r = calc(args, dir);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^reuse-calc: /),
      'run `reuse-calc help recalc` for how to use recalc',
    ]);
  });
});

describe('reuse-calc eval starts without the package reader', () => {
  it('loads neither ExcelJS nor JSZip (nor Ajv)', () => {
    const cli = path.resolve(__dirname, '../../dist/cli/reuse-calc.js');
    const script = `
      const cli = require(${JSON.stringify(cli)});
      const out = [];
      cli.main(['eval', '1+1', 'REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75,5.88})'], { out: (l) => out.push(l), err: (l) => out.push(l) }).then((code) => {
        const heavy = Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/](exceljs|jszip|ajv)[\\\\/]/.test(k));
        console.log(JSON.stringify({ code, out, heavy }));
      });`;
    const r = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    expect(r).toEqual({ code: 0, out: ['2', '772.2'], heavy: [] });
  });
});
