/**
 * The zip layer of a package: which parts exist, under one normalised name each, and their
 * bytes, inflated within limits. Part names are normalised once — `\` read as `/`, a leading
 * `/` dropped, `.` and `..` resolved, percent-escapes decoded, compared without case (OPC part
 * names are case-insensitive) — and two entries that normalise to the same name are refused:
 * otherwise one reader would see one of them and Excel the other (JSZip keeps the last of
 * `xl/worksheets/sheet1.xml` and `a/../xl/worksheets/sheet1.xml`; Excel shows the first).
 * The central directory is read here to see every entry, duplicates included.
 */
import JSZip from 'jszip';
import { DEFAULT_LIMITS, WorkbookError, XlsxLimits, corrupt, count, refuse } from './limits';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** What a file that is not a zip probably is, for the message. */
function notZipMessage(buf: Uint8Array): string {
  if (buf.length === 0) return 'not an .xlsx file (the file is empty)';
  if (startsWith(buf, PNG_MAGIC)) return 'not an .xlsx file (it is a PNG image)';
  if (startsWith(buf, PDF_MAGIC)) return 'not an .xlsx file (it is a PDF document)';
  if (startsWith(buf, JPEG_MAGIC)) return 'not an .xlsx file (it is a JPEG image)';
  return 'not an .xlsx file (it is not a zip package)';
}

/**
 * The normalised form of a part name or zip entry name, or undefined when it leaves the
 * package (`../x`). Keys compare without case; `partName` keeps the case it was written in.
 */
