/**
 * The engine on real .xlsx files: formulas as Excel saves them, formula text written back
 * exactly, built-ins recalculated, spills, #SPILL!, error pass-through, Chinese sheet names,
 * defined names, and cells the engine cannot compute keeping their old values.
 */
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { recalcFile } from '../../src/api/files';
import { evaluate } from '../helpers/engine';
import { cached, readWorkbook, tempDir, writeWorkbook } from '../helpers/fixtures';
import { expectClose } from '../helpers/tolerance';
import { computeResults, loadWorkbook } from '../../src/engine/load';
import { workbookBytes } from '../../src/examples/xlsx-bytes';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** One cell's element as stored (ExcelJS reads an empty inline string back as nothing, so look at the XML). */
async function storedCell(file: string, part: string, address: string): Promise<string | undefined> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const xml = await zip.file(part)!.async('string');
  return new RegExp(`<c r="${address}"[^>]*?(?:/>|>.*?</c>)`).exec(xml)?.[0];
}

/** A bureau's workbook as Excel would save it with the add-in loaded. */
function bureauWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const inputs = wb.addWorksheet('参数 Inputs');
  inputs.getCell('A1').value = '年用水量';
  inputs.getCell('B1').value = 240;
  inputs.getCell('A2').value = '分档';
  inputs.getCell('B2').value = 180;
  inputs.getCell('C2').value = 300;
  inputs.getCell('A3').value = '价格';
  inputs.getCell('B3').value = 3.04;
  inputs.getCell('C3').value = 3.75;
  inputs.getCell('D3').value = 5.88;
  inputs.getCell('B4').value = 0.05;
  inputs.getCell('B4').numFmt = '0.0%';
  wb.definedNames.add("'参数 Inputs'!$B$1", 'annual_volume');

  const calc = wb.addWorksheet('测算');
  const f = (addr: string, formula: string, result?: unknown, numFmt?: string) => {
    calc.getCell(addr).value = { formula, result } as ExcelJS.CellFormulaValue;
    if (numFmt) calc.getCell(addr).numFmt = numFmt;
  };
  f('A1', "_xldudf_REUSE_TARIFF_TIERED('参数 Inputs'!B1,'参数 Inputs'!B2:C2,'参数 Inputs'!B3:D3)", 0, '#,##0.00');
  f('A2', "[1]!_xldudf_REUSE_TARIFF_TIERED(annual_volume,'参数 Inputs'!B2:C2,'参数 Inputs'!B3:D3,\"全量\")", 0);
  f('A3', '_xlfn.PERCENTILE.INC({1,2,3,4},0.5)'); // no cached value: a stale one would be kept, PERCENTILE.INC is not verified against Excel
  f('A4', "SUM(A1:A2)*(1+'参数 Inputs'!B4)", 0);
  f('A5', 'IF(TRUE,"yes","no")', '');
  f('A6', 'FOOBAR_NOT_A_FUNCTION(1)', 42);
  f('A7', '_xldudf_OTHERADDIN_THING(1)', 7);
  f('A8', 'A6+1', 43);
  f('A9', '_xldudf_REUSE_TARIFF_TIERED(1/0,{180,300},{3.04,3.75,5.88})', 0);
  f('A10', 'REUSE.POLICY("wanzhou.target.sewer_km")', 0);
  f('A11', '测算!A3*2', 0); // a sheet named in Chinese, unquoted, as Excel writes it
  // A shared formula (B1 master, B2:B3 children), as Excel writes filled-down formulas.
  calc.getCell('C1').value = 100;
  calc.getCell('C2').value = 200;
  calc.getCell('C3').value = 400;
  calc.fillFormula(
    'B1:B3',
    "_xldudf_REUSE_TARIFF_TIERED(C1,'参数 Inputs'!$B$2:$C$2,'参数 Inputs'!$B$3:$D$3)",
    [0, 0, 0]
  );
  // A spilled array formula, as Excel saves a dynamic array (t="array" with its ref).
  (calc.fillFormula as unknown as (...a: unknown[]) => void).call(
    calc,
    'E1:J3',
    "_xldudf_REUSE_TARIFF_BREAKDOWN(240,'参数 Inputs'!B2:C2,'参数 Inputs'!B3:D3)",
    () => undefined,
    'array'
  );
  return wb;
}

