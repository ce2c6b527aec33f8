/**
 * Offline invariants of manifest.xml (office-addin-manifest validate needs the network):
 * well-formed, resids defined, shared runtime wiring, custom-functions extension point,
 * requirement sets, zh-CN overrides, URLs served by the build, and real icon files.
 */
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const { rewriteManifest, normaliseBaseUrl } = require('../../build/manifest-url');

const ROOT = path.resolve(__dirname, '../..');
const WEB = path.join(ROOT, 'dist/web');
const DEV = 'https://localhost:3000/';
const xml = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');

interface Node {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

/** fast-xml-parser's ordered output → a plain element tree (comments and declarations dropped). */
function toNodes(items: any[]): Node[] {
  const out: Node[] = [];
  for (const item of items) {
    const tag = Object.keys(item).find((k) => k !== ':@');
    if (!tag || tag.startsWith('?') || tag === '#comment') continue;
    if (tag === '#text') continue;
    const kids = item[tag] as any[];
    out.push({
      tag,
      attrs: item[':@'] ?? {},
      children: toNodes(kids),
      text: kids
        .filter((k) => '#text' in k)
        .map((k) => String(k['#text']))
        .join('')
        .trim(),
    });
  }
  return out;
}

const parsed = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  parseTagValue: false,
  parseAttributeValue: false,
}).parse(xml);
const root = toNodes(parsed)[0];

const all = (n: Node): Node[] => [n, ...n.children.flatMap(all)];
const child = (n: Node | undefined, tag: string, type?: string): Node | undefined =>
  n?.children.find((c) => c.tag === tag && (type === undefined || c.attrs['xsi:type'] === type));
const at = (n: Node | undefined, ...steps: string[]): Node | undefined =>
  steps.reduce<Node | undefined>((m, s) => child(m, s), n);
const nodes = all(root);

const versionOverrides = child(root, 'VersionOverrides')!;
const resources = child(versionOverrides, 'Resources')!;
const resourceNodes = ['bt:Images', 'bt:Urls', 'bt:ShortStrings', 'bt:LongStrings'].flatMap(
  (g) => child(resources, g)?.children ?? []
);
const resource = new Map(resourceNodes.map((r) => [r.attrs.id, r]));
const vHost = child(at(versionOverrides, 'Hosts'), 'Host', 'Workbook')!;
const cfPoint = child(at(vHost, 'AllFormFactors'), 'ExtensionPoint', 'CustomFunctions')!;

function requireWebFile(url: string): string {
  expect(url.startsWith(DEV)).toBe(true);
  const rel = url.slice(DEV.length).split(/[?#]/)[0];
  const file = path.join(WEB, rel);
  if (!fs.existsSync(WEB)) throw new Error('dist/web is missing: run `npm run build` first (npm test does it for you)');
  if (!fs.existsSync(file)) throw new Error(`${url} is not emitted by the build (no dist/web/${rel})`);
  return file;
}

/** Minimal PNG check: signature, chunk CRCs, IHDR size, and IDAT that inflates to the right length. */
function readPng(file: string): { width: number; height: number } {
  const buf = fs.readFileSync(file);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let off = 8;
  let width = 0,
    height = 0,
    colorType = -1,
    bitDepth = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('ascii', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    expect(buf.readUInt32BE(off + 8 + len)).toBe(crc32(buf.subarray(off + 4, off + 8 + len)));
    types.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8];
      colorType = data[9];
    }
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  expect(types[0]).toBe('IHDR');
  expect(types[types.length - 1]).toBe('IEND');
  expect(bitDepth).toBe(8);
  const channels = ({ 2: 3, 6: 4 } as Record<number, number>)[colorType];
  expect(channels).toBeDefined();
  expect(zlib.inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + width * channels));
  return { width, height };
}

