/**
 * Recalc patches cached values in place: a bureau's workbook with a chart, an image, a
 * comment (with its VML) and a calcChain keeps every part but the patched sheet byte for
 * byte, while values, spills that grow and shrink, text/boolean/error results and inserted
 * rows and cells come out right.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { markDynamicArrays, readDynamicArrayCells } from '../../src/examples/xlsx-bytes';
import { recalcFile } from '../../src/api/files';
import { SNAPSHOT_SHEET, SnapshotResult, snapshotWorkbookBytes } from '../../src/engine/snapshot';
import { Edit, SheetEdits, patchSheetXml } from '../../src/xlsx/write';
import { cached, tempDir } from '../helpers/fixtures';
import { expectClose } from '../helpers/tolerance';

type Fill = (
  range: string,
  formula: string,
  results: (row: number, col: number) => unknown,
  shareType: 'array'
) => void;

const SHEET = '测算 表';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64'
);

const CHART_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
  '<c:chart><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>' +
  `<c:ser><c:idx val="0"/><c:order val="0"/><c:val><c:numRef><c:f>'${SHEET}'!$A$2:$C$2</c:f></c:numRef></c:val></c:ser>` +
  '<c:axId val="1"/><c:axId val="2"/></c:barChart>' +
  '<c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:axPos val="b"/><c:crossAx val="2"/></c:catAx>' +
  '<c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:axPos val="l"/><c:crossAx val="1"/></c:valAx>' +
  '</c:plotArea></c:chart></c:chartSpace>';

const CHART_ANCHOR =
  '<xdr:twoCellAnchor><xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>' +
  '<xdr:to><xdr:col>14</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>15</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>' +
  '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="99" name="Chart 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>' +
  '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">' +
  '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rIdChart1"/>' +
  '</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>';

/** ExcelJS cannot write charts: add one to the sheet's drawing (with its rels and content type), plus a calcChain. */
async function addChartAndCalcChain(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const drawing = Object.keys(zip.files).find((n) => /^xl\/drawings\/drawing\d+\.xml$/.test(n))!;
  const relsPath = drawing.replace('drawings/', 'drawings/_rels/') + '.rels';
  zip.file('xl/charts/chart1.xml', CHART_XML);
  zip.file(drawing, (await zip.file(drawing)!.async('string')).replace('</xdr:wsDr>', `${CHART_ANCHOR}</xdr:wsDr>`));
  zip.file(
    relsPath,
    (await zip.file(relsPath)!.async('string')).replace(
      '</Relationships>',
      '<Relationship Id="rIdChart1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart1.xml"/></Relationships>'
    )
  );
  zip.file(
    'xl/calcChain.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="A2" i="2"/><c r="A15"/></calcChain>'
  );
  const types = await zip.file('[Content_Types].xml')!.async('string');
  zip.file(
    '[Content_Types].xml',
    types.replace(
      '</Types>',
      '<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>' +
        '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>'
    )
  );
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  zip.file(
    'xl/_rels/workbook.xml.rels',
    rels.replace(
      '</Relationships>',
      '<Relationship Id="rIdCalc" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>'
    )
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** A bureau's workbook as Excel 365 would save it: stale cached values, stale spill sizes, dynamic arrays marked. */
async function bureauBytes(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const calc = wb.addWorksheet(SHEET);
  const inputs = wb.addWorksheet('参数');
  inputs.getCell('B1').value = 10;
  inputs.getCell('B1').note = '年用水量（万吨）';
  inputs.addImage(wb.addImage({ buffer: PNG, extension: 'png' } as unknown as ExcelJS.Image), 'D2:E4');

  const fill = calc.fillFormula as unknown as Fill;
  // Grows: the key now names a 3-value policy, the file cached a 2-value spill (C2 does not exist).
  calc.getCell('A1').value = 'tariff.tier_ratio';
  fill.call(calc, 'A2:B2', 'REUSE.POLICY(A1)', (_r, c) => [0.8, 0.95][c - 1], 'array');
  // Shrinks: the key now names a 2-value policy, the file cached 3 (F2, styled, is emptied).
  calc.getCell('D1').value = 'tariff.tier_coverage';
  fill.call(calc, 'D2:F2', 'REUSE.POLICY(D1)', (_r, c) => [1, 1.5, 3][c - 4], 'array');
  calc.getCell('F2').numFmt = '0.00%';
  // A breakdown with one more tier than cached: row 7 does not exist in the file.
  calc.getCell('G1').value = 180;
  calc.getCell('G2').value = 300;
  calc.getCell('H1').value = 3.04;
  calc.getCell('H2').value = 3.75;
  calc.getCell('H3').value = 5.88;
  fill.call(calc, 'A5:F6', 'REUSE.TARIFF.BREAKDOWN(400,G1:G2,H1:H3)', () => 9, 'array');
  // Array formulas over cells the file leaves empty: text (escaped, with spaces), booleans, zero
  // and errors. (Booleans come from a comparison here; `{1,TRUE}` constants are covered in
  // formula-text.test.ts.) As ordinary formulas Excel would intersect them: see the corpus's
  // implicit-intersection.xlsx.
  calc.getCell('A10').value = {
    formula: '{"a & <b>"," lead",0}',
    result: 0,
    shareType: 'array',
    ref: 'A10:C10',
  } as ExcelJS.CellFormulaValue;
  calc.getCell('A11').value = {
    formula: '1/{0;1}',
    result: 0,
    shareType: 'array',
    ref: 'A11:A12',
  } as ExcelJS.CellFormulaValue;
  calc.getCell('B11').value = {
    formula: '{1;0}=1',
    result: 0,
    shareType: 'array',
    ref: 'B11:B12',
  } as ExcelJS.CellFormulaValue;
  // Scalar results of every type, all stale in the file.
  const f = (addr: string, formula: string, result: unknown) =>
    (calc.getCell(addr).value = { formula, result } as ExcelJS.CellFormulaValue);
  f('A15', 'IF(TRUE,"yes","no")', 'no');
  f('A16', '1=2', true);
  f('A17', '1/0', 5);
  f('A18', '1-1', 5);
  f('A19', 'LEFT("x",0)', 'stale');
  f('A20', 'FOOBAR_NOT_A_FUNCTION(1)', 42);
  f('A21', "'参数'!B1*2+0.1", 0);
  f('A22', 'A18=0', false);
  f('A23', '"keep"', 0); // a text result that spells the plan's old "cannot compute" marker
  calc.getCell('A18').numFmt = '#,##0.00';
  const plain = new Uint8Array(await wb.xlsx.writeBuffer());
  return addChartAndCalcChain(await markDynamicArrays(plain));
}

async function entries(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, Buffer>();
  for (const [name, file] of Object.entries(zip.files)) if (!file.dir) out.set(name, await file.async('nodebuffer'));
  return out;
}

function formulaTexts(wb: ExcelJS.Workbook): string[] {
  const all: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if (c.formula) all.push(`${ws.name}!${c.address}=${c.formula}`);
      })
    )
  );
  return all;
}

