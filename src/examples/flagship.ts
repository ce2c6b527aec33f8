/**
 * The flagship example: one Wanzhou-style project end to end. 何家岩污水处理厂提标扩能 with a
 * reclaimed-water line for ecological replenishment of the river (万州发改资环〔2023〕25号
 * （三）提标升级扩能、（七）区域再生水循环利用、（十二）政府购买服务、（十三）中央资金、专项债券、
 * 中长期信贷、税收优惠).
 *
 * Sheets (Chinese names, bilingual labels):
 *   假设        every assumption, one named input cell each (English snake_case names)
 *   投资与融资  capex and the funding mix: central support (PROJECT.CENTRALFUND), special bond
 *               (part of it as project capital), own funds, bank loan
 *   现金流      25 operating years: volumes, sewage fees, reclaimed-water sales, government
 *               purchase, O&M, VAT refunds (TAX.VATREFUND), CIT holiday (TAX.CITHOLIDAY), bond
 *               debt service (BOND.DEBTSERVICE), loan service, DSCR (BOND.DSCR)
 *   专项债      the bond's coupon-by-coupon schedule with dates (BOND.SCHEDULE), coverage,
 *               capacity (BOND.COVERAGE, BOND.CAPACITY), LLCR
 *   PPP对比     the comparable PPP route (PPP.SCHEDULE) and its share of the budget (PPP.FISCALRATIO)
 *   评价        headline figures: NPV, payback, coverage, DSCR, capacity, PPP peak share
 *
 * The numbers are illustrative, chosen to be plausible for a district plant; they are not the
 * project's approved figures. Every REUSE formula is stored as Excel saves it (`_xldudf_…`).
 */
import ExcelJS from 'exceljs';
import { asExcelSaves } from './excel-formula';
import { newWorkbook, spill } from './sheet';
import type { SummaryLine } from './types';

/** Operating years modelled (rows of the cash-flow table). */
export const FLAGSHIP_YEARS = 25;

const MONEY = '#,##0';
const MONEY2 = '#,##0.00';
const PRICE = '0.00';
const PCT = '0.0%';
const PCT2 = '0.00%';
const RATIO = '0.00';
const M3 = '#,##0';
const DATE = 'yyyy-mm-dd';
const INT = '0';

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

/** 2024-09-01 as an Excel serial (days since 30 Dec 1899). */
const ISSUE_DATE = 45536;

