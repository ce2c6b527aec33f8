/**
 * Workbooks on disk: recalculation from one file into another. The input is never modified;
 * the output is written through a temporary file, so a failure leaves nothing behind.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Lang } from '../core/errors';
import { DEFAULT_LIMITS, WorkbookError } from './safe-xlsx';
import { RecalcReport, loadWorkbook, workbookBytes, writeResults } from './workbook';

/** Writes bytes to `out` through a temporary file, so a failure never leaves a half-written file. */
export async function writeFileAtomic(out: string, data: Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, out);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw new WorkbookError('write-failed', `cannot write ${out}: ${(e as Error).message}`);
  }
}

/** Reads a file for recalculation, with clear errors for a missing or unreadable path. */
export async function readInput(file: string): Promise<Buffer> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new WorkbookError('not-found', `${file} is not a file`);
    if (st.size > DEFAULT_LIMITS.maxFileBytes) {
      throw new WorkbookError('too-large', `${file} is ${Math.round(st.size / 1048576)} MiB, more than the ${DEFAULT_LIMITS.maxFileBytes / 1048576} MiB limit`);
    }
    return await fs.readFile(file);
  } catch (e) {
    if (e instanceof WorkbookError) throw e;
    throw new WorkbookError('not-found', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** Recalculates IN into OUT. IN is never modified; OUT is written only if everything succeeded. */
export async function recalcFile(input: string, output: string, opts: { lang?: Lang } = {}): Promise<RecalcReport> {
  if (path.resolve(input) === path.resolve(output)) {
    throw new WorkbookError('same-file', 'the output must be a different file from the input (the input is never modified)');
  }
  const buf = await readInput(input);
  const loaded = await loadWorkbook(buf, opts);
  try {
    const report = writeResults(loaded);
    const bytes = await workbookBytes(loaded.workbook, loaded.dynamicArrays);
    await writeFileAtomic(output, bytes);
    return report;
  } finally {
    loaded.engine.hf.destroy();
  }
}