const cellXml = (xml: string, address: string) =>
  new RegExp(`<c\\b[^>]*?\\br="${address}"[^>]*?(?:/>|>.*?</c>)`).exec(xml)?.[0];

describe('recalc patches cached values in place', () => {
  let inBytes: Uint8Array;
  let outBytes: Uint8Array;
  let before: Map<string, Buffer>;
  let after: Map<string, Buffer>;
  let out: ExcelJS.Workbook;
  let original: ExcelJS.Workbook;
  let xml: string;
  let report: Awaited<ReturnType<typeof recalcFile>>;

  beforeAll(async () => {
    const dir = await tempDir();
    inBytes = await bureauBytes();
    await fs.writeFile(path.join(dir, 'in.xlsx'), inBytes);
    report = await recalcFile(path.join(dir, 'in.xlsx'), path.join(dir, 'out.xlsx'));
    outBytes = await fs.readFile(path.join(dir, 'out.xlsx'));
    [before, after] = [await entries(inBytes), await entries(outBytes)];
    original = new ExcelJS.Workbook();
    await original.xlsx.load(Buffer.from(inBytes) as unknown as ArrayBuffer);
    out = new ExcelJS.Workbook();
    await out.xlsx.load(outBytes as unknown as ArrayBuffer);
    xml = after.get('xl/worksheets/sheet1.xml')!.toString('utf8');
  });

  it('has a chart, an image, a comment with VML and a calcChain to keep', () => {
    for (const re of [
      /^xl\/charts\/chart1\.xml$/,
      /^xl\/media\/image\d*\.png$/,
      /^xl\/comments\d*\.xml$/,
      /\.vml$/,
      /^xl\/calcChain\.xml$/,
      /^xl\/metadata\.xml$/,
    ]) {
      expect([...before.keys()].some((n) => re.test(n))).toBe(true);
    }
  });

  it('keeps every part but the patched sheet byte for byte', () => {
    expect([...after.keys()]).toEqual([...before.keys()]);
    const differ = [...before.keys()].filter((n) => !before.get(n)!.equals(after.get(n)!));
    expect(differ).toEqual(['xl/worksheets/sheet1.xml']);
  });

  it('keeps every byte of the sheet outside the patched cells', () => {
    const strip = (s: string) => s.replace(/<sheetData>[\s\S]*<\/sheetData>/, '').replace(/<dimension [^>]*\/>/, '');
    expect(strip(xml)).toBe(strip(before.get('xl/worksheets/sheet1.xml')!.toString('utf8')));
    expect(cellXml(xml, 'G1')).toBe(cellXml(before.get('xl/worksheets/sheet1.xml')!.toString('utf8'), 'G1'));
  });

  it('writes every formula back exactly as it was read', () =>
    expect(formulaTexts(out)).toEqual(formulaTexts(original)));

  it('grows a spill whose key now names a longer policy, inserting the missing cell', () => {
    expect([cached(out, SHEET, 'A2'), cached(out, SHEET, 'B2'), cached(out, SHEET, 'C2')]).toEqual([1, 1.5, 3]);
    expect(cellXml(xml, 'A2')).toContain('<f t="array" ref="A2:C2">REUSE.POLICY(A1)</f><v>1</v>');
    expect(cellXml(xml, 'A2')).toContain('cm="1"');
    expect(xml).toMatch(/<row r="2" spans="1:8"/);
  });

  it('shrinks a spill, emptying the cell it no longer covers but keeping its style', () => {
    expect([cached(out, SHEET, 'D2'), cached(out, SHEET, 'E2')]).toEqual([0.8, 0.95]);
    expect(cellXml(xml, 'D2')).toContain('<f t="array" ref="D2:E2">');
    expect(cellXml(xml, 'F2')).toMatch(/^<c r="F2" s="\d+"\/>$/);
    expect(out.getWorksheet(SHEET)!.getCell('F2').value).toBeNull();
    expect(out.getWorksheet(SHEET)!.getCell('F2').numFmt).toBe('0.00%');
  });

  it('grows a breakdown by a tier into a row the file did not have', () => {
    const ws = out.getWorksheet(SHEET)!;
    expect(cellXml(xml, 'A5')).toContain('ref="A5:F7"');
    expect([ws.getCell('A7').value, ws.getCell('B7').value]).toEqual([3, 300]);
    expect(cellXml(xml, 'C7')).toBe('<c r="C7" t="inlineStr"><is><t></t></is></c>');
    expectClose(ws.getCell('F7').value, 100 * 5.88);
    expect(xml).toMatch(/<row r="6"[^>]*>.*?<\/row><row r="7">/);
  });

  it('fills array formulas over empty cells with text (escaped, spaces kept), booleans, zero and errors', () => {
    const ws = out.getWorksheet(SHEET)!;
    expect(cellXml(xml, 'A10')).toContain('<f t="array" ref="A10:C10">');
    expect(cellXml(xml, 'A10')).not.toContain('cm=');
    expect(cached(out, SHEET, 'A10')).toBe('a & <b>');
    expect(cellXml(xml, 'A10')).toContain('t="str"');
    expect(cellXml(xml, 'B10')).toBe('<c r="B10" t="inlineStr"><is><t xml:space="preserve"> lead</t></is></c>');
    expect([ws.getCell('B10').value, ws.getCell('C10').value]).toEqual([' lead', 0]);
    expect(cached(out, SHEET, 'A11')).toEqual({ error: '#DIV/0!' });
    expect(cached(out, SHEET, 'B11')).toBe(true);
    expect(xml).toContain('<row r="12"><c r="A12"><v>1</v></c><c r="B12" t="b"><v>0</v></c></row>');
    expect(ws.getCell('B12').value).toBe(false);
  });

  it('writes text, boolean, error, zero and empty-text results with their types', () => {
    expect(cellXml(xml, 'A15')).toBe('<c r="A15" t="str"><f>IF(TRUE,&quot;yes&quot;,&quot;no&quot;)</f><v>yes</v></c>');
    expect(cellXml(xml, 'A16')).toBe('<c r="A16" t="b"><f>1=2</f><v>0</v></c>');
    expect(cellXml(xml, 'A17')).toBe('<c r="A17" t="e"><f>1/0</f><v>#DIV/0!</v></c>');
    expect(cellXml(xml, 'A18')).toMatch(/^<c r="A18" s="\d+"><f>1-1<\/f><v>0<\/v><\/c>$/);
    expect(cellXml(xml, 'A19')).toBe('<c r="A19" t="str"><f>LEFT(&quot;x&quot;,0)</f><v></v></c>');
    expect(cellXml(xml, 'A22')).toBe('<c r="A22" t="b"><f>A18=0</f><v>1</v></c>');
    expect(cellXml(xml, 'A23')).toBe('<c r="A23" t="str"><f>&quot;keep&quot;</f><v>keep</v></c>');
    expect([
      cached(out, SHEET, 'A15'),
      cached(out, SHEET, 'A16'),
      cached(out, SHEET, 'A17'),
      cached(out, SHEET, 'A18'),
    ]).toEqual(['yes', false, { error: '#DIV/0!' }, 0]);
    expect(cached(out, SHEET, 'A21')).toBe(20.1);
    expect(out.getWorksheet(SHEET)!.getCell('A18').numFmt).toBe('#,##0.00');
  });

  it('keeps the cached value of a formula it cannot compute, and reports it', () => {
    expect(cellXml(xml, 'A20')).toBe(cellXml(before.get('xl/worksheets/sheet1.xml')!.toString('utf8'), 'A20'));
    expect(cached(out, SHEET, 'A20')).toBe(42);
    expect(report.warnings.map((w) => `${w.sheet}!${w.address}`)).toContain(`${SHEET}!A20`);
  });

  it('still reads as the same dynamic arrays', async () => {
    expect([...(await readDynamicArrayCells(outBytes)).get(SHEET)!].sort()).toEqual(['A2', 'A5', 'D2']);
  });
});

