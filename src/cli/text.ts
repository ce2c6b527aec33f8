/**
 * The command line's own sentences in en-US and zh-CN, in one catalogue (as core/errors.ts
 * does for function messages): the check summary, the one line per workbook printed when a
 * command runs over several, and the total line. `{name}` placeholders are filled from params.
 *
 * A single workbook's full report (check's finding lines, recalc's three lines) is in English by
 * default, word for word as it always was (scripts read it), and in Chinese with --lang zh-CN.
 */
import { Lang, localized } from '../core/errors';
import type { CheckFinding, CheckReport } from '../engine/check';
import { EXIT } from './output';

const TEXT = {
  consistent: {
    en: 'consistent: all {cells} cached values match the recomputed ones (tolerance {rel} relative){volatile}',
    zh: '一致：全部 {cells} 个缓存值与重算结果相符（相对容差 {rel}）{volatile}',
  },
  inconsistent: { en: 'inconsistent: {n} findings ({parts}){volatile}', zh: '不一致：{n} 项问题（{parts}）{volatile}' },
  notFullyVerified: {
    en: 'not fully verified: {n} findings ({parts}){volatile}',
    zh: '未能完全核实：{n} 项（{parts}）{volatile}',
  },
  volatile: {
    en: '; {n} volatile cells (RAND, NOW, TODAY…) not compared',
    zh: '；{n} 个易失单元格（RAND、NOW、TODAY…）未比较',
  },
  uncached: {
    en: '; {n} formulas never calculated (no cached value; the workbook asks Excel to recalculate when it opens), not compared',
    zh: '；{n} 个公式从未计算（无缓存值；工作簿要求 Excel 打开时重算），未比较',
  },
  neverCalculated: {
    en: 'consistent: nothing to compare, the workbook has never been calculated ({n} formulas without cached values; it asks Excel to recalculate when it opens){volatile}',
    zh: '一致：无可比较的值，工作簿从未计算（{n} 个公式无缓存值；工作簿要求 Excel 打开时重算）{volatile}',
  },
  differs: { en: '{n} stale', zh: '{n} 个数值过期' },
  missing: { en: '{n} missing', zh: '{n} 个缺少缓存值' },
  overwritten: { en: '{n} constants over formulas', zh: '{n} 个公式被常数覆盖' },
  spelling: { en: '{n} to repair', zh: '{n} 个写法需修复' },
  unverified: { en: '{n} not verified', zh: '{n} 个未核实' },
  skipped: { en: '{n} not read', zh: '{n} 个未读取' },

  recalculated: {
    en: 'recalculated {formulas} formulas ({reuse} with REUSE functions), {changed} cached values changed; written to {output}',
    zh: '已重算 {formulas} 个公式（{reuse} 个使用 REUSE 函数），{changed} 个缓存值改变；已写入 {output}',
  },
  snapshotted: {
    en: 'replaced {n} REUSE formulas by their values; written to {output}',
    zh: '{n} 个 REUSE 公式已替换为数值；已写入 {output}',
  },
  repaired: { en: 'repaired {n} formulas; written to {output}', zh: '已修复 {n} 个公式；已写入 {output}' },
  nothingToRepair: { en: 'nothing to repair; copied to {output}', zh: '无需修复；已复制到 {output}' },

  totalcheck: { en: 'checked {n} workbooks: {parts}', zh: '已检查 {n} 个工作簿：{parts}' },
  totalrecalc: { en: 'recalculated {n} workbooks: {parts}', zh: '重算 {n} 个工作簿：{parts}' },
  totalsnapshot: { en: 'snapshot of {n} workbooks: {parts}', zh: '快照 {n} 个工作簿：{parts}' },
  totalrepair: { en: 'repair of {n} workbooks: {parts}', zh: '修复 {n} 个工作簿：{parts}' },
  consistentCount: { en: '{n} consistent', zh: '{n} 个一致' },
  writtenCount: { en: '{n} written', zh: '{n} 个已写入' },
  findingsCount: { en: '{n} with findings', zh: '{n} 个有问题' },
  badSetCount: { en: '{n} with a bad --set', zh: '{n} 个 --set 有误' },
  unreadableCount: { en: '{n} unreadable', zh: '{n} 个无法读取' },
  notWrittenCount: { en: '{n} not written', zh: '{n} 个未写入' },
  failedCount: { en: '{n} failed', zh: '{n} 个失败' },
  failure: { en: '{label}: {message}', zh: '{label}：{message}' },

  // A single workbook's full report (check, recalc, snapshot, repair). The en-US lines are the ones
  // scripts have always read; --lang zh-CN gives them in Chinese.
  checkedHeader: {
    en: 'checked {formulas} formulas ({reuse} with REUSE functions), {cells} cached values, in {n} sheets: {sheets}',
    zh: '已检查 {formulas} 个公式（{reuse} 个使用 REUSE 函数）、{cells} 个缓存值，共 {n} 个工作表：{sheets}',
  },
  staleReuse: { en: 'stale REUSE result', zh: 'REUSE 结果过期' },
  staleValue: { en: 'stale value', zh: '数值过期' },
  missingReuse: { en: 'missing REUSE result', zh: '缺少 REUSE 结果' },
  missingValue: { en: 'missing value', zh: '缺少缓存值' },
  constantOverFormula: { en: 'constant over formula', zh: '常数覆盖公式' },
  needsRepair: { en: 'needs repair', zh: '写法需修复' },
  notVerified: { en: 'not verified', zh: '未核实' },
  notRead: { en: 'not read', zh: '未读取' },
  cachedRecomputed: { en: 'cached {cached}, recomputed {recomputed}', zh: '缓存值 {cached}，重算值 {recomputed}' },
  noCachedRecomputed: { en: 'no cached value, recomputed {recomputed}', zh: '无缓存值，重算值 {recomputed}' },
  spilledFrom: { en: 'spilled from {from}: ={formula}', zh: '溢出自 {from}：={formula}' },
  atNeighbour: { en: '={formula} (at {at})', zh: '={formula}（见 {at}）' },
  externalLinkChecked: {
    en: 'warning: external link [{index}] to {target} (not followed: cells that use it were not checked)',
    zh: '警告：外部链接 [{index}] 指向 {target}（未跟随：使用它的单元格未检查）',
  },
  externalLinkKept: {
    en: 'warning: external link [{index}] to {target} (not followed: cells that use it keep their cached values)',
    zh: '警告：外部链接 [{index}] 指向 {target}（未跟随：使用它的单元格保留缓存值）',
  },
  cellKept: { en: 'warning: {at} {formula}kept its old value: {reason}', zh: '警告：{at} {formula}保留原值：{reason}' },
  cellSkipped: { en: 'warning: {at} {formula}skipped: {reason}', zh: '警告：{at} {formula}已跳过：{reason}' },
  setList: { en: 'set {list}', zh: '已设置 {list}' },
  recalcHeader: {
    en: 'recalculated {formulas} formulas ({reuse} with REUSE functions) in {n} sheets: {sheets}',
    zh: '已重算 {formulas} 个公式（{reuse} 个使用 REUSE 函数），共 {n} 个工作表：{sheets}',
  },
  recalcWritten: {
    en: '{changed} cached values changed; written to {output}',
    zh: '{changed} 个缓存值改变；已写入 {output}',
  },
  snapshotHeader: {
    en: 'replaced {n} REUSE formulas by their values; listed in sheet "{sheet}" (add-in {version}, {time})',
    zh: '{n} 个 REUSE 公式已替换为数值；清单见工作表“{sheet}”（加载项 {version}，{time}）',
  },
  snapshotWritten: {
    en: 'written to {output}: it shows the same numbers in Excel without the add-in',
    zh: '已写入 {output}：未安装加载项的 Excel 中也显示相同的数字',
  },
  sharedFormula: { en: '(shared formula: its copies follow)', zh: '（共享公式：其副本随之改变）' },
  repairedWritten: {
    en: 'repaired {n} formulas; written to {output} (Excel recalculates it on open)',
    zh: '已修复 {n} 个公式；已写入 {output}（Excel 打开时会重算）',
  },

  // Usage mistakes: the reason, then one hint (never the whole usage).
  hintCommand: {
    en: 'run `reuse-calc help {command}` for how to use {command}',
    zh: '运行 `reuse-calc help {command}` 查看 {command} 的用法',
  },
  hintAll: {
    en: 'run `reuse-calc help` for the commands and their options',
    zh: '运行 `reuse-calc help` 查看全部命令及选项',
  },
  noCommand: {
    en: 'no command given (eval, recalc, check, snapshot or repair)',
    zh: '未给出命令（eval、recalc、check、snapshot 或 repair）',
  },
  unknownCommand: { en: 'unknown command {command}', zh: '未知命令 {command}' },
  unknownHelp: {
    en: 'no help for {command}: the commands are eval, recalc, check, snapshot and repair',
    zh: '没有 {command} 的帮助：命令有 eval、recalc、check、snapshot 和 repair',
  },
  needsValue: { en: '{option} needs a value', zh: '{option} 需要一个值' },
  badLang: { en: '--lang must be en-US or zh-CN (got {got})', zh: '--lang 只能是 en-US 或 zh-CN（收到 {got}）' },
  unknownOption: { en: 'unknown option {option}', zh: '未知选项 {option}' },
  evalNeedsFormula: { en: 'eval needs at least one formula', zh: 'eval 至少需要一个公式' },
  setNeedsPair: { en: '--set needs NAME=VALUE (got {got})', zh: '--set 需要 NAME=VALUE 形式（收到 {got}）' },
  setBadValue: {
    en: '--set {name}: {got} is not a number, TRUE, FALSE or "text" in double quotes',
    zh: '--set {name}：{got} 不是数字、TRUE、FALSE 或双引号中的 "文本"',
  },
  setTwice: { en: '--set {name} is given twice', zh: '--set {name} 给出了两次' },
  badJobs: { en: '--jobs must be a whole number from 1 (got {got})', zh: '--jobs 必须是不小于 1 的整数（收到 {got}）' },
  badTolerance: {
    en: '--tolerance must be a number from 0 to 1 (got {got})',
    zh: '--tolerance 必须是 0 到 1 之间的数（收到 {got}）',
  },
  outputOrDir: {
    en: '{command} takes -o OUT.xlsx or --out-dir DIR, not both',
    zh: '{command} 只能用 -o OUT.xlsx 或 --out-dir DIR 之一，不能同时使用',
  },
  needsInput: { en: '{command} needs IN.xlsx', zh: '{command} 需要 IN.xlsx' },
  needsInputOutput: {
    en: '{command} needs IN.xlsx and -o OUT.xlsx (or IN.xlsx... and --out-dir DIR)',
    zh: '{command} 需要 IN.xlsx 和 -o OUT.xlsx（或多个 IN.xlsx 和 --out-dir DIR）',
  },
  severalNeedOutDir: {
    en: '{command} with several inputs needs --out-dir DIR',
    zh: '{command} 处理多个输入时需要 --out-dir DIR',
  },
  noWorkbooks: { en: '{folder} holds no .xlsx files', zh: '{folder} 中没有 .xlsx 文件' },
  collision: { en: '{a} and {b} would both be written to {output}', zh: '{a} 和 {b} 会写入同一个文件 {output}' },
  cannotCreate: { en: 'cannot create {dir}: {reason}', zh: '无法创建 {dir}：{reason}' },
  setFailed: { en: '--set: {message}', zh: '--set：{message}' },
  // A workbook that cannot be read or written (WorkbookError, by its code): the reader's detail,
  // in English as it always was, after a Chinese lead-in with --lang zh-CN.
  'workbook.not-found': { en: '{detail}', zh: '找不到或无法读取文件：{detail}' },
  'workbook.not-xlsx': { en: '{detail}', zh: '不是 .xlsx 工作簿：{detail}' },
  'workbook.encrypted': { en: '{detail}', zh: '工作簿有密码保护：{detail}' },
  'workbook.corrupt': { en: '{detail}', zh: '工作簿已损坏：{detail}' },
  'workbook.too-large': { en: '{detail}', zh: '超出限制或疑似恶意文件，已拒绝：{detail}' },
  'workbook.same-file': { en: '{detail}', zh: '输出必须是与输入不同的文件：{detail}' },
  'workbook.write-failed': { en: '{detail}', zh: '无法写入输出文件：{detail}' },
  engineFailed: { en: 'the engine could not evaluate this formula ({message})', zh: '引擎无法计算此公式（{message}）' },
  unexpected: { en: 'unexpected failure: {message}', zh: '意外故障：{message}' },
  unreadable: { en: 'unreadable', zh: '无法读取' },
  notWritten: { en: 'not written', zh: '未写入' },
  failed: { en: 'failed', zh: '失败' },
} as const;

