/**
 * reuse-calc's analysis commands (src/analysis over the headless engine):
 *
 *   reuse-calc sensitivity IN.xlsx [--input NAME[=LOW:HIGH]]... [--output EXPR]... [--delta 0.1] [--steps N]
 *   reuse-calc goalseek IN.xlsx --output EXPR --target VALUE --input NAME [--between LOW:HIGH]
 *   reuse-calc table IN.xlsx --input NAME=v1,v2,... [--input NAME=v1,...] [--output EXPR]...
 *   reuse-calc montecarlo IN.xlsx [--input 'NAME~triangular(a,b,c)']... [--output EXPR]...
 *          [--iterations N] [--seed S] [--threshold 'EXPR<VALUE']... [--correlate A,B=RHO]... [--sampling lhs|random]
 *
 * Common: --json (one JSON document on stdout), -o OUT.xlsx (a copy of IN with a results sheet),
 * --lang en-US|zh-CN, --no-progress. Inputs and outputs left out come from the model stored in
 * the workbook (the pane's scenario document: its inputs and outputs, and in schema version 2 the
 * analysis settings: ranges, value lists, distributions, goals, thresholds).
 */
import type { Lang } from '../core/errors';
import type { AnalysisResult } from '../analysis/sheet';
import type { ThresholdOp } from '../analysis/stats';
import type { AnalysisModel } from '../scenarios/types';
import { AnalysisCommand } from './analysis-usage';
import { EXIT, Io, json, printable } from './output';
import { say as sayText } from './text';

/** Options that take a value; those repeatable are collected in order. */
const VALUED = [
  '--input',
  '--output',
  '--delta',
  '--steps',
  '--target',
  '--between',
  '--tol',
  '--iterations',
  '--seed',
  '--threshold',
  '--correlate',
  '--sampling',
  '--bins',
  '-o',
  '--lang',
];
const REPEATABLE = ['--input', '--output', '--threshold', '--correlate'];
const ALLOWED: Record<AnalysisCommand, string[]> = {
  sensitivity: ['--input', '--output', '--delta', '--steps'],
  goalseek: ['--input', '--output', '--target', '--between', '--tol'],
  table: ['--input', '--output'],
  montecarlo: ['--input', '--output', '--iterations', '--seed', '--threshold', '--correlate', '--sampling', '--bins'],
};

class Usage extends Error {}

interface Args {
  file: string;
  lists: Map<string, string[]>;
  one: Map<string, string>;
  flags: Set<string>;
}

function parse(command: AnalysisCommand, argv: string[]): Args {
  const lists = new Map<string, string[]>();
  const one = new Map<string, string>();
  const flags = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (/^(-o|--[a-z-]+)$/.test(a)) {
      if (VALUED.includes(a)) {
        if (a !== '-o' && a !== '--lang' && !ALLOWED[command].includes(a))
          throw new Usage(`${command} does not take ${a}`);
        if (i + 1 >= argv.length) throw new Usage(`${a} needs a value`);
        const v = argv[++i];
        if (REPEATABLE.includes(a)) lists.set(a, [...(lists.get(a) ?? []), v]);
        else if (one.has(a)) throw new Usage(`${a} is given twice`);
        else one.set(a, v);
      } else if (a === '--json' || a === '--no-progress') flags.add(a);
      else throw new Usage(`unknown option ${a}`);
    } else rest.push(a);
  }
  if (rest.length !== 1)
    throw new Usage(`${command} needs one IN.xlsx${rest.length > 1 ? ` (got ${rest.length} files)` : ''}`);
  return { file: rest[0], lists, one, flags };
}

/** A number option, strictly (no thousands separators). */
function number(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t))
    throw new Usage(`${what}: ${printable(JSON.stringify(text))} is not a number`);
  return Number(t);
}

/** `LOW:HIGH` → two numbers. */
function pair(text: string, what: string): [number, number] {
  const parts = text.split(':');
  if (parts.length !== 2) throw new Usage(`${what}: ${printable(JSON.stringify(text))} is not LOW:HIGH`);
  return [number(parts[0], what)!, number(parts[1], what)!];
}

