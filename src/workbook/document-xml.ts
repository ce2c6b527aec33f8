/**
 * The add-in's custom XML part: one root element in our own namespace holding the JSON
 * document as escaped text. Pure string handling (no DOM: it runs in Node too), shared by the
 * Office port (customXmlParts) and the engine port (customXml/item*.xml in the package).
 *
 *   <scenarios xmlns="urn:reuse-finance:scenarios:1">{"schemaVersion":1,…}</scenarios>
 *
 * Written without an XML declaration: Microsoft's examples for `customXmlParts.add` pass the bare
 * element, and a declaration naming an encoding says nothing true about a JavaScript string (the
 * package writer stores the part as UTF-8, the default when there is no declaration). Parts read
 * back may carry a declaration; `unwrapDocument` accepts both.
 */
import { decodeXml, escapeXml } from '../engine/xml';

/** The namespace `customXmlParts.getByNamespace` finds our part by. */
export const SCENARIO_NAMESPACE = 'urn:reuse-finance:scenarios:1';

const ROOT = 'scenarios';

/** Largest part we read (a document of thousands of scenarios is well below). */
export const MAX_PART_CHARS = 8_000_000;

/** The part's XML for a JSON document. Characters XML 1.0 cannot hold are escaped by JSON.stringify already (control chars as \uXXXX). */
export function wrapDocument(json: string): string {
  return `<${ROOT} xmlns="${SCENARIO_NAMESPACE}">${escapeXml(json)}</${ROOT}>`;
}

/** The root element's namespace URI of an XML text (default or prefixed), or undefined. */
export function rootNamespace(xml: string): string | undefined {
  const body = xml
    .replace(/^\uFEFF/, '')
    .replace(/^\s*<\?xml[^>]*\?>/, '')
    .replace(/^(\s*<!--[\s\S]*?-->)*/, '');
  const m = /^\s*<([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?((?:\s+[^>]*?)?)\/?>/.exec(body);
  if (!m) return undefined;
  const prefix = m[2] ? m[1] : undefined;
  const attr = prefix ? `xmlns:${prefix}` : 'xmlns';
  const a = new RegExp(`\\s${attr.replace(/[.:]/g, '\\$&')}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(m[3]);
  return a ? decodeXml(a[2] ?? a[3] ?? '') : undefined;
}

/**
 * The JSON text inside our part, or a reason it cannot be read. Hosts may re-serialise the
 * XML (another declaration, a namespace prefix, single quotes, CDATA), so this accepts any
 * single root element in our namespace whose only content is text.
 */
export function unwrapDocument(xml: string): { json: string } | { unreadable: string } {
  if (typeof xml !== 'string') return { unreadable: 'not text' };
  if (xml.length > MAX_PART_CHARS) return { unreadable: `part too large (${xml.length} characters)` };
  if (rootNamespace(xml) !== SCENARIO_NAMESPACE) return { unreadable: 'root element is not in the add-in namespace' };
  const body = xml
    .replace(/^\uFEFF/, '')
    .replace(/^\s*<\?xml[^>]*\?>/, '')
    .trim();
  const m = /^<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)\b[^>]*?(\/)?>([\s\S]*)$/.exec(body);
  if (!m) return { unreadable: 'no root element' };
  const qname = m[1] ? `${m[1]}:${m[2]}` : m[2];
  if (m[3]) return { json: '' };
  const rest = m[4];
  const close = `</${qname}>`;
  if (!rest.trimEnd().endsWith(close)) return { unreadable: 'root element not closed' };
  const inner = rest.trimEnd().slice(0, -close.length);
  let text = '';
  // Text and CDATA sections only; any child element means this is not our document.
  for (const piece of inner.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)) {
    if (piece.startsWith('<![CDATA[')) text += piece.slice(9, -3);
    else if (piece.includes('<')) return { unreadable: 'unexpected markup inside the root element' };
    else text += decodeXml(piece);
  }
  return { json: text };
}