export type TextId = keyof typeof TEXT;

/** A sentence to say later, in whichever language the command line turns out to use. */
export interface Said {
  id: TextId;
  params?: Record<string, string | number>;
}

/** A sentence of the catalogue in `lang`, placeholders filled. */
export function say(lang: Lang, id: TextId, params: Record<string, string | number> = {}): string {
  return localized(TEXT[id], lang, params);
}

const list = (lang: Lang, parts: string[]) => parts.join(lang === 'zh-CN' ? '，' : ', ');

const KINDS: CheckFinding['kind'][] = ['differs', 'missing', 'overwritten', 'spelling', 'unverified', 'skipped'];

/** check's verdict on one workbook: consistent, inconsistent (with counts by kind) or not fully verified. */
export function checkSummary(r: CheckReport, lang: Lang): string {
  const volatile = r.volatile ? say(lang, 'volatile', { n: r.volatile }) : '';
  if (r.consistent && r.cellsCompared === 0 && r.uncached)
    return say(lang, 'neverCalculated', { n: r.uncached, volatile });
  const uncached = r.uncached ? say(lang, 'uncached', { n: r.uncached }) : '';
  if (r.consistent)
    return say(lang, 'consistent', { cells: r.cellsCompared, rel: r.tolerance.rel, volatile: volatile + uncached });
  const parts = KINDS.map((k) => [k, r.findings.filter((f) => f.kind === k).length] as const)
    .filter(([, n]) => n)
    .map(([k, n]) => say(lang, k, { n }));
  const only = r.findings.every((f) => f.kind === 'unverified' || f.kind === 'skipped');
  return say(lang, only ? 'notFullyVerified' : 'inconsistent', {
    n: r.findings.length,
    parts: list(lang, parts),
    volatile: volatile + uncached,
  });
}

