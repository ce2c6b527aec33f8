/** Brent's root finder against roots known in closed form, and its refusals (never a last guess). */
import { AnalysisError } from '../../../src/analysis/errors';
import { brentRoot } from '../../../src/analysis/brent';
import { expectClose } from '../../helpers/tolerance';

describe('brentRoot', () => {
  it.each([
    // [name, f, lo, hi, root, source]
    ['x² − 2', (x: number) => x * x - 2, 0, 2, Math.SQRT2, '√2'],
    [
      'x³ − 2x − 5 (Wallis; Newton’s example)',
      (x: number) => x ** 3 - 2 * x - 5,
      2,
      3,
      2.0945514815423265,
      'Cardano: ∛(5/2 + √(643/108)) + ∛(5/2 − √(643/108))',
    ],
    ['e^x − 10', (x: number) => Math.exp(x) - 10, 0, 5, Math.log(10), 'ln 10'],
    ['a linear output 3x + 7 = 0', (x: number) => 3 * x + 7, -10, 10, -7 / 3, '−7/3'],
    ['ln x − 1 on a bracket given high to low', (x: number) => Math.log(x) - 1, 5, 1, Math.E, 'e'],
  ])('%s', async (_name, f, lo, hi, root) => {
    const r = await brentRoot(f, lo, hi, { relTol: 1e-12 });
    expectClose(r.x, root, 1e-11);
    expect(Math.abs(r.fx)).toBeLessThan(1e-9);
    expect(r.evaluations).toBeLessThan(60);
  });

  it('checks Cardano’s closed form of the Wallis root itself', () => {
    const d = Math.sqrt(643 / 108);
    expectClose(Math.cbrt(2.5 + d) + Math.cbrt(2.5 - d), 2.0945514815423265, 1e-14);
  });

  it('takes an async function (a workbook recalculation)', async () => {
    const r = await brentRoot(async (x) => x * x - 9, 0, 10);
    expectClose(r.x, 3, 1e-11);
  });

  it('returns an end of the bracket that is already a root', async () => {
    await expect(brentRoot((x) => x - 1, 1, 4)).resolves.toMatchObject({ x: 1, evaluations: 2 });
  });

  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return e instanceof AnalysisError ? [e.code, e.message, e.zh] : ['other', String(e)];
    }
    return ['resolved'];
  };

  it('refuses a bracket without a sign change: "no solution in the bracket", in both languages', async () => {
    const [code, en, zh] = await codeOf(brentRoot((x) => x * x + 1, -1, 1));
    expect(code).toBe('no-solution-in-bracket');
    expect(en).toMatch(/no solution in the bracket \[-1, 1\]: the output is above the target at both ends/);
    expect(zh).toMatch(/区间 \[-1, 1\] 内无解/);
  });
  it('refuses an output that does not change', async () => {
    const [code, en] = await codeOf(brentRoot(() => 4, 0, 1));
    expect(code).toBe('output-constant');
    expect(en).toMatch(/does not change/);
  });
  it('refuses a step across the target (no value gives it)', async () => {
    const [code, en] = await codeOf(brentRoot((x) => (x < 0.3 ? -1 : 1), 0, 1));
    expect(code).toBe('output-jumps');
    expect(en).toMatch(/jumps across the target near 0\.3/);
  });
  it('reports no convergence within maxIter instead of a guess', async () => {
    const [code] = await codeOf(brentRoot((x) => Math.cbrt(x - Math.PI), 0, 1e6, { maxIter: 3, relTol: 1e-15 }));
    expect(code).toBe('not-converged');
  });
  it('refuses a degenerate bracket', async () => {
    const [code] = await codeOf(brentRoot((x) => x, 1, 1));
    expect(code).toBe('bad-argument');
  });
});
