/**
 * The flagship example: one Wanzhou-style project end to end. 何家岩污水处理厂提标扩能 with a
 * reclaimed-water line for ecological replenishment of the river (万州发改资环〔2023〕25号
 * （三）提标升级扩能、（七）区域再生水循环利用、（十二）政府购买服务、（十三）中央资金、专项债券、
 * 中长期信贷、税收优惠), laid out to the conventions of 《建设项目经济评价方法与参数》（第三版）
 * and of a special-bond implementation plan (专项债券实施方案 / 融资平衡方案).
 *
 * Sheets (Chinese names, bilingual labels):
 *   假设          every assumption, one named input cell each (English snake_case names)
 *   投资与融资    capex, central support (PROJECT.CENTRALFUND is the upper bound; the expected
 *                 allocation is an input share of it), the funding mix, and the construction-
 *                 period table: capex phasing, loan draws, interest during construction (建设期利息,
 *                 capitalised: half a year's interest on the year's draws)
 *   现金流        the 25 operating years: volumes, fees, reclaimed-water sales, government purchase,
 *                 O&M, VAT per line with the construction input VAT carried forward (留抵), the
 *                 immediate refund (TAX.VATREFUND), surcharges on the VAT paid, equipment renewal,
 *                 working capital, depreciation on three bases
 *   项目投资现金流 the project view (融资前): construction + operation at year ends, income tax on
 *                 EBIT (调整所得税, TAX.CITHOLIDAY), NPV, FIRR, payback from the start of
 *                 construction; the same with central support at its cap, side by side
 *   资本金现金流  the equity view (融资后): debt service, the tax actually paid (interest
 *                 deductible), CFADS, DSCR (BOND.DSCR) flagged below the threshold, the reserve
 *   融资平衡      the special-bond balance in the form an implementation plan uses, by bond year:
 *                 revenue, costs, net revenue, what is left after the senior debt, bond principal
 *                 and interest (BOND.DEBTSERVICE), coverage with and without the government
 *                 purchase (BOND.COVERAGE), capacity (BOND.CAPACITY), LLCR
 *   专项债        the bond's coupon-by-coupon schedule with dates (BOND.SCHEDULE)
 *   PPP对比       the 财金〔2015〕21号 PPP route for comparison (存量项目 rules) (PPP.SCHEDULE,
 *                 PPP.FISCALRATIO)
 *   评价          headline figures
 *
 * The numbers are illustrative, chosen to be plausible for a district plant; they are not the
 * project's approved figures. Every REUSE formula is stored as Excel saves it (`_xldudf_…`).
 */
import ExcelJS from 'exceljs';
import { asExcelSaves } from './excel-formula';
import { newWorkbook, spill } from './sheet';
import type { SummaryLine } from './types';
import { dateToSerial } from '../xlsx/a1';

/** Operating years modelled (rows of the 现金流 table). */
export const FLAGSHIP_YEARS = 25;
/** The construction period may be 1 to this many years (rows of the construction table). */
export const MAX_CONSTRUCTION_YEARS = 3;
/** Rows of the project and equity timelines: the longest construction period + the operating years. */
export const TIMELINE_ROWS = MAX_CONSTRUCTION_YEARS + FLAGSHIP_YEARS;

const MONEY = '#,##0';
const MONEY2 = '#,##0.00';
const PRICE = '0.00';
const PCT = '0.0%';
const PCT2 = '0.00%';
const RATIO = '0.00';
const M3 = '#,##0';
const DATE = 'yyyy-mm-dd';
const INT = '0';
/** A 1/0 flag shown as a word (1) or nothing (0). */
const FLAG = '"低于 below";;""';

/** One assumption of the 假设 sheet. `value` is a number, a text, or a formula (`=…`). */
interface Input {
  name: string;
  zh: string;
  en: string;
  value: number | string;
  unit: string;
  source: string;
  fmt?: string;
}

/** 2024-09-01 as an Excel serial (45536). */
const ISSUE_DATE = dateToSerial({ year: 2024, month: 9, day: 1 });

/**
 * The inputs, grouped. The first three groups keep the rows they have always had (the scenario
 * docs, the API example and saved scenarios point at `'假设'!C8`, `C9`, `C29`); later groups follow.
 */
