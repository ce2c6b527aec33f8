/**
 * Dynamic arrays in the .xlsx package. Excel 365 saves a spilling formula as an array formula
 * whose cell carries `cm="1"`, pointing at a cell-metadata record (`XLDAPR`, in
 * xl/metadata.xml) that says "dynamic array". Without it, Excel opens the formula as a legacy
 * `{=…}` array that cannot resize. ExcelJS neither reads nor writes that metadata, so the
 * engine notes which cells were dynamic when it reads a file and marks them again (with every
 * array formula that calls a REUSE function) when it writes one.
 */
import JSZip from 'jszip';
import { usesReuse } from './formula-text';
import { sheetParts } from './package';
import { decodeXml } from './xml';

const METADATA_PATH = 'xl/metadata.xml';
const METADATA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml';
const METADATA_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata';

/** The metadata part Excel writes for dynamic arrays: one cell-metadata record, index 1. */
const METADATA_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">' +
  '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" ' +
  'pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" ' +
  'coerce="1" cellMeta="1"/></metadataTypes>' +
  '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">' +
  '<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>' +
  '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';

/** A cell element with its formula: `<c r="B2" … cm="1"><f t="array" ref="B2:B9">…</f>`. */
const ARRAY_CELL = /<c\b([^>]*)>\s*<f\b([^>]*)>([^<]*)<\/f>/g;

/** Sheet name → addresses of the cells that hold dynamic-array formulas in a saved package. */
export async function readDynamicArrayCells(bytes: Uint8Array): Promise<Map<string, Set<string>>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, Set<string>>();
  if (!zip.file(METADATA_PATH)) return out;
  for (const [name, part] of await sheetParts(zip)) {
    const xml = await zip.file(part)?.async('string');
    if (!xml) continue;
    for (const m of xml.matchAll(ARRAY_CELL)) {
      const address = /\br="([A-Z]+\d+)"/.exec(m[1])?.[1];
      if (address && /\bcm="\d+"/.test(m[1]) && /\bt="array"/.test(m[2])) {
        if (!out.has(name)) out.set(name, new Set());
        out.get(name)!.add(address);
      }
    }
  }
  return out;
}

/**
 * Marks array formulas as dynamic arrays: those listed in `dynamic` (sheet → addresses, as
 * read from the original file) and every array formula that calls a REUSE function. Adds the
 * metadata part, its content type and relationship when needed. Other bytes are untouched.
 */
export async function markDynamicArrays(bytes: Uint8Array, dynamic: Map<string, Set<string>> = new Map()): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  await markDynamicArraysInZip(zip, dynamic);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** `markDynamicArrays` on a package already open; returns how many cells it marked (parts untouched when none). */
export async function markDynamicArraysInZip(zip: JSZip, dynamic: Map<string, Set<string>> = new Map()): Promise<number> {
  let marked = 0;
  for (const [name, part] of await sheetParts(zip)) {
    const file = zip.file(part);
    if (!file) continue;
    const keep = dynamic.get(name);
    const xml = await file.async('string');
    const next = xml.replace(ARRAY_CELL, (whole, cAttrs: string, fAttrs: string, text: string) => {
      if (!/\bt="array"/.test(fAttrs) || /\bcm="/.test(cAttrs)) return whole;
      const address = /\br="([A-Z]+\d+)"/.exec(cAttrs)?.[1];
      if (!(address && keep?.has(address)) && !usesReuse(decodeXml(text))) return whole;
      marked++;
      return whole.replace(/^<c\b/, '<c cm="1"');
    });
    if (next !== xml) zip.file(part, next);
  }
  if (marked > 0 && !zip.file(METADATA_PATH)) {
    zip.file(METADATA_PATH, METADATA_XML);
    const types = await zip.file('[Content_Types].xml')!.async('string');
    zip.file('[Content_Types].xml', types.replace('</Types>', `<Override PartName="/${METADATA_PATH}" ContentType="${METADATA_TYPE}"/></Types>`));
    const relsPath = 'xl/_rels/workbook.xml.rels';
    const rels = await zip.file(relsPath)!.async('string');
    const ids = [...rels.matchAll(/\bId="rId(\d+)"/g)].map((m) => Number(m[1]));
    const id = `rId${Math.max(0, ...ids) + 1}`;
    zip.file(relsPath, rels.replace('</Relationships>', `<Relationship Id="${id}" Type="${METADATA_REL}" Target="metadata.xml"/></Relationships>`));
  }
  return marked;
}
