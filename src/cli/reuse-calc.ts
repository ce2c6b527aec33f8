/**
 * reuse-calc: the headless engine on the command line. A thin host: the work is in
 * src/engine (check.ts, snapshot.ts, repair.ts, workbook.ts, over bytes; files.ts for paths).
 *
 *   reuse-calc eval [--json] [--lang zh-CN] FORMULA...     evaluate formulas, one result per line
 *   reuse-calc recalc IN.xlsx -o OUT.xlsx [--set NAME=VALUE]... [--json]   recalculate a workbook into a new file
 *   reuse-calc check IN.xlsx [--json] [--tolerance REL]    compare cached values with recomputed ones
 *   reuse-calc snapshot IN.xlsx -o OUT.xlsx [--json]       REUSE formulas → values, for recipients without the add-in
 *   reuse-calc repair IN.xlsx -o OUT.xlsx [--json]         fix [1]!_xldudf_… and bare REUSE.… spellings
 *   reuse-calc convert IN.xlsx --to wps|excel -o OUT.xlsx  REUSE calls in WPS's or Excel's spelling (convert.ts)
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
import type { CellWarning } from '../engine/load';
import { PortError, Scalar } from '../workbook/port';
import { WorkbookError } from '../xlsx/limits';
import {
  BatchOptions,
  FileTask,
  Outcome,
  collision,
  expandInputs,
  outDirName,
  recorded,
  reportFailure,
  runBatch,
} from './batch';
import { ANALYSIS_COMMANDS, ANALYSIS_USAGE, AnalysisCommand } from './analysis-usage';
import { EXIT, Io, json, printable, where } from './output';
import { explainEngineMessage } from '../engine/engine-messages';
import { FileCommand, Said, checkSummary, say } from './text';
import { CONVERT_USAGE } from './convert';

export { EXIT, printable };
export type { Io };

/** The engine (HyperFormula and the REUSE functions), loaded on first use. */
const engine = () => import('../engine/engine');
type EngineModule = Awaited<ReturnType<typeof engine>>;

/** The file commands' modules, loaded on first use (they bring the package reader and JSZip). */
const files = () => import('../api/files');

const defaultIo: Io = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
};

/**
 * Each command's part of the usage: `reuse-calc help COMMAND` and `reuse-calc COMMAND --help`
 * print one, `reuse-calc help` all. A usage mistake prints its reason and a hint naming these,
 * not the whole text.
 */
const HELP: Record<string, string> = {
  eval: `  reuse-calc eval [--json] [--lang en-US|zh-CN] FORMULA...
      Evaluate each formula on its own (leading "=" optional) and print one result per line:
      a number, text, a 2-D array as tab-separated rows, or an error with its message.
      --json prints one JSON value per line; errors as {"error":"#VALUE!","message":"..."}.`,
  recalc: `  reuse-calc recalc IN.xlsx -o OUT.xlsx [--set NAME=VALUE]... [--json] [--lang en-US|zh-CN]
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
      Example: reuse-calc recalc 万州.xlsx 涪陵.xlsx --out-dir recalculated --json`,
  check: `  reuse-calc check IN... [--json] [--tolerance REL] [--jobs N] [--lang en-US|zh-CN]
      Recompute every formula and compare with the values cached in the file. Lists cells that
      differ (stale values, stale or missing REUSE results), constants typed over a filled-down
      formula, and REUSE calls saved in a form Excel cannot resolve (fix with repair).
      Numbers agree within REL relative (default 1e-9) plus 1e-9 absolute.
      Example: reuse-calc check 各区县报送/ --lang zh-CN`,
  snapshot: `  reuse-calc snapshot IN.xlsx -o OUT.xlsx [--json] [--lang en-US|zh-CN]
  reuse-calc snapshot IN... --out-dir DIR [--json] [--jobs N] [--lang ...]
      A copy for a bureau without the add-in: every formula calling a REUSE function becomes its
      recalculated value (spilled arrays: values over their range), and a sheet "快照说明 Snapshot"
      lists the replaced cells (a column filled down with one formula as one line) with their
      formulas, the add-in version and the time.`,
  repair: `  reuse-calc repair IN.xlsx -o OUT.xlsx [--json]
  reuse-calc repair IN... --out-dir DIR [--json] [--jobs N] [--lang ...]
      Rewrite [n]!_xldudf_REUSE_… and bare REUSE.…( formulas (shown as #NAME? in Excel) into
      _xldudf_REUSE_…(, the form Excel expects; lists every change. Nothing else is touched.`,
  convert: CONVERT_USAGE.replace(/\n$/, ''),
  ...Object.fromEntries(ANALYSIS_COMMANDS.map((c) => [c, ANALYSIS_USAGE])),
};

