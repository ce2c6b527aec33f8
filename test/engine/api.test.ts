/**
 * The public API (src/api, `require('reuse-finance')`) on the flagship workbook: names, get,
 * all-or-nothing set, what-if runs that leave the workbook as it was, save and reopen, and
 * the package entry point as another project would resolve it. Expected values are
 * computed here by hand from the flagship's inputs, not read from the engine.
 */
import { execFileSync, spawnSync } from 'child_process';
import { promises as fs, realpathSync } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import ts from 'typescript';
import {
  CellValue,
  PortError,
  Workbook,
  checkWorkbookBytes,
  computeResults,
  evaluate,
  loadWorkbook,
  openWorkbook,
} from '../../src/api';
import { buildFlagshipWorkbook } from '../../src/examples/flagship';
import { workbookBytes } from '../../src/examples/xlsx-bytes';
import { tempDir } from '../helpers/fixtures';
import { FLAGSHIP_FUNDING, FundingCase, flagshipFunding } from '../helpers/flagship-funding';
import { expectClose } from '../helpers/tolerance';

const ROOT = path.resolve(__dirname, '../..');

/** Flagship outputs by hand (test/helpers/flagship-funding.ts): central support (upper bound), the bank loan, its payment. */
const SHARE = FLAGSHIP_FUNDING.share;
function expected(o: FundingCase = {}) {
  const f = flagshipFunding(o);
  return { central: f.centralCap, loan: f.loan, payment: f.payment };
}

const CENTRAL = "'评价'!C5";
const LOAN = "'评价'!C7";
const PAYMENT = "'投资与融资'!C13";
const OUTPUTS = [CENTRAL, LOAN, PAYMENT];

let bytes: Uint8Array;
beforeAll(async () => {
  bytes = await workbookBytes(buildFlagshipWorkbook().workbook);
});

async function open(): Promise<Workbook> {
  return openWorkbook(bytes);
}

function expectOutputs(got: Record<string, CellValue>, want: ReturnType<typeof expected>): void {
  expectClose(got[CENTRAL], want.central);
  expectClose(got[LOAN], want.loan);
  expectClose(got[PAYMENT], want.payment);
}

describe('openWorkbook: names and get', () => {
  it('lists the single-cell defined names with their cells, sorted', async () => {
    const wb = await open();
    const names = await wb.names();
    expect(names).toContainEqual({ name: 'sewage_fee', ref: '假设!C29' });
    expect(names).toContainEqual({ name: 'central_cap', ref: '假设!C9' });
    expect(names.some((n) => n.name === 'bond_repayment')).toBe(false); // a range, not one cell
    expect(names.map((n) => n.name)).toEqual([...names.map((n) => n.name)].sort());
    wb.close();
  });

  it('reads names and Sheet!A1 references, keyed as given', async () => {
    const wb = await open();
    const got = await wb.get(['sewage_fee', 'LOAN_YEARS', ...OUTPUTS]);
    expect(Object.keys(got)).toEqual(['sewage_fee', 'LOAN_YEARS', ...OUTPUTS]);
    expect(got.sewage_fee).toBe(1.75);
    expect(got.LOAN_YEARS).toBe(15);
    expectOutputs(got, expected());
    wb.close();
  });
});

describe('set: all or nothing', () => {
  it('sets numbers and text by name or address and recalculates', async () => {
    const wb = await open();
    await wb.set({ central_cap: 200e6, "'假设'!C8": 'east' }); // region, by its address
    expectOutputs(await wb.get(OUTPUTS), expected({ cap: 200e6, share: SHARE.east }));
    wb.close();
  });

  it.each([
    ['an unknown name', { central_cap: 80e6, no_such_input: 1 }, PortError, /no_such_input/],
    ['a range', { central_cap: 80e6, bond_repayment: 1 }, PortError, /bond_repayment/],
    ['a missing sheet', { central_cap: 80e6, 'Nope!A1': 1 }, PortError, /Nope/],
    ['NaN', { central_cap: 80e6, loan_years: NaN }, TypeError, /loan_years/],
    ['null', { central_cap: 80e6, loan_years: null }, TypeError, /loan_years/],
  ])('%s: throws, naming it, and writes nothing', async (_what, values, type, message) => {
    const wb = await open();
    const err = await wb.set(values as never).catch((e: Error) => e);
    expect(err).toBeInstanceOf(type);
    expect((err as Error).message).toMatch(message);
    expectOutputs(await wb.get(OUTPUTS), expected());
    wb.close();
  });

  it('text that looks like a formula stays text', async () => {
    const wb = await open();
    await wb.set({ "'假设'!E5": '=1+1' });
    expect(await wb.get(["'假设'!E5"])).toEqual({ "'假设'!E5": '=1+1' });
    wb.close();
  });
});

