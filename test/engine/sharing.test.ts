/**
 * Sharing workbooks between bureaus: `check` diagnoses a workbook another bureau sent,
 * `repair` fixes REUSE spellings Excel cannot resolve, `snapshot` makes a copy that shows the
 * right numbers without the add-in — on real .xlsx files, and end to end through the CLI.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { main } from '../../src/cli/reuse-calc';
import { CheckReport, checkWorkbookBytes } from '../../src/engine/check';
import { usesReuse } from '../../src/engine/formula-text';
import { RepairResult, repairWorkbookBytes } from '../../src/engine/repair';
import { SNAPSHOT_SHEET, SnapshotResult, snapshotWorkbookBytes } from '../../src/engine/snapshot';
import { patchCachedValues } from '../../src/engine/patch-values';
import { computeResults, loadWorkbook } from '../../src/engine/load';
import { workbookBytes } from '../../src/examples/xlsx-bytes';
import { cachedResult, tempDir } from '../helpers/fixtures';
import { PCT, PROBLEMS, SCENARIO_PART, VOLUMES, bureauWithProblems, partBytes, tiered } from '../helpers/sharing';
import { expectClose } from '../helpers/tolerance';

const FIXED_TIME = new Date('2025-03-01T08:30:00.000Z');

async function excel(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

function allFormulas(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if (c.formula) out.push(`${ws.name}!${c.address}=${c.formula}`);
      })
    )
  );
  return out;
}

async function partsOf(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, Buffer>();
  for (const f of Object.values(zip.files)) if (!f.dir) out.set(f.name, Buffer.from(await f.async('uint8array')));
  return out;
}

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** A clean workbook: formulas with correct cached values (recalculated by the engine). */
async function cleanWorkbook(mutate?: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('S');
  VOLUMES.forEach((v, i) => (ws.getCell(`A${i + 1}`).value = v));
  (ws.fillFormula as unknown as (r: string, f: string, x: unknown, t: string) => void).call(
    ws,
    'B1:B6',
    '_xldudf_REUSE_TARIFF_TIERED(A1,{180,300},{3.04,3.75,5.88})*1',
    [],
    'shared'
  );
  ws.getCell('C1').value = { formula: 'SUM(B1:B6)' } as ExcelJS.CellFormulaValue;
  ws.getCell('D1').value = '标签 label';
  const built = await workbookBytes(wb);
  const loaded = await loadWorkbook(built);
  const fresh = await patchCachedValues(built, loaded, computeResults(loaded).cells);
  loaded.engine.hf.destroy();
  if (!mutate) return fresh;
  const back = await excel(fresh);
  mutate(back);
  return workbookBytes(back);
}

