/**
 * The function reference shown in the task pane: every registry function with its
 * description, parameters and a worked example, in zh-CN or en-US, with a search box and a
 * language switch. Pure DOM building on a `Document` passed in (no Office, no globals), and
 * every text goes in through `textContent`, never as HTML.
 */
import { Lang, localized } from '../core/errors';
import { FUNCTIONS, fullName } from '../registry';
import type { FunctionSpec, ParamSpec } from '../registry/types';

const UI = {
  title: { en: 'Reuse Finance', zh: '污水资源化利用财金模型' },
  subtitle: { en: 'Function reference', zh: '函数参考' },
  language: { en: 'Language', zh: '语言' },
  search: { en: 'Search functions', zh: '搜索函数' },
  searchHint: { en: 'Name, description or parameter', zh: '名称、说明或参数' },
  count: { en: '{n} of {total} functions', zh: '共 {total} 个函数，显示 {n} 个' },
  none: { en: 'No function matches this search.', zh: '没有匹配的函数。' },
  parameters: { en: 'Parameters', zh: '参数' },
  noParameters: { en: 'No parameters.', zh: '无参数。' },
  optional: { en: 'optional', zh: '可选' },
  result: { en: 'Result', zh: '结果' },
  example: { en: 'Example', zh: '示例' },
  source: { en: 'Source', zh: '依据' },
  scalar: { en: 'One value.', zh: '单个值。' },
  elementwise: {
    en: 'One value per cell of {over}; a range spills.',
    zh: '{over} 的每个单元格对应一个值；传入区域时溢出。',
  },
  rows: {
    en: 'One value per row of {over}; several rows spill as a column.',
    zh: '{over} 的每一行对应一个值；多行时溢出为一列。',
  },
  array: { en: 'A table that spills.', zh: '溢出的表格。' },
} as const;

/** Group labels for the contract's groups; a new group falls back to its id. */
const GROUPS: Record<string, { en: string; zh: string }> = {
  TARIFF: { en: 'Tiered water prices', zh: '阶梯水价与超定额加价' },
  SEWAGE: { en: 'Sewage charges', zh: '污水处理费' },
  PRICE: { en: 'Reclaimed-water pricing', zh: '再生水定价' },
  SERVICE: { en: 'Performance-linked payments', zh: '按效付费' },
  GOV: { en: 'Government purchase of services', zh: '政府购买服务' },
  PPP: { en: 'PPP and franchise payments', zh: 'PPP 与特许经营付费' },
  BOND: { en: 'Special bonds', zh: '专项债' },
  TAX: { en: 'Tax incentives', zh: '税收优惠' },
  PROJECT: { en: 'Project appraisal', zh: '项目评价' },
  POLICY: { en: 'Policy parameters', zh: '政策参数' },
  GREEN: { en: 'Green bonds', zh: '绿色债券' },
  REIT: { en: 'Infrastructure REITs and ABS', zh: '基础设施REITs与资产证券化' },
  ENERGY: { en: 'Energy from the plant', zh: '污水厂能源利用' },
  SLUDGE: { en: 'Sludge treatment and disposal', zh: '污泥处理处置' },
  AGRI: { en: 'Agricultural water prices', zh: '农业水价' },
};

export type UiKey = keyof typeof UI;

/** A UI string in `lang`, with `{name}` placeholders filled. */
export function ui(key: UiKey, lang: Lang, params: Record<string, string | number> = {}): string {
  return localized(UI[key], lang, params);
}

const pick = (b: { en: string; zh: string }, lang: Lang): string => (lang === 'zh-CN' ? b.zh : b.en);

export const groupOf = (f: FunctionSpec): string => f.id.split('.')[0];

/** `REUSE.TARIFF.TIERED(volume, limits, prices, [method])` */
export function signature(f: FunctionSpec): string {
  return `${fullName(f)}(${f.params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ')})`;
}

function resultText(f: FunctionSpec, lang: Lang): string {
  const r = f.result;
  if (r.kind === 'elementwise' || r.kind === 'rows') return ui(r.kind, lang, { over: r.over });
  return ui(r.kind, lang);
}

/** Everything a search can match: names and texts in both languages. */
function haystack(f: FunctionSpec): string {
  return [
    fullName(f),
    f.description.en,
    f.description.zh,
    ...f.params.flatMap((p) => [p.name, p.description.en, p.description.zh]),
  ]
    .join('\n')
    .toLowerCase();
}

/** The functions matching a query: every whitespace-separated term must occur (any case, either language). */
export function filterFunctions(query: string, functions: readonly FunctionSpec[] = FUNCTIONS): FunctionSpec[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return functions.slice();
  return functions.filter((f) => {
    const h = haystack(f);
    return terms.every((t) => h.includes(t));
  });
}

function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className?: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * The registry's units (English) in Chinese, word by word: `yuan/m³` → `元/m³`, `years` → `年`.
 * A unit with a word missing here is shown as the registry has it (the test lists every unit).
 */
