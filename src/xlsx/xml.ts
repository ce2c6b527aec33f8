/**
 * XML of package parts: bytes to text in the encodings XML allows, and one parser with the
 * package's limits — no DOCTYPE (how entity expansion starts; OOXML never needs one), bounded
 * nesting — and namespaces resolved so that any
 * prefix works (`<x:c>` is a cell when `x` names SpreadsheetML, in its transitional or Strict
 * namespace). Offsets are UTF-16 indexes into the decoded text, for the in-place writer.
 */
import { XlsxLimits, corrupt, count, refuse } from './limits';

/** SpreadsheetML, transitional and Strict. */
export const MAIN_NS = new Set([
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  'http://purl.oclc.org/ooxml/spreadsheetml/main',
]);
/** Office document relationships (the `r:` of `r:id`), transitional and Strict. */
export const REL_NS = new Set([
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  'http://purl.oclc.org/ooxml/officeDocument/relationships',
]);
export const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const CONTENT_TYPES_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Decodes a part's bytes: UTF-8 or UTF-16 (by byte-order mark or by the first bytes), or the encoding its declaration names. */
export function decodeXmlBytes(bytes: Uint8Array, part: string): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  let label = 'utf-8';
  let skip = 0;
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) skip = 3;
  else if (b0 === 0xff && b1 === 0xfe) [label, skip] = ['utf-16le', 2];
  else if (b0 === 0xfe && b1 === 0xff) [label, skip] = ['utf-16be', 2];
  else if (b0 === 0x3c && b1 === 0x00) label = 'utf-16le';
  else if (b0 === 0x00 && b1 === 0x3c) label = 'utf-16be';
  else {
    // An 8-bit declaration other than UTF-8 (GB2312, GBK, GB18030, Big5, …).
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
    if (declared && !/^utf-?8$/i.test(declared)) label = declared;
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    throw corrupt(`part ${part} is in an encoding this reader does not know (${label})`);
  }
  return decoder.decode(skip ? bytes.subarray(skip) : bytes);
}

export interface OpenTag {
  /** Local name (`c` for `<x:c>`). */
  local: string;
  /** Namespace URI, "" for none. */
  ns: string;
  /** Attributes as written (qualified names → decoded values). */
  attrs: Record<string, string>;
  /** Offset of `<`. */
  start: number;
  /** Offset just after the start tag's `>`. */
  end: number;
  selfClosing: boolean;
  /** The prefix of the element (`x` for `<x:c>`), "" for none. */
  prefix: string;
}

export interface XmlHandlers {
  open?(tag: OpenTag, scope: NsScope): void;
  /** `end`: offset just after the end tag (or the self-closing start tag). */
  close?(local: string, ns: string, end: number): void;
  /**
   * Character data `source[from, to)`, as written (entities not yet decoded: `textOf` decodes it),
   * or CDATA content (`cdata`, taken as it is). Called for whitespace between elements too.
   */
  text?(source: string, from: number, to: number, cdata: boolean): void;
}

/** Prefix → namespace, as declared around the current element. */
export class NsScope {
  constructor(
    private readonly map: Map<string, string>,
    readonly parent?: NsScope
  ) {}
  resolve(prefix: string): string | undefined {
    for (let s: NsScope | undefined = this; s; s = s.parent) {
      const ns = s.map.get(prefix);
      if (ns !== undefined) return ns;
    }
    return prefix === 'xml' ? XML_NS : prefix === '' ? '' : undefined;
  }
  /** The value of an attribute in one of `namespaces`, with local name `local` (e.g. `r:id`, whatever prefix the file uses). */
  attrIn(attrs: Record<string, string>, namespaces: Set<string>, local: string): string | undefined {
    for (const name in attrs) {
      const colon = name.indexOf(':');
      if (colon < 0 || name.slice(colon + 1) !== local) continue;
      const ns = this.resolve(name.slice(0, colon));
      if (ns !== undefined && namespaces.has(ns)) return attrs[name];
    }
    return undefined;
  }
}

const ROOT_SCOPE = new NsScope(new Map());

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Is `code` a character XML 1.0 allows? */
const xmlChar = (code: number) =>
  code === 0x9 ||
  code === 0xa ||
  code === 0xd ||
  (code >= 0x20 && code <= 0xd7ff) ||
  (code >= 0xe000 && code <= 0xfffd) ||
  (code >= 0x10000 && code <= 0x10ffff);