describe('whatIf', () => {
  const rows: [string, Record<string, number | string>, ReturnType<typeof expected>][] = [
    ['a bigger cap', { central_cap: 80e6 }, expected({ cap: 80e6 })],
    ['a 20-year loan', { loan_years: 20 }, expected({ years: 20 })],
    ['a cheaper 20-year loan', { loan_years: 20, loan_rate: 0.03 }, expected({ years: 20, rate: 0.03 })],
    [
      'an eastern project with no cap',
      { region: 'east', central_cap: 1e12 },
      expected({ share: SHARE.east, cap: 1e12 }),
    ],
    [
      'a cap so large there is no bank loan',
      { central_cap: 1e12, central_expected_share: 1 },
      expected({ cap: 1e12, expectedShare: 1 }),
    ],
  ];

  it.each(rows)('%s: outputs match the hand calculation, then everything is as before', async (_what, values, want) => {
    const wb = await open();
    expectOutputs(await wb.whatIf(values, OUTPUTS), want);
    expectOutputs(await wb.get(OUTPUTS), expected());
    expect(await wb.get(Object.keys(values))).toEqual(await (await open()).get(Object.keys(values)));
    // central_cap is a formula (the catalogue default): it must come back as one, not as its value.
    const saved = await loadWorkbook(await wb.save());
    try {
      const cap = saved.formulas.find((f) => f.sheet === '假设' && f.address === 'C9');
      expect(cap?.text).toBe('_xldudf_REUSE_POLICY("central.cap")');
    } finally {
      saved.engine.hf.destroy();
    }
    wb.close();
  });

  it('a cell given twice (by name and by address) is restored too', async () => {
    const wb = await open();
    expectOutputs(await wb.whatIf({ central_cap: 70e6, "'假设'!C9": 80e6 }, OUTPUTS), expected({ cap: 80e6 }));
    expectOutputs(await wb.get(OUTPUTS), expected());
    wb.close();
  });

  it('an unknown output fails before anything is written', async () => {
    const wb = await open();
    await expect(wb.whatIf({ central_cap: 80e6 }, [CENTRAL, 'nowhere'])).rejects.toThrow(/nowhere/);
    expectOutputs(await wb.get(OUTPUTS), expected());
    wb.close();
  });
});

