/**
 * The four analyses over a model in plain JavaScript (a fake AnalysisPort whose outputs are
 * formulas of its inputs), so every expected number has a closed form: a linear model's swings,
 * the sum of a uniform and a normal, an identity model's percentiles, a quadratic's break-even.
 */
import {
  AnalysisError,
  AnalysisPort,
  CellValue,
  dataTable,
  goalSeek,
  monteCarlo,
  sensitivity,
} from '../../../src/analysis';
import { expectClose } from '../../helpers/tolerance';

/** A "workbook" of named cells: inputs a, b, c and formulas over them; what-ifs put inputs back. */
function model(inputs: Record<string, number>, formulas: Record<string, (v: Record<string, number>) => CellValue>) {
  const cells = { ...inputs };
  const writes: string[] = [];
  const valueOf = (ref: string): CellValue => {
    if (ref in formulas) return formulas[ref](cells);
    if (ref in cells) return cells[ref];
    throw new Error(`no cell ${ref}`);
  };
  const port: AnalysisPort = {
    engine: 'test model',
    read: async (refs) => refs.map(valueOf),
    evaluate: async (ins, outs) => {
      const before = ins.map(([r]) => [r, cells[r]] as const);
      for (const [r, v] of ins) {
        if (!(r in cells)) throw new Error(`no input ${r}`);
        cells[r] = v;
        writes.push(r);
      }
      const values = outs.map(valueOf);
      for (const [r, v] of before) cells[r] = v;
      return values;
    },
  };
  return { port, cells, writes };
}

describe('sensitivity', () => {
  it('a linear model y = 2a − 5b + 0.1c: swings |coef| × (high − low), sorted, base run, spider', async () => {
    const m = model({ a: 10, b: 4, c: 100 }, { y: (v) => 2 * v.a - 5 * v.b + 0.1 * v.c });
    const r = await sensitivity(m.port, {
      inputs: [{ ref: 'a' }, { ref: 'b' }, { ref: 'c', low: 0, high: 300 }],
      outputs: ['y'],
      delta: 0.1,
      steps: 5,
    });
    // base 20 − 20 + 10 = 10; a: ±1 → swing 4; b: ±0.4 → swing 4 (5 × 0.8); c: 0…300 → swing 30
    expect(r.base.outputs).toEqual([{ output: 'y', value: 10 }]);
    const bars = r.tornado[0].bars;
    expect(bars.map((b) => b.input)).toEqual(['c', expect.any(String), expect.any(String)]);
    expectClose(bars[0].swing, 30);
    const a = bars.find((b) => b.input === 'a')!;
    expectClose(a.low, 9);
    expectClose(a.high, 11);
    expectClose(a.outputLow, 8);
    expectClose(a.outputHigh, 12);
    expectClose(bars.find((b) => b.input === 'b')!.swing, 4);
    const spiderA = r.spider![0].series.find((s) => s.input === 'a')!;
    expect(spiderA.points.map((p) => p.change)).toEqual([-0.1, -0.05, 0, 0.05, 0.1].map((x) => expect.closeTo(x, 12)));
    spiderA.points.forEach((p) => expectClose(p.output, 2 * p.value - 20 + 10));
    expect(m.cells).toEqual({ a: 10, b: 4, c: 100 });
    // 2 runs per input for the tornado, 2 more per input for the spider's inner points; the base is read, not run
    expect(r.record.evaluations).toBe(12);
    expect(r.record).toMatchObject({ analysis: 'sensitivity', engine: 'test model' });
  });
  it('refuses an input at 0 without an explicit range, naming it', async () => {
    const m = model({ a: 0 }, { y: (v) => v.a });
    await expect(sensitivity(m.port, { inputs: [{ ref: 'a' }], outputs: ['y'] })).rejects.toThrow(/input a is 0/);
  });
});

describe('goal seek', () => {
  it('finds the break-even of a quadratic: y = a² + b = 30 with b = 5 → a = 5', async () => {
    const m = model({ a: 1, b: 5 }, { y: (v) => v.a * v.a + v.b });
    const r = await goalSeek(m.port, { input: 'a', output: 'y', target: 30, between: [0, 100] });
    expectClose(r.value, 5, 1e-9);
    expectClose(r.outputValue, 30, 1e-9);
    expect(m.cells.a).toBe(1);
  });
  it('says "no solution in the bracket" and "does not change" as errors, never a last guess', async () => {
    const m = model({ a: 1, b: 5 }, { y: (v) => v.a * v.a + v.b, flat: (v) => v.b });
    await expect(goalSeek(m.port, { input: 'a', output: 'y', target: 1, between: [0, 10] })).rejects.toMatchObject({
      code: 'no-solution-in-bracket',
    });
    await expect(goalSeek(m.port, { input: 'a', output: 'flat', target: 1, between: [0, 10] })).rejects.toMatchObject({
      code: 'output-constant',
    });
  });
  it('names a non-numeric output and the input value that gave it', async () => {
    const m = model({ a: 1 }, { y: (v) => (v.a > 3 ? { error: '#DIV/0!' } : v.a) });
    await expect(goalSeek(m.port, { input: 'a', output: 'y', target: 2, between: [0, 10] })).rejects.toThrow(
      /output y is #DIV\/0!, not a number, when a = 10/
    );
  });
});

describe('data table', () => {
  it('two inputs over two lists: each cell is the model at that pair', async () => {
    const m = model({ a: 1, b: 1 }, { y: (v) => v.a * 10 + v.b, z: (v) => v.a - v.b });
    const r = await dataTable(m.port, {
      rows: { ref: 'a', values: [1, 2, 3] },
      columns: { ref: 'b', values: [0.5, 7] },
      outputs: ['y', 'z'],
    });
    expect(r.grids[0].cells).toEqual([
      [10.5, 17],
      [20.5, 27],
      [30.5, 37],
    ]);
    expect(r.grids[1].cells).toEqual([
      [0.5, -6],
      [1.5, -5],
      [2.5, -4],
    ]);
    expect(m.cells).toEqual({ a: 1, b: 1 });
  });
});