const GROUPS: { zh: string; en: string; inputs: Input[] }[] = [
  {
    zh: '项目与投资',
    en: 'Project and capex',
    inputs: [
      {
        name: 'capex_plant',
        zh: '污水处理厂提标扩能投资（含税）',
        en: 'Plant upgrade and expansion capex (incl. VAT)',
        value: 210_000_000,
        unit: '元 yuan',
        source: '万州发改资环〔2023〕25号（三）何家岩污水处理厂提标升级扩能',
        fmt: MONEY,
      },
      {
        name: 'capex_reclaimed',
        zh: '再生水厂及生态补水管线投资（含税）',
        en: 'Reclaimed-water plant and replenishment pipeline capex (incl. VAT)',
        value: 60_000_000,
        unit: '元 yuan',
        source: '（三）（七）尾水再生利用、生态补水',
        fmt: MONEY,
      },
      {
        name: 'region',
        zh: '中央预算内投资地区',
        en: 'Region for central budget support',
        value: '西部',
        unit: '—',
        source: '重庆属西部地区 Chongqing is in the west',
        fmt: undefined,
      },
      {
        name: 'central_cap',
        zh: '中央预算内投资单项目上限',
        en: 'Cap on central support per project',
        value: '=REUSE.POLICY("central.cap")',
        unit: '元 yuan',
        source:
          "本局假设值（政策参数库 central.cap：沿用已被2024年《污染治理中央预算内投资专项管理办法》取代的发改环资规〔2021〕655号，现行比例未公开）；CENTRALFUND 给出上限，不是预期分配 the bureau's assumption (the 2021 figures; the 2024 measure publishes none); CENTRALFUND is an upper bound, not the expected allocation",
        fmt: MONEY,
      },
      {
        name: 'sewage_capacity',
        zh: '新增污水处理能力',
        en: 'Added sewage treatment capacity',
        value: 40_000,
        unit: 'm³/d',
        source: '（三）到2025年新增污水处理能力7.26万吨以上',
        fmt: M3,
      },
      {
        name: 'reclaimed_capacity',
        zh: '再生水生产能力',
        en: 'Reclaimed-water capacity',
        value: 20_000,
        unit: 'm³/d',
        source: '（三）（七）',
        fmt: M3,
      },
      {
        name: 'start_year',
        zh: '首个运营年度（开工年度＋建设期）',
        en: 'First operating year (construction start + construction period)',
        value: '=construction_start_year+construction_years',
        unit: '年 year',
        source: '由建设期推算 follows from the construction period',
        fmt: INT,
      },
    ],
  },
  {
    zh: '融资',
    en: 'Funding',
    inputs: [
      {
        name: 'bond_principal',
        zh: '专项债券发行规模',
        en: 'Special bond principal',
        value: 140_000_000,
        unit: '元 yuan',
        source: '（十三）鼓励符合专项债券支持方向的项目；财预〔2017〕89号',
        fmt: MONEY,
      },
      {
        name: 'bond_capital_share',
        zh: '专项债券用作项目资本金比例',
        en: 'Share of the bond used as project capital',
        value: 0.2,
        unit: '比例 share',
        source: '专项债券可用作符合条件的重大项目资本金',
        fmt: PCT,
      },
      {
        name: 'bond_coupon',
        zh: '专项债券票面利率',
        en: 'Bond coupon rate',
        value: 0.025,
        unit: '年利率 rate',
        source: '同期限地方政府专项债券发行利率（示例）',
        fmt: PCT2,
      },
      {
        name: 'bond_term',
        zh: '专项债券期限',
        en: 'Bond term',
        value: 20,
        unit: '年 years',
        source: '示例 illustrative',
        fmt: INT,
      },
      {
        name: 'bond_grace_years',
        zh: '专项债券前期不还本年数',
        en: 'Bond years before principal is repaid',
        value: 5,
        unit: '年 years',
        source:
          '分期还本：此后每年等额还本（示例）；应不短于建设期 repay in equal shares afterwards; not shorter than construction',
        fmt: INT,
      },
      {
        name: 'bond_ppy',
        zh: '每年付息次数',
        en: 'Coupons per year',
        value: 2,
        unit: '次 times',
        source: '10年期以上通常半年付息',
        fmt: INT,
      },
      {
        name: 'bond_issue_date',
        zh: '专项债券发行日',
        en: 'Bond issue date',
        value: ISSUE_DATE,
        unit: '日期 date',
        source: '示例；债券第k年的本息计入 发行年度+k 年 bond year k falls in the issue year + k',
        fmt: DATE,
      },
      {
        name: 'coverage_min',
        zh: '本息覆盖倍数要求',
        en: 'Required coverage ratio',
        value: '=REUSE.POLICY("bond.coverage_min")',
        unit: '倍 ratio',
        source: '财预〔2017〕89号；审核通行口径（政策参数库）',
        fmt: RATIO,
      },
      {
        name: 'own_funds',
        zh: '区级财政及企业自有资金',
        en: 'District and company own funds',
        value: 30_000_000,
        unit: '元 yuan',
        source: '（十三）多元化资金投入',
        fmt: MONEY,
      },
      {
        name: 'loan_rate',
        zh: '银行贷款利率',
        en: 'Bank loan rate',
        value: 0.036,
        unit: '年利率 rate',
        source: '（十三）金融机构中长期信贷支持；参照5年期以上LPR',
        fmt: PCT2,
      },
      {
        name: 'loan_years',
        zh: '银行贷款还款期（等额本息，自投产年起）',
        en: 'Bank loan repayment years (level payments from the first operating year)',
        value: 15,
        unit: '年 years',
        source: '示例 illustrative',
        fmt: INT,
      },
    ],
  },
  {
    zh: '运营与价格',
    en: 'Operations and prices',
    inputs: [
      {
        name: 'load_start',
        zh: '首年负荷率',
        en: 'Load in year 1',
        value: 0.7,
        unit: '比例 share',
        source: '示例 illustrative',
        fmt: PCT,
      },
      {
        name: 'load_step',
        zh: '负荷率年增幅',
        en: 'Yearly increase in load',
        value: 0.05,
        unit: '比例 share',
        source: '示例 illustrative',
        fmt: PCT,
      },
      {
        name: 'load_max',
        zh: '最高负荷率',
        en: 'Maximum load',
        value: 0.95,
        unit: '比例 share',
        source: '示例 illustrative',
        fmt: PCT,
      },
      {
        name: 'sewage_fee',
        zh: '污水处理服务费单价（不含税）',
        en: 'Sewage treatment service fee (ex VAT)',
        value: 1.75,
        unit: '元/m³',
        source: '（十二）运营服务费与进水浓度、削减量挂钩、按效付费',
        fmt: PRICE,
      },
      {
        name: 'reclaimed_price',
        zh: '再生水售价（工业、市政杂用，不含税）',
        en: 'Reclaimed-water price to users (ex VAT)',
        value: 1.6,
        unit: '元/m³',
        source: '（十二）价格形成机制',
        fmt: PRICE,
      },
      {
        name: 'reclaimed_user_share',
        zh: '再生水用户购买比例',
        en: 'Share of reclaimed water sold to users',
        value: 0.4,
        unit: '比例 share',
        source: '其余用于河湖生态补水 the rest replenishes the river',
        fmt: PCT,
      },
      {
        name: 'eco_price',
        zh: '生态补水政府购买服务单价（不含税）',
        en: 'Government purchase price, ecological replenishment',
        value: 0.9,
        unit: '元/m³',
        source: '（十二）生态补水鼓励采用政府购买服务（一般公共预算支出）',
        fmt: PRICE,
      },
      {
        name: 'price_growth',
        zh: '价格年调整率',
        en: 'Yearly price adjustment',
        value: 0.015,
        unit: '比例 rate',
        source: '（十二）动态调整机制',
        fmt: PCT,
      },
      {
        name: 'om_sewage',
        zh: '污水处理变动运营成本',
        en: 'Variable O&M per m³ treated',
        value: 0.62,
        unit: '元/m³',
        source: '示例 illustrative',
        fmt: PRICE,
      },
      {
        name: 'om_reclaimed',
        zh: '再生水变动运营成本',
        en: 'Variable O&M per m³ reclaimed',
        value: 0.38,
        unit: '元/m³',
        source: '示例 illustrative',
        fmt: PRICE,
      },
      {
        name: 'om_fixed',
        zh: '固定运营成本',
        en: 'Fixed O&M per year',
        value: 2_500_000,
        unit: '元/年 yuan/yr',
        source: '示例 illustrative',
        fmt: MONEY,
      },
      {
        name: 'om_growth',
        zh: '运营成本年增长率',
        en: 'Yearly O&M escalation',
        value: 0.02,
        unit: '比例 rate',
        source: '示例 illustrative',
        fmt: PCT,
      },
    ],
  },
  {
    zh: '建设期与全生命周期',
    en: 'Construction period and lifecycle',
    inputs: [
      {
        name: 'construction_start_year',
        zh: '开工年度',
        en: 'Construction starts',
        value: 2024,
        unit: '年 year',
        source: '计算期 = 建设期 + 运营期，现金流按年末计（《建设项目经济评价方法与参数》第三版） flows at year ends',
        fmt: INT,
      },
      {
        name: 'construction_years',
        zh: '建设期（1–3年）',
        en: 'Construction period (1–3 years)',
        value: 2,
        unit: '年 years',
        source: '示例 illustrative',
        fmt: INT,
      },
      {
        name: 'capex_share_first',
        zh: '建设期第1年投资比例（其余各年均分）',
        en: 'Share of capex spent in construction year 1 (the rest evenly)',
        value: 0.4,
        unit: '比例 share',
        source: '示例；各资金来源按同一比例投入 every source is spent in the same proportion',
        fmt: PCT,
      },
      {
        name: 'equipment_share',
        zh: '设备购置费占建设投资比例',
        en: 'Equipment as a share of capex',
        value: 0.35,
        unit: '比例 share',
        source: '示例 illustrative',
        fmt: PCT,
      },
      {
        name: 'renewal_share',
        zh: '每次设备更新占设备投资比例',
        en: 'Share of equipment renewed each time',
        value: 0.3,
        unit: '比例 share',
        source: '维持运营投资，按成本指数计；按更新周期折旧 sustaining capex, escalated; depreciated over the cycle',
        fmt: PCT,
      },
      {
        name: 'renewal_years',
        zh: '设备更新周期',
        en: 'Equipment renewal cycle',
        value: 10,
        unit: '年 years',
        source: '示例；最后一个运营年不更新 no renewal in the last operating year',
        fmt: INT,
      },
      {
        name: 'working_capital_share',
        zh: '流动资金占经营成本比例',
        en: 'Working capital as a share of O&M',
        value: 0.15,
        unit: '比例 share',
        source: '扩大指标估算法（示例）；计算期末回收 recovered at the end',
        fmt: PCT,
      },
    ],
  },
  {
    zh: '融资安排与偿债',
    en: 'Financing arrangements and debt service',
    inputs: [
      {
        name: 'central_expected_share',
        zh: '中央预算内投资预期获批比例（占上限）',
        en: 'Expected central allocation (share of the upper bound)',
        value: 0.6,
        unit: '比例 share',
        source:
          '示例：按预期分配测算，上限作敏感性分析；按不征税收入处理（财税〔2011〕70号），其形成资产的折旧不得税前扣除 illustrative; non-taxable, so its assets are not depreciated for tax',
        fmt: PCT,
      },
      {
        name: 'bond_senior',
        zh: '专项债优先于银行贷款受偿（1 是 / 0 否）',
        en: 'Bond paid before the bank loan (1 yes / 0 no)',
        value: 1,
        unit: '1/0',
        source: '厅字〔2019〕33号：项目收益首先偿还专项债券本息，其后的专项收入方可用于市场化融资 the bond comes first',
        fmt: INT,
      },
      {
        name: 'dsra_months',
        zh: '偿债准备金（下一年运营期还本付息的月数）',
        en: "Debt-service reserve (months of next year's debt service)",
        value: 6,
        unit: '月 months',
        source:
          '示例；投产前由自有资金注入，随还本付息调整，最后释放 funded by equity before operation, released at the end',
        fmt: INT,
      },
      {
        name: 'dscr_min',
        zh: '偿债备付率警戒值',
        en: 'DSCR threshold',
        value: '=REUSE.POLICY("bond.coverage_min")',
        unit: '倍 ratio',
        source: '默认取政策参数库 bond.coverage_min；低于此值的年度标红并计入评价 years below are flagged',
        fmt: RATIO,
      },
    ],
  },
  {
    zh: '税收',
    en: 'Taxes',
    inputs: [
      {
        name: 'vat_rate_sewage',
        zh: '污水处理劳务增值税税率',
        en: 'VAT rate, sewage treatment services',
        value: 0.06,
        unit: '税率 rate',
        source: '示例（以主管税务机关认定为准）',
        fmt: PCT,
      },
      {
        name: 'vat_rate_water',
        zh: '再生水增值税税率',
        en: 'VAT rate, reclaimed water',
        value: 0.09,
        unit: '税率 rate',
        source: '示例（以主管税务机关认定为准）',
        fmt: PCT,
      },
      {
        name: 'input_vat_share',
        zh: '进项税额占运营成本比例',
        en: 'Input VAT as a share of O&M',
        value: 0.06,
        unit: '比例 share',
        source: '示例 illustrative',
        fmt: PCT,
      },
      {
        name: 'capex_input_vat_share',
        zh: '建设投资可抵扣进项税额比例',
        en: 'Deductible input VAT as a share of capex',
        value: 0.08,
        unit: '比例 share',
        source:
          '建安9%、设备13%加权（示例）；享受即征即退者不适用留抵退税（财政部 税务总局公告2022年第14号），留抵结转抵减运营期销项税 carried forward',
        fmt: PCT,
      },
      {
        name: 'refund_sewage',
        zh: '污水处理劳务即征即退比例',
        en: 'VAT refund share, sewage treatment',
        value: '=REUSE.POLICY("vat.refund.sewage")',
        unit: '比例 share',
        source: '财政部 税务总局公告2021年第40号（政策参数库）',
        fmt: PCT,
      },
      {
        name: 'refund_reclaimed',
        zh: '再生水即征即退比例',
        en: 'VAT refund share, reclaimed water',
        value: '=REUSE.POLICY("vat.refund.reclaimed")',
        unit: '比例 share',
        source: '财政部 税务总局公告2021年第40号（政策参数库）',
        fmt: PCT,
      },
      {
        name: 'cmt_rate',
        zh: '城市维护建设税税率',
        en: 'Urban maintenance and construction tax rate',
        value: 0.07,
        unit: '税率 rate',
        source: '《城市维护建设税法》第四条：市区7%、县城和镇5%；万州区为市辖区，取7% Wanzhou is an urban district',
        fmt: PCT,
      },
      {
        name: 'edu_surcharge_rate',
        zh: '教育费附加费率',
        en: 'Education surcharge rate',
        value: 0.03,
        unit: '费率 rate',
        source: '《征收教育费附加的暂行规定》第三条；即征即退不退还附加（财税〔2005〕72号）',
        fmt: PCT,
      },
      {
        name: 'local_edu_surcharge_rate',
        zh: '地方教育附加费率',
        en: 'Local education surcharge rate',
        value: 0.02,
        unit: '费率 rate',
        source: '财综〔2010〕98号',
        fmt: PCT,
      },
      {
        name: 'cit_rate',
        zh: '企业所得税税率（西部大开发）',
        en: 'CIT rate (western development)',
        value: '=REUSE.POLICY("cit.western_rate")',
        unit: '税率 rate',
        source:
          '财政部 税务总局 国家发展改革委公告2020年第23号 第一条（2021–2030年西部鼓励类产业15%）；三免三减半（实施条例第八十八条）减半期按15%减半（财税〔2009〕69号 第一条）',
        fmt: PCT,
      },
      {
        name: 'depreciation_years',
        zh: '折旧年限（直线法，无残值）',
        en: 'Depreciation years (straight line, no residual)',
        value: 25,
        unit: '年 years',
        source: '示例；计算期末未提完的净值作为余值回收 book value left at the end is recovered',
        fmt: INT,
      },
      {
        name: 'cod_effluent',
        zh: '出水COD浓度',
        en: 'Effluent COD',
        value: 30,
        unit: 'mg/L',
        source: '一级A标准限值50 mg/L',
        fmt: INT,
      },
      {
        name: 'cod_standard',
        zh: 'COD排放标准',
        en: 'COD discharge standard',
        value: 50,
        unit: 'mg/L',
        source: 'GB 18918-2002 一级A',
        fmt: INT,
      },
      {
        name: 'envtax_rate',
        zh: '水污染物环境保护税额',
        en: 'Environmental tax per pollution equivalent',
        value: 3,
        unit: '元/当量',
        source: '示例（省级确定）',
        fmt: PRICE,
      },
    ],
  },
  {
    zh: '评价与PPP对比',
    en: 'Appraisal and the PPP route',
    inputs: [
      {
        name: 'discount_rate',
        zh: '财务基准收益率（项目投资，所得税后）',
        en: 'Financial discount rate (project, after tax)',
        value: 0.05,
        unit: '比例 rate',
        source: '示例 illustrative',
        fmt: PCT,
      },
      {
        name: 'ppp_profit_rate',
        zh: 'PPP合理利润率（存量项目口径）',
        en: 'PPP reasonable profit rate (existing projects)',
        value: 0.06,
        unit: '比例 rate',
        source: '财金〔2015〕21号',
        fmt: PCT,
      },
      {
        name: 'ppp_discount_rate',
        zh: 'PPP年度折现率（存量项目口径）',
        en: 'PPP discount rate (existing projects)',
        value: 0.045,
        unit: '比例 rate',
        source: '财金〔2015〕21号（参照地方政府债券收益率）',
        fmt: PCT2,
      },
      {
        name: 'ppp_period',
        zh: 'PPP合作期',
        en: 'PPP cooperation period',
        value: FLAGSHIP_YEARS,
        unit: '年 years',
        source: '与运营年数一致 the operating years',
        fmt: INT,
      },
      {
        name: 'budget_base',
        zh: '一般公共预算支出（首个运营年）',
        en: 'General budget expenditure, first operating year',
        value: 16_000_000_000,
        unit: '元 yuan',
        source: '示例（区级一般公共预算支出量级）',
        fmt: MONEY,
      },
      {
        name: 'budget_growth',
        zh: '预算支出年增长率',
        en: 'Yearly budget growth',
        value: 0.03,
        unit: '比例 rate',
        source: '示例 illustrative',
        fmt: PCT,
      },
    ],
  },
];

/** Every input, in sheet order. */
export const FLAGSHIP_INPUTS: readonly Input[] = GROUPS.flatMap((g) => g.inputs);

/**
 * Rows of the repayment profile (one per possible bond year; BOND functions allow terms up to 50).
 * Each share is a formula of bond_term and bond_grace_years — nothing repaid in the first years,
 * then equal shares (分期还本) — and "" beyond the term, so a scenario can change the term and the
 * profile follows; an analyst can still type a profile of their own over the formulas.
 */
export const BOND_PROFILE_ROWS = 50;

export const SHEETS = {
  inputs: '假设',
  funding: '投资与融资',
  operations: '现金流',
  project: '项目投资现金流',
  equity: '资本金现金流',
  balance: '融资平衡',
  bond: '专项债',
  ppp: 'PPP对比',
  results: '评价',
} as const;

function title(ws: ExcelJS.Worksheet, zh: string, en: string, note: string): void {
  ws.getCell('A1').value = `${zh} ${en}`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = note;
  ws.getCell('A2').font = { italic: true, color: { argb: 'FF555555' } };
}

function put(ws: ExcelJS.Worksheet, address: string, value: number | string, fmt?: string): void {
  const cell = ws.getCell(address);
  cell.value =
    typeof value === 'string' && value.startsWith('=')
      ? ({ formula: asExcelSaves(value) } as ExcelJS.CellFormulaValue)
      : value;
  if (fmt) cell.numFmt = fmt;
}

/** Label row: Chinese in column A, English in column B. */
function labelRow(ws: ExcelJS.Worksheet, row: number, zh: string, en: string): void {
  ws.getCell(row, 1).value = zh;
  ws.getCell(row, 2).value = en;
}

/** Red fill on cells of `ref` holding a number below `threshold` (a defined name or a formula). */
function flagBelow(ws: ExcelJS.Worksheet, ref: string, threshold: string): void {
  const first = ref.split(':')[0];
  ws.addConditionalFormatting({
    ref,
    rules: [
      {
        type: 'expression',
        priority: 1,
        formulae: [`AND(ISNUMBER(${first}),${first}<${threshold})`],
        style: {
          fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } },
          font: { color: { argb: 'FF9C0006' }, bold: true },
        },
      },
    ],
  });
}

