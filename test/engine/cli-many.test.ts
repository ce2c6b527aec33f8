/**
 * reuse-calc over many workbooks (src/cli/batch.ts, pool.ts): several files and folders, one
 * line per workbook in input order and a total, --json lines, the worst exit code, a worker that
 * crashes or runs out of memory, and two inputs bound for the same output.
 *
 * The workbooks are the hostile corpus's minimal valid workbook (one sheet "测算": B1 = 240,
 * B2 = REUSE.TARIFF.TIERED(B1, {180,300}, {3.04,3.75,5.88})) with B2's cached value right or
 * wrong, a truncated copy, and two hostile files from scripts/hostile-corpus.js. The expected
 * lines follow from the tariff by hand: 240 m³ → 180 × 3.04 + 60 × 3.75 = 772.2, so a cached
 * 772.2 is consistent (one formula, one cached value compared) and a cached 700 is one stale
 * REUSE result. Workers run the compiled code in dist/ (`npm test` compiles it first); --jobs 1
 * runs this source in-process, so the two agreeing also shows dist/ is current.
 */
import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { main } from '../../src/cli/reuse-calc';
import { tempDir } from '../helpers/fixtures';

const { generateCorpus, workbookParts } = require('../../scripts/hostile-corpus.js') as {
  generateCorpus: (dir: string, only?: string[]) => Promise<unknown>;
  workbookParts: (extra?: Record<string, string>) => Record<string, string>;
};

const CRASHING_WORKER = path.resolve(__dirname, '../helpers/crashing-worker.js');
const BIN = path.resolve(__dirname, '../../bin/reuse-calc.js');

async function zip(parts: Record<string, string>): Promise<Buffer> {
  const z = new JSZip();
  for (const [name, data] of Object.entries(parts)) z.file(name, data);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The minimal workbook with B2's cached value replaced. */
async function withCachedB2(value: string): Promise<Buffer> {
  const parts = workbookParts();
  const sheet = parts['xl/worksheets/sheet1.xml'];
  expect(sheet).toContain('<v>772.2</v>');
  return zip(workbookParts({ 'xl/worksheets/sheet1.xml': sheet.replace('<v>772.2</v>', `<v>${value}</v>`) }));
}

/** A package's parts: name → content. */
async function parts(file: string): Promise<Record<string, string>> {
  const z = await JSZip.loadAsync(await fs.readFile(file));
  const entries = Object.values(z.files).filter((f) => !f.dir);
  return Object.fromEntries(await Promise.all(entries.map(async (f) => [f.name, await f.async('base64')] as const)));
}

async function run(args: string[], batch: Parameters<typeof main>[2] = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, batch);
  return { code, out, err };
}

const CONSISTENT = 'consistent: all 1 cached values match the recomputed ones (tolerance 1e-9 relative)';
const STALE = 'inconsistent: 1 findings (1 stale)';

let dir: string;
const at = (...p: string[]) => path.join(dir, ...p);