/** Splits `NAME<sep>REST` at the first separator outside a quoted sheet name. */
function splitAt(arg: string, seps: string[]): [string, string, string] | undefined {
  let quoted = false;
  for (let i = 0; i < arg.length; i++) {
    if (arg[i] === "'") quoted = !quoted;
    else if (!quoted)
      for (const s of seps)
        if (arg.startsWith(s, i)) return [arg.slice(0, i).trim(), s, arg.slice(i + s.length).trim()];
  }
  return undefined;
}

const say = (lang: Lang, en: string, zh: string) => (lang === 'zh-CN' ? zh : en);
const show = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return String((v as { error?: string }).error ?? JSON.stringify(v));
  if (typeof v === 'number') return String(Number(v.toPrecision(10)));
  return printable(String(v));
};

/** The model stored in the workbook: its inputs and outputs (refs) and its analysis settings. */
interface StoredModel {
  inputs: string[];
  outputs: string[];
  analysis?: AnalysisModel;
  /** input id → ref, output id → expr (for goals). */
  inputRef: Map<string, string>;
  outputExpr: Map<string, string>;
}

async function storedModel(port: {
  loadDocument(): Promise<{ json: string } | { unreadable: string } | undefined>;
}): Promise<StoredModel | undefined> {
  const stored = await port.loadDocument();
  if (!stored || !('json' in stored)) return undefined;
  const { parseDocument } = await import('../scenarios/document');
  const r = parseDocument(stored.json);
  if (r.status !== 'ok') return undefined;
  const { model } = r.doc;
  const analysis = r.doc.analysis;
  const inputRef = new Map(model.inputs.map((i) => [i.id, i.ref]));
  const outputExpr = new Map<string, string>([
    ...model.outputs.map((o) => [o.id, o.ref] as [string, string]),
    ...(analysis?.outputs ?? []).map((o) => [o.id, o.expr] as [string, string]),
  ]);
  return { inputs: model.inputs.map((i) => i.ref), outputs: [...outputExpr.values()], analysis, inputRef, outputExpr };
}

function needModel(model: StoredModel | undefined, what: string): StoredModel {
  if (!model)
    throw new Usage(
      `${what} not given, and the workbook stores no model (no scenario document with inputs and outputs)`
    );
  return model;
}

