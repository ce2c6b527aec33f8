/**
 * The command line's own sentences in en-US and zh-CN, in one catalogue (as core/errors.ts
 * does for function messages): the check summary, the one line per workbook printed when a
 * command runs over several, and the total line. `{name}` placeholders are filled from params.
 *
 * A single workbook's full report (check's finding lines, recalc's three lines) stays in English
 * as it always was; scripts read it.
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
  notFullyVerified: { en: 'not fully verified: {n} findings ({parts}){volatile}', zh: '未能完全核实：{n} 项（{parts}）{volatile}' },
  volatile: { en: '; {n} volatile cells (RAND, NOW, TODAY…) not compared', zh: '；{n} 个易失单元格（RAND、NOW、TODAY…）未比较' },
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
  snapshotted: { en: 'replaced {n} REUSE formulas by their values; written to {output}', zh: '{n} 个 REUSE 公式已替换为数值；已写入 {output}' },
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
  unreadable: { en: 'unreadable', zh: '无法读取' },
  notWritten: { en: 'not written', zh: '未写入' },
  failed: { en: 'failed', zh: '失败' },
} as const;

type TextId = keyof typeof TEXT;

/** A sentence of the catalogue in `lang`, placeholders filled. */
export function say(lang: Lang, id: TextId, params: Record<string, string | number> = {}): string {
  return localized(TEXT[id], lang, params);
}

const list = (lang: Lang, parts: string[]) => parts.join(lang === 'zh-CN' ? '，' : ', ');

const KINDS: CheckFinding['kind'][] = ['differs', 'missing', 'overwritten', 'spelling', 'unverified', 'skipped'];

/** check's verdict on one workbook: consistent, inconsistent (with counts by kind) or not fully verified. */
export function checkSummary(r: CheckReport, lang: Lang): string {
  const volatile = r.volatile ? say(lang, 'volatile', { n: r.volatile }) : '';
  if (r.consistent && r.cellsCompared === 0 && r.uncached) return say(lang, 'neverCalculated', { n: r.uncached, volatile });
  const uncached = r.uncached ? say(lang, 'uncached', { n: r.uncached }) : '';
  if (r.consistent) return say(lang, 'consistent', { cells: r.cellsCompared, rel: r.tolerance.rel, volatile: volatile + uncached });
  const parts = KINDS.map((k) => [k, r.findings.filter((f) => f.kind === k).length] as const)
    .filter(([, n]) => n)
    .map(([k, n]) => say(lang, k, { n }));
  const only = r.findings.every((f) => f.kind === 'unverified' || f.kind === 'skipped');
  return say(lang, only ? 'notFullyVerified' : 'inconsistent', { n: r.findings.length, parts: list(lang, parts), volatile: volatile + uncached });
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
      return check ? { label: 'unreadable', count: 'unreadableCount' } : { label: 'notWritten', count: 'notWrittenCount' };
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
