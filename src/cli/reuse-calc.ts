/**
 * reuse-calc: the headless engine on the command line. A thin host: the work is in
 * src/engine (check.ts, snapshot.ts, repair.ts, workbook.ts, over bytes; files.ts for paths).
 *
 *   reuse-calc eval [--json] [--lang zh-CN] FORMULA...     evaluate formulas, one result per line
 *   reuse-calc recalc IN.xlsx -o OUT.xlsx [--set NAME=VALUE]... [--json]   recalculate a workbook into a new file
 *   reuse-calc check IN.xlsx [--json] [--tolerance REL]    compare cached values with recomputed ones
 *   reuse-calc snapshot IN.xlsx -o OUT.xlsx [--json]       REUSE formulas → values, for recipients without the add-in
 *   reuse-calc repair IN.xlsx -o OUT.xlsx [--json]         fix [1]!_xldudf_… and bare REUSE.… spellings
 *   reuse-calc check|recalc|snapshot|repair FILE|FOLDER... [--out-dir DIR] [--jobs N]
 *                                                          many workbooks on worker threads (batch.ts)
 *
 * Exit codes (EXIT below): 0 success (check: consistent); 1 check found inconsistencies;
 * 2 bad usage (a --set naming a cell or name the workbook lacks too); 3 a workbook could not be read, was refused (hostile or too large) or could not
 * be written; 4 an unexpected internal failure. Messages for people go to stderr, results to
 * stdout. Text read from a workbook is printed with control characters escaped.
 *
 * `eval` must start fast: it loads only the engine; the package reader (JSZip) and everything
 * behind the file commands are loaded when a file command runs. The main thread of a batch loads
 * neither: it hands workbooks to worker threads, which load what they use.
 */
import * as os from 'os';
import type { Lang } from '../core/errors';
import type { CheckFinding } from '../engine/check';
import type { ExternalLink } from '../engine/package';
import type { CellWarning } from '../engine/workbook';
import { PortError, Scalar } from '../workbook/port';
import { WorkbookError } from '../xlsx/limits';
import { BatchOptions, FileTask, Outcome, collision, expandInputs, outDirName, recorded, reportFailure, runBatch } from './batch';
import { ANALYSIS_COMMANDS, ANALYSIS_USAGE, AnalysisCommand } from './analysis-usage';
import { EXIT, Io, json, printable, where } from './output';
import { FileCommand, checkSummary, say } from './text';

export { EXIT, printable };
export type { Io };

/** The engine (HyperFormula and the REUSE functions), loaded on first use. */
const engine = () => import('../engine/engine');
type EngineModule = Awaited<ReturnType<typeof engine>>;

/** The file commands' modules, loaded on first use (they bring the package reader and JSZip). */
const files = () => import('../engine/files');

const defaultIo: Io = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
};

