/** Registry entries for the GREEN and REIT groups: green bonds and asset-backed financing of operating plants (clause 十三). */
import { valueError } from '../core/errors';
import {
  GreenField,
  GreenProjectType,
  ReitAssetType,
  greenCouponSaving,
  greenItem,
  reitDistributable,
  reitTest,
  reitValue,
  subsidyShare,
} from '../core/greenfin';
import { policyNumber } from '../core/policy';
import type { FunctionSpec, NumberParam } from './types';

const SOURCE_WANZHOU = '万州发改资环〔2023〕25号（十三）鼓励企业采用绿色债券、资产证券化等手段';
const SOURCE_GREEN =
  '《绿色债券支持项目目录（2021年版）》（银发〔2021〕96号）；《中国绿色债券原则》（绿色债券标准委员会公告〔2022〕第1号）';
const SOURCE_REIT =
  '发改投资〔2024〕1014号（常态化发行，取消收益率硬性门槛）；发改投资〔2023〕236号（IRR 5%、分派率 3.8%，本局沿用为筛选假设）；《公开募集基础设施证券投资基金指引（试行）》（证监会公告〔2020〕54号）';

const money = (name: string, en: string, zh: string, optional = false): NumberParam => ({
  kind: 'number',
  name,
  unit: 'yuan',
  min: 0,
  description: { en, zh },
  ...(optional ? { optional: true, default: 0 } : {}),
});
const rate = (name: string, en: string, zh: string): NumberParam => ({
  kind: 'number',
  name,
  unit: 'rate',
  greater: -1,
  max: 1,
  description: { en, zh },
});

/** 10 years of 1 M a year at 3 %: the annuity factor, computed here from its definition. */
const annuity = (r: number, n: number) => (1 - (1 + r) ** -n) / r;