describe('Monte Carlo', () => {
  it('y = U(0, 6) + N(10, 2): mean 13 and variance 3 + 4 = 7 within the sampling error', async () => {
    const m = model({ u: 0, x: 0 }, { y: (v) => v.u + v.x });
    const n = 4000;
    const r = await monteCarlo(m.port, {
      inputs: [
        { ref: 'u', distribution: { type: 'uniform', min: 0, max: 6 } },
        { ref: 'x', distribution: { type: 'normal', mean: 10, sd: 2 } },
      ],
      outputs: ['y'],
      iterations: n,
      seed: 2024,
      sampling: 'random',
      thresholds: [{ output: 'y', op: '<', value: 13 }],
    });
    const s = r.outputs[0].summary;
    // variance of U(0, 6) = 36/12 = 3; the mean's standard error √(7/n); the variance's ≈ √(2/(n−1))·σ² (near-normal)
    expect(Math.abs(s.mean! - 13)).toBeLessThan(4 * Math.sqrt(7 / n));
    expect(Math.abs(s.sd! ** 2 - 7)).toBeLessThan(4 * Math.sqrt(2 / (n - 1)) * 7);
    // symmetric about 13: P(y < 13) = ½, standard error √(¼/n)
    expect(Math.abs(s.thresholds[0].probability - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n));
    expect(s.histogram.reduce((a, b) => a + b.count, 0)).toBe(n);
    expect(s.cdf[0]).toEqual({ x: s.min, p: 0 });
    expect(s.cdf[100]).toEqual({ x: s.max, p: 1 });
    expect(m.cells).toEqual({ u: 0, x: 0 });
  });
  it('an identity model returns its input distribution’s percentiles (Latin hypercube: very close)', async () => {
    const m = model({ a: 5 }, { y: (v) => v.a });
    const r = await monteCarlo(m.port, {
      inputs: [{ ref: 'a', distribution: { type: 'triangular', min: 0, mode: 0, max: 10 } }],
      outputs: ['y'],
      iterations: 2000,
      seed: 5,
    });
    // triangular(0, 0, 10): F(x) = 1 − (1 − x/10)² → x_p = 10 (1 − √(1 − p))
    const p = r.outputs[0].summary.percentiles!;
    for (const [k, q] of [
      ['P5', 0.05],
      ['P10', 0.1],
      ['P50', 0.5],
      ['P90', 0.9],
      ['P95', 0.95],
    ] as const)
      expect(Math.abs(p[k] - 10 * (1 - Math.sqrt(1 - q)))).toBeLessThan(0.02);
  });
  it('the same seed gives byte-identical results; another seed does not', async () => {
    const run = async (seed: number) => {
      const m = model({ a: 1, b: 2 }, { y: (v) => v.a * v.b });
      const r = await monteCarlo(m.port, {
        inputs: [
          { ref: 'a', distribution: { type: 'pert', min: 0, mode: 1, max: 3 } },
          { ref: 'b', distribution: { type: 'lognormal', mean: 2, sd: 0.5 } },
        ],
        outputs: ['y'],
        iterations: 300,
        seed,
        correlations: [{ a: 'a', b: 'b', rho: 0.6 }],
        keepSamples: true,
      });
      return JSON.stringify({ ...r, record: { ...r.record, started: '', elapsedMs: 0 } });
    };
    const first = await run(77);
    expect(await run(77)).toBe(first);
    expect(await run(78)).not.toBe(first);
    const parsed = JSON.parse(first);
    expect(Math.abs(parsed.correlations[0].achieved - 0.6)).toBeLessThan(0.1);
  });
  it('reports progress and stops on cancel, leaving the inputs as they were', async () => {
    const m = model({ a: 1 }, { y: (v) => v.a });
    const controller = new AbortController();
    const seen: number[] = [];
    const p = monteCarlo(m.port, {
      inputs: [{ ref: 'a', distribution: { type: 'uniform', min: 0, max: 1 } }],
      outputs: ['y'],
      iterations: 1000,
      seed: 1,
      signal: controller.signal,
      onProgress: ({ done, total }) => {
        seen.push(done);
        expect(total).toBe(1000);
        if (done >= 300) controller.abort();
      },
    });
    await expect(p).rejects.toBeInstanceOf(AnalysisError);
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen[0]).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeLessThan(1000);
    expect(m.cells.a).toBe(1);
  });
  it('counts non-numeric results apart and refuses an input that holds text', async () => {
    const m = model({ a: 1 }, { y: (v) => (v.a < 0.5 ? { error: '#NUM!' } : v.a) });
    const r = await monteCarlo(m.port, {
      inputs: [{ ref: 'a', distribution: { type: 'uniform', min: 0, max: 1 } }],
      outputs: ['y'],
      iterations: 100,
      seed: 3,
    });
    expect(r.outputs[0].summary.nonNumeric).toBe(50); // Latin hypercube: exactly 50 of 100 strata lie below ½
    const t = { ...model({ a: 1 }, {}).port, read: async () => ['text' as CellValue] };
    await expect(
      monteCarlo(t, {
        inputs: [{ ref: 'a', distribution: { type: 'uniform', min: 0, max: 1 } }],
        outputs: ['a'],
        iterations: 10,
        seed: 1,
      })
    ).rejects.toThrow(/input a holds "text", not a number/);
  });
});
