/** Registry entries for the PRICE group: reclaimed-water (再生水) pricing. */
import { policyNumber } from '../core/policy';
import { allowedReturnRate, costPlusPrice, levelisedCostOfWater, viabilityGap } from '../core/pricing';
import type { FunctionSpec } from './types';
import { defineFunction, param } from './define';

const PRICE_RULES = '《城镇供水价格管理办法》（国家发展改革委 住房城乡建设部令2021年第46号）';
/** The allowed rate of return and the 10-year bond yield + 4 points on equity. */
const SOURCE_RETURN_RULES = `${PRICE_RULES}第九条`;
/** 准许成本 + 准许收益 + 税金, and the 65 % utilisation floor. */
const SOURCE_PRICE_RULES = `${PRICE_RULES}第七条、第十一条`;
const SOURCE_COST_AUDIT = '《城镇供水定价成本监审办法》（国家发展改革委令2021年第45号）';
const SOURCE_WANZHOU_PRICE = '万州发改资环〔2023〕25号（十二）完善费价税机制';

/** Relative tolerance for a contract number printed to 5 decimals: half a unit in the 5th decimal. */
const dp5 = (printed: number): number => 0.5e-5 / printed;

/**
 * A rate as a decimal. Above 1 (100 %) is rejected: it is almost always a percentage typed as a
 * number (2.7 for 2.7 %), and would silently inflate a price by two orders of magnitude.
 */
const rate = <const N extends string>(name: N, en: string, zh: string) =>
  param({
    kind: 'number',
    name,
    unit: 'rate',
    greater: -1,
    max: 1,
    description: { en, zh },
  });
const money = <const N extends string>(name: N, en: string, zh: string) =>
  param({
    kind: 'number',
    name,
    unit: 'yuan',
    min: 0,
    description: { en, zh },
  });

