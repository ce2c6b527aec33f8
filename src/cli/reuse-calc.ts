/**
 * reuse-calc: the headless engine on the command line. A thin host: the work is in
 * src/engine (check.ts, snapshot.ts, repair.ts, workbook.ts, over bytes; files.ts for paths).
 *
 *   reuse-calc eval [--json] [--lang zh-CN] FORMULA...     evaluate formulas, one result per line
 *   reuse-calc recalc IN.xlsx -o OUT.xlsx [--set NAME=VALUE]... [--json]   recalculate a workbook into a new file
 *   reuse-calc recalc A.xlsx B.xlsx... --out-dir DIR [--set NAME=VALUE]...   several workbooks, one line each with --json
 *   reuse-calc check IN.xlsx [--json] [--tolerance REL]    compare cached values with recomputed ones
 *   reuse-calc snapshot IN.xlsx -o OUT.xlsx [--json]       REUSE formulas → values, for recipients without the add-in
 *   reuse-calc repair IN.xlsx -o OUT.xlsx [--json]         fix [1]!_xldudf_… and bare REUSE.… spellings
 *
 * Exit codes (EXIT below): 0 success (check: consistent); 1 check found inconsistencies;
 * 2 bad usage (a --set naming a cell or name the workbook lacks too); 3 a workbook could not be read, was refused (hostile or too large) or could not
 * be written; 4 an unexpected internal failure. Messages for people go to stderr, results to
 * stdout. Text read from a workbook is printed with control characters escaped.
 *
 * `eval` must start fast: only the engine is loaded up front; the package reader (JSZip) and
 * everything behind the file commands are loaded when a file command runs.
 */
import * as path from 'path';
import type { Lang } from '../core/errors';
import type { CheckFinding, CheckReport } from '../engine/check';
import { Engine, isEngineError } from '../engine/engine';
import type { ExternalLink } from '../engine/package';
import type { CellWarning, RecalcReport } from '../engine/workbook';
import { PortError, Scalar } from '../workbook/port';
import { WorkbookError } from '../xlsx/limits';

/** The file commands' modules, loaded on first use (they bring the package reader and JSZip). */
const files = () => import('../engine/files');

