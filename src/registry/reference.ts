/**
 * The function reference (docs/functions.md), generated from the registry so it cannot
 * drift: names, arguments with units and defaults, the formula, worked examples, sources,
 * with every description in zh-CN and en-US.
 */
import { FUNCTIONS, fullName } from './index';
import type { FunctionSpec, ParamSpec } from './types';

function defaultText(p: ParamSpec): string {
  if (p.defaultLabel) return p.defaultLabel;
  if (!('default' in p) || p.default === undefined) return p.optional ? '—' : '';
  const d = typeof p.default === 'function' ? (p.default as () => unknown)() : p.default;
  return Array.isArray(d) ? `{${d.join(',')}}` : typeof d === 'string' ? `"${d}"` : String(d);
}

function kindText(p: ParamSpec): string {
  switch (p.kind) {
    case 'number':
      return 'number';
    case 'list':
      return 'list';
    case 'table':
      return 'table';
    case 'keyword':
      return Object.values(p.options)
        .map((s) => s.map((k) => `"${k}"`).join(' / '))
        .join(', ');
    case 'text':
      return 'text';
  }
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function signature(f: FunctionSpec): string {
  const args = f.params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ');
  return `${fullName(f)}(${args})`;
}

function spillText(f: FunctionSpec): string {
  const r = f.result;
  if (r.kind === 'elementwise') return ` *(spills over ${r.over})*`;
  if (r.kind === 'rows') return ` *(spills one value per row of ${r.over})*`;
  if (r.kind === 'array') return ' *(spills)*';
  return '';
}

export function functionReference(): string {
  const out: string[] = [
    '# REUSE function reference / 函数参考',
    '',
    '<!-- Generated from src/registry by `npm run docs`. Do not edit by hand: a test compares this file with the registry. -->',
    '',
    'Every function is typed in a cell as `=REUSE.GROUP.NAME(...)`. Money is in yuan unless the sheet is consistently in 万元;',
    'volumes in m³; rates and shares as decimals (5 % = 0.05). Invalid arguments give `#VALUE!` with a message naming the',
    'argument; "not found / no solution" gives `#N/A` with a message; an error in an input passes through unchanged.',
    '',
    '每个函数在单元格中以 `=REUSE.组.名称(...)` 调用。金额单位为元（整表统一使用万元时亦可）；水量单位 m³；比率以小数表示。',
    '参数无效时返回 `#VALUE!` 并说明是哪个参数；查无结果或无解时返回 `#N/A`；输入中的错误值原样传递。',
    '',
  ];
  let group = '';
  for (const f of FUNCTIONS) {
    const g = f.id.split('.')[0];
    if (g !== group) {
      group = g;
      out.push(`## ${g}`, '');
    }
    out.push(`### ${signature(f)}${spillText(f)}`, '');
    out.push(`${f.description.en}  `, `${f.description.zh}`, '');
    out.push(`**Formula:** ${f.formula}`, '');
    if (f.params.length) {
      out.push('| argument | unit | type | default | description | 说明 |', '|---|---|---|---|---|---|');
      for (const p of f.params) {
        out.push(
          `| ${p.name} | ${p.unit ?? ''} | ${cell(kindText(p))} | ${cell(defaultText(p))} | ${cell(p.description.en)} | ${cell(p.description.zh)} |`
        );
      }
      out.push('');
    }
    if (f.examples.length) {
      out.push('**Examples:**', '');
      for (const e of f.examples) {
        const expected = Array.isArray(e.expected)
          ? JSON.stringify(e.expected)
          : typeof e.expected === 'string'
            ? `"${e.expected}"`
            : String(e.expected);
        out.push(`- \`=${e.formula}\` → **${expected}** — ${e.source}`);
      }
      out.push('');
    }
    if (f.source) out.push(`**Source / 依据:** ${f.source}`, '');
  }
  return out.join('\n');
}