describe('recalc of an Excel-saved workbook', () => {
  let dir: string;
  let input: string;
  let output: string;
  let before: Buffer;
  let report: Awaited<ReturnType<typeof recalcFile>>;
  let original: ExcelJS.Workbook;
  let out: ExcelJS.Workbook;

  beforeAll(async () => {
    dir = await tempDir();
    input = await writeWorkbook(bureauWorkbook(), dir);
    output = path.join(dir, 'out.xlsx');
    before = await fs.readFile(input);
    report = await recalcFile(input, output);
    original = await readWorkbook(input);
    out = await readWorkbook(output);
  });

  it('never modifies the input', async () => expect(sha(await fs.readFile(input))).toBe(sha(before)));

  it('keeps every sheet, in order, with its (Chinese) name', () =>
    expect(out.worksheets.map((w) => w.name)).toEqual(['参数 Inputs', '测算']));

  it('writes every formula back exactly as it was read', () => {
    const texts = (wb: ExcelJS.Workbook) => {
      const all: string[] = [];
      wb.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((c) => {
            if (c.formula) all.push(`${ws.name}!${c.address}=${c.formula}`);
          })
        )
      );
      return all;
    };
    expect(texts(out)).toEqual(texts(original));
    expect(texts(out)).toContain(
      "测算!A2=[1]!_xldudf_REUSE_TARIFF_TIERED(annual_volume,'参数 Inputs'!B2:C2,'参数 Inputs'!B3:D3,\"全量\")"
    );
  });

  it('computes _xldudf_ and [1]!_xldudf_ calls, with defined names', () => {
    expectClose(cached(out, '测算', 'A1'), 180 * 3.04 + 60 * 3.75);
    expectClose(cached(out, '测算', 'A2'), 240 * 3.75);
  });

  it('computes built-ins, _xlfn. prefixes and bare TRUE', () => {
    expectClose(cached(out, '测算', 'A3'), 2.5);
    expectClose(cached(out, '测算', 'A4'), (772.2 + 900) * 1.05);
    expect(cached(out, '测算', 'A5')).toBe('yes');
  });

  it('reads unquoted Chinese sheet names as Excel writes them', () => expectClose(cached(out, '测算', 'A11'), 5));

  it('computes shared formulas cell by cell', () => {
    expectClose(cached(out, '测算', 'B1'), 304);
    expectClose(cached(out, '测算', 'B2'), 547.2 + 20 * 3.75);
    expectClose(cached(out, '测算', 'B3'), 547.2 + 450 + 100 * 5.88);
  });

  it('fills a spilled array with values', async () => {
    expect(cached(out, '测算', 'E1')).toBe(1);
    expect(out.getWorksheet('测算')!.getCell('F2').value).toBe(180);
    expect(await storedCell(output, 'xl/worksheets/sheet2.xml', 'G3')).toBe(
      '<c r="G3" t="inlineStr"><is><t></t></is></c>'
    );
    expectClose(out.getWorksheet('测算')!.getCell('J2').value, 225);
  });

  it('keeps number formats', () => {
    expect(out.getWorksheet('测算')!.getCell('A1').numFmt).toBe('#,##0.00');
    expect(out.getWorksheet('参数 Inputs')!.getCell('B4').numFmt).toBe('0.0%');
  });

  it('passes an input error through as the cell’s value', () =>
    expect(cached(out, '测算', 'A9')).toEqual({ error: '#DIV/0!' }));

  it('keeps the old value of cells it cannot compute, and lists them', () => {
    expect(cached(out, '测算', 'A6')).toBe(42);
    expect(cached(out, '测算', 'A7')).toBe(7);
    expect(cached(out, '测算', 'A8')).toBe(43);
    const flagged = report.warnings.map((w) => `${w.sheet}!${w.address}`);
    expect(flagged).toEqual(expect.arrayContaining(['测算!A6', '测算!A7', '测算!A8']));
    expect(report.warnings.find((w) => w.address === 'A6')!.formula).toBe('FOOBAR_NOT_A_FUNCTION(1)');
  });

  it("keeps Excel's value where the engine differs with a function not verified against Excel, unless the caller changed inputs", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = { formula: 'REPT("ab",2)', result: 'Excel says so' } as ExcelJS.CellFormulaValue; // REPT: not verified
    ws.getCell('A2').value = { formula: 'LEFT("abc",2)', result: 'stale' } as ExcelJS.CellFormulaValue; // LEFT: verified
    const loaded = await loadWorkbook(await workbookBytes(wb));
    try {
      const plan = computeResults(loaded);
      expect(plan.cells.map((c) => [c.address, c.keep, c.value])).toEqual([
        ['A1', true, null],
        ['A2', false, 'ab'],
      ]);
      expect(plan.report.warnings.map((w) => w.address)).toEqual(['A1']);
      expect(plan.report.warnings[0].reason).toMatch(/"Excel says so" is kept: the engine gives "abab" with REPT/);
      const edited = computeResults(loaded, { keepUnverified: false });
      expect(edited.cells.map((c) => [c.address, c.keep, c.value])).toEqual([
        ['A1', false, 'abab'],
        ['A2', false, 'ab'],
      ]);
    } finally {
      loaded.engine.hf.destroy();
    }
  });

  it("takes a value cached to 15 significant digits (as LibreOffice saves) as agreeing: only a real difference keeps Excel's value", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    // INDEX is not verified; 28 000 000 / 3 = 9 333 333.333333334 in doubles, 9333333.33333333 in LibreOffice's file.
    ws.getCell('A1').value = {
      formula: 'INDEX({28000000},1,1)/3',
      result: 9333333.33333333,
    } as ExcelJS.CellFormulaValue;
    ws.getCell('A2').value = { formula: 'INDEX({28000000},1,1)/3', result: 9333000 } as ExcelJS.CellFormulaValue;
    const loaded = await loadWorkbook(await workbookBytes(wb));
    try {
      const plan = computeResults(loaded);
      expect(plan.cells.map((c) => [c.address, c.keep, c.value])).toEqual([
        ['A1', false, 28_000_000 / 3],
        ['A2', true, null],
      ]);
      expect(plan.report.warnings.map((w) => w.address)).toEqual(['A2']);
    } finally {
      loaded.engine.hf.destroy();
    }
  });

  it('counts formulas and REUSE calls', () => {
    expect(report.formulas).toBe(15);
    expect(report.reuseFormulas).toBe(8);
  });
});

