/**
 * Distributions: quantiles against closed forms, sample moments of large samples against the
 * distributions' moments (within 5 standard errors the test computes), bounds, parsing.
 */
import {
  checkDistribution,
  formatDistribution,
  parseDistribution,
  quantileFunction,
} from '../../../src/analysis/distributions';
import { AnalysisError } from '../../../src/analysis/errors';
import { seededUniform, uniformColumns } from '../../../src/analysis/sampling';
import { expectClose } from '../../helpers/tolerance';

const N = 20_000;
/** N values of `q` at Latin hypercube uniforms (seed 7). */
const sample = (q: (u: number) => number, latin = false) =>
  Array.from(uniformColumns(N, 1, seededUniform(7), latin)[0], q);
const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const varOf = (xs: number[]) => {
  const m = meanOf(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};
/** Sample mean within 5 standard errors (σ/√N) of the true mean. */
function expectMean(xs: number[], mean: number, variance: number) {
  expect(Math.abs(meanOf(xs) - mean)).toBeLessThan(5 * Math.sqrt(variance / xs.length));
}

describe('quantiles against closed forms', () => {
  it('uniform(2, 6): F⁻¹(u) = 2 + 4u', () => {
    const q = quantileFunction({ type: 'uniform', min: 2, max: 6 });
    for (const u of [0.01, 0.25, 0.5, 0.9]) expectClose(q(u), 2 + 4 * u);
  });
  it('triangular(1, 2, 4): F⁻¹(u) = a + √(u(b−a)(c−a)) below F(c) = 1/3, b − √((1−u)(b−a)(b−c)) above', () => {
    const q = quantileFunction({ type: 'triangular', min: 1, mode: 2, max: 4 });
    for (const u of [0.05, 0.2, 0.3]) expectClose(q(u), 1 + Math.sqrt(u * 3 * 1), 1e-12);
    for (const u of [0.4, 0.7, 0.99]) expectClose(q(u), 4 - Math.sqrt((1 - u) * 3 * 2), 1e-12);
  });
  it('normal(100, 15): the 97.5 % quantile is 100 + 1.959963984540054 × 15', () => {
    expectClose(quantileFunction({ type: 'normal', mean: 100, sd: 15 })(0.975), 100 + 1.959963984540054 * 15, 1e-12);
  });
  it('lognormal(mean 10, sd 2): median e^μ with σ² = ln(1 + 0.04), μ = ln 10 − σ²/2', () => {
    const s2 = Math.log(1.04);
    expectClose(quantileFunction({ type: 'lognormal', mean: 10, sd: 2 })(0.5), Math.exp(Math.log(10) - s2 / 2), 1e-12);
  });
  it('pert(0, 0, 1) with λ = 4 is Beta(1, 5): F⁻¹(u) = 1 − (1 − u)^(1/5)', () => {
    const q = quantileFunction({ type: 'pert', min: 0, mode: 0, max: 1 });
    for (const u of [0.1, 0.5, 0.9]) expectClose(q(u), 1 - (1 - u) ** 0.2, 1e-10);
  });
  it('discrete: values by cumulative weight', () => {
    const q = quantileFunction({ type: 'discrete', values: [10, 20, 30], weights: [1, 2, 1] });
    expect([0.1, 0.24, 0.26, 0.74, 0.76, 0.999].map(q)).toEqual([10, 10, 20, 20, 30, 30]);
  });
});

describe('sample moments against the distributions’ moments', () => {
  it('triangular(1, 2, 4): mean (a+b+c)/3, variance (a²+b²+c²−ab−ac−bc)/18', () => {
    const xs = sample(quantileFunction({ type: 'triangular', min: 1, mode: 2, max: 4 }));
    const variance = (1 + 4 + 16 - 2 - 4 - 8) / 18;
    expectMean(xs, 7 / 3, variance);
    expectClose(varOf(xs), variance, 0.05);
  });
  it('pert(1, 2, 4): mean (a + 4m + b)/6', () => {
    const xs = sample(quantileFunction({ type: 'pert', min: 1, mode: 2, max: 4 }));
    // Beta(α = 1 + 4/3, β = 1 + 8/3) on [1, 4]: variance = 9 αβ / ((α+β)²(α+β+1))
    const a = 7 / 3;
    const b = 11 / 3;
    expectMean(xs, (1 + 8 + 4) / 6, (9 * a * b) / ((a + b) ** 2 * (a + b + 1)));
  });
  it('lognormal(10, 2): mean 10, sd 2 of the value itself', () => {
    const xs = sample(quantileFunction({ type: 'lognormal', mean: 10, sd: 2 }));
    expectMean(xs, 10, 4);
    expectClose(Math.sqrt(varOf(xs)), 2, 0.05);
  });
  it('a truncated normal stays in its bounds; truncated at the mean, its mean is μ + σ√(2/π)', () => {
    const xs = sample(quantileFunction({ type: 'normal', mean: 5, sd: 2, lower: 5 }));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(5);
    // half-normal: mean σ√(2/π), variance σ²(1 − 2/π)
    expectMean(xs, 5 + 2 * Math.sqrt(2 / Math.PI), 4 * (1 - 2 / Math.PI));
    const both = sample(quantileFunction({ type: 'normal', mean: 0, sd: 1, lower: -0.5, upper: 0.25 }));
    expect(Math.min(...both)).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...both)).toBeLessThanOrEqual(0.25);
  });
  it('discrete frequencies within 5 standard errors of the weights', () => {
    const xs = sample(quantileFunction({ type: 'discrete', values: [1, 2, 3], weights: [0.2, 0.5, 0.3] }));
    for (const [v, p] of [
      [1, 0.2],
      [2, 0.5],
      [3, 0.3],
    ]) {
      const f = xs.filter((x) => x === v).length / N;
      expect(Math.abs(f - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
    }
  });
});

describe('checking and parsing', () => {
  it.each([
    ['triangular(1.5,1.75,2.1)', { type: 'triangular', min: 1.5, mode: 1.75, max: 2.1 }],
    ['pert(1,2,4,6)', { type: 'pert', min: 1, mode: 2, max: 4, lambda: 6 }],
    ['normal(100,20,0,)', { type: 'normal', mean: 100, sd: 20, lower: 0 }],
    ['lognormal(10, 2)', { type: 'lognormal', mean: 10, sd: 2 }],
    ['uniform(-1,1)', { type: 'uniform', min: -1, max: 1 }],
    ['discrete(1:0.2,2:0.5,3:0.3)', { type: 'discrete', values: [1, 2, 3], weights: [0.2, 0.5, 0.3] }],
  ])('%s', (text, d) => {
    expect(parseDistribution(text, 'x')).toEqual(d);
    expect(parseDistribution(formatDistribution(d as never), 'x')).toEqual(d);
  });
  it.each([
    ['triangular(3,2,1)', /min ≤ mode ≤ max/],
    ['normal(1,0)', /sd > 0/],
    ['normal(1,1,2,1)', /lower must be < upper/],
    ['lognormal(-1,1)', /mean > 0/],
    ['uniform(1)', /takes 2 numbers/],
    ['uniform(1,x)', /"x" in uniform\(…\) is not a number/],
    ['gamma(1,2)', /unknown distribution type "gamma"/],
    ['discrete(1:0,2:0)', /not all 0/],
    ['triangular', /not a distribution/],
    ['normal(0,1,50,60)', /no probability/],
  ])('refuses %s naming the input', (text, message) => {
    let err: unknown;
    try {
      parseDistribution(text, 'input sewage_fee');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AnalysisError);
    expect((err as Error).message).toMatch(/^input sewage_fee: /);
    expect((err as Error).message).toMatch(message);
    expect((err as AnalysisError).zh).toMatch(/^input sewage_fee：/);
  });
  it('refuses hostile objects from a workbook', () => {
    expect(() => checkDistribution({ type: '__proto__' }, 'x')).toThrow(/unknown distribution type/);
    expect(() =>
      checkDistribution({ type: 'discrete', values: new Array(2000).fill(1), weights: new Array(2000).fill(1) }, 'x')
    ).toThrow(/1 to 1000/);
    expect(() => checkDistribution(null, 'x')).toThrow(/object with a type/);
  });
});
