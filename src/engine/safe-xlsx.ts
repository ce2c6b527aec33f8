/**
 * Checks a workbook's bytes before anything parses them for real. Workbooks come from other
 * bureaus and are untrusted: a file that is not an .xlsx, a corrupt or truncated zip, an
 * encrypted (password-protected) file, a zip bomb or a sheet too large for memory is
 * rejected with one clear message, before ExcelJS builds its object model.
 *
 * Every part is streamed once through a small XML scanner (constant memory, no DOM, nothing
 * resolved or executed) that counts the bytes really inflated (a zip's declared sizes can
 * lie), rejects any DOCTYPE or ENTITY declaration (OOXML never needs one; it is how "billion
 * laughs" entity expansion starts), bounds element nesting, counts the cells and rows of each
 * sheet (a sheet's declared dimension can lie or be missing) and bounds the length of strings
 * (Excel's own limit is 32 767 characters). External links are listed for the caller to
 * report; they are never followed.
 */
import JSZip from 'jszip';
import { ExternalLink, externalLinks } from './package';

export class WorkbookError extends Error {
  constructor(
    readonly code: 'not-found' | 'not-xlsx' | 'encrypted' | 'corrupt' | 'too-large' | 'same-file' | 'write-failed',
    message: string,
  ) {
    super(message);
    this.name = 'WorkbookError';
  }
}

export interface XlsxLimits {
  /** Size of the .xlsx file itself. */
  maxFileBytes: number;
  /** Entries in the zip. */
  maxEntries: number;
  /** Sum of all uncompressed entries (zip bombs). */
  maxUncompressedBytes: number;
  /** Compression ratio of any one entry larger than 1 MiB. */
  maxRatio: number;
  /** Cells a sheet's declared dimension may span. */
  maxCellsPerSheet: number;
  /** `<c>` and `<row>` elements really present, all sheets together (what ExcelJS and the engine hold in memory). */
  maxCells: number;
  /** Element nesting in any XML part. */
  maxXmlDepth: number;
  /** Characters of one string in a sheet or the shared-string table (Excel's limit: 32 767). */
  maxStringChars: number;
}

export const DEFAULT_LIMITS: XlsxLimits = {
  maxFileBytes: 100 * 1024 * 1024,
  maxEntries: 10_000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  maxCellsPerSheet: 5_000_000,
  // About 0.5 KB of memory per cell once ExcelJS and the engine both hold it: ~0.5 GB, a few seconds.
  maxCells: 1_000_000,
  // OOXML parts nest a few dozen levels at most (DrawingML is the deepest).
  maxXmlDepth: 256,
  maxStringChars: 32_767,
};

/** What the check learnt about a package that passed. */
export interface XlsxInspection {
  /** Links to other workbooks: to be reported, never followed. */
  externalLinks: ExternalLink[];
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Column letters → 1-based number. */
function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Cells spanned by a `<dimension ref="A1:XFD1048576">`, or undefined if the ref is absent or odd. */
export function dimensionCells(ref: string): number | undefined {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/i.exec(ref);
  if (!m) return undefined;
  if (!m[3]) return 1;
  const cols = Math.abs(colNumber(m[3]) - colNumber(m[1])) + 1;
  const rows = Math.abs(Number(m[4]) - Number(m[2])) + 1;
  return cols * rows;
}

interface ZipEntryInternals {
  _data?: { uncompressedSize?: number; compressedSize?: number };
}

interface JSZipStream {
  on(event: 'data', cb: (chunk: Uint8Array) => void): JSZipStream;
  on(event: 'end', cb: () => void): JSZipStream;
  on(event: 'error', cb: (e: Error) => void): JSZipStream;
  pause(): JSZipStream;
  resume(): JSZipStream;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];

/** What a file that is not a zip probably is, for the message. */
function notZipMessage(buf: Uint8Array): string {
  if (buf.length === 0) return 'not an .xlsx file (the file is empty)';
  if (startsWith(buf, PNG_MAGIC)) return 'not an .xlsx file (it is a PNG image)';
  if (startsWith(buf, PDF_MAGIC)) return 'not an .xlsx file (it is a PDF document)';
  if (startsWith(buf, JPEG_MAGIC)) return 'not an .xlsx file (it is a JPEG image)';
  return 'not an .xlsx file (it is not a zip package)';
}

/** What a zip without a workbook part probably is, for the message. */
function notWorkbookMessage(names: string[]): string {
  const kind = names.some((n) => n.startsWith('word/'))
    ? 'it is a Word document (.docx)'
    : names.some((n) => n.startsWith('ppt/'))
      ? 'it is a PowerPoint file (.pptx)'
      : 'the package has no xl/workbook.xml';
  return `not an Excel workbook (${kind})`;
}

type PartKind = 'sheet' | 'strings' | 'xml' | 'binary';

function partKind(name: string): PartKind {
  if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) return 'sheet';
  if (name === 'xl/sharedStrings.xml') return 'strings';
  if (/\.(xml|rels|vml)$/i.test(name)) return 'xml';
  return 'binary';
}