function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('manifest.xml', () => {
  it('is well-formed XML with a TaskPaneApp root', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(root.tag).toBe('OfficeApp');
    expect(root.attrs['xsi:type']).toBe('TaskPaneApp');
  });

  it('has a stable GUID id, the Workbook host and ReadWriteDocument permission', () => {
    expect(child(root, 'Id')!.text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(child(root, 'Id')!.text).toBe('c3df2e77-7de2-4662-b71c-ecf2b23a027c');
    expect(child(at(root, 'Hosts'), 'Host')!.attrs.Name).toBe('Workbook');
    expect(child(root, 'Permissions')!.text).toBe('ReadWriteDocument');
  });

  it('requires SharedRuntime ≥ 1.1 and CustomFunctionsRuntime ≥ 1.2 (CustomFunctions.Error with a message)', () => {
    const sets = new Map(
      (at(root, 'Requirements', 'Sets')?.children ?? []).map((s) => [s.attrs.Name, Number(s.attrs.MinVersion)])
    );
    expect(sets.get('SharedRuntime')).toBeGreaterThanOrEqual(1.1);
    expect(sets.get('CustomFunctionsRuntime')).toBeGreaterThanOrEqual(1.2);
  });

  it('defines every resid it uses, once, and uses every resource it defines', () => {
    const ids = resourceNodes.map((r) => r.attrs.id);
    expect(new Set(ids).size).toBe(ids.length);
    const used = new Set(nodes.filter((n) => n.attrs.resid).map((n) => n.attrs.resid));
    expect([...used].filter((id) => !resource.has(id))).toEqual([]);
    expect(ids.filter((id) => !used.has(id))).toEqual([]);
  });

  it('declares the shared runtime as the first child of the Workbook host, long-lived, on the task pane page', () => {
    expect(vHost.children[0].tag).toBe('Runtimes');
    const runtime = child(vHost.children[0], 'Runtime')!;
    expect(runtime.attrs).toMatchObject({ resid: 'Taskpane.Url', lifetime: 'long' });
    expect(resource.get('Taskpane.Url')!.attrs.DefaultValue).toBe(`${DEV}taskpane.html`);
  });

  it('has an AllInOne custom-functions extension point on the shared page, with namespace REUSE', () => {
    expect(at(cfPoint, 'Page', 'SourceLocation')!.attrs.resid).toBe('Taskpane.Url');
    const script = resource.get(at(cfPoint, 'Script', 'SourceLocation')!.attrs.resid)!;
    expect(script.attrs.DefaultValue).toBe(`${DEV}taskpane.js`);
    const metadata = resource.get(at(cfPoint, 'Metadata', 'SourceLocation')!.attrs.resid)!;
    expect(metadata.attrs.DefaultValue).toBe(`${DEV}functions.json`);
    const ns = resource.get(child(cfPoint, 'Namespace')!.attrs.resid)!;
    expect(ns.attrs.DefaultValue).toBe('REUSE');
    expect(ns.children).toEqual([]); // never localised: it is part of every formula
  });

  it('points zh-CN Excel at the Chinese metadata', () => {
    const metadata = resource.get(at(cfPoint, 'Metadata', 'SourceLocation')!.attrs.resid)!;
    const zh = metadata.children.find((o) => o.tag === 'bt:Override' && o.attrs.Locale === 'zh-CN');
    expect(zh?.attrs.Value).toBe(`${DEV}functions.zh-CN.json`);
  });

  it('runs ribbon commands in the shared runtime and opens the pane from a Home-tab button', () => {
    const desktop = at(vHost, 'DesktopFormFactor')!;
    expect(child(desktop, 'FunctionFile')!.attrs.resid).toBe('Taskpane.Url');
    const tab = child(child(desktop, 'ExtensionPoint', 'PrimaryCommandSurface'), 'OfficeTab')!;
    expect(tab.attrs.id).toBe('TabHome');
    const actions = all(tab).filter((n) => n.tag === 'Action' && n.attrs['xsi:type'] === 'ShowTaskpane');
    expect(actions).toHaveLength(1);
    expect(child(actions[0], 'SourceLocation')!.attrs.resid).toBe('Taskpane.Url');
    expect(child(actions[0], 'TaskpaneId')!.text).not.toBe('');
  });

  it('has zh-CN overrides for the display name, description and every visible string (except the namespace)', () => {
    for (const tag of ['DisplayName', 'Description']) {
      const n = child(root, tag)!;
      expect(
        n.children.some(
          (o) => o.tag === 'Override' && o.attrs.Locale === 'zh-CN' && /[\u4e00-\u9fff]/.test(o.attrs.Value)
        )
      ).toBe(true);
    }
    const strings = [
      ...(child(resources, 'bt:ShortStrings')?.children ?? []),
      ...(child(resources, 'bt:LongStrings')?.children ?? []),
    ];
    const missing = strings.filter(
      (s) => s.attrs.id !== 'Functions.Namespace' && !s.children.some((o) => o.attrs.Locale === 'zh-CN')
    );
    expect(missing.map((s) => s.attrs.id)).toEqual([]);
  });

  it("keeps strings within the manifest schema's lengths (short 125, long 250)", () => {
    const short = [child(root, 'DisplayName')!, ...(child(resources, 'bt:ShortStrings')?.children ?? [])];
    const long = [child(root, 'Description')!, ...(child(resources, 'bt:LongStrings')?.children ?? [])];
    const values = (n: Node) => [n.attrs.DefaultValue, ...n.children.map((o) => o.attrs.Value)];
    for (const n of short) for (const v of values(n)) expect(v.length).toBeLessThanOrEqual(125);
    for (const n of long) for (const v of values(n)) expect(v.length).toBeLessThanOrEqual(250);
  });

  it('every URL is https://localhost:3000/… and names a file the build emitted in dist/web/', () => {
    const urls = nodes
      .flatMap((n) => [n.attrs.DefaultValue, n.attrs.Value])
      .filter((v): v is string => typeof v === 'string' && /^[a-z]+:\/\//i.test(v));
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) requireWebFile(url);
  });

  it('icons are valid PNGs of the size each reference states', () => {
    const sized: [string, number][] = [
      [child(root, 'IconUrl')!.attrs.DefaultValue, 32],
      [child(root, 'HighResolutionIconUrl')!.attrs.DefaultValue, 64],
      ...nodes
        .filter((n) => n.tag === 'bt:Image' && n.attrs.size)
        .map((n): [string, number] => [resource.get(n.attrs.resid)!.attrs.DefaultValue, Number(n.attrs.size)]),
    ];
    for (const [url, size] of sized) {
      const { width, height } = readPng(requireWebFile(url));
      expect([url, width, height]).toEqual([url, size, size]);
    }
  });

  it.each([16, 32, 64, 80, 128])('assets/icon-%i.png is a valid %i×%i PNG', (size) => {
    expect(readPng(path.join(ROOT, 'assets', `icon-${size}.png`))).toEqual({ width: size, height: size });
  });

  it('the page hosting everything loads office.js before the bundle', () => {
    const html = fs.readFileSync(requireWebFile(`${DEV}taskpane.html`), 'utf8');
    const office = html.indexOf('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    const bundle = html.search(/<script[^>]*src="?taskpane\.js/);
    expect(office).toBeGreaterThan(-1);
    expect(bundle).toBeGreaterThan(office);
  });
});

describe('manifest for another host (ADDIN_BASE_URL)', () => {
  it('the build copies the manifest unchanged when ADDIN_BASE_URL is not set', () => {
    if (process.env.ADDIN_BASE_URL) return; // built for another host on purpose
    expect(fs.readFileSync(path.join(WEB, 'manifest.xml'), 'utf8')).toBe(xml);
  });

  it('rewrites every dev URL to the base URL and nothing else', () => {
    const base = 'https://cdn.example.net/addins/reuse/';
    const out: string = rewriteManifest(xml, base, 3000);
    expect(out).not.toContain(DEV);
    expect(out).toContain(`<bt:Url id="Functions.Metadata.Url" DefaultValue="${base}functions.json">`);
    expect(out).toContain(`Value="${base}functions.zh-CN.json"`);
    expect(out.split(base).length).toBe(xml.split(DEV).length);
    expect(XMLValidator.validate(out)).toBe(true);
  });

  it('adds the trailing slash, insists on https and rejects queries', () => {
    expect(normaliseBaseUrl('https://example.org/reuse')).toBe('https://example.org/reuse/');
    expect(() => normaliseBaseUrl('http://example.org/')).toThrow(/https/);
    expect(() => normaliseBaseUrl('example.org/reuse/')).toThrow(/absolute URL/);
    expect(() => normaliseBaseUrl('https://example.org/?v=1')).toThrow(/query/);
    expect(rewriteManifest(xml, '', 3000)).toBe(xml);
  });
});
