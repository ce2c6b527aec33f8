/**
 * What-ifs through the public API (src/api) on the flagship workbook, each a
 * `whatIf({ loan_years, central_cap }, outputs)` that puts the inputs back afterwards (central_cap
 * is a formula in the file), against the same 1 000 input changes made directly on HyperFormula
 * (one batch of two constants, the outputs read, nothing put back): the engine's own
 * recalculation of everything the change reaches.
 *   (m) the README's outputs (central support, bank loan, its yearly payment): the API
 *       recalculates only what they need, so a what-if costs a fraction of HyperFormula's
 *       recalculation of the change
 *   (n) outputs that need the whole cash flow (NPV, minimum DSCR, largest bond): the API costs
 *       HyperFormula's recalculation plus its own overhead
 * Each row's name also gives what-ifs per second (absolute, so machine-dependent; issue 10's target
 * is ≥ 2 000/s for (m)); the ratio is the part that compares across machines.
 */
const { openWorkbook, loadWorkbook } = require('../dist/api/index.js');
const { buildFlagshipWorkbook } = require('../dist/examples/flagship.js');
const { workbookBytes } = require('../dist/examples/xlsx-bytes.js');
const { compareAsync } = require('./lib');

const N = 1000;
const README_OUTPUTS = ["'评价'!C5", "'评价'!C7", "'投资与融资'!C13"];
const CASH_FLOW_OUTPUTS = ["'评价'!C16", "'评价'!C10", "'评价'!C11"]; // NPV, minimum DSCR, largest bond the revenue supports
/** The i-th what-if: every run changes both inputs, so every run recalculates. */
const inputs = (i) => ({ loan_years: 5 + (i % 21), central_cap: 40e6 + (i % 13) * 5e6 });

/** Engines of earlier runs, freed when the next run is set up (not timed). */
const open = [];
const freeEarlier = () => open.splice(0).forEach((free) => free());

async function viaApi(bytes, outputs) {
  freeEarlier();
  const wb = await openWorkbook(bytes);
  open.push(() => wb.close());
  return async () => {
    let sum = 0;
    for (let i = 0; i < N; i++) {
      const r = await wb.whatIf(inputs(i), outputs);
      for (const o of outputs) sum += r[o];
    }
    return sum;
  };
}

async function viaHyperFormula(bytes, outputs) {
  const wb = await openWorkbook(bytes);
  const refs = Object.fromEntries((await wb.names()).map((n) => [n.name, n.ref]));
  wb.close();
  freeEarlier();
  const { engine } = await loadWorkbook(bytes);
  const hf = engine.hf;
  open.push(() => hf.destroy());
  const at = (ref) => hf.simpleCellAddressFromString(ref.replace(/^([^'!][^!]*)!/, "'$1'!"), 0);
  const inAt = { loan_years: at(refs.loan_years), central_cap: at(refs.central_cap) };
  const outAt = outputs.map(at);
  return async () => {
    let sum = 0;
    for (let i = 0; i < N; i++) {
      const v = inputs(i);
      hf.batch(() => {
        for (const [name, value] of Object.entries(v)) hf.setCellContents(inAt[name], [[value]]);
      });
      for (const a of outAt) sum += hf.getCellValue(a);
    }
    return sum;
  };
}

async function whatIfCase(name, outputs, target) {
  const bytes = await workbookBytes(buildFlagshipWorkbook().workbook);
  const [a, b] = [await (await viaApi(bytes, outputs))(), await (await viaHyperFormula(bytes, outputs))()];
  if (!(Math.abs(a - b) <= 1e-9 * Math.abs(b)))
    throw new Error(`${name}: the API's what-ifs (${a}) and HyperFormula's (${b}) disagree`);
  freeEarlier();
  const row = await compareAsync({
    name,
    target,
    candidate: () => viaApi(bytes, outputs),
    baseline: () => viaHyperFormula(bytes, outputs),
    repeats: 7,
  });
  row.name += ` — ${Math.round((N / row.candidateMs) * 1000)} what-ifs/s`;
  freeEarlier();
  return row;
}

const CASES = {
  m: () =>
    whatIfCase('(m) 1k flagship what-ifs via the API (README outputs) vs HyperFormula edits', README_OUTPUTS, 0.5),
  n: () => whatIfCase('(n) the same, outputs needing the whole cash flow', CASH_FLOW_OUTPUTS, 1.25),
};

module.exports = { CASES };
