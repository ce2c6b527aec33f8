/**
 * HyperFormula's own error messages (a formula it cannot parse, a function or name it does not
 * know, a circular reference) in words a finance-bureau analyst understands, in en-US and zh-CN.
 * The engine's detail follows, on one line, for whoever has to fix the formula:
 *
 *   #ERROR! Parsing error. Expecting token of type --> RParen <-- but found --> '' <--
 *   → #ERROR! the formula cannot be read (a syntax error such as a missing bracket or operand); engine detail: Expecting token of type --> RParen <-- but found --> '' <--
 *
 * Messages the engine does not give (the REUSE functions' own, from core/errors.ts) pass
 * through unchanged.
 */
import { Lang, localized } from '../core/errors';

const TEXT = {
  parse: {
    en: 'the formula cannot be read (a syntax error such as a missing bracket, operand or quote){detail}',
    zh: '公式无法解析（语法错误，例如缺少括号、运算数或引号）{detail}',
  },
  functionName: {
    en: 'unknown function {name}: neither an Excel built-in the engine computes nor a REUSE function{detail}',
    zh: '未知函数 {name}：既不是引擎能计算的 Excel 内置函数，也不是 REUSE 函数{detail}',
  },
  namedExpression: {
    en: 'unknown name {name}: no defined name is called so{detail}',
    zh: '未知名称 {name}：没有这个定义名称{detail}',
  },
  cycle: {
    en: 'circular reference: the formula depends on its own result (Excel needs iterative calculation for it; the engine does not compute it)',
    zh: '循环引用：公式依赖自身的结果（Excel 需启用迭代计算；引擎不计算此类公式）',
  },
  detail: { en: '; engine detail: {text}', zh: '；引擎原文：{text}' },
} as const;

/** The engine's detail on one line (the parser lists expected tokens over many lines). */
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

const detail = (lang: Lang, text: string) =>
  oneLine(text) ? localized(TEXT.detail, lang, { text: oneLine(text) }) : '';

/**
 * An engine error's message for people. `error` is the error code as the engine shows it
 * (`#ERROR!`, `#NAME?`, `#CYCLE!`, …), `message` the engine's text.
 */
export function explainEngineMessage(error: string, message: string | undefined, lang: Lang): string {
  const m = message ?? '';
  const parse = /^Parsing error\.\s*([\s\S]*)$/.exec(m);
  if (parse) return localized(TEXT.parse, lang, { detail: detail(lang, parse[1]) });
  const fn = /^Function name (.+) not recognized\.$/.exec(m);
  if (fn) return localized(TEXT.functionName, lang, { name: fn[1], detail: '' });
  const name = /^Named expression (.+) not recognized\.$/.exec(m);
  if (name) return localized(TEXT.namedExpression, lang, { name: name[1], detail: '' });
  if (error === '#CYCLE!') return localized(TEXT.cycle, lang);
  return m;
}
