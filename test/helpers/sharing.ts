/**
 * A bureau's workbook as it arrives from another bureau, with every problem `check`, `repair`
 * and `snapshot` deal with — and the values a correct recalculation gives, computed by hand
 * from the tariff (180 m³ at 3.04, 180–300 at 3.75, above 300 at 5.88).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { markDynamicArrays } from '../../src/examples/xlsx-bytes';

type Fill = (range: string, formula: string, results: unknown, shareType: 'array' | 'shared') => void;

export const tiered = (v: number) =>
  Math.min(v, 180) * 3.04 + Math.max(0, Math.min(v, 300) - 180) * 3.75 + Math.max(0, v - 300) * 5.88;

export const VOLUMES = [100, 200, 400, 240, 500, 150];
export const PCT = 0.05;

/** The cells with problems, as check should report them: sheet!address → kind. */
export const PROBLEMS: Record<string, string> = {
  '测算!A1': 'spelling', // [1]!_xldudf_… corrupted by another add-in, cached #REF!
  '测算!A2': 'spelling', // bare REUSE.POLICY( saved before the add-in loaded, cached #NAME?
  '测算!A3': 'missing', // a REUSE result never cached
  '测算!B3': 'differs', // a stale REUSE result in a filled-down column
  '测算!B5': 'overwritten', // a number typed over the filled-down REUSE formula
  '测算!D2': 'differs', // a stale built-in result
  '测算!G2': 'differs', // a stale cell of a spilled REUSE array
};

export const SCENARIO_PART = 'customXml/item1.xml';
export const SCENARIO_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<scenarios xmlns="urn:reuse-finance:scenarios:1">{"schemaVersion":1,"scenarios":[{"name":"基准 Base","inputs":{"B1":240}}]}</scenarios>';

/** The workbook: inputs, a calculation sheet with the problems above, a custom XML scenario part. */
export async function bureauWithProblems(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const inputs = wb.addWorksheet('参数 Inputs');
  inputs.getCell('A1').value = '年用水量';
  inputs.getCell('B1').value = 240;
  inputs.getCell('B2').value = 180;
  inputs.getCell('C2').value = 300;
  inputs.getCell('B3').value = 3.04;
  inputs.getCell('C3').value = 3.75;
  inputs.getCell('D3').value = 5.88;
  inputs.getCell('B4').value = PCT;
  inputs.getCell('B4').numFmt = '0.0%';
  wb.definedNames.add("'参数 Inputs'!$B$1", 'annual_volume');

  const ws = wb.addWorksheet('测算');
  const f = (addr: string, formula: string, result?: unknown, numFmt?: string) => {
    ws.getCell(addr).value = { formula, result } as ExcelJS.CellFormulaValue;
    if (numFmt) ws.getCell(addr).numFmt = numFmt;
  };
  f('A1', '[1]!_xldudf_REUSE_TARIFF_TIERED(annual_volume,{180,300},{3.04,3.75,5.88})', { error: '#REF!' }, '#,##0.00');
  f('A2', 'REUSE.POLICY("wanzhou.target.sewer_km")', { error: '#NAME?' });
  f('A3', '_xldudf_REUSE_PRICE_RETURNRATE(0.027,0.042,0.6)', undefined, '0.00%');
  VOLUMES.forEach((v, i) => (ws.getCell(`C${i + 1}`).value = v));
  const fill = ws.fillFormula as unknown as Fill;
  const cachedB = VOLUMES.map(tiered);
  cachedB[2] = 1000; // B3: stale
  fill.call(
    ws,
    'B1:B6',
    "_xldudf_REUSE_TARIFF_TIERED(C1,'参数 Inputs'!$B$2:$C$2,'参数 Inputs'!$B$3:$D$3)",
    cachedB,
    'shared'
  );
  ws.getCell('B5').value = 2000; // typed over the formula
  for (let r = 1; r <= 6; r++) {
    const cachedD = r === 2 ? 1 : VOLUMES[r - 1] * PCT;
    f(`D${r}`, `C${r}*'参数 Inputs'!$B$4`, cachedD, '#,##0.00');
  }
  // Sum of the B column as the file holds it after the overwrite (B5 = 2000): a built-in over REUSE results.
  const sumB = VOLUMES.map(tiered).reduce((a, b, i) => a + (i === 4 ? 2000 : b), 0);
  f('A4', 'SUM(B1:B6)', sumB, '#,##0.00');
  f('A5', 'IF(A4>0,"ok","check")', 'ok');
  // Tier, lower bound, upper bound, quantity, price, charge; G2 (tier 2's upper bound) is stale: 301, not 300.
  const breakdown = [
    [1, 0, 180, 180, 3.04, 547.2],
    [2, 180, 301, 60, 3.75, 225],
    [3, 300, '', 0, 5.88, 0],
  ];
  fill.call(
    ws,
    'E1:J3',
    "_xldudf_REUSE_TARIFF_BREAKDOWN(240,'参数 Inputs'!B2:C2,'参数 Inputs'!B3:D3)",
    breakdown,
    'array'
  );
  fill.call(ws, 'L1:L3', '_xlfn.SEQUENCE(3)', [1, 2, 3], 'array');

  // As Excel 365 saves it: L1 a dynamic array (E1 too, being a REUSE spill).
  const bytes = await markDynamicArrays(
    new Uint8Array(await wb.xlsx.writeBuffer()),
    new Map([['测算', new Set(['L1'])]])
  );
  return withScenarioPart(bytes, SCENARIO_XML);
}

/** Adds a custom XML part (the scenario store) as Excel stores one: an item, its properties, a workbook relationship. */
export async function withScenarioPart(bytes: Uint8Array, xml: string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  zip.file(SCENARIO_PART, xml);
  zip.file(
    'customXml/itemProps1.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="{6F1B7C3E-2A4D-4E5F-9A8B-1C2D3E4F5A6B}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="urn:reuse-finance:scenarios:1"/></ds:schemaRefs></ds:datastoreItem>'
  );
  zip.file(
    'customXml/_rels/item1.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps1.xml"/></Relationships>'
  );
  const types = await zip.file('[Content_Types].xml')!.async('string');
  zip.file(
    '[Content_Types].xml',
    types.replace(
      '</Types>',
      '<Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>'
    )
  );
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  zip.file(
    'xl/_rels/workbook.xml.rels',
    rels.replace(
      '</Relationships>',
      '<Relationship Id="rId900" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml"/></Relationships>'
    )
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** The uncompressed bytes of one part, or undefined. */
export async function partBytes(bytes: Uint8Array, name: string): Promise<Uint8Array | undefined> {
  return (await JSZip.loadAsync(bytes)).file(name)?.async('uint8array');
}
