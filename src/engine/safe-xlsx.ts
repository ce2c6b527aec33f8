/**
 * Checks a workbook's bytes before anything parses them for real. Workbooks come from other
 * bureaus and are untrusted: a file that is not an .xlsx, a corrupt or truncated zip, an
 * encrypted (password-protected) file, a zip bomb or a sheet too large for memory is
 * rejected with one clear message, before ExcelJS builds its object model.
 */
import JSZip from 'jszip';

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
}

export const DEFAULT_LIMITS: XlsxLimits = {
  maxFileBytes: 100 * 1024 * 1024,
  maxEntries: 10_000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  maxCellsPerSheet: 5_000_000,
};

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

/** Reads the first bytes of an entry (enough for the `<dimension>` element) without inflating all of it. */
async function head(file: JSZip.JSZipObject, bytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let got = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const all = new Uint8Array(got);
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.length;
      }
      resolve(new TextDecoder().decode(all.subarray(0, Math.min(bytes, got))));
    };
    // JSZip's own stream works in Node and in the browser alike.
    const stream = (file as unknown as { internalStream(type: 'uint8array'): JSZipStream }).internalStream('uint8array');
    stream
      .on('data', (c: Uint8Array) => {
        chunks.push(c);
        got += c.length;
        if (got >= bytes) {
          stream.pause();
          finish();
        }
      })
      .on('end', finish)
      .on('error', reject)
      .resume();
  });
}

interface JSZipStream {
  on(event: 'data', cb: (chunk: Uint8Array) => void): JSZipStream;
  on(event: 'end', cb: () => void): JSZipStream;
  on(event: 'error', cb: (e: Error) => void): JSZipStream;
  pause(): JSZipStream;
  resume(): JSZipStream;
}

/**
 * Throws a `WorkbookError` with a user-facing message if the bytes are not a workbook the
 * engine can safely open. Returns quietly otherwise.
 */
export async function checkXlsxBytes(buf: Uint8Array, limits: XlsxLimits = DEFAULT_LIMITS): Promise<void> {
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MiB`;
  if (buf.length > limits.maxFileBytes) {
    throw new WorkbookError('too-large', `file is ${mb(buf.length)}, more than the ${mb(limits.maxFileBytes)} limit`);
  }
  if (startsWith(buf, OLE_MAGIC)) {
    throw new WorkbookError(
      'encrypted',
      'file is password-protected (encrypted) or an old binary .xls: remove the password or save it as .xlsx in Excel',
    );
  }
  if (!startsWith(buf, ZIP_MAGIC)) {
    throw new WorkbookError('not-xlsx', 'not an .xlsx file (it is not a zip package)');
  }
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
  let total = 0;
  for (const f of entries) {
    const d = (f as unknown as ZipEntryInternals)._data;
    const size = d?.uncompressedSize ?? 0;
    const packed = d?.compressedSize ?? 0;
    total += size;
    if (size > 1024 * 1024 && packed > 0 && size / packed > limits.maxRatio) {
      throw new WorkbookError('too-large', `part ${f.name} expands ${Math.round(size / packed)}-fold (a zip bomb?); refused`);
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw new WorkbookError('too-large', `the package expands to ${mb(total)}, more than the ${mb(limits.maxUncompressedBytes)} limit`);
  }
  if (!zip.file('xl/workbook.xml')) {
    throw new WorkbookError('not-xlsx', 'not an Excel workbook (the package has no xl/workbook.xml)');
  }
  for (const f of entries.filter((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.name))) {
    const text = await head(f, 4096);
    const ref = /<(?:\w+:)?dimension\s+ref="([^"]+)"/.exec(text)?.[1];
    const cells = ref ? dimensionCells(ref) : undefined;
    if (cells !== undefined && cells > limits.maxCellsPerSheet) {
      throw new WorkbookError(
        'too-large',
        `sheet ${f.name.replace(/^xl\/worksheets\//, '')} spans ${ref} (${cells.toLocaleString('en-US')} cells), more than the ${limits.maxCellsPerSheet.toLocaleString('en-US')}-cell limit`,
      );
    }
  }
}
