/**
 * The package reader's own XML tokenizer (src/xlsx/xml.ts) against saxes, a conforming
 * namespace-aware parser, as the oracle: on every document, the same elements (local name,
 * namespace, attributes), the same character data, and the same verdict (well-formed or not).
 * Documents come from a seeded generator (names with and without prefixes, default and
 * prefixed namespaces, entities, CDATA, comments, processing instructions, CJK text) and
 * from hand-written malformed cases.
 */
import { SaxesParser } from 'saxes';
import { WorkbookError } from '../../../src/xlsx/limits';
import { DEFAULT_LIMITS } from '../../../src/xlsx/limits';
import { parseXml, textOf } from '../../../src/xlsx/xml';

type Event = string;

/** Events from our tokenizer, or "error". Adjacent text is merged (parsers may split it differently). */
function ours(xml: string): Event[] | 'error' {
  const out: Event[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push(`text ${JSON.stringify(text)}`);
    text = '';
  };
  try {
    parseXml(xml, 't.xml', DEFAULT_LIMITS, {
      open(tag) {
        flush();
        const attrs = Object.keys(tag.attrs)
          .filter((a) => a !== 'xmlns' && !a.startsWith('xmlns:'))
          .sort()
          .map((a) => `${a}=${tag.attrs[a]}`);
        out.push(`open {${tag.ns}}${tag.local} ${attrs.join(' ')}`);
      },
      close(local, ns) {
        flush();
        out.push(`close {${ns}}${local}`);
      },
      text(source, from, to, cdata) {
        text += textOf(source, from, to, cdata);
      },
    });
  } catch (e) {
    if (e instanceof WorkbookError) return 'error';
    throw e;
  }
  flush();
  return out;
}

/** The same events from saxes. */
function oracle(xml: string): Event[] | 'error' {
  const out: Event[] = [];
  let text = '';
  let inRoot = 0;
  const flush = () => {
    if (text && inRoot) out.push(`text ${JSON.stringify(text)}`);
    text = '';
  };
  let failed = false;
  const p = new SaxesParser({ xmlns: true, position: false });
  p.on('error', () => (failed = true));
  p.on('doctype', () => (failed = true)); // our reader refuses every DOCTYPE, by design
  p.on('opentag', (tag) => {
    flush();
    inRoot++;
    const attrs = Object.values(tag.attributes as Record<string, { name: string; value: string; prefix: string }>)
      .filter((a) => a.name !== 'xmlns' && a.prefix !== 'xmlns')
      .map((a) => `${a.name}=${a.value}`)
      .sort();
    out.push(`open {${tag.uri}}${tag.local} ${attrs.join(' ')}`);
  });
  p.on('closetag', (tag) => {
    flush();
    inRoot--;
    out.push(`close {${tag.uri}}${tag.local}`);
  });
  p.on('text', (t) => (text += t));
  p.on('cdata', (t) => (text += t));
  try {
    p.write(xml).close();
  } catch {
    failed = true;
  }
  return failed ? 'error' : out;
}

/** A small seeded generator (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NS = [
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  'http://purl.oclc.org/ooxml/spreadsheetml/main',
  'urn:x',
];
const TEXTS = [
  '240',
  '测算 &amp; 参数',
  'a &lt;b&gt; &#x4E2D;&#25991;',
  ' spaced ',
  '&quot;q&quot; &apos;',
  '_x000D_',
  '1 ]] 2',
];

function document(random: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const prefix = random() < 0.5 ? '' : pick(['x', 'main', 's']);
  const q = (p: string, n: string) => (p ? `${p}:${n}` : n);
  let depth = 0;
  const element = (): string => {
    depth++;
    const name = q(prefix, pick(['c', 'row', 'f', 'v', 'is', 't', '中文']));
    const attrs =
      random() < 0.6
        ? ` r="${pick(['A1', 'B2', 'XFD1048576'])}"${random() < 0.3 ? ` t='${pick(['s', 'str', 'e'])}'` : ''}${random() < 0.2 ? ' ref="A1&amp;B"' : ''}`
        : '';
    let body = '';
    const n = depth > 4 ? 0 : Math.floor(random() * 4);
    for (let i = 0; i < n; i++) {
      const r = random();
      if (r < 0.4) body += element();
      else if (r < 0.7) body += pick(TEXTS).replace(']]', random() < 0.5 ? ']]' : '] ]');
      else if (r < 0.8) body += `<![CDATA[${pick(['<f>', 'A1&B1', '1<2'])}]]>`;
      else if (r < 0.9) body += '<!-- note -->';
      else body += '<?pi data?>';
    }
    depth--;
    return body === '' && random() < 0.5 ? `<${name}${attrs}/>` : `<${name}${attrs}>${body}</${name}>`;
  };
  const decl = prefix ? `xmlns:${prefix}="${pick(NS)}"` : `xmlns="${pick(NS)}"`;
  const root = q(prefix, 'worksheet');
  return `${random() < 0.7 ? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' : ''}<${root} ${decl}>${element()}${element()}</${root}>`;
}

describe('the XML tokenizer against saxes', () => {
  it('gives the same events on 2 000 generated documents', () => {
    const random = rng(20261201);
    let compared = 0;
    for (let i = 0; i < 2000; i++) {
      const xml = document(random);
      const expected = oracle(xml);
      expect({ xml, events: ours(xml) }).toEqual({ xml, events: expected });
      if (expected !== 'error') compared++;
    }
    expect(compared).toBeGreaterThan(1500); // most documents are well-formed, so events are really compared
  });

  it.each([
    ['an unclosed element', '<a><b></a>'],
    ['two roots', '<a/><b/>'],
    ['text after the root', '<a/>x'],
    ['an undefined entity', '<a>&nbsp;</a>'],
    ['an unterminated reference', '<a>&amp</a>'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['< in an attribute', '<a x="<"/>'],
    [']]> in text', '<a>]]></a>'],
    ['an undeclared prefix', '<p:a/>'],
    ['a DOCTYPE', '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'],
    ['a control character', '<a>\u0001</a>'],
    ['an unterminated comment', '<a><!-- x</a>'],
    ['an unterminated CDATA section', '<a><![CDATA[x</a>'],
    ['an XML declaration not at the start', ' <?xml version="1.0"?><a/>'],
  ])('both refuse %s', (_name, xml) => {
    expect(oracle(xml)).toBe('error');
    expect(ours(xml)).toBe('error');
  });

  it('takes attribute names that are Object.prototype keys as plain names', () => {
    expect(ours('<a constructor="1" __proto__="2" toString="3"/>')).toEqual(
      oracle('<a constructor="1" __proto__="2" toString="3"/>')
    );
  });

  it('refuses nesting deeper than the limit, before recursion can hurt', () => {
    const deep = '<a>'.repeat(300) + '</a>'.repeat(300);
    expect(() => parseXml(deep, 't.xml', { maxXmlDepth: 256 }, {})).toThrow(/nests XML elements more than 256 deep/);
  });
});
