/**
 * The .xlsx package (the zip and its parts) below ExcelJS: which part holds which sheet,
 * external links, and the parts ExcelJS drops when it rewrites a workbook (custom XML — where
 * the add-in keeps its scenario store — must survive every command). Pure over bytes, so the
 * task pane can use it on the open file's bytes too.
 */
import JSZip from 'jszip';
import { attr, decodeXml, resolvePart } from './xml';

export { decodeXml, escapeXml } from './xml';

/** Relationship id → { target part (resolved against `base`), type, external? } of one .rels part. */
export async function relationships(
  zip: JSZip,
  relsPath: string,
  base: string
): Promise<Map<string, { target: string; type: string; external: boolean }>> {
  const xml = (await zip.file(relsPath)?.async('string')) ?? '';
  const out = new Map<string, { target: string; type: string; external: boolean }>();
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const raw = attr(m[0], 'Target');
    if (!id || raw === undefined) continue;
    const external = attr(m[0], 'TargetMode') === 'External';
    const target = external ? raw : resolvePart(base, raw);
    out.set(id, { target, type: attr(m[0], 'Type') ?? '', external });
  }
  return out;
}

/** Sheet name → the part that holds it, from the workbook part and its relationships. */
export async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const workbook = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const rels = await relationships(zip, 'xl/_rels/workbook.xml.rels', 'xl');
  const parts = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    const id = attr(m[0], 'r:id');
    const part = id ? rels.get(id)?.target : undefined;
    if (name !== undefined && part) parts.set(decodeXml(name), part);
  }
  return parts;
}

/** A link to another workbook (`[1]` in formulas): reported, never followed or opened. */
export interface ExternalLink {
  /** The number formulas use: `[1]Sheet1!A1`. */
  index: number;
  part: string;
  /** Where it points, as stored (a path or URL), or "" when the part has no target. */
  target: string;
}

/** External links of a package, in the order formulas number them. */
export async function externalLinks(zip: JSZip): Promise<ExternalLink[]> {
  const workbook = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const rels = await relationships(zip, 'xl/_rels/workbook.xml.rels', 'xl');
  const refs = /<externalReferences\b[^>]*>([\s\S]*?)<\/externalReferences>/.exec(workbook)?.[1] ?? '';
  const parts: string[] = [];
  for (const m of refs.matchAll(/<externalReference\b[^>]*>/g)) {
    const part = rels.get(attr(m[0], 'r:id') ?? '')?.target;
    if (part) parts.push(part);
  }
  // Parts present but not listed in the workbook part are still reported (numbered after the listed ones).
  for (const name of Object.keys(zip.files).sort()) {
    if (/^xl\/externalLinks\/[^/]+\.xml$/.test(name) && !parts.includes(name)) parts.push(name);
  }
  const out: ExternalLink[] = [];
  for (const [i, part] of parts.entries()) {
    const slash = part.lastIndexOf('/');
    const relsPath = `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
    const linkRels = await relationships(zip, relsPath, part.slice(0, slash));
    const target =
      [...linkRels.values()].find((r) => /externalLinkPath|xlExternalLinkPath/i.test(r.type))?.target ??
      [...linkRels.values()][0]?.target ??
      '';
    out.push({ index: i + 1, part, target });
  }
  return out;
}

const CUSTOM_XML_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml';
const EXTERNAL_LINK_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink';

/**
 * Carries the parts ExcelJS drops from `original` into `written`, a rewrite of it by ExcelJS:
 * custom XML (customXml/…: the scenario store and any other add-in's data) and external links
 * (xl/externalLinks/…, which formulas such as `[1]Budget!A1` number, so they must stay in
 * order). Their content is copied byte for byte, with their content types, the workbook's
 * relationships to them and, for links, the workbook's `<externalReferences>` list. Parts
 * already present in `written` are left alone.
 */
export async function carryOverParts(original: Uint8Array, written: Uint8Array): Promise<Uint8Array> {
  const src = await JSZip.loadAsync(original);
  const names = Object.keys(src.files).filter((n) => /^(customXml|xl\/externalLinks)\//.test(n) && !src.files[n].dir);
  if (names.length === 0) return written;
  const out = await JSZip.loadAsync(written);
  const missing = names.filter((n) => !out.file(n));
  if (missing.length === 0) return written;
  for (const name of missing) out.file(name, await src.file(name)!.async('uint8array'));

  // Content types: the overrides for the copied parts, and any default extension they rely on.
  const srcTypes = (await src.file('[Content_Types].xml')?.async('string')) ?? '';
  let types = (await out.file('[Content_Types].xml')?.async('string')) ?? '';
  for (const m of srcTypes.matchAll(/<Override\b[^>]*>/g)) {
    const partName = attr(m[0], 'PartName') ?? '';
    if (missing.includes(partName.replace(/^\//, '')) && !types.includes(`PartName="${partName}"`))
      types = types.replace('</Types>', `${m[0]}</Types>`);
  }
  for (const m of srcTypes.matchAll(/<Default\b[^>]*>/g)) {
    const ext = attr(m[0], 'Extension') ?? '';
    if (
      ext &&
      !new RegExp(`Extension="${ext}"`, 'i').test(types) &&
      missing.some((n) => n.toLowerCase().endsWith(`.${ext.toLowerCase()}`))
    ) {
      types = types.replace(/<Types\b[^>]*>/, (open) => `${open}${m[0]}`);
    }
  }
  out.file('[Content_Types].xml', types);

  // Workbook relationships (new ids), and the list of external references in their original order.
  const relsPath = 'xl/_rels/workbook.xml.rels';
  const srcRels = await relationships(src, relsPath, 'xl');
  let rels = (await out.file(relsPath)?.async('string')) ?? '';
  const outTargets = new Set([...(await relationships(out, relsPath, 'xl')).values()].map((r) => r.target));
  let next = Math.max(0, ...[...rels.matchAll(/\bId="rId(\d+)"/g)].map((m) => Number(m[1]))) + 1;
  const newId = new Map<string, string>();
  for (const [id, rel] of srcRels) {
    if (
      (rel.type !== CUSTOM_XML_REL && rel.type !== EXTERNAL_LINK_REL) ||
      !missing.includes(rel.target) ||
      outTargets.has(rel.target)
    )
      continue;
    const target = `/${rel.target}`;
    newId.set(id, `rId${next}`);
    rels = rels.replace(
      '</Relationships>',
      `<Relationship Id="rId${next++}" Type="${rel.type}" Target="${target}"/></Relationships>`
    );
  }
  if (rels) out.file(relsPath, rels);
  const srcWorkbook = (await src.file('xl/workbook.xml')?.async('string')) ?? '';
  const refs = /<externalReferences\b[^>]*>([\s\S]*?)<\/externalReferences>/.exec(srcWorkbook)?.[1] ?? '';
  const ids = [...refs.matchAll(/<externalReference\b[^>]*>/g)]
    .map((m) => newId.get(attr(m[0], 'r:id') ?? ''))
    .filter((x): x is string => Boolean(x));
  if (ids.length) {
    const workbook = (await out.file('xl/workbook.xml')?.async('string')) ?? '';
    if (!/<externalReferences\b/.test(workbook)) {
      const list = `<externalReferences>${ids.map((id) => `<externalReference r:id="${id}"/>`).join('')}</externalReferences>`;
      out.file('xl/workbook.xml', workbook.replace('</sheets>', `</sheets>${list}`));
    }
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
