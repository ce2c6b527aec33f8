/**
 * Tornado chart: one horizontal bar per input, largest swing on top. A bar spans the output's
 * values at the input's low and high ends; the vertical line is the base case. The part between
 * the base and the output at the input's low end is drawn in one colour, the part towards the
 * high end in another, so the direction of the effect shows. The input's label sits above its
 * bar, which keeps the whole width for the bar at Excel's 320–350 px pane.
 */
import { ChartFormat, FONT, MUTED, TEXT_FILL, chartRoot, el, fit, linear, niceTicks, xAxis } from './svg';

export interface TornadoBarData {
  label: string;
  /** The input's low and high values (for the end labels). */
  low: number;
  high: number;
  /** The output at the input's low and high value; null when not a number (the bar is left out and said so). */
  outputLow: number | null;
  outputHigh: number | null;
}

export interface TornadoData {
  title: string;
  base: number;
  bars: TornadoBarData[];
}

export interface TornadoTexts {
  /** Legend: the output with the input at its low / high value. */
  lowLegend: string;
  highLegend: string;
  base: string;
  notNumber: string;
}

export const TORNADO_LOW = '#0072B2';
export const TORNADO_HIGH = '#E69F00';

export const TORNADO_LAYOUT = { left: 24, right: 24, top: 24, row: 46, barHeight: 14, axis: 22 } as const;

export function tornadoChart(
  doc: Document,
  data: TornadoData,
  fmt: ChartFormat,
  texts: TornadoTexts,
  width = 320
): SVGSVGElement {
  const L = TORNADO_LAYOUT;
  const height = L.top + data.bars.length * L.row + L.axis + 4;
  const svg = chartRoot(doc, 'tornado', width, height, data.title);
  const numbers = data.bars.flatMap((b) => [b.outputLow, b.outputHigh]).filter((v): v is number => v !== null);
  const { ticks, lo, hi } = niceTicks(
    Math.min(data.base, ...numbers),
    Math.max(data.base, ...numbers),
    width >= 480 ? 6 : 3
  );
  const x = linear(lo, hi, L.left, width - L.right);
  const plot = el(doc, 'g', { class: 'rf-plot' });
  const axisY = L.top + data.bars.length * L.row;
  xAxis(doc, plot, x, ticks, axisY, L.top - 4, fmt.tick);

  // Legend on top: two swatches.
  const legend = el(doc, 'g', { class: 'rf-legend' });
  const half = (width - L.left - L.right) / 2;
  [
    [texts.lowLegend, TORNADO_LOW],
    [texts.highLegend, TORNADO_HIGH],
  ].forEach(([text, colour], i) => {
    const lx = L.left + i * half;
    legend.append(el(doc, 'rect', { x: lx, y: 4, width: 10, height: 10, fill: colour }));
    legend.append(el(doc, 'text', { x: lx + 14, y: 13, fill: TEXT_FILL }, fit(text, half - 18)));
  });
  svg.append(legend, plot);

  data.bars.forEach((b, i) => {
    const top = L.top + i * L.row;
    const g = el(doc, 'g', { class: 'rf-tornado-bar', 'data-index': i });
    g.append(
      el(
        doc,
        'text',
        { x: L.left, y: top + FONT, fill: TEXT_FILL, class: 'rf-bar-label' },
        fit(b.label, width - L.left - L.right)
      )
    );
    const y = top + FONT + 4;
    if (b.outputLow === null || b.outputHigh === null) {
      g.append(el(doc, 'text', { x: x(data.base) + 4, y: y + L.barHeight - 3, fill: MUTED }, texts.notNumber));
    } else {
      // From the base to each end: the low end's part, then the high end's.
      for (const [end, colour, cls] of [
        [b.outputLow, TORNADO_LOW, 'rf-bar-low'],
        [b.outputHigh, TORNADO_HIGH, 'rf-bar-high'],
      ] as const) {
        const x0 = Math.min(x(end), x(data.base));
        const w = Math.abs(x(end) - x(data.base));
        g.append(
          el(doc, 'rect', {
            class: cls,
            x: x0,
            y,
            width: w,
            height: L.barHeight,
            fill: colour,
            'data-value': String(end),
          })
        );
      }
      const left = Math.min(b.outputLow, b.outputHigh);
      const right = Math.max(b.outputLow, b.outputHigh);
      const [atLeft, atRight] = b.outputLow <= b.outputHigh ? [b.low, b.high] : [b.high, b.low];
      const tl = el(
        doc,
        'text',
        { x: x(left) - 2, y: y + L.barHeight + FONT - 1, 'text-anchor': 'start', fill: MUTED, class: 'rf-end-label' },
        (fmt.input ?? fmt.value)(atLeft)
      );
      const tr = el(
        doc,
        'text',
        { x: x(right) + 2, y: y + L.barHeight + FONT - 1, 'text-anchor': 'end', fill: MUTED, class: 'rf-end-label' },
        (fmt.input ?? fmt.value)(atRight)
      );
      // End labels name the input value at each end; they sit under the bar, inside the plot.
      if (x(right) - x(left) > 60) g.append(tl, tr);
    }
    plot.append(g);
  });

  plot.append(
    el(doc, 'line', {
      class: 'rf-base-line',
      x1: x(data.base),
      x2: x(data.base),
      y1: L.top - 2,
      y2: axisY,
      stroke: TEXT_FILL,
      'stroke-width': 1.5,
    })
  );
  plot.append(
    el(
      doc,
      'text',
      {
        x: Math.min(Math.max(x(data.base), L.left + 40), width - L.right - 40),
        y: axisY + 2 * FONT + 6,
        'text-anchor': 'middle',
        fill: TEXT_FILL,
      },
      `${texts.base} ${fmt.value(data.base)}`
    )
  );
  svg.setAttribute('viewBox', `0 0 ${width} ${height + FONT + 6}`);
  svg.setAttribute('data-height', String(height + FONT + 6));
  return svg;
}
