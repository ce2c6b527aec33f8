/**
 * Names that travel between Excel and WPS: the spelling rewrites (wps/names.ts), the engine
 * reading a WPS-spelt formula, workbooks saved with either spelling recalculating headlessly,
 * `check` reading them, and the explicit `reuse-calc convert` command both ways.
 *
 * Expected values are hand calculations on the tariff notice's figures (limits 180/300 m³,
 * prices 3.04/3.75/5.88 yuan/m³): TIERED(240) = 180×3.04 + 60×3.75 = 547.2 + 225 = 772.2;
 * TIERED(100) = 100×3.04 = 304; TIERED(240, "全量") = 240×3.75 = 900.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { main } from '../../../src/cli/reuse-calc';
import { openWorkbook, checkWorkbookBytes } from '../../../src/api';
import { toEngineFormula, usesReuse } from '../../../src/engine/formula-text';
import { repairWorkbookBytes, rewriteWorkbookBytes } from '../../../src/engine/repair';
import { buildFlagshipWorkbook } from '../../../src/examples/flagship';
import { workbookBytes } from '../../../src/examples/xlsx-bytes';
import { toExcelFormula, toWpsFormula, wpsToEngineNames } from '../../../src/wps/names';
import { evaluate } from '../../helpers/engine';
import { readCells } from '../../helpers/independent-xlsx';
import { tempDir } from '../../helpers/fixtures';
import { expectClose } from '../../helpers/tolerance';

const ARGS = '{180,300},{3.04,3.75,5.88}';

describe('spelling rewrites', () => {
  it.each([
    [`_xldudf_REUSE_TARIFF_TIERED(A1,${ARGS})`, `REUSE.TARIFF_TIERED(A1,${ARGS})`],
    [`[1]!_xldudf_REUSE_TARIFF_TIERED(A1,${ARGS})`, `REUSE.TARIFF_TIERED(A1,${ARGS})`],
    [`REUSE.TARIFF.TIERED(A1,${ARGS})`, `REUSE.TARIFF_TIERED(A1,${ARGS})`],
    [`reuse.tariff_tiered(A1,${ARGS})`, `REUSE.TARIFF_TIERED(A1,${ARGS})`],
    [
      'SUM(_xldudf_REUSE_BOND_DSCR(B1:B5,_xldudf_REUSE_BOND_DEBTSERVICE(C1,0.03,10)))',
      'SUM(REUSE.BOND_DSCR(B1:B5,REUSE.BOND_DEBTSERVICE(C1,0.03,10)))',
    ],
    ['_xldudf_REUSE_POLICY_LIST()&_xldudf_REUSE_POLICY("x")', 'REUSE.POLICY_LIST()&REUSE.POLICY("x")'],
  ])('to WPS: %s → %s', (excel, wps) => {
    expect(toWpsFormula(excel)).toBe(wps);
  });

  it.each([
    [`REUSE.TARIFF_TIERED(A1,${ARGS})`, `_xldudf_REUSE_TARIFF_TIERED(A1,${ARGS})`],
    [`_xludf.REUSE.TARIFF_TIERED(A1,${ARGS})`, `_xldudf_REUSE_TARIFF_TIERED(A1,${ARGS})`],
    [`REUSE.TARIFF.TIERED(A1,${ARGS})`, `_xldudf_REUSE_TARIFF_TIERED(A1,${ARGS})`],
    ['REUSE.POLICY_LIST()', '_xldudf_REUSE_POLICY_LIST()'],
  ])('to Excel: %s → %s', (wps, excel) => {
    expect(toExcelFormula(wps)).toBe(excel);
  });

  it('leaves strings, quoted sheet names, unknown names and non-calls alone', () => {
    const kept = [
      '"REUSE.TARIFF_TIERED(1)"&A1',
      "'REUSE.TARIFF_TIERED('!A1+1",
      'REUSE.NOT_A_FUNCTION(1)',
      'MY.REUSE.TARIFF_TIERED(1)',
      'REUSE.TARIFF_TIERED+1',
      '_xldudf_REUSE_NOPE(1)',
    ];
    for (const f of kept) {
      expect(toWpsFormula(f)).toBe(f);
      expect(toExcelFormula(f)).toBe(f);
      expect(wpsToEngineNames(f)).toBe(f);
    }
  });

  it('round-trips: Excel → WPS → Excel gives Excel’s stored text back', () => {
    const excel = `IF(A1>0,_xldudf_REUSE_TARIFF_TIERED(A1,${ARGS},"全量"),_xldudf_REUSE_SEWAGE_DIFFCHARGE(B1:C3,D1:D3,E1:E3))`;
    expect(toExcelFormula(toWpsFormula(excel))).toBe(excel);
  });
});

describe('the engine reads the WPS spelling', () => {
  it('maps WPS names (and the _xludf. prefix) to the engine’s', () => {
    expect(toEngineFormula(`REUSE.TARIFF_TIERED(A1,${ARGS})`)).toBe(`REUSE.TARIFF.TIERED(A1,${ARGS})`);
    expect(toEngineFormula(`_xludf.REUSE.TARIFF_TIERED(A1,${ARGS})`)).toBe(`REUSE.TARIFF.TIERED(A1,${ARGS})`);
    expect(usesReuse(`REUSE.TARIFF_TIERED(A1,${ARGS})`)).toBe(true);
    expect(usesReuse(`_xludf.REUSE.TARIFF_TIERED(A1,${ARGS})`)).toBe(true);
  });

  it('evaluates a WPS-spelt call like the Excel one (hand calculation 772.2 and 900)', () => {
    expectClose(evaluate(`REUSE.TARIFF_TIERED(240,${ARGS})`) as number, 772.2);
    expectClose(evaluate(`REUSE.TARIFF_TIERED(240,${ARGS},"全量")`) as number, 900);
    expect(evaluate(`REUSE.TARIFF_TIERED(240,${ARGS})`)).toEqual(evaluate(`REUSE.TARIFF.TIERED(240,${ARGS})`));
  });
});

/**
 * A one-sheet workbook: volumes in A1:A2, a REUSE call in B1:B2 spelt by `spell`, with the
 * hand-calculated results cached (`stale` caches wrong ones, which check must report).
 */