const refuse = (message: string) => new WorkbookError('too-large', message);
const n = (x: number) => x.toLocaleString('en-US');

/**
 * A streaming XML scanner: enough of XML to find declarations, nesting, elements and text
 * lengths in constant memory, chunk by chunk. It is not a parser and resolves nothing.
 */
class XmlScan {
  private depth = 0;
  private state: 'text' | 'comment' | 'cdata' | 'pi' = 'text';
  private carry = '';
  /** Inside a string item (`<si>`, `<is>`): text length so far. */
  private inString = false;
  private textChars = 0;

  constructor(
    private readonly part: string,
    private readonly kind: PartKind,
    private readonly limits: XlsxLimits,
    private readonly counter: { cells: number },
  ) {}

  feed(chunk: string, final: boolean): void {
    const s = this.carry ? flat(this.carry + chunk) : chunk;
    this.carry = '';
    let i = 0;
    while (i < s.length) {
      if (this.state !== 'text') {
        const end = this.state === 'comment' ? '-->' : this.state === 'cdata' ? ']]>' : '?>';
        const j = s.indexOf(end, i);
        if (this.state === 'cdata') this.text(s, i, j < 0 ? s.length : j);
        if (j < 0) {
          // Keep the last characters: the terminator may straddle two chunks.
          if (!final) this.carry = s.slice(Math.max(i, s.length - end.length + 1));
          return;
        }
        i = j + end.length;
        this.state = 'text';
        continue;
      }
      const lt = s.indexOf('<', i);
      this.text(s, i, lt < 0 ? s.length : lt);
      if (lt < 0) return;
      if (s.length - lt < 9 && !final) {
        this.carry = s.slice(lt);
        return;
      }
      if (s.startsWith('<!--', lt)) {
        this.state = 'comment';
        i = lt + 4;
      } else if (s.startsWith('<![CDATA[', lt)) {
        this.state = 'cdata';
        i = lt + 9;
      } else if (s[lt + 1] === '!') {
        throw new WorkbookError(
          'corrupt',
          `part ${this.part} contains a DOCTYPE or ENTITY declaration (XML entity expansion, "billion laughs"); an .xlsx never needs one, refused`,
        );
      } else if (s[lt + 1] === '?') {
        this.state = 'pi';
        i = lt + 2;
      } else {
        const gt = tagEnd(s, lt + 1);
        if (gt < 0) {
          if (final) throw new WorkbookError('corrupt', `part ${this.part} is not well-formed XML (an unterminated tag)`);
          if (s.length - lt > 1024 * 1024) throw refuse(`part ${this.part} has a tag longer than 1 MiB; refused`);
          this.carry = s.slice(lt);
          return;
        }
        this.tag(s, lt, gt);
        i = gt + 1;
      }
    }
  }

