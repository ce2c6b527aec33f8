/**
 * @jest-environment jsdom
 *
 * The Analysis tab's SVG charts: geometry checked against numbers worked out here from the data
 * and the layout constants (bar lengths proportional to swings, histogram bar heights to counts,
 * the P50 marker where P50 falls on the axis), accessible names, and workbook labels kept as text.
 */
import { BAR_FILL, DIST_LAYOUT, cdfChart, histogramChart } from '../../../src/taskpane/charts/distribution';
import { heatmapChart, shade } from '../../../src/taskpane/charts/heatmap';
import { SPIDER_LAYOUT, spiderChart } from '../../../src/taskpane/charts/spider';
import { ChartFormat, SVG_NS, compactNumber, fit, niceTicks } from '../../../src/taskpane/charts/svg';
import { TORNADO_LAYOUT, tornadoChart } from '../../../src/taskpane/charts/tornado';

const plain: ChartFormat = { value: (x) => String(x), tick: (x) => String(x) };
const XSS = '<img src=x onerror=alert(1)>';
const attr = (e: Element, name: string) => Number(e.getAttribute(name));
const texts = { lowLegend: 'low', highLegend: 'high', base: 'Base', notNumber: 'n/a' };

/** The numbers written under the horizontal axis, in order. */
const xTicks = (svg: SVGSVGElement) =>
  Array.from(svg.querySelectorAll('.rf-axis-x text')).map((t) => Number(t.textContent));
const yTicks = (svg: SVGSVGElement) =>
  Array.from(svg.querySelectorAll('.rf-axis-y text')).map((t) => Number(t.textContent));

describe('tornado', () => {
  // Base 100. Input A: output 80 at its low end, 130 at its high end (swing 50). Input B: 110 and 95 (swing 15, inverse).
  const data = {
    title: 'NPV',
    base: 100,
    bars: [
      { label: 'A', low: 0.9, high: 1.1, outputLow: 80, outputHigh: 130 },
      { label: XSS, low: 9, high: 11, outputLow: 110, outputHigh: 95 },
    ],
  };

  it('draws each bar as long as its swing, split at the base line, on the scale of its own axis', () => {
    const svg = tornadoChart(document, data, plain, texts, 320);
    const ticks = xTicks(svg);
    // The axis spans its first to its last tick over the plot width 320 − left − right.
    const k = (320 - TORNADO_LAYOUT.left - TORNADO_LAYOUT.right) / (ticks.at(-1)! - ticks[0]);
    const xOf = (v: number) => TORNADO_LAYOUT.left + (v - ticks[0]) * k;
    expect(ticks[0]).toBeLessThanOrEqual(80);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(130);
    const bars = Array.from(svg.querySelectorAll('.rf-tornado-bar'));
    expect(bars).toHaveLength(2);
    const swings = [50, 15];
    bars.forEach((g, i) => {
      const low = g.querySelector('.rf-bar-low')!;
      const high = g.querySelector('.rf-bar-high')!;
      expect(attr(low, 'width') + attr(high, 'width')).toBeCloseTo(swings[i] * k, 1);
    });
    // A: low part from x(80) to x(100), high part from x(100) to x(130).
    const [a, b] = bars;
    expect(attr(a.querySelector('.rf-bar-low')!, 'x')).toBeCloseTo(xOf(80), 1);
    expect(attr(a.querySelector('.rf-bar-high')!, 'x')).toBeCloseTo(xOf(100), 1);
    expect(attr(a.querySelector('.rf-bar-high')!, 'width')).toBeCloseTo(30 * k, 1);
    // B goes the other way: its low end (110) is right of the base.
    expect(attr(b.querySelector('.rf-bar-low')!, 'x')).toBeCloseTo(xOf(100), 1);
    expect(attr(b.querySelector('.rf-bar-high')!, 'x')).toBeCloseTo(xOf(95), 1);
    const baseLine = svg.querySelector('.rf-base-line')!;
    expect(attr(baseLine, 'x1')).toBeCloseTo(xOf(100), 1);
  });

  it('is an image with an accessible name, and a label with markup stays text', () => {
    const svg = tornadoChart(document, data, plain, texts, 320);
    expect(svg.namespaceURI).toBe(SVG_NS);
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('NPV');
    expect(svg.querySelector('title')!.textContent).toBe('NPV');
    expect(svg.querySelector('img')).toBeNull();
    const label = svg.querySelectorAll('.rf-bar-label')[1];
    expect(label.childNodes).toHaveLength(1);
    expect(label.firstChild!.nodeType).toBe(Node.TEXT_NODE);
    expect(XSS.startsWith(label.textContent!.replace('…', ''))).toBe(true);
  });

  it('says "not a number" instead of drawing a bar without a number', () => {
    const svg = tornadoChart(
      document,
      { title: 'x', base: 1, bars: [{ label: 'A', low: 0, high: 2, outputLow: null, outputHigh: 3 }] },
      plain,
      texts
    );
    expect(svg.querySelector('.rf-bar-low')).toBeNull();
    expect(svg.querySelector('.rf-tornado-bar')!.textContent).toContain('n/a');
  });
});

