#!/usr/bin/env node
/**
 * npm run bench: ratios against baselines measured in the same run.
 *   (a) 10 000 cells of REUSE.TARIFF.TIERED vs the same bill as built-in MIN/MAX arithmetic
 *   (b) one TIERED spilled over 100 000 rows vs 100 000 single-cell TIERED calls; (b0) its floor,
 *       the same sheet's input values with no formula
 *   (c) the core tieredBill vs an inline JavaScript loop doing the same arithmetic
 * Cases (d)–(f) live in bench/financing.js, (g)–(h), start-up of the CLI, in bench/startup.js, (i)–(j), building and re-evaluating at 100 000 rows, in bench/fanout.js, (k)–(l) and (s)–(t), whole files (growth and peak memory at 300 000 rows), in bench/recalc.js, (m)–(n), what-ifs through the public API, in bench/whatif.js, (o) and (u), many workbooks at once, in bench/batch.js, (p)–(r), analyses (Monte Carlo, tornado, goal seek), in bench/analysis.js. Pass case letters to run a subset: `npm run bench -- a c`.
 */
const { HyperFormula } = require('hyperformula');
const { Engine } = require('../dist/engine/engine.js');
const { makeBlockTariff, tieredBill, TierMethod } = require('../dist/core/tariff.js');
const { compare, report } = require('./lib');
const extra = [
  require('./financing'),
  require('./startup'),
  require('./fanout'),
  require('./recalc'),
  require('./whatif'),
  require('./batch'),
  require('./analysis'),
];

const LIMITS = [180, 300];
const PRICES = [3.04, 3.75, 5.88];
const volumes = (n) => Array.from({ length: n }, (_, i) => (i * 37) % 600);

/** A sheet with tariff inputs in row 1 and n volumes in column A from row 2, formulas in column B. */
function tariffSheet(n, formulaAt) {
  const rows = [[null, 180, 300, 3.04, 3.75, 5.88]];
  volumes(n).forEach((v, i) => rows.push([v, formulaAt(i + 2)]));
  return rows;
}

/** Builds the engine (parse + first evaluation) and then recalculates after a price change. */
function buildAndRecalc(sheet) {
  return () => () => {
    const engine = Engine.fromSheets({ S: sheet });
    engine.hf.setCellContents({ sheet: 0, row: 0, col: 3 }, [[3.1]]);
    const v = engine.hf.getCellValue({ sheet: 0, row: 1, col: 1 });
    engine.hf.destroy();
    return v;
  };
}

const CASES = {
  a: () => {
    const n = 10_000;
    const ours = tariffSheet(n, (r) => `=REUSE.TARIFF.TIERED(A${r},$B$1:$C$1,$D$1:$F$1)`);
    const builtin = tariffSheet(
      n,
      (r) => `=MIN(A${r},$B$1)*$D$1+MAX(0,MIN(A${r},$C$1)-$B$1)*$E$1+MAX(0,A${r}-$C$1)*$F$1`
    );
    return compare({
      name: '(a) 10k TIERED cells vs built-in MIN/MAX',
      target: 1.0,
      candidate: buildAndRecalc(ours),
      baseline: buildAndRecalc(builtin),
      repeats: 5,
    });
  },
  b: () => {
    const n = 100_000;
    const spill = tariffSheet(n, () => null);
    spill[1][1] = `=REUSE.TARIFF.TIERED(A2:A${n + 1},$B$1:$C$1,$D$1:$F$1)`;
    const cells = tariffSheet(n, (r) => `=REUSE.TARIFF.TIERED(A${r},$B$1:$C$1,$D$1:$F$1)`);
    const values = tariffSheet(n, () => null);
    // No target: the 0.1 this case once had is below its own floor, the sheet of 100 000 input
    // volumes with no formula at all (b0, measured in the same run at 0.075–0.116). A spill still
    // holds a value per row; what it saves is 100 000 formula cells' parsing, vertices and edges.
    return [
      compare({
        name: '(b) 1 spill over 100k rows vs 100k cells (no target; floor: b0)',
        candidate: buildAndRecalc(spill),
        baseline: buildAndRecalc(cells),
        repeats: 3,
      }),
      compare({
        name: '(b0) the 100k input values alone vs 100k cells',
        candidate: buildAndRecalc(values),
        baseline: buildAndRecalc(cells),
        repeats: 3,
      }),
    ];
  },
  c: () => {
    const vs = volumes(1_000_000);
    const tariff = makeBlockTariff(LIMITS, PRICES);
    const inline = () => {
      let total = 0;
      for (const v of vs) {
        let bill = 0;
        let lower = 0;
        for (let i = 0; i < PRICES.length; i++) {
          const upper = i < LIMITS.length ? LIMITS[i] : Infinity;
          if (v <= lower) break;
          bill += (Math.min(v, upper) - lower) * PRICES[i];
          lower = upper;
        }
        total += bill;
      }
      return total;
    };
    const core = () => {
      let total = 0;
      for (const v of vs) total += tieredBill(v, tariff, TierMethod.Progressive);
      return total;
    };
    if (Math.abs(core() - inline()) > 1e-6 * Math.abs(inline())) throw new Error('core and inline loop disagree');
    return compare({
      name: '(c) core tieredBill vs inline loop, 1M bills',
      target: 3,
      candidate: () => core,
      baseline: () => inline,
      repeats: 9,
      warmup: 3,
    });
  },
};
for (const e of extra) Object.assign(CASES, e.CASES);

(async () => {
  const pick = process.argv.slice(2);
  const rows = [];
  for (const [key, run] of Object.entries(CASES)) {
    if (pick.length && !pick.includes(key)) continue;
    rows.push(...[await run()].flat());
  }
  console.log(
    `node ${process.version}, HyperFormula ${HyperFormula.version}; medians of alternating runs; ratio = candidate / baseline`
  );
  report(rows);
  process.exitCode = rows.every((r) => r.ok !== false) ? 0 : 1;
})();