/** Text with its references decoded; undefined when a reference is not one XML defines without a DTD. */
function decodeReferences(s: string): string | undefined {
  if (s.indexOf('&') < 0) return s;
  let bad = false;
  const out = s.replace(/&([^;&<>\s]{0,12});?/g, (m, ref: string) => {
    if (!m.endsWith(';')) {
      bad = true;
      return m;
    }
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x'
          ? /^#x[0-9A-Fa-f]+$/.test(ref)
            ? parseInt(ref.slice(2), 16)
            : NaN
          : /^#\d+$/.test(ref)
            ? parseInt(ref.slice(1), 10)
            : NaN;
      if (!xmlChar(code)) {
        bad = true;
        return m;
      }
      return String.fromCodePoint(code);
    }
    const v = PREDEFINED[ref];
    if (v === undefined) bad = true;
    return v ?? m;
  });
  return bad ? undefined : out;
}

/** Character data `source[from, to)` (as passed to `text`) with its references decoded. */
export function textOf(source: string, from: number, to: number, cdata: boolean): string {
  const raw = source.slice(from, to);
  return cdata ? raw : (decodeReferences(raw) ?? raw);
}

/** Characters XML 1.0 does not allow anywhere in a document. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
  /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const isSpace = (ch: number) => ch === 32 || ch === 10 || ch === 9 || ch === 13;
/** Name characters, loosely: anything but space and the characters XML syntax uses. */
const endsName = (ch: number) =>
  isSpace(ch) || ch === 62 /* > */ || ch === 47 /* / */ || ch === 61 /* = */ || ch === 60 /* < */ || Number.isNaN(ch);
const NAME = /^[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9._:\u00B7\u00C0-\uFFFF]*$/;

/**
 * The prototype of every tag's attributes: an object with nothing in it and nothing above it,
 * so `constructor` or `__proto__` are attribute names like any other. Objects made by
 * `Object.create(null)` itself are hash tables in V8 (every `a.r` a lookup); these keep fast
 * properties (reading a 100 000-row sheet: 0.94 -> 0.7 s).
 */
const NO_MEMBERS: object = Object.freeze(Object.create(null));

/**
 * Parses a part's text, calling the handlers with namespaces resolved. Throws a WorkbookError
 * for XML that is not well-formed, a DOCTYPE or ENTITY declaration, or nesting deeper than the
 * limit.
 *
 * Why not saxes: a conforming parser, and the reference this one is tested against (every
 * part of the test corpus must give the same events and the same verdict), but it reads a
 * 300 000-row sheet in about 4 s once its text events are on, where this reads it in 0.6 s;
 * recalculating such a sheet has to take about as long as LibreOffice does (bench/). What it
 * checks: one root; tags nested and closed in order; names; attributes quoted, unique and
 * without `<`; references only the five predefined and numeric ones (no DTD, so no others);
 * no DOCTYPE or ENTITY; comments, CDATA, processing instructions terminated; characters XML
 * allows; declared namespace prefixes.
 */