const SEVERAL = `several workbooks (check, recalc, snapshot, repair):
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
      The exit code is the worst of all workbooks.`;

const EXITS = `exit codes:
  0  success (check: the workbook is consistent)
  1  check: inconsistencies found
  2  bad usage, or a --set NAME that is not a defined name of one cell or a Sheet!A1 cell
  3  the workbook cannot be read or written: missing, not an .xlsx, corrupt, password-protected,
     or refused as hostile or too large (zip bomb, XML entity expansion, huge sheet, ...)
  4  unexpected internal failure (with several workbooks: also a worker that crashed or ran out
     of memory on that workbook)`;

const USAGE = `usage:
${Object.values(HELP).join('\n')}
  reuse-calc help [COMMAND] | COMMAND --help | --version

${SEVERAL}

${EXITS}`;

const hasHelp = (command: string) => Object.prototype.hasOwnProperty.call(HELP, command);

/** One command's usage, with the notes on several workbooks where they apply and the exit codes. */
function helpFor(command: string): string {
  return `usage:\n${HELP[command]}\n\n${command === 'eval' ? '' : `${SEVERAL}\n\n`}${EXITS}`;
}

interface Parsed {
  flags: Map<string, string | true>;
  rest: string[];
  /** Every `--set` value, in order. */
  sets: string[];
}

function parseArgs(argv: string[], valued: string[]): Parsed | Said {
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
        if (i + 1 >= argv.length) return { id: 'needsValue', params: { option: a } };
        const value = argv[++i];
        if (a === '--set') sets.push(value);
        flags.set(a, value);
      } else flags.set(a, true);
    } else rest.push(a);
  }
  return { flags, rest, sets };
}

function langOf(p: Parsed): Lang | Said {
  const l = p.flags.get('--lang');
  if (l === undefined) return 'en-US';
  if (l === 'en-US' || l === 'zh-CN') return l;
  return { id: 'badLang', params: { got: printable(String(l)) } };
}

const isLang = (l: unknown): l is Lang => l === 'en-US' || l === 'zh-CN';

/** The language usage mistakes are told in: a valid --lang anywhere on the line, else English. */
function langIn(argv: string[]): Lang {
  const i = argv.lastIndexOf('--lang');
  return i >= 0 && isLang(argv[i + 1]) ? (argv[i + 1] as Lang) : 'en-US';
}

type Plain = number | string | boolean | null | { error: string; message: string };

