/**
 * Distributions of uncertain inputs, each sampled by its quantile function (inverse transform),
 * so that Latin hypercube strata and rank correlation act on uniform numbers first. The quantile
 * functions are @stdlib's (normal, lognormal, beta for PERT, triangular); bounds truncate a normal
 * or lognormal through its CDF: x = F⁻¹(F(lower) + u · (F(upper) − F(lower))).
 *
 *   uniform(min, max)
 *   triangular(min, mode, max)
 *   pert(min, mode, max[, lambda = 4])   Beta(α, β) on [min, max], α = 1 + λ(mode − min)/(max − min),
 *                                        β = 1 + λ(max − mode)/(max − min); mean (min + λ·mode + max)/(λ + 2)
 *   normal(mean, sd[, lower, upper])
 *   lognormal(mean, sd[, lower, upper])  mean and sd of the value itself (not of its logarithm):
 *                                        σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2
 *   discrete(values, weights)            each value with probability weight / Σ weights
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import lognormalCdf from '@stdlib/stats-base-dists-lognormal-cdf';
import lognormalQuantile from '@stdlib/stats-base-dists-lognormal-quantile';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import triangularQuantile from '@stdlib/stats-base-dists-triangular-quantile';
import { Distribution, checkDistributionShape } from './distribution-shape';
import { badArgument } from './errors';

export type { Distribution } from './distribution-shape';
export { DISTRIBUTION_TYPES, MAX_DISCRETE_VALUES } from './distribution-shape';

/**
 * Checks a distribution (untrusted input): its parameters (checkDistributionShape), and that
 * bounds of a normal or lognormal leave some probability. Throws an AnalysisError `bad-argument`
 * naming `what`.
 */
export function checkDistribution(d: unknown, what: string): Distribution {
  const out = checkDistributionShape(d, what);
  const [pl, pu] = cdfBounds(out);
  if (!(pu - pl > 1e-12))
    throw badArgument(`${what}: the bounds leave (almost) no probability`, `${what}：上下界之间（几乎）没有概率`);
  return out;
}

function lognormalParams(mean: number, sd: number): [number, number] {
  const s2 = Math.log(1 + (sd * sd) / (mean * mean));
  return [Math.log(mean) - s2 / 2, Math.sqrt(s2)];
}

/** F(lower), F(upper) of a normal or lognormal (0 and 1 without bounds). */
function cdfBounds(d: Distribution): [number, number] {
  if (d.type === 'normal') {
    return [
      d.lower === undefined ? 0 : normalCdf(d.lower, d.mean, d.sd),
      d.upper === undefined ? 1 : normalCdf(d.upper, d.mean, d.sd),
    ];
  }
  if (d.type === 'lognormal') {
    const [mu, sigma] = lognormalParams(d.mean, d.sd);
    return [
      d.lower === undefined ? 0 : lognormalCdf(d.lower, mu, sigma),
      d.upper === undefined ? 1 : lognormalCdf(d.upper, mu, sigma),
    ];
  }
  return [0, 1];
}

/**
 * A quantile function for `d` (checked): u in (0, 1) → the value with P(X ≤ value) = u. Built once
 * per input, called once per iteration.
 */
export function quantileFunction(d: Distribution): (u: number) => number {
  switch (d.type) {
    case 'uniform':
      return (u) => d.min + u * (d.max - d.min);
    case 'triangular':
      return (u) => triangularQuantile(u, d.min, d.max, d.mode);
    case 'pert': {
      const lambda = d.lambda ?? 4;
      const w = d.max - d.min;
      const alpha = 1 + (lambda * (d.mode - d.min)) / w;
      const beta = 1 + (lambda * (d.max - d.mode)) / w;
      return (u) => d.min + w * betaQuantile(u, alpha, beta);
    }
    case 'normal':
    case 'lognormal': {
      const [pl, pu] = cdfBounds(d);
      const clamp = (x: number) => Math.min(d.upper ?? Infinity, Math.max(d.lower ?? -Infinity, x));
      if (d.type === 'normal') return (u) => clamp(normalQuantile(pl + u * (pu - pl), d.mean, d.sd));
      const [mu, sigma] = lognormalParams(d.mean, d.sd);
      return (u) => clamp(lognormalQuantile(pl + u * (pu - pl), mu, sigma));
    }
    case 'discrete': {
      const total = d.weights.reduce((a, b) => a + b, 0);
      const cum: number[] = [];
      let acc = 0;
      for (const w of d.weights) cum.push((acc += w / total));
      return (u) => {
        for (let i = 0; i < cum.length; i++) if (u < cum[i]) return d.values[i];
        return d.values[d.values.length - 1];
      };
    }
  }
}