const UNIT_WORDS_ZH: Record<string, string> = {
  yuan: '元',
  rate: '比率',
  years: '年',
  year: '年',
  share: '比例',
  ratio: '倍数',
  points: '分',
  index: '指数',
  kg: '千克',
  'share of quota': '定额比例',
  'share of principal': '本金比例',
  'coupons per year': '每年付息次数',
  'date serial': '日期序列号',
  'pollution equivalent': '污染当量',
  factor: '系数',
  '× tier-1 price': '× 第一阶梯价格',
  '× base price': '× 基准价格',
  kW: '千瓦',
  kWh: '千瓦时',
  km: '公里',
  mu: '亩',
  't DS': '吨干基',
  'kg VS': '千克挥发性固体',
  '(t·km)': '(吨·公里)',
};

/** A parameter's unit in `lang` (`yuan/m³` → `元/m³` in Chinese). */
export function unitText(unit: string, lang: Lang): string {
  if (lang !== 'zh-CN') return unit;
  const whole = UNIT_WORDS_ZH[unit];
  if (whole) return whole;
  // `yuan per pollution equivalent` → `元/污染当量`; `kg per pollution equivalent` → `千克/污染当量`.
  const per = unit.split(' per ');
  if (per.length === 2 && per.every((w) => UNIT_WORDS_ZH[w] || /^[a-zA-Z]*[³²]?$/.test(w)))
    return per.map((w) => UNIT_WORDS_ZH[w] ?? w).join('/');
  return unit
    .split('/')
    .map((w) => UNIT_WORDS_ZH[w] ?? w)
    .join('/');
}

function paramItem(doc: Document, p: ParamSpec, lang: Lang): HTMLLIElement {
  const li = el(doc, 'li', 'rf-param');
  const head = el(doc, 'div', 'rf-param-head');
  head.append(el(doc, 'code', 'rf-param-name', p.name));
  if (p.unit) head.append(el(doc, 'span', 'rf-param-unit', unitText(p.unit, lang)));
  if (p.optional) head.append(el(doc, 'span', 'rf-tag', ui('optional', lang)));
  li.append(head, el(doc, 'p', 'rf-param-desc', pick(p.description, lang)));
  return li;
}

function formatExpected(v: number | string | (number | string)[][]): string {
  if (Array.isArray(v)) return `{${v.map((row) => row.join(',')).join(';')}}`;
  return typeof v === 'string' ? `"${v}"` : String(v);
}

/** One function as a disclosure: name and description always visible, details on demand. */
export function functionItem(doc: Document, f: FunctionSpec, lang: Lang): HTMLLIElement {
  const li = el(doc, 'li', 'rf-fn');
  li.dataset.id = f.id;
  const details = el(doc, 'details');
  const summary = el(doc, 'summary');
  summary.append(el(doc, 'code', 'rf-fn-name', fullName(f)), el(doc, 'span', 'rf-fn-desc', pick(f.description, lang)));
  details.append(summary);

  const body = el(doc, 'div', 'rf-fn-body');
  body.append(el(doc, 'code', 'rf-signature', signature(f)));
  body.append(el(doc, 'h3', undefined, ui('parameters', lang)));
  if (f.params.length === 0) body.append(el(doc, 'p', 'rf-muted', ui('noParameters', lang)));
  else {
    const ul = el(doc, 'ul', 'rf-params');
    for (const p of f.params) ul.append(paramItem(doc, p, lang));
    body.append(ul);
  }
  body.append(el(doc, 'h3', undefined, ui('result', lang)), el(doc, 'p', undefined, resultText(f, lang)));
  const ex = f.examples[0];
  if (ex) {
    body.append(el(doc, 'h3', undefined, ui('example', lang)));
    body.append(el(doc, 'code', 'rf-example', `=${ex.formula} → ${formatExpected(ex.expected)}`));
  }
  if (f.source) {
    body.append(el(doc, 'h3', undefined, ui('source', lang)), el(doc, 'p', 'rf-muted', f.source));
  }
  details.append(body);
  li.append(details);
  return li;
}

/**
 * The reference list for `lang`, grouped by function group, with the functions not matching
 * `query` hidden. Returns a detached element; `mountReference` puts it in the page.
 */
export function renderReference(
  doc: Document,
  lang: Lang,
  query = '',
  functions: readonly FunctionSpec[] = FUNCTIONS
): HTMLElement {
  const root = el(doc, 'div', 'rf-reference');
  root.setAttribute('lang', lang);
  const shown = new Set(filterFunctions(query, functions).map((f) => f.id));
  const groups = new Map<string, FunctionSpec[]>();
  for (const f of functions) {
    const g = groupOf(f);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(f);
  }
  for (const [g, list] of groups) {
    const section = el(doc, 'section', 'rf-group');
    section.dataset.group = g;
    const label = GROUPS[g] ? `${g} · ${pick(GROUPS[g], lang)}` : g;
    const h = el(doc, 'h2', undefined, label);
    h.id = `rf-group-${g.toLowerCase()}`;
    section.setAttribute('aria-labelledby', h.id);
    const ul = el(doc, 'ul', 'rf-fns');
    for (const f of list) {
      const item = functionItem(doc, f, lang);
      item.hidden = !shown.has(f.id);
      ul.append(item);
    }
    section.hidden = list.every((f) => !shown.has(f.id));
    section.append(h, ul);
    root.append(section);
  }
  const none = el(doc, 'p', 'rf-none', ui('none', lang));
  none.hidden = shown.size > 0;
  root.append(none);
  return root;
}