function plain(v: unknown, isEngineError: EngineModule['isEngineError'], lang: Lang): Plain {
  if (isEngineError(v)) return { error: v.value, message: explainEngineMessage(v.value, v.message, lang) };
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
  if (!isLang(lang)) return usage(io, 'en-US', lang, 'eval');
  const unknown = [...p.flags.keys()].filter((k) => k !== '--json' && k !== '--lang');
  if (unknown.length)
    return usage(io, lang, { id: 'unknownOption', params: { option: printable(unknown[0]) } }, 'eval');
  if (p.rest.length === 0) return usage(io, lang, { id: 'evalNeedsFormula' }, 'eval');
  const json = p.flags.has('--json');
  const { Engine, isEngineError } = await engine();
  for (const formula of p.rest) {
    let v: ReturnType<typeof Engine.evaluate>;
    try {
      v = Engine.evaluate(formula, { lang });
    } catch (e) {
      // HyperFormula itself failed on this formula: report it as that formula's result, go on with the next.
      const one: Plain = { error: '#VALUE!', message: say(lang, 'engineFailed', { message: (e as Error).message }) };
      io.out(json ? JSON.stringify(one) : text(one, false));
      continue;
    }
    if (Array.isArray(v)) {
      const rows = v.map((row) => row.map((c) => plain(c, isEngineError, lang)));
      if (json) io.out(JSON.stringify(rows));
      else for (const row of rows) io.out(row.map((c) => text(c, true)).join('\t'));
    } else {
      const one = plain(v, isEngineError, lang);
      io.out(json ? JSON.stringify(one) : text(one, false));
    }
  }
  return 0;
}

