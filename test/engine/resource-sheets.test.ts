/**
 * The 绿色金融, 能源利用, 污泥处置 and 农业水价 example sheets (issue 14), saved as Excel saves them
 * and recalculated by the engine. Headline cells are checked against an independent calculation
 * written here: inputs are read from the sheet by their English label, the rules re-derived by
 * hand (annuities and IRRs by summing discount factors and bisection, energy from the physics,
 * sludge haulage per wet tonne, subsidy and reward per mu).
 */
import ExcelJS from 'exceljs';
import { Engine } from '../../src/engine/engine';
import { CROPS, SLUDGE_PLANTS, addResourceSheets } from '../../src/examples/resources';
import { ExampleSheets, loadExampleSheets } from '../helpers/example-sheets';
import { expectClose } from '../helpers/tolerance';

let wb: ExcelJS.Workbook;
let engine: Engine;
let sheets: ExampleSheets;

beforeAll(async () => {
  // Round-trip through the file format and the product's own loader; ExcelJS reads the same file back.
  sheets = await loadExampleSheets(addResourceSheets);
  ({ wb, engine } = sheets);
}, 60_000);

afterAll(() => engine.hf.destroy());

const value = (sheet: string, address: string) => sheets.value(sheet, address);
const rowOf = (sheet: string, en: string) => sheets.rowOf(sheet, en);
const input = (sheet: string, en: string, col?: number) => sheets.input(sheet, en, col);
const headline = (en: string) => sheets.headline(en);

/** Engine value in column `col` of the row labelled `en`. */
function at(sheet: string, en: string, col = 'C'): unknown {
  return value(sheet, `${col}${rowOf(sheet, en)}`);
}
/** Σ_{t=1..n} 1/(1+r)^t by summing. */
const annuity = (r: number, n: number) =>
  Array.from({ length: n }, (_, t) => (1 + r) ** -(t + 1)).reduce((a, b) => a + b, 0);

describe('the saved file', () => {
  it('holds one sheet per group, every REUSE call stored as Excel saves it', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['绿色金融', '能源利用', '污泥处置', '农业水价']);
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
    expect(reuse).toBeGreaterThanOrEqual(40);
  });
  it('no error value anywhere after recalculation', () => {
    for (const ws of wb.worksheets) {
      const values = engine.hf.getSheetValues(engine.hf.getSheetId(ws.name)!);
      for (const row of values)
        for (const v of row)
          expect(typeof v === 'object' && v !== null ? (v as { value?: string }).value : 'ok').toBe('ok');
    }
  });
  it("names the district's plants", () => {
    const text =
      wb.worksheets.map((ws) => `${ws.getCell('A1').value}`).join(' ') + SLUDGE_PLANTS.map((p) => p.zh).join(' ');
    for (const name of ['何家岩', '江南（密溪沟）', '经开区']) expect(text).toContain(name);
  });
});

describe('绿色金融', () => {
  const S = '绿色金融';
  it('places reclaimed water and solar in the 2021 catalogue', () => {
    expect(at(S, 'Reclaimed water: first-level category')).toBe('基础设施绿色升级');
    expect(at(S, 'Over-tank solar: first-level category')).toBe('清洁能源产业');
  });
  it('coupon saving: yearly saving × Σ discount factors at the ordinary rate − extra costs', () => {
    const yearly = input(S, 'Principal') * (input(S, 'Ordinary coupon, same term') - input(S, 'Green coupon'));
    const expected =
      yearly * annuity(input(S, 'Ordinary coupon, same term'), input(S, 'Term')) - input(S, 'Extra costs of the label');
    expectClose(headline('Green bond saving, PV (yuan)'), expected);
  });
  it('REIT screen: distributable, IRR by bisection, value at the target yield, subsidy share', () => {
    const revenue = 60000 * 365 * input(S, 'Service price');
    const d =
      revenue -
      input(S, 'Cash operating costs') -
      input(S, 'Income tax') -
      input(S, 'Sustaining capex') -
      input(S, 'Increase of reserves');
    expectClose(at(S, 'Distributable cash flow'), d);
    const v = input(S, 'Appraised net value');
    const n = input(S, 'Years left in the concession');
    let lo = 0,
      hi = 1;
    for (let i = 0; i < 200; i++) {
      const m = (lo + hi) / 2;
      if (d * annuity(m, n) > v) lo = m;
      else hi = m;
    }
    expectClose(headline('Jiangnan plant IRR, remaining term'), lo, 1e-9);
    expectClose(headline('IRR margin over the 5 % screen'), lo - 0.05, 1e-7);
    expectClose(at(S, 'Distribution rate / reference threshold / margin'), d / v);
    expectClose(headline('Value at a 5.5 % target yield (yuan)'), d * annuity(input(S, 'Target yield'), n));
    const subs = [3, 4, 5].map((c) => input(S, 'Subsidies, last 3 years', c));
    const revs = [3, 4, 5].map((c) => input(S, 'Revenue, last 3 years', c));
    expectClose(at(S, 'Largest yearly subsidy share'), Math.max(...subs.map((x, i) => x / revs[i])));
  });
});