const GROUPS: { zh: string; en: string; inputs: Input[] }[] = [
  {
    zh: '项目与投资', en: 'Project and capex',
    inputs: [
      { name: 'capex_plant', zh: '污水处理厂提标扩能投资', en: 'Plant upgrade and expansion capex', value: 210_000_000, unit: '元 yuan', source: '万州发改资环〔2023〕25号（三）何家岩污水处理厂提标升级扩能', fmt: MONEY },
      { name: 'capex_reclaimed', zh: '再生水厂及生态补水管线投资', en: 'Reclaimed-water plant and replenishment pipeline capex', value: 60_000_000, unit: '元 yuan', source: '（三）（七）尾水再生利用、生态补水', fmt: MONEY },
      { name: 'region', zh: '中央预算内投资地区', en: 'Region for central budget support', value: '西部', unit: '—', source: '重庆属西部地区', fmt: undefined },
      { name: 'central_cap', zh: '中央预算内投资单项目上限', en: 'Cap on central support per project', value: '=REUSE.POLICY("central.cap")', unit: '元 yuan', source: '本局假设值（政策参数库 central.cap：沿用已被2024年办法取代的发改环资规〔2021〕655号；为上限，非预计补助）', fmt: MONEY },
      { name: 'sewage_capacity', zh: '新增污水处理能力', en: 'Added sewage treatment capacity', value: 40_000, unit: 'm³/d', source: '（三）到2025年新增污水处理能力7.26万吨以上', fmt: M3 },
      { name: 'reclaimed_capacity', zh: '再生水生产能力', en: 'Reclaimed-water capacity', value: 20_000, unit: 'm³/d', source: '（三）（七）', fmt: M3 },
      { name: 'start_year', zh: '首个运营年度', en: 'First operating year', value: 2025, unit: '年 year', source: '建设期 1 年（第 0 年）', fmt: INT },
    ],
  },
  {
    zh: '融资', en: 'Funding',
    inputs: [
      { name: 'bond_principal', zh: '专项债券发行规模', en: 'Special bond principal', value: 140_000_000, unit: '元 yuan', source: '（十三）鼓励符合专项债券支持方向的项目；财预〔2017〕89号', fmt: MONEY },
      { name: 'bond_capital_share', zh: '专项债券用作项目资本金比例', en: 'Share of the bond used as project capital', value: 0.2, unit: '比例 share', source: '专项债券可用作符合条件的重大项目资本金', fmt: PCT },
      { name: 'bond_coupon', zh: '专项债券票面利率', en: 'Bond coupon rate', value: 0.025, unit: '年利率 rate', source: '同期限地方政府专项债券发行利率（示例）', fmt: PCT2 },
      { name: 'bond_term', zh: '专项债券期限', en: 'Bond term', value: 20, unit: '年 years', source: '示例', fmt: INT },
      { name: 'bond_grace_years', zh: '专项债券前期不还本年数', en: 'Bond years before principal is repaid', value: 5, unit: '年 years', source: '分期还本：此后每年等额还本（示例）', fmt: INT },
      { name: 'bond_ppy', zh: '每年付息次数', en: 'Coupons per year', value: 2, unit: '次 times', source: '10年期以上通常半年付息', fmt: INT },
      { name: 'bond_issue_date', zh: '专项债券发行日', en: 'Bond issue date', value: ISSUE_DATE, unit: '日期 date', source: '示例', fmt: DATE },
      { name: 'coverage_min', zh: '本息覆盖倍数要求', en: 'Required coverage ratio', value: '=REUSE.POLICY("bond.coverage_min")', unit: '倍 ratio', source: '财预〔2017〕89号；审核通行口径（政策参数库）', fmt: RATIO },
      { name: 'own_funds', zh: '区级财政及企业自有资金', en: 'District and company own funds', value: 30_000_000, unit: '元 yuan', source: '（十三）多元化资金投入', fmt: MONEY },
      { name: 'loan_rate', zh: '银行贷款利率', en: 'Bank loan rate', value: 0.036, unit: '年利率 rate', source: '（十三）金融机构中长期信贷支持；参照5年期以上LPR', fmt: PCT2 },
      { name: 'loan_years', zh: '银行贷款期限（等额本息）', en: 'Bank loan term (level payments)', value: 15, unit: '年 years', source: '示例', fmt: INT },
    ],
  },
  {
    zh: '运营与价格', en: 'Operations and prices',
    inputs: [
      { name: 'load_start', zh: '首年负荷率', en: 'Load in year 1', value: 0.7, unit: '比例 share', source: '示例', fmt: PCT },
      { name: 'load_step', zh: '负荷率年增幅', en: 'Yearly increase in load', value: 0.05, unit: '比例 share', source: '示例', fmt: PCT },
      { name: 'load_max', zh: '最高负荷率', en: 'Maximum load', value: 0.95, unit: '比例 share', source: '示例', fmt: PCT },
      { name: 'sewage_fee', zh: '污水处理服务费单价（不含税）', en: 'Sewage treatment service fee (ex VAT)', value: 1.75, unit: '元/m³', source: '（十二）运营服务费与进水浓度、削减量挂钩、按效付费', fmt: PRICE },
      { name: 'reclaimed_price', zh: '再生水售价（工业、市政杂用，不含税）', en: 'Reclaimed-water price to users (ex VAT)', value: 1.6, unit: '元/m³', source: '（十二）价格形成机制', fmt: PRICE },
      { name: 'reclaimed_user_share', zh: '再生水用户购买比例', en: 'Share of reclaimed water sold to users', value: 0.4, unit: '比例 share', source: '其余用于河湖生态补水', fmt: PCT },
      { name: 'eco_price', zh: '生态补水政府购买服务单价（不含税）', en: 'Government purchase price, ecological replenishment', value: 0.9, unit: '元/m³', source: '（十二）生态补水鼓励采用政府购买服务', fmt: PRICE },
      { name: 'price_growth', zh: '价格年调整率', en: 'Yearly price adjustment', value: 0.015, unit: '比例 rate', source: '（十二）动态调整机制', fmt: PCT },
      { name: 'om_sewage', zh: '污水处理变动运营成本', en: 'Variable O&M per m³ treated', value: 0.62, unit: '元/m³', source: '示例', fmt: PRICE },
      { name: 'om_reclaimed', zh: '再生水变动运营成本', en: 'Variable O&M per m³ reclaimed', value: 0.38, unit: '元/m³', source: '示例', fmt: PRICE },
      { name: 'om_fixed', zh: '固定运营成本', en: 'Fixed O&M per year', value: 2_500_000, unit: '元/年 yuan/yr', source: '示例', fmt: MONEY },
      { name: 'om_growth', zh: '运营成本年增长率', en: 'Yearly O&M escalation', value: 0.02, unit: '比例 rate', source: '示例', fmt: PCT },
    ],
  },
  {
    zh: '税收', en: 'Taxes',
    inputs: [
      { name: 'vat_rate_sewage', zh: '污水处理劳务增值税税率', en: 'VAT rate, sewage treatment services', value: 0.06, unit: '税率 rate', source: '示例（以主管税务机关认定为准）', fmt: PCT },
      { name: 'vat_rate_water', zh: '再生水增值税税率', en: 'VAT rate, reclaimed water', value: 0.09, unit: '税率 rate', source: '示例（以主管税务机关认定为准）', fmt: PCT },
      { name: 'input_vat_share', zh: '进项税额占运营成本比例', en: 'Input VAT as a share of O&M', value: 0.06, unit: '比例 share', source: '示例', fmt: PCT },
      { name: 'refund_sewage', zh: '污水处理劳务即征即退比例', en: 'VAT refund share, sewage treatment', value: '=REUSE.POLICY("vat.refund.sewage")', unit: '比例 share', source: '财政部 税务总局公告2021年第40号（政策参数库）', fmt: PCT },
      { name: 'refund_reclaimed', zh: '再生水即征即退比例', en: 'VAT refund share, reclaimed water', value: '=REUSE.POLICY("vat.refund.reclaimed")', unit: '比例 share', source: '财政部 税务总局公告2021年第40号（政策参数库）', fmt: PCT },
      { name: 'cit_rate', zh: '企业所得税税率', en: 'CIT rate', value: '=REUSE.POLICY("cit.rate")', unit: '税率 rate', source: '企业所得税法第四条；三免三减半见实施条例第八十八条', fmt: PCT },
      { name: 'depreciation_years', zh: '折旧年限（直线法，无残值）', en: 'Depreciation years (straight line, no residual)', value: 25, unit: '年 years', source: '示例', fmt: INT },
      { name: 'cod_effluent', zh: '出水COD浓度', en: 'Effluent COD', value: 30, unit: 'mg/L', source: '一级A标准限值50 mg/L', fmt: INT },
      { name: 'cod_standard', zh: 'COD排放标准', en: 'COD discharge standard', value: 50, unit: 'mg/L', source: 'GB 18918-2002 一级A', fmt: INT },
      { name: 'envtax_rate', zh: '水污染物环境保护税额', en: 'Environmental tax per pollution equivalent', value: 3, unit: '元/当量', source: '示例（省级确定）', fmt: PRICE },
    ],
  },
  {
    zh: '评价与PPP对比', en: 'Appraisal and the PPP route',
    inputs: [
      { name: 'discount_rate', zh: '财务基准收益率', en: 'Financial discount rate', value: 0.05, unit: '比例 rate', source: '示例', fmt: PCT },
      { name: 'ppp_profit_rate', zh: 'PPP合理利润率', en: 'PPP reasonable profit rate', value: 0.06, unit: '比例 rate', source: '财金〔2015〕21号', fmt: PCT },
      { name: 'ppp_discount_rate', zh: 'PPP年度折现率', en: 'PPP discount rate', value: 0.045, unit: '比例 rate', source: '财金〔2015〕21号（参照地方政府债券收益率）', fmt: PCT2 },
      { name: 'ppp_period', zh: 'PPP合作期', en: 'PPP cooperation period', value: FLAGSHIP_YEARS, unit: '年 years', source: '与现金流表年数一致', fmt: INT },
      { name: 'budget_base', zh: '一般公共预算支出（首年）', en: 'General budget expenditure, year 1', value: 16_000_000_000, unit: '元 yuan', source: '示例（区级一般公共预算支出量级）', fmt: MONEY },
      { name: 'budget_growth', zh: '预算支出年增长率', en: 'Yearly budget growth', value: 0.03, unit: '比例 rate', source: '示例', fmt: PCT },
    ],
  },
];

