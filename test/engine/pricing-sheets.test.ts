/**
 * The 再生水价格 and 运营服务费 example sheets, saved as Excel saves them and recalculated by the
 * engine. Headline cells are checked against an independent calculation written here: inputs are
 * read from the sheet's input cells by their English label, the rules are re-derived by hand
 * (piecewise KPI, clipped ratio, kg removed, annuity by summing discount factors).
 */
import ExcelJS from 'exceljs';
import { Engine, isEngineError } from '../../src/engine/engine';
import { addPricingSheets } from '../../src/examples/pricing';
import type { SummaryLine } from '../../src/examples/types';
import { ExampleSheets, loadExampleSheets } from '../helpers/example-sheets';
import { expectClose } from '../helpers/tolerance';

const PRICE_SHEET = '再生水价格';
const FEE_SHEET = '运营服务费';

let wb: ExcelJS.Workbook;
let summary: SummaryLine[];
let engine: Engine;
let sheets: ExampleSheets;

beforeAll(async () => {
  // Round-trip through the file format and the product's own loader; ExcelJS reads the same file back.
  sheets = await loadExampleSheets(addPricingSheets);
  ({ wb, engine, summary } = sheets);
});

afterAll(() => engine.hf.destroy());

const value = (sheet: string, address: string) => sheets.value(sheet, address);
const rowOf = (sheet: string, en: string) => sheets.rowOf(sheet, en);
const input = (sheet: string, en: string, col?: number) => sheets.input(sheet, en, col);
const headline = (en: string) => sheets.headline(en);

describe('the saved file', () => {
  it('holds the two sheets with Chinese names', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([PRICE_SHEET, FEE_SHEET]);
  });

  it('stores every REUSE call as Excel saves it (_xldudf_REUSE_…), never as REUSE.…', () => {
    let reuse = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type !== ExcelJS.ValueType.Formula) return;
          expect(cell.formula).not.toMatch(/^=|REUSE\./);
          if (/_xldudf_REUSE_/.test(cell.formula)) reuse++;
        })
      );
    }
    expect(reuse).toBeGreaterThanOrEqual(10 + 12 * 3);
  });

  it('has a Chinese and an English label on every headline row, and a number format on every headline cell', () => {
    for (const l of summary) {
      const ws = wb.getWorksheet(l.sheet)!;
      expect(ws.getCell(l.cell).numFmt).toBeTruthy();
      const r = Number(ws.getCell(l.cell).row);
      if (l.cell.startsWith('C')) {
        expect(String(ws.getCell(r, 1).value)).toMatch(/[\u4e00-\u9fff]/);
        expect(String(ws.getCell(r, 2).value)).toMatch(/^[A-Z]/);
      }
    }
  });

  it('leaves the cell right of REMOVALPRICES empty for its spill', () => {
    const ws = wb.getWorksheet(FEE_SHEET)!;
    const r = rowOf(FEE_SHEET, 'Price per kg removed');
    expect(ws.getCell(r, 3).formula).toMatch(/_xldudf_REUSE_SERVICE_REMOVALPRICES\(/);
    expect(ws.getCell(r, 4).value).toBeNull();
  });
});