describe('a REUSE formula that newly spills', () => {
  it('becomes a dynamic array, with the metadata part added', async () => {
    const dir = await tempDir();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').getCell('B3').value = {
      formula: 'REUSE.POLICY("tariff.tier_ratio")',
      result: 1,
    } as ExcelJS.CellFormulaValue;
    await wb.xlsx.writeFile(path.join(dir, 'in.xlsx'));
    await recalcFile(path.join(dir, 'in.xlsx'), path.join(dir, 'out.xlsx'));
    const bytes = await fs.readFile(path.join(dir, 'out.xlsx'));
    const zip = await JSZip.loadAsync(bytes);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(cellXml(sheet, 'B3')).toBe(
      '<c cm="1" r="B3"><f t="array" ref="B3:D3">REUSE.POLICY(&quot;tariff.tier_ratio&quot;)</f><v>1</v></c>'
    );
    expect(cellXml(sheet, 'D3')).toBe('<c r="D3"><v>3</v></c>');
    expect(zip.file('xl/metadata.xml')).not.toBeNull();
    expect([...(await readDynamicArrayCells(bytes)).get('S')!]).toEqual(['B3']);
  });
});

describe('patchSheetXml', () => {
  const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const sheet = (rows: string) => `<worksheet ${NS}><dimension ref="B2"/><sheetData>${rows}</sheetData></worksheet>`;
  const edits = (list: [number, number, Edit][]): SheetEdits => {
    const m: SheetEdits = new Map();
    for (const [r, c, e] of list) {
      if (!m.has(r)) m.set(r, new Map());
      m.get(r)!.set(c, e);
    }
    return m;
  };

  it('inserts rows in row order and cells in column order, dropping multi-range spans', () => {
    const xml = sheet(
      '<row r="2" spans="2:2 4:4"><c r="B2"><v>1</v></c><c r="D2"><v>2</v></c></row><row r="5"><c r="A5"/></row>'
    );
    const next = patchSheetXml(
      xml,
      edits([
        [2, 3, { kind: 'value', value: 'x' }],
        [2, 1, { kind: 'value', value: 1e-20 }],
        [1, 2, { kind: 'value', value: true }],
        [3, 2, { kind: 'value', value: { error: '#N/A' } }],
        [9, 1, { kind: 'clear' }],
      ])
    );
    expect(next).toBe(
      `<worksheet ${NS}><dimension ref="A1:C3"/><sheetData><row r="1"><c r="B1" t="b"><v>1</v></c></row>` +
        '<row r="2"><c r="A2"><v>1e-20</v></c><c r="B2"><v>1</v></c><c r="C2" t="inlineStr"><is><t>x</t></is></c><c r="D2"><v>2</v></c></row>' +
        '<row r="3"><c r="B3" t="e"><v>#N/A</v></c></row><row r="5"><c r="A5"/></row></sheetData></worksheet>'
    );
  });

  it('writes numbers at full precision, and never overwrites another formula', () => {
    const xml = sheet('<row r="2"><c r="B2" s="3" t="s"><v>0</v></c><c r="C2"><f>1</f><v>1</v></c></row>');
    const next = patchSheetXml(
      xml,
      edits([
        [2, 2, { kind: 'value', value: 0.1 + 0.2 }],
        [2, 3, { kind: 'value', value: 9 }],
      ]),
      { sharedStrings: ['x'] }
    );
    expect(next).toBe(
      sheet('<row r="2"><c r="B2" s="3"><v>0.30000000000000004</v></c><c r="C2"><f>1</f><v>1</v></c></row>')
    );
  });

  it('fills an empty sheetData', () => {
    const next = patchSheetXml(
      `<worksheet ${NS}><sheetData/></worksheet>`,
      edits([[1, 1, { kind: 'value', value: 'a\u0001' }]])
    );
    expect(next).toBe(
      `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a_x0001_</t></is></c></row></sheetData></worksheet>`
    );
  });
});

