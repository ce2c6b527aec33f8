/**
 * Data-table heat map: one cell per pair of input values (rows: the first input, columns: the
 * second, or a single column for a one-input table), shaded from light (lowest output) to dark
 * (highest), each with its value written in it where it fits. A cell that is not a number is
 * hatched grey and says so in its tooltip.
 */
import { ChartFormat, FONT, MUTED, TEXT_FILL, chartRoot, el, fit } from './svg';

export interface HeatmapData {
  title: string;
  rowLabel: string;
  columnLabel?: string;
  rows: number[];
  columns?: number[];
  /** cells[i][j]: the output for rows[i] and columns[j]; null when not a number. */
  cells: (number | null)[][];
}

export const HEATMAP_LAYOUT = { left: 56, right: 6, top: 30, cellHeight: 24 } as const;

/** The shade for a value's position t ∈ [0, 1]: from #eef5fb (light blue) to #08306b (dark blue). */
export function shade(t: number): string {
  const c0 = [0xee, 0xf5, 0xfb];
  const c1 = [0x08, 0x30, 0x6b];
  const u = Math.min(1, Math.max(0, t));
  return `#${c0
    .map((c, i) =>
      Math.round(c + (c1[i] - c) * u)
        .toString(16)
        .padStart(2, '0')
    )
    .join('')}`;
}

export function heatmapChart(doc: Document, data: HeatmapData, fmt: ChartFormat, width = 320): SVGSVGElement {
  const L = HEATMAP_LAYOUT;
  const cols = data.columns ?? [NaN];
  const height = L.top + data.rows.length * L.cellHeight + 6;
  const svg = chartRoot(doc, 'heatmap', width, height, data.title);
  const cellWidth = (width - L.left - L.right) / cols.length;
  const numbers = data.cells.flat().filter((v): v is number => v !== null);
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const t = (v: number) => (max === min ? 0.5 : (v - min) / (max - min));
  const plot = el(doc, 'g', { class: 'rf-plot' });
  svg.append(plot);

  // Axis titles: the column input over the columns, the row input over the row labels.
  plot.append(
    el(
      doc,
      'text',
      { x: 2, y: FONT, fill: MUTED },
      fit(data.rowLabel + (data.columnLabel ? ` \\ ${data.columnLabel}` : ''), width - 4)
    )
  );
  cols.forEach((c, j) => {
    const label = data.columns ? fmt.tick(c) : '';
    plot.append(
      el(
        doc,
        'text',
        {
          x: L.left + (j + 0.5) * cellWidth,
          y: L.top - 5,
          'text-anchor': 'middle',
          fill: TEXT_FILL,
          class: 'rf-col-label',
        },
        fit(label, cellWidth - 2)
      )
    );
  });
  data.rows.forEach((r, i) => {
    const y = L.top + i * L.cellHeight;
    plot.append(
      el(
        doc,
        'text',
        {
          x: L.left - 4,
          y: y + L.cellHeight / 2 + FONT / 3,
          'text-anchor': 'end',
          fill: TEXT_FILL,
          class: 'rf-row-label',
        },
        fit(fmt.tick(r), L.left - 6)
      )
    );
    cols.forEach((_, j) => {
      const v = data.cells[i]?.[j] ?? null;
      const x = L.left + j * cellWidth;
      const g = el(doc, 'g', {
        class: 'rf-heat-cell',
        'data-row': i,
        'data-col': j,
        'data-value': v === null ? '' : String(v),
      });
      const fill = v === null ? '#bdbdbd' : shade(t(v));
      g.append(el(doc, 'rect', { x: x + 0.5, y: y + 0.5, width: cellWidth - 1, height: L.cellHeight - 1, fill }));
      g.append(el(doc, 'title', {}, v === null ? '—' : fmt.value(v)));
      const text = v === null ? '—' : fmt.tick(v);
      if (cellWidth >= 26)
        g.append(
          el(
            doc,
            'text',
            {
              x: x + cellWidth / 2,
              y: y + L.cellHeight / 2 + FONT / 3,
              'text-anchor': 'middle',
              fill: v !== null && t(v) > 0.55 ? '#ffffff' : TEXT_FILL,
            },
            fit(text, cellWidth - 2)
          )
        );
      plot.append(g);
    });
  });
  return svg;
}