export const EXIT = { ok: 0, inconsistent: 1, usage: 2, badWorkbook: 3, internal: 4 } as const;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

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
  reuse-calc recalc A.xlsx B.xlsx... --out-dir DIR [--set NAME=VALUE]... [--json] [--lang ...]
      Recalculate every formula (REUSE functions and the built-ins the engine knows) and write
      fresh cached values to OUT (or DIR/<name>.xlsx for each input). Formula text, sheets and
      formats are kept; inputs are never modified. Cells the engine cannot compute keep their old
      value and are listed as warnings.
      --set NAME=VALUE first writes VALUE into a defined name's cell or a Sheet!A1 cell (over a
      formula too): a number (1.75, -2e6), TRUE or FALSE, or "text" in double quotes (quote it
      for the shell: --set 'region="east"'). Repeat --set for several cells.
      With several inputs a bad one reports its line and the others still run; --json prints one
      JSON line per input ({"input","output",...} or {"input","error":{"exit","message"}}).
      The exit code is the worst of all inputs.
      Example: reuse-calc recalc 项目.xlsx -o 项目-20年.xlsx --set loan_years=20 --set central_cap=80000000
      Example: reuse-calc recalc 万州.xlsx 涪陵.xlsx --out-dir recalculated --json
  reuse-calc check IN.xlsx [--json] [--tolerance REL] [--lang en-US|zh-CN]
      Recompute every formula and compare with the values cached in the file. Lists cells that
      differ (stale values, stale or missing REUSE results), constants typed over a filled-down
      formula, and REUSE calls saved in a form Excel cannot resolve (fix with repair).
      Numbers agree within REL relative (default 1e-9) plus 1e-9 absolute.
  reuse-calc snapshot IN.xlsx -o OUT.xlsx [--json] [--lang en-US|zh-CN]
      A copy for a bureau without the add-in: every formula calling a REUSE function becomes its
      recalculated value (spilled arrays: values over their range), and a sheet "快照说明 Snapshot"
      lists each replaced cell with its formula, the add-in version and the time.
  reuse-calc repair IN.xlsx -o OUT.xlsx [--json]
      Rewrite [n]!_xldudf_REUSE_… and bare REUSE.…( formulas (shown as #NAME? in Excel) into
      _xldudf_REUSE_…(, the form Excel expects; lists every change. Nothing else is touched.
  reuse-calc --help | --version

exit codes:
  0  success (check: the workbook is consistent)
  1  check: inconsistencies found
  2  bad usage, or a --set NAME that is not a defined name of one cell or a Sheet!A1 cell
  3  the workbook cannot be read or written: missing, not an .xlsx, corrupt, password-protected,
     or refused as hostile or too large (zip bomb, XML entity expansion, huge sheet, ...)
  4  unexpected internal failure`;

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

function plain(v: unknown): Plain {
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

function evalCommand(p: Parsed, io: Io): number {
  const lang = langOf(p);
  if (lang !== 'en-US' && lang !== 'zh-CN') return usage(io, lang);
  const unknown = [...p.flags.keys()].filter((k) => k !== '--json' && k !== '--lang');
  if (unknown.length) return usage(io, `unknown option ${unknown[0]}`);
  if (p.rest.length === 0) return usage(io, 'eval needs at least one formula');
  const json = p.flags.has('--json');
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
      const rows = v.map((row) => row.map(plain));
      if (json) io.out(JSON.stringify(rows));
      else for (const row of rows) io.out(row.map((c) => text(c, true)).join('\t'));
    } else {
      const one = plain(v);
      io.out(json ? JSON.stringify(one) : text(one, false));
    }
  }
  return 0;
}

/** Escapes control and bidi-override characters in text read from a workbook before it reaches a terminal. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON on one line, with C1 controls and line separators escaped too (JSON.stringify leaves them). */
function json(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `Sheet!A1`, quoting the sheet name as Excel does when it needs quotes. */
function where(sheet: string, address: string): string {
  if (!sheet) return printable(address);
  const quoted = /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${printable(quoted)}!${address}`;
}

function reportWarnings(io: Io, warnings: CellWarning[], links: ExternalLink[], prefix = ''): void {
  for (const l of links) {
    io.err(`${prefix}warning: external link [${l.index}] to ${printable(l.target || l.part)} (not followed: cells that use it keep their cached values)`);
  }
  for (const w of warnings) {
    io.err(`${prefix}warning: ${where(w.sheet, w.address)} ${w.formula ? `(${printable(w.formula)}) ` : ''}${w.sheet ? 'kept its old value' : 'skipped'}: ${printable(w.reason)}`);
  }
}

/** Options a file command accepts, and its input and output. */
function fileArgs(p: Parsed, command: string, allowed: string[], needsOutput: boolean): { input: string; output?: string } | string {
  const unknown = [...p.flags.keys()].filter((k) => !allowed.includes(k));
  if (unknown.length) return `unknown option ${unknown[0]}`;
  const output = p.flags.get('-o') ?? p.flags.get('--output');
  if (p.rest.length !== 1 || (needsOutput && typeof output !== 'string')) return `${command} needs IN.xlsx${needsOutput ? ' and -o OUT.xlsx' : ''}`;
  return { input: p.rest[0], output: typeof output === 'string' ? output : undefined };
}

/** Runs a file command: a workbook problem is one line on stderr and exit 3, anything else exit 4. */
async function onFile(io: Io, input: string, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof WorkbookError) {
      io.err(`reuse-calc: ${printable(input)}: ${printable(e.message)}`);
      return EXIT.badWorkbook;
    }
    io.err(`reuse-calc: ${printable(input)}: unexpected failure: ${printable(String((e as Error)?.message ?? e))}`);
    return EXIT.internal;
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

/** The output of IN under --out-dir: the same file name in DIR (.xlsx added if IN has no Excel extension). */
function outDirName(dir: string, input: string): string {
  const base = path.basename(input);
  return path.join(dir, /\.xls[xm]$/i.test(base) ? base : `${base}.xlsx`);
}

async function recalcCommand(p: Parsed, io: Io): Promise<number> {
  const lang = langOf(p);
  if (lang !== 'en-US' && lang !== 'zh-CN') return usage(io, lang);
  const unknown = [...p.flags.keys()].filter((k) => !['-o', '--output', '--out-dir', '--set', '--json', '--lang'].includes(k));
  if (unknown.length) return usage(io, `unknown option ${unknown[0]}`);
  const output = p.flags.get('-o') ?? p.flags.get('--output');
  const outDir = p.flags.get('--out-dir');
  if (output !== undefined && outDir !== undefined) return usage(io, 'recalc takes -o OUT.xlsx or --out-dir DIR, not both');
  if (typeof outDir === 'string' ? p.rest.length === 0 : p.rest.length !== 1 || typeof output !== 'string') {
    return usage(io, p.rest.length > 1 ? 'recalc with several inputs needs --out-dir DIR' : 'recalc needs IN.xlsx and -o OUT.xlsx (or IN.xlsx... and --out-dir DIR)');
  }
  const set = parseSets(p.sets);
  if (typeof set === 'string') return usage(io, set);
  const jobs = typeof outDir === 'string' ? p.rest.map((input) => ({ input, output: outDirName(outDir, input) })) : [{ input: p.rest[0], output: output as string }];
  const taken = new Map<string, string>();
  for (const j of jobs) {
    const other = taken.get(path.resolve(j.output));
    if (other !== undefined) return usage(io, `${printable(other)} and ${printable(j.input)} would both be written to ${printable(j.output)}`);
    taken.set(path.resolve(j.output), j.input);
  }
  if (typeof outDir === 'string') {
    try {
      await (await import('fs')).promises.mkdir(outDir, { recursive: true });
    } catch (e) {
      io.err(`reuse-calc: cannot create ${printable(outDir)}: ${printable((e as Error).message)}`);
      return EXIT.badWorkbook;
    }
  }
  const several = jobs.length > 1;
  let worst: number = EXIT.ok;
  for (const job of jobs) worst = Math.max(worst, await recalcOne(io, job, set, { lang, json: p.flags.has('--json'), several }));
  return worst;
}

/**
 * Recalculates one input; a failure is one line (a JSON line too with --json) and an exit code,
 * so that the next input still runs.
 */
async function recalcOne(io: Io, job: { input: string; output: string }, set: Record<string, Scalar>, o: { lang: Lang; json: boolean; several: boolean }): Promise<number> {
  const { input, output } = job;
  const prefix = o.several ? `${printable(input)}: ` : '';
  let report: RecalcReport;
  try {
    report = await (await files()).recalcFile(input, output, { lang: o.lang, set });
  } catch (e) {
    const [exit, message] =
      e instanceof WorkbookError ? [EXIT.badWorkbook, e.message]
      : e instanceof PortError && e.code !== 'host' ? [EXIT.usage, `--set: ${e.message}`]
      : [EXIT.internal, `unexpected failure: ${String((e as Error)?.message ?? e)}`];
    if (o.json) io.out(json({ input, output, error: { exit, message } }));
    io.err(`reuse-calc: ${printable(input)}: ${printable(message)}`);
    return exit;
  }
  const setList = Object.entries(set);
  if (o.json) io.out(json({ input, output, ...(setList.length ? { set } : {}), ...report }));
  else {
    if (setList.length) io.out(`${prefix}set ${setList.map(([n, v]) => `${printable(n)}=${printable(typeof v === 'string' ? JSON.stringify(v) : String(v).toUpperCase())}`).join(', ')}`);
    io.out(`${prefix}recalculated ${report.formulas} formulas (${report.reuseFormulas} with REUSE functions) in ${report.sheets.length} sheets: ${report.sheets.map(printable).join(', ')}`);
    io.out(`${prefix}${report.changed} cached values changed; written to ${printable(output)}`);
  }
  reportWarnings(io, report.warnings, report.externalLinks, prefix);
  return EXIT.ok;
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

function checkSummary(r: CheckReport): string {
  const count = (k: CheckFinding['kind']) => r.findings.filter((f) => f.kind === k).length;
  const parts = [
    [count('differs'), 'stale'],
    [count('missing'), 'missing'],
    [count('overwritten'), 'constants over formulas'],
    [count('spelling'), 'to repair'],
    [count('unverified'), 'not verified'],
    [count('skipped'), 'not read'],
  ].filter(([n]) => n).map(([n, what]) => `${n} ${what}`);
  const volatile =
    (r.volatile ? `; ${r.volatile} volatile cells (RAND, NOW, TODAY…) not compared` : '') +
    (r.uncached ? `; ${r.uncached} formulas never calculated (no cached value; the workbook asks Excel to recalculate when it opens), not compared` : '');
  if (r.consistent && r.cellsCompared === 0 && r.uncached) {
    return `consistent: nothing to compare, the workbook has never been calculated (${r.uncached} formulas without cached values; it asks Excel to recalculate when it opens)${r.volatile ? `; ${r.volatile} volatile cells not compared` : ''}`;
  }
  if (r.consistent) return `consistent: all ${r.cellsCompared} cached values match the recomputed ones (tolerance ${r.tolerance.rel} relative)${volatile}`;
  const only = r.findings.every((f) => f.kind === 'unverified' || f.kind === 'skipped');
  return `${only ? 'not fully verified' : 'inconsistent'}: ${r.findings.length} findings (${parts.join(', ')})${volatile}`;
}

async function checkCommand(p: Parsed, io: Io): Promise<number> {
  const lang = langOf(p);
  if (lang !== 'en-US' && lang !== 'zh-CN') return usage(io, lang);
  const args = fileArgs(p, 'check', ['--json', '--lang', '--tolerance'], false);
  if (typeof args === 'string') return usage(io, args);
  const tolText = p.flags.get('--tolerance');
  const rel = tolText === undefined ? undefined : Number(tolText);
  if (rel !== undefined && !(Number.isFinite(rel) && rel >= 0 && rel < 1)) return usage(io, `--tolerance must be a number from 0 to 1 (got ${String(tolText)})`);
  const { input } = args;
  return onFile(io, input, async () => {
    const [{ checkFile }, { showValue }] = await Promise.all([files(), import('../engine/check')]);
    const report = await checkFile(input, { lang, tolerance: rel === undefined ? undefined : { rel } });
    if (p.flags.has('--json')) io.out(json({ input, ...report }));
    else {
      io.out(`checked ${report.formulas} formulas (${report.reuseFormulas} with REUSE functions), ${report.cellsCompared} cached values, in ${report.sheets.length} sheets: ${report.sheets.map(printable).join(', ')}`);
      for (const f of report.findings) io.out(findingLine(f, showValue));
      io.out(checkSummary(report));
    }
    for (const l of report.externalLinks) io.err(`warning: external link [${l.index}] to ${printable(l.target || l.part)} (not followed: cells that use it were not checked)`);
    return report.consistent ? EXIT.ok : EXIT.inconsistent;
  });
}

async function snapshotCommand(p: Parsed, io: Io): Promise<number> {
  const lang = langOf(p);
  if (lang !== 'en-US' && lang !== 'zh-CN') return usage(io, lang);
  const args = fileArgs(p, 'snapshot', ['-o', '--output', '--json', '--lang'], true);
  if (typeof args === 'string') return usage(io, args);
  const { input, output } = args as { input: string; output: string };
  return onFile(io, input, async () => {
    const report = await (await files()).snapshotFile(input, output, { lang, version: require('../../package.json').version });
    if (p.flags.has('--json')) io.out(json({ input, output, ...report }));
    else {
      io.out(`replaced ${report.replaced.length} REUSE formulas by their values; listed in sheet "${report.notesSheet}" (add-in ${report.version}, ${report.time})`);
      io.out(`written to ${output}: it shows the same numbers in Excel without the add-in`);
    }
    reportWarnings(io, report.warnings, report.externalLinks);
    return EXIT.ok;
  });
}

async function repairCommand(p: Parsed, io: Io): Promise<number> {
  const args = fileArgs(p, 'repair', ['-o', '--output', '--json'], true);
  if (typeof args === 'string') return usage(io, args);
  const { input, output } = args as { input: string; output: string };
  return onFile(io, input, async () => {
    const report = await (await files()).repairFile(input, output);
    if (p.flags.has('--json')) io.out(json({ input, output, ...report }));
    else {
      for (const c of report.changes) io.out(`${where(c.sheet, c.address)}\t=${printable(c.before)}\t→\t=${printable(c.after)}${c.shared ? '\t(shared formula: its copies follow)' : ''}`);
      io.out(report.changes.length
        ? `repaired ${report.changes.length} formulas; written to ${output} (Excel recalculates it on open)`
        : `nothing to repair; copied to ${output}`);
    }
    reportWarnings(io, [], report.externalLinks);
    return EXIT.ok;
  });
}

function usage(io: Io, problem?: string): number {
  if (problem) io.err(`reuse-calc: ${problem}`);
  io.err(USAGE);
  return EXIT.usage;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command === '--version') {
    io.out(require('../../package.json').version);
    return 0;
  }
  const parsed = parseArgs(rest, ['-o', '--output', '--out-dir', '--set', '--lang', '--tolerance']);
  if (typeof parsed === 'string') return usage(io, parsed);
  if (command === 'eval') return evalCommand(parsed, io);
  if (command === 'recalc') return recalcCommand(parsed, io);
  if (command === 'check') return checkCommand(parsed, io);
  if (command === 'snapshot') return snapshotCommand(parsed, io);
  if (command === 'repair') return repairCommand(parsed, io);
  return usage(io, command ? `unknown command ${command}` : undefined);
}
