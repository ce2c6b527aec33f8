/**
 * reuse-calc sensitivity | goalseek | table | montecarlo on the flagship: results checked against
 * `recalc --set` of the same file (a full recalculation written to disk and read back), repeatable
 * JSON for a seed, the results sheet of -o, defaults from the model stored in the workbook, and
 * bad input — one clear line, the documented exit code, nothing written.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { openWorkbook } from '../../src/api';
import { main } from '../../src/cli/reuse-calc';
import { buildFlagshipWorkbook } from '../../src/examples/flagship';
import { workbookBytes } from '../../src/examples/xlsx-bytes';
import { serialiseDocument } from '../../src/scenarios/document';
import { withAnalysis } from '../../src/scenarios/types';
import { EnginePort } from '../../src/workbook/engine-port';
import { tempDir } from '../helpers/fixtures';
import { expectClose } from '../helpers/tolerance';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const MIN_DSCR = 'min(资本金现金流!AC6:AC33)';
const DSCR = Array.from({ length: 28 }, (_, i) => `资本金现金流!AC${6 + i}`);
let dir: string;
let flagship: string;
let original: Buffer;

beforeAll(async () => {
  dir = await tempDir();
  flagship = path.join(dir, 'flagship.xlsx');
  await fs.writeFile(flagship, await workbookBytes(buildFlagshipWorkbook().workbook));
  original = await fs.readFile(flagship);
}, 120_000);
afterEach(async () => expect((await fs.readFile(flagship)).equals(original)).toBe(true)); // never modified

/** The minimum DSCR of a file as written (a fresh load of it). */
async function minDscrOf(file: string): Promise<number> {
  const wb = await openWorkbook(file);
  try {
    const got = await wb.get(DSCR);
    return Math.min(...DSCR.map((r) => got[r]).filter((v): v is number => typeof v === 'number'));
  } finally {
    wb.close();
  }
}

