/**
 * Registry entries for the SERVICE group (operator payments linked to performance, 按效付费)
 * and for GOV.PURCHASE (government purchase of services), which pays for the same kind of
 * service out of the budget.
 */
import { isCalcError } from '../core/errors';
import { governmentPurchase } from '../core/gov';
import {
  KPI_DEFAULTS,
  PERFFEE_DEFAULTS,
  concentrationAdjustedFee,
  defaultBelowFloor,
  indexedPrice,
  kpiFactor,
  makeKpiScale,
  makePerfFeeTerms,
  removalFee,
  removalUnitPrices,
} from '../core/service';
import type { FunctionSpec } from './types';
import { defineFunction, param } from './define';

const SOURCE_PERFORMANCE = '万州发改资环〔2023〕25号（十二）运营服务费与进水污染物浓度、污染物削减量挂钩、按效付费';
const SOURCE_PURCHASE =
  '万州发改资环〔2023〕25号（十二）生态补水、景观环境用水使用再生水鼓励采用政府购买服务；（十三）';

const volume = param({
  kind: 'number',
  name: 'volume',
  unit: 'm³',
  min: 0,
  description: { en: 'Volume treated or delivered in the period (m³)', zh: '计费期处理水量或供水量（m³）' },
});
/** An optional number in [0, 1] with a default: a share, or a payment factor (unit 'factor'). */
const share = <const N extends string>(name: N, dflt: number, en: string, zh: string, unit = 'share') =>
  param({
    kind: 'number',
    name,
    unit,
    optional: true,
    default: dflt,
    min: 0,
    max: 1,
    description: { en, zh },
  });
const concentrations = <const N extends string>(name: N, en: string, zh: string) =>
  param({
    kind: 'list',
    name,
    unit: 'mg/L',
    minLength: 1,
    items: { min: 0 },
    description: { en, zh },
  });