describe('histogram and cumulative distribution', () => {
  // Five bins of width 1 over [0, 5]; counts 1, 3, 6, 3, 1; P5 = 0.5, P50 = 2.5, P95 = 4.5.
  const bins = [0, 1, 2, 3, 4].map((from, i) => ({ from, to: from + 1, count: [1, 3, 6, 3, 1][i] }));
  const percentiles = { P5: 0.5, P50: 2.5, P95: 4.5 };
  const L = DIST_LAYOUT;
  const plotWidth = 320 - L.left - L.right;

  it('draws bar heights proportional to the counts, up to the top tick of the count axis', () => {
    const svg = histogramChart(document, { title: 'h', bins, percentiles }, plain, 320);
    const rects = Array.from(svg.querySelectorAll('.rf-bin'));
    expect(rects.map((r) => attr(r, 'data-count'))).toEqual([1, 3, 6, 3, 1]);
    const top = Math.max(...yTicks(svg));
    expect(top).toBeGreaterThanOrEqual(6);
    rects.forEach((r, i) => {
      expect(attr(r, 'height')).toBeCloseTo((bins[i].count * L.plotHeight) / top, 1);
      expect(attr(r, 'y') + attr(r, 'height')).toBeCloseTo(L.top + L.plotHeight, 1); // standing on the axis
      expect(r.getAttribute('fill')).toBe(BAR_FILL);
    });
    // Bins of equal width 1 each take a fifth of the plot (less the 0.5 px gap between bars).
    expect(attr(rects[0], 'x')).toBeCloseTo(L.left, 1);
    expect(attr(rects[2], 'width')).toBeCloseTo(plotWidth / 5 - 0.5, 1);
  });

  it('marks P5, P50 and P95 where they fall on the value axis', () => {
    const svg = histogramChart(document, { title: 'h', bins, percentiles }, plain, 320);
    // The axis runs from the first bin's lower edge (0) to the last one's upper edge (5).
    const x = (v: number) => L.left + (v / 5) * plotWidth;
    expect(attr(svg.querySelector('.rf-mark-P50')!, 'x1')).toBeCloseTo(x(2.5), 1); // 40 + 0.5 × (320 − 40 − 16) = 172
    expect(attr(svg.querySelector('.rf-mark-P50')!, 'x1')).toBeCloseTo(172, 1);
    expect(attr(svg.querySelector('.rf-mark-P5')!, 'x1')).toBeCloseTo(x(0.5), 1);
    expect(attr(svg.querySelector('.rf-mark-P95')!, 'x1')).toBeCloseTo(x(4.5), 1);
    expect(Array.from(svg.querySelectorAll('text')).map((t) => t.textContent)).toEqual(
      expect.arrayContaining(['P5', 'P50', 'P95'])
    );
  });

  it('widens the axis for a threshold just outside the results, and leaves off one far away', () => {
    const svg = histogramChart(document, { title: 'h', bins, percentiles, threshold: 6 }, plain, 320);
    // 6 is a fifth of the span [0, 5] beyond it: the axis becomes [0, 6], P50 = 2.5 at 2.5/6 of the plot, the threshold at its right end.
    expect(attr(svg.querySelector('.rf-mark-P50')!, 'x1')).toBeCloseTo(L.left + (2.5 / 6) * plotWidth, 1);
    expect(attr(svg.querySelector('.rf-mark-threshold')!, 'x1')).toBeCloseTo(320 - L.right, 1);
    // 7 is 40 % beyond: the results keep the whole axis [0, 5], no threshold line.
    const far = histogramChart(document, { title: 'h', bins, percentiles, threshold: 7 }, plain, 320);
    expect(far.querySelector('.rf-mark-threshold')).toBeNull();
    expect(attr(far.querySelector('.rf-mark-P50')!, 'x1')).toBeCloseTo(L.left + plotWidth / 2, 1);
  });

  it('draws the cumulative distribution from 0 % at the lowest value to 100 % at the highest', () => {
    const points = Array.from({ length: 11 }, (_, i) => ({ x: i * 0.5, p: i / 10 })); // uniform on [0, 5]
    const svg = cdfChart(document, { title: 'c', points, percentiles }, plain, 320);
    const d = svg.querySelector('.rf-cdf-line')!.getAttribute('d')!;
    const coords = d
      .split(/[ML]/)
      .filter(Boolean)
      .map((s) => s.trim().split(' ').map(Number));
    expect(coords).toHaveLength(11);
    expect(coords[0][0]).toBeCloseTo(L.left, 1);
    expect(coords[0][1]).toBeCloseTo(L.top + L.plotHeight, 1);
    expect(coords[10][0]).toBeCloseTo(320 - L.right, 1);
    expect(coords[10][1]).toBeCloseTo(L.top, 1);
    // Halfway: x = 2.5 at the plot's middle, p = 0.5 at half height.
    expect(coords[5][0]).toBeCloseTo(L.left + plotWidth / 2, 1);
    expect(coords[5][1]).toBeCloseTo(L.top + L.plotHeight / 2, 1);
    expect(attr(svg.querySelector('.rf-mark-P50')!, 'x1')).toBeCloseTo(L.left + plotWidth / 2, 1);
  });
});