function reportWarnings(io: Io, lang: Lang, warnings: CellWarning[], links: ExternalLink[], prefix = ''): void {
  for (const l of links)
    io.err(prefix + say(lang, 'externalLinkKept', { index: l.index, target: printable(l.target || l.part) }));
  for (const w of warnings) {
    const params = {
      at: where(w.sheet, w.address),
      formula: w.formula ? `(${printable(w.formula)}) ` : '',
      reason: printable(w.reason),
    };
    io.err(prefix + say(lang, w.sheet ? 'cellKept' : 'cellSkipped', params));
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
function parseSets(sets: string[]): Record<string, Scalar> | Said {
  const entries: [string, Scalar][] = [];
  const seen = new Set<string>();
  for (const arg of sets) {
    let i = 0;
    for (let quoted = false; i < arg.length; i++) {
      if (arg[i] === "'") quoted = !quoted;
      else if (arg[i] === '=' && !quoted) break;
    }
    const name = arg.slice(0, i).trim();
    if (i >= arg.length || name === '') return { id: 'setNeedsPair', params: { got: printable(JSON.stringify(arg)) } };
    const value = parseSetValue(arg.slice(i + 1));
    if (value === undefined)
      return { id: 'setBadValue', params: { name: printable(name), got: printable(JSON.stringify(arg.slice(i + 1))) } };
    if (seen.has(name.toLowerCase())) return { id: 'setTwice', params: { name: printable(name) } };
    seen.add(name.toLowerCase());
    entries.push([name, value]);
  }
  return Object.fromEntries(entries);
}

/** One finding of check, tab-separated: where, what (in `lang`), the detail, the formula. */
function findingLine(f: CheckFinding, showValue: (v: CheckFinding['stored']) => string, lang: Lang): string {
  const at = where(f.sheet, f.address);
  const formula = f.spilledFrom
    ? say(lang, 'spilledFrom', { from: f.spilledFrom, formula: printable(f.formula) })
    : `=${printable(f.formula)}`;
  const recomputed = printable(showValue(f.recomputed));
  switch (f.kind) {
    case 'differs':
      return `${at}\t${say(lang, f.reuse ? 'staleReuse' : 'staleValue')}\t${say(lang, 'cachedRecomputed', { cached: printable(showValue(f.stored)), recomputed })}\t${formula}`;
    case 'missing':
      return `${at}\t${say(lang, f.reuse ? 'missingReuse' : 'missingValue')}\t${say(lang, 'noCachedRecomputed', { recomputed })}\t${formula}`;
    case 'overwritten':
      return `${at}\t${say(lang, 'constantOverFormula')}\t${printable(f.message)}\t${say(lang, 'atNeighbour', { formula: printable(f.formula), at: f.neighbours![0] })}`;
    case 'spelling':
      return `${at}\t${say(lang, 'needsRepair')}\t${printable(f.message)}\t${formula}`;
    case 'unverified':
      return `${at}\t${say(lang, 'notVerified')}\t${printable(f.message.replace(/^not verified: /, ''))}\t${formula}`;
    case 'skipped':
      return `${f.sheet ? printable(f.sheet) : printable(f.address)}\t${say(lang, 'notRead')}\t${printable(f.message)}`;
  }
}

/** Sheet names for a report line, in the language's list style. */
const sheetList = (lang: Lang, sheets: string[]) => sheets.map(printable).join(lang === 'zh-CN' ? '、' : ', ');

/** The input's name before each line of a workbook that is one of several. */
const prefixOf = (t: FileTask) => (t.several ? `${printable(t.input)}: ` : '');

async function checkOne(t: FileTask, io: Io): Promise<number> {
  const [{ checkFile }, { showValue }] = await Promise.all([files(), import('../engine/check')]);
  const report = await checkFile(t.input, {
    lang: t.lang,
    tolerance: t.tolerance === undefined ? undefined : { rel: t.tolerance },
  });
  if (t.json) io.out(json({ input: t.input, ...report }));
  else if (t.several) io.out(prefixOf(t) + checkSummary(report, t.lang));
  else {
    io.out(
      say(t.lang, 'checkedHeader', {
        formulas: report.formulas,
        reuse: report.reuseFormulas,
        cells: report.cellsCompared,
        n: report.sheets.length,
        sheets: sheetList(t.lang, report.sheets),
      })
    );
    for (const f of report.findings) io.out(findingLine(f, showValue, t.lang));
    io.out(checkSummary(report, t.lang));
  }
  for (const l of report.externalLinks)
    io.err(prefixOf(t) + say(t.lang, 'externalLinkChecked', { index: l.index, target: printable(l.target || l.part) }));
  return report.consistent ? EXIT.ok : EXIT.inconsistent;
}

async function recalcOne(t: FileTask, io: Io): Promise<number> {
  const output = t.output!;
  const set = t.set ?? {};
  const report = await (await files()).recalcFile(t.input, output, { lang: t.lang, set });
  const setList = Object.entries(set);
  if (t.json) io.out(json({ input: t.input, output, ...(setList.length ? { set } : {}), ...report }));
  else if (t.several) {
    io.out(
      prefixOf(t) +
        say(t.lang, 'recalculated', {
          formulas: report.formulas,
          reuse: report.reuseFormulas,
          changed: report.changed,
          output: printable(output),
        })
    );
  } else {
    const list = setList
      .map(
        ([n, v]) => `${printable(n)}=${printable(typeof v === 'string' ? JSON.stringify(v) : String(v).toUpperCase())}`
      )
      .join(', ');
    if (setList.length) io.out(say(t.lang, 'setList', { list }));
    io.out(
      say(t.lang, 'recalcHeader', {
        formulas: report.formulas,
        reuse: report.reuseFormulas,
        n: report.sheets.length,
        sheets: sheetList(t.lang, report.sheets),
      })
    );
    io.out(say(t.lang, 'recalcWritten', { changed: report.changed, output: printable(output) }));
  }
  reportWarnings(io, t.lang, report.warnings, report.externalLinks, prefixOf(t));
  return EXIT.ok;
}

async function snapshotOne(t: FileTask, io: Io): Promise<number> {
  const output = t.output!;
  const report = await (
    await files()
  ).snapshotFile(t.input, output, { lang: t.lang, version: require('../../package.json').version });
  if (t.json) io.out(json({ input: t.input, output, ...report }));
  else if (t.several)
    io.out(prefixOf(t) + say(t.lang, 'snapshotted', { n: report.replaced.length, output: printable(output) }));
  else {
    io.out(
      say(t.lang, 'snapshotHeader', {
        n: report.replaced.length,
        sheet: printable(report.notesSheet),
        version: report.version,
        time: report.time,
      })
    );
    io.out(say(t.lang, 'snapshotWritten', { output: printable(output) }));
  }
  reportWarnings(io, t.lang, report.warnings, report.externalLinks, prefixOf(t));
  return EXIT.ok;
}

async function repairOne(t: FileTask, io: Io): Promise<number> {
  const output = t.output!;
  const report = await (await files()).repairFile(t.input, output);
  const n = report.changes.length;
  if (t.json) io.out(json({ input: t.input, output, ...report }));
  else if (t.several)
    io.out(prefixOf(t) + say(t.lang, n ? 'repaired' : 'nothingToRepair', { n, output: printable(output) }));
  else {
    for (const c of report.changes)
      io.out(
        `${where(c.sheet, c.address)}\t=${printable(c.before)}\t→\t=${printable(c.after)}${c.shared ? `\t${say(t.lang, 'sharedFormula')}` : ''}`
      );
    io.out(say(t.lang, n ? 'repairedWritten' : 'nothingToRepair', { n, output: printable(output) }));
  }
  reportWarnings(io, t.lang, [], report.externalLinks, prefixOf(t));
  return EXIT.ok;
}

const RUN: Record<FileCommand, (t: FileTask, io: Io) => Promise<number>> = {
  check: checkOne,
  recalc: recalcOne,
  snapshot: snapshotOne,
  repair: repairOne,
};

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
      e instanceof WorkbookError
        ? [EXIT.badWorkbook, say(t.lang, `workbook.${e.code}`, { detail: e.message })]
        : e instanceof PortError && e.code !== 'host'
          ? [EXIT.usage, say(t.lang, 'setFailed', { message: e.message })]
          : [EXIT.internal, say(t.lang, 'unexpected', { message: String((e as Error)?.message ?? e) })];
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
function jobsOf(p: Parsed): number | Said {
  const j = p.flags.get('--jobs');
  if (j === undefined) return os.availableParallelism();
  return typeof j === 'string' && /^[1-9]\d{0,3}$/.test(j)
    ? Number(j)
    : { id: 'badJobs', params: { got: printable(String(j)) } };
}

/**
 * The tasks a file command's arguments describe, or what is wrong with them. Every usage problem
 * (options, outputs, names colliding in --out-dir) is found before any workbook is touched.
 */
async function fileTasks(command: FileCommand, p: Parsed): Promise<FileTask[] | Said> {
  const lang = langOf(p);
  if (!isLang(lang)) return lang;
  const unknown = [...p.flags.keys()].filter((k) => ![...OPTIONS[command], '--lang', '--jobs'].includes(k));
  if (unknown.length) return { id: 'unknownOption', params: { option: printable(unknown[0]) } };
  const jobs = jobsOf(p);
  if (typeof jobs !== 'number') return jobs;
  const tolText = p.flags.get('--tolerance');
  const tolerance = tolText === undefined ? undefined : Number(tolText);
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0 && tolerance < 1))
    return { id: 'badTolerance', params: { got: printable(String(tolText)) } };
  const set = parseSets(p.sets);
  if (isSaid(set)) return set;

  const output = p.flags.get('-o') ?? p.flags.get('--output');
  const outDir = p.flags.get('--out-dir');
  const writes = command !== 'check';
  if (output !== undefined && outDir !== undefined) return { id: 'outputOrDir', params: { command } };
  if (p.rest.length === 0) return { id: writes ? 'needsInputOutput' : 'needsInput', params: { command } };
  const expanded = await expandInputs(p.rest);
  if (isSaid(expanded)) return expanded;
  const { inputs } = expanded;
  const several = inputs.length > 1 || expanded.folders;
  if (writes && typeof outDir !== 'string' && (several || typeof output !== 'string')) {
    return { id: several ? 'severalNeedOutDir' : 'needsInputOutput', params: { command } };
  }
  const base = {
    command,
    lang: lang as Lang,
    json: p.flags.has('--json'),
    several,
    ...(tolerance === undefined ? {} : { tolerance }),
    ...(command === 'recalc' ? { set } : {}),
  };
  const tasks: FileTask[] = inputs.map((input) => ({
    ...base,
    input,
    ...(writes ? { output: typeof outDir === 'string' ? outDirName(outDir, input) : (output as string) } : {}),
  }));
  return collision(tasks) ?? tasks;
}