/** 假设: one named cell per assumption, grouped, with unit and source. */
function addInputSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(SHEETS.inputs);
  title(
    ws,
    '假设条件',
    'Inputs',
    '每个假设一个命名单元格（英文名称）；蓝色为可改输入，公式为政策参数库默认值 / Every assumption is a named cell; blue = input, formulas = catalogue defaults'
  );
  [34, 46, 18, 14, 60].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ['项目 Item', 'Item', '数值 Value', '单位 Unit', '依据 Source / note'].forEach(
    (h, i) => (ws.getCell(4, i + 1).value = h)
  );
  ws.getRow(4).font = { bold: true };
  let row = 5;
  for (const g of GROUPS) {
    labelRow(ws, row, `【${g.zh}】`, g.en);
    ws.getRow(row).font = { bold: true };
    row++;
    for (const i of g.inputs) {
      labelRow(ws, row, i.zh, i.en);
      put(ws, `C${row}`, i.value, i.fmt);
      ws.getCell(`C${row}`).font = { color: { argb: 'FF1F4E9E' } };
      ws.getCell(`D${row}`).value = i.unit;
      ws.getCell(`E${row}`).value = i.source;
      wb.definedNames.add(`'${SHEETS.inputs}'!$C$${row}`, i.name);
      row++;
    }
  }
  // The repayment profile: a named range of one share per bond year.
  ws.getColumn(7).width = 16;
  ws.getColumn(8).width = 16;
  ws.getCell('G4').value = '债券年度 Bond year';
  ws.getCell('H4').value = '还本比例 Repaid';
  for (let k = 0; k < BOND_PROFILE_ROWS; k++) {
    const r = 5 + k;
    ws.getCell(r, 7).value = k + 1;
    put(ws, `H${r}`, `=IF(G${r}>bond_term,"",IF(G${r}<=bond_grace_years,0,1/(bond_term-bond_grace_years)))`, PCT);
    ws.getCell(r, 8).font = { color: { argb: 'FF1F4E9E' } };
  }
  const last = 4 + BOND_PROFILE_ROWS;
  wb.definedNames.add(`'${SHEETS.inputs}'!$H$5:$H$${last}`, 'bond_repayment');
  ws.getCell(`G${last + 1}`).value = '合计 Total';
  put(ws, `H${last + 1}`, `=SUM(H5:H${last})`, PCT);
  ws.getCell(`G${last + 2}`).value =
    '分期还本：前 bond_grace_years 年不还本，此后至到期每年等额还本；可直接输入其他还本比例 / Principal: none in the first years, then equal shares; type another profile over the formulas if needed';
}

/** Rows of the 投资与融资 sheet's summary block (column C). */
export const FUND = {
  capex: 4,
  centralCap: 5,
  central: 6,
  bond: 7,
  bondCapital: 8,
  ownFunds: 9,
  idc: 10,
  totalInvestment: 11,
  loan: 12,
  loanPayment: 13,
  capital: 14,
  capitalRatio: 15,
  capexVat: 16,
  capexVatSewage: 17,
  capexVatWater: 18,
  localInvestment: 19,
  reserve: 20,
} as const;
/** First row (construction year 1) of the construction table on 投资与融资. */
export const BUILD_ROW = 25;
const BUILD_LAST = BUILD_ROW + MAX_CONSTRUCTION_YEARS - 1;

/** Columns of the construction table (投资与融资, rows BUILD_ROW…). */
export const B = {
  t: 'A',
  year: 'B',
  share: 'C',
  capex: 'D',
  central: 'E',
  bond: 'F',
  own: 'G',
  bondInterest: 'H',
  loanDraw: 'I',
  loanIdc: 'J',
  loanBalance: 'K',
  centralCap: 'L',
} as const;

/** Columns of the 现金流 table (operating years, rows OP_ROW…). */
export const C = {
  k: 'A',
  year: 'B',
  load: 'C',
  sewageM3: 'D',
  reclaimedM3: 'E',
  priceIdx: 'F',
  costIdx: 'G',
  sewageFee: 'H',
  reclaimedSales: 'I',
  ecoPurchase: 'J',
  revenue: 'K',
  omSewage: 'L',
  omReclaimed: 'M',
  om: 'N',
  outVatS: 'O',
  inVatS: 'P',
  vatS: 'Q',
  creditS: 'R',
  refundS: 'S',
  outVatW: 'T',
  inVatW: 'U',
  vatW: 'V',
  creditW: 'W',
  refundW: 'X',
  surcharges: 'Y',
  renewal: 'Z',
  depRenewal: 'AA',
  wc: 'AB',
  wcIncrease: 'AC',
  ebitda: 'AD',
  depProject: 'AE',
  depEquity: 'AF',
  depCap: 'AG',
  creditUsed: 'AH',
} as const;

/** Columns of the 项目投资现金流 timeline. */
export const P = {
  t: 'A',
  year: 'B',
  phase: 'C',
  k: 'D',
  revenue: 'E',
  refunds: 'F',
  vatCredit: 'G',
  grant: 'H',
  residual: 'I',
  wcRecovery: 'J',
  inflow: 'K',
  capex: 'L',
  wc: 'M',
  om: 'N',
  surcharges: 'O',
  renewal: 'P',
  outflow: 'Q',
  preTax: 'R',
  ebit: 'S',
  adjTax: 'T',
  afterTax: 'U',
  cumulative: 'V',
  grantCap: 'W',
  ebitCap: 'X',
  adjTaxCap: 'Y',
  afterTaxCap: 'Z',
} as const;

/** Columns of the 资本金现金流 timeline. */
export const E = {
  t: 'A',
  year: 'B',
  phase: 'C',
  k: 'D',
  bondYear: 'E',
  revenue: 'F',
  refunds: 'G',
  vatCredit: 'H',
  residual: 'I',
  wcRecovery: 'J',
  inflow: 'K',
  own: 'L',
  reserveIncrease: 'M',
  bondPrincipal: 'N',
  bondInterest: 'O',
  loanPrincipal: 'P',
  loanInterest: 'Q',
  om: 'R',
  surcharges: 'S',
  renewal: 'T',
  wc: 'U',
  taxable: 'V',
  cit: 'W',
  outflow: 'X',
  equityCF: 'Y',
  cumulative: 'Z',
  cfads: 'AA',
  debtService: 'AB',
  dscr: 'AC',
  flag: 'AD',
  flagYear: 'AE',
  reserve: 'AF',
} as const;

/** Columns of the 融资平衡 table (bond years, rows BAL_ROW…). */
export const L = {
  k: 'A',
  year: 'B',
  t: 'C',
  phase: 'D',
  userRevenue: 'E',
  purchase: 'F',
  refunds: 'G',
  costs: 'H',
  net: 'I',
  seniorLoan: 'J',
  forBond: 'K',
  principal: 'L',
  interest: 'M',
  debtService: 'N',
  coverage: 'O',
  withoutPurchase: 'P',
  coverageWithout: 'Q',
} as const;

/** First operating year's row on 现金流 (rows OP_ROW … OP_ROW + 24; totals below). */
export const OP_ROW = 7;
const OP_LAST = OP_ROW + FLAGSHIP_YEARS - 1;
/** First row (t = 1, construction year 1) of the project and equity timelines; totals below. */
export const TL_ROW = 6;
const TL_LAST = TL_ROW + TIMELINE_ROWS - 1;
/** First bond-year row of the 融资平衡 table. */
export const BAL_ROW = 16;
const BAL_LAST = BAL_ROW + BOND_PROFILE_ROWS - 1;

const fundCell = (row: number) => `'${SHEETS.funding}'!$C$${row}`;
const opCol = (col: string) => `'${SHEETS.operations}'!$${col}$${OP_ROW}:$${col}$${OP_LAST}`;
const buildCol = (col: string) => `'${SHEETS.funding}'!$${col}$${BUILD_ROW}:$${col}$${BUILD_LAST}`;
const tlCol = (sheet: string, col: string) => `'${sheet}'!$${col}$${TL_ROW}:$${col}$${TL_LAST}`;

/** Headers of a table: Chinese on `row`, English on `row + 1`. */
function headers<K extends string>(
  ws: ExcelJS.Worksheet,
  row: number,
  cols: Record<K, string>,
  text: Record<K, [string, string]>,
  width = 16
): void {
  for (const [key, letter] of Object.entries(cols) as [K, string][]) {
    ws.getCell(`${letter}${row}`).value = text[key][0];
    ws.getCell(`${letter}${row + 1}`).value = text[key][1];
    ws.getColumn(letter).width = width;
  }
  ws.getRow(row).font = { bold: true };
  ws.getRow(row + 1).font = { italic: true };
}

