/**
 * Workbooks on disk: recalculation, check, snapshot and repair from one file into another
 * (the logic is in src/engine: load.ts, patch-values.ts, check.ts, snapshot.ts and repair.ts, over
 * bytes). The input is never modified:
 *
 *  - input and output are compared as files, not as path strings: by device and inode when
 *    the output exists (a symlink, a hard link, a folder reached through a symlink), and by
 *    real path otherwise;
 *  - an output that exists and is not a regular file (a folder, a FIFO, a device) is refused;
 *  - the output is written to a temporary file created exclusively under a random name in the
 *    same folder (never following a planted symlink), flushed to disk, then renamed into
 *    place; a failure removes it. A run killed midway leaves at most a `.NAME.<random>.tmp`
 *    file, never a half-written NAME.
 */
import { randomBytes } from 'crypto';
import { constants, promises as fs } from 'fs';
import * as path from 'path';
import type { Lang } from '../core/errors';
import { EnginePort } from '../workbook/engine-port';
import type { Scalar } from '../workbook/port';
import { DEFAULT_LIMITS, WorkbookError } from '../xlsx/limits';
import { CheckOptions, CheckReport, checkWorkbookBytes } from '../engine/check';
import { patchCachedValues } from '../engine/patch-values';
import { RepairResult, repairWorkbookBytes } from '../engine/repair';
import { SnapshotOptions, SnapshotResult, snapshotWorkbookBytes } from '../engine/snapshot';
import { RecalcReport, computeResultsThenFree, loadWorkbook, onLargeEngineFreed } from '../engine/load';
import { fullGarbageCollection } from './memory';

onLargeEngineFreed(fullGarbageCollection);

/**
 * Why a write failed, naming OUT rather than the temporary file the failure happened on (the
 * user never asked for `.OUT.<random>.tmp`): the system's words without the path, and its code.
 */
function writeProblem(e: NodeJS.ErrnoException, tmp: string, out: string): string {
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'the file system is read-only',
    ENOENT: 'its folder does not exist',
    ENOTDIR: 'a part of its path is not a folder',
    EISDIR: 'it is a folder',
    EEXIST: 'a file appeared in its place',
    EBUSY: 'it is in use by another program',
    EMFILE: 'too many open files',
  };
  if (e.code && words[e.code]) return `${words[e.code]} (${e.code})`;
  return String(e.message ?? e)
    .split(tmp)
    .join(out);
}

/** Writes bytes to `out` through an exclusive temporary file, so a failure never leaves a half-written file. */
export async function writeFileAtomic(out: string, data: Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(8).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(
      tmp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
      0o666
    );
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, out);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new WorkbookError(
      'write-failed',
      `cannot write ${out}: ${writeProblem(e as NodeJS.ErrnoException, tmp, out)}`
    );
  }
  // Make the rename itself durable where the platform allows it.
  const dir = await fs.open(path.dirname(out), 'r').catch(() => undefined);
  await dir?.sync().catch(() => undefined);
  await dir?.close().catch(() => undefined);
}

/** Reads a file for recalculation, with clear errors for a missing, unreadable or oversized path. */
export async function readInput(file: string): Promise<Buffer> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new WorkbookError('not-found', `${file} is not a file`);
    if (st.size > DEFAULT_LIMITS.maxFileBytes) {
      throw new WorkbookError(
        'too-large',
        `${file} is ${Math.round(st.size / 1048576)} MiB, more than the ${DEFAULT_LIMITS.maxFileBytes / 1048576} MiB limit`
      );
    }
    return await fs.readFile(file);
  } catch (e) {
    if (e instanceof WorkbookError) throw e;
    throw new WorkbookError(
      'not-found',
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`
    );
  }
}

const SAME = 'the output must be a different file from the input (the input is never modified)';

/** Refuses an output that is the input, however it is named, or that is not a regular file. */
export async function checkOutput(input: string, output: string): Promise<void> {
  const inStat = await fs.stat(input).catch(() => undefined);
  const outStat = await fs
    .stat(output)
    .catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)))
    .catch(() => undefined);
  if (outStat) {
    if (inStat && outStat.dev === inStat.dev && outStat.ino === inStat.ino) throw new WorkbookError('same-file', SAME);
    if (!outStat.isFile())
      throw new WorkbookError('write-failed', `cannot write ${output}: it exists and is not a regular file`);
  }
  const real = async (p: string) => {
    const dir = await fs.realpath(path.dirname(path.resolve(p))).catch(() => path.dirname(path.resolve(p)));
    return path.join(dir, path.basename(p));
  };
  const inReal = await fs.realpath(input).catch(() => real(input));
  if (inReal === (await real(output))) throw new WorkbookError('same-file', SAME);
  const dir = await fs.stat(path.dirname(path.resolve(output))).catch(() => undefined);
  if (!dir?.isDirectory()) throw new WorkbookError('write-failed', `cannot write ${output}: its folder does not exist`);
}

export interface RecalcFileOptions {
  lang?: Lang;
  /** Cells to set before recalculating: defined name or `Sheet!A1` → constant (text stays text). */
  set?: Record<string, Scalar>;
}

/**
 * Recalculates IN into OUT. IN is never modified; OUT is written only if everything succeeded.
 * OUT is IN with fresh cached values patched into its sheet parts: charts, pivot tables,
 * images, comments and every other part keep their bytes; with `set`, the cells set too.
 */
export async function recalcFile(input: string, output: string, opts: RecalcFileOptions = {}): Promise<RecalcReport> {
  await checkOutput(input, output);
  const buf = await readInput(input);
  const set = Object.entries(opts.set ?? {});
  if (set.length > 0) {
    // Inputs set first: the workbook port writes them (all or none; an unknown name is a
    // PortError before anything is written) and saves the package with fresh cached values.
    const port = await EnginePort.fromBytes(buf, { displayLanguage: opts.lang });
    try {
      await port.apply(
        set.map(([ref, value]) => ({ ref, contents: { value } })),
        []
      );
      const { bytes, report } = await port.toBytesWithReport();
      await writeFileAtomic(output, bytes);
      return report;
    } finally {
      port.dispose();
    }
  }
  const loaded = await loadWorkbook(buf, opts);
  const plan = computeResultsThenFree(loaded);
  await writeFileAtomic(output, await patchCachedValues(buf, loaded, plan.cells));
  return plan.report;
}

/** Checks a workbook file: see check.ts. */
export async function checkFile(input: string, opts: CheckOptions = {}): Promise<CheckReport> {
  return checkWorkbookBytes(await readInput(input), opts);
}

/** Snapshots IN into OUT (see snapshot.ts); OUT is written only if everything succeeded. */
export async function snapshotFile(
  input: string,
  output: string,
  opts: SnapshotOptions
): Promise<Omit<SnapshotResult, 'bytes'>> {
  await checkOutput(input, output);
  const { bytes, ...report } = await snapshotWorkbookBytes(await readInput(input), opts);
  await writeFileAtomic(output, bytes);
  return report;
}

/** Repairs IN into OUT (see repair.ts); OUT is written (a copy, if nothing needed repair) only if everything succeeded. */
export async function repairFile(input: string, output: string): Promise<Omit<RepairResult, 'bytes'>> {
  await checkOutput(input, output);
  const { bytes, ...report } = await repairWorkbookBytes(await readInput(input));
  await writeFileAtomic(output, bytes);
  return report;
}