/** A distribution's median (the quantile at ½): the value a tornado centres on and charts mark. */
export function median(d: Distribution): number {
  return quantileFunction(d)(0.5);
}

/**
 * A distribution in the command line's words: `triangular(1.5,1.75,2.1)`, `normal(100,20,0,)`
 * (empty bounds left out), `discrete(1:0.2,2:0.5,3:0.3)` (value:weight). Throws a `bad-argument`
 * naming `what` when it does not parse or is not valid.
 */
export function parseDistribution(text: string, what: string): Distribution {
  const m = /^\s*([A-Za-z]+)\s*\(([\s\S]*)\)\s*$/.exec(text);
  if (!m)
    throw badArgument(
      `${what}: ${JSON.stringify(text)} is not a distribution such as triangular(1.5,1.75,2.1)`,
      `${what}：${JSON.stringify(text)} 不是形如 triangular(1.5,1.75,2.1) 的分布`
    );
  const type = m[1].toLowerCase();
  const parts = m[2].split(',').map((s) => s.trim());
  const number = (s: string) => {
    const n = s === '' ? NaN : Number(s);
    if (!Number.isFinite(n))
      throw badArgument(
        `${what}: ${JSON.stringify(s)} in ${type}(…) is not a number`,
        `${what}：${type}(…) 中的 ${JSON.stringify(s)} 不是数字`
      );
    return n;
  };
  const opt = (s: string | undefined) => (s === undefined || s === '' ? undefined : number(s));
  const arity = (lo: number, hi: number) => {
    if (parts.length < lo || parts.length > hi)
      throw badArgument(
        `${what}: ${type} takes ${lo === hi ? lo : `${lo} to ${hi}`} numbers (got ${parts.length})`,
        `${what}：${type} 需要 ${lo === hi ? lo : `${lo} 至 ${hi}`} 个数（得到 ${parts.length}）`
      );
  };
  let d: unknown;
  switch (type) {
    case 'uniform':
      arity(2, 2);
      d = { type, min: number(parts[0]), max: number(parts[1]) };
      break;
    case 'triangular':
      arity(3, 3);
      d = { type, min: number(parts[0]), mode: number(parts[1]), max: number(parts[2]) };
      break;
    case 'pert':
      arity(3, 4);
      d = {
        type,
        min: number(parts[0]),
        mode: number(parts[1]),
        max: number(parts[2]),
        ...(parts[3] !== undefined ? { lambda: number(parts[3]) } : {}),
      };
      break;
    case 'normal':
    case 'lognormal':
      arity(2, 4);
      d = { type, mean: number(parts[0]), sd: number(parts[1]), lower: opt(parts[2]), upper: opt(parts[3]) };
      break;
    case 'discrete': {
      const values: number[] = [];
      const weights: number[] = [];
      for (const p of parts) {
        const [v, w] = p.split(':');
        values.push(number(v));
        weights.push(w === undefined ? 1 : number(w));
      }
      d = { type, values, weights };
      break;
    }
    default:
      d = { type };
  }
  return checkDistribution(d, what);
}

/** The command line's words for a distribution (what parseDistribution reads back). */
export function formatDistribution(d: Distribution): string {
  switch (d.type) {
    case 'uniform':
      return `uniform(${d.min},${d.max})`;
    case 'triangular':
      return `triangular(${d.min},${d.mode},${d.max})`;
    case 'pert':
      return `pert(${d.min},${d.mode},${d.max}${d.lambda !== undefined ? `,${d.lambda}` : ''})`;
    case 'normal':
    case 'lognormal':
      return `${d.type}(${d.mean},${d.sd}${d.lower !== undefined || d.upper !== undefined ? `,${d.lower ?? ''},${d.upper ?? ''}` : ''})`;
    case 'discrete':
      return `discrete(${d.values.map((v, i) => `${v}:${d.weights[i]}`).join(',')})`;
  }
}