describe('reuse-calc goalseek', () => {
  it('finds the fee for a minimum DSCR of 1.3; recalc --set with that fee gives 1.3', async () => {
    const r = await run([
      'goalseek',
      flagship,
      '--output',
      MIN_DSCR,
      '--target',
      '1.3',
      '--input',
      'sewage_fee',
      '--between',
      '1:10',
      '--json',
    ]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out[0]);
    expect(result).toMatchObject({ kind: 'goalseek', input: 'sewage_fee', target: 1.3, between: [1, 10] });
    const out = path.join(dir, 'fee.xlsx');
    const set = await run(['recalc', flagship, '-o', out, '--set', `sewage_fee=${result.value}`]);
    expect(set.code).toBe(0);
    expectClose(await minDscrOf(out), 1.3, 1e-7);
  }, 180_000);
  it('exit 1 with "no solution in the bracket", in Chinese with --lang zh-CN', async () => {
    const r = await run([
      'goalseek',
      flagship,
      '--output',
      MIN_DSCR,
      '--target',
      '1.3',
      '--input',
      'sewage_fee',
      '--between',
      '1:1.5',
      '--lang',
      'zh-CN',
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual([expect.stringMatching(/^reuse-calc goalseek: 区间 \[1, 1\.5\] 内无解/)]);
  }, 60_000);
});

describe('reuse-calc sensitivity and table', () => {
  it('prints a tornado table sorted by swing', async () => {
    const r = await run([
      'sensitivity',
      flagship,
      '--input',
      'om_fixed',
      '--input',
      'sewage_fee=1.5:2',
      '--output',
      '评价!C12',
    ]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^output 评价!C12 \(base [\d.]+\), inputs by swing:$/);
    expect(r.out[2]).toMatch(/^sewage_fee\t1\.5\t2\t/);
    expect(r.out[3]).toMatch(/^om_fixed\t2250000\t2750000\t/);
  }, 60_000);
  it('a one-way table: each row equals recalc --set of that value', async () => {
    const r = await run(['table', flagship, '--input', 'sewage_fee=1.6,2.2', '--output', MIN_DSCR, '--json']);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out[0]);
    for (const [i, fee] of [1.6, 2.2].entries()) {
      const out = path.join(dir, `t${i}.xlsx`);
      expect((await run(['recalc', flagship, '-o', out, '--set', `sewage_fee=${fee}`])).code).toBe(0);
      expectClose(t.grids[0].cells[i][0], await minDscrOf(out), 1e-12);
    }
  }, 180_000);
});

describe('reuse-calc montecarlo', () => {
  const args = [
    '--input',
    'sewage_fee~triangular(1.5,1.75,2.1)',
    '--input',
    'load_start~uniform(0.6,0.8)',
    '--output',
    MIN_DSCR,
    '--threshold',
    `${MIN_DSCR}<1.2`,
    '--iterations',
    '30',
    '--seed',
    '9',
    '--correlate',
    'sewage_fee,load_start=0.4',
  ];
  it('the same seed gives the same JSON (apart from the record’s time); -o writes a results sheet into a copy', async () => {
    const out = path.join(dir, 'mc.xlsx');
    const a = await run(['montecarlo', flagship, ...args, '--json', '-o', out]);
    expect(a.code).toBe(0);
    const b = await run(['montecarlo', flagship, ...args, '--json']);
    const strip = (line: string) => {
      const j = JSON.parse(line);
      delete j.record.started;
      delete j.record.elapsedMs;
      return JSON.stringify(j);
    };
    expect(strip(b.out[0])).toBe(strip(a.out[0]));
    const j = JSON.parse(a.out[0]);
    expect(j.outputs[0].summary.n).toBe(30);
    expect(j.outputs[0].summary.thresholds[0]).toMatchObject({ op: '<', value: 1.2 });
    expect(j.record).toMatchObject({ analysis: 'montecarlo', evaluations: 30, settings: { seed: 9, iterations: 30 } });
    const wb = await openWorkbook(out);
    try {
      const got = await wb.get(["'蒙特卡洛 Monte Carlo'!A1", "'蒙特卡洛 Monte Carlo'!B4", 'sewage_fee']);
      expect(got).toEqual({
        "'蒙特卡洛 Monte Carlo'!A1": '蒙特卡洛 Monte Carlo',
        "'蒙特卡洛 Monte Carlo'!B4": 30,
        sewage_fee: 1.75,
      });
    } finally {
      wb.close();
    }
  }, 180_000);
  it('uses the distributions, outputs and thresholds stored in the workbook when none are given', async () => {
    const port = await EnginePort.fromBytes(original);
    const doc = withAnalysis(
      {
        schemaVersion: 1,
        model: { inputs: [{ id: 'fee', ref: 'sewage_fee', label: '污水处理服务费', unit: '元/m³' }], outputs: [] },
        scenarios: [],
      },
      {
        inputs: [{ inputId: 'fee', distribution: { type: 'uniform', min: 1.7, max: 1.8 } }],
        outputs: [{ id: 'dscr', expr: MIN_DSCR, label: '最低偿债备付率', unit: '', threshold: { op: '<', value: 0 } }],
        goals: [],
        correlations: [],
        settings: { iterations: 10, seed: 3 },
      }
    );
    await port.saveDocument(serialiseDocument(doc));
    const stored = path.join(dir, 'stored.xlsx');
    await fs.writeFile(stored, await port.toBytes());
    port.dispose();
    const r = await run(['montecarlo', stored, '--json']);
    expect(r.err).toEqual([]);
    const j = JSON.parse(r.out[0]);
    expect(j).toMatchObject({
      iterations: 10,
      seed: 3,
      inputs: [{ ref: 'sewage_fee', distribution: { type: 'uniform', min: 1.7, max: 1.8 } }],
    });
    // the flagship's minimum DSCR is negative (the year-10 equipment renewal) for any fee near 1.75
    expect(j.outputs[0].summary.thresholds[0]).toEqual({ op: '<', value: 0, probability: 1 });
  }, 180_000);
  it.each([
    [
      ['montecarlo', 'IN', '--input', 'sewage_fee~triangular(3,2,1)', '--output', 'x'],
      2,
      /--input sewage_fee: triangular needs min ≤ mode ≤ max/,
    ],
    [['montecarlo', 'IN', '--input', 'sewage_fee=1', '--output', 'x'], 2, /needs NAME~DIST/],
    [
      ['montecarlo', 'IN', '--input', 'sewage_fee~uniform(1,2)', '--output', 'x', '--delta', '1'],
      2,
      /montecarlo does not take --delta/,
    ],
    [['table', 'IN', '--input', 'sewage_fee=1,x', '--output', 'x'], 2, /"x" is not a number/],
    [['sensitivity', 'IN', '--input', 'no_such_name', '--output', '评价!C12'], 2, /no defined name no_such_name/],
    [['goalseek', 'IN', '--input', 'sewage_fee', '--output', '评价!C12'], 2, /needs --target VALUE/],
    [['sensitivity', 'missing.xlsx', '--input', 'sewage_fee', '--output', 'A!A1'], 3, /missing\.xlsx/],
  ])(
    '%j → exit %d with a clear message',
    async (argv, exit, message) => {
      const r = await run(
        (argv as string[]).map((a) =>
          a === 'IN' ? flagship : a === 'missing.xlsx' ? path.join(dir, 'missing.xlsx') : a
        )
      );
      expect(r.code).toBe(exit);
      expect(r.out).toEqual([]);
      expect(r.err[0]).toMatch(message as RegExp);
    },
    60_000
  );
});