describe('check', () => {
  let report: CheckReport;
  beforeAll(async () => {
    report = await checkWorkbookBytes(await bureauWithProblems());
  });

  it.each(Object.entries(PROBLEMS))('finds %s: %s', (at, kind) => {
    expect(report.findings.map((f) => `${f.sheet}!${f.address} ${f.kind}`)).toContain(`${at} ${kind}`);
  });

  it('finds nothing else (the corrupted cells also hold stale error values)', () => {
    const expected = [
      ...Object.entries(PROBLEMS).map(([at, kind]) => `${at} ${kind}`),
      '测算!A1 differs',
      '测算!A2 differs',
    ];
    expect(report.findings.map((f) => `${f.sheet}!${f.address} ${f.kind}`).sort()).toEqual(expected.sort());
    expect(report.consistent).toBe(false);
  });

  it.each([
    ['a stale REUSE result', 'B3', { stored: 1000, recomputed: tiered(400), reuse: true }],
    ['a stale built-in', 'D2', { stored: 1, recomputed: 200 * PCT, reuse: false }],
    [
      'a stale spilled cell, with the cell it spills from',
      'G2',
      { stored: 301, recomputed: 300, spilledFrom: 'E1', reuse: true },
    ],
    ['a corrupted REUSE call, with its cached error', 'A1', { stored: { error: '#REF!' }, recomputed: tiered(240) }],
  ] as [string, string, object][])(
    'reports %s with sheet, cell, formula, stored and recomputed values',
    (_name, address, expected) => {
      const f = report.findings.find((x) => x.address === address && x.kind === 'differs')!;
      expect(f).toMatchObject({ sheet: '测算', ...expected });
      expect(f.formula.length).toBeGreaterThan(0);
    }
  );

  it('reports a missing REUSE result with the value it should have', () => {
    const f = report.findings.find((x) => x.kind === 'missing')!;
    expect(f).toMatchObject({ address: 'A3', reuse: true, formula: '_xldudf_REUSE_PRICE_RETURNRATE(0.027,0.042,0.6)' });
    expectClose(f.recomputed, 0.052);
  });

  it('reports a constant typed over a filled-down formula, with the formula and its neighbours', () => {
    const f = report.findings.find((x) => x.kind === 'overwritten')!;
    expect(f).toMatchObject({ address: 'B5', stored: 2000, neighbours: ['B4', 'B6'], reuse: true });
    expect(f.formula).toBe("_xldudf_REUSE_TARIFF_TIERED(C4,'参数 Inputs'!$B$2:$C$2,'参数 Inputs'!$B$3:$D$3)");
  });

  it('reports the spelling repair would write', () => {
    expect(report.findings.filter((f) => f.kind === 'spelling').map((f) => f.repaired)).toEqual([
      '_xldudf_REUSE_TARIFF_TIERED(annual_volume,{180,300},{3.04,3.75,5.88})',
      '_xldudf_REUSE_POLICY("wanzhou.target.sewer_km")',
    ]);
  });

  /** The six bills and their sum cached as Excel would hold them, computed here without the engine. */
  async function independentlyCached(offBy = 0): Promise<Uint8Array> {
    // The block tariff by hand: 180 m³ at 3.04, to 300 at 3.75, above at 5.88.
    const bill = (v: number) =>
      Math.min(v, 180) * 3.04 + Math.max(0, Math.min(v, 300) - 180) * 3.75 + Math.max(0, v - 300) * 5.88;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    VOLUMES.forEach((v, i) => {
      ws.getCell(`A${i + 1}`).value = v;
      ws.getCell(`B${i + 1}`).value = {
        formula: `_xldudf_REUSE_TARIFF_TIERED(A${i + 1},{180,300},{3.04,3.75,5.88})*1`,
        result: bill(v) + (i === 2 ? offBy : 0),
      } as ExcelJS.CellFormulaValue;
    });
    ws.getCell('C1').value = {
      formula: 'SUM(B1:B6)',
      result: VOLUMES.reduce((t, v) => t + bill(v), 0) + offBy,
    } as ExcelJS.CellFormulaValue;
    return workbookBytes(wb);
  }

  it('finds a workbook whose cached values were computed independently consistent, and one a cent off not', async () => {
    const ok = await checkWorkbookBytes(await independentlyCached());
    expect([ok.findings, ok.consistent, ok.cellsCompared]).toEqual([[], true, 7]);
    const off = await checkWorkbookBytes(await independentlyCached(0.01));
    expect(off.findings.map((f) => `${f.address} ${f.kind}`).sort()).toEqual(['B3 differs', 'C1 differs']);
  });

  it('finds a freshly recalculated workbook consistent', async () => {
    const r = await checkWorkbookBytes(await cleanWorkbook());
    expect(r.findings).toEqual([]);
    expect(r.consistent).toBe(true);
    expect(r.unchecked).toEqual([]);
    expect(r.cellsCompared).toBe(7);
  });

  it('does not call Excel wrong where the engine uses a function not verified against Excel', async () => {
    const r = await checkWorkbookBytes(
      await cleanWorkbook((wb) => {
        const ws = wb.getWorksheet('S')!;
        [
          [1, 10],
          [2, 20],
        ].forEach(([k, v], i) => ((ws.getCell(`F${i + 1}`).value = k), (ws.getCell(`G${i + 1}`).value = v)));
        ws.getCell('E1').value = { formula: 'VLOOKUP(2,F1:G2,2,FALSE)', result: 99 } as ExcelJS.CellFormulaValue; // the engine gives 20
        ws.getCell('E2').value = { formula: 'ROUND(0.285,2)', result: 0.5 } as ExcelJS.CellFormulaValue; // verified: 0.29
      })
    );
    expect(r.findings.map((f) => `${f.address} ${f.kind}`)).toEqual(['E1 unverified', 'E2 differs']);
    expect(r.findings[0].message).toMatch(
      /cached value 99 is kept: the engine gives 20 with VLOOKUP, which it is not verified/
    );
    expect(r.consistent).toBe(false);
  });

  it('never calls a workbook consistent when a formula could not be computed: it is listed as unverified', async () => {
    const r = await checkWorkbookBytes(
      await cleanWorkbook(
        (wb) =>
          (wb.getWorksheet('S')!.getCell('C2').value = {
            formula: 'FOOBAR_NOT_A_FUNCTION(1)',
            result: 7,
          } as ExcelJS.CellFormulaValue)
      )
    );
    expect(r.findings.map((f) => `${f.address} ${f.kind}`)).toEqual(['C2 unverified']);
    expect(r.consistent).toBe(false);
    expect(r.unchecked.map((w) => w.address)).toEqual(['C2']);
    expect(r.cellsCompared).toBe(7);
  });

  it.each([
    ['a value off by 1e-7 relative', 1 + 1e-7, {}, false],
    ['the same with --tolerance 1e-6', 1 + 1e-7, { rel: 1e-6 }, true],
    ['a value off by 1e-12 relative', 1 + 1e-12, {}, true],
  ] as [string, number, object, boolean][])(
    'tolerance: %s → consistent %s',
    async (_name, factor, tolerance, consistent) => {
      const bytes = await cleanWorkbook((wb) => {
        const c = wb.getWorksheet('S')!.getCell('B3');
        c.value = { sharedFormula: 'B1', result: (cachedResult(c) as number) * factor } as unknown as ExcelJS.CellValue;
      });
      expect((await checkWorkbookBytes(bytes, { tolerance })).consistent).toBe(consistent);
    }
  );

  it.each([
    ['a label between formulas', (ws: ExcelJS.Worksheet) => (ws.getCell('B3').value = '小计')],
    ['a constant below the last formula', (ws: ExcelJS.Worksheet) => (ws.getCell('B7').value = 5)],
  ] as [string, (ws: ExcelJS.Worksheet) => void][])(
    'does not flag %s as typed over a formula',
    async (_name, mutate) => {
      const r = await checkWorkbookBytes(await cleanWorkbook((wb) => mutate(wb.getWorksheet('S')!)));
      expect(r.findings.filter((f) => f.kind === 'overwritten')).toEqual([]);
    }
  );

  it('flags a constant typed into a row of formulas filled right', async () => {
    const bytes = await cleanWorkbook((wb) => {
      const ws = wb.getWorksheet('S')!;
      ['E', 'F', 'G', 'H'].forEach((col, i) => {
        ws.getCell(`${col}9`).value = i + 1;
        ws.getCell(`${col}10`).value =
          i === 2 ? 30 : ({ formula: `${col}9*10`, result: (i + 1) * 10 } as ExcelJS.CellFormulaValue);
      });
    });
    const r = await checkWorkbookBytes(bytes);
    expect(r.findings.map((f) => `${f.address} ${f.kind}`)).toEqual(['G10 overwritten']);
  });
});