export const SERVICE_FUNCTIONS: FunctionSpec[] = [
  defineFunction({
    id: 'SERVICE.KPIFACTOR',
    description: { en: 'Payment factor from an assessment score', zh: '由考核得分计算付费系数' },
    formula:
      '1 when score ≥ full_score; 1 − max_cut × (full_score − score)/(full_score − floor_score) when floor_score ≤ score < full_score (exactly at floor_score: 1 − max_cut); below_floor when score < floor_score. full_score must exceed floor_score (#VALUE! otherwise: the width of the linear part is a divisor), and below_floor must not exceed 1 − max_cut (a lower score never pays more). ' +
      'below_floor defaults to min(0.7, 1 − max_cut): 0.7, or the factor at floor_score itself when max_cut is above 0.3 (issue 11: a fixed 0.7 made every call with max_cut > 0.3 and no below_floor #VALUE!; calls valid before keep their values). ' +
      '（below_floor 默认取 min(0.7, 1 − max_cut)：max_cut 不超过 0.3 时为 0.7，超过 0.3 时等于 floor_score 处的系数，省略该参数不会使有效调用出错。）',
    params: [
      {
        kind: 'number',
        name: 'score',
        unit: 'points',
        min: 0,
        description: {
          en: 'Assessment score of the period (a range of scores spills one factor per cell)',
          zh: '考核得分（传入区域时逐格返回付费系数）',
        },
      },
      {
        kind: 'number',
        name: 'full_score',
        unit: 'points',
        optional: true,
        default: KPI_DEFAULTS.fullScore,
        greater: 0,
        description: {
          en: `Score at or above which the full fee is paid (default ${KPI_DEFAULTS.fullScore})`,
          zh: `达到即全额付费的得分（默认 ${KPI_DEFAULTS.fullScore}）`,
        },
      },
      {
        kind: 'number',
        name: 'floor_score',
        unit: 'points',
        optional: true,
        default: KPI_DEFAULTS.floorScore,
        min: 0,
        description: {
          en: `Lowest score on the linear part (default ${KPI_DEFAULTS.floorScore})`,
          zh: `线性扣减区间的最低得分（默认 ${KPI_DEFAULTS.floorScore}）`,
        },
      },
      share(
        'max_cut',
        KPI_DEFAULTS.maxCut,
        `Cut at floor_score (default ${KPI_DEFAULTS.maxCut})`,
        `得分为 floor_score 时的扣减比例（默认 ${KPI_DEFAULTS.maxCut}）`
      ),
      {
        // No registry default: the default depends on max_cut (issue 11), so the rule applies it.
        kind: 'number',
        name: 'below_floor',
        unit: 'factor',
        optional: true,
        min: 0,
        max: 1,
        defaultLabel: `min(${KPI_DEFAULTS.belowFloor}, 1 − max_cut)`,
        description: {
          en: `Factor below floor_score (default ${KPI_DEFAULTS.belowFloor}, or 1 − max_cut when max_cut > 0.3)`,
          zh: `低于 floor_score 时的付费系数（默认 ${KPI_DEFAULTS.belowFloor}；max_cut 大于 0.3 时默认为 1 − max_cut）`,
        },
      },
    ],
    result: { kind: 'elementwise', over: 'score' },
    compute: (a) => {
      const belowFloor = a.below_floor ?? defaultBelowFloor(a.max_cut);
      const scale = makeKpiScale({ fullScore: a.full_score, floorScore: a.floor_score, maxCut: a.max_cut, belowFloor });
      return isCalcError(scale) ? scale : kpiFactor(a.score, scale);
    },
    examples: [
      {
        formula: 'REUSE.SERVICE.KPIFACTOR(88)',
        expected: 1 - (0.1 * 2) / 30,
        source: 'FUNCTIONS.md: 1 − 0.1 × 2/30 = 0.993333…',
      },
      { formula: 'REUSE.SERVICE.KPIFACTOR(90)', expected: 1, source: 'hand calculation: exactly at full_score' },
      {
        formula: 'REUSE.SERVICE.KPIFACTOR(60)',
        expected: 0.9,
        source: 'hand calculation: exactly at floor_score, 1 − 0.1',
      },
      { formula: 'REUSE.SERVICE.KPIFACTOR(59.5)', expected: 0.7, source: 'hand calculation: below floor_score' },
      {
        formula: 'REUSE.SERVICE.KPIFACTOR(75,100,60,0.2,0.5)',
        expected: 0.875,
        source: 'hand calculation: 1 − 0.2 × 25/40',
      },
      {
        formula: 'REUSE.SERVICE.KPIFACTOR(75,90,60,0.4)',
        expected: 0.8,
        source: 'hand calculation: 1 − 0.4 × 15/30 (max_cut above 0.3 without below_floor is valid)',
      },
      {
        formula: 'REUSE.SERVICE.KPIFACTOR(50,90,60,0.4)',
        expected: 0.6,
        source: 'hand calculation: below the floor, default below_floor = min(0.7, 1 − 0.4) = 0.6',
      },
    ],
    source: SOURCE_PERFORMANCE,
  }),
  defineFunction({
    id: 'SERVICE.PERFFEE',
    description: {
      en: 'Operating fee adjusted for influent concentration and assessment',
      zh: '与进水浓度和考核结果挂钩的运营服务费',
    },
    formula:
      'volume × base_price × (a + (1 − a) × clip(influent / design_influent, min_ratio, max_ratio)) × kpi_factor, a = fixed_share (default 0.7), min_ratio 0.6, max_ratio 1.1, kpi_factor 1. The ratio is clipped at both limits (at a limit it equals the limit). design_influent must be > 0 (a divisor); max_ratio ≥ min_ratio (equal fixes the ratio); kpi_factor in [0, 1] (a deduction factor, e.g. REUSE.SERVICE.KPIFACTOR; a value above 1 is usually a score typed in place of a factor).',
    params: [
      volume,
      {
        kind: 'number',
        name: 'base_price',
        unit: 'yuan/m³',
        min: 0,
        description: { en: 'Contract operating price per m³', zh: '合同运营服务费单价（元/m³）' },
      },
      {
        kind: 'number',
        name: 'influent',
        unit: 'mg/L',
        min: 0,
        description: { en: 'Measured influent concentration (e.g. BOD₅)', zh: '实测进水浓度（如 BOD₅）' },
      },
      {
        kind: 'number',
        name: 'design_influent',
        unit: 'mg/L',
        greater: 0,
        description: { en: 'Design influent concentration (> 0)', zh: '设计进水浓度（> 0）' },
      },
      share(
        'fixed_share',
        PERFFEE_DEFAULTS.fixedShare,
        `Share of the fee independent of concentration (default ${PERFFEE_DEFAULTS.fixedShare})`,
        `与浓度无关的固定部分比例（默认 ${PERFFEE_DEFAULTS.fixedShare}）`
      ),
      share(
        'kpi_factor',
        PERFFEE_DEFAULTS.kpiFactor,
        `Payment factor from the assessment, in [0, 1] (default ${PERFFEE_DEFAULTS.kpiFactor})`,
        `考核付费系数，0～1（默认 ${PERFFEE_DEFAULTS.kpiFactor}）`,
        'factor'
      ),
      {
        kind: 'number',
        name: 'min_ratio',
        unit: 'ratio',
        optional: true,
        default: PERFFEE_DEFAULTS.minRatio,
        min: 0,
        description: {
          en: `Lower clip of influent / design_influent (default ${PERFFEE_DEFAULTS.minRatio})`,
          zh: `进水浓度比的下限（默认 ${PERFFEE_DEFAULTS.minRatio}）`,
        },
      },
      {
        kind: 'number',
        name: 'max_ratio',
        unit: 'ratio',
        optional: true,
        default: PERFFEE_DEFAULTS.maxRatio,
        min: 0,
        description: {
          en: `Upper clip of influent / design_influent (default ${PERFFEE_DEFAULTS.maxRatio})`,
          zh: `进水浓度比的上限（默认 ${PERFFEE_DEFAULTS.maxRatio}）`,
        },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => {
      const terms = makePerfFeeTerms({
        fixedShare: a.fixed_share,
        kpiFactor: a.kpi_factor,
        minRatio: a.min_ratio,
        maxRatio: a.max_ratio,
      });
      return isCalcError(terms)
        ? terms
        : concentrationAdjustedFee(a.volume, a.base_price, a.influent, a.design_influent, terms);
    },
    examples: [
      {
        formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,105,150,,0.98)',
        expected: 963144,
        source: 'FUNCTIONS.md: 1 080 000 × (0.7 + 0.3 × 0.7) × 0.98',
      },
      {
        formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,200,150)',
        expected: 1112400,
        source: 'hand calculation: ratio 1.333 clipped to 1.1, 1 080 000 × 1.03',
      },
      {
        formula: 'REUSE.SERVICE.PERFFEE(900000,1.2,60,150)',
        expected: 950400,
        source: 'hand calculation: ratio 0.4 clipped to 0.6, 1 080 000 × 0.88',
      },
    ],
    source: SOURCE_PERFORMANCE,
  }),
  defineFunction({
    id: 'SERVICE.REMOVALPRICES',
    description: {
      en: 'Unit prices per kg of pollutant removed, calibrated to a benchmark fee (a row)',
      zh: '按污染物削减量付费的单价（元/kg，按基准服务费标定，返回一行）',
    },
    formula:
      'u_j = benchmark_fee × weights_j / (volume × (design_influent_j − design_effluent_j) / 1000) (mg/L × m³ / 1000 = kg), so design conditions pay exactly benchmark_fee. Spills one row, one price per pollutant. volume must be > 0; design_influent_j > design_effluent_j (the design removal is a divisor); the three lists must have equal lengths; weights in [0, 1] summing to 1.',
    params: [
      {
        kind: 'number',
        name: 'benchmark_fee',
        unit: 'yuan',
        min: 0,
        description: {
          en: 'Fee due at design conditions for the benchmark volume',
          zh: '设计工况下基准水量对应的服务费（元）',
        },
      },
      {
        kind: 'number',
        name: 'volume',
        unit: 'm³',
        greater: 0,
        description: { en: 'Benchmark volume (m³, > 0)', zh: '基准水量（m³，> 0）' },
      },
      concentrations('design_influent', 'Design influent concentration per pollutant', '各污染物设计进水浓度'),
      concentrations(
        'design_effluent',
        'Design effluent concentration per pollutant (below design_influent)',
        '各污染物设计出水浓度（须低于设计进水浓度）'
      ),
      {
        kind: 'list',
        name: 'weights',
        unit: 'share',
        minLength: 1,
        items: { min: 0, max: 1 },
        sumsToOne: true,
        description: {
          en: 'Share of the benchmark fee paid for each pollutant (sum 1)',
          zh: '各污染物在基准服务费中的权重（合计为 1）',
        },
      },
    ],
    result: {
      kind: 'array',
      size: (shapes) => {
        const list = shapes[4] ?? shapes[2] ?? shapes[3];
        return list ? { rows: 1, cols: Math.max(list.rows, list.cols) } : undefined;
      },
    },
    compute: (a) => {
      const prices = removalUnitPrices(a.benchmark_fee, a.volume, a.design_influent, a.design_effluent, a.weights);
      return isCalcError(prices) ? prices : [prices];
    },
    examples: [
      {
        formula: 'REUSE.SERVICE.REMOVALPRICES(1080000,900000,{300,30},{30,1.5},{0.7,0.3})',
        expected: [[756000 / 243000, 324000 / 25650]],
        source:
          'FUNCTIONS.md: 756 000 / (900 000 × 270 / 1000) = 3.1111…, 324 000 / (900 000 × 28.5 / 1000) = 12.6316…',
      },
    ],
    source: SOURCE_PERFORMANCE,
  }),
  defineFunction({
    id: 'SERVICE.REMOVALFEE',
    description: { en: 'Fee for pollutants removed', zh: '按污染物削减量计算的服务费' },
    formula:
      'Σ_j volume × max(0, influent_j − effluent_j) / 1000 × unit_prices_j (kg removed × yuan/kg). An effluent above the influent removes nothing (no negative fee). The three lists must have equal lengths.',
    params: [
      volume,
      concentrations('influent', 'Measured influent concentration per pollutant', '各污染物实测进水浓度'),
      concentrations(
        'effluent',
        'Effluent concentration per pollutant (measured or design)',
        '各污染物出水浓度（实测或设计）'
      ),
      {
        kind: 'list',
        name: 'unit_prices',
        unit: 'yuan/kg',
        minLength: 1,
        items: { min: 0 },
        description: {
          en: 'Price per kg removed, per pollutant (e.g. REUSE.SERVICE.REMOVALPRICES)',
          zh: '各污染物每千克削减量单价（如 REUSE.SERVICE.REMOVALPRICES）',
        },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => removalFee(a.volume, a.influent, a.effluent, a.unit_prices),
    examples: [
      {
        formula:
          'REUSE.SERVICE.REMOVALFEE(900000,{250,25},{30,1.5},REUSE.SERVICE.REMOVALPRICES(1080000,900000,{300,30},{30,1.5},{0.7,0.3}))',
        expected: 883157.89,
        tolerance: 0.005 / 883157.89,
        source:
          'FUNCTIONS.md: 198 000 kg × 3.1111… + 21 150 kg × 12.6316… = 616 000 + 267 157.89 (printed to 2 decimals)',
      },
      {
        formula: 'REUSE.SERVICE.REMOVALFEE(1000,{20,1},{30,1.5},{3,12})',
        expected: 0,
        source: 'hand calculation: effluent above influent removes nothing',
      },
    ],
    source: SOURCE_PERFORMANCE,
  }),
  defineFunction({
    id: 'SERVICE.INDEXPRICE',
    description: { en: 'Price indexation by cost indices', zh: '按成本指数调整价格（调价公式）' },
    formula:
      'base_price × Σ_i weights_i × current_indices_i / base_indices_i + adjustment. Weights in [0, 1] sum to 1; a fixed (non-indexed) part is a weight whose base and current indices are equal. adjustment (default 0) is added in price units after indexation. Base indices must be > 0 (a divisor); the three lists must have equal lengths; a negative result is #VALUE!.',
    params: [
      {
        kind: 'number',
        name: 'base_price',
        unit: 'yuan/m³',
        min: 0,
        description: { en: 'Price in the base period', zh: '基期价格（元/m³）' },
      },
      {
        kind: 'list',
        name: 'weights',
        unit: 'share',
        minLength: 1,
        items: { min: 0, max: 1 },
        sumsToOne: true,
        description: { en: 'Weight of each cost item (sum 1)', zh: '各成本因素权重（合计为 1）' },
      },
      {
        kind: 'list',
        name: 'base_indices',
        unit: 'index',
        minLength: 1,
        items: { greater: 0 },
        description: { en: 'Index of each cost item in the base period (> 0)', zh: '各成本因素基期指数（> 0）' },
      },
      {
        kind: 'list',
        name: 'current_indices',
        unit: 'index',
        minLength: 1,
        items: { min: 0 },
        description: { en: 'Index of each cost item now', zh: '各成本因素现期指数' },
      },
      {
        kind: 'number',
        name: 'adjustment',
        unit: 'yuan/m³',
        optional: true,
        default: 0,
        description: {
          en: 'Amount added after indexation (yuan/m³, default 0, may be negative)',
          zh: '指数调整后另行加减的金额（元/m³，默认 0，可为负）',
        },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => indexedPrice(a.base_price, a.weights, a.base_indices, a.current_indices, a.adjustment),
    examples: [
      {
        formula: 'REUSE.SERVICE.INDEXPRICE(1.2,{0.3,0.25,0.15,0.3},{100,100,100,100},{100,106,112,104})',
        expected: 1.254,
        source: 'hand calculation: 1.2 × (0.3 + 0.25 × 1.06 + 0.15 × 1.12 + 0.3 × 1.04) = 1.2 × 1.045',
      },
      {
        formula: 'REUSE.SERVICE.INDEXPRICE(1.2,{0.3,0.25,0.15,0.3},{100,100,100,100},{100,106,112,104},0.05)',
        expected: 1.304,
        source: 'hand calculation: 1.254 + 0.05',
      },
    ],
    source: `${SOURCE_PERFORMANCE}；万州发改资环〔2023〕25号（十二）价格动态调整机制；运营合同调价条款`,
  }),
  defineFunction({
    id: 'GOV.PURCHASE',
    description: {
      en: 'Government purchase of a service (e.g. ecological replenishment with reclaimed water)',
      zh: '政府购买服务金额（如再生水河湖生态补水）',
    },
    formula:
      'max(volume, guaranteed_volume) × unit_price × compliance_rate. compliance_rate (水质达标率, default 1) is a share in [0, 1]: non-compliance scales the payment down, never above the full amount. guaranteed_volume (保底水量, default 0) is paid even if less is delivered.',
    params: [
      { ...volume, description: { en: 'Volume delivered in the period (m³)', zh: '计费期供水量（m³）' } },
      {
        kind: 'number',
        name: 'unit_price',
        unit: 'yuan/m³',
        min: 0,
        description: { en: 'Purchase price per m³', zh: '购买服务单价（元/m³）' },
      },
      share(
        'compliance_rate',
        1,
        'Share of deliveries meeting the quality standard, in [0, 1] (default 1)',
        '水质达标率，0～1（默认 1）'
      ),
      {
        kind: 'number',
        name: 'guaranteed_volume',
        unit: 'm³',
        optional: true,
        default: 0,
        min: 0,
        description: { en: 'Guaranteed (minimum paid) volume (m³, default 0)', zh: '保底水量（m³，默认 0）' },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => governmentPurchase(a.volume, a.unit_price, a.compliance_rate, a.guaranteed_volume),
    examples: [
      {
        formula: 'REUSE.GOV.PURCHASE(3650000,0.841,0.98,3000000)',
        expected: 3008257,
        source: 'hand calculation: 3 650 000 × 0.841 × 0.98 (above the guaranteed volume)',
      },
      {
        formula: 'REUSE.GOV.PURCHASE(2000000,0.841,,3000000)',
        expected: 2523000,
        source: 'hand calculation: guaranteed 3 000 000 × 0.841',
      },
      {
        formula: 'REUSE.GOV.PURCHASE(1000000,0.8)',
        expected: 800000,
        source: 'hand calculation: defaults, 1 000 000 × 0.8',
      },
    ],
    source: SOURCE_PURCHASE,
  }),
];