const USAGE = `usage:
  reuse-calc eval [--json] [--lang en-US|zh-CN] FORMULA...
      Evaluate each formula on its own (leading "=" optional) and print one result per line:
      a number, text, a 2-D array as tab-separated rows, or an error with its message.
      --json prints one JSON value per line; errors as {"error":"#VALUE!","message":"..."}.
  reuse-calc recalc IN.xlsx -o OUT.xlsx [--set NAME=VALUE]... [--json] [--lang en-US|zh-CN]
  reuse-calc recalc IN... --out-dir DIR [--set NAME=VALUE]... [--json] [--jobs N] [--lang ...]
      Recalculate every formula (REUSE functions and the built-ins the engine knows) and write
      fresh cached values to OUT (or DIR/<name>.xlsx for each input). Formula text, sheets and
      formats are kept; inputs are never modified. Cells the engine cannot compute keep their old
      value and are listed as warnings.
      --set NAME=VALUE first writes VALUE into a defined name's cell or a Sheet!A1 cell (over a
      formula too): a number (1.75, -2e6), TRUE or FALSE, or "text" in double quotes (quote it
      for the shell: --set 'region="east"'). Repeat --set for several cells; with several
      inputs it applies to each.
      Example: reuse-calc recalc 项目.xlsx -o 项目-20年.xlsx --set loan_years=20 --set central_cap=80000000
      Example: reuse-calc recalc 万州.xlsx 涪陵.xlsx --out-dir recalculated --json
  reuse-calc check IN... [--json] [--tolerance REL] [--jobs N] [--lang en-US|zh-CN]
      Recompute every formula and compare with the values cached in the file. Lists cells that
      differ (stale values, stale or missing REUSE results), constants typed over a filled-down
      formula, and REUSE calls saved in a form Excel cannot resolve (fix with repair).
      Numbers agree within REL relative (default 1e-9) plus 1e-9 absolute.
      Example: reuse-calc check 各区县报送/ --lang zh-CN
  reuse-calc snapshot IN.xlsx -o OUT.xlsx [--json] [--lang en-US|zh-CN]
  reuse-calc snapshot IN... --out-dir DIR [--json] [--jobs N] [--lang ...]
      A copy for a bureau without the add-in: every formula calling a REUSE function becomes its
      recalculated value (spilled arrays: values over their range), and a sheet "快照说明 Snapshot"
      lists each replaced cell with its formula, the add-in version and the time.
  reuse-calc repair IN.xlsx -o OUT.xlsx [--json]
  reuse-calc repair IN... --out-dir DIR [--json] [--jobs N] [--lang ...]
      Rewrite [n]!_xldudf_REUSE_… and bare REUSE.…( formulas (shown as #NAME? in Excel) into
      _xldudf_REUSE_…(, the form Excel expects; lists every change. Nothing else is touched.
  reuse-calc --help | --version
${ANALYSIS_USAGE}

several workbooks (check, recalc, snapshot, repair):
      IN... is any number of .xlsx files and folders. A folder means every *.xlsx directly in
      it (not in subfolders), in name order; Excel's lock files (~$*.xlsx) and hidden files are
      skipped. Outputs go to DIR/<name>.xlsx: two inputs with the same name (from different
      folders) are refused before anything is written (exit 2).
      The workbooks run in parallel on worker threads, one per CPU core (--jobs N for N;
      --jobs 1: one after another in this process). A workbook that cannot be read, or whose
      worker crashes or runs out of memory, is reported and the others still run.
      Output: one line per workbook, in the order given (not the order they finish), then a
      total, e.g. "checked 100 workbooks: 97 consistent, 2 with findings, 1 unreadable"
      (in Chinese with --lang zh-CN). Errors and warnings also go to stderr, after the name.
      --json prints one JSON line per workbook instead and no total: the report of a single
      workbook plus "input" (and "output"), or {"input","output","error":{"exit","message"}}.
      The exit code is the worst of all workbooks.

exit codes:
  0  success (check: the workbook is consistent)
  1  check: inconsistencies found
  2  bad usage, or a --set NAME that is not a defined name of one cell or a Sheet!A1 cell
  3  the workbook cannot be read or written: missing, not an .xlsx, corrupt, password-protected,
     or refused as hostile or too large (zip bomb, XML entity expansion, huge sheet, ...)
  4  unexpected internal failure (with several workbooks: also a worker that crashed or ran out
     of memory on that workbook)`;

interface Parsed {
  flags: Map<string, string | true>;
  rest: string[];
  /** Every `--set` value, in order. */
  sets: string[];
}

function parseArgs(argv: string[], valued: string[]): Parsed | string {
  const flags = new Map<string, string | true>();
  const rest: string[] = [];
  const sets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (/^(-o|--[a-z-]+)$/.test(a)) {
      if (valued.includes(a)) {
        if (i + 1 >= argv.length) return `${a} needs a value`;
        const value = argv[++i];
        if (a === '--set') sets.push(value);
        flags.set(a, value);
      } else flags.set(a, true);
    } else rest.push(a);
  }
  return { flags, rest, sets };
}

function langOf(p: Parsed): Lang | string {
  const l = p.flags.get('--lang');
  if (l === undefined) return 'en-US';
  if (l === 'en-US' || l === 'zh-CN') return l;
  return `--lang must be en-US or zh-CN (got ${String(l)})`;
}