describe('Excel compatibility of the engine', () => {
  it.each([
    ['DATE(2023,8,31)', 45169],
    ['DATE(1900,1,1)', 1],
    ['DATE(1900,2,28)', 59],
    ['DATE(1900,3,1)', 61],
    ['WEEKDAY(45169)', 5], // 2023-08-31 was a Thursday
  ])('%s = %d, as in Excel’s 1900 date system', (f, expected) => expect(evaluate(f)).toBe(expected));
});

describe('spills', () => {
  async function recalcOne(build: (ws: ExcelJS.Worksheet) => void) {
    const dir = await tempDir();
    const wb = new ExcelJS.Workbook();
    build(wb.addWorksheet('S'));
    const input = await writeWorkbook(wb, dir);
    const output = path.join(dir, 'out.xlsx');
    const report = await recalcFile(input, output);
    return { out: await readWorkbook(output), report, output };
  }

  it('a spill into occupied cells is #SPILL!', async () => {
    const { out } = await recalcOne((ws) => {
      ws.getCell('A1').value = {
        formula: 'REUSE.TARIFF.TIERED({100;200;300},{180,300},{3.04,3.75,5.88})',
      } as ExcelJS.CellFormulaValue;
      ws.getCell('A2').value = 'in the way';
    });
    expect(cached(out, 'S', 'A1')).toEqual({ error: '#SPILL!' });
    expect(out.getWorksheet('S')!.getCell('A2').value).toBe('in the way');
  });

  it('a spilling function called with the wrong number of arguments is one #N/A cell, not a spill', async () => {
    const { out } = await recalcOne((ws) => {
      ws.getCell('A1').value = { formula: 'REUSE.POLICY.LIST(1)' } as ExcelJS.CellFormulaValue;
    });
    expect(cached(out, 'S', 'A1')).toEqual({ error: '#N/A' });
    expect(out.getWorksheet('S')!.getCell('A2').value).toBeNull();
    expect((out.getWorksheet('S')!.getCell('A1').value as { ref?: string }).ref).toBeUndefined();
  });

  it('sizes two array calls nested in one formula independently', async () => {
    const { out, output } = await recalcOne((ws) => {
      ws.getCell('A1').value = 15; // the term sits in a cell: the inner spill's size is only known at evaluation
      for (let r = 2; r <= 21; r++) ws.getCell(`B${r}`).value = 30e6;
      ws.getCell('C1').value = {
        formula: 'REUSE.BOND.DSCR(B2:B21,REUSE.BOND.DEBTSERVICE(200000000,0.023,A1,1))',
      } as ExcelJS.CellFormulaValue;
    });
    const ws = out.getWorksheet('S')!;
    expectClose(cached(out, 'S', 'C1'), 30e6 / (200e6 * 0.023));
    expectClose(ws.getCell('C15').value, 30e6 / (200e6 * 1.023));
    expect(await storedCell(output, 'xl/worksheets/sheet1.xml', 'C16')).toBe(
      '<c r="C16" t="inlineStr"><is><t></t></is></c>'
    );
    expect((ws.getCell('C1').value as { ref?: string }).ref).toBe('C1:C20');
  });

  it('a defined name pointing at an empty cell is an omitted argument; a bare reference to it shows 0', async () => {
    const dir = await tempDir();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    wb.definedNames.add('S!$Z$9', 'coverage_required');
    ws.getCell('A1').value = {
      formula: 'REUSE.BOND.CAPACITY({100},0.03,5,coverage_required,1)',
    } as ExcelJS.CellFormulaValue;
    ws.getCell('A2').value = { formula: 'Z9' } as ExcelJS.CellFormulaValue;
    const input = await writeWorkbook(wb, dir);
    await recalcFile(input, path.join(dir, 'out.xlsx'));
    const back = await readWorkbook(path.join(dir, 'out.xlsx'));
    expectClose(cached(back, 'S', 'A1'), 100 / (1.2 * (1 + 5 * 0.03))); // coverage 1.2 by default; bullet, annual coupons
    expect(cached(back, 'S', 'A2')).toBe(0);
  });

  it('caches results of 0, FALSE and "" (ExcelJS would drop them)', async () => {
    const { out, output } = await recalcOne((ws) => {
      ws.getCell('A1').value = { formula: '1-1', result: 5 } as ExcelJS.CellFormulaValue;
      ws.getCell('A2').value = { formula: '1=2', result: true } as ExcelJS.CellFormulaValue;
      ws.getCell('A3').value = { formula: 'LEFT("x",0)', result: 'stale' } as ExcelJS.CellFormulaValue;
    });
    expect([cached(out, 'S', 'A1'), cached(out, 'S', 'A2')]).toEqual([0, false]);
    // ExcelJS reads an empty text result back as nothing, so look at the stored XML itself.
    const zip = await JSZip.loadAsync(await fs.readFile(output));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).toMatch(/<c r="A3" t="str"><f>LEFT\(&quot;x&quot;,0\)<\/f><v><\/v><\/c>/);
  });

  it('sizes spills whose size depends on cell values (learnt at evaluation)', async () => {
    const { out } = await recalcOne((ws) => {
      ws.getCell('A1').value = 'tariff.tier_ratio';
      ws.getCell('A2').value = { formula: 'REUSE.POLICY(A1)' } as ExcelJS.CellFormulaValue;
      // prices in a 5-cell range with only 3 filled: the breakdown has 3 rows, not 5.
      ws.getCell('H1').value = 3.04;
      ws.getCell('H2').value = 3.75;
      ws.getCell('H3').value = 5.88;
      ws.getCell('G1').value = 180;
      ws.getCell('G2').value = 300;
      ws.getCell('A5').value = { formula: 'REUSE.TARIFF.BREAKDOWN(400,G1:G2,H1:H5)' } as ExcelJS.CellFormulaValue;
      ws.getCell('A10').value = { formula: 'SUM(A2:C2)' } as ExcelJS.CellFormulaValue;
    });
    const ws = out.getWorksheet('S')!;
    expect([cached(out, 'S', 'A2'), ws.getCell('B2').value, ws.getCell('C2').value]).toEqual([1, 1.5, 3]);
    expectClose(cached(out, 'S', 'A10'), 5.5);
    expect(ws.getCell('A7').value).toBe(3);
    expect(ws.getCell('A8').value).toBeNull();
    expect((ws.getCell('A5').value as { ref?: string }).ref).toBe('A5:F7');
  });
});
