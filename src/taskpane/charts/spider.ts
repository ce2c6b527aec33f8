/**
 * Spider chart: the output (vertical) as each input moves from its low through its current value
 * to its high (horizontal, as a change from the current value, −10 % … +10 %). One line per
 * input, in colours and dash patterns that differ without colour too; the steeper the line, the
 * more the output depends on that input. Legend below the plot, one row per input.
 */
import {
  ChartFormat,
  DASHES,
  FONT,
  PALETTE,
  TEXT_FILL,
  chartRoot,
  el,
  fit,
  linear,
  niceTicks,
  round,
  xAxis,
  yAxis,
} from './svg';

export interface SpiderSeriesData {
  label: string;
  /** change: (value − base) / |base|; output null where it is not a number (the line breaks there). */
  points: { change: number; output: number | null }[];
}

export interface SpiderData {
  title: string;
  series: SpiderSeriesData[];
}

export const SPIDER_LAYOUT = { left: 48, right: 20, top: 10, plotHeight: 170, axis: 24, legendRow: 16 } as const;

const pct = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Number(Math.abs(x * 100).toPrecision(3))}%`;

export function spiderChart(doc: Document, data: SpiderData, fmt: ChartFormat, width = 320): SVGSVGElement {
  const L = SPIDER_LAYOUT;
  const legendTop = L.top + L.plotHeight + L.axis + 6;
  const height = legendTop + data.series.length * L.legendRow + 4;
  const svg = chartRoot(doc, 'spider', width, height, data.title);
  const changes = data.series.flatMap((s) => s.points.map((p) => p.change));
  const outputs = data.series.flatMap((s) => s.points.map((p) => p.output)).filter((v): v is number => v !== null);
  const xt = niceTicks(Math.min(...changes), Math.max(...changes), width >= 480 ? 6 : 4);
  const yt = niceTicks(Math.min(...outputs), Math.max(...outputs), 4);
  const x = linear(xt.lo, xt.hi, L.left, width - L.right);
  const y = linear(yt.lo, yt.hi, L.top + L.plotHeight, L.top);
  const plot = el(doc, 'g', { class: 'rf-plot' });
  yAxis(doc, plot, y, yt.ticks, L.left, width - L.right, fmt.tick);
  xAxis(doc, plot, x, xt.ticks, L.top + L.plotHeight, L.top, pct);
  svg.append(plot);

  data.series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const dash = DASHES[i % DASHES.length] || undefined;
    const g = el(doc, 'g', { class: 'rf-spider-series', 'data-index': i });
    // One path, broken where the output is not a number.
    let d = '';
    let pen = false;
    for (const p of s.points) {
      if (p.output === null) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${round(x(p.change))} ${round(y(p.output))} `;
      pen = true;
    }
    g.append(
      el(doc, 'path', { d: d.trim(), fill: 'none', stroke: colour, 'stroke-width': 2, 'stroke-dasharray': dash })
    );
    for (const p of s.points)
      if (p.output !== null)
        g.append(
          el(doc, 'circle', { cx: x(p.change), cy: y(p.output), r: 2.5, fill: colour, 'data-output': String(p.output) })
        );
    const ly = legendTop + i * L.legendRow;
    g.append(
      el(doc, 'line', {
        x1: L.left - 40,
        x2: L.left - 14,
        y1: ly + 6,
        y2: ly + 6,
        stroke: colour,
        'stroke-width': 2,
        'stroke-dasharray': dash,
      })
    );
    g.append(
      el(doc, 'text', { x: L.left - 8, y: ly + FONT - 1, fill: TEXT_FILL }, fit(s.label, width - L.left - L.right + 8))
    );
    plot.append(g);
  });
  return svg;
}