/**
 * Rows of the repayment profile (one per possible bond year; BOND functions allow terms up to 50).
 * Each share is a formula of bond_term and bond_grace_years — nothing repaid in the first years,
 * then equal shares (分期还本) — and "" beyond the term, so a scenario can change the term and the
 * profile follows; an analyst can still type a profile of their own over the formulas.
 */
export const BOND_PROFILE_ROWS = 50;

const INPUT_SHEET = '假设';
const FUND_SHEET = '投资与融资';
const CF_SHEET = '现金流';
const BOND_SHEET = '专项债';
const PPP_SHEET = 'PPP对比';
const RESULT_SHEET = '评价';

function title(ws: ExcelJS.Worksheet, zh: string, en: string, note: string): void {
  ws.getCell('A1').value = `${zh} ${en}`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = note;
  ws.getCell('A2').font = { italic: true, color: { argb: 'FF555555' } };
}

function put(ws: ExcelJS.Worksheet, address: string, value: number | string, fmt?: string): void {
  const cell = ws.getCell(address);
  cell.value = typeof value === 'string' && value.startsWith('=') ? ({ formula: asExcelSaves(value) } as ExcelJS.CellFormulaValue) : value;
  if (fmt) cell.numFmt = fmt;
}


/** Label row: Chinese in column A, English in column B. */
function labelRow(ws: ExcelJS.Worksheet, row: number, zh: string, en: string): void {
  ws.getCell(row, 1).value = zh;
  ws.getCell(row, 2).value = en;
}

/** 假设: one named cell per assumption, grouped, with unit and source. Returns name → absolute address. */
function addInputSheet(wb: ExcelJS.Workbook): Record<string, string> {
  const ws = wb.addWorksheet(INPUT_SHEET);
  title(ws, '假设条件', 'Inputs', '每个假设一个命名单元格（英文名称）；蓝色为可改输入，公式为政策参数库默认值 Every assumption is a named cell; formulas are catalogue defaults');
  [34, 46, 18, 14, 60].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ['项目 Item', 'Item', '数值 Value', '单位 Unit', '依据 Source / note'].forEach((h, i) => (ws.getCell(4, i + 1).value = h));
  ws.getRow(4).font = { bold: true };
  const names: Record<string, string> = {};
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
      const ref = `'${INPUT_SHEET}'!$C$${row}`;
      wb.definedNames.add(ref, i.name);
      names[i.name] = ref;
      row++;
    }
  }
  // The repayment profile: a named range of one share per bond year.
  ws.getColumn(7).width = 16;
  ws.getColumn(8).width = 16;
  ws.getCell('G4').value = '债券年度 Bond year';
  ws.getCell('H4').value = '还本比例 Repaid';
  ws.getRow(4).font = { bold: true };
  for (let k = 0; k < BOND_PROFILE_ROWS; k++) {
    const r = 5 + k;
    ws.getCell(r, 7).value = k + 1;
    put(ws, `H${r}`, `=IF(G${r}>bond_term,"",IF(G${r}<=bond_grace_years,0,1/(bond_term-bond_grace_years)))`, PCT);
    ws.getCell(r, 8).font = { color: { argb: 'FF1F4E9E' } };
  }
  const last = 4 + BOND_PROFILE_ROWS;
  const ref = `'${INPUT_SHEET}'!$H$5:$H$${last}`;
  wb.definedNames.add(ref, 'bond_repayment');
  names.bond_repayment = ref;
  ws.getCell(`G${last + 1}`).value = '合计 Total';
  put(ws, `H${last + 1}`, `=SUM(H5:H${last})`, PCT);
  ws.getCell(`G${last + 2}`).value = '分期还本：前 bond_grace_years 年不还本，此后至到期每年等额还本；可直接输入其他还本比例 Principal: none in the first years, then equal shares; type another profile over the formulas if needed';
  return names;
}

