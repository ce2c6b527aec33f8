/**
 * Custom XML parts in an .xlsx package, stored exactly as Excel stores them, because ExcelJS
 * neither reads nor writes them:
 *
 *   customXml/item1.xml              the part itself (its root namespace is what
 *                                    `workbook.customXmlParts.getByNamespace` matches)
 *   customXml/itemProps1.xml         datastore properties: an item id and the schema reference
 *   customXml/_rels/item1.xml.rels   item → itemProps relationship
 *   xl/_rels/workbook.xml.rels       workbook → ../customXml/item1.xml (type …/customXml)
 *   [Content_Types].xml              Override for itemProps (item*.xml use the xml Default)
 *
 * Read through the package reader (src/xlsx); written by JSZip post-processing; browser-safe (no fs). Parts from the package
 * are untrusted: sizes are bounded and nothing is evaluated.
 */
import JSZip from 'jszip';
import { attr, decodeXml, escapeXml } from '../engine/xml';
import { DEFAULT_LIMITS } from '../xlsx/limits';
import { WorkbookModel, partText, readRelationships, readWorkbook } from '../xlsx/package';
import { MAX_PART_CHARS, rootNamespace } from './document-xml';

const REL_CUSTOM_XML = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml';
const REL_CUSTOM_XML_PROPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps';
const CT_PROPS = 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml';
const NS_DATASTORE = 'http://schemas.openxmlformats.org/officeDocument/2006/customXml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const CONTENT_TYPES = '[Content_Types].xml';
/** Fixed entry dates: the same parts give the same zip entries from one save to the next. */
const ENTRY_DATE = new Date(Date.UTC(2020, 0, 1));
const MAX_PARTS = 200;

export interface CustomXmlPart {
  /** The part's XML text. */
  xml: string;
  /** `{GUID}` from itemProps, kept so Excel sees the same part from one save to the next. */
  itemId?: string;
  /** Namespace URIs listed in itemProps' schemaRefs. */
  schemaRefs?: string[];
}

async function text(zip: JSZip, path: string): Promise<string | undefined> {
  const f = zip.file(path);
  if (!f) return undefined;
  const s = await f.async('string');
  if (s.length > MAX_PART_CHARS) throw new Error(`${path} is too large (${s.length} characters)`);
  return s;
}

/** The item ids and schema refs of an itemProps part. */
function parseProps(xml: string): { itemId?: string; schemaRefs: string[] } {
  const root = /<(?:\w+:)?datastoreItem\b[^>]*>/.exec(xml)?.[0] ?? '';
  const itemId = /\s(?:\w+:)?itemID\s*=\s*"([^"]*)"/.exec(root)?.[1];
  const schemaRefs = [...xml.matchAll(/<(?:\w+:)?schemaRef\b[^>]*>/g)]
    .map((m) => /\s(?:\w+:)?uri\s*=\s*"([^"]*)"/.exec(m[0])?.[1])
    .filter((u): u is string => !!u)
    .map(decodeXml);
  return { itemId: itemId && /^\{[0-9A-Fa-f-]{36}\}$/.test(itemId) ? itemId.toUpperCase() : undefined, schemaRefs };
}

/**
 * The custom XML parts the workbook part relates to, in relationship order, as the package
 * reader finds them (relationships resolved, names normalised, limits applied).
 */
export async function customXmlPartsOf(model: WorkbookModel): Promise<CustomXmlPart[]> {
  const out: CustomXmlPart[] = [];
  for (const rel of model.workbookRels) {
    if (rel.kind !== 'customXml' || rel.external || !model.zip.has(rel.target)) continue;
    const xml = await partText(model.zip, rel.target);
    if (xml === undefined) continue;
    if (xml.length > MAX_PART_CHARS) throw new Error(`${rel.target} is too large (${xml.length} characters)`);
    const part: CustomXmlPart = { xml };
    for (const r of await readRelationships(model.zip, model.zip.nameOf(rel.target)!, DEFAULT_LIMITS)) {
      if (r.kind !== 'customXmlProps' || r.external) continue;
      const props = await partText(model.zip, r.target);
      if (props) Object.assign(part, parseProps(props));
    }
    out.push(part);
    if (out.length >= MAX_PARTS) break;
  }
  return out;
}

