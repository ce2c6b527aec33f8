/**
 * A file command over many workbooks (a department reviewing every district's submission):
 * which files a list of paths and folders means, where their outputs go, and running them on a
 * pool of worker threads with the output a person can diff.
 *
 * - A folder means every `*.xlsx` directly inside it, in name order (by code point, the same on
 *   every machine), not its subfolders: a submissions folder is flat, and a recursive walk would
 *   pick up `out/` folders of earlier runs. Excel's lock files (`~$name.xlsx`) and hidden files
 *   (`.name`, such as macOS's `._name.xlsx` copies on USB sticks) are skipped.
 * - Outputs go to `DIR/<name>.xlsx`. Two inputs that would land on the same output (the same
 *   name from two folders, or names differing only in case, which are one file on Windows and
 *   macOS) are refused before anything runs: guessing a new name would break the one-to-one
 *   naming a reviewer relies on.
 * - Each workbook runs on its own (see pool.ts); a worker that crashes or runs out of memory
 *   fails that workbook only. Lines are printed in input order, each workbook's as soon as every
 *   workbook before it is done, so two runs diff cleanly whatever the timing. `--jobs 1` runs
 *   them one after another in this process, with the same output.
 */
import { promises as fs, statSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Lang } from '../core/errors';
import type { Scalar } from '../workbook/port';
import { EXIT, Io, json, printable } from './output';
import { runOnPool } from './pool';
import { FileCommand, Said, failureText, totalLine } from './text';

/** One workbook for a file command, with everything needed to run it alone (in a worker too: plain data only). */
export interface FileTask {
  command: FileCommand;
  input: string;
  output?: string;
  lang: Lang;
  json: boolean;
  /** One of several inputs: a one-line summary prefixed with the input, instead of the full report. */
  several: boolean;
  /** check: relative tolerance. */
  tolerance?: number;
  /** recalc: cells to set first. */
  set?: Record<string, Scalar>;
}

/** What one task printed, in order, and its exit code: recorded where it ran, printed by the main thread. */
export interface Outcome {
  exit: number;
  lines: ['out' | 'err', string][];
}

/** An Io that records its lines instead of printing them. */
function recorder(): { io: Io; lines: Outcome['lines'] } {
  const lines: Outcome['lines'] = [];
  return { io: { out: (l) => lines.push(['out', l]), err: (l) => lines.push(['err', l]) }, lines };
}

/** Runs `work` on a recording Io. */
export async function recorded(work: (io: Io) => Promise<number>): Promise<Outcome> {
  const r = recorder();
  return { exit: await work(r.io), lines: r.lines };
}

/**
 * A workbook that failed: one line on stderr, as for a single input; with several inputs also
 * its line on stdout (so a saved report names every file), and with --json its JSON line.
 * recalc has always printed the JSON line for a single input too.
 */
export function reportFailure(task: FileTask, io: Io, exit: number, message: string): void {
  const { input, output } = task;
  if (task.json && (task.several || task.command === 'recalc'))
    io.out(json({ input, ...(output === undefined ? {} : { output }), error: { exit, message } }));
  else if (task.several)
    io.out(`${printable(input)}: ${failureText(task.command, exit, printable(message), task.lang)}`);
  io.err(`reuse-calc: ${printable(input)}: ${printable(message)}`);
}

const isWorkbookName = (name: string) => /\.xlsx$/i.test(name) && !name.startsWith('~$') && !name.startsWith('.');

/**
 * The workbooks the command-line paths mean, in order: a folder is replaced by its workbooks
 * (see above), anything else is taken as a file (a missing one is reported when it runs). A
 * folder without a workbook is a usage error: most likely a wrong path.
 */
export async function expandInputs(args: string[]): Promise<{ inputs: string[]; folders: boolean } | Said> {
  const inputs: string[] = [];
  let folders = false;
  for (const arg of args) {
    const st = await fs.stat(arg).catch(() => undefined);
    if (!st?.isDirectory()) {
      inputs.push(arg);
      continue;
    }
    folders = true;
    const names = (await fs.readdir(arg, { withFileTypes: true }))
      .filter((e) => !e.isDirectory() && isWorkbookName(e.name))
      .map((e) => e.name);
    if (names.length === 0) return { id: 'noWorkbooks', params: { folder: printable(arg) } };
    for (const n of names.sort()) inputs.push(path.join(arg, n));
  }
  return { inputs, folders };
}