/** check, recalc, snapshot, repair: one workbook as before, or several on a pool of workers (batch.ts). */
async function fileCommand(
  command: FileCommand,
  p: Parsed,
  io: Io,
  batch: Partial<BatchOptions>,
  lang: Lang
): Promise<number> {
  const tasks = await fileTasks(command, p);
  if (isSaid(tasks)) return usage(io, lang, tasks, command);
  const outDir = p.flags.get('--out-dir');
  if (typeof outDir === 'string') {
    try {
      await (await import('fs')).promises.mkdir(outDir, { recursive: true });
    } catch (e) {
      io.err(
        `reuse-calc: ${say(tasks[0].lang, 'cannotCreate', { dir: printable(outDir), reason: printable((e as Error).message) })}`
      );
      return EXIT.badWorkbook;
    }
  }
  if (!tasks[0].several) return runFile(tasks[0], io);
  return runBatch(tasks, { run: runTask, ...batch, jobs: jobsOf(p) as number }, io);
}

const isSaid = (v: unknown): v is Said => typeof v === 'object' && v !== null && 'id' in v;

/** A usage mistake: its reason and one hint (the command's help), on stderr; exit 2. */
function usage(io: Io, lang: Lang, problem: Said, command?: string): number {
  io.err(`reuse-calc: ${say(lang, problem.id, problem.params)}`);
  io.err(command !== undefined && hasHelp(command) ? say(lang, 'hintCommand', { command }) : say(lang, 'hintAll'));
  return EXIT.usage;
}