describe('能源利用', () => {
  const S = '能源利用';
  const solar1 = () =>
    input(S, 'Installed capacity') * input(S, 'Full-load hours per year') * (1 - input(S, 'First-year degradation'));
  it('generation: solar, biogas from the physics, hydro from ρgVHη', () => {
    expectClose(headline('Solar generation, year 1 (kWh)'), solar1());
    const ds = 70 * 365 * 0.2;
    const kwhBiogas =
      (ds * 1000 * input(S, 'Volatile share') * input(S, 'VS destruction') * 0.9 * 0.6 * 35.8 * 0.35) / 3.6;
    expectClose(at(S, 'Biogas electricity per year'), kwhBiogas);
    const kwhHydro = (100000 * 365 * input(S, 'Net head') * 1000 * 9.80665 * 0.7) / 3.6e6;
    expectClose(at(S, 'Hydro electricity per year'), kwhHydro);
    expectClose(at(S, 'Total generation'), solar1() + kwhBiogas + kwhHydro);
  });
  it('value: self-consumption capped by the load, the rest exported; payback and LCOE', () => {
    const load = input(S, 'Plant consumption per year');
    const grid = input(S, 'Grid purchase price');
    const exp = input(S, 'Export price (expected)');
    const total = at(S, 'Total generation') as number;
    const self = Math.min(total * 0.9, load);
    expectClose(headline('Yearly value, all sources (yuan)'), self * grid + (total - self) * exp);
    const solarValue = solar1() * 0.9 * grid + solar1() * 0.1 * exp;
    expectClose(
      headline('Solar payback (years)'),
      input(S, 'Solar capex') / (solarValue - input(S, 'Solar O&M per year'))
    );
    let cost = input(S, 'Solar capex'),
      kwh = 0;
    for (let t = 1; t <= 25; t++) {
      cost += input(S, 'Solar O&M per year') / 1.05 ** t;
      kwh += (solar1() * (1 - input(S, 'Later yearly degradation')) ** (t - 1)) / 1.05 ** t;
    }
    expectClose(headline('Solar LCOE (yuan/kWh)'), cost / kwh);
    let sum = 0;
    for (let y = 1; y <= 25; y++) sum += solar1() * (1 - input(S, 'Later yearly degradation')) ** (y - 1);
    expectClose(headline('Solar, 25 years (kWh)'), sum);
  });
});

describe('污泥处置', () => {
  const S = '污泥处置';
  it('per plant and in total: dry solids × unit cost + wet tonnes × haulage; per m³; share of the fee', () => {
    const haul = input(S, 'Haulage per wet tonne and km');
    const unit: Record<string, number> = { 焚烧: 1500, 建材利用: 1200 };
    const fees: Record<string, number> = {
      'sewage.min_fee.city.residential': 0.95,
      'sewage.min_fee.city.nonresidential': 1.4,
    };
    let totalCost = 0,
      totalDry = 0,
      totalM3 = 0;
    const costs = SLUDGE_PLANTS.map((p) => {
      const wet = p.wetTonnesPerDay * 365;
      const dry = wet * (1 - p.moisture);
      const cost = dry * (p.unitCost ?? unit[p.route]) + wet * haul * p.distanceKm;
      totalCost += cost;
      totalDry += dry;
      totalM3 += p.sewageM3PerDay * 365;
      return { p, cost };
    });
    expectClose(headline('District sludge cost per year (yuan)'), totalCost);
    expectClose(headline('Average per t DS (yuan)'), totalCost / totalDry);
    expectClose(headline('Per m³ of sewage (yuan)'), totalCost / totalM3);
    const h = costs[0];
    expectClose(headline('Hejiayan: share of the sewage fee'), h.cost / (h.p.sewageM3PerDay * 365) / fees[h.p.feeKey]);
  });
});

describe('农业水价', () => {
  const S = '农业水价';
  it('cost price, subsidy for grain within quota, reward below quota, budget', () => {
    const om = input(S, 'O&M of the irrigation district per year') / input(S, 'Metered supply per year');
    expectClose(headline('O&M cost price (yuan/m³)'), om);
    const reward = input(S, 'Reward per m³ saved');
    let subsidy = 0,
      rewards = 0;
    for (const c of CROPS) {
      if (c.grain) subsidy += c.areaMu * Math.min(c.use, c.quota) * Math.max(0, om - c.price);
      rewards += c.areaMu * Math.max(0, c.quota - c.use) * reward;
    }
    expectClose(headline('Precision subsidy (yuan)'), subsidy);
    expectClose(headline('Water-saving reward (yuan)'), rewards);
    expectClose(headline('Yearly budget (yuan)'), subsidy + rewards);
  });
  it('over-quota bill for the orchard: 10 % over at +50 %, the next 20 % at +100 %', () => {
    const c = CROPS[CROPS.length - 1];
    const quota = c.areaMu * c.quota;
    const used = c.areaMu * c.use;
    const over = used - quota;
    const band1 = Math.min(over, 0.1 * quota);
    const band2 = Math.min(over - band1, 0.2 * quota);
    const expected =
      used * c.price + band1 * 0.5 * c.price + band2 * 1 * c.price + (over - band1 - band2) * 2 * c.price;
    expectClose(at(S, 'Bill with the over-quota surcharge'), expected);
  });
});
