/** Registry entries for the TARIFF group: tiered household prices and over-quota surcharges. */
import { isCalcError } from '../core/errors';
import { policyList } from '../core/policy';
import {
  TierMethod,
  makeBlockTariff,
  overQuotaCharge,
  solveBasePrice,
  tierBreakdown,
  tierLimits,
  tieredBill,
} from '../core/tariff';
import type { FunctionSpec } from './types';
import { defineFunction, param } from './define';

const SOURCE_TIERS = '发改价格〔2013〕2676号；万州发改资环〔2023〕25号（十二）';

const volume = param({
  kind: 'number',
  name: 'volume',
  unit: 'm³',
  min: 0,
  description: {
    en: 'Billed volume in m³ (a range spills one bill per cell)',
    zh: '计费水量（m³）；传入区域时逐格返回水费',
  },
});
const limits = param({
  kind: 'list',
  name: 'limits',
  unit: 'm³',
  ascending: true,
  items: { greater: 0 },
  description: { en: 'Ascending upper bounds of tiers 1…k−1', zh: '第 1…k−1 档水量上限（递增）' },
});
const prices = param({
  kind: 'list',
  name: 'prices',
  unit: 'yuan/m³',
  minLength: 1,
  items: { min: 0 },
  description: { en: 'k prices, one per tier', zh: '各档价格，共 k 个' },
});
const method = param({
  kind: 'keyword',
  name: 'method',
  optional: true,
  default: TierMethod.Progressive,
  options: { [TierMethod.Progressive]: ['progressive', '累进'], [TierMethod.Flat]: ['flat', '全量'] },
  description: {
    en: '"progressive"/"累进" (default): each block at its tier price; "flat"/"全量": the whole volume at the price of its tier',
    zh: '"progressive"/"累进"（默认）：分段累进计费；"flat"/"全量"：全部水量按所在档价格计费',
  },
});
const householdVolumes = param({
  kind: 'list',
  name: 'household_volumes',
  unit: 'm³',
  anyShape: true,
  minLength: 1,
  items: { min: 0 },
  description: { en: 'Annual volume of each household (any range)', zh: '各户年用水量（任意区域）' },
});