describe('再生水价格 (reclaimed-water price)', () => {
  const S = PRICE_SHEET;
  const premium = 0.04; // price.equity_premium, 令2021年第46号
  const floorShare = 0.65; // price.min_utilization

  const calc = () => {
    const design = input(S, 'Design capacity') * 365;
    const actual = input(S, 'Actual daily supply') * 365;
    const low = input(S, 'Annual volume, low-utilisation case');
    const rate =
      (input(S, '10-year government bond yield') + premium) * (1 - input(S, 'Debt ratio')) +
      input(S, 'Debt rate') * input(S, 'Debt ratio');
    const assets = input(S, 'Effective assets (capex)');
    const om = input(S, 'Operation and maintenance');
    const revenue = input(S, 'Depreciation and amortisation') + om + assets * rate + input(S, 'Taxes and surcharges');
    const cpActual = revenue / Math.max(actual, floorShare * design);
    const cpLow = revenue / Math.max(low, floorShare * design);
    const life = input(S, 'Economic life');
    let annuity = 0;
    for (let t = 1; t <= life; t++) annuity += 1 / Math.pow(1 + rate, t);
    const lcow = (assets / annuity + om) / actual;
    const gap = (cpActual - input(S, 'Negotiated reclaimed-water price')) * actual;
    const eco = input(S, 'Ecological replenishment volume');
    const purchase = Math.max(eco, input(S, 'Guaranteed volume')) * (gap / eco) * input(S, 'Compliance rate');
    return { rate, cpActual, cpLow, lcow, gap, purchase, revenue, low, design };
  };

  it('policy cells read the catalogue', () => {
    expect(value(S, `C${rowOf(S, 'Equity premium')}`)).toBe(premium);
    expect(value(S, `C${rowOf(S, 'Minimum utilisation for pricing')}`)).toBe(floorShare);
  });

  it('allowed rate of return', () => {
    expectClose(headline('Allowed rate of return'), calc().rate);
    expectClose(headline('Allowed rate of return'), 0.052); // FUNCTIONS.md
  });

  it('cost-plus price at actual utilisation (85 %, floor not binding)', () => {
    expectClose(headline('Cost-plus price, actual (yuan/m³)'), calc().cpActual);
    expectClose(headline('Cost-plus price, actual (yuan/m³)'), 1.52995, 0.5e-5 / 1.52995); // FUNCTIONS.md
  });

  it('cost-plus price at low utilisation is spread over 65 % of design volume', () => {
    const { cpLow, revenue, low } = calc();
    expectClose(headline('Cost-plus price, low utilisation (yuan/m³)'), cpLow);
    expectClose(headline('Cost-plus price, low utilisation (yuan/m³)'), 2.0007, 0.5e-5 / 2.0007); // FUNCTIONS.md
    expectClose(value(S, `C${rowOf(S, 'Low case without the floor (for comparison)')}`), revenue / low);
  });

  it('levelised cost of water', () => {
    expectClose(headline('Levelised cost of water (yuan/m³)'), calc().lcow);
    expectClose(headline('Levelised cost of water (yuan/m³)'), 1.30096, 0.5e-5 / 1.30096); // FUNCTIONS.md
  });

  it('viability gap and the government purchase that closes it', () => {
    const { gap, purchase } = calc();
    expectClose(headline('Yearly viability gap (yuan)'), gap, 1e-9, 1e-6);
    expectClose(headline('Annual government purchase (yuan)'), purchase, 1e-9, 1e-6);
    expectClose(value(S, `C${rowOf(S, 'Gap left after the purchase')}`), 0, 1e-9, 1e-6);
  });
});