async function tariffWorkbook(spell: (volumeRef: string) => string, stale = false): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('水费');
  ws.getCell('A1').value = 240;
  ws.getCell('A2').value = 100;
  ws.getCell('B1').value = { formula: spell('A1'), result: stale ? 1 : 772.2 } as ExcelJS.CellFormulaValue;
  ws.getCell('B2').value = { formula: spell('A2'), result: 304 } as ExcelJS.CellFormulaValue;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const SPELLINGS: [string, (ref: string) => string][] = [
  ['Excel (_xldudf_)', (r) => `_xldudf_REUSE_TARIFF_TIERED(${r},${ARGS})`],
  ['WPS (REUSE.TARIFF_TIERED)', (r) => `REUSE.TARIFF_TIERED(${r},${ARGS})`],
  ['WPS behind _xludf.', (r) => `_xludf.REUSE.TARIFF_TIERED(${r},${ARGS})`],
];

describe('workbooks in either spelling recalculate headlessly', () => {
  it.each(SPELLINGS)('%s', async (_name, spell) => {
    const bytes = await tariffWorkbook(spell);
    const book = await openWorkbook(bytes);
    try {
      const v = await book.get(['水费!B1', '水费!B2']);
      expectClose(v['水费!B1'] as number, 772.2);
      expectClose(v['水费!B2'] as number, 304);
      // The saved file carries the values, read back by an independent reader, and keeps the formula text.
      const saved = await readCells(await book.save());
      expectClose(saved.cells.get('水费!B1')!.value as number, 772.2);
      expect(saved.cells.get('水费!B1')!.formula).toBe(spell('A1'));
    } finally {
      book.close();
    }
    // check computes the calls: consistent with the right cached values, and a stale one is found.
    const report = await checkWorkbookBytes(bytes);
    expect(report.findings).toEqual([]);
    expect(report.reuseFormulas).toBe(2);
    const stale = await checkWorkbookBytes(await tariffWorkbook(spell, true));
    expect(stale.findings.map((f) => [f.kind, f.address])).toEqual([['differs', 'B1']]);
  });
});

describe('check’s spelling findings and the WPS spelling', () => {
  async function spellingFindings(formulas: string[]): Promise<string[]> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = 240;
    formulas.forEach((f, i) => (ws.getCell(2 + i, 2).value = { formula: f } as ExcelJS.CellFormulaValue));
    const report = await checkWorkbookBytes(new Uint8Array(await wb.xlsx.writeBuffer()));
    return report.findings.filter((f) => f.kind === 'spelling').map((f) => f.address);
  }
  const POLICY = 'REUSE.POLICY("ppp.concession_term_max")';

  it('a bare REUSE.POLICY( in an Excel workbook still needs repair for Excel', async () => {
    expect(await spellingFindings([POLICY, `_xldudf_REUSE_TARIFF_TIERED(A1,${ARGS})`])).toEqual(['B2']);
  });

  it('repair agrees: it rewrites a bare REUSE.POLICY( for Excel, and leaves a WPS-spelt workbook alone', async () => {
    const repaired = async (formulas: string[]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('S');
      formulas.forEach((f, i) => (ws.getCell(2 + i, 2).value = { formula: f } as ExcelJS.CellFormulaValue));
      return (await repairWorkbookBytes(new Uint8Array(await wb.xlsx.writeBuffer()))).changes.map((c) => [
        c.address,
        c.after,
      ]);
    };
    expect(await repaired([POLICY, `_xldudf_REUSE_TARIFF_TIERED(A1,${ARGS})`])).toEqual([
      ['B2', '_xldudf_REUSE_POLICY("ppp.concession_term_max")'],
    ]);
    expect(await repaired([POLICY, `REUSE.TARIFF_TIERED(A1,${ARGS})`])).toEqual([]);
  });

  it('in a WPS-spelt workbook REUSE.POLICY( is WPS’s form; an Excel-only dotted name is still reported', async () => {
    expect(await spellingFindings([POLICY, `REUSE.TARIFF_TIERED(A1,${ARGS})`])).toEqual([]);
    expect(
      await spellingFindings([POLICY, `REUSE.TARIFF_TIERED(A1,${ARGS})`, `REUSE.TARIFF.TIERED(A1,${ARGS})`])
    ).toEqual(['B4']);
  });
});