/**
 * Runs the command line. `batch` replaces how several workbooks run (tests give a worker that
 * crashes on purpose, or a small heap bound); the command line itself never sets it.
 */
export async function main(
  argv: string[],
  io: Io = defaultIo,
  batch: Partial<Omit<BatchOptions, 'jobs'>> = {}
): Promise<number> {
  const [command, ...rest] = argv;
  const lang = langIn(argv);
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? rest.find((a) => !a.startsWith('-')) : undefined;
    if (topic === undefined) io.out(USAGE);
    else if (hasHelp(topic)) io.out(helpFor(topic));
    else return usage(io, lang, { id: 'unknownHelp', params: { command: printable(topic) } });
    return 0;
  }
  if (command === '--version') {
    io.out(require('../../package.json').version);
    return 0;
  }
  if (command === undefined) return usage(io, lang, { id: 'noCommand' });
  if (!hasHelp(command)) return usage(io, lang, { id: 'unknownCommand', params: { command: printable(command) } });
  if (rest.slice(0, rest.includes('--') ? rest.indexOf('--') : undefined).includes('--help')) {
    io.out(helpFor(command));
    return 0;
  }
  if ((ANALYSIS_COMMANDS as readonly string[]).includes(command)) {
    const { analysisCommand } = await import('./analysis');
    return analysisCommand(command as AnalysisCommand, rest, io, io === defaultIo, lang); // a progress bar only on the real terminal
  }
  const parsed = parseArgs(rest, [
    '-o',
    '--output',
    '--out-dir',
    '--set',
    '--lang',
    '--tolerance',
    '--jobs',
    ...(command === 'convert' ? ['--to'] : []),
  ]);
  if (isSaid(parsed)) return usage(io, lang, parsed, command);
  if (command === 'convert') return (await import('./convert')).convertCommand(parsed.flags, parsed.rest, io, lang);
  if (command === 'eval') return evalCommand(parsed, io);
  if (command === 'check' || command === 'recalc' || command === 'snapshot' || command === 'repair')
    return fileCommand(command, parsed, io, batch, lang);
  return usage(io, lang, { id: 'unknownCommand', params: { command: printable(command) } });
}