export const PRICE_FUNCTIONS: FunctionSpec[] = [
  defineFunction({
    id: 'PRICE.RETURNRATE',
    description: {
      en: 'Allowed rate of return under the 2021 urban water price rules',
      zh: '准许收益率（2021年城镇供水价格管理办法）',
    },
    formula:
      '(bond_yield + equity_premium) × (1 − debt_ratio) + debt_rate × debt_ratio. equity_premium defaults to REUSE.POLICY("price.equity_premium") = 0.04 (equity return capped at the 10-year bond yield + 4 points). Rates are decimals in (−1, 1]: a value above 1 is taken as a percentage typed as a number and rejected.',
    params: [
      rate('bond_yield', '10-year government bond yield (decimal, e.g. 0.027)', '10年期国债收益率（小数，如 0.027）'),
      rate('debt_rate', 'Rate on debt capital (decimal)', '债务资本收益率（借款利率，小数）'),
      {
        kind: 'number',
        name: 'debt_ratio',
        unit: 'share',
        min: 0,
        max: 1,
        description: { en: 'Debt / assets (资产负债率), a share in [0, 1]', zh: '资产负债率（0～1）' },
      },
      {
        kind: 'number',
        name: 'equity_premium',
        unit: 'rate',
        optional: true,
        min: 0,
        max: 1,
        default: () => policyNumber('price.equity_premium'),
        description: {
          en: 'Points over the bond yield allowed on equity (default {default}, REUSE.POLICY("price.equity_premium"))',
          zh: '权益资本收益率在国债收益率之上的加点（默认 {default}，见 REUSE.POLICY("price.equity_premium")）',
        },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => allowedReturnRate(a.bond_yield, a.debt_rate, a.debt_ratio, a.equity_premium),
    examples: [
      {
        formula: 'REUSE.PRICE.RETURNRATE(0.027,0.042,0.6)',
        expected: 0.052,
        source: 'FUNCTIONS.md: (0.027 + 0.04)(1 − 0.6) + 0.042 × 0.6',
      },
      {
        formula: 'REUSE.PRICE.RETURNRATE(0.027,0.042,0.6,0.03)',
        expected: 0.048,
        source: 'hand calculation: 0.057 × 0.4 + 0.0252 = 0.0228 + 0.0252',
      },
      {
        formula: 'REUSE.PRICE.RETURNRATE(0.027,0.042,0)',
        expected: 0.067,
        source: 'hand calculation: no debt, equity return = 0.027 + 0.04',
      },
    ],
    source: SOURCE_RETURN_RULES,
  }),
  defineFunction({
    id: 'PRICE.COSTPLUS',
    description: {
      en: 'Cost-plus price per m³ (allowed cost + allowed return + taxes)',
      zh: '成本加成价格（准许成本 + 准许收益 + 税金，元/m³）',
    },
    formula:
      '(annual_cost + effective_assets × return_rate + taxes) / billed volume. Billed volume = max(volume, min_utilization × design_volume) when design_volume is given (min_utilization default 0.65, REUSE.POLICY("price.min_utilization")), else volume. min_utilization given without design_volume is #VALUE! (not ignored: the floor needs a design volume). A billed volume of 0 is #VALUE!, never #DIV/0!.',
    params: [
      money(
        'annual_cost',
        'Allowed cost per year: depreciation + amortisation + O&M (yuan)',
        '年准许成本：折旧 + 摊销 + 运行维护费（元）'
      ),
      money('effective_assets', 'Effective assets the return is allowed on (yuan)', '有效资产（元）'),
      rate(
        'return_rate',
        'Allowed rate of return (decimal, e.g. REUSE.PRICE.RETURNRATE)',
        '准许收益率（小数，可用 REUSE.PRICE.RETURNRATE）'
      ),
      money('taxes', 'Taxes and surcharges in the price, per year (yuan)', '计入价格的税金及附加（元/年）'),
      {
        kind: 'number',
        name: 'volume',
        unit: 'm³',
        min: 0,
        description: { en: 'Volume sold per year (m³)', zh: '年售水量（m³）' },
      },
      {
        kind: 'number',
        name: 'design_volume',
        unit: 'm³',
        optional: true,
        greater: 0,
        description: {
          en: 'Design volume per year (m³, > 0); enables the utilisation floor (default: none, the volume is billed as is)',
          zh: '年设计水量（m³，> 0）；填写后启用最低计价利用率（默认不填：按实际水量计价）',
        },
      },
      {
        // No registry default: the rule must tell "omitted" from "given" to reject a floor
        // without a design volume. The core applies REUSE.POLICY("price.min_utilization").
        kind: 'number',
        name: 'min_utilization',
        unit: 'share',
        optional: true,
        min: 0,
        max: 1,
        defaultLabel: '0.65 (with design_volume)',
        description: {
          en: 'Least share of design volume the price is spread over (default 0.65, policy "price.min_utilization"; needs design_volume)',
          zh: '最低计价产能利用率（默认 0.65，见 REUSE.POLICY("price.min_utilization")；需同时填写 design_volume）',
        },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) =>
      costPlusPrice({
        annualCost: a.annual_cost,
        effectiveAssets: a.effective_assets,
        returnRate: a.return_rate,
        taxes: a.taxes,
        volumeM3: a.volume,
        designVolumeM3: a.design_volume,
        minUtilization: a.min_utilization,
      }),
    examples: [
      {
        formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,9307500)',
        expected: 1.52995,
        tolerance: dp5(1.52995),
        source: 'FUNCTIONS.md: (9.58 + 80 × 0.052 + 0.5) M / 9.3075 M = 14.24 / 9.3075 (printed to 5 decimals)',
      },
      {
        formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,5000000,10950000)',
        expected: 2.0007,
        tolerance: dp5(2.0007),
        source: 'FUNCTIONS.md: 14.24 M / max(5 M, 0.65 × 10.95 M = 7.1175 M) (printed as 2.00070)',
      },
      {
        formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,5000000,10950000,0.5)',
        expected: 14240000 / 5475000,
        source: 'hand calculation: floor 0.5 × 10.95 M = 5.475 M above 5 M, 14.24 M / 5.475 M',
      },
      {
        formula: 'REUSE.PRICE.COSTPLUS(9580000,80000000,0.052,500000,9307500,10950000)',
        expected: 14240000 / 9307500,
        source: 'hand calculation: utilisation 85 % is above the 65 % floor, so the floor does not bind',
      },
    ],
    source: `${SOURCE_PRICE_RULES}；${SOURCE_COST_AUDIT}；${SOURCE_WANZHOU_PRICE}`,
  }),
  defineFunction({
    id: 'PRICE.LCOW',
    description: { en: 'Levelised cost of water per m³', zh: '平准化供水成本（元/m³）' },
    formula:
      '(capex × CRF − residual_value × SFF + annual_opex) / annual_volume, CRF = r / (1 − (1+r)^−n), SFF = r / ((1+r)^n − 1); at r = 0, CRF = SFF = 1/n (straight line). Computed with expm1/log1p so rates near 0 keep full precision. annual_volume must be > 0; life_years a whole number ≥ 1; discount_rate in (−1, 1].',
    params: [
      money('capex', 'Initial investment (yuan)', '建设投资（元）'),
      money('annual_opex', 'Operation and maintenance per year (yuan)', '年运行维护费（元）'),
      {
        kind: 'number',
        name: 'annual_volume',
        unit: 'm³',
        greater: 0,
        description: { en: 'Volume produced per year (m³, > 0)', zh: '年供水量（m³，> 0）' },
      },
      {
        kind: 'number',
        name: 'life_years',
        unit: 'years',
        min: 1,
        integer: true,
        description: { en: 'Economic life in whole years (≥ 1)', zh: '经营期（整年，≥ 1）' },
      },
      rate(
        'discount_rate',
        'Discount rate (decimal, > −1), e.g. the allowed return',
        '折现率（小数，> −1），如准许收益率'
      ),
      {
        kind: 'number',
        name: 'residual_value',
        unit: 'yuan',
        optional: true,
        default: 0,
        min: 0,
        description: { en: 'Value recovered at the end of life (yuan, default 0)', zh: '期末残值（元，默认 0）' },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) =>
      levelisedCostOfWater({
        capex: a.capex,
        annualOpex: a.annual_opex,
        annualVolumeM3: a.annual_volume,
        lifeYears: a.life_years,
        discountRate: a.discount_rate,
        residualValue: a.residual_value,
      }),
    examples: [
      {
        formula: 'REUSE.PRICE.LCOW(80000000,5580000,9307500,20,0.052)',
        expected: 1.30096,
        tolerance: dp5(1.30096),
        source: 'FUNCTIONS.md: (80 M × CRF(5.2 %, 20) + 5.58 M) / 9.3075 M (printed to 5 decimals)',
      },
      {
        formula: 'REUSE.PRICE.LCOW(80000000,5580000,9307500,20,0)',
        expected: 9580000 / 9307500,
        source: 'hand calculation at r = 0: (80 M / 20 + 5.58 M) / 9.3075 M',
      },
      {
        formula: 'REUSE.PRICE.LCOW(80000000,5580000,9307500,20,0,10000000)',
        expected: 9080000 / 9307500,
        source: 'hand calculation at r = 0: (4 M − 10 M / 20 + 5.58 M) / 9.3075 M',
      },
    ],
    source: `${SOURCE_WANZHOU_PRICE}；年金法（资本回收系数）`,
  }),
  defineFunction({
    id: 'PRICE.VIABILITYGAP',
    description: {
      en: 'Yearly gap between cost price and negotiated price',
      zh: '成本价格与协商价格之间的年度资金缺口',
    },
    formula:
      '(cost_price − price) × volume: the yearly amount a subsidy or a service purchase must cover. Negative = surplus (price above cost).',
    params: [
      {
        kind: 'number',
        name: 'cost_price',
        unit: 'yuan/m³',
        min: 0,
        description: {
          en: 'Cost price per m³ (e.g. REUSE.PRICE.COSTPLUS or LCOW)',
          zh: '成本价格（元/m³，如 REUSE.PRICE.COSTPLUS 或 LCOW）',
        },
      },
      {
        kind: 'number',
        name: 'price',
        unit: 'yuan/m³',
        min: 0,
        description: { en: 'Price users pay (negotiated reclaimed-water price)', zh: '用户支付价格（再生水协商价格）' },
      },
      {
        kind: 'number',
        name: 'volume',
        unit: 'm³',
        min: 0,
        description: { en: 'Volume per year (m³)', zh: '年水量（m³）' },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => viabilityGap(a.cost_price, a.price, a.volume),
    examples: [
      {
        formula: 'REUSE.PRICE.VIABILITYGAP(1.53,1.2,9307500)',
        expected: 3071475,
        source: 'FUNCTIONS.md: (1.53 − 1.20) × 9.3075 M ≈ 3.07 M; exactly 0.33 × 9 307 500',
      },
      {
        formula: 'REUSE.PRICE.VIABILITYGAP(1.2,1.5,1000000)',
        expected: -300000,
        source: 'hand calculation: surplus (1.2 − 1.5) × 1 M',
      },
    ],
    source: `发改环资〔2021〕13号（再生水价格由供需双方协商确定）；${SOURCE_WANZHOU_PRICE}`,
  }),
];