beforeAll(async () => {
  dir = await tempDir();
  const good = await zip(workbookParts());
  await fs.writeFile(at('good.xlsx'), good);
  await fs.writeFile(at('stale.xlsx'), await withCachedB2('700'));
  await fs.writeFile(at('corrupt.xlsx'), good.subarray(0, Math.floor(good.length / 2)));
  await generateCorpus(at('corpus'), ['billion-laughs.xlsx', 'zip-bomb.xlsx']);
  // A district folder: two workbooks, Excel's lock file, a hidden copy, a text file and a subfolder (not entered).
  await fs.mkdir(at('district', 'old'), { recursive: true });
  await fs.copyFile(at('stale.xlsx'), at('district', 'b-stale.xlsx'));
  await fs.copyFile(at('good.xlsx'), at('district', 'a-good.xlsx'));
  await fs.copyFile(at('corrupt.xlsx'), at('district', '~$a-good.xlsx'));
  await fs.copyFile(at('corrupt.xlsx'), at('district', '._a-good.xlsx'));
  await fs.writeFile(at('district', 'notes.txt'), 'not a workbook');
  await fs.copyFile(at('corrupt.xlsx'), at('district', 'old', 'c.xlsx'));
  await fs.mkdir(at('empty'));
  await fs.writeFile(at('empty', 'readme.txt'), 'nothing here');
  // Workbooks a crashing worker fails on by name; they are valid, so only the crash can fail them.
  for (const name of ['exit-1.xlsx', 'throw-1.xlsx', 'oom-1.xlsx']) await fs.copyFile(at('good.xlsx'), at(name));
}, 120_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('check over several workbooks', () => {
  const inputs = () => [
    at('good.xlsx'),
    at('corrupt.xlsx'),
    at('stale.xlsx'),
    at('corpus', 'billion-laughs.xlsx'),
    at('corpus', 'zip-bomb.xlsx'),
  ];

  it('prints one line per workbook in input order and a total; a corrupt or hostile file does not stop the others; exit is the worst', async () => {
    const r = await run(['check', ...inputs(), '--jobs', '2']);
    expect(r.code).toBe(3);
    expect(r.out).toEqual([
      `${at('good.xlsx')}: ${CONSISTENT}`,
      expect.stringMatching(new RegExp(`^${literal(at('corrupt.xlsx'))}: unreadable: corrupt \\.xlsx`)),
      `${at('stale.xlsx')}: ${STALE}`,
      expect.stringMatching(
        new RegExp(`^${literal(at('corpus', 'billion-laughs.xlsx'))}: unreadable: .*DOCTYPE or ENTITY`)
      ),
      expect.stringMatching(new RegExp(`^${literal(at('corpus', 'zip-bomb.xlsx'))}: unreadable: .*(zip bomb|expands)`)),
      'checked 5 workbooks: 1 consistent, 1 with findings, 3 unreadable',
    ]);
    // Each failure also on stderr, as for one workbook, in the same order.
    expect(r.err).toEqual([
      expect.stringMatching(new RegExp(`^reuse-calc: ${literal(at('corrupt.xlsx'))}: corrupt`)),
      expect.stringMatching(new RegExp(`^reuse-calc: ${literal(at('corpus', 'billion-laughs.xlsx'))}: `)),
      expect.stringMatching(new RegExp(`^reuse-calc: ${literal(at('corpus', 'zip-bomb.xlsx'))}: `)),
    ]);
  });

  it('gives the same output, byte for byte, on one thread in this process (--jobs 1) and on two workers (--jobs 2)', async () => {
    for (const extra of [[], ['--lang', 'zh-CN'], ['--json']]) {
      const one = await run(['check', ...inputs(), '--jobs', '1', ...extra]);
      const two = await run(['check', ...inputs(), '--jobs', '2', ...extra]);
      expect(two).toEqual(one);
      expect(one.out.length).toBe(extra[0] === '--json' ? 5 : 6);
    }
  });

  it('prints the lines and the total in Chinese with --lang zh-CN', async () => {
    const r = await run(['check', at('good.xlsx'), at('stale.xlsx'), at('corrupt.xlsx'), '--lang', 'zh-CN']);
    expect(r.code).toBe(3);
    expect(r.out).toEqual([
      `${at('good.xlsx')}: 一致：全部 1 个缓存值与重算结果相符（相对容差 1e-9）`,
      `${at('stale.xlsx')}: 不一致：1 项问题（1 个数值过期）`,
      expect.stringMatching(new RegExp(`^${literal(at('corrupt.xlsx'))}: 无法读取：工作簿已损坏：corrupt \\.xlsx`)),
      '已检查 3 个工作簿：1 个一致，1 个有问题，1 个无法读取',
    ]);
  });

  it('--json: one JSON line per workbook in input order, an error object for a failure, no total line', async () => {
    const r = await run(['check', at('stale.xlsx'), at('corrupt.xlsx'), at('good.xlsx'), '--json']);
    expect(r.code).toBe(3);
    const lines = r.out.map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({
        input: at('stale.xlsx'),
        consistent: false,
        formulas: 1,
        reuseFormulas: 1,
        sheets: ['测算'],
      }),
      { input: at('corrupt.xlsx'), error: { exit: 3, message: expect.stringMatching(/corrupt \.xlsx/) } },
      expect.objectContaining({ input: at('good.xlsx'), consistent: true, cellsCompared: 1, findings: [] }),
    ]);
    expect(lines[0].findings).toEqual([
      expect.objectContaining({ sheet: '测算', address: 'B2', kind: 'differs', stored: 700, reuse: true }),
    ]);
  });

  it.each([
    [['good.xlsx', 'good.xlsx'], 0, 'checked 2 workbooks: 2 consistent'],
    [['good.xlsx', 'stale.xlsx'], 1, 'checked 2 workbooks: 1 consistent, 1 with findings'],
    [
      ['stale.xlsx', 'corrupt.xlsx', 'good.xlsx'],
      3,
      'checked 3 workbooks: 1 consistent, 1 with findings, 1 unreadable',
    ],
    [['corrupt.xlsx', 'missing.xlsx'], 3, 'checked 2 workbooks: 0 consistent, 2 unreadable'],
  ])('%j → exit %i, total "%s"', async (names, code, total) => {
    const r = await run(['check', ...names.map((n) => at(n)), '--jobs', '1']);
    expect(r.code).toBe(code);
    expect(r.out[r.out.length - 1]).toBe(total);
  });
});

