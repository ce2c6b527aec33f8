/**
 * The shape of a distribution, checked without the numerical libraries, so that the scenario
 * document (loaded by the pane on every open) can validate stored distributions cheaply.
 */
import { badArgument, num } from './errors';

export type Distribution =
  | { type: 'uniform'; min: number; max: number }
  | { type: 'triangular'; min: number; mode: number; max: number }
  | { type: 'pert'; min: number; mode: number; max: number; lambda?: number }
  | { type: 'normal'; mean: number; sd: number; lower?: number; upper?: number }
  | { type: 'lognormal'; mean: number; sd: number; lower?: number; upper?: number }
  | { type: 'discrete'; values: number[]; weights: number[] };

export const DISTRIBUTION_TYPES = ['uniform', 'triangular', 'pert', 'normal', 'lognormal', 'discrete'] as const;

/** The most values a discrete distribution may list. */
export const MAX_DISCRETE_VALUES = 1000;

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Checks a distribution's parameters (from a user, a command line or a workbook: untrusted)
 * without computing anything. Returns it when valid; throws an AnalysisError `bad-argument`
 * naming `what` and the parameter otherwise. checkDistribution (distributions.ts) adds that
 * bounds must leave some probability.
 */
export function checkDistributionShape(d: unknown, what: string): Distribution {
  const bad = (en: string, zh: string) => badArgument(`${what}: ${en}`, `${what}：${zh}`);
  if (d === null || typeof d !== 'object')
    throw bad('a distribution must be an object with a type', '分布须为带 type 的对象');
  const x = d as Record<string, unknown>;
  const need = (...keys: string[]) => {
    for (const k of keys)
      if (!finite(x[k]))
        throw bad(`${String(x.type)} needs a finite number ${k}`, `${String(x.type)} 分布需要有限数参数 ${k}`);
  };
  switch (x.type) {
    case 'uniform':
      need('min', 'max');
      if (!((x.min as number) < (x.max as number)))
        throw bad(
          `uniform needs min < max (got ${num(x.min as number)}, ${num(x.max as number)})`,
          `均匀分布需要 min < max（得到 ${num(x.min as number)}、${num(x.max as number)}）`
        );
      return { type: 'uniform', min: x.min as number, max: x.max as number };
    case 'triangular':
    case 'pert': {
      need('min', 'mode', 'max');
      const [a, m, b] = [x.min as number, x.mode as number, x.max as number];
      if (!(a <= m && m <= b && a < b))
        throw bad(
          `${x.type} needs min ≤ mode ≤ max and min < max (got ${num(a)}, ${num(m)}, ${num(b)})`,
          `${x.type} 分布需要 最小值 ≤ 最可能值 ≤ 最大值 且 最小值 < 最大值（得到 ${num(a)}、${num(m)}、${num(b)}）`
        );
      if (x.type === 'triangular') return { type: 'triangular', min: a, mode: m, max: b };
      if (x.lambda !== undefined && !(finite(x.lambda) && x.lambda > 0))
        throw bad('pert lambda must be a number > 0', 'PERT 分布的 lambda 须为大于 0 的数');
      return {
        type: 'pert',
        min: a,
        mode: m,
        max: b,
        ...(x.lambda !== undefined ? { lambda: x.lambda as number } : {}),
      };
    }
    case 'normal':
    case 'lognormal': {
      need('mean', 'sd');
      const mean = x.mean as number;
      const sd = x.sd as number;
      if (!(sd > 0))
        throw bad(`${x.type} needs sd > 0 (got ${num(sd)})`, `${x.type} 分布需要标准差 sd > 0（得到 ${num(sd)}）`);
      if (x.type === 'lognormal' && !(mean > 0))
        throw bad(`lognormal needs mean > 0 (got ${num(mean)})`, `对数正态分布需要均值 > 0（得到 ${num(mean)}）`);
      for (const k of ['lower', 'upper'])
        if (x[k] !== undefined && x[k] !== null && !finite(x[k]))
          throw bad(`${k} must be a finite number`, `${k} 须为有限数`);
      const lower = finite(x.lower) ? x.lower : undefined;
      const upper = finite(x.upper) ? x.upper : undefined;
      if (lower !== undefined && upper !== undefined && !(lower < upper))
        throw bad(
          `lower must be < upper (got ${num(lower)}, ${num(upper)})`,
          `下界须小于上界（得到 ${num(lower)}、${num(upper)}）`
        );
      return {
        type: x.type,
        mean,
        sd,
        ...(lower !== undefined ? { lower } : {}),
        ...(upper !== undefined ? { upper } : {}),
      } as Distribution;
    }
    case 'discrete': {
      const values = x.values;
      const weights = x.weights;
      if (!Array.isArray(values) || values.length === 0 || values.length > MAX_DISCRETE_VALUES || !values.every(finite))
        throw bad(
          `discrete needs 1 to ${MAX_DISCRETE_VALUES} finite values`,
          `离散分布需要 1 至 ${MAX_DISCRETE_VALUES} 个有限数值`
        );
      if (
        !Array.isArray(weights) ||
        weights.length !== values.length ||
        !weights.every((w) => finite(w) && w >= 0) ||
        !weights.some((w) => w > 0)
      ) {
        throw bad(
          'discrete needs one weight ≥ 0 per value, not all 0',
          '离散分布需要每个值一个不小于 0 的权重，且不全为 0'
        );
      }
      return { type: 'discrete', values: [...values], weights: [...weights] };
    }
    default:
      throw bad(
        `unknown distribution type ${JSON.stringify(String(x.type)).slice(0, 40)} (use ${DISTRIBUTION_TYPES.join(', ')})`,
        `未知的分布类型 ${JSON.stringify(String(x.type)).slice(0, 40)}（可用 ${DISTRIBUTION_TYPES.join('、')}）`
      );
  }
}