describe('save, close and the lower-level exports', () => {
  it('saves to a file that reopens with the inputs set and fresh cached values (read by ExcelJS too)', async () => {
    const dir = await tempDir();
    const input = path.join(dir, 'flagship.xlsx');
    await fs.writeFile(input, bytes);
    const wb = await openWorkbook(input, { lang: 'zh-CN' });
    await wb.set({ loan_years: 20 });
    const out = path.join(dir, 'flagship-20y.xlsx');
    const saved = await wb.save(out);
    wb.close();
    expect(Buffer.from(await fs.readFile(out)).equals(Buffer.from(saved))).toBe(true);
    expect(Buffer.from(await fs.readFile(input)).equals(Buffer.from(bytes))).toBe(true);

    const again = await openWorkbook(out);
    expect(await again.get(['loan_years'])).toEqual({ loan_years: 20 });
    expectOutputs(await again.get(OUTPUTS), expected({ years: 20 }));
    again.close();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(saved) as unknown as ExcelJS.Buffer);
    const cell = book.getWorksheet('投资与融资')!.getCell('C13');
    expectClose(cell.result as number, expected({ years: 20 }).payment);

    const report = await checkWorkbookBytes(saved);
    expect(report.findings.filter((f) => f.kind === 'differs' || f.kind === 'missing')).toEqual([]);
  });

  it('throws after close; close twice is harmless', async () => {
    const wb = await open();
    wb.close();
    wb.close();
    await expect(wb.get(['sewage_fee'])).rejects.toThrow(/closed/);
    await expect(wb.set({ sewage_fee: 2 })).rejects.toThrow(/closed/);
  });

  it('an unreadable source is a WorkbookError naming the problem', async () => {
    await expect(openWorkbook('/nonexistent/x.xlsx')).rejects.toThrow(/no such file/);
    await expect(openWorkbook(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ name: 'WorkbookError' });
  });

  it('evaluate, loadWorkbook and computeResults', async () => {
    expectClose(evaluate('REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75,5.88})') as number, 180 * 3.04 + 60 * 3.75);
    const loaded = await loadWorkbook(bytes);
    try {
      const { report, cells } = computeResults(loaded);
      expect(report.formulas).toBe(cells.length);
      const payment = cells.find((c) => c.sheet === '投资与融资' && c.address === 'C13')!;
      expectClose(payment.value as number, expected().payment);
    } finally {
      loaded.engine.hf.destroy();
    }
  });

  it('every export of src/api is documented', () => {
    const file = path.join(ROOT, 'src/api/index.ts');
    const program = ts.createProgram([file], {
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
    });
    const checker = program.getTypeChecker();
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    const undocumented = checker.getExportsOfModule(moduleSymbol).filter((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === '';
    });
    expect(undocumented.map((s) => s.name)).toEqual([]);
  });
});

describe('the package entry point (dist/, built by `npx tsc -p tsconfig.node.json`)', () => {
  it('resolves `reuse-finance` through "exports" and runs a what-if from another project', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, 'node_modules'));
    await fs.symlink(ROOT, path.join(dir, 'node_modules', 'reuse-finance'), 'dir');
    await fs.writeFile(path.join(dir, 'flagship.xlsx'), bytes);
    const script = `
      const api = require('reuse-finance');
      const out = { main: require.resolve('reuse-finance'), name: require('reuse-finance/package.json').name, exports: Object.keys(api).sort() };
      try { require('reuse-finance/dist/engine/engine.js'); out.deep = 'resolved'; } catch (e) { out.deep = e.code; }
      (async () => {
        const wb = await api.openWorkbook('flagship.xlsx');
        out.whatIf = await wb.whatIf({ central_cap: 80e6 }, ["'评价'!C5"]);
        wb.close();
        console.log(JSON.stringify(out));
      })();`;
    const got = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' }));
    expect(got.main).toBe(realpathSync(path.join(ROOT, 'dist/api/index.js')));
    expect(got.name).toBe('reuse-finance');
    expect(got.deep).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    expect(got.exports).toEqual([
      'AnalysisError',
      'PortError',
      'WorkbookError',
      'checkWorkbookBytes',
      'computeResults',
      'dataTable',
      'evaluate',
      'formatDistribution',
      'fromEnginePort',
      'fromWorkbookPort',
      'goalSeek',
      'loadWorkbook',
      'monteCarlo',
      'openWorkbook',
      'parseDistribution',
      'resultSheet',
      'sensitivity',
    ]);
    expect(got.whatIf).toEqual({ "'评价'!C5": 80e6 });
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('npm pack ships bin/ and dist/ with declarations, not sources, tests or the web build', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
    for (const f of [
      'package.json',
      'bin/reuse-calc.js',
      'dist/api/index.js',
      'dist/api/index.d.ts',
      'dist/cli/reuse-calc.js',
      'dist/engine/engine.d.ts',
    ])
      expect(files).toContain(f);
    expect(files.filter((f) => /^(src|test|bench|examples|dist\/web|dist\/examples)\//.test(f))).toEqual([]);
  });
});
