/**
 * What every chart of the Analysis tab is built from: SVG elements made with `createElementNS`,
 * text through `textContent` (labels come from other bureaus' workbooks: never markup), presentation
 * attributes rather than `style` (the pages' Content-Security-Policy allows no inline styles),
 * linear scales and "nice" axis ticks. Pure DOM building, no layout measuring: a chart is drawn for
 * a width given in CSS pixels and scales with its `viewBox` beyond that.
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** Series colours: distinguishable for the common colour-vision deficiencies (Okabe–Ito), dark enough on white. */
export const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#8C6D31',
] as const;
/** Dash patterns that go with PALETTE, so series differ without colour too. */
export const DASHES = ['', '6 3', '2 2', '8 3 2 3', '4 4', '1 3', '10 4', '3 6'] as const;

export const FONT = 11;
export const TEXT_FILL = '#1f1f1f';
export const MUTED = '#5f6368';
export const GRID = '#d6dadd';

export type Attrs = Record<string, string | number | undefined>;

/** An SVG element with attributes (undefined ones left out) and, optionally, text content. */
export function el<K extends keyof SVGElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Attrs = {},
  text?: string
): SVGElementTagNameMap[K] {
  const e = doc.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  for (const [k, v] of Object.entries(attrs))
    if (v !== undefined) e.setAttribute(k, typeof v === 'number' ? String(round(v)) : v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Coordinates to 0.01 px: short attributes, and what tests read back. */
export const round = (x: number): number => Math.round(x * 100) / 100;

/**
 * The chart's root: `role="img"` with an accessible name (`aria-label` and a `<title>`, read by
 * screen readers and shown as a tooltip), a `viewBox` of `width` × `height`, drawn at 100 % of its
 * container's width.
 */
export function chartRoot(doc: Document, kind: string, width: number, height: number, label: string): SVGSVGElement {
  const svg = el(doc, 'svg', {
    class: `rf-chart rf-chart-${kind}`,
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    role: 'img',
    'aria-label': label,
    'font-size': FONT,
    'font-family': 'inherit',
    'data-width': width,
    'data-height': height,
  });
  svg.setAttribute('preserveAspectRatio', 'xMidYMin meet');
  svg.append(el(doc, 'title', {}, label));
  return svg;
}

/** A linear map from the domain [d0, d1] to the range [r0, r1]; a zero-width domain maps to the range's middle. */
export interface Scale {
  (x: number): number;
  domain: [number, number];
  range: [number, number];
}

export function linear(d0: number, d1: number, r0: number, r1: number): Scale {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const s = ((x: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + (x - d0) * k)) as Scale;
  s.domain = [d0, d1];
  s.range = [r0, r1];
  return s;
}

/** About `count` round tick values covering [min, max] (1, 2 or 5 × a power of ten apart), and the domain they span. */
export function niceTicks(min: number, max: number, count = 4): { ticks: number[]; lo: number; hi: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [], lo: 0, hi: 1 };
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - pad, max + pad, count);
  }
  const raw = (max - min) / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  // Tolerances of 1e-9 keep a range of ±0.1 computed as ±0.10000000000000003 on ticks of 0.05.
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * p;
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return { ticks, lo, hi };
}

/** A text that fits about `width` px at the chart's font size (CJK characters count double), with an ellipsis. */
export function fit(text: string, width: number, fontSize = FONT): string {
  const limit = Math.max(1, width / (fontSize * 0.55));
  let used = 0;
  let out = '';
  for (const ch of text) {
    used += /[\u1100-\uffff]/.test(ch) ? 1.9 : 1;
    if (used > limit) return `${out.slice(0, Math.max(0, out.length - 1))}…`;
    out += ch;
  }
  return out;
}

/** Number formatting a chart is given by its caller (the pane's language and the output's number format). */
export interface ChartFormat {
  /** A value as the cell would show it (`12,345.67`, `1.35`). */
  value(x: number): string;
  /** A short axis label (`1.2万`, `12k`). */
  tick(x: number): string;
  /** An input's value (the tornado's end labels); `value` when not given. */
  input?(x: number): string;
}

/** Short axis numbers: 万 / 亿 in Chinese, k / M / B in English; small numbers with up to 3 significant digits. */
export function compactNumber(x: number, lang: string): string {
  const a = Math.abs(x);
  const zh = /^zh/i.test(lang);
  const steps: [number, string][] = zh
    ? [
        [1e8, '亿'],
        [1e4, '万'],
      ]
    : [
        [1e9, 'B'],
        [1e6, 'M'],
        [1e3, 'k'],
      ];
  for (const [n, unit] of steps) if (a >= n) return `${trim(x / n)}${unit}`;
  return trim(x);
}

function trim(x: number): string {
  if (x === 0) return '0';
  const s = Math.abs(x) >= 100 ? x.toFixed(0) : Number(x.toPrecision(3)).toString();
  return s.replace('-', '−');
}

/** A horizontal value axis at `y` with ticks and grid lines up to `gridTop`. */
export function xAxis(
  doc: Document,
  g: SVGGElement,
  scale: Scale,
  ticks: number[],
  y: number,
  gridTop: number,
  fmt: (x: number) => string
): void {
  const axis = el(doc, 'g', { class: 'rf-axis rf-axis-x', 'aria-hidden': 'true' });
  axis.append(el(doc, 'line', { x1: scale.range[0], x2: scale.range[1], y1: y, y2: y, stroke: MUTED }));
  for (const t of ticks) {
    const x = scale(t);
    axis.append(el(doc, 'line', { x1: x, x2: x, y1: gridTop, y2: y, stroke: GRID }));
    axis.append(el(doc, 'text', { x, y: y + FONT + 2, 'text-anchor': 'middle', fill: MUTED }, fmt(t)));
  }
  g.append(axis);
}

/** A vertical value axis at `x` with ticks and grid lines across to `gridRight`. */
export function yAxis(
  doc: Document,
  g: SVGGElement,
  scale: Scale,
  ticks: number[],
  x: number,
  gridRight: number,
  fmt: (y: number) => string
): void {
  const axis = el(doc, 'g', { class: 'rf-axis rf-axis-y', 'aria-hidden': 'true' });
  axis.append(el(doc, 'line', { x1: x, x2: x, y1: scale.range[0], y2: scale.range[1], stroke: MUTED }));
  for (const t of ticks) {
    const y = scale(t);
    axis.append(el(doc, 'line', { x1: x, x2: gridRight, y1: y, y2: y, stroke: GRID }));
    axis.append(el(doc, 'text', { x: x - 4, y: y + FONT / 3, 'text-anchor': 'end', fill: MUTED }, fmt(t)));
  }
  g.append(axis);
}