type Plain = number | string | boolean | null | { error: string; message: string };

function plain(v: unknown, isEngineError: EngineModule['isEngineError']): Plain {
  if (isEngineError(v)) return { error: v.value, message: v.message ?? '' };
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return null;
}

function text(v: Plain, inTable: boolean): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'object') return inTable || !v.message ? v.error : `${v.error} ${v.message}`;
  return String(v);
}

async function evalCommand(p: Parsed, io: Io): Promise<number> {
  const lang = langOf(p);
  if (lang !== 'en-US' && lang !== 'zh-CN') return usage(io, lang);
  const unknown = [...p.flags.keys()].filter((k) => k !== '--json' && k !== '--lang');
  if (unknown.length) return usage(io, `unknown option ${unknown[0]}`);
  if (p.rest.length === 0) return usage(io, 'eval needs at least one formula');
  const json = p.flags.has('--json');
  const { Engine, isEngineError } = await engine();
  for (const formula of p.rest) {
    let v: ReturnType<typeof Engine.evaluate>;
    try {
      v = Engine.evaluate(formula, { lang });
    } catch (e) {
      // HyperFormula itself failed on this formula: report it as that formula's result, go on with the next.
      const one: Plain = { error: '#VALUE!', message: `the engine could not evaluate this formula (${(e as Error).message})` };
      io.out(json ? JSON.stringify(one) : text(one, false));
      continue;
    }
    if (Array.isArray(v)) {
      const rows = v.map((row) => row.map((c) => plain(c, isEngineError)));
      if (json) io.out(JSON.stringify(rows));
      else for (const row of rows) io.out(row.map((c) => text(c, true)).join('\t'));
    } else {
      const one = plain(v, isEngineError);
      io.out(json ? JSON.stringify(one) : text(one, false));
    }
  }
  return 0;
}

function reportWarnings(io: Io, warnings: CellWarning[], links: ExternalLink[], prefix = ''): void {
  for (const l of links) {
    io.err(`${prefix}warning: external link [${l.index}] to ${printable(l.target || l.part)} (not followed: cells that use it keep their cached values)`);
  }
  for (const w of warnings) {
    io.err(`${prefix}warning: ${where(w.sheet, w.address)} ${w.formula ? `(${printable(w.formula)}) ` : ''}${w.sheet ? 'kept its old value' : 'skipped'}: ${printable(w.reason)}`);
  }
}

/**
 * A `--set` value, strictly: a number as JavaScript writes one (no thousands separators, no
 * `%`), TRUE or FALSE, or "text" in double quotes (`""` for a quote inside). Anything else is
 * refused rather than guessed.
 */
export function parseSetValue(text: string): Scalar | undefined {
  const t = text.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) {
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  if (/^true$/i.test(t)) return true;
  if (/^false$/i.test(t)) return false;
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    const inner = t.slice(1, -1);
    return inner.replace(/""/g, '').includes('"') ? undefined : inner.replace(/""/g, '"');
  }
  return undefined;
}

/** `--set NAME=VALUE` arguments → name → value; the `=` inside a quoted sheet name is not the separator. */
function parseSets(sets: string[]): Record<string, Scalar> | string {
  const entries: [string, Scalar][] = [];
  const seen = new Set<string>();
  for (const arg of sets) {
    let i = 0;
    for (let quoted = false; i < arg.length; i++) {
      if (arg[i] === "'") quoted = !quoted;
      else if (arg[i] === '=' && !quoted) break;
    }
    const name = arg.slice(0, i).trim();
    if (i >= arg.length || name === '') return `--set needs NAME=VALUE (got ${printable(JSON.stringify(arg))})`;
    const value = parseSetValue(arg.slice(i + 1));
    if (value === undefined) return `--set ${printable(name)}: ${printable(JSON.stringify(arg.slice(i + 1)))} is not a number, TRUE, FALSE or "text" in double quotes`;
    if (seen.has(name.toLowerCase())) return `--set ${printable(name)} is given twice`;
    seen.add(name.toLowerCase());
    entries.push([name, value]);
  }
  return Object.fromEntries(entries);
}