/** The bytes with the first sheet's XML (and optionally the workbook part) edited as text. */
async function editXml(
  bytes: Uint8Array,
  sheet: (xml: string) => string,
  workbook: (xml: string) => string = (x) => x
): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  zip.file('xl/worksheets/sheet1.xml', sheet(await zip.file('xl/worksheets/sheet1.xml')!.async('string')));
  zip.file('xl/workbook.xml', workbook(await zip.file('xl/workbook.xml')!.async('string')));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Adds E1 (its XML as given) at the end of row 1 of the clean workbook. */
const withE1 = async (cellXml: string, fullCalcOnLoad = false) =>
  editXml(
    await cleanWorkbook(),
    (xml) => xml.replace('</row>', `${cellXml}</row>`),
    (xml) => (fullCalcOnLoad ? xml.replace(/<calcPr([^>]*?)\/>/, '<calcPr$1 fullCalcOnLoad="1"/>') : xml)
  );
const EMPTY_IF = 'IF(A1&gt;0,&quot;&quot;,1)'; // A1 = 100: the formula gives ""

describe('check: a formula that returns "" (issue 11)', () => {
  it.each([
    ['an empty <v></v> and no type', `<c r="E1"><f>${EMPTY_IF}</f><v></v></c>`],
    ['an empty <v/>', `<c r="E1"><f>${EMPTY_IF}</f><v/></c>`],
    ['t="str" and no <v> (as LibreOffice may write it)', `<c r="E1" t="str"><f>${EMPTY_IF}</f></c>`],
    ['t="str" and an empty <v></v> (as Excel writes it)', `<c r="E1" t="str"><f>${EMPTY_IF}</f><v></v></c>`],
  ])('cached as %s equals "": no finding', async (_name, cellXml) => {
    const r = await checkWorkbookBytes(await withE1(cellXml));
    expect(r.findings).toEqual([]);
    expect(r.consistent).toBe(true);
    expect(r.cellsCompared).toBe(8);
  });

  it('an empty cache where the formula gives a number is a stale value, not ""', async () => {
    const r = await checkWorkbookBytes(await withE1('<c r="E1"><f>IF(A1&gt;0,0,1)</f><v></v></c>'));
    expect(r.findings).toMatchObject([{ address: 'E1', kind: 'differs', stored: '', recomputed: 0 }]);
  });

  it('no <v> at all and no type is still a missing value', async () => {
    const r = await checkWorkbookBytes(await withE1(`<c r="E1"><f>${EMPTY_IF}</f></c>`));
    expect(r.findings).toMatchObject([{ address: 'E1', kind: 'missing', recomputed: '' }]);
    expect(r.uncached).toBe(0);
  });

  it('…but not when the workbook recalculates on open (fullCalcOnLoad): counted, not a finding', async () => {
    const r = await checkWorkbookBytes(await withE1('<c r="E1"><f>A1*2</f></c>', true));
    expect(r.findings).toEqual([]);
    expect(r.uncached).toBe(1);
    expect(r.consistent).toBe(true);
  });

  it('a stale cached value in a workbook that recalculates on open is still reported', async () => {
    const r = await checkWorkbookBytes(await withE1('<c r="E1"><f>A1*2</f><v>7</v></c>', true));
    expect(r.findings).toMatchObject([{ address: 'E1', kind: 'differs', stored: 7, recomputed: 200 }]);
  });
});