/** 投资与融资: capex and the funding mix. Returns the addresses other sheets use. */
function addFundingSheet(wb: ExcelJS.Workbook): { capex: string; central: string; loan: string; localInvestment: string; capitalRatio: string } {
  const ws = wb.addWorksheet(FUND_SHEET);
  title(ws, '投资与资金筹措', 'Capex and funding', '万州发改资环〔2023〕25号（十三）积极争取中央财政资金；鼓励符合专项债券支持方向的项目；金融机构中长期信贷支持');
  [34, 46, 20, 50].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const rows: [string, string, string, string?][] = [
    ['总投资', 'Total capex', '=capex_plant+capex_reclaimed'],
    ['中央预算内投资（上限）', 'Central budget support (upper bound)', '=REUSE.PROJECT.CENTRALFUND(C4,region,central_cap)', 'min(总投资 × 地区比例, 上限)'],
    ['专项债券', 'Special bond', '=bond_principal'],
    ['其中：用作项目资本金', 'of which as project capital', '=bond_principal*bond_capital_share'],
    ['区级财政及企业自有资金', 'Own funds', '=own_funds'],
    ['银行贷款（差额）', 'Bank loan (balance)', '=C4-C5-C6-C8', '总投资 − 中央资金 − 专项债 − 自有资金'],
    ['项目资本金', 'Project capital', '=C5+C7+C8', '中央资金 + 专项债作资本金部分 + 自有资金'],
    ['项目资本金比例', 'Project capital ratio', '=C10/C4', '参考最低20%（国发〔2019〕26号）'],
    ['地方承担投资（不含中央资金）', 'Investment borne locally', '=C4-C5'],
    ['银行贷款年还本付息', 'Bank loan annual payment', '=IF(C9>0,PMT(loan_rate,loan_years,-C9),0)'],
  ];
  ['项目 Item', 'Item', '金额 Amount', '说明 Note'].forEach((h, i) => (ws.getCell(3, i + 1).value = h));
  ws.getRow(3).font = { bold: true };
  rows.forEach(([zh, en, f, note], k) => {
    const r = 4 + k;
    labelRow(ws, r, zh, en);
    put(ws, `C${r}`, f, zh.includes('比例') ? PCT : MONEY);
    if (note) ws.getCell(`D${r}`).value = note;
  });
  const a = (r: number) => `'${FUND_SHEET}'!$C$${r}`;
  return { capex: a(4), central: a(5), loan: a(9), localInvestment: a(12), capitalRatio: a(11) };
}

/** Column letters of the cash-flow table, so formulas read by name. */
const C = {
  t: 'A', year: 'B', load: 'C', sewageM3: 'D', reclaimedM3: 'E', priceIdx: 'F', costIdx: 'G',
  sewageFee: 'H', reclaimedSales: 'I', ecoPurchase: 'J', revenue: 'K',
  omSewage: 'L', omReclaimed: 'M', om: 'N', refundSewage: 'O', refundReclaimed: 'P', depreciation: 'Q',
  bondDS: 'R', bondPrincipal: 'S', bondInterest: 'T', loanDS: 'U', loanInterest: 'V',
  taxable: 'W', cit: 'X', cfads: 'Y', totalDS: 'Z', dscr: 'AA', bondNet: 'AB', projectCF: 'AC',
} as const;