function findingLine(f: CheckFinding, showValue: (v: CheckFinding['stored']) => string): string {
  const at = where(f.sheet, f.address);
  const formula = f.spilledFrom ? `spilled from ${f.spilledFrom}: =${printable(f.formula)}` : `=${printable(f.formula)}`;
  switch (f.kind) {
    case 'differs':
      return `${at}\t${f.reuse ? 'stale REUSE result' : 'stale value'}\tcached ${printable(showValue(f.stored))}, recomputed ${printable(showValue(f.recomputed))}\t${formula}`;
    case 'missing':
      return `${at}\t${f.reuse ? 'missing REUSE result' : 'missing value'}\tno cached value, recomputed ${printable(showValue(f.recomputed))}\t${formula}`;
    case 'overwritten':
      return `${at}\tconstant over formula\t${printable(f.message)}\t=${printable(f.formula)} (at ${f.neighbours![0]})`;
    case 'spelling':
      return `${at}\tneeds repair\t${printable(f.message)}\t${formula}`;
    case 'unverified':
      return `${at}\tnot verified\t${printable(f.message.replace(/^not verified: /, ''))}\t${formula}`;
    case 'skipped':
      return `${f.sheet ? printable(f.sheet) : printable(f.address)}\tnot read\t${printable(f.message)}`;
  }
}

/** The input's name before each line of a workbook that is one of several. */
const prefixOf = (t: FileTask) => (t.several ? `${printable(t.input)}: ` : '');

async function checkOne(t: FileTask, io: Io): Promise<number> {
  const [{ checkFile }, { showValue }] = await Promise.all([files(), import('../engine/check')]);
  const report = await checkFile(t.input, { lang: t.lang, tolerance: t.tolerance === undefined ? undefined : { rel: t.tolerance } });
  if (t.json) io.out(json({ input: t.input, ...report }));
  else if (t.several) io.out(prefixOf(t) + checkSummary(report, t.lang));
  else {
    io.out(`checked ${report.formulas} formulas (${report.reuseFormulas} with REUSE functions), ${report.cellsCompared} cached values, in ${report.sheets.length} sheets: ${report.sheets.map(printable).join(', ')}`);
    for (const f of report.findings) io.out(findingLine(f, showValue));
    io.out(checkSummary(report, 'en-US'));
  }
  for (const l of report.externalLinks) io.err(`${prefixOf(t)}warning: external link [${l.index}] to ${printable(l.target || l.part)} (not followed: cells that use it were not checked)`);
  return report.consistent ? EXIT.ok : EXIT.inconsistent;
}

async function recalcOne(t: FileTask, io: Io): Promise<number> {
  const output = t.output!;
  const set = t.set ?? {};
  const report = await (await files()).recalcFile(t.input, output, { lang: t.lang, set });
  const setList = Object.entries(set);
  if (t.json) io.out(json({ input: t.input, output, ...(setList.length ? { set } : {}), ...report }));
  else if (t.several) {
    io.out(prefixOf(t) + say(t.lang, 'recalculated', { formulas: report.formulas, reuse: report.reuseFormulas, changed: report.changed, output: printable(output) }));
  } else {
    if (setList.length) io.out(`set ${setList.map(([n, v]) => `${printable(n)}=${printable(typeof v === 'string' ? JSON.stringify(v) : String(v).toUpperCase())}`).join(', ')}`);
    io.out(`recalculated ${report.formulas} formulas (${report.reuseFormulas} with REUSE functions) in ${report.sheets.length} sheets: ${report.sheets.map(printable).join(', ')}`);
    io.out(`${report.changed} cached values changed; written to ${printable(output)}`);
  }
  reportWarnings(io, report.warnings, report.externalLinks, prefixOf(t));
  return EXIT.ok;
}