describe('check: constants over formulas, and input columns (issue 11)', () => {
  const overwritten = async (mutate: (ws: ExcelJS.Worksheet) => void) =>
    (await checkWorkbookBytes(await cleanWorkbook((wb) => mutate(wb.getWorksheet('S')!)))).findings
      .filter((f) => f.kind === 'overwritten')
      .map((f) => f.address);
  const f = (formula: string) => ({ formula }) as ExcelJS.CellFormulaValue;

  it('an input column with a converting formula after each input is not flagged (再生水价格!C5:C9)', async () => {
    expect(
      await overwritten((ws) => {
        ws.getCell('G1').value = 30_000;
        ws.getCell('G2').value = f('G1*365');
        ws.getCell('G3').value = 25_500; // an input, between two formulas of the same shape
        ws.getCell('G4').value = f('G3*365');
        ws.getCell('G5').value = f('G4/G2');
      })
    ).toEqual([]);
  });

  it('a constant just after the first cell of a filled-down formula is flagged (the run continues below)', async () => {
    expect(
      await overwritten((ws) => {
        ws.getCell('H1').value = f('A1*2');
        ws.getCell('H2').value = 5;
        ws.getCell('H3').value = f('A3*2');
        ws.getCell('H4').value = f('A4*2');
      })
    ).toEqual(['H2']);
  });

  it('two constants typed over a filled-down formula are flagged together', async () => {
    expect(
      await overwritten((ws) => {
        ws.getCell('H1').value = f('A1*2');
        ws.getCell('H2').value = f('A2*2');
        ws.getCell('H3').value = 5;
        ws.getCell('H4').value = 6;
        ws.getCell('H5').value = f('A5*2');
      })
    ).toEqual(['H3', 'H4']);
  });

  it('alternating inputs and formulas of one shape are an input pattern, not overwrites', async () => {
    expect(
      await overwritten((ws) => {
        for (let r = 1; r <= 8; r++) ws.getCell(`H${r}`).value = r % 2 ? r * 10 : f(`H${r - 1}*365`);
      })
    ).toEqual([]);
  });
});

