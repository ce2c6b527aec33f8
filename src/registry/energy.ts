/** Registry entries for the ENERGY group: solar, biogas and tail-water hydro at the plant (clause 十). */
import {
  biogasGeneration,
  energyPayback,
  energySplit,
  hydroGeneration,
  levelisedCostOfEnergy,
  solarGeneration,
} from '../core/energy';
import { policyNumber } from '../core/policy';
import type { FunctionSpec, NumberParam } from './types';

const SOURCE_WANZHOU =
  '万州发改资环〔2023〕25号（十）“污水处理厂+尾水发电”“污水处理厂+分布式光伏发电”“污水处理厂+沼气发电”，提供自发自用的清洁能源；（六）';

const share = (name: string, en: string, zh: string, extra: Partial<NumberParam> = {}): NumberParam => ({
  kind: 'number',
  name,
  unit: 'share',
  min: 0,
  max: 1,
  description: { en, zh },
  ...extra,
});
const positive = (name: string, unit: string, en: string, zh: string): NumberParam => ({
  kind: 'number',
  name,
  unit,
  greater: 0,
  description: { en, zh },
});
const nonNegative = (name: string, unit: string, en: string, zh: string): NumberParam => ({
  kind: 'number',
  name,
  unit,
  min: 0,
  description: { en, zh },
});

/** The methane energy path of BIOGAS, written out for the examples: kg VS destroyed → m³ biogas → m³ CH₄ → MJ → kWh. */
const biogasKwh = (t: number, vs: number, destroyed: number, yieldM3: number, ch4: number, eff: number) =>
  (t * 1000 * vs * destroyed * yieldM3 * ch4 * 35.8 * eff) / 3.6;