/** 投资与融资: capex, the funding mix and the construction-period table. */
function addFundingSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(SHEETS.funding);
  title(
    ws,
    '投资与资金筹措',
    'Capex and funding',
    '万州发改资环〔2023〕25号（十三）积极争取中央财政资金；鼓励符合专项债券支持方向的项目；金融机构中长期信贷支持 / central funds, special bonds, long-term bank credit'
  );
  const vat = 'capex_input_vat_share';
  const rows: Record<keyof typeof FUND, [string, string, string, string, string?]> = {
    capex: [
      '建设投资（含可抵扣进项税）',
      'Construction capex (incl. deductible VAT)',
      '=capex_plant+capex_reclaimed',
      MONEY,
    ],
    centralCap: [
      '中央预算内投资（上限）',
      'Central budget support (upper bound)',
      '=REUSE.PROJECT.CENTRALFUND(C4,region,central_cap)',
      MONEY,
      'min(建设投资 × 地区比例, 上限)：可申请的最高额，作敏感性分析 the most one can get: a sensitivity',
    ],
    central: [
      '中央预算内投资（预期）',
      'Central budget support (expected)',
      '=C5*central_expected_share',
      MONEY,
      '上限 × 预期获批比例 upper bound × expected share',
    ],
    bond: ['专项债券', 'Special bond', '=bond_principal', MONEY],
    bondCapital: ['其中：用作项目资本金', 'of which as project capital', '=bond_principal*bond_capital_share', MONEY],
    ownFunds: ['区级财政及企业自有资金', 'Own funds', '=own_funds', MONEY],
    idc: [
      '建设期利息（资本化）',
      'Interest during construction (capitalised)',
      `=SUM(${B.bondInterest}${BUILD_ROW}:${B.bondInterest}${BUILD_LAST})+SUM(${B.loanIdc}${BUILD_ROW}:${B.loanIdc}${BUILD_LAST})`,
      MONEY,
      '专项债建设期付息（由贷款提款支付）＋ 贷款建设期利息（滚入本金） bond coupons paid from loan draws + loan interest rolled up',
    ],
    totalInvestment: [
      '项目总投资（建设投资＋建设期利息）',
      'Total investment (capex + interest during construction)',
      '=C4+C10',
      MONEY,
      '流动资金由运营期现金流解决，见现金流表 working capital from operations',
    ],
    loan: [
      '银行贷款（建设期末余额，含资本化利息）',
      'Bank loan at the end of construction (incl. capitalised interest)',
      `=INDEX(${B.loanBalance}${BUILD_ROW}:${B.loanBalance}${BUILD_LAST},construction_years)`,
      MONEY,
      '差额融资：建设投资 + 专项债建设期利息 − 中央资金 − 专项债 − 自有资金 the balance',
    ],
    loanPayment: [
      '银行贷款年还本付息',
      'Bank loan annual payment',
      '=IF(C12>0,PMT(loan_rate,loan_years,-C12),0)',
      MONEY,
    ],
    capital: ['项目资本金', 'Project capital', '=C6+C8+C9', MONEY, '预期中央资金 + 专项债作资本金部分 + 自有资金'],
    capitalRatio: ['项目资本金比例', 'Project capital ratio', '=C14/C11', PCT, '参考最低20%（国发〔2019〕26号）'],
    capexVat: [
      '建设投资可抵扣进项税额',
      'Deductible input VAT on capex',
      `=C4*${vat}`,
      MONEY,
      '留抵结转，运营期抵减销项税 carried forward against output VAT',
    ],
    capexVatSewage: ['其中：污水处理', 'of which sewage treatment', `=capex_plant*${vat}`, MONEY],
    capexVatWater: ['其中：再生水', 'of which reclaimed water', `=capex_reclaimed*${vat}`, MONEY],
    localInvestment: [
      '地方承担建设投资（扣除预期中央资金）',
      'Capex borne locally (net of expected central support)',
      '=C4-C6',
      MONEY,
    ],
    reserve: [
      '偿债准备金（投产前注入）',
      'Debt-service reserve at the start of operation',
      `=INDEX(${tlCol(SHEETS.equity, E.reserve)},construction_years)`,
      MONEY,
      '自有资金注入 funded by equity',
    ],
  };
  [40, 50, 20, 56].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ['项目 Item', 'Item', '金额 Amount', '说明 Note'].forEach((h, i) => (ws.getCell(3, i + 1).value = h));
  ws.getRow(3).font = { bold: true };
  for (const [key, [zh, en, f, fmt, note]] of Object.entries(rows) as [
    keyof typeof FUND,
    (typeof rows)[keyof typeof FUND],
  ][]) {
    const r = FUND[key];
    labelRow(ws, r, zh, en);
    put(ws, `C${r}`, f, fmt);
    if (note) ws.getCell(`D${r}`).value = note;
  }

  // The construction table: capex phasing, sources in the same proportion, loan draws and interest.
  labelRow(
    ws,
    BUILD_ROW - 3,
    '建设期资金使用与建设期利息估算（当年提款按半年计息）',
    "Construction period: uses, sources and interest (half a year on the year's draws)"
  );
  ws.getRow(BUILD_ROW - 3).font = { bold: true };
  headers(ws, BUILD_ROW - 2, B, {
    t: ['建设年序', 't'],
    year: ['年度', 'Year'],
    share: ['投资比例', 'Share of capex'],
    capex: ['建设投资', 'Capex'],
    central: ['中央资金（预期）', 'Central (expected)'],
    bond: ['专项债资金', 'Bond proceeds'],
    own: ['自有资金', 'Own funds'],
    bondInterest: ['专项债建设期付息', 'Bond interest'],
    loanDraw: ['银行贷款提款', 'Loan draw'],
    loanIdc: ['贷款建设期利息', 'Loan interest (rolled up)'],
    loanBalance: ['贷款期末余额', 'Loan balance'],
    centralCap: ['中央资金（上限）', 'Central (upper bound)'],
  });
  ws.getColumn('A').width = 40;
  ws.getColumn('B').width = 50;
  ws.getColumn('C').width = 20;
  ws.getColumn('D').width = 56;
  for (let i = 0; i < MAX_CONSTRUCTION_YEARS; i++) {
    const r = BUILD_ROW + i;
    const at = (k: keyof typeof B) => `${B[k]}${r}`;
    put(ws, at('t'), i + 1, INT);
    put(ws, at('year'), `=construction_start_year+${at('t')}-1`, INT);
    put(
      ws,
      at('share'),
      `=IF(${at('t')}>construction_years,0,IF(construction_years=1,1,IF(${at('t')}=1,capex_share_first,(1-capex_share_first)/(construction_years-1))))`,
      PCT
    );
    put(ws, at('capex'), `=$C$${FUND.capex}*${at('share')}`, MONEY);
    put(ws, at('central'), `=$C$${FUND.central}*${at('share')}`, MONEY);
    put(ws, at('bond'), `=$C$${FUND.bond}*${at('share')}`, MONEY);
    put(ws, at('own'), `=$C$${FUND.ownFunds}*${at('share')}`, MONEY);
    // The bond's coupons in a construction year (bond year = calendar year − issue year), paid from the loan.
    const kb = `(${at('year')}-YEAR(bond_issue_date))`;
    put(
      ws,
      at('bondInterest'),
      `=IF(OR(${at('t')}>construction_years,${kb}<1,${kb}>bond_term),0,INDEX(${balCol(L.interest)},${kb}))`,
      MONEY
    );
    put(
      ws,
      at('loanDraw'),
      `=MAX(0,${at('capex')}-${at('central')}-${at('bond')}-${at('own')}+${at('bondInterest')})`,
      MONEY
    );
    const opening = i === 0 ? '0' : `${B.loanBalance}${r - 1}`;
    put(ws, at('loanIdc'), `=IF(${at('t')}>construction_years,0,(${opening}+${at('loanDraw')}/2)*loan_rate)`, MONEY);
    put(ws, at('loanBalance'), `=${opening}+${at('loanDraw')}+${at('loanIdc')}`, MONEY);
    put(ws, at('centralCap'), `=$C$${FUND.centralCap}*${at('share')}`, MONEY);
  }
  ws.getCell(`A${BUILD_LAST + 1}`).value =
    '建设期为1–3年；超出建设期的行为0。专项债应在建设期内只付息（还本宽限期不短于建设期） / 1–3 construction years; the bond pays only interest during construction';
}

/** 现金流: the 25 operating years down the rows. */
function addOperatingSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(SHEETS.operations);
  title(
    ws,
    '运营期逐年测算',
    'Operating years',
    '收入不含增值税；增值税分业务核算，建设期进项税留抵结转；即征即退按当期应纳税额（TAX.VATREFUND）；附加税费按实缴增值税计、不随即征即退退还（财税〔2005〕72号） / revenue ex VAT; VAT per line with the construction credit carried forward; refunds on VAT payable; surcharges on VAT paid'
  );
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: OP_ROW - 1 }];
  headers(ws, 4, C, {
    k: ['运营年', 'Op. year'],
    year: ['年度', 'Year'],
    load: ['负荷率', 'Load'],
    sewageM3: ['污水处理量 m³', 'Sewage treated m³'],
    reclaimedM3: ['再生水量 m³', 'Reclaimed water m³'],
    priceIdx: ['价格指数', 'Price index'],
    costIdx: ['成本指数', 'Cost index'],
    sewageFee: ['污水处理服务费', 'Sewage treatment fees'],
    reclaimedSales: ['再生水销售收入', 'Reclaimed-water sales'],
    ecoPurchase: ['生态补水政府购买服务', 'Ecological replenishment (gov. purchase)'],
    revenue: ['营业收入合计', 'Revenue'],
    omSewage: ['污水运营成本', 'O&M, sewage'],
    omReclaimed: ['再生水运营成本', 'O&M, reclaimed water'],
    om: ['经营成本合计', 'O&M total'],
    outVatS: ['销项税（污水）', 'Output VAT, sewage'],
    inVatS: ['进项税（污水）', 'Input VAT, sewage'],
    vatS: ['应纳增值税（污水）', 'VAT payable, sewage'],
    creditS: ['期末留抵（污水）', 'Credit carried, sewage'],
    refundS: ['即征即退（污水）', 'VAT refund, sewage'],
    outVatW: ['销项税（再生水）', 'Output VAT, reclaimed'],
    inVatW: ['进项税（再生水）', 'Input VAT, reclaimed'],
    vatW: ['应纳增值税（再生水）', 'VAT payable, reclaimed'],
    creditW: ['期末留抵（再生水）', 'Credit carried, reclaimed'],
    refundW: ['即征即退（再生水）', 'VAT refund, reclaimed'],
    surcharges: ['税金及附加（城建税、教育费附加、地方教育附加）', 'VAT surcharges'],
    renewal: ['维持运营投资（设备更新）', 'Sustaining capex (renewal)'],
    depRenewal: ['更新设备折旧', 'Depreciation of renewals'],
    wc: ['流动资金', 'Working capital'],
    wcIncrease: ['流动资金增加额', 'Increase in working capital'],
    ebitda: ['息税折旧摊销前利润', 'EBITDA'],
    depProject: ['折旧（项目投资口径）', 'Depreciation (project view)'],
    depEquity: ['折旧（含资本化利息）', 'Depreciation (incl. capitalised interest)'],
    depCap: ['折旧（中央资金按上限）', 'Depreciation (central at its cap)'],
    creditUsed: ['留抵抵减（建设期进项税回收）', 'Construction input VAT recovered'],
  });
  ws.getColumn(C.k).width = 8;
  ws.getCell(`A${OP_ROW - 1}`).value =
    '建设期见“项目投资现金流”“资本金现金流” / construction years: see the project and equity sheets';
  ws.getCell(`A${OP_ROW - 1}`).font = { italic: true, color: { argb: 'FF555555' } };

  const surchargeRate = '(cmt_rate+edu_surcharge_rate+local_edu_surcharge_rate)';
  const plantBase = (central: string) => `(${fundCell(FUND.capex)}-${central})*(1-capex_input_vat_share)`;
  for (let r = OP_ROW; r <= OP_LAST; r++) {
    const cell = (k: keyof typeof C) => `${C[k]}${r}`;
    const prev = (k: keyof typeof C) => `${C[k]}${r - 1}`;
    const k = cell('k');
    const set = (key: keyof typeof C, formula: string | number, fmt: string = MONEY) =>
      put(ws, cell(key), formula, fmt);
    set('k', r - OP_ROW + 1, INT);
    set('year', `=start_year+${k}-1`, INT);
    set('load', `=MIN(load_max,load_start+load_step*(${k}-1))`, PCT);
    set('sewageM3', `=sewage_capacity*${cell('load')}*365`, M3);
    set('reclaimedM3', `=reclaimed_capacity*${cell('load')}*365`, M3);
    set('priceIdx', `=(1+price_growth)^(${k}-1)`, '0.0000');
    set('costIdx', `=(1+om_growth)^(${k}-1)`, '0.0000');
    set('sewageFee', `=${cell('sewageM3')}*sewage_fee*${cell('priceIdx')}`);
    set('reclaimedSales', `=${cell('reclaimedM3')}*reclaimed_user_share*reclaimed_price*${cell('priceIdx')}`);
    set('ecoPurchase', `=${cell('reclaimedM3')}*(1-reclaimed_user_share)*eco_price*${cell('priceIdx')}`);
    set('revenue', `=${cell('sewageFee')}+${cell('reclaimedSales')}+${cell('ecoPurchase')}`);
    set('omSewage', `=(${cell('sewageM3')}*om_sewage+om_fixed)*${cell('costIdx')}`);
    set('omReclaimed', `=${cell('reclaimedM3')}*om_reclaimed*${cell('costIdx')}`);
    set('om', `=${cell('omSewage')}+${cell('omReclaimed')}`);
    // VAT per line: the credit brought forward is last year's closing credit (year 1: the construction input VAT).
    const creditS = r === OP_ROW ? fundCell(FUND.capexVatSewage) : prev('creditS');
    const creditW = r === OP_ROW ? fundCell(FUND.capexVatWater) : prev('creditW');
    set('outVatS', `=${cell('sewageFee')}*vat_rate_sewage`);
    set('inVatS', `=${cell('omSewage')}*input_vat_share`);
    set('vatS', `=MAX(0,${cell('outVatS')}-${cell('inVatS')}-${creditS})`);
    set('creditS', `=MAX(0,${creditS}+${cell('inVatS')}-${cell('outVatS')})`);
    set('refundS', `=REUSE.TAX.VATREFUND(${cell('outVatS')},${cell('inVatS')}+${creditS},refund_sewage)`);
    set('outVatW', `=(${cell('reclaimedSales')}+${cell('ecoPurchase')})*vat_rate_water`);
    set('inVatW', `=${cell('omReclaimed')}*input_vat_share`);
    set('vatW', `=MAX(0,${cell('outVatW')}-${cell('inVatW')}-${creditW})`);
    set('creditW', `=MAX(0,${creditW}+${cell('inVatW')}-${cell('outVatW')})`);
    set('refundW', `=REUSE.TAX.VATREFUND(${cell('outVatW')},${cell('inVatW')}+${creditW},refund_reclaimed)`);
    set('surcharges', `=(${cell('vatS')}+${cell('vatW')})*${surchargeRate}`);
    set(
      'renewal',
      `=IF(AND(MOD(${k},renewal_years)=0,${k}<${FLAGSHIP_YEARS}),${fundCell(FUND.capex)}*equipment_share*renewal_share*${cell('costIdx')},0)`
    );
    // Each renewal is depreciated straight-line over the renewal cycle, from the year after it is made.
    const ks = `$${C.k}$${OP_ROW}:$${C.k}$${OP_LAST}`;
    set(
      'depRenewal',
      `=SUMPRODUCT((${ks}<${k})*(${ks}>=${k}-renewal_years)*$${C.renewal}$${OP_ROW}:$${C.renewal}$${OP_LAST})/renewal_years`
    );
    set('wc', `=working_capital_share*${cell('om')}`);
    set('wcIncrease', r === OP_ROW ? `=${cell('wc')}` : `=${cell('wc')}-${prev('wc')}`);
    set('ebitda', `=${cell('revenue')}+${cell('refundS')}+${cell('refundW')}-${cell('om')}-${cell('surcharges')}`);
    // Depreciation: the asset's cost ex deductible VAT, less the part central support paid for (不征税收入,
    // 财税〔2011〕70号: not depreciated for tax); the equity view adds the capitalised interest.
    set('depProject', `=IF(${k}<=depreciation_years,${plantBase(fundCell(FUND.central))}/depreciation_years,0)`);
    set(
      'depEquity',
      `=IF(${k}<=depreciation_years,(${plantBase(fundCell(FUND.central))}+${fundCell(FUND.idc)})/depreciation_years,0)`
    );
    set('depCap', `=IF(${k}<=depreciation_years,${plantBase(fundCell(FUND.centralCap))}/depreciation_years,0)`);
    // Output VAT kept instead of paid while the construction credit lasts: the capex's VAT coming back as cash.
    set('creditUsed', `=${creditS}-${cell('creditS')}+${creditW}-${cell('creditW')}`);
  }
  const total = OP_LAST + 1;
  ws.getCell(`${C.year}${total}`).value = '合计 Total';
  for (const k of [
    'sewageM3',
    'reclaimedM3',
    'sewageFee',
    'reclaimedSales',
    'ecoPurchase',
    'revenue',
    'omSewage',
    'omReclaimed',
    'om',
    'outVatS',
    'inVatS',
    'vatS',
    'refundS',
    'outVatW',
    'inVatW',
    'vatW',
    'refundW',
    'surcharges',
    'renewal',
    'depRenewal',
    'wcIncrease',
    'ebitda',
    'depProject',
    'depEquity',
    'depCap',
    'creditUsed',
  ] as const) {
    put(ws, `${C[k]}${total}`, `=SUM(${C[k]}${OP_ROW}:${C[k]}${OP_LAST})`, k.endsWith('M3') ? M3 : MONEY);
  }
  ws.getRow(total).font = { bold: true };
}

