/**
 * What a Monte Carlo run reports per output, as plain data a chart draws directly: mean, sample
 * standard deviation, percentiles (linear interpolation between order statistics, R's type 7 =
 * Excel's PERCENTILE.INC, simple-statistics' quantileSorted), the probability of crossing each
 * threshold, a histogram of equal-width bins and the empirical cumulative distribution.
 */
import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';

export type ThresholdOp = '<' | '<=' | '>' | '>=';

export interface Threshold {
  op: ThresholdOp;
  value: number;
}

export interface HistogramBin {
  /** Lower edge (included). */
  from: number;
  /** Upper edge (excluded, except for the last bin). */
  to: number;
  count: number;
}

export interface OutputSummary {
  /** Iterations that gave a number. */
  n: number;
  /** Iterations that gave something else (an error value, text, an empty cell, "no year below"). */
  nonNumeric: number;
  mean: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
  percentiles: { P5: number; P10: number; P50: number; P90: number; P95: number } | null;
  /** P(output op value) over all iterations (a non-numeric result counts as not crossing). */
  thresholds: (Threshold & { probability: number })[];
  histogram: HistogramBin[];
  /** The empirical CDF at 101 points: x is the p-quantile, p = 0, 0.01, …, 1. */
  cdf: { x: number; p: number }[];
}

export const PERCENTILES = [5, 10, 50, 90, 95] as const;

export function crosses(x: number, t: Threshold): boolean {
  switch (t.op) {
    case '<':
      return x < t.value;
    case '<=':
      return x <= t.value;
    case '>':
      return x > t.value;
    case '>=':
      return x >= t.value;
  }
}

/** Summary of one output's results (`values` as they came, numbers or not). */
export function summarise(values: readonly unknown[], thresholds: readonly Threshold[] = [], bins = 20): OutputSummary {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const nonNumeric = values.length - xs.length;
  const probs = thresholds.map((t) => ({
    ...t,
    probability: values.length ? xs.filter((x) => crosses(x, t)).length / values.length : 0,
  }));
  if (xs.length === 0)
    return {
      n: 0,
      nonNumeric,
      mean: null,
      sd: null,
      min: null,
      max: null,
      percentiles: null,
      thresholds: probs,
      histogram: [],
      cdf: [],
    };
  const sorted = Float64Array.from(xs).sort();
  const s = Array.from(sorted);
  const q = (p: number) => quantileSorted(s, p);
  const lo = s[0];
  const hi = s[s.length - 1];
  const histogram: HistogramBin[] = [];
  if (hi === lo) histogram.push({ from: lo, to: hi, count: s.length });
  else {
    const w = (hi - lo) / bins;
    for (let b = 0; b < bins; b++)
      histogram.push({ from: lo + b * w, to: b === bins - 1 ? hi : lo + (b + 1) * w, count: 0 });
    for (const x of s) histogram[Math.min(bins - 1, Math.floor((x - lo) / w))].count++;
  }
  return {
    n: s.length,
    nonNumeric,
    mean: mean(s),
    sd: s.length > 1 ? sampleStandardDeviation(s) : 0,
    min: lo,
    max: hi,
    percentiles: { P5: q(0.05), P10: q(0.1), P50: q(0.5), P90: q(0.9), P95: q(0.95) },
    thresholds: probs,
    histogram,
    cdf: Array.from({ length: 101 }, (_, i) => ({ x: q(i / 100), p: i / 100 })),
  };
}