export const ENERGY_FUNCTIONS: FunctionSpec[] = [
  {
    id: 'ENERGY.SOLAR',
    description: {
      en: 'Yearly generation of rooftop or over-tank solar (kWh)',
      zh: '屋顶或池面分布式光伏年发电量（kWh）',
    },
    formula:
      "capacity_kw × full_load_hours × (1 − first_year_loss) × (1 − annual_loss)^(year − 1). full_load_hours (年等效利用小时数) is the site's: " +
      "take it from the feasibility study (Chongqing has one of China's lower solar resources). The losses default to 0: pass the module's warranted degradation. " +
      'A range of years spills one value per year.',
    params: [
      positive('capacity_kw', 'kW', 'Installed capacity (kWp, > 0)', '装机容量（kWp，> 0）'),
      positive(
        'full_load_hours',
        'h',
        'Equivalent full-load hours per year at the site (> 0)',
        '年等效利用小时数（> 0）'
      ),
      {
        kind: 'number',
        name: 'year',
        unit: 'year',
        optional: true,
        default: 1,
        min: 1,
        integer: true,
        description: {
          en: 'Operating year, 1 = first (default 1); a range spills',
          zh: '运营年份，1 为首年（默认 1）；可为区域，逐年返回',
        },
      },
      share('first_year_loss', 'First-year degradation (default 0)', '首年衰减率（默认 0）', {
        optional: true,
        default: 0,
      }),
      share('annual_loss', 'Degradation per later year (default 0)', '此后每年衰减率（默认 0）', {
        optional: true,
        default: 0,
      }),
    ],
    result: { kind: 'elementwise', over: 'year' },
    compute: (a) => solarGeneration(a.capacity_kw, a.full_load_hours, a.year, a.first_year_loss, a.annual_loss),
    examples: [
      { formula: 'REUSE.ENERGY.SOLAR(2000,950)', expected: 1_900_000, source: 'hand calculation: 2 000 kWp × 950 h' },
      {
        formula: 'REUSE.ENERGY.SOLAR(1000,1000,3,0.02,0.005)',
        expected: 1000 * 1000 * 0.98 * 0.995 * 0.995,
        source: 'hand calculation: year 3, 1 M × 0.98 × 0.995² = 970 204.5',
      },
    ],
    source: SOURCE_WANZHOU,
  },
  {
    id: 'ENERGY.BIOGAS',
    description: { en: 'Yearly electricity from sludge biogas (kWh)', zh: '污泥厌氧消化沼气年发电量（kWh）' },
    formula:
      'dry_solids_t × 1000 × volatile_share × vs_destruction × gas_yield × methane_share × 35.8 / 3.6 × electric_efficiency: kg of volatile solids ' +
      'destroyed × m³ biogas per kg × methane share × the lower heating value of methane (35.8 MJ/m³) ÷ 3.6 MJ/kWh × engine efficiency. ' +
      'gas_yield, methane_share and electric_efficiency default to the bureau\'s assumptions REUSE.POLICY("energy.biogas.gas_yield") = 0.9 m³/kg, ' +
      '"energy.biogas.methane_share" = 0.6 and "energy.biogas.electric_efficiency" = 0.35 (status "assumption"); recovered heat is not counted.',
    params: [
      nonNegative(
        'dry_solids_t',
        't DS/year',
        'Sludge to digestion, tonnes of dry solids per year',
        '进入消化的污泥干固体量（t/年）'
      ),
      share(
        'volatile_share',
        'Volatile solids as a share of dry solids (e.g. 0.5)',
        '挥发性固体占干固体比例（如 0.5）'
      ),
      share(
        'vs_destruction',
        'Share of volatile solids destroyed in digestion (e.g. 0.4)',
        '挥发性固体降解率（如 0.4）'
      ),
      {
        kind: 'number',
        name: 'gas_yield',
        unit: 'm³/kg VS',
        optional: true,
        min: 0,
        default: () => policyNumber('energy.biogas.gas_yield'),
        description: {
          en: 'm³ biogas per kg VS destroyed (default 0.9, a bureau assumption)',
          zh: '每降解1 kg挥发性固体产沼气量（默认 0.9 m³，本局假设）',
        },
      },
      share(
        'methane_share',
        'Methane share of the biogas (default 0.6, a bureau assumption)',
        '沼气甲烷含量（默认 0.6，本局假设）',
        { optional: true, default: () => policyNumber('energy.biogas.methane_share') }
      ),
      share(
        'electric_efficiency',
        'Electrical efficiency of the engine (default 0.35, a bureau assumption)',
        '发电机组发电效率（默认 0.35，本局假设）',
        { optional: true, default: () => policyNumber('energy.biogas.electric_efficiency') }
      ),
    ],
    result: { kind: 'scalar' },
    compute: (a) =>
      biogasGeneration(
        a.dry_solids_t,
        a.volatile_share,
        a.vs_destruction,
        a.gas_yield,
        a.methane_share,
        a.electric_efficiency
      ),
    examples: [
      {
        formula: 'REUSE.ENERGY.BIOGAS(10000,0.5,0.4)',
        expected: biogasKwh(10000, 0.5, 0.4, 0.9, 0.6, 0.35),
        source:
          'hand calculation: 2 000 t VS destroyed × 0.9 = 1.8 M m³ biogas; × 0.6 × 35.8 MJ / 3.6 × 0.35 = 3 759 000 kWh',
      },
      {
        formula: 'REUSE.ENERGY.BIOGAS(1000,0.5,0.5,1,0.5,0.36)',
        expected: 250_000 * 0.5 * 35.8 * 0.1,
        source: 'hand calculation: 250 000 m³ × 0.5 × 35.8 MJ × 0.36 / 3.6 = 447 500 kWh',
      },
    ],
    source: `${SOURCE_WANZHOU}；甲烷低位热值 35.8 MJ/m³（物理常数）`,
  },
  {
    id: 'ENERGY.HYDRO',
    description: { en: 'Yearly electricity from tail-water hydro (kWh)', zh: '污水处理厂尾水发电年发电量（kWh）' },
    formula:
      'ρ g V H η / 3 600 000 = 1000 × 9.80665 × annual_volume × head_m × efficiency / 3.6e6 (kWh; V in m³ through the turbine, H the net head in m). ' +
      'efficiency defaults to REUSE.POLICY("energy.hydro_efficiency") = 0.7, the bureau\'s assumption for a small low-head set.',
    params: [
      nonNegative('annual_volume', 'm³', 'Tail water through the turbine per year (m³)', '年过机尾水量（m³）'),
      nonNegative('head_m', 'm', 'Net head (m)', '净水头（m）'),
      share(
        'efficiency',
        'Water-to-wire efficiency (default 0.7, a bureau assumption)',
        '水轮发电机组总效率（默认 0.7，本局假设）',
        { optional: true, default: () => policyNumber('energy.hydro_efficiency') }
      ),
    ],
    result: { kind: 'scalar' },
    compute: (a) => hydroGeneration(a.annual_volume, a.head_m, a.efficiency),
    examples: [
      {
        formula: 'REUSE.ENERGY.HYDRO(36500000,5)',
        expected: (36_500_000 * 5 * 0.7 * 9806.65) / 3.6e6,
        source: 'hand calculation: 36.5 M m³ × 5 m × 9 806.65 N/m³ × 0.7 / 3.6 MJ = 348 000 kWh (347 999.87)',
      },
      {
        formula: 'REUSE.ENERGY.HYDRO(3600000,10,1)',
        expected: 98_066.5,
        source: 'hand calculation: 3.6 M × 10 × 9 806.65 / 3.6 M = 98 066.5 kWh',
      },
    ],
    source: `${SOURCE_WANZHOU}；g = 9.80665 m/s²`,
  },
  {
    id: 'ENERGY.SPLIT',
    description: {
      en: "Self-consumed vs exported power and its yearly value, the plant's own load capping self-consumption",
      zh: '自发自用与上网电量及年收益（以污水厂自身用电量为自用上限）',
    },
    formula:
      'A row of 5: self_kwh = min(generation_kwh × coincidence, plant_load_kwh); export_kwh = generation_kwh − self_kwh; saving = self_kwh × grid_price; ' +
      'export_revenue = export_kwh × export_price; total = saving + export_revenue. coincidence (default 1) is the share of generation produced while ' +
      'the plant draws power (solar peaks at noon; a sewage plant runs around the clock). grid_price is what the plant pays per kWh (its purchase tariff); ' +
      'export_price what the grid pays (new projects from June 2025 sell at market prices under 发改价格〔2025〕136号: use the expected price).',
    params: [
      nonNegative('generation_kwh', 'kWh', 'Generation per year (kWh)', '年发电量（kWh）'),
      nonNegative('plant_load_kwh', 'kWh', "The plant's own consumption per year (kWh)", '污水处理厂年用电量（kWh）'),
      nonNegative(
        'grid_price',
        'yuan/kWh',
        'Price the plant pays for grid power (yuan/kWh)',
        '污水处理厂购电价格（元/kWh）'
      ),
      nonNegative('export_price', 'yuan/kWh', 'Price received for exported power (yuan/kWh)', '上网电价（元/kWh）'),
      share(
        'coincidence',
        "Share of generation coinciding with the plant's load (default 1)",
        '发电与厂内用电同时率（默认 1）',
        { optional: true, default: 1 }
      ),
    ],
    result: { kind: 'array', size: () => ({ rows: 1, cols: 5 }) },
    compute: (a) => [energySplit(a.generation_kwh, a.plant_load_kwh, a.grid_price, a.export_price, a.coincidence)],
    examples: [
      {
        formula: 'REUSE.ENERGY.SPLIT(1900000,8000000,0.65,0.3964)',
        expected: [[1_900_000, 0, 1_235_000, 0, 1_235_000]],
        source: 'hand calculation: all 1.9 M kWh used on site (load 8 M) × 0.65',
      },
      {
        formula: 'REUSE.ENERGY.SPLIT(1000000,500000,0.7,0.4,0.8)',
        expected: [[500_000, 500_000, 350_000, 200_000, 550_000]],
        source: 'hand calculation: min(800 000, 500 000) used on site, the other 500 000 exported',
      },
    ],
    source: SOURCE_WANZHOU,
  },
  {
    id: 'ENERGY.PAYBACK',
    description: { en: 'Simple payback of an energy investment (years)', zh: '能源项目静态投资回收期（年）' },
    formula:
      'capex / (annual_value − annual_opex); #N/A when the net yearly value is ≤ 0 (it never pays back). For uneven years use REUSE.PROJECT.PAYBACK on the cash flows.',
    params: [
      nonNegative('capex', 'yuan', 'Investment (yuan)', '投资（元）'),
      nonNegative(
        'annual_value',
        'yuan',
        'Yearly value: savings + export revenue (e.g. the total of REUSE.ENERGY.SPLIT)',
        '年收益：节约电费 + 上网收入（如 REUSE.ENERGY.SPLIT 的合计）'
      ),
      nonNegative('annual_opex', 'yuan', 'Operation and maintenance per year (yuan)', '年运维费（元）'),
    ],
    result: { kind: 'scalar' },
    compute: (a) => energyPayback(a.capex, a.annual_value, a.annual_opex),
    examples: [
      {
        formula: 'REUSE.ENERGY.PAYBACK(7600000,1235000,95000)',
        expected: 7_600_000 / 1_140_000,
        source: 'hand calculation: 7.6 M / (1.235 M − 0.095 M) = 6.667 years',
      },
    ],
    source: SOURCE_WANZHOU,
  },
  {
    id: 'ENERGY.LCOE',
    description: { en: 'Levelised cost of the power (yuan/kWh)', zh: '平准化度电成本（元/kWh）' },
    formula:
      '(capex + Σ_t annual_opex/(1+r)^t) / Σ_t annual_kwh × (1 − annual_loss)^(t−1)/(1+r)^t, t = 1…life_years, r = discount_rate (> −1). ' +
      'With no degradation it equals (capex × CRF + annual_opex) / annual_kwh. annual_kwh > 0.',
    params: [
      nonNegative('capex', 'yuan', 'Investment (yuan)', '投资（元）'),
      nonNegative('annual_opex', 'yuan', 'Operation and maintenance per year (yuan)', '年运维费（元）'),
      positive('annual_kwh', 'kWh', 'Generation in the first year (kWh, > 0)', '首年发电量（kWh，> 0）'),
      {
        kind: 'number',
        name: 'life_years',
        unit: 'years',
        min: 1,
        max: 100,
        integer: true,
        description: { en: 'Life in whole years (1–100)', zh: '寿命期（整年，1～100）' },
      },
      {
        kind: 'number',
        name: 'discount_rate',
        unit: 'rate',
        greater: -1,
        max: 1,
        description: { en: 'Discount rate (decimal)', zh: '折现率（小数）' },
      },
      share('annual_loss', 'Degradation per year after the first (default 0)', '首年后每年衰减率（默认 0）', {
        optional: true,
        default: 0,
      }),
    ],
    result: { kind: 'scalar' },
    compute: (a) =>
      levelisedCostOfEnergy(a.capex, a.annual_opex, a.annual_kwh, a.life_years, a.discount_rate, a.annual_loss),
    examples: [
      {
        formula: 'REUSE.ENERGY.LCOE(4000000,50000,1000000,25,0)',
        expected: 0.21,
        source: 'hand calculation at r = 0: (4 M / 25 + 50 000) / 1 M',
      },
      {
        formula: 'REUSE.ENERGY.LCOE(7600000,95000,1900000,25,0.05)',
        expected: (7_600_000 * (0.05 / (1 - 1.05 ** -25)) + 95_000) / 1_900_000,
        source: 'capital recovery factor: (7.6 M × CRF(5 %, 25) + 95 000) / 1.9 M',
      },
    ],
    source: `${SOURCE_WANZHOU}；年金法（资本回收系数）`,
  },
];