/** The output of IN under --out-dir: the same file name in DIR (.xlsx added if IN has no Excel extension). */
export function outDirName(dir: string, input: string): string {
  const base = path.basename(input);
  return path.join(dir, /\.xls[xm]$/i.test(base) ? base : `${base}.xlsx`);
}

/** Refuses two inputs bound for one output (compared without case: one file on Windows and macOS). */
export function collision(jobs: { input: string; output?: string }[]): Said | undefined {
  const taken = new Map<string, string>();
  for (const j of jobs) {
    if (j.output === undefined) continue;
    const key = path.resolve(j.output).normalize('NFC').toLowerCase();
    const other = taken.get(key);
    if (other !== undefined)
      return { id: 'collision', params: { a: printable(other), b: printable(j.input), output: printable(j.output) } };
    taken.set(key, j.input);
  }
  return undefined;
}

/**
 * The compiled worker entry. From dist/cli this is dist/cli/worker.js; from src/cli (under
 * ts-jest) it is the same compiled file, which `npm ci` (prepare) and `npm test` build. Its one-file
 * bundle (scripts/bundle-cli.js) is used when it is at least as new as the compiled file: each worker
 * then starts by reading one file, not the engine's ~500 modules (as bin/reuse-calc.js does).
 * Decided when a pool starts, not at every command's start-up.
 */
export function workerScript(): string {
  return freshest(path.resolve(__dirname, '../../dist/cli/worker.js'));
}

function freshest(plain: string): string {
  const bundle = plain.replace(/\.js$/, '.bundle.js');
  try {
    if (statSync(bundle).mtimeMs >= statSync(plain).mtimeMs) return bundle;
  } catch {
    // no bundle: the compiled file
  }
  return plain;
}

/** Each worker's heap bound: a fair share of the machine's memory, within Node's own default range. */
export function defaultHeapMb(workers: number): number {
  return Math.max(512, Math.min(4096, Math.floor(((os.totalmem() / 2 ** 20) * 0.75) / workers)));
}

export interface BatchOptions {
  /** Worker threads; 1 runs every task in this process, one after another. */
  jobs: number;
  /** Runs one task in this process (the same function the worker runs). */
  run: (task: FileTask) => Promise<Outcome>;
  /** The worker entry and its heap bound (tests give a worker that crashes on purpose, and a small heap). */
  worker?: { script?: string; heapMb?: number };
}

/**
 * Runs every task, prints each workbook's lines in input order and, without --json, a total
 * line; returns the worst exit code.
 */
export async function runBatch(tasks: FileTask[], o: BatchOptions, io: Io): Promise<number> {
  const exits: number[] = [];
  let next = 0;
  const waiting = new Map<number, Outcome>();
  const arrived = (index: number, outcome: Outcome) => {
    waiting.set(index, outcome);
    for (let ready = waiting.get(next); ready; ready = waiting.get(next)) {
      waiting.delete(next++);
      exits.push(ready.exit);
      for (const [stream, line] of ready.lines) io[stream](line);
    }
  };
  if (o.jobs === 1) {
    for (let i = 0; i < tasks.length; i++) arrived(i, await o.run(tasks[i]));
  } else {
    const size = Math.min(o.jobs, tasks.length);
    const pool = { size, script: o.worker?.script ?? workerScript(), heapMb: o.worker?.heapMb ?? defaultHeapMb(size) };
    await runOnPool<FileTask, Outcome>(tasks, pool, (i, r) => arrived(i, r.ok ? r.value : crashed(tasks[i], r.reason)));
  }
  const [first] = tasks;
  if (first && !first.json) io.out(totalLine(first.command, exits, first.lang));
  return Math.max(EXIT.ok, ...exits);
}

/** A workbook whose worker died: failed like any internal failure (exit 4), saying how the worker ended. */
function crashed(task: FileTask, reason: string): Outcome {
  const r = recorder();
  reportFailure(task, r.io, EXIT.internal, `unexpected failure: ${reason}`);
  return { exit: EXIT.internal, lines: r.lines };
}