  /** Text between tags: its length counts towards the current string (entities count as one character). */
  private text(s: string, from: number, to: number): void {
    if (to <= from || (this.kind !== 'sheet' && this.kind !== 'strings')) return;
    let chars = to - from;
    for (let a = from; a < to; a++) {
      if (s.charCodeAt(a) !== 38 /* & */) continue;
      const semi = s.indexOf(';', a);
      if (semi > a && semi < to && semi - a <= 10) chars -= semi - a;
    }
    this.textChars = this.inString ? this.textChars + chars : chars;
    if (this.textChars > this.limits.maxStringChars) {
      throw refuse(`part ${this.part} holds a text of more than ${n(this.limits.maxStringChars)} characters (Excel's limit for one cell); refused`);
    }
  }

  private tag(s: string, lt: number, gt: number): void {
    const closing = s.charCodeAt(lt + 1) === 47; /* / */
    let start = lt + (closing ? 2 : 1);
    let e = start;
    for (let ch = s.charCodeAt(e); e < gt && ch > 32 && ch !== 47; ch = s.charCodeAt(++e)) if (ch === 58 /* : */) start = e + 1;
    // The local name, compared in place: millions of tags must not allocate a string each.
    const is = (name: string) => e - start === name.length && s.startsWith(name, start);
    if (closing) {
      this.depth--;
      if (is('si') || is('is')) this.inString = false;
      return;
    }
    const selfClosing = s.charCodeAt(gt - 1) === 47;
    if (!selfClosing && ++this.depth > this.limits.maxXmlDepth) {
      throw refuse(`part ${this.part} nests XML elements more than ${n(this.limits.maxXmlDepth)} deep; refused`);
    }
    if (this.kind === 'strings' || this.kind === 'sheet') {
      if (!selfClosing && (is('si') || is('is'))) {
        this.inString = true;
        this.textChars = 0;
      }
    }
    if (this.kind !== 'sheet') return;
    if (is('c') || is('row')) {
      if (++this.counter.cells > this.limits.maxCells) {
        throw refuse(`the workbook holds more than ${n(this.limits.maxCells)} cells and rows (counted in ${this.part}); too large to open safely`);
      }
    } else if (is('dimension')) {
      const ref = /\bref="([^"]+)"/.exec(s.slice(lt, gt))?.[1];
      const cells = ref ? dimensionCells(ref) : undefined;
      if (cells !== undefined && cells > this.limits.maxCellsPerSheet) {
        throw refuse(
          `sheet ${this.part.replace(/^xl\/worksheets\//, '')} spans ${ref} (${n(cells)} cells), more than the ${n(this.limits.maxCellsPerSheet)}-cell limit`,
        );
      }
    }
  }
}

/** A flat copy of a concatenated string: V8 reads characters of a flat string much faster than of a rope. */
function flat(s: string): string {
  void Number(s); // V8 flattens a string to parse it
  return s;
}

/** Index of the `>` that ends a tag starting before `from`, skipping quoted attribute values; -1 if not in `s`. */
function tagEnd(s: string, from: number): number {
  let quote = 0;
  for (let i = from; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 62) return i;
  }
  return -1;
}