describe('repair', () => {
  let input: Uint8Array;
  let result: RepairResult;
  beforeAll(async () => {
    input = await bureauWithProblems();
    result = await repairWorkbookBytes(input);
  });

  it('rewrites the corrupted and the bare spelling, and reports each change', () => {
    expect(result.changes).toEqual([
      {
        sheet: '测算',
        address: 'A1',
        before: '[1]!_xldudf_REUSE_TARIFF_TIERED(annual_volume,{180,300},{3.04,3.75,5.88})',
        after: '_xldudf_REUSE_TARIFF_TIERED(annual_volume,{180,300},{3.04,3.75,5.88})',
        shared: false,
      },
      {
        sheet: '测算',
        address: 'A2',
        before: 'REUSE.POLICY("wanzhou.target.sewer_km")',
        after: '_xldudf_REUSE_POLICY("wanzhou.target.sewer_km")',
        shared: false,
      },
    ]);
  });

  it('touches nothing but the formulas it repairs (custom XML, styles, other sheets byte for byte)', async () => {
    const before = await partsOf(input);
    const after = await partsOf(result.bytes);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const changed = [...before.keys()].filter((k) => !before.get(k)!.equals(after.get(k)!));
    expect(changed.sort()).toEqual(['xl/workbook.xml', 'xl/worksheets/sheet2.xml']);
  });

  it('asks Excel to recalculate on open, so the cached #NAME? goes', async () => {
    const xml = (await partsOf(result.bytes)).get('xl/workbook.xml')!.toString();
    expect(xml).toMatch(/<calcPr\b[^>]*fullCalcOnLoad="1"/);
  });

  it('leaves a workbook with nothing to repair as it is', async () => {
    const again = await repairWorkbookBytes(result.bytes);
    expect(again.changes).toEqual([]);
    expect(Buffer.from(again.bytes).equals(Buffer.from(result.bytes))).toBe(true);
  });

  it('rewrites a shared formula in its master and keeps the share', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    VOLUMES.forEach((v, i) => (ws.getCell(`A${i + 1}`).value = v));
    (ws.fillFormula as unknown as (r: string, f: string, x: unknown, t: string) => void).call(
      ws,
      'B1:B6',
      'REUSE.TARIFF.TIERED(A1,{180,300},{3.04,3.75,5.88})',
      [],
      'shared'
    );
    wb.definedNames.add('S!$B$1', 'first_bill');
    const r = await repairWorkbookBytes(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(r.changes).toEqual([
      {
        sheet: 'S',
        address: 'B1',
        before: 'REUSE.TARIFF.TIERED(A1,{180,300},{3.04,3.75,5.88})',
        after: '_xldudf_REUSE_TARIFF_TIERED(A1,{180,300},{3.04,3.75,5.88})',
        shared: true,
      },
    ]);
    const xml = (await partsOf(r.bytes)).get('xl/worksheets/sheet1.xml')!.toString();
    expect(xml.match(/<f t="shared"[^>]*\/>/g)).toHaveLength(5);
    const out = await excel(r.bytes);
    expect(out.getWorksheet('S')!.getCell('B4').formula).toBe(
      '_xldudf_REUSE_TARIFF_TIERED(A4,{180,300},{3.04,3.75,5.88})'
    );
  });

  it('repairs a defined name that calls REUSE', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').getCell('A1').value = 1;
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('xl/workbook.xml')!.async('string');
    zip.file(
      'xl/workbook.xml',
      xml.replace(
        '</sheets>',
        '</sheets><definedNames><definedName name="cit">[1]!_xldudf_REUSE_POLICY("cit.rate")</definedName></definedNames>'
      )
    );
    const r = await repairWorkbookBytes(await zip.generateAsync({ type: 'uint8array' }));
    expect(r.changes).toEqual([
      {
        sheet: '',
        address: 'cit',
        before: '[1]!_xldudf_REUSE_POLICY("cit.rate")',
        after: '_xldudf_REUSE_POLICY("cit.rate")',
        shared: false,
      },
    ]);
  });
});