export const TARIFF_FUNCTIONS: FunctionSpec[] = [
  defineFunction({
    id: 'TARIFF.TIERED',
    description: { en: 'Bill under a block (tiered) water tariff', zh: '居民阶梯水价下的水费' },
    formula:
      'progressive: Σ_i price_i × (min(v, upper_i) − lower_i)⁺; flat: v × price of the tier v falls in. A volume exactly on a limit belongs to the lower tier.',
    params: [volume, limits, prices, method],
    result: { kind: 'elementwise', over: 'volume' },
    compute: (a) => {
      const t = makeBlockTariff(a.limits, a.prices);
      return isCalcError(t) ? t : tieredBill(a.volume, t, a.method);
    },
    examples: [
      {
        formula: 'REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75,5.88})',
        expected: 772.2,
        source: 'FUNCTIONS.md (public tariff notice): 180×3.04 + 60×3.75',
      },
      {
        formula: 'REUSE.TARIFF.TIERED(240,{180,300},{3.04,3.75,5.88},"全量")',
        expected: 900,
        source: 'hand calculation: 240×3.75',
      },
    ],
    source: SOURCE_TIERS,
  }),
  defineFunction({
    id: 'TARIFF.BREAKDOWN',
    description: {
      en: 'Tier-by-tier breakdown of a progressive bill (k rows × 6 columns)',
      zh: '阶梯水费分档明细（k 行 × 6 列）',
    },
    formula:
      'Row i: tier i, lower bound, upper bound ("" for the open last tier), quantity (min(v, upper) − lower)⁺, price, charge = quantity × price. Σ charge = TIERED(v, limits, prices).',
    params: [{ ...volume, description: { en: 'Billed volume in m³', zh: '计费水量（m³）' } }, limits, prices],
    result: {
      kind: 'array',
      size: (shapes) => (shapes[2] ? { rows: Math.max(shapes[2].rows, shapes[2].cols), cols: 6 } : undefined),
    },
    compute: (a) => {
      const t = makeBlockTariff(a.limits, a.prices);
      if (isCalcError(t)) return t;
      return tierBreakdown(a.volume, t).map((r) => [
        r.tier,
        r.lowerM3,
        r.upperM3 ?? '',
        r.quantityM3,
        r.price,
        r.charge,
      ]);
    },
    examples: [
      {
        formula: 'REUSE.TARIFF.BREAKDOWN(240,{180,300},{3.04,3.75,5.88})',
        expected: [
          [1, 0, 180, 180, 3.04, 547.2],
          [2, 180, 300, 60, 3.75, 225],
          [3, 300, '', 0, 5.88, 0],
        ],
        source: 'FUNCTIONS.md TIERED example split by tier',
      },
    ],
    source: SOURCE_TIERS,
  }),
  defineFunction({
    id: 'TARIFF.OVERQUOTA',
    description: { en: 'Non-residential over-quota progressive surcharge', zh: '非居民用水超定额超计划累进加价' },
    formula:
      'base × v + Σ_i (over-quota volume in band i) × markup_i × base; band edges are quota × bands, the last band open.',
    params: [
      {
        kind: 'number',
        name: 'volume',
        unit: 'm³',
        min: 0,
        description: { en: 'Volume used in the period (m³)', zh: '计费期用水量（m³）' },
      },
      {
        kind: 'number',
        name: 'quota',
        unit: 'm³',
        greater: 0,
        description: { en: 'Quota or planned volume (m³, > 0)', zh: '用水定额或计划用水量（m³，> 0）' },
      },
      {
        kind: 'number',
        name: 'base_price',
        unit: 'yuan/m³',
        min: 0,
        description: { en: 'Base water price', zh: '基本水价' },
      },
      {
        kind: 'list',
        name: 'bands',
        ascending: true,
        items: { greater: 0 },
        unit: 'share of quota',
        description: {
          en: 'Ascending upper edges of the over-quota bands, as fractions of quota (e.g. {0.3,0.5})',
          zh: '超定额分段上限，占定额的比例（递增，如 {0.3,0.5}）',
        },
      },
      {
        kind: 'list',
        name: 'markups',
        minLength: 1,
        items: { min: 0 },
        unit: '× base price',
        description: {
          en: 'Surcharge per band as a multiple of base_price; one more than bands (e.g. {0.2,0.5,1})',
          zh: '各段加价倍数（基本水价的倍数），比分段多 1 个（如 {0.2,0.5,1}）',
        },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => overQuotaCharge(a.volume, a.quota, a.base_price, a.bands, a.markups),
    examples: [
      {
        formula: 'REUSE.TARIFF.OVERQUOTA(1400,1000,4,{0.3,0.5},{0.2,0.5,1})',
        expected: 6040,
        source: 'FUNCTIONS.md: 5600 + 300×0.2×4 + 100×0.5×4',
      },
    ],
    source: '发改价格〔2017〕1792号',
  }),
  defineFunction({
    id: 'TARIFF.TIERLIMITS',
    description: {
      en: 'Tier limits from household billing data (percentiles)',
      zh: '由居民用水数据测算阶梯分档水量（百分位数）',
    },
    formula:
      'PERCENTILE.INC of the household volumes at each coverage: rank h = p(n − 1), linear between order statistics.',
    params: [
      householdVolumes,
      {
        kind: 'list',
        name: 'coverages',
        optional: true,
        default: () => policyList('tariff.tier_coverage'),
        ascending: true,
        items: { min: 0, max: 1 },
        minLength: 1,
        unit: 'share',
        description: {
          en: 'Share of households each tier covers (default {0.8,0.95}, REUSE.POLICY("tariff.tier_coverage"))',
          zh: '各档覆盖的居民户比例（默认 {0.8,0.95}）',
        },
      },
    ],
    result: {
      kind: 'array',
      size: (shapes) =>
        shapes[1]
          ? { rows: 1, cols: Math.max(shapes[1].rows, shapes[1].cols) }
          : { rows: 1, cols: policyList('tariff.tier_coverage').length },
    },
    compute: (a) => [tierLimits(a.household_volumes, a.coverages)],
    examples: [
      {
        formula: 'REUSE.TARIFF.TIERLIMITS({100;150;200;250;300})',
        expected: [[260, 290]],
        source: 'hand calculation: rank 3.2 → 250 + 0.2×50; rank 3.8 → 250 + 0.8×50',
      },
    ],
    source: SOURCE_TIERS,
  }),
  defineFunction({
    id: 'TARIFF.SOLVEBASE',
    description: { en: 'Tier-1 price that brings in a target revenue', zh: '达到目标收入所需的第一档价格' },
    formula:
      'p = target_revenue / Σ_households TIERED(v, limits, ratios, method) (the bill is linear in p). #N/A if that sum is 0.',
    params: [
      householdVolumes,
      limits,
      {
        kind: 'list',
        name: 'ratios',
        minLength: 1,
        items: { min: 0 },
        unit: '× tier-1 price',
        description: {
          en: 'Tier prices as multiples of the tier-1 price, e.g. {1,1.5,3}',
          zh: '各档价格相对第一档的倍数，如 {1,1.5,3}',
        },
      },
      {
        kind: 'number',
        name: 'target_revenue',
        min: 0,
        unit: 'yuan',
        description: { en: 'Revenue the tariff must raise', zh: '目标水费收入' },
      },
      method,
    ],
    result: { kind: 'scalar' },
    compute: (a) => solveBasePrice(a.household_volumes, a.limits, a.ratios, a.target_revenue, a.method),
    examples: [
      {
        formula: 'REUSE.TARIFF.SOLVEBASE({120,240},{180,300},{1,1.5,3},1170)',
        expected: 3,
        source: 'hand calculation: 1170 / (120 + 180 + 60×1.5)',
      },
    ],
    source: SOURCE_TIERS,
  }),
];
