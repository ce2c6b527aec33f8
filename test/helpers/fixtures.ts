/** Small workbooks and broken files made on the fly for engine and CLI tests. */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'reuse-test-'));
}

export async function writeWorkbook(wb: ExcelJS.Workbook, dir: string, name = 'in.xlsx'): Promise<string> {
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

export async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** An ExcelJS cell's cached value (a formula's result keeps 0, FALSE and ""; `cell.value` would not). ExcelJS reads outputs in tests as an independent reader. */
export function cachedResult(cell: ExcelJS.Cell): unknown {
  return cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
}

/** The cached value of a cell: a formula's result, or the constant. */
export function cached(wb: ExcelJS.Workbook, sheet: string, address: string): unknown {
  return cachedResult(wb.getWorksheet(sheet)!.getCell(address));
}

/** A zip whose one sheet declares a dimension of the whole grid (17 billion cells). */
export async function hugeDimensionXlsx(good: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(good);
  const name = Object.keys(zip.files).find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))!;
  const xml = await zip.file(name)!.async('string');
  const huge = /<dimension [^>]*\/>/.test(xml)
    ? xml.replace(/<dimension [^>]*\/>/, '<dimension ref="A1:XFD1048576"/>')
    : xml.replace(/<sheetPr[^>]*\/>|<sheetPr>.*?<\/sheetPr>/, (m) => `${m}<dimension ref="A1:XFD1048576"/>`);
  zip.file(name, huge);
  return Buffer.from(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** An encrypted workbook starts with the OLE compound-file signature. */
export function oleHeaderFile(): Buffer {
  return Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
}

/** A zip bomb: one sheet part of 64 MiB of spaces (expands 1000-fold) that packs into well under 1 MiB. */
export async function zipBomb(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>');
  zip.file('xl/workbook.xml', '<workbook/>');
  zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(64 * 1024 * 1024, 0x20));
  return Buffer.from(
    await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } })
  );
}