/** The custom XML parts of a package's bytes (read with every limit of the package reader). */
export async function readCustomXmlParts(bytes: Uint8Array): Promise<CustomXmlPart[]> {
  return customXmlPartsOf(await readWorkbook(bytes));
}

/** The first part whose root element is in `namespace` (what `getByNamespace(namespace)` returns first). */
export function findPart(parts: CustomXmlPart[], namespace: string): CustomXmlPart | undefined {
  return parts.find((p) => rootNamespace(p.xml) === namespace);
}

/** A new item id in Excel's form, `{8-4-4-4-12}` upper case. */
export function newItemId(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b]
    .map((x) => x.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}}`;
}

function propsXml(itemId: string, schemaRefs: string[]): string {
  const refs = schemaRefs.map((u) => `<ds:schemaRef ds:uri="${escapeXml(u)}"/>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' +
    `<ds:datastoreItem ds:itemID="${itemId}" xmlns:ds="${NS_DATASTORE}"><ds:schemaRefs>${refs}</ds:schemaRefs></ds:datastoreItem>`
  );
}

const ITEM_RELS = (n: number) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_CUSTOM_XML_PROPS}" Target="itemProps${n}.xml"/></Relationships>`;

/**
 * Replaces the package's custom XML parts with `parts` (numbered item1…itemN in order), with
 * their props, relationships and content types. Every other byte of every other part is kept.
 * Parts without an item id get a new one (callers keep it to stay stable across saves).
 */
export async function writeCustomXmlParts(bytes: Uint8Array, parts: CustomXmlPart[]): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  // Drop whatever custom XML the package had.
  let rels = (await text(zip, WORKBOOK_RELS)) ?? '';
  rels = rels.replace(/<Relationship\b[^>]*>/g, (tag) => (attr(tag, 'Type') === REL_CUSTOM_XML ? '' : tag));
  for (const name of Object.keys(zip.files)) if (name.startsWith('customXml/')) zip.remove(name);
  let types = (await text(zip, CONTENT_TYPES)) ?? '';
  types = types.replace(/<Override\b[^>]*PartName="\/customXml\/[^"]*"[^>]*\/>/g, '');
  if (!/<Default\b[^>]*Extension="xml"/i.test(types))
    types = types.replace(/(<Types\b[^>]*>)/, '$1<Default Extension="xml" ContentType="application/xml"/>');

  const used = new Set([...rels.matchAll(/\bId="([^"]+)"/g)].map((m) => m[1]));
  let next = 1;
  const newRels: string[] = [];
  const newTypes: string[] = [];
  parts.forEach((p, i) => {
    const n = i + 1;
    const itemId = p.itemId ?? newItemId();
    p.itemId = itemId;
    const ns = rootNamespace(p.xml);
    const refs = p.schemaRefs ?? (ns ? [ns] : []);
    zip.file(`customXml/item${n}.xml`, p.xml, { date: ENTRY_DATE });
    zip.file(`customXml/itemProps${n}.xml`, propsXml(itemId, refs), { date: ENTRY_DATE });
    zip.file(`customXml/_rels/item${n}.xml.rels`, ITEM_RELS(n), { date: ENTRY_DATE });
    while (used.has(`rId${next}`)) next++;
    used.add(`rId${next}`);
    newRels.push(`<Relationship Id="rId${next}" Type="${REL_CUSTOM_XML}" Target="../customXml/item${n}.xml"/>`);
    newTypes.push(`<Override PartName="/customXml/itemProps${n}.xml" ContentType="${CT_PROPS}"/>`);
  });
  zip.file(WORKBOOK_RELS, rels.replace('</Relationships>', `${newRels.join('')}</Relationships>`));
  zip.file(CONTENT_TYPES, types.replace('</Types>', `${newTypes.join('')}</Types>`));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** The XML text of a package part (for tests and diagnostics). */
export async function readPart(bytes: Uint8Array, path: string): Promise<string | undefined> {
  return text(await JSZip.loadAsync(bytes), path);
}
