/**
 * The Monte Carlo pictures of one output: a histogram (bar heights are the counts of equal-width
 * bins) with P5, P50 and P95 marked as vertical lines, and the cumulative distribution (the share
 * of runs at or below each value). A threshold, when given, is drawn as a red line on both.
 */
import { ChartFormat, FONT, TEXT_FILL, chartRoot, el, linear, niceTicks, round, xAxis, yAxis } from './svg';

export interface HistogramData {
  title: string;
  bins: { from: number; to: number; count: number }[];
  percentiles: { P5: number; P50: number; P95: number };
  threshold?: number;
}

export const DIST_LAYOUT = { left: 40, right: 16, top: 22, plotHeight: 150, axis: 24 } as const;
export const BAR_FILL = '#56B4E9';
export const MARK = '#1f1f1f';
export const THRESHOLD = '#c62828';

function markers(
  doc: Document,
  g: SVGGElement,
  x: (v: number) => number,
  marks: [string, number][],
  top: number,
  bottom: number
): void {
  marks.forEach(([name, v], i) => {
    const px = x(v);
    g.append(
      el(doc, 'line', {
        class: `rf-mark rf-mark-${name}`,
        'data-value': String(v),
        x1: px,
        x2: px,
        y1: top,
        y2: bottom,
        stroke: name === 'threshold' ? THRESHOLD : MARK,
        'stroke-width': 1.5,
        'stroke-dasharray': name === 'P50' ? '' : '4 3',
      })
    );
    // Labels on two staggered rows above the plot, so P5/P50/P95 close together stay legible.
    if (name !== 'threshold')
      g.append(
        el(
          doc,
          'text',
          { x: px, y: top - 4 - (i % 2) * (FONT - 1), 'text-anchor': 'middle', fill: TEXT_FILL, 'font-size': FONT - 1 },
          name
        )
      );
  });
}

export function histogramChart(doc: Document, data: HistogramData, fmt: ChartFormat, width = 320): SVGSVGElement {
  const L = DIST_LAYOUT;
  const height = L.top + L.plotHeight + L.axis;
  const svg = chartRoot(doc, 'histogram', width, height, data.title);
  const threshold = near(data.bins[0]?.from ?? 0, data.bins.at(-1)?.to ?? 1, data.threshold);
  const lo = Math.min(data.bins[0]?.from ?? 0, threshold ?? Infinity);
  const hi = Math.max(data.bins.at(-1)?.to ?? 1, threshold ?? -Infinity);
  const xt = niceTicks(lo, hi, width >= 480 ? 6 : 3);
  const x = linear(lo, hi === lo ? lo + 1 : hi, L.left, width - L.right);
  const maxCount = Math.max(1, ...data.bins.map((b) => b.count));
  const yt = niceTicks(0, maxCount, 3);
  const y = linear(0, yt.hi, L.top + L.plotHeight, L.top);
  const plot = el(doc, 'g', { class: 'rf-plot' });
  yAxis(
    doc,
    plot,
    y,
    yt.ticks.filter((t) => Number.isInteger(t)),
    L.left,
    width - L.right,
    (c) => String(c)
  );
  xAxis(
    doc,
    plot,
    x,
    xt.ticks.filter((t) => t >= lo && t <= hi),
    L.top + L.plotHeight,
    L.top,
    fmt.tick
  );
  svg.append(plot);
  const bars = el(doc, 'g', { class: 'rf-bins' });
  for (const b of data.bins) {
    const x0 = x(b.from);
    const w = data.bins.length === 1 ? 8 : Math.max(0.5, x(b.to) - x0 - 0.5);
    const top = y(b.count);
    const r = el(doc, 'rect', {
      class: 'rf-bin',
      x: data.bins.length === 1 ? x0 - 4 : x0,
      y: top,
      width: w,
      height: L.top + L.plotHeight - top,
      fill: BAR_FILL,
      'data-count': b.count,
    });
    r.append(el(doc, 'title', {}, `${fmt.value(b.from)} – ${fmt.value(b.to)}: ${b.count}`));
    bars.append(r);
  }
  plot.append(bars);
  const marks: [string, number][] = [
    ['P5', data.percentiles.P5],
    ['P50', data.percentiles.P50],
    ['P95', data.percentiles.P95],
  ];
  if (threshold !== undefined) marks.push(['threshold', threshold]);
  markers(doc, plot, x, marks, L.top, L.top + L.plotHeight);
  return svg;
}

/**
 * The threshold when the axis can show it without squeezing the results: inside [lo, hi] or at
 * most a quarter of that span beyond it. Further out it is left off the picture (the sentence
 * beside the chart still gives its probability).
 */
export function near(lo: number, hi: number, threshold: number | undefined): number | undefined {
  if (threshold === undefined) return undefined;
  const room = (hi - lo) / 4;
  return threshold >= lo - room && threshold <= hi + room ? threshold : undefined;
}

export interface CdfData {
  title: string;
  /** The empirical CDF: x is the p-quantile. */
  points: { x: number; p: number }[];
  percentiles: { P5: number; P50: number; P95: number };
  threshold?: number;
}

export function cdfChart(doc: Document, data: CdfData, fmt: ChartFormat, width = 320): SVGSVGElement {
  const L = DIST_LAYOUT;
  const height = L.top + L.plotHeight + L.axis;
  const svg = chartRoot(doc, 'cdf', width, height, data.title);
  const xs = data.points.map((p) => p.x);
  const threshold = near(Math.min(...xs), Math.max(...xs), data.threshold);
  const lo = Math.min(...xs, threshold ?? Infinity);
  const hi = Math.max(...xs, threshold ?? -Infinity);
  const xt = niceTicks(lo, hi, width >= 480 ? 6 : 3);
  const x = linear(lo, hi === lo ? lo + 1 : hi, L.left, width - L.right);
  const y = linear(0, 1, L.top + L.plotHeight, L.top);
  const plot = el(doc, 'g', { class: 'rf-plot' });
  yAxis(doc, plot, y, [0, 0.25, 0.5, 0.75, 1], L.left, width - L.right, (p) => `${Math.round(p * 100)}%`);
  xAxis(
    doc,
    plot,
    x,
    xt.ticks.filter((t) => t >= lo && t <= hi),
    L.top + L.plotHeight,
    L.top,
    fmt.tick
  );
  svg.append(plot);
  const d = data.points.map((p, i) => `${i ? 'L' : 'M'}${round(x(p.x))} ${round(y(p.p))}`).join(' ');
  plot.append(el(doc, 'path', { class: 'rf-cdf-line', d, fill: 'none', stroke: '#0072B2', 'stroke-width': 2 }));
  const marks: [string, number][] = [
    ['P5', data.percentiles.P5],
    ['P50', data.percentiles.P50],
    ['P95', data.percentiles.P95],
  ];
  if (threshold !== undefined) marks.push(['threshold', threshold]);
  markers(doc, plot, x, marks, L.top, L.top + L.plotHeight);
  return svg;
}