describe('folders', () => {
  it('a folder is every *.xlsx directly in it, in name order, without lock files, hidden files or subfolders', async () => {
    const r = await run(['check', at('district'), at('good.xlsx')]);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      `${at('district', 'a-good.xlsx')}: ${CONSISTENT}`,
      `${at('district', 'b-stale.xlsx')}: ${STALE}`,
      `${at('good.xlsx')}: ${CONSISTENT}`,
      'checked 3 workbooks: 2 consistent, 1 with findings',
    ]);
    expect(r.err).toEqual([]);
  });

  it('a folder with one workbook still prints the one-line form and a total', async () => {
    const one = at('one');
    await fs.mkdir(one);
    await fs.copyFile(at('good.xlsx'), path.join(one, 'only.xlsx'));
    const r = await run(['check', one]);
    expect(r.out).toEqual([`${path.join(one, 'only.xlsx')}: ${CONSISTENT}`, 'checked 1 workbooks: 1 consistent']);
  });

  it('one file keeps the full report it always had', async () => {
    const r = await run(['check', at('stale.xlsx')]);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      'checked 1 formulas (1 with REUSE functions), 1 cached values, in 1 sheets: 测算',
      '测算!B2\tstale REUSE result\tcached 700, recomputed 772.2\t=_xldudf_REUSE_TARIFF_TIERED(B1,{180,300},{3.04,3.75,5.88})',
      STALE,
    ]);
  });

  it('recalc, snapshot and repair write every workbook of a folder into --out-dir, one line each', async () => {
    const out = at('out-folder');
    for (const [command, line] of [
      [
        'recalc',
        (n: string) =>
          `recalculated 1 formulas (1 with REUSE functions), ${n === 'b-stale.xlsx' ? 1 : 0} cached values changed; written to ${path.join(out, 'recalc', n)}`,
      ],
      [
        'snapshot',
        (n: string) => `replaced 1 REUSE formulas by their values; written to ${path.join(out, 'snapshot', n)}`,
      ],
      ['repair', (n: string) => `nothing to repair; copied to ${path.join(out, 'repair', n)}`],
    ] as const) {
      const r = await run([command, at('district'), '--out-dir', path.join(out, command)]);
      expect(r.code).toBe(0);
      const total = { recalc: 'recalculated', snapshot: 'snapshot of', repair: 'repair of' }[command];
      expect(r.out).toEqual([
        `${at('district', 'a-good.xlsx')}: ${line('a-good.xlsx')}`,
        `${at('district', 'b-stale.xlsx')}: ${line('b-stale.xlsx')}`,
        `${total} 2 workbooks: 2 written`,
      ]);
      expect((await fs.readdir(path.join(out, command))).sort()).toEqual(['a-good.xlsx', 'b-stale.xlsx']);
    }
  });

  it('recalc into --out-dir gives the same files and lines with --jobs 1 and --jobs 2', async () => {
    const inputs = [at('good.xlsx'), at('corrupt.xlsx'), at('stale.xlsx')];
    const one = await run(['recalc', ...inputs, '--out-dir', at('r1'), '--jobs', '1', '--set', "'测算'!B1=400"]);
    const two = await run(['recalc', ...inputs, '--out-dir', at('r2'), '--jobs', '2', '--set', "'测算'!B1=400"]);
    expect(one.code).toBe(3);
    const same = (r: typeof one, d: string) => ({ ...r, out: r.out.map((l) => l.split(at(d)).join('DIR')) });
    expect(same(two, 'r2')).toEqual(same(one, 'r1'));
    expect(one.out[one.out.length - 1]).toBe('recalculated 3 workbooks: 2 written, 1 not written');
    // The same parts, byte for byte (the zip's entry times are the time of writing).
    for (const name of ['good.xlsx', 'stale.xlsx'])
      expect(await parts(at('r2', name))).toEqual(await parts(at('r1', name)));
    await expect(fs.access(at('r1', 'corrupt.xlsx'))).rejects.toThrow();
    // 400 m³ → 547.2 + 120 × 3.75 + 100 × 5.88 = 1585.2, in both files whatever B2 held.
    const { openWorkbook } = await import('../../src/api');
    for (const name of ['good.xlsx', 'stale.xlsx']) {
      const wb = await openWorkbook(at('r2', name));
      try {
        expect(Object.values(await wb.get(["'测算'!B2"]))[0]).toBeCloseTo(1585.2, 9);
      } finally {
        wb.close();
      }
    }
  });
});