export function parseXml(
  text: string,
  part: string,
  limits: Pick<XlsxLimits, 'maxXmlDepth'>,
  handlers: XmlHandlers
): void {
  const bad = (why: string) => corrupt(`part ${part} is not well-formed XML (${why})`);
  if (NOT_XML.test(text)) throw bad('it holds a character XML does not allow');
  const n = text.length;
  const names: string[] = [];
  const scopes: NsScope[] = [ROOT_SCOPE];
  const { open, close, text: onText } = handlers;
  let seenRoot = false;
  let i = 0;
  const indexOrEnd = (needle: string, from: number) => {
    const at = text.indexOf(needle, from);
    return at < 0 ? n : at;
  };
  let nextAmp = -1;
  let nextCdataEnd = -1;
  const checkText = (from: number, to: number) => {
    if (names.length === 0) {
      for (let k = from; k < to; k++) if (!isSpace(text.charCodeAt(k))) throw bad('text outside the root element');
      return;
    }
    // The next `&` and `]]>` are searched once and remembered: searching from every text node
    // again would walk the rest of the part each time (quadratic on a sheet of 100 000 rows).
    if (nextAmp < from) nextAmp = indexOrEnd('&', from);
    if (nextAmp < to && decodeReferences(text.slice(from, to)) === undefined)
      throw bad('a reference that is not &lt; &gt; &amp; &quot; &apos; or a character');
    if (nextCdataEnd < from) nextCdataEnd = indexOrEnd(']]>', from);
    if (nextCdataEnd < to) throw bad('"]]>" in text');
    if (onText) onText(text, from, to, false);
  };
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      checkText(i, n);
      break;
    }
    if (lt > i) checkText(i, lt);
    const c = text.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      const gt = text.indexOf('>', lt);
      if (gt < 0) throw bad('an unterminated end tag');
      const name = text.slice(lt + 2, gt).replace(/[ \t\r\n]+$/, '');
      const expected = names.pop();
      if (name !== expected)
        throw bad(
          expected === undefined
            ? `an end tag </${name}> without a start tag`
            : `</${name}> where </${expected}> was expected`
        );
      const scope = scopes.pop()!;
      if (close) {
        const colon = name.indexOf(':');
        close(
          colon < 0 ? name : name.slice(colon + 1),
          scope.resolve(colon < 0 ? '' : name.slice(0, colon)) ?? '',
          gt + 1
        );
      }
      i = gt + 1;
      continue;
    }
    if (c === 63 /* ? */) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) throw bad('an unterminated processing instruction');
      const target = /^[^\s?]*/.exec(text.slice(lt + 2, Math.min(end, lt + 40)))![0];
      if (target.toLowerCase() === 'xml' && text.slice(0, lt).replace(/^\uFEFF/, '') !== '')
        throw bad('an XML declaration after the start');
      i = end + 2;
      continue;
    }
    if (c === 33 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end < 0) throw bad('an unterminated comment');
        if (text.slice(lt + 4, end).includes('--')) throw bad('"--" inside a comment');
        i = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', lt)) {
        if (names.length === 0) throw bad('CDATA outside the root element');
        const end = text.indexOf(']]>', lt + 9);
        if (end < 0) throw bad('an unterminated CDATA section');
        if (onText) onText(text, lt + 9, end, true);
        i = end + 3;
        continue;
      }
      throw corrupt(
        `part ${part} contains a DOCTYPE or ENTITY declaration (XML entity expansion, "billion laughs"); an .xlsx never needs one, refused`
      );
    }
    // A start tag.
    let j = lt + 1;
    while (!endsName(text.charCodeAt(j))) j++;
    const name = text.slice(lt + 1, j);
    if (!NAME.test(name)) throw bad(j >= n ? 'an unterminated tag' : `a tag name ${JSON.stringify(name.slice(0, 20))}`);
    if (names.length === 0 && seenRoot) throw bad('a second root element');
    const attrs: Record<string, string> = Object.create(NO_MEMBERS);
    let declared: Map<string, string> | undefined;
    let selfClosing = false;
    let end: number;
    for (;;) {
      const before = j;
      while (isSpace(text.charCodeAt(j))) j++;
      const ch = text.charCodeAt(j);
      if (ch === 62 /* > */) {
        end = j + 1;
        break;
      }
      if (ch === 47 /* / */) {
        if (text.charCodeAt(j + 1) !== 62) throw bad('"/" inside a tag');
        selfClosing = true;
        end = j + 2;
        break;
      }
      if (j >= n) throw bad('an unterminated tag');
      if (j === before) throw bad(`no space before attribute in <${name}>`);
      let k = j;
      while (!endsName(text.charCodeAt(k))) k++;
      const attr = text.slice(j, k);
      if (!NAME.test(attr)) throw bad(`an attribute name in <${name}>`);
      while (isSpace(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) !== 61 /* = */) throw bad(`attribute ${attr} without a value in <${name}>`);
      k++;
      while (isSpace(text.charCodeAt(k))) k++;
      const quote = text.charCodeAt(k);
      if (quote !== 34 && quote !== 39) throw bad(`attribute ${attr} not quoted in <${name}>`);
      const close = text.indexOf(quote === 34 ? '"' : "'", k + 1);
      if (close < 0) throw bad('an unterminated attribute value');
      let value = text.slice(k + 1, close);
      if (value.indexOf('<') >= 0) throw bad(`"<" in the value of attribute ${attr}`);
      if (/[\t\n\r]/.test(value)) value = value.replace(/[\t\n\r]/g, ' ');
      if (value.indexOf('&') >= 0) {
        const decoded = decodeReferences(value);
        if (decoded === undefined) throw bad(`a reference in the value of attribute ${attr}`);
        value = decoded;
      }
      if (attr in attrs) throw bad(`attribute ${attr} twice in <${name}>`);
      attrs[attr] = value;
      if (attr === 'xmlns') (declared ??= new Map()).set('', value);
      else if (attr.startsWith('xmlns:')) (declared ??= new Map()).set(attr.slice(6), value);
      j = close + 1;
    }
    if (names.length + 1 > limits.maxXmlDepth)
      throw refuse(`part ${part} nests XML elements more than ${count(limits.maxXmlDepth)} deep; refused`);
    seenRoot = true;
    const scope = declared ? new NsScope(declared, scopes[scopes.length - 1]) : scopes[scopes.length - 1];
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const local = colon < 0 ? name : name.slice(colon + 1);
    const ns = scope.resolve(prefix);
    if (ns === undefined) throw bad(`the prefix ${prefix} is not declared`);
    if (open) open({ local, ns, attrs, start: lt, end, selfClosing, prefix }, scope);
    if (selfClosing) {
      if (close) close(local, ns, end);
    } else {
      names.push(name);
      scopes.push(scope);
    }
    i = end;
  }
  if (names.length) throw bad(`<${names[names.length - 1]}> is not closed`);
  if (!seenRoot) throw bad('no root element');
}

