/**
 * reuse-calc: the headless engine on the command line.
 *
 *   reuse-calc eval [--json] [--lang zh-CN] FORMULA...   evaluate formulas, one result per line
 *   reuse-calc recalc IN.xlsx -o OUT.xlsx [--json]       recalculate a workbook into a new file
 *
 * Exit codes: 0 success; 1 a workbook could not be read or written; 2 bad usage.
 * Messages for people go to stderr, results to stdout.
 */
import type { Lang } from '../core/errors';
import { Engine, isEngineError } from '../engine/engine';
import { WorkbookError } from '../engine/safe-xlsx';
import { recalcFile } from '../engine/files';

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
  reuse-calc recalc IN.xlsx -o OUT.xlsx [--json] [--lang en-US|zh-CN]
      Recalculate every formula (REUSE functions and the built-ins the engine knows) and write
      fresh cached values to OUT. Formula text, sheets and formats are kept; IN is never modified.
      Cells the engine cannot compute keep their old value and are listed as warnings.
  reuse-calc --help | --version`;

interface Parsed {
  flags: Map<string, string | true>;
  rest: string[];
}

function parseArgs(argv: string[], valued: string[]): Parsed | string {
  const flags = new Map<string, string | true>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (/^(-o|--[a-z-]+)$/.test(a)) {
      if (valued.includes(a)) {
        if (i + 1 >= argv.length) return `${a} needs a value`;
        flags.set(a, argv[++i]);
      } else flags.set(a, true);
    } else rest.push(a);
  }
  return { flags, rest };
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
    const v = Engine.evaluate(formula, { lang });
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

async function recalcCommand(p: Parsed, io: Io): Promise<number> {
  const lang = langOf(p);
  if (lang !== 'en-US' && lang !== 'zh-CN') return usage(io, lang);
  const out = p.flags.get('-o') ?? p.flags.get('--output');
  const unknown = [...p.flags.keys()].filter((k) => !['-o', '--output', '--json', '--lang'].includes(k));
  if (unknown.length) return usage(io, `unknown option ${unknown[0]}`);
  if (p.rest.length !== 1 || typeof out !== 'string') return usage(io, 'recalc needs IN.xlsx and -o OUT.xlsx');
  const input = p.rest[0];
  try {
    const report = await recalcFile(input, out, { lang });
    if (p.flags.has('--json')) io.out(JSON.stringify({ input, output: out, ...report }));
    else {
      io.out(`recalculated ${report.formulas} formulas (${report.reuseFormulas} with REUSE functions) in ${report.sheets.length} sheets: ${report.sheets.join(', ')}`);
      io.out(`${report.changed} cached values changed; written to ${out}`);
    }
    for (const w of report.warnings) {
      io.err(`warning: ${w.sheet ? `${w.sheet}!` : ''}${w.address} ${w.formula ? `(${w.formula}) ` : ''}kept its old value: ${w.reason}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof WorkbookError) {
      io.err(`reuse-calc: ${input}: ${e.message}`);
      return 1;
    }
    io.err(`reuse-calc: ${input}: unexpected failure: ${(e as Error).message}`);
    return 1;
  }
}

function usage(io: Io, problem?: string): number {
  if (problem) io.err(`reuse-calc: ${problem}`);
  io.err(USAGE);
  return 2;
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
  const parsed = parseArgs(rest, ['-o', '--output', '--lang']);
  if (typeof parsed === 'string') return usage(io, parsed);
  if (command === 'eval') return evalCommand(parsed, io);
  if (command === 'recalc') return recalcCommand(parsed, io);
  return usage(io, command ? `unknown command ${command}` : undefined);
}
