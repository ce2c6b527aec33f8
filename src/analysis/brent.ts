/**
 * Brent's method (R. P. Brent, "Algorithms for Minimization without Derivatives", 1973, ch. 4;
 * the `zbrent` form of Numerical Recipes, 3rd ed., § 9.3): a root of a continuous function inside
 * a bracket where it changes sign, by inverse quadratic interpolation, secant steps and bisection
 * when those do not shrink the bracket fast enough. It never leaves the bracket and needs no
 * derivative, so it suits a workbook whose output is known only by recalculating.
 *
 * It reports why it cannot answer instead of returning a last guess: no sign change in the
 * bracket, an output that does not move at all, a jump across zero (a step function: no value
 * gives the target), or no convergence within `maxIter` evaluations.
 *
 * Worked example: f(x) = x² − 2 on [0, 2] → √2 = 1.41421356237… in about 8 evaluations.
 */
import { AnalysisError, num } from './errors';

export interface BrentOptions {
  /** Stop when the bracket is narrower than `rel × |x| + abs` (defaults 1e-12 and 0). */
  relTol?: number;
  absTol?: number;
  /** Evaluations beyond the two ends before giving up (default 200). */
  maxIter?: number;
}

export interface BrentResult {
  /** The root found. */
  x: number;
  /** f(x): close to 0 (the accuracy is in x, within the tolerance). */
  fx: number;
  /** Function evaluations, the two ends included. */
  evaluations: number;
}

const EPS = Number.EPSILON;

/**
 * A root of `f` in [lo, hi]. `f` may be async (a workbook recalculation) and must return a finite
 * number; otherwise the error comes from `f` itself.
 * @throws AnalysisError `no-solution-in-bracket` when f(lo) and f(hi) have the same sign;
 *   `output-constant` when they are equal (the input does not move the output);
 *   `output-jumps` when the bracket shrinks to a point where f jumps across zero;
 *   `not-converged` after maxIter evaluations.
 */
export async function brentRoot(
  f: (x: number) => number | Promise<number>,
  lo: number,
  hi: number,
  opts: BrentOptions = {}
): Promise<BrentResult> {
  if (!(Number.isFinite(lo) && Number.isFinite(hi)) || lo === hi) {
    throw new AnalysisError(
      'bad-argument',
      `bracket: need two different finite numbers (got ${num(lo)}, ${num(hi)})`,
      `区间：需要两个不同的有限数（得到 ${num(lo)}、${num(hi)}）`
    );
  }
  const rel = opts.relTol ?? 1e-12;
  const abs = opts.absTol ?? 0;
  const maxIter = opts.maxIter ?? 200;
  let a = lo;
  let b = hi;
  let fa = await f(a);
  let fb = await f(b);
  let evaluations = 2;
  if (fa === 0) return { x: a, fx: fa, evaluations };
  if (fb === 0) return { x: b, fx: fb, evaluations };
  const fLo = fa;
  const fHi = fb;
  if (fa === fb && (await f((a + b) / 2)) === fa) {
    throw new AnalysisError(
      'output-constant',
      `the output does not change between ${num(lo)} and ${num(hi)} (it stays ${num(fa)} from the target)`,
      `输出在 ${num(lo)} 与 ${num(hi)} 之间不变（与目标始终相差 ${num(fa)}）`
    );
  }
  if (fa > 0 === fb > 0) {
    throw new AnalysisError(
      'no-solution-in-bracket',
      `no solution in the bracket [${num(lo)}, ${num(hi)}]: the output is ${fa > 0 ? 'above' : 'below'} the target at both ends (by ${num(fa)} and ${num(fb)})`,
      `区间 [${num(lo)}, ${num(hi)}] 内无解：两端的输出均${fa > 0 ? '高于' : '低于'}目标（分别相差 ${num(fa)} 和 ${num(fb)}）`
    );
  }
  let c = b;
  let fc = fb;
  let d = 0;
  evaluations += fa === fb ? 1 : 0;
  let e = 0;
  for (;;) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      e = d = b - a;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * EPS * Math.abs(b) + 0.5 * (rel * Math.abs(b) + abs);
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) {
      // Converged in x. A continuous f is then within f' × tol of zero; a step is not.
      const scale = Math.max(Math.abs(fLo), Math.abs(fHi));
      if (Math.abs(fb) > 1e-6 * scale) {
        throw new AnalysisError(
          'output-jumps',
          `the output jumps across the target near ${num(b)} (from ${num(fb)} to ${num(fc)} off it): no value in the bracket gives the target exactly`,
          `输出在 ${num(b)} 附近跳过目标（与目标相差由 ${num(fb)} 变为 ${num(fc)}）：区间内没有恰好达到目标的值`
        );
      }
      return { x: b, fx: fb, evaluations };
    }
    if (evaluations - 2 >= maxIter) {
      throw new AnalysisError(
        'not-converged',
        `no convergence after ${maxIter} evaluations (last bracket ${num(b)} to ${num(c)})`,
        `迭代 ${maxIter} 次仍未收敛（最后区间 ${num(b)} 至 ${num(c)}）`
      );
    }
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm >= 0 ? tol1 : -tol1;
    fb = await f(b);
    evaluations++;
  }
}