describe('snapshot', () => {
  let input: Uint8Array;
  let result: SnapshotResult;
  let out: ExcelJS.Workbook;
  beforeAll(async () => {
    input = await bureauWithProblems();
    result = await snapshotWorkbookBytes(input, { version: '9.8.7', now: () => FIXED_TIME });
    out = await excel(result.bytes);
  });

  it('leaves no REUSE call in any formula, in any spelling', async () => {
    expect(allFormulas(out).filter(usesReuse)).toEqual([]);
    for (const [name, data] of await partsOf(result.bytes)) {
      if (name.startsWith('xl/worksheets/')) expect(data.toString()).not.toMatch(/<f\b[^>]*>[^<]*(REUSE|_xldudf_)/i);
    }
  });

  it.each([
    ['A1', tiered(240)],
    ['A2', 150],
    ['A3', 0.052],
    ['B1', tiered(100)],
    ['B3', tiered(400)],
    ['B6', tiered(150)],
    ['G2', 300],
    ['J2', 225],
    ['A4', VOLUMES.reduce((a, v, i) => a + (i === 4 ? 2000 : tiered(v)), 0)],
  ] as [string, number][])('puts the recomputed value in %s', (address, expected) => {
    const c = out.getWorksheet('测算')!.getCell(address);
    expectClose(cachedResult(c), expected);
  });

  it('turns a spilled REUSE array into plain values over its range', () => {
    const ws = out.getWorksheet('测算')!;
    for (const a of ['E1', 'F1', 'J1', 'E3', 'J3']) expect(ws.getCell(a).type).not.toBe(ExcelJS.ValueType.Formula);
    expect(ws.getCell('E3').value).toBe(3);
    expect(ws.getCell('G3').value).toBe('');
  });

  it('keeps other formulas, their dynamic arrays, number formats, names and sheet order', async () => {
    const ws = out.getWorksheet('测算')!;
    expect(ws.getCell('D1').formula).toBe("C1*'参数 Inputs'!$B$4");
    expect(ws.getCell('A4').formula).toBe('SUM(B1:B6)');
    expect(ws.getCell('A5').formula).toBe('IF(A4>0,"ok","check")');
    expect(ws.getCell('L1').formula).toBe('_xlfn.SEQUENCE(3)');
    const xml = (await partsOf(result.bytes)).get('xl/worksheets/sheet2.xml')!.toString();
    expect(xml).toMatch(/<c [^>]*cm="1"[^>]*r="L1"|<c [^>]*r="L1"[^>]*cm="1"/);
    expect(ws.getCell('A1').numFmt).toBe('#,##0.00');
    expect(ws.getCell('A3').numFmt).toBe('0.00%');
    expect(out.getWorksheet('参数 Inputs')!.getCell('B4').numFmt).toBe('0.0%');
    expect(out.definedNames.getRanges('annual_volume').ranges).toEqual(["'参数 Inputs'!$B$1"]);
    expect(out.worksheets.map((w) => w.name)).toEqual(['参数 Inputs', '测算', SNAPSHOT_SHEET]);
  });

  it('keeps the scenario store (custom XML) byte for byte', async () => {
    expect(
      Buffer.from((await partBytes(result.bytes, SCENARIO_PART))!).equals(
        Buffer.from((await partBytes(input, SCENARIO_PART))!)
      )
    ).toBe(true);
  });

  it('lists each replaced cell with its original formula, the version and the time, in Chinese and English', () => {
    const notes = out.getWorksheet(SNAPSHOT_SHEET)!;
    const rows: unknown[][] = [];
    notes.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const text = rows.map((r) => r.join('|')).join('\n');
    expect(text).toContain('加载项版本 Add-in version|9.8.7');
    expect(text).toContain('快照时间 Snapshot time (UTC, ISO 8601)|2025-03-01T08:30:00.000Z');
    expect(text).toContain(
      '工作表 Sheet|单元格 Cell|区域 Range|原公式 Original formula|保存形式 As stored in the file|数值 Value'
    );
    expect(result.replaced.map((e) => e.address)).toEqual(['A1', 'B1', 'E1', 'A2', 'B2', 'A3', 'B3', 'B4', 'B6']);
    expect(result.replaced.find((e) => e.address === 'E1')!.range).toBe('E1:J3');
    expect(text).toContain(
      '测算|A1||=REUSE.TARIFF.TIERED(annual_volume,{180,300},{3.04,3.75,5.88})|=[1]!_xldudf_REUSE_TARIFF_TIERED(annual_volume,{180,300},{3.04,3.75,5.88})|772.2'
    );
    // The formula texts are text, never formulas, in the notes sheet.
    expect(allFormulas(out).filter((f) => f.startsWith(SNAPSHOT_SHEET))).toEqual([]);
    expect(result.time).toBe('2025-03-01T08:30:00.000Z');
  });
});

