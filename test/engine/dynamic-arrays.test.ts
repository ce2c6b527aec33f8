/**
 * Dynamic arrays survive a round trip: Excel 365 marks spilling formulas with cm="1" and an
 * XLDAPR metadata record; ExcelJS drops both, the engine puts them back.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { markDynamicArrays, readDynamicArrayCells } from '../../src/examples/xlsx-bytes';
import { recalcFile } from '../../src/api/files';
import { tempDir } from '../helpers/fixtures';

type Fill = (range: string, formula: string, results: () => undefined, shareType: 'array') => void;

/** A workbook with a dynamic built-in spill (SEQUENCE), a legacy CSE array, and a REUSE spill. */
async function excel365Bytes(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('表 1');
  const fill = ws.fillFormula as unknown as Fill;
  fill.call(ws, 'A1:A3', '_xlfn.SEQUENCE(3)', () => undefined, 'array');
  fill.call(ws, 'B1:B3', 'ROW(A1:A3)*2', () => undefined, 'array');
  fill.call(ws, 'C1:C3', '_xldudf_REUSE_TARIFF_TIERED(A1:A3*100,{180,300},{3.04,3.75,5.88})', () => undefined, 'array');
  const plain = Buffer.from(await wb.xlsx.writeBuffer());
  // As Excel 365 would save it: A1 is dynamic, B1 is a legacy array, C1 is dynamic.
  return markDynamicArrays(plain, new Map([['表 1', new Set(['A1'])]]));
}

async function sheetXml(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file('xl/worksheets/sheet1.xml')!.async('string');
}

const cmOf = (xml: string, address: string) =>
  new RegExp(`<c [^>]*\\br="${address}"[^>]*>`).exec(xml)![0].includes('cm="1"');

describe('dynamic-array metadata', () => {
  it('is written for listed cells and for REUSE spills, not for legacy arrays', async () => {
    const bytes = await excel365Bytes();
    const xml = await sheetXml(bytes);
    expect([cmOf(xml, 'A1'), cmOf(xml, 'B1'), cmOf(xml, 'C1')]).toEqual([true, false, true]);
    const zip = await JSZip.loadAsync(bytes);
    expect(await zip.file('xl/metadata.xml')!.async('string')).toContain('<xda:dynamicArrayProperties fDynamic="1"');
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('PartName="/xl/metadata.xml"');
    expect(await zip.file('xl/_rels/workbook.xml.rels')!.async('string')).toMatch(
      /relationships\/sheetMetadata" Target="metadata.xml"/
    );
  });

  it('is read back per sheet (Chinese sheet names included)', async () => {
    const cells = await readDynamicArrayCells(await excel365Bytes());
    expect([...cells.get('表 1')!].sort()).toEqual(['A1', 'C1']);
  });

  it('survives recalc, which ExcelJS alone would lose', async () => {
    const dir = await tempDir();
    const input = path.join(dir, 'in.xlsx');
    const output = path.join(dir, 'out.xlsx');
    await fs.writeFile(input, await excel365Bytes());
    await recalcFile(input, output);
    const out = await fs.readFile(output);
    const xml = await sheetXml(out);
    expect([cmOf(xml, 'A1'), cmOf(xml, 'B1'), cmOf(xml, 'C1')]).toEqual([true, false, true]);
    // The spill's second row bills 200 m³: 180 × 3.04 + 20 × 3.75 = 622.2.
    const c2 = /<c [^>]*r="C2"[^>]*><v>([^<]+)<\/v>/.exec(xml)![1];
    expect(Math.abs(Number(c2) - 622.2)).toBeLessThan(1e-9);
  });

  it('adds nothing to a workbook without arrays', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').getCell('A1').value = 1;
    const zip = await JSZip.loadAsync(await markDynamicArrays(Buffer.from(await wb.xlsx.writeBuffer())));
    expect(zip.file('xl/metadata.xml')).toBeNull();
  });
});
