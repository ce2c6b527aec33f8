/** Registry entries for the TAX group: incentives for resource utilisation. */
import { policyNumber } from '../core/policy';
import { LOSS_CARRY_YEARS, citHoliday, envTax, vatRefund } from '../core/tax';
import { asColumn, columnPerItem } from './shapes';
import type { FunctionSpec } from './types';


export const TAX_FUNCTIONS: FunctionSpec[] = [
  {
    id: 'TAX.VATREFUND',
    description: { en: 'Immediate VAT refund (增值税即征即退)', zh: '增值税即征即退税额' },
    formula:
      'max(0, output_vat − input_vat) × refund_share. refund_share defaults to 0.7 (sewage treatment services, ' +
      'REUSE.POLICY("vat.refund.sewage")); reclaimed water from plant effluent is 0.5 (REUSE.POLICY("vat.refund.reclaimed")). ' +
      'Excess input VAT is carried forward, never refunded: a negative difference gives 0.',
    params: [
      { kind: 'number', name: 'output_vat', unit: 'yuan', min: 0, description: { en: 'Output VAT of the period', zh: '当期销项税额' } },
      { kind: 'number', name: 'input_vat', unit: 'yuan', min: 0, description: { en: 'Creditable input VAT of the period', zh: '当期可抵扣进项税额' } },
      {
        kind: 'number', name: 'refund_share', unit: 'share', min: 0, max: 1, optional: true, default: () => policyNumber('vat.refund.sewage'),
        description: { en: 'Share of VAT paid that is refunded (default 0.7, sewage treatment)', zh: '退税比例（默认 0.7，污水处理劳务）' },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => vatRefund(a.output_vat, a.input_vat, a.refund_share),
    examples: [
      { formula: 'REUSE.TAX.VATREFUND(1000000,400000)', expected: 420_000, source: 'hand calculation: 600 000 × 70 %' },
      { formula: 'REUSE.TAX.VATREFUND(1000000,400000,REUSE.POLICY("vat.refund.reclaimed"))', expected: 300_000, source: 'hand calculation: 600 000 × 50 % (reclaimed water)' },
      { formula: 'REUSE.TAX.VATREFUND(300000,400000)', expected: 0, source: 'excess input VAT is carried forward, not refunded' },
    ],
    source: '财政部 税务总局公告2021年第40号；万州发改资环〔2023〕25号（十三）',
  },
  {
    id: 'TAX.CITHOLIDAY',
    description: {
      en: 'Corporate income tax per year with the environmental-project holiday (三免三减半; one row per year)',
      zh: '环境保护项目“三免三减半”下的逐年企业所得税（每年一行）',
    },
    formula:
      'Year t (1-based): a negative income pays 0 and its loss offsets the income of the next loss_carry_years years, oldest loss first ' +
      '(losses are used in exempt years too: loss relief comes before the exemption). tax_t = (income_t − losses used)⁺ × rate × factor_t, ' +
      'factor 1 before first_revenue_year, 0 in first_revenue_year … +2, ½ in the next three years, then 1 ' +
      '(REUSE.POLICY("cit.holiday")). first_revenue_year must lie within the list. One row per value (a column).',
    params: [
      { kind: 'list', name: 'taxable_income', unit: 'yuan', minLength: 1, description: { en: 'Taxable income per year (negative = a loss)', zh: '逐年应纳税所得额（负数为亏损）' } },
      {
        kind: 'number', name: 'first_revenue_year', unit: 'year', integer: true, min: 1, optional: true, default: 1,
        description: { en: 'Position in the list of the first year with operating revenue (default 1)', zh: '取得第一笔生产经营收入的年度在列表中的序号（默认 1）' },
      },
      {
        kind: 'number', name: 'rate', unit: 'rate', min: 0, max: 1, optional: true, default: () => policyNumber('cit.rate'),
        description: { en: 'CIT rate (default 0.25, REUSE.POLICY("cit.rate"); 0.15 for qualified third-party pollution control)', zh: '企业所得税税率（默认 0.25；符合条件的第三方治理企业 0.15）' },
      },
      {
        kind: 'number', name: 'loss_carry_years', unit: 'years', integer: true, min: 0, optional: true, default: LOSS_CARRY_YEARS,
        description: { en: 'Years a loss may be carried forward (default 5)', zh: '亏损结转年限（默认 5 年）' },
      },
    ],
    result: columnPerItem(0),
    compute: (a) => {
      return asColumn(citHoliday(a.taxable_income, a.first_revenue_year, a.rate, a.loss_carry_years));
    },
    examples: [
      {
        formula: 'REUSE.TAX.CITHOLIDAY({100;100;100;100;100;100;100})',
        expected: [[0], [0], [0], [12.5], [12.5], [12.5], [25]],
        source: 'hand calculation: 3 years exempt, 3 at 12.5 %, then 25 %',
      },
      {
        formula: 'REUSE.TAX.CITHOLIDAY({-50;100;100;100;100;100;100;100},2)',
        expected: [[0], [0], [0], [0], [12.5], [12.5], [12.5], [25]],
        source: 'hand calculation: the year-1 loss is absorbed by exempt year 2; holiday from year 2',
      },
      {
        formula: 'REUSE.TAX.CITHOLIDAY({100;100;100;-40;100;100;100},1,0.25,5)',
        expected: [[0], [0], [0], [0], [7.5], [12.5], [25]],
        source: 'hand calculation: the year-4 loss offsets year 5: (100 − 40) × 25 % × ½',
      },
    ],
    source: '《企业所得税法实施条例》第八十八条；《企业所得税法》第十八条；万州发改资环〔2023〕25号（十三）',
  },
  {
    id: 'TAX.ENVTAX',
    description: { en: 'Environmental protection tax on one water pollutant', zh: '单项水污染物的环境保护税' },
    formula:
      'discharge_kg / kg_per_unit × yuan_per_unit × factor; factor 0.5 when concentration ≤ 50 % of standard, 0.75 when ≤ 70 %, else 1 ' +
      '(REUSE.POLICY("envtax.factor.below_50"/"envtax.factor.below_70")). kg_per_unit and standard must be > 0. ' +
      'Public sewage plants discharging within the standard are exempt (REUSE.POLICY("envtax.exempt.sewage_plant")); not applied here.',
    params: [
      { kind: 'number', name: 'discharge_kg', unit: 'kg', min: 0, description: { en: 'Pollutant discharged in the period', zh: '当期污染物排放量' } },
      { kind: 'number', name: 'kg_per_unit', unit: 'kg per pollution equivalent', greater: 0, description: { en: 'Pollution-equivalent value (COD: 1 kg)', zh: '污染当量值（COD 为 1 千克）' } },
      { kind: 'number', name: 'yuan_per_unit', unit: 'yuan per pollution equivalent', min: 0, description: { en: 'Tax per pollution equivalent (set by the province)', zh: '每污染当量税额（省级确定）' } },
      { kind: 'number', name: 'concentration', unit: 'mg/L', min: 0, description: { en: 'Measured concentration', zh: '实测排放浓度' } },
      { kind: 'number', name: 'standard', unit: 'mg/L', greater: 0, description: { en: 'Discharge standard for the pollutant', zh: '排放标准限值' } },
    ],
    result: { kind: 'scalar' },
    compute: (a) => envTax(a.discharge_kg, a.kg_per_unit, a.yuan_per_unit, a.concentration, a.standard),
    examples: [
      { formula: 'REUSE.TAX.ENVTAX(3500,1,3,35,50)', expected: 7875, source: 'FUNCTIONS.md: 3500 × 3 × 0.75 (35 is 70 % of 50)' },
      { formula: 'REUSE.TAX.ENVTAX(3500,1,3,25,50)', expected: 5250, source: 'hand calculation: 3500 × 3 × 0.5 (50 % of the standard)' },
      { formula: 'REUSE.TAX.ENVTAX(3500,1,3,36,50)', expected: 10500, source: 'hand calculation: above 70 % of the standard, no reduction' },
    ],
    source: '《中华人民共和国环境保护税法》第十三条',
  },
];