describe('运营服务费 (operator payment)', () => {
  const S = FEE_SHEET;

  /** FUNCTIONS.md default scale written as a lookup: full 90, floor 60, cut 0.1, below 0.7. */
  const kpi = (score: number) => (score >= 90 ? 1 : score < 60 ? 0.7 : 0.9 + (0.1 * (score - 60)) / 30);

  const calc = () => {
    const price = input(S, 'Base operating price');
    const designBod = input(S, 'Design influent BOD₅');
    const a = input(S, 'Fixed share');
    const lo = input(S, 'Minimum concentration ratio');
    const hi = input(S, 'Maximum concentration ratio');
    const benchVolume = input(S, 'Benchmark monthly volume');
    const bench = benchVolume * price;
    const dIn = [input(S, 'Design influent', 3), input(S, 'Design influent', 4)];
    const dOut = [input(S, 'Design effluent (quasi class IV)', 3), input(S, 'Design effluent (quasi class IV)', 4)];
    const w = [input(S, 'Weight in the fee', 3), input(S, 'Weight in the fee', 4)];
    // yuan per kg: the pollutant's share of the benchmark fee over the kg removed at design.
    const u = w.map((wj, j) => (bench * wj) / ((benchVolume * (dIn[j] - dOut[j])) / 1000));
    const ws = wb.getWorksheet(S)!;
    const first = rowOf(S, 'Jan');
    const months = Array.from({ length: 12 }, (_, i) => {
      const row = ws.getRow(first + i);
      const n = (c: number) => row.getCell(c).value as number;
      return { v: n(3), bod: n(4), cod: n(5), nh3n: n(6), score: n(7) };
    });
    const rows = months.map((m) => {
      const k = kpi(m.score);
      const ratio = Math.min(hi, Math.max(lo, m.bod / designBod));
      const kgCod = (m.v * Math.max(0, m.cod - dOut[0])) / 1000;
      const kgNh3n = (m.v * Math.max(0, m.nh3n - dOut[1])) / 1000;
      return {
        k,
        volumeFee: m.v * price,
        perfFee: m.v * price * a * k + m.v * price * (1 - a) * ratio * k,
        removalFee: (kgCod * u[0] + kgNh3n * u[1]) * k,
      };
    });
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
    return {
      u,
      rows,
      first,
      volume: sum((r) => r.volumeFee),
      perf: sum((r) => r.perfFee),
      removal: sum((r) => r.removalFee),
    };
  };

  it('REMOVALPRICES spills one unit price per pollutant', () => {
    const { u } = calc();
    const r = rowOf(S, 'Price per kg removed');
    expectClose(value(S, `C${r}`), u[0]);
    expectClose(value(S, `D${r}`), u[1]);
    expectClose(value(S, `C${r}`), 28 / 9); // FUNCTIONS.md 3.1111…
    expectClose(value(S, `D${r}`), 240 / 19); // FUNCTIONS.md 12.6316…
  });

  it('monthly KPI factors and fees', () => {
    const { rows, first } = calc();
    rows.forEach((m, i) => {
      const r = first + i;
      expectClose(value(S, `H${r}`), m.k);
      expectClose(value(S, `I${r}`), m.volumeFee, 1e-9, 1e-6);
      expectClose(value(S, `J${r}`), m.perfFee, 1e-9, 1e-6);
      expectClose(value(S, `K${r}`), m.removalFee, 1e-9, 1e-6);
    });
    // The scenario exercises every part of the scale: full, linear, exactly at the floor, below it.
    expect(rows.map((m) => m.k)).toEqual(expect.arrayContaining([1, 0.7]));
    expect(rows.some((m) => Math.abs(m.k - 0.9) < 1e-12)).toBe(true);
  });

  it('annual totals under the three methods', () => {
    const { volume, perf, removal } = calc();
    expectClose(headline('Annual volume fee (yuan)'), volume, 1e-9, 1e-6);
    expectClose(headline('Annual concentration-adjusted fee (yuan)'), perf, 1e-9, 1e-6);
    expectClose(headline('Annual removal-based fee (yuan)'), removal, 1e-9, 1e-6);
    // Influent below design all year: both performance methods pay less than the volume fee.
    expect(perf).toBeLessThan(volume);
    expect(removal).toBeLessThan(volume);
  });

  it('indexed base price', () => {
    expectClose(
      headline('Indexed base price (yuan/m³)'),
      1.2 * ((0.3 * 100) / 100 + (0.25 * 106) / 100 + (0.15 * 112) / 100 + (0.3 * 104) / 100)
    );
  });
});

describe('every cell computes', () => {
  it('no formula on either sheet evaluates to an error', () => {
    const errors: string[] = [];
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type !== ExcelJS.ValueType.Formula) return;
          const v = value(ws.name, cell.address);
          if (isEngineError(v)) errors.push(`${ws.name}!${cell.address} ${v.value} ${v.message}`);
        })
      );
    }
    expect(errors).toEqual([]);
  });
});