/** The common first columns of a timeline: t, calendar year, phase, operating year (0 outside). */
function timelineRow(
  ws: ExcelJS.Worksheet,
  r: number,
  cols: { t: string; year: string; phase: string; k: string }
): void {
  const t = `${cols.t}${r}`;
  put(ws, t, r - TL_ROW + 1, INT);
  put(ws, `${cols.year}${r}`, `=construction_start_year+${t}-1`, INT);
  put(
    ws,
    `${cols.phase}${r}`,
    `=IF(${t}<=construction_years,"建设期 build",IF(${t}<=construction_years+${FLAGSHIP_YEARS},"运营期 operate","—"))`
  );
  put(
    ws,
    `${cols.k}${r}`,
    `=IF(AND(${t}>construction_years,${t}<=construction_years+${FLAGSHIP_YEARS}),${t}-construction_years,0)`,
    INT
  );
}

/** A 现金流 column's value in operating year `k` (a cell holding 0 outside operation). */
const opAt = (col: string, k: string) => `IF(${k}>0,INDEX(${opCol(col)},${k}),0)`;
/** A construction-table column's value in timeline year `t` (0 after construction). */
const buildAt = (col: string, t: string) => `IF(${t}<=construction_years,INDEX(${buildCol(col)},${t}),0)`;
/** A 融资平衡 column over the bond years. */
function balCol(col: string): string {
  return `'${SHEETS.balance}'!$${col}$${BAL_ROW}:$${col}$${BAL_LAST}`;
}

/** Book value left at the end of the last operating year: the plant (on `base`) and the renewals. */
function residual(base: string, depCol: string): string {
  return `${base}-SUM(${opCol(depCol)})+SUM(${opCol(C.renewal)})-SUM(${opCol(C.depRenewal)})`;
}

/** Summary cells of the project sheet. */
export const PROJECT_RESULTS = {
  npv: 0,
  npvCap: 1,
  npvPreTax: 2,
  firr: 3,
  firrCap: 4,
  firrPreTax: 5,
  payback: 6,
  paybackPreTax: 7,
} as const;
const RESULT_ROW = TL_LAST + 3;

/** 项目投资现金流: the project view, before financing, with the income tax on EBIT. */
function addProjectSheet(wb: ExcelJS.Workbook): Record<keyof typeof PROJECT_RESULTS, string> {
  const ws = wb.addWorksheet(SHEETS.project);
  title(
    ws,
    '项目投资现金流量表（融资前）',
    'Project cash flow (before financing)',
    '《建设项目经济评价方法与参数》（第三版）：现金流按年末计，计算期含建设期；调整所得税 = 息税前利润 × 税率（三免三减半，西部15%），不扣利息；折旧不含建设期利息；中央资金为投资补助（流入）；建设投资含进项税，运营期以留抵抵减销项税的形式回收 / year-end flows from the start of construction; tax on EBIT, no interest; central support as an inflow; capex incl. VAT, its VAT recovered as the credit is used'
  );
  ws.views = [{ state: 'frozen', xSplit: 3, ySplit: TL_ROW - 1 }];
  headers(ws, 4, P, {
    t: ['年序', 't'],
    year: ['年度', 'Year'],
    phase: ['阶段', 'Phase'],
    k: ['运营年', 'Op. year'],
    revenue: ['营业收入', 'Revenue'],
    refunds: ['补贴收入（即征即退）', 'Subsidy income (VAT refunds)'],
    vatCredit: ['建设期进项税抵扣回收', 'Construction input VAT recovered'],
    grant: ['中央预算内投资补助（预期）', 'Central support (expected)'],
    residual: ['回收固定资产余值', 'Residual value recovered'],
    wcRecovery: ['回收流动资金', 'Working capital recovered'],
    inflow: ['现金流入', 'Cash in'],
    capex: ['建设投资', 'Construction capex'],
    wc: ['流动资金', 'Working capital'],
    om: ['经营成本', 'O&M'],
    surcharges: ['税金及附加', 'VAT surcharges'],
    renewal: ['维持运营投资', 'Sustaining capex'],
    outflow: ['现金流出', 'Cash out'],
    preTax: ['所得税前净现金流量', 'Net cash flow before tax'],
    ebit: ['息税前利润', 'EBIT'],
    adjTax: ['调整所得税', 'Income tax on EBIT'],
    afterTax: ['所得税后净现金流量', 'Net cash flow after tax'],
    cumulative: ['累计所得税后净现金流量', 'Cumulative after tax'],
    grantCap: ['中央资金（上限）', 'Central support (cap)'],
    ebitCap: ['息税前利润（上限口径）', 'EBIT (cap)'],
    adjTaxCap: ['调整所得税（上限口径）', 'Tax on EBIT (cap)'],
    afterTaxCap: ['所得税后净现金流量（中央资金按上限）', 'Net cash flow after tax (central at its cap)'],
  });
  ws.getColumn(P.t).width = 6;
  ws.getColumn(P.phase).width = 14;
  const baseProject = `(${fundCell(FUND.capex)}-${fundCell(FUND.central)})*(1-capex_input_vat_share)`;
  const baseCap = `(${fundCell(FUND.capex)}-${fundCell(FUND.centralCap)})*(1-capex_input_vat_share)`;
  for (let r = TL_ROW; r <= TL_LAST; r++) {
    const cell = (k: keyof typeof P) => `${P[k]}${r}`;
    const set = (key: keyof typeof P, formula: string, fmt: string = MONEY) => put(ws, cell(key), formula, fmt);
    timelineRow(ws, r, P);
    const t = cell('t');
    const k = cell('k');
    const last = `${k}=${FLAGSHIP_YEARS}`;
    set('revenue', `=${opAt(C.revenue, k)}`);
    set('refunds', `=${opAt(C.refundS, k)}+${opAt(C.refundW, k)}`);
    set('vatCredit', `=${opAt(C.creditUsed, k)}`);
    set('grant', `=${buildAt(B.central, t)}`);
    set('residual', `=IF(${last},${residual(baseProject, C.depProject)},0)`);
    set('wcRecovery', `=IF(${last},INDEX(${opCol(C.wc)},${k}),0)`);
    set('inflow', `=SUM(${cell('revenue')}:${cell('wcRecovery')})`);
    set('capex', `=${buildAt(B.capex, t)}`);
    set('wc', `=${opAt(C.wcIncrease, k)}`);
    set('om', `=${opAt(C.om, k)}`);
    set('surcharges', `=${opAt(C.surcharges, k)}`);
    set('renewal', `=${opAt(C.renewal, k)}`);
    set('outflow', `=SUM(${cell('capex')}:${cell('renewal')})`);
    set('preTax', `=${cell('inflow')}-${cell('outflow')}`);
    set(
      'ebit',
      `=IF(${k}>0,INDEX(${opCol(C.ebitda)},${k})-INDEX(${opCol(C.depProject)},${k})-INDEX(${opCol(C.depRenewal)},${k}),0)`
    );
    set('afterTax', `=${cell('preTax')}-${cell('adjTax')}`);
    set('cumulative', r === TL_ROW ? `=${cell('afterTax')}` : `=${P.cumulative}${r - 1}+${cell('afterTax')}`);
    set('grantCap', `=${buildAt(B.centralCap, t)}`);
    set(
      'ebitCap',
      `=IF(${k}>0,INDEX(${opCol(C.ebitda)},${k})-INDEX(${opCol(C.depCap)},${k})-INDEX(${opCol(C.depRenewal)},${k}),0)`
    );
    // Same flows with the grant at its cap: the grant, the tax (a smaller depreciable base) and the residual change.
    set(
      'afterTaxCap',
      `=${cell('preTax')}-${cell('grant')}+${cell('grantCap')}-${cell('residual')}+IF(${last},${residual(baseCap, C.depCap)},0)-${cell('adjTaxCap')}`
    );
  }
  const col = (k: keyof typeof P) => `${P[k]}${TL_ROW}:${P[k]}${TL_LAST}`;
  // The holiday starts with the first operating year (a 1-based index into the timeline).
  spill(ws, col('adjTax'), `=REUSE.TAX.CITHOLIDAY(${col('ebit')},construction_years+1,cit_rate)`, MONEY);
  spill(ws, col('adjTaxCap'), `=REUSE.TAX.CITHOLIDAY(${col('ebitCap')},construction_years+1,cit_rate)`, MONEY);
  const total = TL_LAST + 1;
  ws.getCell(`${P.year}${total}`).value = '合计 Total';
  for (const k of [
    'revenue',
    'refunds',
    'vatCredit',
    'grant',
    'residual',
    'wcRecovery',
    'inflow',
    'capex',
    'wc',
    'om',
    'surcharges',
    'renewal',
    'outflow',
    'preTax',
    'ebit',
    'adjTax',
    'afterTax',
    'grantCap',
    'adjTaxCap',
    'afterTaxCap',
  ] as const) {
    put(ws, `${P[k]}${total}`, `=SUM(${col(k)})`, MONEY);
  }
  ws.getRow(total).font = { bold: true };

  const lines: Record<keyof typeof PROJECT_RESULTS, [string, string, string, string]> = {
    npv: [
      '财务净现值（所得税后，预期中央资金）',
      'NPV after tax (expected central support)',
      `=NPV(discount_rate,${col('afterTax')})`,
      MONEY,
    ],
    npvCap: [
      '财务净现值（所得税后，中央资金按上限）',
      'NPV after tax (central support at its cap)',
      `=NPV(discount_rate,${col('afterTaxCap')})`,
      MONEY,
    ],
    npvPreTax: ['财务净现值（所得税前）', 'NPV before tax', `=NPV(discount_rate,${col('preTax')})`, MONEY],
    firr: ['财务内部收益率（所得税后）', 'FIRR after tax', `=IRR(${col('afterTax')})`, PCT2],
    firrCap: [
      '财务内部收益率（所得税后，中央资金按上限）',
      'FIRR after tax (central support at its cap)',
      `=IRR(${col('afterTaxCap')})`,
      PCT2,
    ],
    firrPreTax: ['财务内部收益率（所得税前）', 'FIRR before tax', `=IRR(${col('preTax')})`, PCT2],
    payback: [
      '投资回收期（所得税后，自建设期初起算，年）',
      'Payback after tax, from the start of construction (years)',
      `=1+REUSE.PROJECT.PAYBACK(${col('afterTax')})`,
      '0.00',
    ],
    paybackPreTax: [
      '投资回收期（所得税前，自建设期初起算，年）',
      'Payback before tax, from the start of construction (years)',
      `=1+REUSE.PROJECT.PAYBACK(${col('preTax')})`,
      '0.00',
    ],
  };
  const out = {} as Record<keyof typeof PROJECT_RESULTS, string>;
  for (const [key, [zh, en, f, fmt]] of Object.entries(lines) as [
    keyof typeof PROJECT_RESULTS,
    [string, string, string, string],
  ][]) {
    const r = RESULT_ROW + PROJECT_RESULTS[key];
    ws.getCell(`B${r}`).value = zh;
    ws.getCell(`C${r}`).value = en;
    put(ws, `E${r}`, f, fmt);
    out[key] = `'${SHEETS.project}'!E${r}`;
  }
  ws.getCell(`B${RESULT_ROW + 8}`).value =
    'NPV：Excel 的 NPV 把第1个值折现1期，即年末流量、第1年为建设期第1年；回收期 = 1 + PAYBACK（PAYBACK 以第1个值为第0期）';
  ws.getCell(`B${RESULT_ROW + 9}`).value =
    'NPV discounts year 1 by one period (year-end flows); payback = 1 + PAYBACK (which puts its first value at t = 0)';
  return out;
}

