/**
 * Random numbers for Monte Carlo: a seeded 32-bit Mersenne Twister (@stdlib/random-base-mt19937),
 * Latin hypercube sampling, and Iman–Conover rank correlation.
 *
 * Everything is drawn up front in a fixed order (all strata of input 1, then input 2, …; then the
 * scores of the rank correlation), so the same seed, inputs and iteration count give the same
 * numbers — on any machine and whatever the order the workbook is evaluated in.
 *
 * Latin hypercube (McKay, Beckman & Conover 1979): each input's (0, 1) range is cut into n equal
 * strata; each stratum is used exactly once, at a random point inside it, in a random order.
 *
 * Iman–Conover (Iman & Conover 1982, "A distribution-free approach to inducing rank correlation
 * among input variables"): the samples keep their values (so their distributions); only their
 * order within each column changes, to the order of a matrix of normal scores R·Sᵀ whose
 * correlation is the target C (S = P·Q⁻¹, C = P·Pᵀ, corr(R) = Q·Qᵀ, Cholesky factors).
 */
import mt19937 from '@stdlib/random-base-mt19937';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { badArgument, num } from './errors';

/** A uniform generator on [0, 1). */
export type Uniform = () => number;

/** The largest seed the Mersenne Twister takes. */
export const MAX_SEED = 4_294_967_295;

/** A seeded uniform generator; `seed` is a whole number from 1 to 4 294 967 295. */
export function seededUniform(seed: number): Uniform {
  if (!Number.isInteger(seed) || seed < 1 || seed > MAX_SEED)
    throw badArgument(
      `seed must be a whole number from 1 to ${MAX_SEED} (got ${num(seed)})`,
      `随机种子须为 1 至 ${MAX_SEED} 的整数（得到 ${num(seed)}）`
    );
  // `normalized` (53-bit doubles in [0, 1)) exists at run time; the package's typings omit it.
  const rand = mt19937.factory({ seed }) as unknown as { normalized: () => number };
  return () => rand.normalized();
}

/** Fisher–Yates: a random permutation of 0 … n−1. */
export function permutation(n: number, u: Uniform): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Keeps u inside (0, 1): a quantile at exactly 0 or 1 is infinite for a normal. */
const open01 = (x: number) => Math.min(1 - 2 ** -53, Math.max(2 ** -53, x));

/**
 * `k` columns of `n` uniforms in (0, 1). Latin hypercube: column j holds one point of each stratum
 * [i/n, (i+1)/n). Plain: independent uniforms.
 */
export function uniformColumns(n: number, k: number, u: Uniform, latin: boolean): Float64Array[] {
  const cols: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const col = new Float64Array(n);
    if (latin) {
      const order = permutation(n, u);
      for (let i = 0; i < n; i++) col[i] = open01((order[i] + u()) / n);
    } else for (let i = 0; i < n; i++) col[i] = open01(u());
    cols.push(col);
  }
  return cols;
}

/** Lower Cholesky factor of a symmetric matrix, or undefined when it is not positive definite. */
export function cholesky(a: number[][]): number[][] | undefined {
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let m = 0; m < j; m++) s -= l[i][m] * l[j][m];
      if (i === j) {
        if (!(s > 1e-12)) return undefined;
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  }
  return l;
}

/** Inverse of a lower-triangular matrix (forward substitution). */
function invertLower(l: number[][]): number[][] {
  const n = l.length;
  const inv = l.map(() => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    inv[j][j] = 1 / l[j][j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= l[i][m] * inv[m][j];
      inv[i][j] = s / l[i][i];
    }
  }
  return inv;
}

/** Pearson correlation matrix of columns. */
export function correlationMatrix(cols: ArrayLike<number>[]): number[][] {
  const n = cols[0]?.length ?? 0;
  const centred = cols.map((c) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += c[i];
    mean /= n;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c[i] - mean;
    return out;
  });
  const norms = centred.map((c) => Math.sqrt(c.reduce((s, x) => s + x * x, 0)));
  return centred.map((a, i) =>
    centred.map((b, j) => {
      if (i === j) return 1;
      let s = 0;
      for (let m = 0; m < n; m++) s += a[m] * b[m];
      return s / (norms[i] * norms[j]);
    })
  );
}

/** Ranks 0 … n−1 of a column (ties by position). */
function ranks(col: ArrayLike<number>): Int32Array {
  const order = Array.from({ length: col.length }, (_, i) => i).sort((a, b) => col[a] - col[b] || a - b);
  const r = new Int32Array(col.length);
  order.forEach((row, rank) => (r[row] = rank));
  return r;
}

/**
 * Reorders each column of `samples` (in place) so that their rank correlation approaches
 * `target` (k×k, symmetric, 1 on the diagonal, positive definite). Needs n > k.
 * @throws AnalysisError `bad-argument` when the target is not a valid correlation matrix.
 */
export function imanConover(samples: Float64Array[], target: number[][], u: Uniform): void {
  const k = samples.length;
  const n = samples[0]?.length ?? 0;
  if (k < 2) return;
  if (n <= k)
    throw badArgument(
      `rank correlation needs more iterations than inputs (${n} ≤ ${k})`,
      `秩相关需要迭代次数多于输入项数（${n} ≤ ${k}）`
    );
  const p = cholesky(target);
  if (!p)
    throw badArgument(
      'the correlations are not consistent with each other (the matrix is not positive definite)',
      '各相关系数相互矛盾（相关矩阵不是正定矩阵）'
    );
  const scores = Array.from({ length: n }, (_, i) => normalQuantile((i + 1) / (n + 1), 0, 1));
  const r = Array.from({ length: k }, () => {
    const order = permutation(n, u);
    return Float64Array.from(order, (i) => scores[i]);
  });
  const q = cholesky(correlationMatrix(r));
  if (!q) return; // the random scores are (almost) collinear: only with n barely above k
  const qInv = invertLower(q);
  // S = P·Q⁻¹ (lower triangular); T[:, j] = Σ_m R[:, m]·S[j][m]
  const s = p.map((row) => row.map((_, j) => row.reduce((x, pim, m) => x + pim * qInv[m][j], 0)));
  for (let j = 0; j < k; j++) {
    const t = new Float64Array(n);
    for (let m = 0; m <= j; m++) {
      const w = s[j][m];
      if (w === 0) continue;
      const col = r[m];
      for (let i = 0; i < n; i++) t[i] += w * col[i];
    }
    const sorted = Float64Array.from(samples[j]).sort();
    const rank = ranks(t);
    for (let i = 0; i < n; i++) samples[j][i] = sorted[rank[i]];
  }
}