describe('snapshot works in place too', () => {
  const NOW = new Date('2026-01-02T03:04:05.000Z');
  let before: Map<string, Buffer>;
  let after: Map<string, Buffer>;
  let result: SnapshotResult;
  let out: ExcelJS.Workbook;
  let recalculated: ExcelJS.Workbook;

  beforeAll(async () => {
    const dir = await tempDir();
    const inBytes = await bureauBytes();
    result = await snapshotWorkbookBytes(inBytes, { version: '1.2.3', now: () => NOW });
    [before, after] = [await entries(inBytes), await entries(result.bytes)];
    out = new ExcelJS.Workbook();
    await out.xlsx.load(result.bytes as unknown as ArrayBuffer);
    await fs.writeFile(path.join(dir, 'in.xlsx'), inBytes);
    await recalcFile(path.join(dir, 'in.xlsx'), path.join(dir, 'out.xlsx'));
    recalculated = new ExcelJS.Workbook();
    await recalculated.xlsx.load((await fs.readFile(path.join(dir, 'out.xlsx'))) as unknown as ArrayBuffer);
  });

  it('keeps every part byte for byte but the patched sheet, the workbook part, its relationships and the content types', () => {
    const added = [...after.keys()].filter((n) => !before.has(n));
    expect(added).toEqual(['xl/worksheets/sheet3.xml']);
    // The calcChain lists cells that no longer hold formulas: removed (Excel rebuilds it).
    expect([...before.keys()].filter((n) => !after.has(n))).toEqual(['xl/calcChain.xml']);
    const differ = [...before.keys()].filter((n) => after.has(n) && !before.get(n)!.equals(after.get(n)!)).sort();
    expect(differ).toEqual([
      '[Content_Types].xml',
      'xl/_rels/workbook.xml.rels',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    for (const re of [
      /^xl\/charts\/chart1\.xml$/,
      /^xl\/media\/image\d*\.png$/,
      /^xl\/comments\d*\.xml$/,
      /\.vml$/,
      /^xl\/drawings\//,
    ]) {
      expect([...after.keys()].some((n) => re.test(n))).toBe(true);
    }
    expect(after.get('[Content_Types].xml')!.toString()).not.toContain('calcChain');
    expect(after.get('xl/_rels/workbook.xml.rels')!.toString()).not.toContain('calcChain');
  });

  it('leaves no REUSE call in any formula of any sheet part, and drops the dynamic-array mark of the arrays', () => {
    for (const [name, data] of after) {
      if (/^xl\/worksheets\/.*\.xml$/.test(name))
        expect(data.toString()).not.toMatch(/<f\b[^>]*>[^<]*(REUSE|_xldudf_)/i);
    }
    const xml = after.get('xl/worksheets/sheet1.xml')!.toString();
    for (const a of ['A2', 'D2', 'A5']) expect(cellXml(xml, a)).not.toMatch(/<f\b|cm=/);
    expect(formulaTexts(out).filter((f) => /REUSE/i.test(f))).toEqual([]);
    expect(formulaTexts(out)).toContain(`${SHEET}!A15=IF(TRUE,"yes","no")`);
  });

  it('puts the recomputed values in the former formulas and their spills', () => {
    const ws = out.getWorksheet(SHEET)!;
    for (const range of ['A2:C2', 'D2:E2', 'A5:F7']) {
      const [from, to] = range.split(':');
      const r = {
        top: Number(from.slice(1)),
        left: from.charCodeAt(0) - 64,
        bottom: Number(to.slice(1)),
        right: to.charCodeAt(0) - 64,
      };
      for (let y = r.top; y <= r.bottom; y++) {
        for (let x = r.left; x <= r.right; x++) {
          const c = ws.getCell(y, x);
          expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
          expect(c.value).toEqual(cached(recalculated, SHEET, c.address));
        }
      }
    }
    expect([ws.getCell('A2').value, ws.getCell('B2').value, ws.getCell('C2').value]).toEqual([1, 1.5, 3]);
    expect(ws.getCell('F2').value).toBeNull();
    expect(cached(out, SHEET, 'A15')).toBe('yes');
  });

  it('adds the notes sheet, listing each replaced cell with its formula, the version and the time', () => {
    expect(out.worksheets.map((w) => w.name)).toEqual([SHEET, '参数', SNAPSHOT_SHEET]);
    expect(result.notesSheet).toBe(SNAPSHOT_SHEET);
    const rows: string[] = [];
    out.getWorksheet(SNAPSHOT_SHEET)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).join('|')));
    const text = rows.join('\n');
    expect(text).toContain('加载项版本 Add-in version|1.2.3');
    expect(text).toContain('快照时间 Snapshot time (UTC, ISO 8601)|2026-01-02T03:04:05.000Z');
    expect(text).toContain('替换的公式 Formulas replaced|3');
    expect(result.replaced.map((e) => `${e.address} ${e.range}`)).toEqual(['A2 A2:C2', 'D2 D2:E2', 'A5 A5:F7']);
    expect(text).toContain(`${SHEET}|A2|A2:C2|=REUSE.POLICY(A1)|=REUSE.POLICY(A1)|1`);
    expect(text).toContain(
      `${SHEET}|A5|A5:F7|=REUSE.TARIFF.BREAKDOWN(400,G1:G2,H1:H3)|=REUSE.TARIFF.BREAKDOWN(400,G1:G2,H1:H3)|`
    );
    expect(formulaTexts(out).filter((f) => f.startsWith(SNAPSHOT_SHEET))).toEqual([]);
    const wbXml = after.get('xl/workbook.xml')!.toString();
    expect(wbXml).toMatch(new RegExp(`<sheet name="${SNAPSHOT_SHEET}" sheetId="3" r:id="rId\\d+"/></sheets>`));
  });

  it('numbers the notes sheet when its name is taken', async () => {
    const again = await snapshotWorkbookBytes(result.bytes, { version: '1.2.3', now: () => NOW });
    expect(again.notesSheet).toBe(`${SNAPSHOT_SHEET} 2`);
    expect(again.replaced).toEqual([]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(again.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([SHEET, '参数', SNAPSHOT_SHEET, `${SNAPSHOT_SHEET} 2`]);
  });
});

describe('a snapshot edit (a constant over a formula)', () => {
  it('turns a text result into an inline string, keeps the style, drops the array mark, and never touches another cell’s formula', () => {
    const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const xml =
      `<worksheet ${NS}><sheetData><row r="1"><c r="A1" s="2" t="str" cm="1"><f t="array" ref="A1:B1">REUSE.X()</f><v> a&amp;b</v></c>` +
      '<c r="B1" t="str"><v>c</v></c><c r="C1"><f>1</f><v>1</v></c><c r="D1" t="e"><f><![CDATA[_xldudf_REUSE_Y()]]></f><v>#N/A</v></c></row></sheetData></worksheet>';
    const edits: SheetEdits = new Map([
      [
        1,
        new Map<number, Edit>([
          [1, { kind: 'constant', value: ' a&b' }],
          [2, { kind: 'value', value: 'c' }],
          [3, { kind: 'value', value: 5 }],
          [4, { kind: 'constant', value: { error: '#N/A' } }],
        ]),
      ],
    ]);
    expect(patchSheetXml(xml, edits)).toBe(
      `<worksheet ${NS}><sheetData><row r="1"><c r="A1" s="2" t="inlineStr"><is><t xml:space="preserve"> a&amp;b</t></is></c>` +
        '<c r="B1" t="inlineStr"><is><t>c</t></is></c><c r="C1"><f>1</f><v>1</v></c><c r="D1" t="e"><v>#N/A</v></c></row></sheetData></worksheet>'
    );
  });
});