/** A small element tree, for the package's small parts (workbook, relationships, content types, styles, metadata). */
export interface XmlElement {
  local: string;
  ns: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside, concatenated. */
  text: string;
  /** Offsets in the part's text: `<` of the start tag, after the start tag, after the end tag. */
  start: number;
  contentStart: number;
  end: number;
  scope: NsScope;
}

/** The part's root element, as a tree. */
export function parseXmlTree(text: string, part: string, limits: Pick<XlsxLimits, 'maxXmlDepth'>): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parseXml(text, part, limits, {
    open(tag, scope) {
      const el: XmlElement = {
        local: tag.local,
        ns: tag.ns,
        attrs: tag.attrs,
        children: [],
        text: '',
        start: tag.start,
        contentStart: tag.end,
        end: tag.end,
        scope,
      };
      if (stack.length) stack[stack.length - 1].children.push(el);
      else root = el;
      stack.push(el);
    },
    close(_local, _ns, end) {
      stack.pop()!.end = end;
    },
    text(source, from, to, cdata) {
      if (stack.length) stack[stack.length - 1].text += textOf(source, from, to, cdata);
    },
  });
  if (!root) throw corrupt(`part ${part} is not well-formed XML (no root element)`);
  return root;
}

/** Children of `el` in SpreadsheetML with local name `local`. */
export const mainChildren = (el: XmlElement | undefined, local: string): XmlElement[] =>
  el?.children.filter((c) => c.local === local && MAIN_NS.has(c.ns)) ?? [];
export const mainChild = (el: XmlElement | undefined, local: string): XmlElement | undefined =>
  el?.children.find((c) => c.local === local && MAIN_NS.has(c.ns));

/**
 * Excel's escape for characters XML cannot carry, in cell text and shared strings: `_xHHHH_`
 * is the UTF-16 code unit HHHH; `_x005F_` before such a pattern keeps it literal.
 */
export function decodeExcelEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Characters XML 1.0 cannot hold (controls but tab/newline/return, U+FFFE/U+FFFF, lone surrogates). */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
  /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as Excel writes it in a cell or string: XML-escaped, with `_xHHHH_` for the characters
 * XML cannot hold and `_x005F_` for an underscore that would otherwise read as an escape.
 */
export function encodeCellText(s: string): string {
  const escaped = s
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(NOT_XML_CHAR, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  return escapeXml(escaped);
}

/** String → XML text safe in element content and in double-quoted attributes. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