export interface ReferenceView {
  lang(): Lang;
  setLang(lang: Lang): void;
  setQuery(query: string): void;
  /** Ids of the functions currently shown. */
  visibleIds(): string[];
}

/**
 * Builds the pane inside `container`: header with the language switch, search box, live
 * count and the list. Re-renders on language change and filters on every keystroke.
 */
export function mountReference(
  doc: Document,
  container: HTMLElement,
  initialLang: Lang,
  functions: readonly FunctionSpec[] = FUNCTIONS,
  opts: { header?: boolean } = {}
): ReferenceView {
  const withHeader = opts.header !== false;
  let lang = initialLang;
  let query = '';

  const header = el(doc, 'header', 'rf-header');
  const titles = el(doc, 'div', 'rf-titles');
  const title = el(doc, 'h1', 'rf-title');
  const subtitle = el(doc, 'p', 'rf-subtitle');
  titles.append(title, subtitle);
  const switcher = el(doc, 'div', 'rf-lang');
  switcher.setAttribute('role', 'group');
  const langButtons: Record<Lang, HTMLButtonElement> = {
    'zh-CN': el(doc, 'button', 'rf-lang-btn', '中文'),
    'en-US': el(doc, 'button', 'rf-lang-btn', 'English'),
  };
  langButtons['zh-CN'].setAttribute('lang', 'zh-CN');
  langButtons['en-US'].setAttribute('lang', 'en');
  for (const l of ['zh-CN', 'en-US'] as Lang[]) {
    const b = langButtons[l];
    b.type = 'button';
    b.dataset.lang = l;
    b.addEventListener('click', () => view.setLang(l));
    switcher.append(b);
  }
  header.append(titles, switcher);

  const searchRow = el(doc, 'div', 'rf-search');
  const label = el(doc, 'label');
  label.htmlFor = 'rf-search-input';
  const input = el(doc, 'input');
  input.id = 'rf-search-input';
  input.type = 'search';
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.addEventListener('input', () => view.setQuery(input.value));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && input.value) {
      input.value = '';
      view.setQuery('');
      e.preventDefault();
    }
  });
  const count = el(doc, 'p', 'rf-count');
  count.id = 'rf-count';
  count.setAttribute('aria-live', 'polite');
  input.setAttribute('aria-describedby', count.id);
  searchRow.append(label, input, count);

  // Inside the scenario pane the reference is one view: the pane's header has the title and language switch.
  const listHost = el(doc, withHeader ? 'main' : 'div', 'rf-list');
  if (withHeader) container.replaceChildren(header, searchRow, listHost);
  else container.replaceChildren(searchRow, listHost);

  const visible = (): string[] => filterFunctions(query, functions).map((f) => f.id);

  function applyFilter(): void {
    const shown = new Set(visible());
    for (const item of Array.from(listHost.querySelectorAll<HTMLElement>('.rf-fn')))
      item.hidden = !shown.has(item.dataset.id ?? '');
    for (const section of Array.from(listHost.querySelectorAll<HTMLElement>('.rf-group'))) {
      section.hidden = !section.querySelector('.rf-fn:not([hidden])');
    }
    const none = listHost.querySelector<HTMLElement>('.rf-none');
    if (none) none.hidden = shown.size > 0;
    count.textContent = ui('count', lang, { n: shown.size, total: functions.length });
  }

  function renderAll(): void {
    if (withHeader) {
      doc.documentElement.lang = lang;
      doc.title = `${ui('title', lang)} · ${ui('subtitle', lang)}`;
    }
    title.textContent = ui('title', lang);
    subtitle.textContent = ui('subtitle', lang);
    switcher.setAttribute('aria-label', ui('language', lang));
    for (const l of ['zh-CN', 'en-US'] as Lang[]) langButtons[l].setAttribute('aria-pressed', String(l === lang));
    label.textContent = ui('search', lang);
    input.placeholder = ui('searchHint', lang);
    listHost.replaceChildren(renderReference(doc, lang, query, functions));
    applyFilter();
  }

  const view: ReferenceView = {
    lang: () => lang,
    setLang(l: Lang) {
      if (l === lang) return;
      lang = l;
      renderAll();
    },
    setQuery(q: string) {
      query = q;
      applyFilter();
    },
    visibleIds: visible,
  };
  renderAll();
  return view;
}