export type FileCommand = 'check' | 'recalc' | 'snapshot' | 'repair';

/** What an exit code means for one workbook of a batch: the label its line starts with (failures only) and its count in the total. */
function status(command: FileCommand, exit: number): { label?: TextId; count: TextId } {
  const check = command === 'check';
  switch (exit) {
    case EXIT.ok:
      return { count: check ? 'consistentCount' : 'writtenCount' };
    case EXIT.inconsistent:
      return { count: 'findingsCount' };
    case EXIT.usage: // recalc's --set names a cell this workbook lacks; the message says so
      return { label: 'notWritten', count: 'badSetCount' };
    case EXIT.badWorkbook:
      return check
        ? { label: 'unreadable', count: 'unreadableCount' }
        : { label: 'notWritten', count: 'notWrittenCount' };
    default:
      return { label: 'failed', count: 'failedCount' };
  }
}

/** A failed workbook's line after its name: "unreadable: MESSAGE", "not written: …", "failed: …". */
export function failureText(command: FileCommand, exit: number, message: string, lang: Lang): string {
  return say(lang, 'failure', { label: say(lang, status(command, exit).label ?? 'failed'), message });
}

/**
 * The last line of a batch: how many workbooks, then a count per outcome, worst last — the
 * success count always ("0 consistent" says something), the others only when there are any.
 */
export function totalLine(command: FileCommand, exits: number[], lang: Lang): string {
  const parts = [EXIT.ok, EXIT.inconsistent, EXIT.usage, EXIT.badWorkbook, EXIT.internal].flatMap((outcome) => {
    const count = status(command, outcome).count;
    const n = exits.filter((e) => status(command, e).count === count).length;
    return n || outcome === EXIT.ok ? [say(lang, count, { n })] : [];
  });
  return say(lang, `total${command}`, { n: exits.length, parts: list(lang, parts) });
}
