/**
 * Benchmark cases for the pricing and financing functions:
 *   (d) SERVICE.KPIFACTOR spilled over 100 000 scores vs 100 000 single-cell calls (both include
 *       building the 100 000-value sheet, about half of the spill's time)
 *   (e) a 30-year semiannual BOND.SCHEDULE (60 rows × 7) as one call vs the same table as built-in formulas
 *   (f) a full recalculation of the flagship workbook vs the same workbook with REUSE results frozen as values
 */
const { Engine } = require('../dist/engine/engine.js');
const { buildEngine } = require('../dist/engine/load.js');
const { buildFlagshipWorkbook } = require('../dist/examples/flagship.js');
const { workbookBytes } = require('../dist/examples/xlsx-bytes.js');
const { readWorkbook } = require('../dist/xlsx/package.js');
const { usesReuse } = require('../dist/engine/formula-text.js');
const { compare } = require('./lib');

function timedEngine(sheets, names) {
  return () => () => {
    const engine = Engine.fromSheets(sheets, { names });
    const v = engine.hf.getCellValue({ sheet: 0, row: 0, col: 1 });
    engine.hf.destroy();
    return v;
  };
}

/** The semiannual schedule as built-in formulas: period, time, opening, interest, principal, service, closing. */
function builtinSchedule(termYears, ppy) {
  const rows = [[200_000_000, 0.023, termYears, ppy, null, null, null]];
  const n = termYears * ppy;
  for (let k = 1; k <= n; k++) {
    const r = k + 1; // sheet row of this period
    const opening = k === 1 ? '=$A$1' : `=G${r - 1}`;
    // bullet: all principal on the last coupon date
    rows.push([
      k,
      `=A${r}/$D$1`,
      opening,
      `=C${r}*$B$1/$D$1`,
      `=IF(A${r}=$C$1*$D$1,C${r},0)`,
      `=D${r}+E${r}`,
      `=C${r}-E${r}`,
    ]);
  }
  return rows;
}

const CASES = {
  d: () => {
    const n = 100_000;
    const scores = Array.from({ length: n }, (_, i) => [40 + ((i * 7) % 60)]);
    const spill = scores.map((s) => [s[0], null]);
    spill[0][1] = `=REUSE.SERVICE.KPIFACTOR(A1:A${n})`;
    const cells = scores.map((s, i) => [s[0], `=REUSE.SERVICE.KPIFACTOR(A${i + 1})`]);
    return compare({
      name: '(d) KPIFACTOR spill over 100k vs 100k cells',
      target: 0.5,
      candidate: timedEngine({ S: spill }),
      baseline: timedEngine({ S: cells }),
      repeats: 3,
    });
  },
  e: () => {
    const ours = [[200_000_000, '=REUSE.BOND.SCHEDULE(A1,0.023,30,2)']];
    const builtin = builtinSchedule(30, 2);
    builtin[0][1] = 0.023;
    const repeat = (sheet) => {
      const make = timedEngine({ S: sheet });
      return () => {
        const runs = Array.from({ length: 50 }, make);
        return () => runs.map((r) => r()).length;
      };
    };
    return compare({
      name: '(e) 30y semiannual SCHEDULE vs built-in table (×50)',
      target: 1.0,
      candidate: repeat(ours),
      baseline: repeat(builtin),
      // 9, not 5: run after (a)–(d) in one process, it read 1.03 once with 5 (0.77–0.85 alone).
      repeats: 9,
    });
  },
  f: async () => {
    // buildEngine takes the package reader's model (it took an ExcelJS workbook before src/xlsx).
    const { workbook } = buildFlagshipWorkbook();
    const loaded = buildEngine(await readWorkbook(await workbookBytes(workbook)));
    // Baseline: the same sheets, with each REUSE formula (and its spill) replaced by the values it produced.
    const sheets = {};
    const names = {};
    for (const ws of workbook.worksheets) {
      const id = loaded.engine.hf.getSheetId(ws.name);
      sheets[ws.name] = loaded.engine.hf.getSheetSerialized(id);
    }
    const frozen = {};
    for (const ws of workbook.worksheets) {
      const id = loaded.engine.hf.getSheetId(ws.name);
      const values = loaded.engine.hf.getSheetValues(id);
      frozen[ws.name] = sheets[ws.name].map((row, r) =>
        row.map((c, col) => (typeof c === 'string' && c.startsWith('=') && usesReuse(c) ? values[r][col] : c))
      );
      // spilled neighbours serialize as empty: fill them with their values too
      values.forEach((row, r) =>
        row.forEach((v, col) => {
          if ((frozen[ws.name][r] ?? [])[col] === undefined || frozen[ws.name][r][col] === null) {
            if (v !== null && v !== undefined && typeof v !== 'object') (frozen[ws.name][r] ??= [])[col] = v;
          }
        })
      );
    }
    for (const { name, ranges } of workbook.definedNames.model) names[name] = ranges[0];
    loaded.engine.hf.destroy();
    return compare({
      name: '(f) flagship full recalc vs REUSE frozen as values',
      target: 3.0,
      candidate: timedEngine(sheets, names),
      baseline: timedEngine(frozen, names),
      repeats: 7,
    });
  },
};

module.exports = { CASES };