/** Runs one analysis command. Returns the exit code. */
export async function analysisCommand(
  command: AnalysisCommand,
  argv: string[],
  io: Io,
  terminal = false,
  earlyLang: Lang = 'en-US' // the --lang main() saw, for mistakes found before this command reads its own
): Promise<number> {
  let args: Args;
  try {
    args = parse(command, argv);
  } catch (e) {
    if (e instanceof Usage) return usageError(io, e.message, command, earlyLang);
    throw e;
  }
  const langText = args.one.get('--lang') ?? 'en-US';
  if (langText !== 'en-US' && langText !== 'zh-CN')
    return usageError(io, `--lang must be en-US or zh-CN (got ${printable(langText)})`, command, earlyLang);
  const lang = langText as Lang;
  const [{ readInput, writeFileAtomic, checkOutput }, { EnginePort }, analysis, { WorkbookError }, { PortError }] =
    await Promise.all([
      import('../api/files'),
      import('../workbook/engine-port'),
      import('../analysis'),
      import('../xlsx/limits'),
      import('../workbook/port'),
    ]);
  const out = args.one.get('-o');
  let port: import('../workbook/engine-port').EnginePort | undefined;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  let bar:
    | { start(total: number, v: number): void; update(v: number): void; setTotal(t: number): void; stop(): void }
    | undefined;
  try {
    if (out !== undefined) await checkOutput(args.file, out);
    const bytes = await readInput(args.file);
    port = await EnginePort.fromBytes(bytes, { displayLanguage: lang });
    const version = `reuse-finance ${require('../../package.json').version}, HyperFormula ${(require('hyperformula') as typeof import('hyperformula')).HyperFormula.version}`;
    const ap = analysis.fromEnginePort(port, version);
    const model = await storedModel(port);
    const showBar = terminal && !args.flags.has('--no-progress') && process.stderr.isTTY === true;
    const onProgress = ({ done, total }: { done: number; total: number }) => {
      if (!showBar) return;
      if (!bar) {
        const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
        bar = new SingleBar(
          {
            stream: process.stderr,
            clearOnComplete: true,
            hideCursor: true,
            format: `${command} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`,
          },
          Presets.shades_classic
        );
        bar.start(total, done);
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    };
    process.once('SIGINT', onSigint);
    const common = { onProgress, signal: controller.signal };
    const outputs = () => {
      const given = args.lists.get('--output');
      if (given?.length) return given;
      return needModel(model, '--output').outputs;
    };
    let result: AnalysisResult;
    if (command === 'sensitivity') {
      const given = args.lists.get('--input');
      const settings = new Map((model?.analysis?.inputs ?? []).map((s) => [model!.inputRef.get(s.inputId)!, s]));
      const inputs = given?.length
        ? given.map((g) => {
            const s = splitAt(g, ['=']);
            if (!s) return { ref: g.trim() };
            const [low, high] = pair(s[2], `--input ${s[0]}`);
            return { ref: s[0], low, high };
          })
        : needModel(model, '--input').inputs.map((ref) => {
            const s = settings.get(ref);
            return s?.low !== undefined && s.high !== undefined ? { ref, low: s.low, high: s.high } : { ref };
          });
      result = await analysis.sensitivity(ap, {
        ...common,
        inputs,
        outputs: outputs(),
        delta: number(args.one.get('--delta'), '--delta') ?? model?.analysis?.settings?.delta,
        steps: number(args.one.get('--steps'), '--steps'),
      });
    } else if (command === 'goalseek') {
      const goal = model?.analysis?.goals?.[0];
      const input = args.lists.get('--input') ?? (goal ? [model!.inputRef.get(goal.inputId)!] : undefined);
      const output = args.lists.get('--output') ?? (goal ? [model!.outputExpr.get(goal.outputId)!] : undefined);
      const target = number(args.one.get('--target'), '--target') ?? goal?.target;
      if (!input || input.length !== 1)
        throw new Usage('goalseek needs one --input NAME (or a goal stored in the workbook)');
      if (!output || output.length !== 1)
        throw new Usage('goalseek needs one --output EXPR (or a goal stored in the workbook)');
      if (target === undefined) throw new Usage('goalseek needs --target VALUE');
      const betweenText = args.one.get('--between');
      result = await analysis.goalSeek(ap, {
        ...common,
        input: input[0],
        output: output[0],
        target,
        between: betweenText !== undefined ? pair(betweenText, '--between') : goal?.between,
        relTol: number(args.one.get('--tol'), '--tol'),
      });
    } else if (command === 'table') {
      const given = args.lists.get('--input');
      const axes = given?.length
        ? given.map((g) => {
            const s = splitAt(g, ['=']);
            if (!s) throw new Usage(`--input ${printable(g)}: a table needs NAME=v1,v2,...`);
            return { ref: s[0], values: s[2].split(',').map((v) => number(v, `--input ${s[0]}`)!) };
          })
        : (model?.analysis?.inputs ?? [])
            .filter((s) => s.values?.length)
            .map((s) => ({ ref: model!.inputRef.get(s.inputId)!, values: s.values! }));
      if (axes.length === 0 || axes.length > 2)
        throw new Usage(`table needs one or two --input NAME=v1,v2,... (got ${axes.length})`);
      result = await analysis.dataTable(ap, { ...common, rows: axes[0], columns: axes[1], outputs: outputs() });
    } else {
      const given = args.lists.get('--input');
      const stored = model?.analysis;
      const inputs = given?.length
        ? given.map((g) => {
            const s = splitAt(g, ['~']);
            if (!s)
              throw new Usage(
                `--input ${printable(g)}: Monte Carlo needs NAME~DIST, e.g. sewage_fee~triangular(1.5,1.75,2.1)`
              );
            return { ref: s[0], distribution: analysis.parseDistribution(s[2], `--input ${s[0]}`) };
          })
        : (stored?.inputs ?? [])
            .filter((s) => s.distribution)
            .map((s) => ({ ref: model!.inputRef.get(s.inputId)!, distribution: s.distribution! }));
      if (inputs.length === 0)
        throw new Usage("montecarlo needs --input 'NAME~DIST' (or distributions stored in the workbook)");
      const outs = outputs();
      const thresholds = (args.lists.get('--threshold') ?? []).map((t) => {
        const s = splitAt(t, ['<=', '>=', '<', '>']);
        if (!s) throw new Usage(`--threshold ${printable(t)}: need EXPR<VALUE (or <=, >, >=)`);
        if (!outs.includes(s[0])) outs.push(s[0]);
        return { output: s[0], op: s[1] as ThresholdOp, value: number(s[2], `--threshold ${s[0]}`)! };
      });
      if (!args.lists.has('--threshold') && stored) {
        for (const o of stored.outputs) if (o.threshold) thresholds.push({ output: o.expr, ...o.threshold });
      }
      const correlations = (args.lists.get('--correlate') ?? []).map((c) => {
        const s = splitAt(c, ['=']);
        const names = s ? s[0].split(',') : [];
        if (!s || names.length !== 2) throw new Usage(`--correlate ${printable(c)}: need A,B=RHO`);
        return { a: names[0].trim(), b: names[1].trim(), rho: number(s[2], `--correlate ${s[0]}`)! };
      });
      if (!args.lists.has('--correlate') && stored)
        for (const c of stored.correlations ?? [])
          correlations.push({ a: model!.inputRef.get(c.a)!, b: model!.inputRef.get(c.b)!, rho: c.rho });
      const sampling = args.one.get('--sampling') ?? stored?.settings?.sampling;
      result = await analysis.monteCarlo(ap, {
        ...common,
        inputs,
        outputs: outs,
        iterations: number(args.one.get('--iterations'), '--iterations') ?? stored?.settings?.iterations ?? 10_000,
        seed: number(args.one.get('--seed'), '--seed') ?? stored?.settings?.seed ?? 1,
        sampling: sampling as 'lhs',
        bins: number(args.one.get('--bins'), '--bins') ?? stored?.settings?.bins,
        correlations,
        thresholds,
      });
    }
    bar?.stop();
    bar = undefined;
    if (args.flags.has('--json')) io.out(json(result));
    else for (const line of textOf(result, lang)) io.out(line);
    if (out !== undefined) {
      await port.addSheet(analysis.resultSheet(result));
      await writeFileAtomic(out, await port.toBytes());
      io.err(
        say(
          lang,
          `results written to ${printable(out)} (sheet "${analysis.SHEET_NAMES[result.kind]}")`,
          `结果已写入 ${printable(out)}（工作表“${analysis.SHEET_NAMES[result.kind]}”）`
        )
      );
    }
    return EXIT.ok;
  } catch (e) {
    bar?.stop();
    if (e instanceof Usage) return usageError(io, e.message, command, lang);
    if (e instanceof analysis.AnalysisError) {
      io.err(`reuse-calc ${command}: ${printable(e.text(lang))}`);
      if (e.code === 'cancelled') return 130;
      return e.code === 'bad-argument' ? EXIT.usage : EXIT.inconsistent;
    }
    if (e instanceof WorkbookError) {
      io.err(`reuse-calc ${command}: ${printable(e.message)}`);
      return EXIT.badWorkbook;
    }
    if (e instanceof PortError && e.code !== 'host') {
      io.err(`reuse-calc ${command}: ${printable(e.message)}`);
      return EXIT.usage;
    }
    io.err(`reuse-calc ${command}: unexpected failure: ${printable(String((e as Error)?.message ?? e))}`);
    return EXIT.internal;
  } finally {
    process.removeListener('SIGINT', onSigint);
    port?.dispose();
  }
}

function usageError(io: Io, problem: string, command: AnalysisCommand, lang: Lang): number {
  io.err(`reuse-calc: ${problem}`);
  io.err(sayText(lang, 'hintCommand', { command }));
  return EXIT.usage;
}

/** The plain-text report of a result: tab-separated tables with a heading line. */
function textOf(r: AnalysisResult, lang: Lang): string[] {
  const lines: string[] = [];
  switch (r.kind) {
    case 'sensitivity':
      for (const t of r.tornado) {
        lines.push(
          say(
            lang,
            `output ${printable(t.output)} (base ${show(t.base)}), inputs by swing:`,
            `输出 ${printable(t.output)}（基准 ${show(t.base)}），输入项按波动排序：`
          )
        );
        lines.push(
          say(
            lang,
            'input\tlow\thigh\toutput at low\toutput at high\tswing',
            '输入项\t低值\t高值\t低值时输出\t高值时输出\t波动'
          )
        );
        for (const b of t.bars)
          lines.push(
            [printable(b.input), show(b.low), show(b.high), show(b.outputLow), show(b.outputHigh), show(b.swing)].join(
              '\t'
            )
          );
      }
      break;
    case 'goalseek':
      lines.push(
        say(
          lang,
          `${printable(r.input)} = ${show(r.value)} gives ${printable(r.output)} = ${show(r.outputValue)} (target ${show(r.target)}; now ${show(r.base.input)} gives ${show(r.base.output)}; ${r.record.evaluations} evaluations in [${show(r.between[0])}, ${show(r.between[1])}])`,
          `${printable(r.input)} = ${show(r.value)} 时 ${printable(r.output)} = ${show(r.outputValue)}（目标 ${show(r.target)}；当前 ${show(r.base.input)} 时为 ${show(r.base.output)}；在 [${show(r.between[0])}, ${show(r.between[1])}] 内试算 ${r.record.evaluations} 次）`
        )
      );
      break;
    case 'table':
      for (const g of r.grids) {
        lines.push(say(lang, `output ${printable(g.output)}:`, `输出 ${printable(g.output)}：`));
        lines.push(
          [
            r.columns ? `${printable(r.rows.ref)} \\ ${printable(r.columns.ref)}` : printable(r.rows.ref),
            ...(r.columns ? r.columns.values.map(show) : [printable(g.output)]),
          ].join('\t')
        );
        r.rows.values.forEach((v, i) => lines.push([show(v), ...g.cells[i].map(show)].join('\t')));
      }
      break;
    case 'montecarlo':
      lines.push(
        say(
          lang,
          `${r.iterations} iterations, seed ${r.seed}, ${r.sampling === 'lhs' ? 'Latin hypercube' : 'random'} sampling`,
          `${r.iterations} 次迭代，随机种子 ${r.seed}，${r.sampling === 'lhs' ? '拉丁超立方' : '简单随机'}抽样`
        )
      );
      lines.push(
        say(
          lang,
          'output\tmean\tsd\tP5\tP10\tP50\tP90\tP95\tnon-numeric',
          '输出\t均值\t标准差\tP5\tP10\tP50\tP90\tP95\t非数值'
        )
      );
      for (const o of r.outputs) {
        const s = o.summary;
        const p = s.percentiles;
        lines.push(
          [
            printable(o.output),
            show(s.mean),
            show(s.sd),
            show(p?.P5),
            show(p?.P10),
            show(p?.P50),
            show(p?.P90),
            show(p?.P95),
            String(s.nonNumeric),
          ].join('\t')
        );
      }
      for (const o of r.outputs)
        for (const t of o.summary.thresholds)
          lines.push(
            say(
              lang,
              `P(${printable(o.output)} ${t.op} ${t.value}) = ${show(t.probability)}`,
              `P(${printable(o.output)} ${t.op} ${t.value}) = ${show(t.probability)}`
            )
          );
      for (const c of r.correlations)
        lines.push(
          say(
            lang,
            `rank correlation ${printable(c.a)}, ${printable(c.b)}: target ${c.target}, achieved ${show(c.achieved)}`,
            `秩相关 ${printable(c.a)}、${printable(c.b)}：目标 ${c.target}，实际 ${show(c.achieved)}`
          )
        );
      break;
  }
  return lines;
}