/** Summary cells of the equity sheet. */
export const EQUITY_RESULTS = { irr: 0, npv: 1, minDscr: 2, below: 3, firstBelow: 4, cit: 5 } as const;

/** 资本金现金流: the equity view, after financing, with the tax actually paid. */
function addEquitySheet(wb: ExcelJS.Workbook): Record<keyof typeof EQUITY_RESULTS, string> {
  const ws = wb.addWorksheet(SHEETS.equity);
  title(
    ws,
    '项目资本金现金流量表（融资后）',
    'Equity cash flow (after financing)',
    '资本金 = 自有资金（含偿债准备金）；专项债（含作资本金部分）与银行贷款本息由项目收入偿还；所得税按实缴（利息可扣除）；建设期利息已资本化；偿债备付率 =（息税折旧摊销前利润 + 留抵回收 − 所得税 − 维持运营投资）/ 当年还本付息 / equity = own funds and the reserve; tax as paid; DSCR = (EBITDA + VAT credit recovered − tax − sustaining capex) / debt service'
  );
  ws.views = [{ state: 'frozen', xSplit: 3, ySplit: TL_ROW - 1 }];
  headers(ws, 4, E, {
    t: ['年序', 't'],
    year: ['年度', 'Year'],
    phase: ['阶段', 'Phase'],
    k: ['运营年', 'Op. year'],
    bondYear: ['债券年度', 'Bond year'],
    revenue: ['营业收入', 'Revenue'],
    refunds: ['补贴收入（即征即退）', 'Subsidy income (VAT refunds)'],
    vatCredit: ['建设期进项税抵扣回收', 'Construction input VAT recovered'],
    residual: ['回收固定资产余值', 'Residual value recovered'],
    wcRecovery: ['回收流动资金', 'Working capital recovered'],
    inflow: ['现金流入', 'Cash in'],
    own: ['项目资本金（自有资金）', 'Equity (own funds)'],
    reserveIncrease: ['偿债准备金增加', 'Increase in the reserve'],
    bondPrincipal: ['专项债还本', 'Bond principal'],
    bondInterest: ['专项债付息', 'Bond interest'],
    loanPrincipal: ['银行贷款还本', 'Loan principal'],
    loanInterest: ['银行贷款付息', 'Loan interest'],
    om: ['经营成本', 'O&M'],
    surcharges: ['税金及附加', 'VAT surcharges'],
    renewal: ['维持运营投资', 'Sustaining capex'],
    wc: ['流动资金', 'Working capital'],
    taxable: ['应纳税所得额', 'Taxable income'],
    cit: ['所得税', 'Income tax'],
    outflow: ['现金流出', 'Cash out'],
    equityCF: ['资本金净现金流量', 'Equity net cash flow'],
    cumulative: ['累计', 'Cumulative'],
    cfads: ['可用于还本付息的资金', 'Cash available for debt service'],
    debtService: ['运营期还本付息', 'Debt service (operation)'],
    dscr: ['偿债备付率', 'DSCR'],
    flag: ['低于警戒值', 'Below threshold'],
    flagYear: ['低于警戒值的年度', 'Year below'],
    reserve: ['偿债准备金余额', 'Reserve balance'],
  });
  ws.getColumn(E.t).width = 6;
  ws.getColumn(E.phase).width = 14;
  const baseEquity = `(${fundCell(FUND.capex)}-${fundCell(FUND.central)})*(1-capex_input_vat_share)+${fundCell(FUND.idc)}`;
  const loan = fundCell(FUND.loan);
  for (let r = TL_ROW; r <= TL_LAST; r++) {
    const cell = (k: keyof typeof E) => `${E[k]}${r}`;
    const set = (key: keyof typeof E, formula: string, fmt: string = MONEY) => put(ws, cell(key), formula, fmt);
    timelineRow(ws, r, E);
    const t = cell('t');
    const k = cell('k');
    const kb = cell('bondYear');
    const last = `${k}=${FLAGSHIP_YEARS}`;
    const op = (x: string) => `IF(${k}>0,${x},0)`;
    const inBond = `AND(${kb}>=1,${kb}<=bond_term)`;
    const inLoan = `AND(${k}>=1,${k}<=loan_years,${loan}>0)`;
    set('bondYear', `=${cell('year')}-YEAR(bond_issue_date)`, INT);
    set('revenue', `=${opAt(C.revenue, k)}`);
    set('refunds', `=${opAt(C.refundS, k)}+${opAt(C.refundW, k)}`);
    set('vatCredit', `=${opAt(C.creditUsed, k)}`);
    set('residual', `=IF(${last},${residual(`(${baseEquity})`, C.depEquity)},0)`);
    set('wcRecovery', `=IF(${last},INDEX(${opCol(C.wc)},${k}),0)`);
    set('inflow', `=SUM(${cell('revenue')}:${cell('wcRecovery')})`);
    set('own', `=${buildAt(B.own, t)}`);
    set('reserveIncrease', r === TL_ROW ? `=${cell('reserve')}` : `=${cell('reserve')}-${E.reserve}${r - 1}`);
    set('bondPrincipal', `=IF(${inBond},INDEX(${balCol(L.principal)},${kb}),0)`);
    set('bondInterest', `=IF(${inBond},INDEX(${balCol(L.interest)},${kb}),0)`);
    set('loanInterest', `=IF(${inLoan},IPMT(loan_rate,${k},loan_years,-${loan}),0)`);
    set('loanPrincipal', `=IF(${inLoan},PMT(loan_rate,loan_years,-${loan})-${cell('loanInterest')},0)`);
    set('om', `=${opAt(C.om, k)}`);
    set('surcharges', `=${opAt(C.surcharges, k)}`);
    set('renewal', `=${opAt(C.renewal, k)}`);
    set('wc', `=${opAt(C.wcIncrease, k)}`);
    set(
      'taxable',
      `=${op(`INDEX(${opCol(C.ebitda)},${k})-INDEX(${opCol(C.depEquity)},${k})-INDEX(${opCol(C.depRenewal)},${k})-${cell('bondInterest')}-${cell('loanInterest')}`)}`
    );
    // Bond coupons in construction years were paid from loan draws (capitalised), so only operating debt service is an outflow here.
    set(
      'outflow',
      `=${cell('own')}+${cell('reserveIncrease')}+${cell('debtService')}+${cell('om')}+${cell('surcharges')}+${cell('renewal')}+${cell('wc')}+${cell('cit')}`
    );
    set('equityCF', `=${cell('inflow')}-${cell('outflow')}`);
    set('cumulative', r === TL_ROW ? `=${cell('equityCF')}` : `=${E.cumulative}${r - 1}+${cell('equityCF')}`);
    set(
      'cfads',
      `=${op(`${cell('revenue')}+${cell('refunds')}+${cell('vatCredit')}-${cell('om')}-${cell('surcharges')}-${cell('cit')}-${cell('renewal')}`)}`
    );
    set(
      'debtService',
      `=${op(`${cell('bondPrincipal')}+${cell('bondInterest')}+${cell('loanPrincipal')}+${cell('loanInterest')}`)}`
    );
    set('flag', `=IF(AND(ISNUMBER(${cell('dscr')}),${cell('dscr')}<dscr_min),1,0)`, FLAG);
    set('flagYear', `=IF(${cell('flag')}=1,${cell('year')},"")`, INT);
    // The reserve holds `dsra_months` of next year's debt service; it is released when nothing is due.
    set('reserve', r === TL_LAST ? '=0' : `=dsra_months/12*${E.debtService}${r + 1}`);
  }
  const col = (k: keyof typeof E) => `${E[k]}${TL_ROW}:${E[k]}${TL_LAST}`;
  spill(ws, col('cit'), `=REUSE.TAX.CITHOLIDAY(${col('taxable')},construction_years+1,cit_rate)`, MONEY);
  spill(ws, col('dscr'), `=REUSE.BOND.DSCR(${col('cfads')},${col('debtService')})`, RATIO);
  flagBelow(ws, col('dscr'), 'dscr_min');
  const total = TL_LAST + 1;
  ws.getCell(`${E.year}${total}`).value = '合计 Total';
  for (const k of [
    'revenue',
    'refunds',
    'vatCredit',
    'residual',
    'wcRecovery',
    'inflow',
    'own',
    'reserveIncrease',
    'bondPrincipal',
    'bondInterest',
    'loanPrincipal',
    'loanInterest',
    'om',
    'surcharges',
    'renewal',
    'wc',
    'taxable',
    'cit',
    'outflow',
    'equityCF',
    'cfads',
    'debtService',
    'flag',
  ] as const) {
    put(ws, `${E[k]}${total}`, `=SUM(${col(k)})`, k === 'flag' ? INT : MONEY);
  }
  ws.getRow(total).font = { bold: true };

  const lines: Record<keyof typeof EQUITY_RESULTS, [string, string, string, string]> = {
    irr: ['资本金财务内部收益率', 'Equity IRR', `=IRR(${col('equityCF')})`, PCT2],
    npv: [
      '资本金净现值（按财务基准收益率）',
      'Equity NPV at the discount rate',
      `=NPV(discount_rate,${col('equityCF')})`,
      MONEY,
    ],
    minDscr: ['最低偿债备付率', 'Minimum DSCR', `=MIN(${col('dscr')})`, RATIO],
    below: ['偿债备付率低于警戒值的年数', 'Years with DSCR below the threshold', `=SUM(${col('flag')})`, INT],
    firstBelow: [
      '首个低于警戒值的年度',
      'First year below the threshold',
      `=IF(SUM(${col('flag')})=0,"无 none",MIN(${col('flagYear')}))`,
      INT,
    ],
    cit: ['所得税合计（实缴）', 'Income tax paid, total', `=SUM(${col('cit')})`, MONEY],
  };
  const out = {} as Record<keyof typeof EQUITY_RESULTS, string>;
  for (const [key, [zh, en, f, fmt]] of Object.entries(lines) as [
    keyof typeof EQUITY_RESULTS,
    [string, string, string, string],
  ][]) {
    const r = RESULT_ROW + EQUITY_RESULTS[key];
    ws.getCell(`B${r}`).value = zh;
    ws.getCell(`C${r}`).value = en;
    put(ws, `F${r}`, f, fmt);
    out[key] = `'${SHEETS.equity}'!F${r}`;
  }
  return out;
}

/** Summary cells of the 融资平衡 sheet (column C, from row 5). */
export const BALANCE_RESULTS = {
  coverage: 5,
  coverageWithout: 6,
  required: 7,
  meets: 8,
  meetsWithout: 9,
  capacity: 10,
  llcr: 11,
} as const;

