/**
 * Size, not speed (bench/ measures speed): a spill of 300 000 rows (130 000 used to end in
 * "Maximum call stack size exceeded" when the writer spread every inserted cell into
 * Math.min(...)), and a sheet of 300 000 REUSE rows (100 000 used to take minutes in a writer
 * that walked every edited row for every row; 300 000 overflowed the stack while loading). Both
 * must complete and write what Excel would; the REUSE sheet is also checked and snapshotted, and
 * outside the edited cells its part keeps every byte.
 */
import JSZip from 'jszip';
import { computeResults, loadWorkbook } from '../../src/engine/load';
import { patchCachedValues } from '../../src/engine/patch-values';
import { checkWorkbookBytes } from '../../src/engine/check';
import { snapshotWorkbookBytes } from '../../src/engine/snapshot';
import { readWorkbook } from '../../src/xlsx/package';

const M = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const P = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Excel 365's metadata part for dynamic arrays: `cm="1"` on a cell marks its formula as one. */
const DYNAMIC_ARRAY_METADATA =
  `<metadata xmlns="${M}" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray"><metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>` +
  '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';

async function oneSheet(sheetData: string): Promise<Uint8Array> {
  const z = new JSZip();
  z.file('xl/metadata.xml', DYNAMIC_ARRAY_METADATA);
  z.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'
  );
  z.file(
    '_rels/.rels',
    `<Relationships xmlns="${P}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
  );
  z.file(
    'xl/workbook.xml',
    `<workbook xmlns="${M}" xmlns:r="${R}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`
  );
  z.file(
    'xl/_rels/workbook.xml.rels',
    `<Relationships xmlns="${P}"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${R}/sheetMetadata" Target="metadata.xml"/></Relationships>`
  );
  z.file('xl/worksheets/sheet1.xml', `<worksheet xmlns="${M}"><sheetData>${sheetData}</sheetData></worksheet>`);
  return z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** A package part as text. */
async function part(bytes: Uint8Array, name: string): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file(name)!.async('string');
}

/** A sheet part without its column-B cells: what must stay byte for byte when only B is edited. */
const withoutColumnB = (xml: string) => xml.replace(/<c r="B\d+"[^>]*?(?:\/>|>.*?<\/c>)/g, '');

async function recalc(bytes: Uint8Array): Promise<Uint8Array> {
  const loaded = await loadWorkbook(bytes);
  try {
    return await patchCachedValues(bytes, loaded, computeResults(loaded).cells);
  } finally {
    loaded.engine.hf.destroy();
  }
}

describe('the engine at scale', () => {
  jest.setTimeout(900_000); // minutes on a loaded 2-core machine; a bound on hangs, not a speed test

  it('writes a spill of 300 000 rows: the array range and every value', async () => {
    const n = 300_000;
    const rows: string[] = [];
    for (let r = 1; r <= n; r++)
      rows.push(
        `<row r="${r}"><c r="A${r}"><v>${r}</v></c>${r === 1 ? `<c r="C1" cm="1"><f t="array" ref="C1">A1:A${n}*2</f></c>` : ''}</row>`
      );
    const out = await readWorkbook(await recalc(await oneSheet(rows.join(''))));
    const cells = out.sheets[0].xml!.cells;
    const c1 = cells.find((c) => c.row === 1 && c.col === 3)!;
    expect(c1.f).toMatchObject({ kind: 'array', ref: `C1:C${n}` });
    const col = cells.filter((c) => c.col === 3);
    expect(col).toHaveLength(n);
    expect(col.every((c) => c.value === 2 * c.row)).toBe(true); // each spilled cell is twice its row's A
  });

  it('writes 300 000 rows of REUSE.TARIFF.TIERED, each bill as the tariff gives it, and check finds the output consistent', async () => {
    // 300 000 formulas once overflowed the stack while loading (formulas.push(...sheetFormulas)).
    const n = 300_000;
    const rows = [
      '<row r="1"><c r="D1"><v>180</v></c><c r="E1"><v>300</v></c></row><row r="2"><c r="D2"><v>3.04</v></c><c r="E2"><v>3.75</v></c><c r="F2"><v>5.88</v></c></row>',
    ];
    for (let r = 3; r < n + 3; r++)
      rows.push(
        `<row r="${r}"><c r="A${r}"><v>${r % 400}</v></c><c r="B${r}"><f>_xldudf_REUSE_TARIFF_TIERED(A${r},$D$1:$E$1,$D$2:$F$2)</f></c></row>`
      );
    const input = await oneSheet(rows.join(''));
    const written = await recalc(input);
    const out = await readWorkbook(written);
    const sheetIn = await part(input, 'xl/worksheets/sheet1.xml');
    const sheetOut = await part(written, 'xl/worksheets/sheet1.xml');
    expect(sheetOut).not.toBe(sheetIn);
    expect(withoutColumnB(sheetOut)).toBe(withoutColumnB(sheetIn));
    // Independent: the progressive block tariff 180 m³ at 3.04, to 300 at 3.75, above at 5.88.
    const bill = (v: number) =>
      Math.min(v, 180) * 3.04 + Math.max(0, Math.min(v, 300) - 180) * 3.75 + Math.max(0, v - 300) * 5.88;
    const b = out.sheets[0].xml!.cells.filter((c) => c.col === 2);
    expect(b).toHaveLength(n);
    for (const c of b) expect(Math.abs((c.value as number) - bill(c.row % 400))).toBeLessThan(1e-9);
    const report = await checkWorkbookBytes(written);
    expect(report.findings).toEqual([]);
    expect([report.consistent, report.formulas, report.reuseFormulas]).toEqual([true, n, n]);

    // The snapshot replaces every bill's formula by its value, and touches nothing else in the sheet.
    const snap = await snapshotWorkbookBytes(written, { version: 'scale-test', now: () => new Date(0) });
    expect(snap.replaced).toHaveLength(n);
    const snapSheet = await part(snap.bytes, 'xl/worksheets/sheet1.xml');
    expect(withoutColumnB(snapSheet)).toBe(withoutColumnB(sheetIn));
    const frozen = (await readWorkbook(snap.bytes)).sheets[0].xml!.cells.filter((c) => c.col === 2);
    expect(frozen).toHaveLength(n);
    expect(frozen.every((c) => c.f === undefined)).toBe(true);
    for (const c of frozen) expect(Math.abs((c.value as number) - bill(c.row % 400))).toBeLessThan(1e-9);
  });
});
