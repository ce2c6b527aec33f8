/** Registry entries for the AGRI group: agricultural water price reform (clause 十二, 国办发〔2016〕2号). */
import { agriCostPrice, agriReward, agriSubsidy } from '../core/agriwater';
import type { FunctionSpec, NumberParam } from './types';

const REFORM = '《国务院办公厅关于推进农业水价综合改革的意见》（国办发〔2016〕2号）';
const SOURCE_WANZHOU = '万州发改资环〔2023〕25号（十二）深入推进农业水价综合改革';

const area: NumberParam = {
  kind: 'number',
  name: 'area_mu',
  unit: 'mu',
  min: 0,
  description: { en: 'Irrigated area (mu)', zh: '灌溉面积（亩）' },
};
const quota: NumberParam = {
  kind: 'number',
  name: 'quota_m3_per_mu',
  unit: 'm³/mu',
  min: 0,
  description: { en: 'Water quota per mu per year (用水定额)', zh: '每亩年用水定额（m³/亩）' },
};
const use: NumberParam = {
  kind: 'number',
  name: 'use_m3_per_mu',
  unit: 'm³/mu',
  min: 0,
  description: { en: 'Water actually used per mu per year', zh: '每亩年实际用水量（m³/亩）' },
};

export const AGRI_FUNCTIONS: FunctionSpec[] = [
  {
    id: 'AGRI.COSTPRICE',
    description: {
      en: 'Cost price of irrigation water per m³ (O&M level, or full cost with depreciation)',
      zh: '农业供水成本水价（运行维护成本水平，含折旧为完全成本水平，元/m³）',
    },
    formula:
      '(om_cost + depreciation) / volume. Without depreciation: the operation-and-maintenance price the reform asks prices to reach overall (农业水价总体达到运行维护成本水平); ' +
      'with it, the full cost (完全成本). volume > 0.',
    params: [
      {
        kind: 'number',
        name: 'om_cost',
        unit: 'yuan',
        min: 0,
        description: { en: 'Operation and maintenance cost per year (yuan)', zh: '年运行维护费（元）' },
      },
      {
        kind: 'number',
        name: 'volume',
        unit: 'm³',
        greater: 0,
        description: {
          en: 'Water supplied per year, measured at the billing point (m³, > 0)',
          zh: '年计量供水量（m³，> 0）',
        },
      },
      {
        kind: 'number',
        name: 'depreciation',
        unit: 'yuan',
        optional: true,
        default: 0,
        min: 0,
        description: { en: 'Depreciation per year (default 0: O&M price)', zh: '年折旧费（默认 0：运行维护成本水价）' },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => agriCostPrice(a.om_cost, a.volume, a.depreciation),
    examples: [
      { formula: 'REUSE.AGRI.COSTPRICE(1200000,6000000)', expected: 0.2, source: 'hand calculation: 1.2 M / 6 M m³' },
      {
        formula: 'REUSE.AGRI.COSTPRICE(1200000,6000000,600000)',
        expected: 0.3,
        source: 'hand calculation: (1.2 + 0.6) M / 6 M m³',
      },
    ],
    source: `${REFORM}（三、建立健全农业水价形成机制）；${SOURCE_WANZHOU}`,
  },
  {
    id: 'AGRI.SUBSIDY',
    description: {
      en: 'Precision subsidy (精准补贴) for water used within quota',
      zh: '农业用水精准补贴（定额内用水）',
    },
    formula:
      'area_mu × min(use, quota) × max(0, cost_price − price): the subsidy covers the gap between the cost (O&M level) and the price paid, on water used within ' +
      'quota only (“补贴标准根据定额内用水成本与运行维护成本的差额确定，重点补贴种粮农民定额内用水”). Over-quota water gets none; a price at or above cost needs none. ' +
      'Apply it to the grain area (种粮) the county targets.',
    params: [
      area,
      quota,
      use,
      {
        kind: 'number',
        name: 'cost_price',
        unit: 'yuan/m³',
        min: 0,
        description: {
          en: 'Cost price (e.g. REUSE.AGRI.COSTPRICE)',
          zh: '运行维护成本水价（可用 REUSE.AGRI.COSTPRICE）',
        },
      },
      {
        kind: 'number',
        name: 'price',
        unit: 'yuan/m³',
        min: 0,
        description: { en: 'Price farmers pay within quota', zh: '定额内执行水价' },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => agriSubsidy(a.area_mu, a.quota_m3_per_mu, a.use_m3_per_mu, a.cost_price, a.price),
    examples: [
      {
        formula: 'REUSE.AGRI.SUBSIDY(20000,300,280,0.3,0.18)',
        expected: 672_000,
        source: 'hand calculation: 20 000 mu × 280 m³ × 0.12',
      },
      {
        formula: 'REUSE.AGRI.SUBSIDY(20000,300,330,0.3,0.18)',
        expected: 720_000,
        source: 'hand calculation: over quota, only 300 m³/mu subsidised: 20 000 × 300 × 0.12',
      },
    ],
    source: `${REFORM}（精准补贴和节水奖励机制部分）；${SOURCE_WANZHOU}`,
  },
  {
    id: 'AGRI.REWARD',
    description: { en: 'Water-saving reward (节水奖励) for use below quota', zh: '农业节水奖励（定额内节约水量）' },
    formula:
      "area_mu × max(0, quota − use) × reward_per_m3: the water saved below quota, rewarded at the county's rate. None when use ≥ quota.",
    params: [
      area,
      quota,
      use,
      {
        kind: 'number',
        name: 'reward_per_m3',
        unit: 'yuan/m³',
        min: 0,
        description: { en: 'Reward per m³ saved (set by the county)', zh: '每节约1 m³的奖励标准（由县级确定）' },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => agriReward(a.area_mu, a.quota_m3_per_mu, a.use_m3_per_mu, a.reward_per_m3),
    examples: [
      {
        formula: 'REUSE.AGRI.REWARD(20000,300,280,0.1)',
        expected: 40_000,
        source: 'hand calculation: 20 000 mu × 20 m³ saved × 0.1',
      },
      { formula: 'REUSE.AGRI.REWARD(20000,300,330,0.1)', expected: 0, source: 'over quota: nothing saved' },
    ],
    source: `${REFORM}（精准补贴和节水奖励机制部分）；${SOURCE_WANZHOU}`,
  },
];