const HEADERS: Record<keyof typeof C, [string, string, string?]> = {
  t: ['年序', 't', INT], year: ['年度', 'Year', INT], load: ['负荷率', 'Load', PCT],
  sewageM3: ['污水处理量 m³', 'Sewage treated m³', M3], reclaimedM3: ['再生水量 m³', 'Reclaimed water m³', M3],
  priceIdx: ['价格指数', 'Price index', '0.0000'], costIdx: ['成本指数', 'Cost index', '0.0000'],
  sewageFee: ['污水处理服务费', 'Sewage treatment fees', MONEY], reclaimedSales: ['再生水销售收入', 'Reclaimed-water sales', MONEY],
  ecoPurchase: ['生态补水政府购买服务', 'Ecological replenishment (gov. purchase)', MONEY], revenue: ['营业收入合计', 'Revenue', MONEY],
  omSewage: ['污水运营成本', 'O&M, sewage', MONEY], omReclaimed: ['再生水运营成本', 'O&M, reclaimed water', MONEY], om: ['运营成本合计', 'O&M total', MONEY],
  refundSewage: ['增值税即征即退（污水）', 'VAT refund, sewage', MONEY], refundReclaimed: ['增值税即征即退（再生水）', 'VAT refund, reclaimed water', MONEY],
  depreciation: ['折旧', 'Depreciation', MONEY],
  bondDS: ['专项债还本付息', 'Bond debt service', MONEY], bondPrincipal: ['专项债还本', 'Bond principal repaid', MONEY], bondInterest: ['专项债利息', 'Bond interest', MONEY],
  loanDS: ['银行贷款还本付息', 'Loan debt service', MONEY], loanInterest: ['银行贷款利息', 'Loan interest', MONEY],
  taxable: ['应纳税所得额', 'Taxable income', MONEY], cit: ['企业所得税（三免三减半）', 'CIT with holiday', MONEY],
  cfads: ['可用于偿债的现金流', 'CFADS', MONEY], totalDS: ['还本付息合计', 'Total debt service', MONEY], dscr: ['偿债备付率', 'DSCR', RATIO],
  bondNet: ['专项债可用收益', 'Net revenue for the bond', MONEY], projectCF: ['项目现金流', 'Project cash flow', MONEY],
};

/** First data row (t = 0) of the cash-flow table and the rows of years 1…25. */
export const CF_T0_ROW = 6;
const Y1 = CF_T0_ROW + 1;
const YN = CF_T0_ROW + FLAGSHIP_YEARS;

/** 现金流: 25 operating years down the rows. */
function addCashFlowSheet(wb: ExcelJS.Workbook, f: ReturnType<typeof addFundingSheet>): void {
  const ws = wb.addWorksheet(CF_SHEET);
  title(ws, '逐年现金流', 'Annual cash flows', '第0年为建设期；收入不含增值税；所得税按三免三减半（实施条例第八十八条）；DSCR = 可用于偿债的现金流 / (专项债 + 银行贷款还本付息)');
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: 5 }];
  for (const [key, letter] of Object.entries(C)) {
    const [zh, en] = HEADERS[key as keyof typeof C];
    ws.getCell(`${letter}4`).value = zh;
    ws.getCell(`${letter}5`).value = en;
    ws.getColumn(letter).width = key === 't' ? 6 : 16;
  }
  ws.getRow(4).font = { bold: true };
  ws.getRow(5).font = { italic: true };

  // Year 0: construction. Only the investment borne locally.
  put(ws, `${C.t}${CF_T0_ROW}`, 0, INT);
  put(ws, `${C.year}${CF_T0_ROW}`, '=start_year-1', INT);
  put(ws, `${C.projectCF}${CF_T0_ROW}`, `=-${f.localInvestment}`, MONEY);

  for (let r = Y1; r <= YN; r++) {
    const t = `${C.t}${r}`;
    const cell = (k: keyof typeof C) => `${C[k]}${r}`;
    const fmt = (k: keyof typeof C) => HEADERS[k][2];
    const set = (k: keyof typeof C, formula: string | number) => put(ws, cell(k), formula, fmt(k));
    set('t', r - CF_T0_ROW);
    set('year', `=start_year+${t}-1`);
    set('load', `=MIN(load_max,load_start+load_step*(${t}-1))`);
    set('sewageM3', `=sewage_capacity*${cell('load')}*365`);
    set('reclaimedM3', `=reclaimed_capacity*${cell('load')}*365`);
    set('priceIdx', `=(1+price_growth)^(${t}-1)`);
    set('costIdx', `=(1+om_growth)^(${t}-1)`);
    set('sewageFee', `=${cell('sewageM3')}*sewage_fee*${cell('priceIdx')}`);
    set('reclaimedSales', `=${cell('reclaimedM3')}*reclaimed_user_share*reclaimed_price*${cell('priceIdx')}`);
    set('ecoPurchase', `=${cell('reclaimedM3')}*(1-reclaimed_user_share)*eco_price*${cell('priceIdx')}`);
    set('revenue', `=${cell('sewageFee')}+${cell('reclaimedSales')}+${cell('ecoPurchase')}`);
    set('omSewage', `=(${cell('sewageM3')}*om_sewage+om_fixed)*${cell('costIdx')}`);
    set('omReclaimed', `=${cell('reclaimedM3')}*om_reclaimed*${cell('costIdx')}`);
    set('om', `=${cell('omSewage')}+${cell('omReclaimed')}`);
    set('refundSewage', `=REUSE.TAX.VATREFUND(${cell('sewageFee')}*vat_rate_sewage,${cell('omSewage')}*input_vat_share,refund_sewage)`);
    set('refundReclaimed', `=REUSE.TAX.VATREFUND((${cell('reclaimedSales')}+${cell('ecoPurchase')})*vat_rate_water,${cell('omReclaimed')}*input_vat_share,refund_reclaimed)`);
    set('depreciation', `=IF(${t}<=depreciation_years,${f.capex}/depreciation_years,0)`);
    // Bond debt service spills from the first year (BOND.DEBTSERVICE below); interest = debt service − principal repaid.
    set('bondPrincipal', `=IF(${t}<=bond_term,bond_principal*INDEX(bond_repayment,${t}),0)`);
    set('bondInterest', `=${cell('bondDS')}-${cell('bondPrincipal')}`);
    set('loanDS', `=IF(AND(${t}<=loan_years,${f.loan}>0),PMT(loan_rate,loan_years,-${f.loan}),0)`);
    set('loanInterest', `=IF(AND(${t}<=loan_years,${f.loan}>0),IPMT(loan_rate,${t},loan_years,-${f.loan}),0)`);
    set('taxable', `=${cell('revenue')}+${cell('refundSewage')}+${cell('refundReclaimed')}-${cell('om')}-${cell('depreciation')}-${cell('bondInterest')}-${cell('loanInterest')}`);
    set('cfads', `=${cell('revenue')}+${cell('refundSewage')}+${cell('refundReclaimed')}-${cell('om')}-${cell('cit')}`);
    set('totalDS', `=${cell('bondDS')}+${cell('loanDS')}`);
    set('bondNet', `=IF(${t}<=bond_term,${cell('cfads')}-${cell('loanDS')},0)`);
    set('projectCF', `=${cell('cfads')}`);
  }
  const col = (k: keyof typeof C) => `${C[k]}${Y1}:${C[k]}${YN}`;
  // Room for the bond years of the term as built; the engine and Excel re-spill if a scenario changes it.
  const bondRows = GROUPS.flatMap((g) => g.inputs).find((i) => i.name === 'bond_term')!.value as number;
  spill(ws, `${C.bondDS}${Y1}:${C.bondDS}${Y1 + bondRows - 1}`, '=REUSE.BOND.DEBTSERVICE(bond_principal,bond_coupon,bond_term,bond_ppy,bond_repayment)', MONEY);
  for (let r = Y1 + bondRows; r <= YN; r++) ws.getCell(`${C.bondDS}${r}`).numFmt = MONEY;
  spill(ws, col('cit'), `=REUSE.TAX.CITHOLIDAY(${col('taxable')},1,cit_rate)`, MONEY);
  spill(ws, col('dscr'), `=REUSE.BOND.DSCR(${col('cfads')},${col('totalDS')})`, RATIO);

  const total = YN + 1;
  ws.getCell(`${C.year}${total}`).value = '合计 Total';
  for (const k of ['sewageM3', 'reclaimedM3', 'sewageFee', 'reclaimedSales', 'ecoPurchase', 'revenue', 'om', 'refundSewage', 'refundReclaimed', 'bondDS', 'bondInterest', 'loanDS', 'cit', 'cfads', 'totalDS', 'bondNet'] as const) {
    put(ws, `${C[k]}${total}`, `=SUM(${col(k)})`, HEADERS[k][2]);
  }
  ws.getRow(total).font = { bold: true };
}