export function normalisePartName(raw: string): string | undefined {
  let name = raw.replace(/\\/g, '/');
  try {
    name = decodeURIComponent(name);
  } catch {
    // A stray `%` is part of the name.
  }
  const out: string[] = [];
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

export const partKey = (name: string): string => name.toLowerCase();

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

/** Entry names as the central directory lists them, duplicates included; undefined when it cannot be located (JSZip then reports the damage). */
function centralDirectoryNames(buf: Uint8Array): string[] | undefined {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const min = Math.max(0, buf.length - 22 - 65_535);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  let entries = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if ((entries === 0xffff || offset === 0xffffffff) && eocd >= 20 && view.getUint32(eocd - 20, true) === 0x07064b50) {
    const z64 = Number(view.getBigUint64(eocd - 20 + 8, true));
    if (z64 + 56 > buf.length || view.getUint32(z64, true) !== 0x06064b50) return undefined;
    entries = Number(view.getBigUint64(z64 + 32, true));
    offset = Number(view.getBigUint64(z64 + 48, true));
  }
  const names: string[] = [];
  const decoder = new TextDecoder('utf-8');
  for (let n = 0, p = offset; n < entries; n++) {
    if (p + 46 > buf.length || view.getUint32(p, true) !== 0x02014b50) return undefined;
    const nameLength = view.getUint16(p + 28, true);
    const extra = view.getUint16(p + 30, true);
    const comment = view.getUint16(p + 32, true);
    names.push(decoder.decode(buf.subarray(p + 46, p + 46 + nameLength)));
    p += 46 + nameLength + extra + comment;
  }
  return names;
}

/** A package's zip: its parts by normalised name, read within limits. */
export class ZipPackage {
  private readonly byKey = new Map<string, { name: string; file: JSZip.JSZipObject }>();
  /** Bytes inflated so far, all parts together. */
  private inflated = 0;
  /** Parts read so far (normalised keys). */
  readonly read = new Set<string>();

  private constructor(
    readonly zip: JSZip,
    private readonly limits: XlsxLimits
  ) {}

  /** Opens the bytes of an .xlsx: signature, zip structure, entry names and declared sizes checked. */
  static async open(buf: Uint8Array, limits: XlsxLimits = DEFAULT_LIMITS): Promise<ZipPackage> {
    const mb = (x: number) => `${Math.round(x / 1024 / 1024)} MiB`;
    if (buf.length > limits.maxFileBytes)
      throw refuse(`file is ${mb(buf.length)}, more than the ${mb(limits.maxFileBytes)} limit`);
    if (startsWith(buf, OLE_MAGIC)) {
      throw new WorkbookError(
        'encrypted',
        'file is password-protected (encrypted) or an old binary .xls: remove the password or save it as .xlsx in Excel'
      );
    }
    if (!startsWith(buf, ZIP_MAGIC)) throw new WorkbookError('not-xlsx', notZipMessage(buf));
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(buf, { checkCRC32: false });
    } catch (e) {
      throw corrupt(`corrupt .xlsx: the zip package cannot be read (${(e as Error).message})`);
    }
    const pkg = new ZipPackage(zip, limits);
    const listed = centralDirectoryNames(buf) ?? Object.keys(zip.files);
    if (listed.length > limits.maxEntries)
      throw refuse(
        `the package holds ${count(listed.length)} entries, more than the ${count(limits.maxEntries)} limit`
      );
    const seen = new Map<string, string>();
    for (const raw of listed) {
      if (raw.endsWith('/')) continue; // a folder entry
      const name = normalisePartName(raw);
      if (name === undefined) throw corrupt(`the zip entry ${JSON.stringify(raw)} points outside the package; refused`);
      const key = partKey(name);
      const other = seen.get(key);
      if (other !== undefined) {
        throw corrupt(
          `the package holds part ${name} twice (zip entries ${JSON.stringify(other)} and ${JSON.stringify(raw)}): ambiguous, refused`
        );
      }
      seen.set(key, raw);
    }
    let declared = 0;
    for (const file of Object.values(zip.files)) {
      if (file.dir) continue;
      const name = normalisePartName(file.name);
      if (name === undefined) continue;
      pkg.byKey.set(partKey(name), { name, file });
      const d = (file as unknown as ZipEntryInternals)._data;
      const size = d?.uncompressedSize ?? 0;
      const packed = d?.compressedSize ?? 0;
      declared += size;
      if (size > limits.maxPartBytes)
        throw refuse(
          `part ${name} expands to ${mb(size)}, more than the ${mb(limits.maxPartBytes)} limit for one part`
        );
      if (size > 1024 * 1024 && packed > 0 && size / packed > limits.maxRatio) {
        throw refuse(`part ${name} expands ${Math.round(size / packed)}-fold (a zip bomb?); refused`);
      }
    }
    if (declared > limits.maxUncompressedBytes)
      throw refuse(`the package expands to ${mb(declared)}, more than the ${mb(limits.maxUncompressedBytes)} limit`);
    return pkg;
  }

  /** Normalised names of every part, in zip order. */
  names(): string[] {
    return [...this.byKey.values()].map((e) => e.name);
  }

  has(name: string): boolean {
    return this.byKey.has(partKey(name));
  }

  /** The part's name as written in this package (case and all), for a name in any case. */
  nameOf(name: string): string | undefined {
    return this.byKey.get(partKey(name))?.name;
  }

  /** The JSZip object behind a part (for the writer). */
  entry(name: string): JSZip.JSZipObject | undefined {
    return this.byKey.get(partKey(name))?.file;
  }

  /** A part's bytes, inflated with the real byte count checked as it goes (a zip may lie about sizes). */
  async bytes(name: string): Promise<Uint8Array | undefined> {
    const e = this.byKey.get(partKey(name));
    if (!e) return undefined;
    this.read.add(partKey(name));
    const { file } = e;
    const packed = (file as unknown as ZipEntryInternals)._data?.compressedSize ?? 0;
    const limits = this.limits;
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const stream = (file as unknown as { internalStream(type: 'uint8array'): JSZipStream }).internalStream(
        'uint8array'
      );
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        stream.pause();
        reject(err);
      };
      stream
        .on('data', (chunk: Uint8Array) => {
          if (failed) return;
          bytes += chunk.length;
          this.inflated += chunk.length;
          if (this.inflated > limits.maxUncompressedBytes) {
            return fail(
              refuse(
                `the package expands to more than ${Math.round(limits.maxUncompressedBytes / 1048576)} MiB; refused`
              )
            );
          }
          if (bytes > limits.maxPartBytes)
            return fail(
              refuse(`part ${e.name} expands to more than ${Math.round(limits.maxPartBytes / 1048576)} MiB; refused`)
            );
          if (bytes > 1024 * 1024 && packed > 0 && bytes / packed > limits.maxRatio) {
            return fail(refuse(`part ${e.name} expands more than ${limits.maxRatio}-fold (a zip bomb?); refused`));
          }
          chunks.push(chunk);
        })
        .on('end', () => {
          if (!failed) resolve();
        })
        .on('error', (err) => fail(corrupt(`corrupt .xlsx: part ${e.name} cannot be inflated (${err.message})`)))
        .resume();
    });
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(bytes);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