describe('recalc --set over several workbooks', () => {
  it('a name one workbook lacks fails that workbook (exit 2, not written); the worst exit wins', async () => {
    const r = await run([
      'recalc',
      at('good.xlsx'),
      at('corrupt.xlsx'),
      '--out-dir',
      at('set-out'),
      '--set',
      'nope=1',
      '--jobs',
      '2',
    ]);
    expect(r.code).toBe(3);
    expect(r.out).toEqual([
      expect.stringMatching(new RegExp(`^${literal(at('good.xlsx'))}: not written: --set: no defined name nope`)),
      expect.stringMatching(new RegExp(`^${literal(at('corrupt.xlsx'))}: not written: corrupt \\.xlsx`)),
      'recalculated 2 workbooks: 0 written, 1 with a bad --set, 1 not written',
    ]);
    expect(await fs.readdir(at('set-out'))).toEqual([]);
  });
});

describe('a worker that dies', () => {
  it('is replaced; its workbook fails with exit 4 and says how; the others finish', async () => {
    const names = ['good.xlsx', 'exit-1.xlsx', 'stale.xlsx', 'throw-1.xlsx', 'good.xlsx'];
    const r = await run(['check', ...names.map((n) => at(n)), '--jobs', '2'], { worker: { script: CRASHING_WORKER } });
    expect(r.code).toBe(4);
    expect(r.out).toEqual([
      `${at('good.xlsx')}: ${CONSISTENT}`,
      `${at('exit-1.xlsx')}: failed: unexpected failure: the worker exited with code 9`,
      `${at('stale.xlsx')}: ${STALE}`,
      `${at('throw-1.xlsx')}: failed: unexpected failure: the worker stopped: boom in the worker`,
      `${at('good.xlsx')}: ${CONSISTENT}`,
      'checked 5 workbooks: 2 consistent, 1 with findings, 2 failed',
    ]);
    expect(r.err).toEqual([
      `reuse-calc: ${at('exit-1.xlsx')}: unexpected failure: the worker exited with code 9`,
      `reuse-calc: ${at('throw-1.xlsx')}: unexpected failure: the worker stopped: boom in the worker`,
    ]);
  });

  it('out of memory: its heap bound ends that worker only, and a new worker takes the next workbook', async () => {
    const r = await run(['check', at('oom-1.xlsx'), at('good.xlsx'), at('stale.xlsx'), '--jobs', '2', '--json'], {
      worker: { script: CRASHING_WORKER, heapMb: 256 },
    });
    expect(r.code).toBe(4);
    expect(r.out.map((l) => JSON.parse(l))).toEqual([
      {
        input: at('oom-1.xlsx'),
        error: {
          exit: 4,
          message:
            'unexpected failure: the worker ran out of memory (its heap is limited to 256 MB; try this file alone)',
        },
      },
      expect.objectContaining({ input: at('good.xlsx'), consistent: true }),
      expect.objectContaining({ input: at('stale.xlsx'), consistent: false }),
    ]);
  });
});