describe('the flagship workbook in the WPS spelling', () => {
  it('recomputes to the values the Excel spelling gave, cell for cell (check finds no difference)', async () => {
    // The Excel-spelt flagship, recalculated by the engine: its cached values are the reference.
    const book = await openWorkbook(await workbookBytes(buildFlagshipWorkbook().workbook));
    const excelBytes = await book.save();
    book.close();
    const converted = await rewriteWorkbookBytes(excelBytes, toWpsFormula);
    expect(converted.changes.length).toBeGreaterThan(20);
    for (const c of converted.changes) {
      expect(c.after).not.toMatch(/_xldudf_/i);
      expect(c.after).toMatch(/REUSE\.[A-Z]+(_[A-Z]+)?\(/);
    }
    const report = await checkWorkbookBytes(converted.bytes);
    expect(report.reuseFormulas).toBe((await checkWorkbookBytes(excelBytes)).reuseFormulas);
    expect(
      report.findings.filter((f) => f.kind === 'differs' || f.kind === 'missing' || f.kind === 'spelling')
    ).toEqual([]);
  }, 120_000);
});

describe('reuse-calc convert', () => {
  async function run(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }

  it('converts an Excel workbook to the WPS spelling and back, changing only the calls', async () => {
    const dir = await tempDir();
    const excelFile = path.join(dir, 'excel.xlsx');
    await fs.writeFile(excelFile, await tariffWorkbook(SPELLINGS[0][1]));

    const toWps = await run(['convert', excelFile, '--to', 'wps', '-o', path.join(dir, 'wps.xlsx')]);
    expect(toWps.code).toBe(0);
    expect(toWps.out[toWps.out.length - 1]).toMatch(/^converted 2 formulas for WPS Spreadsheets/);
    const wpsCells = (await readCells(await fs.readFile(path.join(dir, 'wps.xlsx')))).cells;
    expect(wpsCells.get('水费!B1')!.formula).toBe(`REUSE.TARIFF_TIERED(A1,${ARGS})`);
    expect(wpsCells.get('水费!A1')!.value).toBe(240);

    // The WPS file recalculates to the hand-calculated values.
    const book = await openWorkbook(path.join(dir, 'wps.xlsx'));
    expectClose((await book.get(['水费!B2']))['水费!B2'] as number, 304);
    book.close();

    const back = await run([
      'convert',
      path.join(dir, 'wps.xlsx'),
      '--to',
      'excel',
      '-o',
      path.join(dir, 'back.xlsx'),
      '--json',
    ]);
    expect(back.code).toBe(0);
    const report = JSON.parse(back.out[0]);
    expect(report.to).toBe('excel');
    expect(report.changes.map((c: { address: string; after: string }) => [c.address, c.after])).toEqual([
      ['B1', `_xldudf_REUSE_TARIFF_TIERED(A1,${ARGS})`],
      ['B2', `_xldudf_REUSE_TARIFF_TIERED(A2,${ARGS})`],
    ]);

    // Converting a file already in the target spelling changes nothing.
    const again = await run(['convert', path.join(dir, 'wps.xlsx'), '--to', 'wps', '-o', path.join(dir, 'same.xlsx')]);
    expect(again.out).toEqual([`nothing to convert for WPS Spreadsheets; copied to ${path.join(dir, 'same.xlsx')}`]);
  });

  it.each([
    [['convert', 'in.xlsx', '-o', 'out.xlsx'], /--to wps or --to excel/],
    [['convert', 'in.xlsx', '--to', 'lotus', '-o', 'out.xlsx'], /got lotus/],
    [['convert', 'in.xlsx', '--to', 'wps'], /one IN.xlsx and -o OUT.xlsx/],
    [['convert', 'in.xlsx', '--to', 'wps', '-o', 'out.xlsx', '--jobs', '2'], /does not take --jobs/],
  ])('refuses bad usage with exit 2: %j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(message);
  });

  it('reports a missing input with exit 3 and writes nothing', async () => {
    const dir = await tempDir();
    const r = await run(['convert', path.join(dir, 'missing.xlsx'), '--to', 'wps', '-o', path.join(dir, 'out.xlsx')]);
    expect(r.code).toBe(3);
    await expect(fs.stat(path.join(dir, 'out.xlsx'))).rejects.toThrow();
  });
});
