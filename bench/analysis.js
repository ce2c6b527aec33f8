/**
 * Analyses on the flagship workbook (src/analysis through the public API), each against a
 * baseline measured in the same run:
 *   (p) Monte Carlo, N iterations of 5 inputs → 5 outputs (minimum DSCR over the DSCR column, NPV,
 *       FIRR, equity IRR, bond coverage), vs the same N cases done as a bureau without the engine's
 *       what-if would: open the file afresh, set the 5 inputs, read the outputs, once per case.
 *       The row also gives Monte Carlo what-ifs per second (absolute: machine-dependent).
 *   (q) a tornado over the 5 inputs (2 what-ifs each) vs one full load and recalculation (`recalc`)
 *   (r) goal seek of the sewage fee to a minimum DSCR of 1.3 (to 1e-9 relative) vs one `recalc`
 * The model is loaded once per timed run for (p)–(r), outside the timing (as the pane holds it open).
 */
const { openWorkbook, monteCarlo, sensitivity, goalSeek } = require('../dist/api/index.js');
const { buildFlagshipWorkbook } = require('../dist/examples/flagship.js');
const { workbookBytes } = require('../dist/examples/xlsx-bytes.js');
const { compareAsync } = require('./lib');

const N = 40;
const MIN_DSCR = 'min(资本金现金流!AC6:AC33)';
const OUTPUTS = [MIN_DSCR, '评价!C12', '评价!C16', '评价!C19', '评价!C25'];
const INPUTS = [
  { ref: 'sewage_fee', distribution: { type: 'triangular', min: 1.5, mode: 1.75, max: 2.1 } },
  { ref: 'om_fixed', distribution: { type: 'pert', min: 2e6, mode: 2.5e6, max: 3.5e6 } },
  { ref: 'loan_rate', distribution: { type: 'normal', mean: 0.036, sd: 0.004, lower: 0 } },
  { ref: 'load_start', distribution: { type: 'uniform', min: 0.6, max: 0.8 } },
  { ref: 'central_expected_share', distribution: { type: 'discrete', values: [0.4, 0.6, 0.8], weights: [1, 2, 1] } },
];

const open = [];
const freeEarlier = () => open.splice(0).forEach((wb) => wb.close());

let bytesPromise;
const flagshipBytes = () => (bytesPromise ??= workbookBytes(buildFlagshipWorkbook().workbook));

async function held() {
  freeEarlier();
  const wb = await openWorkbook(await flagshipBytes());
  open.push(wb);
  return wb;
}

/** The outputs of one case on a workbook opened afresh (the aggregate computed here). */
async function freshCase(bytes, values) {
  const wb = await openWorkbook(bytes);
  try {
    await wb.set(values);
    const dscr = Array.from({ length: 28 }, (_, i) => `资本金现金流!AC${6 + i}`);
    const got = await wb.get([...dscr, ...OUTPUTS.slice(1)]);
    const min = Math.min(...dscr.map((r) => got[r]).filter((v) => typeof v === 'number'));
    return [min, ...OUTPUTS.slice(1).map((o) => got[o])];
  } finally {
    wb.close();
  }
}

/** One `recalc`: load the file, recalculate every formula, write the package. */
async function oneRecalc() {
  freeEarlier();
  const bytes = await flagshipBytes();
  return async () => {
    const wb = await openWorkbook(bytes);
    const out = await wb.save();
    wb.close();
    return out.length;
  };
}

const CASES = {
  p: async () => {
    const bytes = await flagshipBytes();
    // the Monte Carlo's own samples, replayed case by case on fresh loads: same work, same answers
    const probe = await monteCarlo((await held()).analysisPort(), {
      inputs: INPUTS,
      outputs: OUTPUTS,
      iterations: N,
      seed: 1,
      keepSamples: true,
    });
    const cases = probe.samples.inputs.map((xs) => Object.fromEntries(INPUTS.map((inp, j) => [inp.ref, xs[j]])));
    const first = await freshCase(bytes, cases[0]);
    if (!(Math.abs(first[0] - probe.samples.outputs[0][0]) <= 1e-9 * Math.abs(first[0])))
      throw new Error('(p): Monte Carlo and fresh loads disagree');
    const row = await compareAsync({
      name: `(p) Monte Carlo ${N} iterations (5 inputs, 5 outputs) vs ${N} fresh load-set-read`,
      target: 0.2,
      candidate: async () => {
        const port = (await held()).analysisPort();
        return async () =>
          (await monteCarlo(port, { inputs: INPUTS, outputs: OUTPUTS, iterations: N, seed: 1 })).iterations;
      },
      baseline: async () => {
        freeEarlier();
        return async () => {
          let sum = 0;
          for (const c of cases) sum += (await freshCase(bytes, c))[1];
          return sum;
        };
      },
      repeats: 3,
    });
    row.name += ` — ${Math.round((N / row.candidateMs) * 1000)} iterations/s`;
    freeEarlier();
    return row;
  },
  q: async () => {
    const row = await compareAsync({
      name: '(q) tornado over 5 flagship inputs (10 what-ifs) vs one recalc',
      target: 1.5,
      candidate: async () => {
        const port = (await held()).analysisPort();
        return async () =>
          (await sensitivity(port, { inputs: INPUTS.map((i) => ({ ref: i.ref })), outputs: OUTPUTS })).record
            .evaluations;
      },
      baseline: oneRecalc,
      repeats: 3,
    });
    freeEarlier();
    return row;
  },
  r: async () => {
    const row = await compareAsync({
      name: '(r) goal seek, fee for min DSCR 1.3 to 1e-9, vs one recalc',
      target: 1.5,
      candidate: async () => {
        const port = (await held()).analysisPort();
        return async () =>
          (await goalSeek(port, { input: 'sewage_fee', output: MIN_DSCR, target: 1.3, between: [1, 10], relTol: 1e-9 }))
            .value;
      },
      baseline: oneRecalc,
      repeats: 3,
    });
    freeEarlier();
    return row;
  },
};

module.exports = { CASES };
