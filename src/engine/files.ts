/**
 * Workbooks on disk: recalculation, check, snapshot and repair from one file into another
 * (the logic is in workbook.ts, patch-values.ts, check.ts, snapshot.ts and repair.ts, over bytes). The input
 * is never modified; the output is written through a temporary file, so a failure leaves
 * nothing behind.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Lang } from '../core/errors';
import { CheckOptions, CheckReport, checkWorkbookBytes } from './check';
import { patchCachedValues } from './patch-values';
import { RepairResult, repairWorkbookBytes } from './repair';
import { DEFAULT_LIMITS, WorkbookError } from './safe-xlsx';
import { SnapshotOptions, SnapshotResult, snapshotWorkbookBytes } from './snapshot';
import { RecalcReport, computeResults, loadWorkbook } from './workbook';

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

/**
 * Recalculates IN into OUT. IN is never modified; OUT is written only if everything succeeded.
 * OUT is IN with fresh cached values patched into its sheet parts (patch-values.ts): charts,
 * pivot tables, images, comments and every other part keep their bytes.
 */
export async function recalcFile(input: string, output: string, opts: { lang?: Lang } = {}): Promise<RecalcReport> {
  distinct(input, output);
  const buf = await readInput(input);
  const loaded = await loadWorkbook(buf, opts);
  try {
    const { report, cells } = computeResults(loaded);
    await writeFileAtomic(output, await patchCachedValues(buf, cells));
    return report;
  } finally {
    loaded.engine.hf.destroy();
  }
}

/** Refuses an output that is the input (the input is never modified). */
function distinct(input: string, output: string): void {
  if (path.resolve(input) === path.resolve(output)) {
    throw new WorkbookError('same-file', 'the output must be a different file from the input (the input is never modified)');
  }
}

/** Checks a workbook file: see check.ts. */
export async function checkFile(input: string, opts: CheckOptions = {}): Promise<CheckReport> {
  return checkWorkbookBytes(await readInput(input), opts);
}

/** Snapshots IN into OUT (see snapshot.ts); OUT is written only if everything succeeded. */
export async function snapshotFile(input: string, output: string, opts: SnapshotOptions): Promise<Omit<SnapshotResult, 'bytes'>> {
  distinct(input, output);
  const { bytes, ...report } = await snapshotWorkbookBytes(await readInput(input), opts);
  await writeFileAtomic(output, bytes);
  return report;
}

/** Repairs IN into OUT (see repair.ts); OUT is written (a copy, if nothing needed repair) only if everything succeeded. */
export async function repairFile(input: string, output: string): Promise<Omit<RepairResult, 'bytes'>> {
  distinct(input, output);
  const { bytes, ...report } = await repairWorkbookBytes(await readInput(input));
  await writeFileAtomic(output, bytes);
  return report;
}