/** Cash-flow column range of years 1…25 on the 现金流 sheet, for formulas on other sheets. */
const cfRange = (k: keyof typeof C) => `'${CF_SHEET}'!${C[k]}${Y1}:${C[k]}${YN}`;

/** 专项债: the coupon-by-coupon schedule with dates, coverage, capacity, LLCR. Returns result addresses. */
function addBondSheet(wb: ExcelJS.Workbook): { coverage: string; capacity: string; minDscr: string; llcr: string; totalInterest: string } {
  const ws = wb.addWorksheet(BOND_SHEET);
  title(ws, '专项债券还本付息与收益平衡', 'Special bond: debt service and self-balancing', '财预〔2017〕89号 项目收益与融资自求平衡；万州发改资环〔2023〕25号（十三）');
  [30, 44, 18, 16, 18, 18, 18].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const lines: [string, string, string, string][] = [
    ['本息覆盖倍数', 'Coverage ratio (bond life)', `=REUSE.BOND.COVERAGE(${cfRange('bondNet')},${cfRange('bondDS')})`, RATIO],
    ['覆盖倍数要求', 'Required coverage', '=coverage_min', RATIO],
    ['是否达标', 'Meets the requirement', '=IF(C4>=C5,"达标 yes","未达标 no")', ''],
    ['可支撑最大债券规模', 'Largest bond the revenue supports', `=REUSE.BOND.CAPACITY(${cfRange('bondNet')},bond_coupon,bond_term,coverage_min,bond_ppy,bond_repayment)`, MONEY],
    ['最低偿债备付率', 'Minimum DSCR', `=MIN(${cfRange('dscr')})`, RATIO],
    ['专项债LLCR（发行时点）', 'Bond LLCR at issue', `=REUSE.BOND.LLCR(${cfRange('bondNet')},bond_coupon,bond_principal)`, RATIO],
    // The schedule below spills from A14 (up to 50 years × 2 coupons); if it errs (say, a term that does not
    // match the repayment profile), its error shows here too instead of a silent 0.
    ['利息合计', 'Total interest', '=IF(ISERROR(A14),A14,SUM(D14:D113))', MONEY],
  ];
  lines.forEach(([zh, en, f, fmt], k) => {
    labelRow(ws, 4 + k, zh, en);
    put(ws, `C${4 + k}`, f, fmt || undefined);
  });
  ['期次', '付息日', '期初余额', '利息', '还本', '还本付息', '期末余额'].forEach((h, i) => (ws.getCell(12, i + 1).value = h));
  ['Period', 'Coupon date', 'Opening', 'Interest', 'Principal', 'Debt service', 'Closing'].forEach((h, i) => (ws.getCell(13, i + 1).value = h));
  ws.getRow(12).font = { bold: true };
  ws.getRow(13).font = { italic: true };
  const periods = 20 * 2; // bond_term × bond_ppy of the inputs; a different term re-spills in the engine
  spill(ws, `A14:G${13 + periods}`, '=REUSE.BOND.SCHEDULE(bond_principal,bond_coupon,bond_term,bond_ppy,bond_repayment,bond_issue_date)', MONEY2);
  for (let r = 14; r < 14 + periods; r++) {
    ws.getCell(`A${r}`).numFmt = INT;
    ws.getCell(`B${r}`).numFmt = DATE;
  }
  const a = (r: number) => `C${r}`;
  return { coverage: a(4), capacity: a(7), minDscr: a(8), llcr: a(9), totalInterest: a(10) };
}