async function snapshotOne(t: FileTask, io: Io): Promise<number> {
  const output = t.output!;
  const report = await (await files()).snapshotFile(t.input, output, { lang: t.lang, version: require('../../package.json').version });
  if (t.json) io.out(json({ input: t.input, output, ...report }));
  else if (t.several) io.out(prefixOf(t) + say(t.lang, 'snapshotted', { n: report.replaced.length, output: printable(output) }));
  else {
    io.out(`replaced ${report.replaced.length} REUSE formulas by their values; listed in sheet "${report.notesSheet}" (add-in ${report.version}, ${report.time})`);
    io.out(`written to ${output}: it shows the same numbers in Excel without the add-in`);
  }
  reportWarnings(io, report.warnings, report.externalLinks, prefixOf(t));
  return EXIT.ok;
}

async function repairOne(t: FileTask, io: Io): Promise<number> {
  const output = t.output!;
  const report = await (await files()).repairFile(t.input, output);
  const n = report.changes.length;
  if (t.json) io.out(json({ input: t.input, output, ...report }));
  else if (t.several) io.out(prefixOf(t) + say(t.lang, n ? 'repaired' : 'nothingToRepair', { n, output: printable(output) }));
  else {
    for (const c of report.changes) io.out(`${where(c.sheet, c.address)}\t=${printable(c.before)}\t→\t=${printable(c.after)}${c.shared ? '\t(shared formula: its copies follow)' : ''}`);
    io.out(n ? `repaired ${n} formulas; written to ${output} (Excel recalculates it on open)` : `nothing to repair; copied to ${output}`);
  }
  reportWarnings(io, [], report.externalLinks, prefixOf(t));
  return EXIT.ok;
}

const RUN: Record<FileCommand, (t: FileTask, io: Io) => Promise<number>> = { check: checkOne, recalc: recalcOne, snapshot: snapshotOne, repair: repairOne };

/**
 * Runs a file command on one workbook. A workbook problem is exit 3, a `--set` naming a cell the
 * workbook lacks exit 2, anything else exit 4: one line each (see reportFailure), so that the
 * next workbook of a batch still runs.
 */
export async function runFile(t: FileTask, io: Io): Promise<number> {
  try {
    return await RUN[t.command](t, io);
  } catch (e) {
    const [exit, message] =
      e instanceof WorkbookError ? [EXIT.badWorkbook, e.message]
      : e instanceof PortError && e.code !== 'host' ? [EXIT.usage, `--set: ${e.message}`]
      : [EXIT.internal, `unexpected failure: ${String((e as Error)?.message ?? e)}`];
    reportFailure(t, io, exit, message);
    return exit;
  }
}

/** One workbook with its lines recorded: what a worker thread runs, and `--jobs 1` in this process. */
export const runTask = (t: FileTask): Promise<Outcome> => recorded((io) => runFile(t, io));

/** The options each file command accepts (besides --lang and --jobs, which all take). */
const OPTIONS: Record<FileCommand, string[]> = {
  check: ['--json', '--tolerance'],
  recalc: ['-o', '--output', '--out-dir', '--set', '--json'],
  snapshot: ['-o', '--output', '--out-dir', '--json'],
  repair: ['-o', '--output', '--out-dir', '--json'],
};

/** `--jobs N`: worker threads for several workbooks; by default one per core the machine offers. */
function jobsOf(p: Parsed): number | string {
  const j = p.flags.get('--jobs');
  if (j === undefined) return os.availableParallelism();
  return typeof j === 'string' && /^[1-9]\d{0,3}$/.test(j) ? Number(j) : `--jobs must be a whole number from 1 (got ${String(j)})`;
}

/**
 * The tasks a file command's arguments describe, or what is wrong with them. Every usage problem
 * (options, outputs, names colliding in --out-dir) is found before any workbook is touched.
 */
