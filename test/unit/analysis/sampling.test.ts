/** Seeds repeat exactly; Latin hypercube strata are each used once; Iman–Conover reaches its target rank correlation. */
import { sampleRankCorrelation } from 'simple-statistics';
import { cholesky, imanConover, permutation, seededUniform, uniformColumns } from '../../../src/analysis/sampling';
import { quantileFunction } from '../../../src/analysis/distributions';
import { expectClose } from '../../helpers/tolerance';

describe('seeded uniforms', () => {
  it('repeat exactly for a seed and differ for another', () => {
    const a = seededUniform(42);
    const b = seededUniform(42);
    const c = seededUniform(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
  it('refuses a seed that is not a whole number from 1 to 2³² − 1', () => {
    for (const s of [0, -1, 1.5, 2 ** 32, NaN]) expect(() => seededUniform(s)).toThrow(/seed must be a whole number/);
  });
  it('permutes every index once', () => {
    expect([...permutation(100, seededUniform(1))].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i)
    );
  });
});

describe('Latin hypercube', () => {
  it('puts exactly one point in each of the n strata of every column', () => {
    const n = 500;
    for (const col of uniformColumns(n, 3, seededUniform(9), true)) {
      const strata = Array.from(col, (x) => Math.floor(x * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });
  it('plain sampling does not (a stratum used twice among 500 independent points is near certain)', () => {
    const n = 500;
    const [col] = uniformColumns(n, 1, seededUniform(9), false);
    expect(new Set(Array.from(col, (x) => Math.floor(x * n))).size).toBeLessThan(n);
  });
  it('gives a normal sample whose mean is far closer to μ than plain sampling’s standard error', () => {
    // LHS of a normal: the sample mean's error is O(1/n), far below σ/√n = 0.0316 for n = 1000.
    const q = quantileFunction({ type: 'normal', mean: 0, sd: 1 });
    const xs = Array.from(uniformColumns(1000, 1, seededUniform(3), true)[0], q);
    expect(Math.abs(xs.reduce((a, b) => a + b, 0) / 1000)).toBeLessThan(0.005);
  });
});

describe('Iman–Conover', () => {
  it('reaches the target rank correlations and keeps each column’s values', () => {
    const n = 5000;
    const u = seededUniform(11);
    const cols = uniformColumns(n, 3, u, true).map((c, j) =>
      Float64Array.from(
        c,
        quantileFunction(j === 2 ? { type: 'lognormal', mean: 5, sd: 2 } : { type: 'uniform', min: 0, max: 1 })
      )
    );
    const before = cols.map((c) => Float64Array.from(c).sort());
    const target = [
      [1, 0.7, -0.4],
      [0.7, 1, 0],
      [-0.4, 0, 1],
    ];
    imanConover(cols, target, u);
    cols.forEach((c, j) => expect(Float64Array.from(c).sort()).toEqual(before[j]));
    const rc = (i: number, j: number) => sampleRankCorrelation(Array.from(cols[i]), Array.from(cols[j]));
    // Iman–Conover hits the normal-score correlation; Spearman's ρ of normal scores is (6/π)·asin(r/2), within 0.02 of r here.
    expect(Math.abs(rc(0, 1) - 0.7)).toBeLessThan(0.03);
    expect(Math.abs(rc(0, 2) + 0.4)).toBeLessThan(0.03);
    expect(Math.abs(rc(1, 2))).toBeLessThan(0.03);
  });
  it('refuses correlations that contradict each other', () => {
    const cols = uniformColumns(100, 3, seededUniform(1), true);
    const target = [
      [1, 0.9, 0.9],
      [0.9, 1, -0.9],
      [0.9, -0.9, 1],
    ];
    expect(() => imanConover(cols, target, seededUniform(2))).toThrow(/not consistent/);
  });
  it('Cholesky factor: L·Lᵀ gives the matrix back', () => {
    const a = [
      [4, 2, 0.4],
      [2, 5, 1],
      [0.4, 1, 3],
    ];
    const l = cholesky(a)!;
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        expectClose(
          l[i].reduce((s, x, m) => s + x * l[j][m], 0),
          a[i][j],
          1e-12,
          1e-12
        );
  });
});