describe('a workbook with stale, hand-typed and corrupted cells, end to end (the issue’s "done when")', () => {
  it('is diagnosed by check, fixed by repair, and snapshot gives a copy with the right numbers and no REUSE call', async () => {
    const dir = await tempDir();
    const sent = path.join(dir, '住建局 housing.xlsx');
    const repaired = path.join(dir, 'repaired.xlsx');
    const shared = path.join(dir, 'for-development-and-reform.xlsx');
    await fs.writeFile(sent, await bureauWithProblems());
    const original = await fs.readFile(sent);

    const diagnosed = await run(['check', sent, '--json']);
    expect(diagnosed.code).toBe(1);
    const findings = JSON.parse(diagnosed.out[0]).findings as { address: string; kind: string }[];
    expect(new Set(findings.map((f) => f.kind))).toEqual(new Set(['differs', 'missing', 'overwritten', 'spelling']));

    const fixed = await run(['repair', sent, '-o', repaired]);
    expect(fixed.code).toBe(0);
    expect(fixed.out.at(-1)).toMatch(/^repaired 2 formulas/);
    const afterRepair = await run(['check', repaired, '--json']);
    expect(JSON.parse(afterRepair.out[0]).findings.filter((f: { kind: string }) => f.kind === 'spelling')).toEqual([]);

    const snap = await run(['snapshot', repaired, '-o', shared]);
    expect(snap.code).toBe(0);
    const copy = await excel(await fs.readFile(shared));
    expect(allFormulas(copy).filter(usesReuse)).toEqual([]);
    const ws = copy.getWorksheet('测算')!;
    VOLUMES.forEach((v, i) => i !== 4 && expectClose(cachedResult(ws.getCell(`B${i + 1}`)), tiered(v)));
    expectClose(cachedResult(ws.getCell('A1')), 772.2);
    expectClose(cachedResult(ws.getCell('D2')), 10);

    // The copy is consistent as it stands: what Excel shows without the add-in is what the engine computes.
    const final = await run(['check', shared]);
    expect(final.code).toBe(0);
    expect(final.out.at(-1)).toMatch(/^consistent/);
    expect((await fs.readFile(sent)).equals(original)).toBe(true);
  });
});