export const GREEN_FUNCTIONS: FunctionSpec[] = [
  {
    id: 'GREEN.ELIGIBLE',
    description: {
      en: 'Where a reuse project falls in the 2021 green bond project catalogue: its first-level category or its item',
      zh: '污水资源化项目在《绿色债券支持项目目录（2021年版）》中的归类：一级分类或支持项目名称',
    },
    formula:
      'A lookup, not a computation: sewage treatment, reclaimed water and sludge → 基础设施绿色升级, item 污水处理、再生利用及污泥处理处置设施建设运营; ' +
      'rooftop/over-tank solar, sludge biogas and tail-water hydro → 清洁能源产业 (太阳能利用、生物质能利用、水力发电设施建设和运营). ' +
      'The 2021 catalogue (PBoC, NDRC, CSRC; in force 1 July 2021) has six first-level categories and four levels, the fourth named as the third level of ' +
      "the 2019 green industry catalogue. The first-level categories are the catalogue's; the item names are this product's reading of it and item numbers are not quoted: check the exact item in the official text for the green assessment. " +
      'A green bond puts 100 % of its proceeds into eligible projects (REUSE.POLICY("green.proceeds_share")). ' +
      '仅为归类查询：项目编号以目录正式文本为准；募集资金须100%用于绿色项目。',
    params: [
      {
        kind: 'keyword',
        name: 'project_type',
        options: {
          [GreenProjectType.Sewage]: ['sewage', '污水处理'],
          [GreenProjectType.Reclaimed]: ['reclaimed', '再生水'],
          [GreenProjectType.Sludge]: ['sludge', '污泥'],
          [GreenProjectType.Solar]: ['solar', '光伏'],
          [GreenProjectType.Biogas]: ['biogas', '沼气'],
          [GreenProjectType.Hydro]: ['hydro', '尾水发电'],
        },
        description: {
          en: '"sewage"/"污水处理", "reclaimed"/"再生水", "sludge"/"污泥", "solar"/"光伏", "biogas"/"沼气" or "hydro"/"尾水发电"',
          zh: '"污水处理"/"sewage"、"再生水"/"reclaimed"、"污泥"/"sludge"、"光伏"/"solar"、"沼气"/"biogas"、"尾水发电"/"hydro"',
        },
      },
      {
        kind: 'keyword',
        name: 'field',
        optional: true,
        default: GreenField.Item,
        options: { [GreenField.Item]: ['item', '项目'], [GreenField.Category]: ['category', '一级分类'] },
        description: {
          en: '"item"/"项目" (default) or "category"/"一级分类"',
          zh: '"项目"/"item"（默认）或 "一级分类"/"category"',
        },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => greenItem(a.project_type, a.field),
    examples: [
      {
        formula: 'REUSE.GREEN.ELIGIBLE("再生水","一级分类")',
        expected: '基础设施绿色升级',
        source: '2021 catalogue: environmental infrastructure sits under 基础设施绿色升级',
      },
      {
        formula: 'REUSE.GREEN.ELIGIBLE("sewage")',
        expected: '污水处理、再生利用及污泥处理处置设施建设运营',
        source: 'the item name (2019 green industry catalogue, third level)',
      },
      {
        formula: 'REUSE.GREEN.ELIGIBLE("solar","category")',
        expected: '清洁能源产业',
        source: '2021 catalogue: first-level category of solar facilities',
      },
    ],
    source: `${SOURCE_GREEN}；${SOURCE_WANZHOU}`,
  },
  {
    id: 'GREEN.COUPONSAVING',
    description: {
      en: "Present value of a green bond's coupon saving over an ordinary bond, net of the label's extra costs",
      zh: '绿色债券相对普通债券的票息节约现值（扣除贴标额外费用）',
    },
    formula:
      'principal × (ordinary_rate − green_rate) × (1 − (1 + d)^−n) / d − extra_costs, d = discount_rate (default: ordinary_rate), n = term_years; ' +
      'at d = 0 the annuity factor is n. A bullet bond with annual coupons. Negative when the label costs more than it saves. ' +
      'The green premium (绿色溢价) is a market figure, not a rule: pass the rates quoted for the issuer.',
    params: [
      money('principal', 'Principal of the bond (yuan)', '债券本金（元）'),
      rate(
        'ordinary_rate',
        'Coupon of an ordinary bond of the same issuer and term (decimal)',
        '同一发行人、同期限普通债券票面利率（小数）'
      ),
      rate('green_rate', 'Coupon of the green bond (decimal)', '绿色债券票面利率（小数）'),
      {
        kind: 'number',
        name: 'term_years',
        unit: 'years',
        min: 1,
        integer: true,
        description: { en: 'Term in whole years', zh: '期限（整年）' },
      },
      {
        kind: 'number',
        name: 'discount_rate',
        unit: 'rate',
        optional: true,
        greater: -1,
        max: 1,
        defaultLabel: 'ordinary_rate',
        description: { en: 'Discount rate (default: ordinary_rate)', zh: '折现率（默认取 ordinary_rate）' },
      },
      money(
        'extra_costs',
        "Present value of the label's extra costs: external review, disclosure (yuan, default 0)",
        '贴标额外费用现值：第三方评估认证、存续期披露等（元，默认 0）',
        true
      ),
    ],
    result: { kind: 'scalar' },
    compute: (a) =>
      greenCouponSaving(
        a.principal,
        a.ordinary_rate,
        a.green_rate,
        a.term_years,
        a.discount_rate ?? a.ordinary_rate,
        a.extra_costs
      ),
    examples: [
      {
        formula: 'REUSE.GREEN.COUPONSAVING(500000000,0.03,0.028,10,,300000)',
        expected: 1_000_000 * annuity(0.03, 10) - 300_000,
        source: 'hand calculation: 500 M × 0.2 points = 1 M a year; × 8.530203 (10 years at 3 %) − 0.3 M = 8 230 203',
      },
      {
        formula: 'REUSE.GREEN.COUPONSAVING(100000000,0.03,0.029,5,0)',
        expected: 500_000,
        source: 'hand calculation at d = 0: 100 000 a year × 5',
      },
    ],
    source: `${SOURCE_GREEN}；${SOURCE_WANZHOU}`,
  },
];

export const REIT_FUNCTIONS: FunctionSpec[] = [
  {
    id: 'REIT.DISTRIBUTABLE',
    description: {
      en: 'Distributable cash flow of an operating plant for a year (simplified)',
      zh: '运营项目年度可供分配现金流（简化口径）',
    },
    formula:
      'ebitda − taxes − maintenance_capex − debt_service − reserve_change (optional arguments default to 0). ' +
      'The fund distributes at least 90 % of it (REUSE.POLICY("reit.payout_min")). The result may be negative.',
    params: [
      {
        kind: 'number',
        name: 'ebitda',
        unit: 'yuan',
        description: {
          en: 'EBITDA of the plant (revenue − cash operating costs)',
          zh: '息税折旧摊销前利润（收入 − 付现运营成本）',
        },
      },
      money('taxes', 'Income tax paid (default 0)', '所得税（默认 0）', true),
      money(
        'maintenance_capex',
        'Sustaining capex and equipment renewal (default 0)',
        '资本性支出（设备更新、大修，默认 0）',
        true
      ),
      money('debt_service', 'Interest and principal paid (default 0)', '还本付息（默认 0）', true),
      {
        kind: 'number',
        name: 'reserve_change',
        unit: 'yuan',
        optional: true,
        default: 0,
        description: {
          en: 'Increase of reserves and working capital (default 0; negative = a release)',
          zh: '预留资金及营运资金增加（默认 0；负数为释放）',
        },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => reitDistributable(a.ebitda, a.taxes, a.maintenance_capex, a.debt_service, a.reserve_change),
    examples: [
      {
        formula: 'REUSE.REIT.DISTRIBUTABLE(60000000,5000000,4000000,0,1000000)',
        expected: 50_000_000,
        source: 'hand calculation: 60 − 5 − 4 − 0 − 1 = 50 M',
      },
      { formula: 'REUSE.REIT.DISTRIBUTABLE(60000000)', expected: 60_000_000, source: 'defaults 0' },
    ],
    source: SOURCE_REIT,
  },
  {
    id: 'REIT.TEST',
    description: {
      en: 'REIT screening test: distribution rate (owned assets) or IRR over the remaining term (concessions) against a threshold',
      zh: '基础设施REITs筛选测试：产权类看净现金流分派率，特许经营权类看剩余期限内部收益率，与门槛比较',
    },
    formula:
      'A row of 3: measure, threshold, measure − threshold (≥ 0 passes). "ownership"/"产权类": measure = distributable / asset_value (净现金流分派率); ' +
      '"concession"/"特许经营" (default; sewage plants are usually concessions): measure = the IRR r with asset_value = distributable × (1 − (1+r)^−n) / r, ' +
      'n = remaining_years (required), found by bisection; #N/A if no r in (−0.99, 10). threshold defaults to REUSE.POLICY("reit.distribution_rate_min") = 0.038 ' +
      'or REUSE.POLICY("reit.concession_irr_min") = 0.05: the 2023 rule (发改投资〔2023〕236号), kept as the bureau\'s screening assumption — ' +
      '发改投资〔2024〕1014号 dropped hard return thresholds (status "assumption"). 门槛为本局筛选假设，现行规定已不设收益率硬性要求。',
    params: [
      {
        kind: 'number',
        name: 'distributable',
        unit: 'yuan',
        description: {
          en: 'Expected yearly distributable cash flow (e.g. REUSE.REIT.DISTRIBUTABLE)',
          zh: '预计年度可供分配现金流（可用 REUSE.REIT.DISTRIBUTABLE）',
        },
      },
      {
        kind: 'number',
        name: 'asset_value',
        unit: 'yuan',
        greater: 0,
        description: { en: 'Appraised net value of the assets (> 0)', zh: '目标不动产评估净值（> 0）' },
      },
      {
        kind: 'keyword',
        name: 'asset_type',
        optional: true,
        default: ReitAssetType.Concession,
        options: {
          [ReitAssetType.Concession]: ['concession', '特许经营'],
          [ReitAssetType.Ownership]: ['ownership', '产权类'],
        },
        description: {
          en: '"concession"/"特许经营" (default) or "ownership"/"产权类"',
          zh: '"特许经营"/"concession"（默认）或 "产权类"/"ownership"',
        },
      },
      {
        kind: 'number',
        name: 'remaining_years',
        unit: 'years',
        optional: true,
        min: 1,
        integer: true,
        description: {
          en: 'Years left in the concession (required for "concession"; omitted = none)',
          zh: '特许经营剩余年限（特许经营权类必填；默认不填）',
        },
      },
      {
        kind: 'number',
        name: 'threshold',
        unit: 'rate',
        optional: true,
        greater: -1,
        max: 1,
        defaultLabel: '0.05 (concession) / 0.038 (ownership)',
        description: {
          en: "Threshold (default 0.05 for a concession, 0.038 for ownership: the bureau's assumption)",
          zh: '门槛（默认特许经营 0.05、产权类 0.038，本局假设）',
        },
      },
    ],
    result: { kind: 'array', size: () => ({ rows: 1, cols: 3 }) },
    compute: (a) => {
      const type = a.asset_type as ReitAssetType;
      const threshold =
        a.threshold ??
        policyNumber(type === ReitAssetType.Ownership ? 'reit.distribution_rate_min' : 'reit.concession_irr_min');
      const r = reitTest(a.distributable, a.asset_value, type, threshold, a.remaining_years);
      return Array.isArray(r) ? [r] : r;
    },
    examples: [
      {
        formula: 'REUSE.REIT.TEST(50000000,1000000000,"产权类")',
        expected: [[0.05, 0.038, 0.012]],
        source: 'hand calculation: 50 M / 1 000 M = 5 % against 3.8 %',
      },
      {
        formula: 'INDEX(REUSE.REIT.TEST(50000000,50000000*(1-1.06^-20)/0.06,"concession",20),1,1)',
        expected: 0.06,
        source: 'independent: the value priced at 6 % over 20 years gives back an IRR of 6 %',
      },
    ],
    source: `${SOURCE_REIT}；${SOURCE_WANZHOU}`,
  },
  {
    id: 'REIT.VALUE',
    description: { en: 'Value of an operating plant at a target yield', zh: '按目标收益率测算的运营资产价值' },
    formula:
      'distributable / target_yield when remaining_years is omitted (a perpetual asset: the yield is then the distribution rate); ' +
      'distributable × (1 − (1 + y)^−n) / y for a concession with n = remaining_years left. target_yield > 0.',
    params: [
      {
        kind: 'number',
        name: 'distributable',
        unit: 'yuan',
        description: { en: 'Yearly distributable cash flow', zh: '年度可供分配现金流' },
      },
      {
        kind: 'number',
        name: 'target_yield',
        unit: 'rate',
        greater: 0,
        max: 1,
        description: { en: 'Yield investors require (decimal, > 0)', zh: '投资者要求的收益率（小数，> 0）' },
      },
      {
        kind: 'number',
        name: 'remaining_years',
        unit: 'years',
        optional: true,
        min: 1,
        integer: true,
        description: {
          en: 'Years left in the concession (default: omitted, a perpetual asset)',
          zh: '特许经营剩余年限（默认不填：视为永续）',
        },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => reitValue(a.distributable, a.target_yield, a.remaining_years),
    examples: [
      { formula: 'REUSE.REIT.VALUE(50000000,0.05)', expected: 1_000_000_000, source: 'hand calculation: 50 M / 5 %' },
      {
        formula: 'REUSE.REIT.VALUE(50000000,0.05,20)',
        expected: 50_000_000 * annuity(0.05, 20),
        source: 'annuity: 50 M × 12.46221 = 623.11 M',
      },
    ],
    source: `${SOURCE_REIT}；${SOURCE_WANZHOU}`,
  },
  {
    id: 'REIT.SUBSIDYSHARE',
    description: {
      en: "Largest yearly share of government subsidies in a plant's revenue",
      zh: '逐年政府补贴占项目总收入比例的最大值',
    },
    formula:
      'max_t subsidies_t / revenues_t; compare with REUSE.POLICY("reit.subsidy_share_max") = 0.15 (at most 15 % in each of the last 3 years, ' +
      '发改投资〔2024〕1014号). Service fees paid under a contract are not subsidies. The lists need the same length; revenues > 0.',
    params: [
      {
        kind: 'list',
        name: 'subsidies',
        unit: 'yuan',
        minLength: 1,
        items: { min: 0 },
        description: { en: 'Government subsidies per year', zh: '逐年政府补贴' },
      },
      {
        kind: 'list',
        name: 'revenues',
        unit: 'yuan',
        minLength: 1,
        items: { greater: 0 },
        description: { en: 'Total revenue per year (> 0)', zh: '逐年项目总收入（> 0）' },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) =>
      a.revenues.length !== a.subsidies.length
        ? valueError('listLengths', {
            arg: 'revenues',
            other: 'subsidies',
            got: a.revenues.length,
            want: a.subsidies.length,
          })
        : subsidyShare(a.subsidies, a.revenues),
    examples: [
      {
        formula: 'REUSE.REIT.SUBSIDYSHARE({1,2,1},{10,10,20})',
        expected: 0.2,
        source: 'hand calculation: 0.1, 0.2, 0.05 → 0.2',
      },
    ],
    source: SOURCE_REIT,
  },
];
