/**
 * A second, independent reader of cell values for tests, for files ExcelJS cannot see into
 * (a sheet part not named sheetN.xml, `x:`-prefixed XML, CDATA, cells without `r`, UTF-16):
 * JSZip and fast-xml-parser, following the relationships from the workbook part. Nothing here
 * shares code with src/xlsx. Returns sheet!A1 → number | string (cached values only).
 */
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (n) => ['sheet', 'row', 'c', 'si', 'Relationship', 'r'].includes(n),
  parseTagValue: false,
  trimValues: false,
});

const decode = (bytes: Uint8Array): string =>
  bytes[0] === 0xff && bytes[1] === 0xfe
    ? new TextDecoder('utf-16le').decode(bytes.subarray(2))
    : new TextDecoder('utf-8').decode(bytes);
const unescape = (s: string) => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
const text = (v: unknown): string =>
  v === undefined ? '' : typeof v === 'object' ? String((v as Record<string, unknown>)['#text'] ?? '') : String(v);
const colName = (c: number): string =>
  (c > 26 ? colName(Math.floor((c - 1) / 26)) : '') + String.fromCharCode(65 + ((c - 1) % 26));
const colNumber = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

export async function readCellValues(bytes: Uint8Array): Promise<Map<string, number | string>> {
  return new Map([...(await readCells(bytes)).cells].map(([at, c]) => [at, c.value]));
}

/** Cached values with their formula text, and the workbook's date system. */
export async function readCells(
  bytes: Uint8Array
): Promise<{ cells: Map<string, { value: number | string; formula?: string }>; date1904: boolean }> {
  const zip = await JSZip.loadAsync(bytes);
  const find = (name: string) => zip.file(new RegExp(`^/?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i'))[0];
  const xml = async (name: string) => {
    const f = find(name);
    return f ? parser.parse(decode(await f.async('uint8array'))) : undefined;
  };
  const rels = (await xml('xl/_rels/workbook.xml.rels'))?.Relationships?.Relationship ?? [];
  const target = (id: string) => {
    const t = rels.find((r: Record<string, string>) => r['@Id'] === id)?.['@Target'] as string;
    return t.startsWith('/') ? t.slice(1) : `xl/${t}`;
  };
  const sstTarget = rels.find((r: Record<string, string>) => r['@Type'].endsWith('/sharedStrings'))?.['@Target'];
  const strings: string[] = sstTarget
    ? ((await xml(`xl/${sstTarget}`))?.sst?.si ?? []).map(
        (si: Record<string, unknown>) =>
          text(si.t) || ((si.r as Record<string, unknown>[] | undefined) ?? []).map((r) => text(r.t)).join('')
      )
    : [];
  const out = new Map<string, { value: number | string; formula?: string }>();
  const wb = await xml('xl/workbook.xml');
  const date1904 = ['1', 'true'].includes(String(wb.workbook.workbookPr?.['@date1904'] ?? ''));
  for (const sheet of wb.workbook.sheets.sheet) {
    const ws = await xml(target(sheet['@id']));
    const masters = new Map<string, string>();
    let r = 0;
    for (const row of ws?.worksheet?.sheetData?.row ?? []) {
      r = row['@r'] ? Number(row['@r']) : r + 1;
      let c = 0;
      for (const cell of row.c ?? []) {
        c = cell['@r'] ? colNumber(cell['@r'].replace(/\d+$/, '')) : c + 1;
        if (cell.v === undefined) continue;
        const v = unescape(text(cell.v));
        const value =
          cell['@t'] === 's' ? strings[Number(v)] : ['str', 'e', 'inlineStr'].includes(cell['@t']) ? v : Number(v);
        // A shared formula's followers carry only its index: give them the master's text (untranslated).
        const si = typeof cell.f === 'object' ? (cell.f as Record<string, string>)['@si'] : undefined;
        if (si !== undefined && text(cell.f)) masters.set(si, text(cell.f));
        const formula =
          cell.f === undefined ? undefined : text(cell.f) || (si !== undefined ? masters.get(si) : undefined);
        out.set(`${sheet['@name']}!${colName(c)}${r}`, formula ? { value, formula } : { value });
      }
    }
  }
  return { cells: out, date1904 };
}
