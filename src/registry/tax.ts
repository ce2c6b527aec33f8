/** Registry entries for the TAX group: incentives for resource utilisation. */
import { policyNumber } from '../core/policy';
import { LOSS_CARRY_YEARS, LossOrder, citHoliday, envTax, vatRefund } from '../core/tax';
import { asColumn, columnPerItem } from './shapes';
import type { FunctionSpec } from './types';
import { defineFunction } from './define';

export const TAX_FUNCTIONS: FunctionSpec[] = [
  defineFunction({
    id: 'TAX.VATREFUND',
    description: { en: 'Immediate VAT refund (增值税即征即退)', zh: '增值税即征即退税额' },
    formula:
      'max(0, output_vat − input_vat) × refund_share. refund_share defaults to 0.7 (sewage treatment services, ' +
      'REUSE.POLICY("vat.refund.sewage")); reclaimed water from plant effluent is 0.5 (REUSE.POLICY("vat.refund.reclaimed")). ' +
      'Excess input VAT is carried forward, never refunded: a negative difference gives 0.',
    params: [
      {
        kind: 'number',
        name: 'output_vat',
        unit: 'yuan',
        min: 0,
        description: { en: 'Output VAT of the period', zh: '当期销项税额' },
      },
      {
        kind: 'number',
        name: 'input_vat',
        unit: 'yuan',
        min: 0,
        description: { en: 'Creditable input VAT of the period', zh: '当期可抵扣进项税额' },
      },
      {
        kind: 'number',
        name: 'refund_share',
        unit: 'share',
        min: 0,
        max: 1,
        optional: true,
        default: () => policyNumber('vat.refund.sewage'),
        description: {
          en: 'Share of VAT paid that is refunded (default {default}, sewage treatment)',
          zh: '退税比例（默认 {default}，污水处理劳务）',
        },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => vatRefund(a.output_vat, a.input_vat, a.refund_share),
    examples: [
      { formula: 'REUSE.TAX.VATREFUND(1000000,400000)', expected: 420_000, source: 'hand calculation: 600 000 × 70 %' },
      {
        formula: 'REUSE.TAX.VATREFUND(1000000,400000,REUSE.POLICY("vat.refund.reclaimed"))',
        expected: 300_000,
        source: 'hand calculation: 600 000 × 50 % (reclaimed water)',
      },
      {
        formula: 'REUSE.TAX.VATREFUND(300000,400000)',
        expected: 0,
        source: 'excess input VAT is carried forward, not refunded',
      },
    ],
    source: '财政部 税务总局公告2021年第40号；万州发改资环〔2023〕25号（十三）',
  }),
  defineFunction({
    id: 'TAX.CITHOLIDAY',
    description: {
      en: 'Corporate income tax per year with the environmental-project holiday (三免三减半; one row per year)',
      zh: '环境保护项目“三免三减半”下的逐年企业所得税（每年一行）',
    },
    formula:
      'Year t (1-based), holiday factor f_t: 1 before first_revenue_year, 0 in first_revenue_year … +2 (exempt), ½ in the next three years (减半), then 1 ' +
      '(REUSE.POLICY("cit.holiday")). A negative income pays 0 and its loss offsets the income of the next loss_carry_years years, oldest loss first. ' +
      'The rate is rate, except in the 减半 years: half_rate_base (default rate). ' +
      'loss_order "return" (default, as the annual return: A100000 line 20 所得减免 before line 21 弥补以前年度亏损, A106000 takes line 19 − line 20): ' +
      'tax_t = (income_t × f_t − losses used)⁺ × rate_t, losses used ≤ income_t × f_t, so exempt income never absorbs a carried loss and in a 减半 year a loss offsets the taxed half. ' +
      'loss_order "loss_first" (the order before issue 11): tax_t = (income_t − losses used)⁺ × rate_t × f_t, losses used ≤ income_t (losses are spent in exempt years). ' +
      'Western-development 15 % (REUSE.POLICY("cit.western_rate")): the 减半 years halve the tax at 15 %, i.e. 7.5 % (财税〔2009〕69号 第一条), the default. ' +
      'Any other reduced rate (third-party pollution control, high-tech): the 减半 years halve the tax at the 25 % statutory rate, so pass half_rate_base 0.25 (same clause). ' +
      'first_revenue_year must lie within the list. One row per value (a column). ' +
      "Changed in issue 11: the default loss order is now the return's; results differ from before only where a carried loss meets an exempt or 减半 year. " +
      '（第 11 号议题修改：默认按年度纳税申报表的顺序，先所得减免（A100000第20行）后弥补以前年度亏损（第21行），免税所得不再消耗可弥补亏损；' +
      '原“先弥补亏损后减免”的算法可用 loss_order "loss_first" 得到。只有可弥补亏损遇上免税年度或减半年度时结果才与此前不同。' +
      '西部大开发15%税率与三免三减半叠加时，减半期按15%减半即7.5%（财税〔2009〕69号第一条，默认）；其他15%优惠减半期按25%法定税率减半，half_rate_base 填 0.25。）',
    params: [
      {
        kind: 'list',
        name: 'taxable_income',
        unit: 'yuan',
        minLength: 1,
        description: { en: 'Taxable income per year (negative = a loss)', zh: '逐年应纳税所得额（负数为亏损）' },
      },
      {
        kind: 'number',
        name: 'first_revenue_year',
        unit: 'year',
        integer: true,
        min: 1,
        optional: true,
        default: 1,
        description: {
          en: 'Position in the list of the first year with operating revenue (default 1)',
          zh: '取得第一笔生产经营收入的年度在列表中的序号（默认 1）',
        },
      },
      {
        kind: 'number',
        name: 'rate',
        unit: 'rate',
        min: 0,
        max: 1,
        optional: true,
        default: () => policyNumber('cit.rate'),
        description: {
          en: 'CIT rate (default {default}, REUSE.POLICY("cit.rate"); 0.15 western, "cit.western_rate", or third-party)',
          zh: '企业所得税税率（默认 {default}；西部大开发鼓励类企业或第三方治理企业 0.15）',
        },
      },
      {
        kind: 'number',
        name: 'loss_carry_years',
        unit: 'years',
        integer: true,
        min: 0,
        optional: true,
        default: LOSS_CARRY_YEARS,
        description: { en: 'Years a loss may be carried forward (default 5)', zh: '亏损结转年限（默认 5 年）' },
      },
      {
        // No registry default: it is rate itself, which the rule resolves.
        kind: 'number',
        name: 'half_rate_base',
        unit: 'rate',
        min: 0,
        max: 1,
        optional: true,
        defaultLabel: 'rate',
        description: {
          en: 'Rate whose tax is halved in the 减半 years (default rate: right for 25 % and western 15 %; 0.25 for other 15 %)',
          zh: '减半期据以计算应纳税额再减半的税率（默认同 rate，适用于25%及西部大开发15%；其他15%优惠填 0.25）',
        },
      },
      {
        kind: 'keyword',
        name: 'loss_order',
        optional: true,
        default: LossOrder.Return,
        options: {
          [LossOrder.Return]: ['return', '申报表', '先减免后弥补'],
          [LossOrder.LossFirst]: ['loss_first', '先弥补后减免'],
        },
        description: {
          en: '"return" (default: exemption first, then loss relief, as the annual return) or "loss_first" (the order before issue 11)',
          zh: '"申报表"/"return"（默认：先所得减免后弥补亏损，同年度申报表）或 "先弥补后减免"/"loss_first"（原算法）',
        },
      },
    ],
    result: columnPerItem(0),
    compute: (a) =>
      asColumn(
        citHoliday(a.taxable_income, {
          firstRevenueYear: a.first_revenue_year,
          rate: a.rate,
          lossCarryYears: a.loss_carry_years,
          halfRateBase: a.half_rate_base,
          lossOrder: a.loss_order,
        })
      ),
    examples: [
      {
        formula: 'REUSE.TAX.CITHOLIDAY({100;100;100;100;100;100;100})',
        expected: [[0], [0], [0], [12.5], [12.5], [12.5], [25]],
        source: 'hand calculation: 3 years exempt, 3 at 12.5 %, then 25 %',
      },
      {
        formula: 'REUSE.TAX.CITHOLIDAY({-50;100;100;100;100;100;100;100},2)',
        expected: [[0], [0], [0], [0], [0], [12.5], [12.5], [25]],
        source:
          'hand calculation (annual return): the year-1 loss is not spent on exempt years 2–4; it offsets the taxed half of year 5, 100 × ½ − 50 = 0',
      },
      {
        formula: 'REUSE.TAX.CITHOLIDAY({-50;100;100;100;100;100;100;100},2,,,,"loss_first")',
        expected: [[0], [0], [0], [0], [12.5], [12.5], [12.5], [25]],
        source: 'hand calculation (loss first, the old order): the year-1 loss is absorbed by exempt year 2',
      },
      {
        formula: 'REUSE.TAX.CITHOLIDAY({100;100;100;-40;100;100;100},1,0.25,5)',
        expected: [[0], [0], [0], [0], [2.5], [12.5], [25]],
        source:
          'hand calculation (annual return): the year-4 loss offsets the taxed half of year 5: (50 − 40) × 25 % (loss first gave (100 − 40) × 12.5 % = 7.5)',
      },
      {
        formula: 'REUSE.TAX.CITHOLIDAY({100;100;100;100;100;100;100},1,REUSE.POLICY("cit.western_rate"))',
        expected: [[0], [0], [0], [7.5], [7.5], [7.5], [15]],
        source: 'hand calculation: western 15 %, the 减半 years at 15 % × ½ = 7.5 % (财税〔2009〕69号 第一条)',
      },
      {
        formula: 'REUSE.TAX.CITHOLIDAY({100;100;100;100;100;100;100},1,REUSE.POLICY("cit.third_party_rate"),,0.25)',
        expected: [[0], [0], [0], [12.5], [12.5], [12.5], [15]],
        source:
          'hand calculation: third-party 15 %, the 减半 years at the 25 % statutory rate × ½ = 12.5 % (财税〔2009〕69号 第一条)',
      },
    ],
    source:
      '《企业所得税法》第二十七条第（三）项；《企业所得税法实施条例》第八十八条；《企业所得税法》第十八条；财政部 税务总局 国家发展改革委公告2020年第23号；' +
      '财税〔2009〕69号 第一条；企业所得税年度纳税申报表（A类）A100000 第19—23行、A106000、A107020（国家税务总局公告2017年第54号，2020年第24号修订）；万州发改资环〔2023〕25号（十三）',
  }),
  defineFunction({
    id: 'TAX.ENVTAX',
    description: { en: 'Environmental protection tax on one water pollutant', zh: '单项水污染物的环境保护税' },
    formula:
      'discharge_kg / kg_per_unit × yuan_per_unit × factor; factor 0.5 when concentration ≤ 50 % of standard, 0.75 when ≤ 70 %, else 1 ' +
      '(REUSE.POLICY("envtax.factor.below_50"/"envtax.factor.below_70")). kg_per_unit and standard must be > 0. ' +
      'Public sewage plants discharging within the standard are exempt (REUSE.POLICY("envtax.exempt.sewage_plant")); not applied here.',
    params: [
      {
        kind: 'number',
        name: 'discharge_kg',
        unit: 'kg',
        min: 0,
        description: { en: 'Pollutant discharged in the period', zh: '当期污染物排放量' },
      },
      {
        kind: 'number',
        name: 'kg_per_unit',
        unit: 'kg per pollution equivalent',
        greater: 0,
        description: { en: 'Pollution-equivalent value (COD: 1 kg)', zh: '污染当量值（COD 为 1 千克）' },
      },
      {
        kind: 'number',
        name: 'yuan_per_unit',
        unit: 'yuan per pollution equivalent',
        min: 0,
        description: { en: 'Tax per pollution equivalent (set by the province)', zh: '每污染当量税额（省级确定）' },
      },
      {
        kind: 'number',
        name: 'concentration',
        unit: 'mg/L',
        min: 0,
        description: { en: 'Measured concentration', zh: '实测排放浓度' },
      },
      {
        kind: 'number',
        name: 'standard',
        unit: 'mg/L',
        greater: 0,
        description: { en: 'Discharge standard for the pollutant', zh: '排放标准限值' },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => envTax(a.discharge_kg, a.kg_per_unit, a.yuan_per_unit, a.concentration, a.standard),
    examples: [
      {
        formula: 'REUSE.TAX.ENVTAX(3500,1,3,35,50)',
        expected: 7875,
        source: 'FUNCTIONS.md: 3500 × 3 × 0.75 (35 is 70 % of 50)',
      },
      {
        formula: 'REUSE.TAX.ENVTAX(3500,1,3,25,50)',
        expected: 5250,
        source: 'hand calculation: 3500 × 3 × 0.5 (50 % of the standard)',
      },
      {
        formula: 'REUSE.TAX.ENVTAX(3500,1,3,36,50)',
        expected: 10500,
        source: 'hand calculation: above 70 % of the standard, no reduction',
      },
    ],
    source: '《中华人民共和国环境保护税法》第十三条',
  }),
];