describe('spider', () => {
  it('puts each point at its change and output, higher outputs higher up, equal steps equally apart', () => {
    // Output = 100 + 200 × change for A, 100 − 50 × change for B.
    const changes = [-0.1, -0.05, 0, 0.05, 0.1];
    const series = [
      { label: 'A', points: changes.map((c) => ({ change: c, output: 100 + 200 * c })) },
      { label: 'B', points: changes.map((c) => ({ change: c, output: 100 - 50 * c })) },
    ];
    const svg = spiderChart(document, { title: 's', series }, plain, 320);
    const circles = Array.from(svg.querySelectorAll('.rf-spider-series'))[0].querySelectorAll('circle');
    expect(circles).toHaveLength(5);
    const cy = Array.from(circles).map((c) => attr(c, 'cy'));
    const cx = Array.from(circles).map((c) => attr(c, 'cx'));
    for (let i = 1; i < 5; i++) {
      expect(cy[i]).toBeLessThan(cy[i - 1]);
      expect(cy[i] - cy[i - 1]).toBeCloseTo(cy[1] - cy[0], 1); // output steps of 10 are equal
      expect(cx[i] - cx[i - 1]).toBeCloseTo(cx[1] - cx[0], 1);
    }
    // The y axis' ticks give its scale: 10 output units are 10 × plotHeight / (top − bottom tick) px.
    const ys = yTicks(svg);
    expect(cy[0] - cy[1]).toBeCloseTo((10 * SPIDER_LAYOUT.plotHeight) / (Math.max(...ys) - Math.min(...ys)), 1);
  });
});