/** 融资平衡: the special bond's balance in the form of an implementation plan, by bond year. */
function addBalanceSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(SHEETS.balance);
  title(
    ws,
    '专项债券项目收益与融资自求平衡测算',
    'Special bond: revenue and financing balance',
    '财预〔2017〕89号 项目收益与融资自求平衡；净收益 = 收入 − 经营成本 − 税金及附加 − 所得税 − 维持运营投资；建设期付息已计入本息 / net revenue after costs, taxes and sustaining capex; construction-period coupons included in debt service'
  );
  [10, 10, 8, 14].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  labelRow(ws, 3, '偿债顺序', 'Seniority');
  put(
    ws,
    'C3',
    '=IF(bond_senior=1,"专项债优先，银行贷款劣后 bond senior, loan junior","银行贷款优先，专项债劣后 loan senior, bond junior")'
  );
  ws.getCell('C3').font = { bold: true };
  const K = `${L.forBond}${BAL_ROW}:${L.forBond}${BAL_LAST}`;
  const W = `${L.withoutPurchase}${BAL_ROW}:${L.withoutPurchase}${BAL_LAST}`;
  const DS = `${L.debtService}${BAL_ROW}:${L.debtService}${BAL_LAST}`;
  const lines: Record<keyof typeof BALANCE_RESULTS, [string, string, string, string]> = {
    coverage: [
      '本息覆盖倍数（含政府购买服务）',
      'Coverage (with the government purchase)',
      `=REUSE.BOND.COVERAGE(${K},${DS})`,
      RATIO,
    ],
    coverageWithout: [
      '本息覆盖倍数（不含政府购买服务）',
      'Coverage (without the government purchase)',
      `=REUSE.BOND.COVERAGE(${W},${DS})`,
      RATIO,
    ],
    required: ['覆盖倍数要求', 'Required coverage', '=coverage_min', RATIO],
    meets: [
      '是否达标（含政府购买服务）',
      'Meets the requirement (with the purchase)',
      `=IF(C${BALANCE_RESULTS.coverage}>=C${BALANCE_RESULTS.required},"达标 yes","未达标 no")`,
      '',
    ],
    meetsWithout: [
      '是否达标（不含政府购买服务）',
      'Meets the requirement (without the purchase)',
      `=IF(C${BALANCE_RESULTS.coverageWithout}>=C${BALANCE_RESULTS.required},"达标 yes","未达标 no")`,
      '',
    ],
    capacity: [
      '可支撑最大债券规模',
      'Largest bond the revenue supports',
      `=REUSE.BOND.CAPACITY(${K},bond_coupon,bond_term,coverage_min,bond_ppy,bond_repayment)`,
      MONEY,
    ],
    llcr: ['专项债LLCR（发行时点）', 'Bond LLCR at issue', `=REUSE.BOND.LLCR(${K},bond_coupon,bond_principal)`, RATIO],
  };
  for (const [key, [zh, en, f, fmt]] of Object.entries(lines) as [
    keyof typeof BALANCE_RESULTS,
    [string, string, string, string],
  ][]) {
    const r = BALANCE_RESULTS[key];
    ws.getCell(`A${r}`).value = zh;
    ws.getCell(`D${r}`).value = en;
    put(ws, `C${r}`, f, fmt || undefined);
    ws.getCell(`C${r}`).font = { bold: true };
  }
  // Column A of the summary holds long labels over the narrow table columns: put values in C, English in D.
  ws.getColumn('C').width = 14;
  headers(
    ws,
    BAL_ROW - 2,
    L,
    {
      k: ['债券年度', 'Bond year'],
      year: ['年度', 'Year'],
      t: ['年序', 't'],
      phase: ['阶段', 'Phase'],
      userRevenue: ['使用者付费收入', 'User charges'],
      purchase: ['政府购买服务收入', 'Government purchase'],
      refunds: ['即征即退及留抵回收', 'VAT refunds and credit recovered'],
      costs: ['经营成本及税费、维持运营投资', 'O&M, taxes, sustaining capex'],
      net: ['可用于资金平衡的净收益', 'Net revenue for debt service'],
      seniorLoan: ['优先偿还的银行贷款本息', 'Senior bank debt service'],
      forBond: ['可用于偿还专项债的净收益', 'Net revenue for the bond'],
      principal: ['专项债还本', 'Bond principal'],
      interest: ['专项债付息', 'Bond interest'],
      debtService: ['专项债本息合计', 'Bond debt service'],
      coverage: ['当年覆盖倍数', 'Coverage in the year'],
      withoutPurchase: ['不含政府购买服务的净收益', 'Net revenue without the purchase'],
      coverageWithout: ['当年覆盖倍数（不含购买）', 'Coverage without the purchase'],
    },
    15
  );
  for (const c of [L.k, L.year, L.t]) ws.getColumn(c).width = 9;
  ws.getColumn(L.phase).width = 14;
  // Row labels of the summary need room in column A: widen it after the table headers set it.
  ws.getColumn('A').width = 34;
  for (let i = 0; i < BOND_PROFILE_ROWS; i++) {
    const r = BAL_ROW + i;
    const cell = (k: keyof typeof L) => `${L[k]}${r}`;
    const k = cell('k');
    const t = cell('t');
    const beyond = `${k}>bond_term`;
    const inTl = `AND(${t}>=1,${t}<=${TIMELINE_ROWS})`;
    const kop = `(${t}-construction_years)`;
    const op = (col: string) => `IF(AND(${kop}>=1,${kop}<=${FLAGSHIP_YEARS}),INDEX(${opCol(col)},${kop}),0)`;
    const eq = (col: string) => `IF(${inTl},INDEX(${tlCol(SHEETS.equity, col)},${t}),0)`;
    const set = (key: keyof typeof L, formula: string, fmt: string = MONEY) =>
      put(ws, cell(key), `=IF(${beyond},"",${formula})`, fmt);
    put(ws, k, i + 1, INT);
    set('year', `YEAR(bond_issue_date)+${k}`, INT);
    set('t', `${cell('year')}-construction_start_year+1`, INT);
    set('phase', `IF(${inTl},INDEX(${tlCol(SHEETS.equity, E.phase)},${t}),"—")`, '');
    set('userRevenue', `${op(C.sewageFee)}+${op(C.reclaimedSales)}`);
    set('purchase', op(C.ecoPurchase));
    set('refunds', `${op(C.refundS)}+${op(C.refundW)}+${op(C.creditUsed)}`);
    // Net revenue is the equity view's cash available for debt service; the costs are what it leaves out.
    set('net', eq(E.cfads));
    set('costs', `${cell('userRevenue')}+${cell('purchase')}+${cell('refunds')}-${cell('net')}`);
    set('seniorLoan', `IF(bond_senior=1,0,${eq(E.loanPrincipal)}+${eq(E.loanInterest)})`);
    set('forBond', `${cell('net')}-${cell('seniorLoan')}`);
    set('principal', `bond_principal*INDEX(bond_repayment,${k})`);
    set('interest', `${cell('debtService')}-${cell('principal')}`);
    set('coverage', `IF(${cell('net')}=0,"—",${cell('forBond')}/${cell('debtService')})`, RATIO);
    // Without the purchase: its revenue taken out; the VAT, surcharges and tax on it are left in (a conservative shortcut).
    set('withoutPurchase', `${cell('forBond')}-${cell('purchase')}`);
    set('coverageWithout', `IF(${cell('net')}=0,"—",${cell('withoutPurchase')}/${cell('debtService')})`, RATIO);
  }
  // Room for the bond years of the term as built; the engine and Excel re-spill if a scenario changes it.
  const term = FLAGSHIP_INPUTS.find((i) => i.name === 'bond_term')!.value as number;
  spill(
    ws,
    `${L.debtService}${BAL_ROW}:${L.debtService}${BAL_ROW + term - 1}`,
    '=REUSE.BOND.DEBTSERVICE(bond_principal,bond_coupon,bond_term,bond_ppy,bond_repayment)',
    MONEY
  );
  for (let r = BAL_ROW + term; r <= BAL_LAST; r++) ws.getCell(`${L.debtService}${r}`).numFmt = MONEY;
  flagBelow(ws, `${L.coverage}${BAL_ROW}:${L.coverage}${BAL_LAST}`, 'dscr_min');
  flagBelow(ws, `${L.coverageWithout}${BAL_ROW}:${L.coverageWithout}${BAL_LAST}`, 'dscr_min');
  const total = BAL_LAST + 1;
  ws.getCell(`${L.year}${total}`).value = '合计 Total';
  for (const k of [
    'userRevenue',
    'purchase',
    'refunds',
    'costs',
    'net',
    'seniorLoan',
    'forBond',
    'principal',
    'interest',
    'debtService',
    'withoutPurchase',
  ] as const) {
    put(ws, `${L[k]}${total}`, `=SUM(${L[k]}${BAL_ROW}:${L[k]}${BAL_LAST})`, MONEY);
  }
  ws.getRow(total).font = { bold: true };
  ws.getCell(`A${total + 1}`).value =
    '不含政府购买服务：只扣除其收入，其增值税、附加和所得税未重算（偏保守）；当年覆盖倍数低于偿债备付率警戒值的标红 / without the purchase: only its revenue is removed (conservative); years below the threshold are red';
}

/** 专项债: the coupon-by-coupon schedule. Returns the address of the total interest. */
function addBondSheet(wb: ExcelJS.Workbook): string {
  const ws = wb.addWorksheet(SHEETS.bond);
  title(
    ws,
    '专项债券还本付息计划',
    'Special bond: debt-service schedule',
    '财预〔2017〕89号；万州发改资环〔2023〕25号（十三） / schedule by coupon date'
  );
  [30, 44, 18, 16, 18, 18, 18].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  // The schedule spills from A9 (up to 50 years × 2 coupons); if it errs (say, a term that does not
  // match the repayment profile), its error shows in the total too instead of a silent 0.
  labelRow(ws, 4, '利息合计', 'Total interest');
  put(ws, 'C4', '=IF(ISERROR(A9),A9,SUM(D9:D108))', MONEY);
  labelRow(ws, 5, '还本合计', 'Total principal');
  put(ws, 'C5', '=IF(ISERROR(A9),A9,SUM(E9:E108))', MONEY);
  ['期次', '付息日', '期初余额', '利息', '还本', '还本付息', '期末余额'].forEach(
    (h, i) => (ws.getCell(7, i + 1).value = h)
  );
  ['Period', 'Coupon date', 'Opening', 'Interest', 'Principal', 'Debt service', 'Closing'].forEach(
    (h, i) => (ws.getCell(8, i + 1).value = h)
  );
  ws.getRow(7).font = { bold: true };
  ws.getRow(8).font = { italic: true };
  const periods = 20 * 2; // bond_term × bond_ppy of the inputs; a different term re-spills in the engine
  spill(
    ws,
    `A9:G${8 + periods}`,
    '=REUSE.BOND.SCHEDULE(bond_principal,bond_coupon,bond_term,bond_ppy,bond_repayment,bond_issue_date)',
    MONEY2
  );
  for (let r = 9; r < 9 + periods; r++) {
    ws.getCell(`A${r}`).numFmt = INT;
    ws.getCell(`B${r}`).numFmt = DATE;
  }
  return `'${SHEETS.bond}'!C4`;
}