/** PPP对比: the same project as a PPP, its payments and their share of the budget. */
function addPppSheet(wb: ExcelJS.Workbook, f: ReturnType<typeof addFundingSheet>): { peakShare: string; totalPayments: string; check: string } {
  const ws = wb.addWorksheet(PPP_SHEET);
  title(ws, 'PPP模式对比：政府支出责任与财政承受能力', 'The PPP route: government payments and fiscal affordability', '存量项目口径：财金〔2015〕21号 第十九条（运营补贴支出）、第二十五条（不超过一般公共预算支出10%）；新项目按国办函〔2023〕115号采用使用者付费的特许经营（REUSE.PPP.CONCESSIONTEST）；（十三）特许经营');
  [14, 20, 12, 18, 18, 18, 14].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  labelRow(ws, 3, 'PPP项目建设成本（不含中央资金）', 'PPP capex (net of central support)');
  put(ws, 'C3', `=${f.localInvestment}`, MONEY);
  ['年序', '一般公共预算支出', '年度', '可用性付费', '运维绩效付费', '政府支出合计', '占预算比例'].forEach((h, i) => (ws.getCell(5, i + 1).value = h));
  ['t', 'Budget expenditure', 'Year', 'Availability', 'Operating', 'Total outlay', 'Share of budget'].forEach((h, i) => (ws.getCell(6, i + 1).value = h));
  ws.getRow(5).font = { bold: true };
  ws.getRow(6).font = { italic: true };
  const first = 7;
  const last = first + FLAGSHIP_YEARS - 1;
  for (let r = first; r <= last; r++) {
    put(ws, `A${r}`, r - first + 1, INT);
    put(ws, `B${r}`, `=budget_base*(1+budget_growth)^(A${r}-1)`, MONEY);
  }
  spill(ws, `C${first}:F${last}`, `=REUSE.PPP.SCHEDULE(C3,ppp_profit_rate,ppp_discount_rate,ppp_period,${cfRange('om')},${cfRange('reclaimedSales')})`, MONEY);
  for (let r = first; r <= last; r++) ws.getCell(`C${r}`).numFmt = INT;
  spill(ws, `G${first}:G${last}`, `=REUSE.PPP.FISCALRATIO(F${first}:F${last},B${first}:B${last})`, '0.000%');
  const s = last + 2;
  const lines: [string, string, string, string][] = [
    ['PPP支出占预算比例峰值', 'Peak share of budget', `=MAX(G${first}:G${last})`, '0.000%'],
    ['财政承受能力上限', 'Fiscal affordability cap', '=REUSE.POLICY("ppp.fiscal_cap")', PCT],
    ['政府付费项目新上限制线', 'Cap for new government-pay projects', '=REUSE.POLICY("ppp.gov_pay_cap")', PCT],
    ['合作期政府支出合计', 'Total government payments', `=SUM(F${first}:F${last})`, MONEY],
    ['首年补贴（校核：SUBSIDY）', 'Year-1 subsidy (check with PPP.SUBSIDY)', `=REUSE.PPP.SUBSIDY(C3,ppp_profit_rate,ppp_discount_rate,1,ppp_period,'${CF_SHEET}'!${C.om}${Y1},'${CF_SHEET}'!${C.reclaimedSales}${Y1})`, MONEY],
  ];
  lines.forEach(([zh, en, formula, fmt], k) => {
    labelRow(ws, s + k, zh, en);
    put(ws, `C${s + k}`, formula, fmt);
  });
  return { peakShare: `C${s}`, totalPayments: `C${s + 3}`, check: `C${s + 4}` };
}

