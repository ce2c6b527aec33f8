/**
 * What-ifs through the public API (src/api) on the flagship workbook:
 *   (m) 1 000 what-ifs — `whatIf({ loan_years, central_cap }, three outputs)`, each putting the
 *       inputs back afterwards (central_cap is a formula in the file) — vs the same 1 000 input
 *       changes made directly on HyperFormula (one batch of two constants, three cells read, nothing
 *       put back): the engine's own recalculation, the floor under any what-if layer.
 * The row's name also gives what-ifs per second (absolute, so machine-dependent; issue 10's target
 * is ≥ 2 000/s); the ratio is the part that compares across machines.
 */
const { openWorkbook, loadWorkbook } = require('../dist/api/index.js');
const { buildFlagshipWorkbook } = require('../dist/examples/flagship.js');
const { workbookBytes } = require('../dist/examples/xlsx-bytes.js');
const { compareAsync } = require('./lib');

const N = 1000;
const OUTPUTS = ["'评价'!C5", "'评价'!C7", "'投资与融资'!C13"]; // central support, bank loan, its yearly payment
/** The i-th what-if: every run changes both inputs, so every run recalculates. */
const inputs = (i) => ({ loan_years: 5 + (i % 21), central_cap: 40e6 + (i % 13) * 5e6 });

/** Engines of earlier runs, freed when the next run is set up (not timed). */
const open = [];
const freeEarlier = () => open.splice(0).forEach((free) => free());

async function viaApi(bytes) {
  freeEarlier();
  const wb = await openWorkbook(bytes);
  open.push(() => wb.close());
  return async () => {
    let sum = 0;
    for (let i = 0; i < N; i++) {
      const r = await wb.whatIf(inputs(i), OUTPUTS);
      for (const o of OUTPUTS) sum += r[o];
    }
    return sum;
  };
}

async function viaHyperFormula(bytes) {
  const wb = await openWorkbook(bytes);
  const refs = Object.fromEntries((await wb.names()).map((n) => [n.name, n.ref]));
  wb.close();
  freeEarlier();
  const { engine } = await loadWorkbook(bytes);
  const hf = engine.hf;
  open.push(() => hf.destroy());
  const at = (ref) => hf.simpleCellAddressFromString(ref.replace(/^([^'!][^!]*)!/, "'$1'!"), 0);
  const inAt = { loan_years: at(refs.loan_years), central_cap: at(refs.central_cap) };
  const outAt = OUTPUTS.map(at);
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

const CASES = {
  m: async () => {
    const bytes = await workbookBytes(buildFlagshipWorkbook().workbook);
    const [a, b] = [await (await viaApi(bytes))(), await (await viaHyperFormula(bytes))()];
    if (Math.abs(a - b) > 1e-9 * Math.abs(b)) throw new Error(`the API's what-ifs (${a}) and HyperFormula's (${b}) disagree`);
    freeEarlier();
    const row = await compareAsync({ name: '(m) 1k flagship what-ifs via the API vs raw HyperFormula edits', target: 3, candidate: () => viaApi(bytes), baseline: () => viaHyperFormula(bytes), repeats: 7 });
    row.name += ` — ${Math.round((N / row.candidateMs) * 1000)} what-ifs/s`;
    freeEarlier();
    return row;
  },
};

module.exports = { CASES };