/** PPP对比: the same project as a 21号 PPP, its payments and their share of the budget. */
function addPppSheet(wb: ExcelJS.Workbook): { peakShare: string; totalPayments: string } {
  const ws = wb.addWorksheet(SHEETS.ppp);
  title(
    ws,
    'PPP模式对比（存量项目口径）：政府支出责任与财政承受能力',
    'The PPP route (rules for existing projects): government payments and fiscal affordability',
    '财金〔2015〕21号 第十九条、第二十五条，仅适用于已签约的存量项目；国办函〔2023〕115号起新项目采用使用者付费的特许经营（REUSE.PPP.CONCESSIONTEST）/ the 21号 rules apply to projects already signed; new projects are user-pay concessions (REUSE.PPP.CONCESSIONTEST)'
  );
  [14, 20, 12, 18, 18, 18, 14].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  labelRow(ws, 3, 'PPP项目建设成本（扣除预期中央资金）', 'PPP capex (net of expected central support)');
  put(ws, 'C3', `=${fundCell(FUND.localInvestment)}`, MONEY);
  ['运营年', '一般公共预算支出', '年度', '可用性付费', '运维绩效付费', '政府支出合计', '占预算比例'].forEach(
    (h, i) => (ws.getCell(5, i + 1).value = h)
  );
  ['Op. year', 'Budget expenditure', 'Year', 'Availability', 'Operating', 'Total outlay', 'Share of budget'].forEach(
    (h, i) => (ws.getCell(6, i + 1).value = h)
  );
  ws.getRow(5).font = { bold: true };
  ws.getRow(6).font = { italic: true };
  const first = 7;
  const last = first + FLAGSHIP_YEARS - 1;
  for (let r = first; r <= last; r++) {
    put(ws, `A${r}`, r - first + 1, INT);
    put(ws, `B${r}`, `=budget_base*(1+budget_growth)^(A${r}-1)`, MONEY);
  }
  spill(
    ws,
    `C${first}:F${last}`,
    `=REUSE.PPP.SCHEDULE(C3,ppp_profit_rate,ppp_discount_rate,ppp_period,${opCol(C.om)},${opCol(C.reclaimedSales)})`,
    MONEY
  );
  for (let r = first; r <= last; r++) ws.getCell(`C${r}`).numFmt = INT;
  spill(ws, `G${first}:G${last}`, `=REUSE.PPP.FISCALRATIO(F${first}:F${last},B${first}:B${last})`, '0.000%');
  const s = last + 2;
  const lines: [string, string, string, string][] = [
    ['PPP支出占预算比例峰值', 'Peak share of budget', `=MAX(G${first}:G${last})`, '0.000%'],
    [
      '财政承受能力上限（存量项目）',
      'Fiscal affordability cap (existing projects)',
      '=REUSE.POLICY("ppp.fiscal_cap")',
      PCT,
    ],
    [
      '政府付费项目限制线（存量项目）',
      'Cap for government-pay projects (existing projects)',
      '=REUSE.POLICY("ppp.gov_pay_cap")',
      PCT,
    ],
    ['合作期政府支出合计', 'Total government payments', `=SUM(F${first}:F${last})`, MONEY],
    [
      '首年补贴（校核：SUBSIDY）',
      'Year-1 subsidy (check with PPP.SUBSIDY)',
      `=REUSE.PPP.SUBSIDY(C3,ppp_profit_rate,ppp_discount_rate,1,ppp_period,'${SHEETS.operations}'!${C.om}${OP_ROW},'${SHEETS.operations}'!${C.reclaimedSales}${OP_ROW})`,
      MONEY,
    ],
  ];
  lines.forEach(([zh, en, formula, fmt], k) => {
    labelRow(ws, s + k, zh, en);
    put(ws, `C${s + k}`, formula, fmt);
  });
  return { peakShare: `'${SHEETS.ppp}'!C${s}`, totalPayments: `'${SHEETS.ppp}'!C${s + 3}` };
}

/** 评价: the headline figures, each a formula on the other sheets. */
function addResultSheet(
  wb: ExcelJS.Workbook,
  project: Record<keyof typeof PROJECT_RESULTS, string>,
  equity: Record<keyof typeof EQUITY_RESULTS, string>,
  bondInterest: string,
  ppp: { peakShare: string; totalPayments: string }
): SummaryLine[] {
  const ws = wb.addWorksheet(SHEETS.results);
  title(
    ws,
    '项目评价',
    'Appraisal',
    '何家岩污水处理厂提标扩能及再生水生态补水工程（示例数据） / Hejiayan plant upgrade with a reclaimed-water line (illustrative)'
  );
  [44, 56, 22].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const bal = (k: keyof typeof BALANCE_RESULTS) => `'${SHEETS.balance}'!C${BALANCE_RESULTS[k]}`;
  const envKg = `'${SHEETS.operations}'!${C.sewageM3}${OP_ROW}*cod_effluent/1000`;
  type Row = {
    zh: string;
    en: string;
    formula: string;
    fmt: string;
    format: SummaryLine['format'];
    section?: SummaryLine['section'];
  };
  // The first rows keep their places: the README's API example and saved scenarios read C5 and C7.
  const rows: Row[] = [
    {
      zh: '建设投资（元）',
      en: 'Construction capex (yuan)',
      formula: `=${fundCell(FUND.capex)}`,
      fmt: MONEY,
      format: 'money',
      section: { zh: '投资与资金筹措', en: 'Capex and funding' },
    },
    {
      zh: '中央预算内投资上限（元）',
      en: 'Central budget support, upper bound (yuan)',
      formula: `=${fundCell(FUND.centralCap)}`,
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: '中央预算内投资预期（元）',
      en: 'Central budget support, expected (yuan)',
      formula: `=${fundCell(FUND.central)}`,
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: '银行贷款（含资本化利息，元）',
      en: 'Bank loan incl. capitalised interest (yuan)',
      formula: `=${fundCell(FUND.loan)}`,
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: '专项债券（元）',
      en: 'Special bond principal (yuan)',
      formula: '=bond_principal',
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: '建设期利息（元）',
      en: 'Interest during construction (yuan)',
      formula: `=${fundCell(FUND.idc)}`,
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: '项目总投资（元）',
      en: 'Total investment (yuan)',
      formula: `=${fundCell(FUND.totalInvestment)}`,
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: '项目资本金比例',
      en: 'Project capital ratio',
      formula: `=${fundCell(FUND.capitalRatio)}`,
      fmt: PCT,
      format: 'ratio',
    },
    {
      zh: '项目投资净现值（税后，预期中央资金，元）',
      en: 'Project NPV after tax, expected central support (yuan)',
      formula: `=${project.npv}`,
      fmt: MONEY,
      format: 'money',
      section: { zh: '项目投资（融资前）', en: 'Project view, before financing' },
    },
    {
      zh: '项目投资净现值（税后，中央资金按上限，元）',
      en: 'Project NPV after tax, central support at its cap (yuan)',
      formula: `=${project.npvCap}`,
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: '净现值正负是否取决于中央资金',
      en: 'Does the NPV sign depend on central support?',
      formula: `=IF(AND(${project.npv}<0,${project.npvCap}>=0),"是：按预期分配为负，按上限为正 yes: negative with the expected allocation, positive at the cap",IF(AND(${project.npv}>=0,${project.npvCap}>=0),"否：均为正 no: positive either way",IF(AND(${project.npv}<0,${project.npvCap}<0),"否：均为负 no: negative either way","—")))`,
      fmt: '',
      format: 'text',
    },
    {
      zh: '净现值为零所需中央资金（线性插值，元）',
      en: 'Central support for a zero NPV (interpolated, yuan)',
      formula: `=IF(${project.npvCap}=${project.npv},"—",${fundCell(FUND.central)}-${project.npv}*(${fundCell(FUND.centralCap)}-${fundCell(FUND.central)})/(${project.npvCap}-${project.npv}))`,
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: '项目投资内部收益率（税后）',
      en: 'Project FIRR after tax',
      formula: `=${project.firr}`,
      fmt: PCT2,
      format: 'ratio',
    },
    {
      zh: '项目投资内部收益率（税前）',
      en: 'Project FIRR before tax',
      formula: `=${project.firrPreTax}`,
      fmt: PCT2,
      format: 'ratio',
    },
    {
      zh: '投资回收期（税后，自建设期初，年）',
      en: 'Payback after tax, from construction start (years)',
      formula: `=${project.payback}`,
      fmt: '0.00',
      format: 'number',
    },
    {
      zh: '资本金内部收益率',
      en: 'Equity IRR',
      formula: `=${equity.irr}`,
      fmt: PCT2,
      format: 'ratio',
      section: { zh: '资本金与偿债（融资后）', en: 'Equity and debt service, after financing' },
    },
    { zh: '最低偿债备付率 DSCR', en: 'Minimum DSCR', formula: `=${equity.minDscr}`, fmt: RATIO, format: 'number' },
    { zh: '偿债备付率警戒值', en: 'DSCR threshold', formula: '=dscr_min', fmt: RATIO, format: 'number' },
    {
      zh: '低于警戒值的年数',
      en: 'Years with DSCR below the threshold',
      formula: `=${equity.below}`,
      fmt: INT,
      format: 'number',
    },
    {
      zh: '首个低于警戒值的年度',
      en: 'First year below the threshold',
      formula: `=${equity.firstBelow}`,
      fmt: INT,
      format: 'year',
    },
    {
      zh: '偿债顺序',
      en: 'Seniority',
      formula: `='${SHEETS.balance}'!C3`,
      fmt: '',
      format: 'text',
      section: { zh: '专项债', en: 'Special bond' },
    },
    {
      zh: '专项债本息覆盖倍数（含政府购买服务）',
      en: 'Bond coverage, with the government purchase',
      formula: `=${bal('coverage')}`,
      fmt: RATIO,
      format: 'number',
    },
    {
      zh: '专项债本息覆盖倍数（不含政府购买服务）',
      en: 'Bond coverage, without the government purchase',
      formula: `=${bal('coverageWithout')}`,
      fmt: RATIO,
      format: 'number',
    },
    {
      zh: '可支撑最大专项债规模（元）',
      en: 'Largest bond the revenue supports (yuan)',
      formula: `=${bal('capacity')}`,
      fmt: MONEY,
      format: 'money',
    },
    { zh: '专项债LLCR', en: 'Bond LLCR', formula: `=${bal('llcr')}`, fmt: RATIO, format: 'number' },
    {
      zh: '专项债利息合计（元）',
      en: 'Bond interest, total (yuan)',
      formula: `=${bondInterest}`,
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: 'PPP支出占预算比例峰值（存量口径）',
      en: 'PPP peak share of the budget (existing-project rules)',
      formula: `=${ppp.peakShare}`,
      fmt: '0.000%',
      format: 'ratio',
      section: { zh: 'PPP对比与税费', en: 'The PPP route, taxes' },
    },
    {
      zh: 'PPP模式政府支出合计（元）',
      en: 'PPP government payments, total (yuan)',
      formula: `=${ppp.totalPayments}`,
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: '增值税即征即退合计（元）',
      en: 'VAT refunds, total (yuan)',
      formula: `='${SHEETS.operations}'!${C.refundS}${OP_LAST + 1}+'${SHEETS.operations}'!${C.refundW}${OP_LAST + 1}`,
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: '增值税附加合计（元）',
      en: 'VAT surcharges, total (yuan)',
      formula: `='${SHEETS.operations}'!${C.surcharges}${OP_LAST + 1}`,
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: '企业所得税合计（实缴，元）',
      en: 'Income tax paid, total (yuan)',
      formula: `=${equity.cit}`,
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: '首年COD环境保护税（如不免征，元）',
      en: 'Year-1 COD environmental tax if not exempt (yuan)',
      formula: `=REUSE.TAX.ENVTAX(${envKg},1,envtax_rate,cod_effluent,cod_standard)`,
      fmt: MONEY,
      format: 'money',
    },
    {
      zh: '首年COD环境保护税（达标排放免征后，元）',
      en: 'Year-1 COD environmental tax after the exemption (yuan)',
      formula: `=REUSE.TAX.ENVTAX(${envKg},1,envtax_rate,cod_effluent,cod_standard)*REUSE.POLICY("envtax.exempt.sewage_plant")`,
      fmt: MONEY,
      format: 'money',
    },
  ];
  ['指标', 'Indicator', '数值 Value'].forEach((h, i) => (ws.getCell(3, i + 1).value = h));
  ws.getRow(3).font = { bold: true };
  const below = rows.findIndex((r) => r.en.startsWith('Years with DSCR below'));
  const summary = rows.map((r, k) => {
    const row = 4 + k;
    labelRow(ws, row, r.zh, r.en);
    put(ws, `C${row}`, r.formula, r.fmt);
    if (r.section) ws.getCell(`D${row}`).value = `【${r.section.zh}】 ${r.section.en}`;
    return {
      label: { zh: r.zh, en: r.en },
      sheet: ws.name,
      cell: `C${row}`,
      format: r.format,
      ...(r.section ? { section: r.section } : {}),
    };
  });
  // The count of years below the threshold turns red when it is not 0.
  ws.addConditionalFormatting({
    ref: `C${4 + below}`,
    rules: [
      {
        type: 'expression',
        priority: 1,
        formulae: [`C${4 + below}>0`],
        style: {
          fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } },
          font: { color: { argb: 'FF9C0006' }, bold: true },
        },
      },
    ],
  });
  return summary;
}

/** Builds the flagship workbook and the summary lines of its headline figures (on the 评价 sheet). */
export function buildFlagshipWorkbook(): { workbook: ExcelJS.Workbook; summary: SummaryLine[] } {
  const workbook = newWorkbook();
  addInputSheet(workbook);
  addFundingSheet(workbook);
  addOperatingSheet(workbook);
  const project = addProjectSheet(workbook);
  const equity = addEquitySheet(workbook);
  addBalanceSheet(workbook);
  const bondInterest = addBondSheet(workbook);
  const ppp = addPppSheet(workbook);
  const summary = addResultSheet(workbook, project, equity, bondInterest, ppp);
  return { workbook, summary };
}