describe('heat map', () => {
  it('has one cell per pair, the darkest at the highest value and the lightest at the lowest', () => {
    const cells = [
      [1, 2, 3],
      [4, 5, null],
    ];
    const svg = heatmapChart(
      document,
      { title: 't', rowLabel: 'fee', columnLabel: XSS, rows: [1, 2], columns: [10, 20, 30], cells },
      plain,
      320
    );
    const g = Array.from(svg.querySelectorAll('.rf-heat-cell'));
    expect(g).toHaveLength(6);
    const fill = (i: number, j: number) =>
      svg.querySelector(`.rf-heat-cell[data-row="${i}"][data-col="${j}"] rect`)!.getAttribute('fill');
    expect(fill(0, 0)).toBe(shade(0));
    expect(fill(1, 1)).toBe(shade(1));
    expect(fill(0, 2)).toBe(shade(0.5)); // 3 is halfway from 1 to 5
    expect(fill(1, 2)).toBe('#bdbdbd'); // not a number
    expect(svg.querySelector('img')).toBeNull();
  });

  it('shades from light to dark', () => {
    expect(shade(0)).toBe('#eef5fb');
    expect(shade(1)).toBe('#08306b');
  });
});

describe('axis helpers', () => {
  it.each([
    [0, 1, 4],
    [80, 130, 3],
    [-3.2, 17.9, 5],
    [1234567, 9876543, 4],
    [0.0012, 0.0019, 4],
    [-0.10000000000000003, 0.10000000000000003, 4],
  ])('niceTicks(%p, %p) covers the range with round, equal steps', (min, max, n) => {
    const { ticks, lo, hi } = niceTicks(min, max, n);
    const step = ticks[1] - ticks[0];
    // Covers the range, give or take rounding noise (a billionth of a step).
    expect(lo).toBeLessThanOrEqual(min + step * 1e-9);
    expect(hi).toBeGreaterThanOrEqual(max - step * 1e-9);
    const mantissa = step / 10 ** Math.floor(Math.log10(step));
    expect([1, 2, 2.5, 5].some((m) => Math.abs(m - mantissa) < 1e-9)).toBe(true);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i] - ticks[i - 1]).toBeCloseTo(step, 9);
    // No more than one step beyond the range on either side (rounding noise must not add a tick).
    expect(lo).toBeGreaterThan(min - step * (1 + 1e-6));
    expect(hi).toBeLessThan(max + step * (1 + 1e-6));
  });

  it('does not add a tick for rounding noise: ±0.1 computed in floating point keeps ticks of 0.05 from −0.1 to 0.1', () => {
    const { ticks } = niceTicks(-0.10000000000000003, 0.10000000000000003, 4);
    expect(ticks).toEqual([-0.1, -0.05, 0, 0.05, 0.1]);
  });

  it('writes short numbers in 万/亿 for Chinese and k/M for English', () => {
    expect(compactNumber(12_345, 'zh-CN')).toBe('1.23万');
    expect(compactNumber(250_000_000, 'zh-CN')).toBe('2.5亿');
    expect(compactNumber(12_345, 'en-US')).toBe('12.3k');
    expect(compactNumber(-2_500_000, 'en-US')).toBe('−2.5M');
    expect(compactNumber(1.346, 'en-US')).toBe('1.35'); // 3 significant digits
  });

  it('shortens long labels with an ellipsis, counting CJK characters double', () => {
    expect(fit('short', 200)).toBe('short');
    const long = fit('污水处理费单价调整后的项目资本金净现值', 60);
    expect(long.endsWith('…')).toBe(true);
    expect(long.length).toBeLessThan(10);
  });
});