/** 评价: the headline figures, each a formula on the other sheets. */
function addResultSheet(
  wb: ExcelJS.Workbook,
  f: ReturnType<typeof addFundingSheet>,
  b: ReturnType<typeof addBondSheet>,
  p: ReturnType<typeof addPppSheet>,
): SummaryLine[] {
  const ws = wb.addWorksheet(RESULT_SHEET);
  title(ws, '项目评价', 'Appraisal', '何家岩污水处理厂提标扩能及再生水生态补水工程（示例数据） Hejiayan plant upgrade with a reclaimed-water line (illustrative)');
  [36, 46, 22].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const cfAll = `'${CF_SHEET}'!${C.projectCF}${CF_T0_ROW}:${C.projectCF}${YN}`;
  const envKg = `'${CF_SHEET}'!${C.sewageM3}${Y1}*cod_effluent/1000`;
  const rows: { zh: string; en: string; formula: string; fmt: string; format: SummaryLine['format'] }[] = [
    { zh: '总投资（元）', en: 'Total capex (yuan)', formula: `=${f.capex}`, fmt: MONEY, format: 'money' },
    { zh: '中央预算内投资（元）', en: 'Central budget support (yuan)', formula: `=${f.central}`, fmt: MONEY, format: 'money' },
    { zh: '专项债券（元）', en: 'Special bond principal (yuan)', formula: '=bond_principal', fmt: MONEY, format: 'money' },
    { zh: '银行贷款（元）', en: 'Bank loan (yuan)', formula: `=${f.loan}`, fmt: MONEY, format: 'money' },
    { zh: '项目资本金比例', en: 'Project capital ratio', formula: `=${f.capitalRatio}`, fmt: PCT, format: 'ratio' },
    { zh: '专项债本息覆盖倍数', en: 'Bond coverage ratio', formula: `='${BOND_SHEET}'!${b.coverage}`, fmt: RATIO, format: 'number' },
    { zh: '最低偿债备付率 DSCR', en: 'Minimum DSCR', formula: `='${BOND_SHEET}'!${b.minDscr}`, fmt: RATIO, format: 'number' },
    { zh: '可支撑最大专项债规模（元）', en: 'Largest bond the revenue supports (yuan)', formula: `='${BOND_SHEET}'!${b.capacity}`, fmt: MONEY, format: 'money' },
    { zh: '专项债LLCR', en: 'Bond LLCR', formula: `='${BOND_SHEET}'!${b.llcr}`, fmt: RATIO, format: 'number' },
    { zh: '专项债利息合计（元）', en: 'Bond interest, total (yuan)', formula: `='${BOND_SHEET}'!${b.totalInterest}`, fmt: MONEY, format: 'money' },
    { zh: 'PPP支出占预算比例峰值', en: 'PPP peak share of the budget', formula: `='${PPP_SHEET}'!${p.peakShare}`, fmt: '0.000%', format: 'ratio' },
    { zh: 'PPP模式政府支出合计（元）', en: 'PPP government payments, total (yuan)', formula: `='${PPP_SHEET}'!${p.totalPayments}`, fmt: MONEY, format: 'money' },
    { zh: '财务净现值 NPV（元）', en: 'NPV of the locally borne investment (yuan)', formula: `=REUSE.PROJECT.NPV(discount_rate,${cfAll})`, fmt: MONEY, format: 'money' },
    { zh: '静态投资回收期（年）', en: 'Payback period (years)', formula: `=REUSE.PROJECT.PAYBACK(${cfAll})`, fmt: '0.00', format: 'number' },
    { zh: '增值税即征即退合计（元）', en: 'VAT refunds, total (yuan)', formula: `='${CF_SHEET}'!${C.refundSewage}${YN + 1}+'${CF_SHEET}'!${C.refundReclaimed}${YN + 1}`, fmt: MONEY, format: 'money' },
    { zh: '企业所得税合计（三免三减半后，元）', en: 'CIT with the holiday, total (yuan)', formula: `='${CF_SHEET}'!${C.cit}${YN + 1}`, fmt: MONEY, format: 'money' },
    { zh: '首年COD环境保护税（如不免征，元）', en: 'Year-1 COD environmental tax if not exempt (yuan)', formula: `=REUSE.TAX.ENVTAX(${envKg},1,envtax_rate,cod_effluent,cod_standard)`, fmt: MONEY, format: 'money' },
    { zh: '首年COD环境保护税（达标排放免征后，元）', en: 'Year-1 COD environmental tax after the exemption (yuan)', formula: `=REUSE.TAX.ENVTAX(${envKg},1,envtax_rate,cod_effluent,cod_standard)*REUSE.POLICY("envtax.exempt.sewage_plant")`, fmt: MONEY, format: 'money' },
  ];
  ['指标', 'Indicator', '数值 Value'].forEach((h, i) => (ws.getCell(3, i + 1).value = h));
  ws.getRow(3).font = { bold: true };
  const s = ws.name;
  return rows.map((r, k) => {
    const row = 4 + k;
    labelRow(ws, row, r.zh, r.en);
    put(ws, `C${row}`, r.formula, r.fmt);
    return { label: { zh: r.zh, en: r.en }, sheet: s, cell: `C${row}`, format: r.format };
  });
}

/** Builds the flagship workbook and the summary lines of its headline figures (on the 评价 sheet). */
export function buildFlagshipWorkbook(): { workbook: ExcelJS.Workbook; summary: SummaryLine[] } {
  const workbook = newWorkbook();
  addInputSheet(workbook);
  const funding = addFundingSheet(workbook);
  addCashFlowSheet(workbook, funding);
  const bond = addBondSheet(workbook);
  const ppp = addPppSheet(workbook, funding);
  const summary = addResultSheet(workbook, funding, bond, ppp);
  return { workbook, summary };
}