/** Streams one part through the scanner, counting the bytes really inflated. */
async function scanPart(
  file: JSZip.JSZipObject,
  kind: PartKind,
  limits: XlsxLimits,
  totals: { bytes: number; cells: number },
): Promise<void> {
  const packed = (file as unknown as ZipEntryInternals)._data?.compressedSize ?? 0;
  const scan = kind === 'binary' ? undefined : new XmlScan(file.name, kind, limits, totals);
  const decoder = new TextDecoder('utf-8');
  await new Promise<void>((resolve, reject) => {
    let bytes = 0;
    let failed = false;
    // JSZip's own stream works in Node and in the browser alike.
    const stream = (file as unknown as { internalStream(type: 'uint8array'): JSZipStream }).internalStream('uint8array');
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      stream.pause();
      reject(e);
    };
    stream
      .on('data', (chunk: Uint8Array) => {
        if (failed) return;
        try {
          bytes += chunk.length;
          totals.bytes += chunk.length;
          if (totals.bytes > limits.maxUncompressedBytes) {
            throw refuse(`the package expands to more than ${Math.round(limits.maxUncompressedBytes / 1048576)} MiB; refused`);
          }
          if (bytes > 1024 * 1024 && packed > 0 && bytes / packed > limits.maxRatio) {
            throw refuse(`part ${file.name} expands more than ${limits.maxRatio}-fold (a zip bomb?); refused`);
          }
          scan?.feed(decoder.decode(chunk, { stream: true }), false);
        } catch (e) {
          fail(e as Error);
        }
      })
      .on('end', () => {
        if (failed) return;
        try {
          scan?.feed(decoder.decode(), true);
          resolve();
        } catch (e) {
          fail(e as Error);
        }
      })
      .on('error', (e) => fail(new WorkbookError('corrupt', `corrupt .xlsx: part ${file.name} cannot be inflated (${e.message})`)))
      .resume();
  });
}

/**
 * Throws a `WorkbookError` with a user-facing message if the bytes are not a workbook the
 * engine can safely open. Returns what the caller must report (external links) otherwise.
 */
export async function checkXlsxBytes(buf: Uint8Array, limits: XlsxLimits = DEFAULT_LIMITS): Promise<XlsxInspection> {
  const mb = (x: number) => `${Math.round(x / 1024 / 1024)} MiB`;
  if (buf.length > limits.maxFileBytes) {
    throw new WorkbookError('too-large', `file is ${mb(buf.length)}, more than the ${mb(limits.maxFileBytes)} limit`);
  }
  if (startsWith(buf, OLE_MAGIC)) {
    throw new WorkbookError(
      'encrypted',
      'file is password-protected (encrypted) or an old binary .xls: remove the password or save it as .xlsx in Excel',
    );
  }
  if (!startsWith(buf, ZIP_MAGIC)) throw new WorkbookError('not-xlsx', notZipMessage(buf));
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf, { checkCRC32: false });
  } catch (e) {
    throw new WorkbookError('corrupt', `corrupt .xlsx: the zip package cannot be read (${(e as Error).message})`);
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir);
  if (entries.length > limits.maxEntries) {
    throw new WorkbookError('too-large', `the package holds ${entries.length} parts, more than the ${limits.maxEntries} limit`);
  }
  // Declared sizes first: a cheap early refusal of an honest bomb, before inflating anything.
  let declared = 0;
  for (const f of entries) {
    const d = (f as unknown as ZipEntryInternals)._data;
    const size = d?.uncompressedSize ?? 0;
    const packed = d?.compressedSize ?? 0;
    declared += size;
    if (size > 1024 * 1024 && packed > 0 && size / packed > limits.maxRatio) {
      throw new WorkbookError('too-large', `part ${f.name} expands ${Math.round(size / packed)}-fold (a zip bomb?); refused`);
    }
  }
  if (declared > limits.maxUncompressedBytes) {
    throw new WorkbookError('too-large', `the package expands to ${mb(declared)}, more than the ${mb(limits.maxUncompressedBytes)} limit`);
  }
  if (!zip.file('xl/workbook.xml')) throw new WorkbookError('not-xlsx', notWorkbookMessage(entries.map((e) => e.name)));
  // Then every part for real, sheets first (the likeliest to be too large), in constant memory.
  const totals = { bytes: 0, cells: 0 };
  const order: PartKind[] = ['sheet', 'strings', 'xml', 'binary'];
  const sorted = [...entries].sort((a, b) => order.indexOf(partKind(a.name)) - order.indexOf(partKind(b.name)));
  for (const f of sorted) await scanPart(f, partKind(f.name), limits, totals);
  return { externalLinks: await externalLinks(zip) };
}