async function fileTasks(command: FileCommand, p: Parsed): Promise<FileTask[] | string> {
  const lang = langOf(p);
  if (lang !== 'en-US' && lang !== 'zh-CN') return lang;
  const unknown = [...p.flags.keys()].filter((k) => ![...OPTIONS[command], '--lang', '--jobs'].includes(k));
  if (unknown.length) return `unknown option ${unknown[0]}`;
  const jobs = jobsOf(p);
  if (typeof jobs === 'string') return jobs;
  const tolText = p.flags.get('--tolerance');
  const tolerance = tolText === undefined ? undefined : Number(tolText);
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0 && tolerance < 1)) return `--tolerance must be a number from 0 to 1 (got ${String(tolText)})`;
  const set = parseSets(p.sets);
  if (typeof set === 'string') return set;

  const output = p.flags.get('-o') ?? p.flags.get('--output');
  const outDir = p.flags.get('--out-dir');
  const writes = command !== 'check';
  if (output !== undefined && outDir !== undefined) return `${command} takes -o OUT.xlsx or --out-dir DIR, not both`;
  if (p.rest.length === 0) return `${command} needs IN.xlsx${writes ? ' and -o OUT.xlsx (or IN.xlsx... and --out-dir DIR)' : ''}`;
  const expanded = await expandInputs(p.rest);
  if (typeof expanded === 'string') return expanded;
  const { inputs } = expanded;
  const several = inputs.length > 1 || expanded.folders;
  if (writes && typeof outDir !== 'string' && (several || typeof output !== 'string')) {
    return several ? `${command} with several inputs needs --out-dir DIR` : `${command} needs IN.xlsx and -o OUT.xlsx (or IN.xlsx... and --out-dir DIR)`;
  }
  const base = { command, lang: lang as Lang, json: p.flags.has('--json'), several, ...(tolerance === undefined ? {} : { tolerance }), ...(command === 'recalc' ? { set } : {}) };
  const tasks: FileTask[] = inputs.map((input) => ({
    ...base,
    input,
    ...(writes ? { output: typeof outDir === 'string' ? outDirName(outDir, input) : (output as string) } : {}),
  }));
  return collision(tasks) ?? tasks;
}

/** check, recalc, snapshot, repair: one workbook as before, or several on a pool of workers (batch.ts). */
async function fileCommand(command: FileCommand, p: Parsed, io: Io, batch: Partial<BatchOptions>): Promise<number> {
  const tasks = await fileTasks(command, p);
  if (typeof tasks === 'string') return usage(io, tasks);
  const outDir = p.flags.get('--out-dir');
  if (typeof outDir === 'string') {
    try {
      await (await import('fs')).promises.mkdir(outDir, { recursive: true });
    } catch (e) {
      io.err(`reuse-calc: cannot create ${printable(outDir)}: ${printable((e as Error).message)}`);
      return EXIT.badWorkbook;
    }
  }
  if (!tasks[0].several) return runFile(tasks[0], io);
  return runBatch(tasks, { run: runTask, ...batch, jobs: jobsOf(p) as number }, io);
}

function usage(io: Io, problem?: string): number {
  if (problem) io.err(`reuse-calc: ${problem}`);
  io.err(USAGE);
  return EXIT.usage;
}

/**
 * Runs the command line. `batch` replaces how several workbooks run (tests give a worker that
 * crashes on purpose, or a small heap bound); the command line itself never sets it.
 */
export async function main(argv: string[], io: Io = defaultIo, batch: Partial<Omit<BatchOptions, 'jobs'>> = {}): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command === '--version') {
    io.out(require('../../package.json').version);
    return 0;
  }
  if ((ANALYSIS_COMMANDS as readonly string[]).includes(command)) {
    const { analysisCommand } = await import('./analysis');
    return analysisCommand(command as AnalysisCommand, rest, io);
  }
  const parsed = parseArgs(rest, ['-o', '--output', '--out-dir', '--set', '--lang', '--tolerance', '--jobs']);
  if (typeof parsed === 'string') return usage(io, parsed);
  if (command === 'eval') return evalCommand(parsed, io);
  if (command === 'check' || command === 'recalc' || command === 'snapshot' || command === 'repair') return fileCommand(command, parsed, io, batch);
  return usage(io, command ? `unknown command ${command}` : undefined);
}