describe('bad usage, before anything runs', () => {
  it.each([
    [
      ['snapshot', 'x/a.xlsx', 'y/a.xlsx', '--out-dir', 'OUT'],
      /x\/a\.xlsx and y\/a\.xlsx would both be written to OUT\/a\.xlsx/,
    ],
    [['repair', 'x/Report.xlsx', 'y/report.XLSX', '--out-dir', 'OUT'], /would both be written/],
    [['recalc', 'a.xlsx', 'sub/a.xlsx', '--out-dir', 'OUT'], /would both be written/],
    [['snapshot', 'a.xlsx', 'b.xlsx', '-o', 'OUT/c.xlsx'], /snapshot with several inputs needs --out-dir DIR/],
    [['repair', 'DISTRICT', '-o', 'OUT/c.xlsx'], /repair with several inputs needs --out-dir DIR/],
    [['check', 'EMPTY'], /holds no \.xlsx files/],
    [['check', 'a.xlsx', 'b.xlsx', '--jobs', '0'], /--jobs must be a whole number from 1/],
    [['check', 'a.xlsx', 'b.xlsx', '--jobs', 'many'], /--jobs must be a whole number from 1/],
    [['check', 'a.xlsx', 'b.xlsx', '--out-dir', 'OUT'], /unknown option --out-dir/],
  ])('%j exits 2 with one line and a hint, writing nothing', async (args, message) => {
    const fill = (a: string) =>
      a.replace('OUT', at('never')).replace('DISTRICT', at('district')).replace('EMPTY', at('empty'));
    const r = await run(args.map(fill));
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err[0]).toMatch(new RegExp(message.source.replace(/OUT/g, literal(at('never')))));
    expect(r.err.slice(1)).toEqual([`run \`reuse-calc help ${args[0]}\` for how to use ${args[0]}`]);
    await expect(fs.access(at('never'))).rejects.toThrow();
  });

  it('--help describes several workbooks, --jobs and the same-name rule', async () => {
    const r = await run(['--help']);
    const help = r.out.join('\n');
    for (const text of [
      '--jobs N',
      'several workbooks',
      'in the order given',
      'two inputs with the same name',
      '~$*.xlsx',
    ])
      expect(help).toContain(text);
  });
});

describe('the installed bin', () => {
  it('the main thread of a batch loads neither the engine nor the package reader: the workers do', () => {
    const cli = path.resolve(__dirname, '../../dist/cli/reuse-calc.js');
    const script = `
      const cli = require(${JSON.stringify(cli)});
      const out = [];
      cli.main(['check', ${JSON.stringify(at('good.xlsx'))}, ${JSON.stringify(at('stale.xlsx'))}, '--jobs', '2'], { out: (l) => out.push(l), err: (l) => out.push(l) }).then((code) => {
        const heavy = Object.keys(require.cache).filter((k) => /[\\/]node_modules[\\/](hyperformula|exceljs|jszip)[\\/]/.test(k));
        console.log(JSON.stringify({ code, total: out[out.length - 1], heavy }));
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toEqual({
      code: 1,
      total: 'checked 2 workbooks: 1 consistent, 1 with findings',
      heavy: [],
    });
  });

  it('runs a folder on its worker threads from dist/', () => {
    const r = spawnSync(process.execPath, [BIN, 'check', 'district', 'corrupt.xlsx', '--jobs', '2'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status).toBe(3);
    expect(r.stdout.trim().split('\n')).toEqual([
      `${path.join('district', 'a-good.xlsx')}: ${CONSISTENT}`,
      `${path.join('district', 'b-stale.xlsx')}: ${STALE}`,
      expect.stringMatching(/^corrupt\.xlsx: unreadable: corrupt \.xlsx/),
      'checked 3 workbooks: 1 consistent, 1 with findings, 1 unreadable',
    ]);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^reuse-calc: corrupt\.xlsx: corrupt \.xlsx/)]);
  });
});

/** A path as a literal inside a regular expression. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
