/**
 * Example sheets for reclaimed-water pricing and performance-linked operator payments:
 *
 * - 再生水价格 (Reclaimed-water price): a 30 000 m³/d reclaimed-water plant at the 江南（密溪沟）
 *   污水处理厂 (万州发改资环〔2023〕25号（三）提标扩能、同步考虑污水再生利用；（七）区域再生水循环利用，
 *   优先用于生态补水). Allowed return from the bond yield, cost-plus price at actual and at low
 *   utilisation (the 65 % floor), levelised cost, the gap to a negotiated price, and the yearly
 *   government purchase of ecological replenishment that closes it (（十二）政府购买服务).
 * - 运营服务费 (Operator payment): twelve months of volume, influent BOD₅/COD/NH₃-N and assessment
 *   scores, paid under three methods side by side — the plain volume fee, the concentration-
 *   adjusted fee with the KPI factor, and the removal-based fee (（十二）运营服务费与进水污染物浓度、
 *   污染物削减量挂钩、按效付费) — plus one price-indexation line.
 *
 * Formulas are written as Excel saves them (`_xldudf_REUSE_…`). Every sheet has a Chinese label
 * column (A) and an English label column (B). The numbers are illustrative.
 */
import type ExcelJS from 'exceljs';
import { asExcelSaves } from './excel-formula';
import { FORMAT, formula, spill } from './sheet';
import type { SummaryLine } from './types';

const { money: MONEY, price: PRICE, m3: M3 } = FORMAT;
const RATE = '0.00%';
const FACTOR = '0.0000';

/** One month of operation at the plant (illustrative; the flood season dilutes the influent). */
export interface OperatingMonth {
  zh: string;
  en: string;
  volumeM3: number;
  bodMgL: number;
  codMgL: number;
  nh3nMgL: number;
  /** Monthly assessment score (考核得分), out of 100. */
  score: number;
}

export const OPERATING_MONTHS: readonly OperatingMonth[] = [
  { zh: '1月', en: 'Jan', volumeM3: 790_000, bodMgL: 128, codMgL: 265, nh3nMgL: 27, score: 92 },
  { zh: '2月', en: 'Feb', volumeM3: 720_000, bodMgL: 135, codMgL: 280, nh3nMgL: 28.5, score: 95 },
  { zh: '3月', en: 'Mar', volumeM3: 820_000, bodMgL: 122, codMgL: 250, nh3nMgL: 26, score: 88 },
  { zh: '4月', en: 'Apr', volumeM3: 850_000, bodMgL: 110, codMgL: 230, nh3nMgL: 24, score: 91 },
  { zh: '5月', en: 'May', volumeM3: 900_000, bodMgL: 98, codMgL: 205, nh3nMgL: 22, score: 93 },
  { zh: '6月', en: 'Jun', volumeM3: 915_000, bodMgL: 85, codMgL: 180, nh3nMgL: 19, score: 85 },
  // July: a flood-season overflow incident, assessed below the floor score.
  { zh: '7月', en: 'Jul', volumeM3: 928_000, bodMgL: 72, codMgL: 150, nh3nMgL: 16, score: 58 },
  { zh: '8月', en: 'Aug', volumeM3: 925_000, bodMgL: 78, codMgL: 160, nh3nMgL: 17, score: 90 },
  { zh: '9月', en: 'Sep', volumeM3: 890_000, bodMgL: 92, codMgL: 195, nh3nMgL: 20.5, score: 94 },
  { zh: '10月', en: 'Oct', volumeM3: 870_000, bodMgL: 105, codMgL: 220, nh3nMgL: 23, score: 96 },
  { zh: '11月', en: 'Nov', volumeM3: 830_000, bodMgL: 118, codMgL: 245, nh3nMgL: 25, score: 60 },
  { zh: '12月', en: 'Dec', volumeM3: 810_000, bodMgL: 126, codMgL: 258, nh3nMgL: 26.5, score: 89 },
];

function title(ws: ExcelJS.Worksheet, zh: string, en: string, sourceZh: string, sourceEn: string): void {
  ws.getCell('A1').value = zh;
  ws.getCell('B1').value = en;
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getCell('A2').value = sourceZh;
  ws.getCell('B2').value = sourceEn;
  ws.getRow(2).font = { italic: true, color: { argb: 'FF555555' } };
}

function section(ws: ExcelJS.Worksheet, row: number, zh: string, en: string): void {
  ws.getCell(row, 1).value = zh;
  ws.getCell(row, 2).value = en;
  ws.getRow(row).font = { bold: true };
}

/** A labelled row: Chinese label, English label, then the value (a number or a formula), unit and note. */
function line(
  ws: ExcelJS.Worksheet,
  row: number,
  zh: string,
  en: string,
  value: number | string,
  numFmt: string,
  unit = '',
  note = ''
): void {
  ws.getCell(row, 1).value = zh;
  ws.getCell(row, 2).value = en;
  const cell = ws.getCell(row, 3);
  cell.value = typeof value === 'string' ? ({ formula: asExcelSaves(value) } as ExcelJS.CellFormulaValue) : value;
  cell.numFmt = numFmt;
  if (unit) ws.getCell(row, 4).value = unit;
  if (note) ws.getCell(row, 5).value = note;
}

function columns(ws: ExcelJS.Worksheet, widths: number[]): void {
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
}

/** 再生水价格: return rate → cost-plus price (two utilisations) → LCOW → gap → government purchase. */
function addPriceSheet(wb: ExcelJS.Workbook): SummaryLine[] {
  const ws = wb.addWorksheet('再生水价格');
  title(
    ws,
    '江南（密溪沟）污水处理厂再生水利用项目 再生水价格测算',
    'Jiangnan (Mixigou) WWTP reclaimed-water project, Wanzhou: reclaimed-water price',
    '依据：万州发改资环〔2023〕25号（三）（七）（十二）；《城镇供水价格管理办法》（国家发展改革委 住房城乡建设部令2021年第46号）第七条、第九条、第十一条；《城镇供水定价成本监审办法》（令2021年第45号）',
    'Sources: Wanzhou action rules (3), (7), (12); NDRC–MOHURD Order 2021 No. 46 (water prices), arts. 7, 9, 11; NDRC Order 2021 No. 45 (cost audit)'
  );
  columns(ws, [34, 46, 16, 12, 60]);
  ['项目', 'Item', '数值 Value', '单位 Unit', '说明 Note'].forEach((h, i) => (ws.getCell(3, i + 1).value = h));
  ws.getRow(3).font = { bold: true };

  section(ws, 4, '一、规模与水量', '1. Capacity and volumes');
  line(
    ws,
    5,
    '设计再生水规模',
    'Design capacity',
    30_000,
    M3,
    'm³/d',
    '（三）江南（密溪沟）污水处理厂提标升级扩能，同步考虑污水再生利用'
  );
  line(ws, 6, '设计年供水量', 'Design annual volume', '=C5*365', M3, 'm³/a');
  line(
    ws,
    7,
    '实际日供水量',
    'Actual daily supply',
    25_500,
    M3,
    'm³/d',
    '生态补水、市政杂用、工业用水（（三）（七））'
  );
  line(ws, 8, '实际年供水量', 'Actual annual volume', '=C7*365', M3, 'm³/a');
  line(ws, 9, '产能利用率', 'Utilisation', '=C8/C6', RATE);
  line(
    ws,
    10,
    '低负荷情形年供水量',
    'Annual volume, low-utilisation case',
    5_000_000,
    M3,
    'm³/a',
    '管网未配套前的投运初期'
  );
  line(ws, 11, '低负荷产能利用率', 'Utilisation, low case', '=C10/C6', RATE);
  line(
    ws,
    12,
    '最低计价产能利用率',
    'Minimum utilisation for pricing',
    '=REUSE.POLICY("price.min_utilization")',
    RATE,
    'share',
    '令2021年第46号第十一条：低于65%按65%核定计价水量，闲置产能不由用户承担'
  );

  section(ws, 13, '二、准许收益率', '2. Allowed rate of return');
  line(ws, 14, '10年期国债收益率', '10-year government bond yield', 0.027, RATE, 'rate');
  line(ws, 15, '债务资本利率', 'Debt rate', 0.042, RATE, 'rate', '长期贷款利率');
  line(ws, 16, '资产负债率', 'Debt ratio', 0.6, RATE, 'share');
  line(
    ws,
    17,
    '权益资本加点',
    'Equity premium',
    '=REUSE.POLICY("price.equity_premium")',
    RATE,
    'rate',
    '令2021年第46号第九条：国债收益率加不超过4个百分点'
  );
  line(ws, 18, '准许收益率', 'Allowed rate of return', '=REUSE.PRICE.RETURNRATE(C14,C15,C16,C17)', RATE, 'rate');

  section(ws, 19, '三、成本加成价格', '3. Cost-plus price');
  line(ws, 20, '有效资产（建设投资）', 'Effective assets (capex)', 80_000_000, MONEY, '元');
  line(ws, 21, '年折旧摊销', 'Depreciation and amortisation', 4_000_000, MONEY, '元/a', '20年直线折旧');
  line(ws, 22, '年运行维护费', 'Operation and maintenance', 5_580_000, MONEY, '元/a', '电费、药剂、人工、检修');
  line(ws, 23, '准许成本', 'Allowed cost', '=C21+C22', MONEY, '元/a');
  line(ws, 24, '税金及附加', 'Taxes and surcharges', 500_000, MONEY, '元/a');
  line(
    ws,
    25,
    '成本加成价格（实际负荷）',
    'Cost-plus price, actual utilisation',
    '=REUSE.PRICE.COSTPLUS(C23,C20,C18,C24,C8,C6,C12)',
    PRICE,
    '元/m³'
  );
  line(ws, 26, '计价水量（低负荷）', 'Billed volume, low case', '=MAX(C10,C12*C6)', M3, 'm³/a', '按设计水量的65%计价');
  line(
    ws,
    27,
    '成本加成价格（低负荷）',
    'Cost-plus price, low utilisation',
    '=REUSE.PRICE.COSTPLUS(C23,C20,C18,C24,C10,C6,C12)',
    PRICE,
    '元/m³'
  );
  line(
    ws,
    28,
    '不设下限时的价格（低负荷，对照）',
    'Low case without the floor (for comparison)',
    '=REUSE.PRICE.COSTPLUS(C23,C20,C18,C24,C10)',
    PRICE,
    '元/m³',
    '用户将为闲置产能付费'
  );

  section(ws, 29, '四、平准化供水成本', '4. Levelised cost of water');
  line(ws, 30, '经营期', 'Economic life', 20, '0', '年');
  line(
    ws,
    31,
    '平准化供水成本',
    'Levelised cost of water',
    '=REUSE.PRICE.LCOW(C20,C22,C8,C30,C18)',
    PRICE,
    '元/m³',
    '以准许收益率折现'
  );

  section(ws, 32, '五、资金缺口与政府购买服务', '5. Viability gap and government purchase');
  line(
    ws,
    33,
    '再生水协商价格',
    'Negotiated reclaimed-water price',
    1.2,
    PRICE,
    '元/m³',
    '发改环资〔2021〕13号：供需双方协商定价'
  );
  line(ws, 34, '年度资金缺口', 'Yearly viability gap', '=REUSE.PRICE.VIABILITYGAP(C25,C33,C8)', MONEY, '元/a');
  line(
    ws,
    35,
    '河湖生态补水量',
    'Ecological replenishment volume',
    3_650_000,
    M3,
    'm³/a',
    '（七）（十二）再生水用于河湖湿地生态补水'
  );
  line(ws, 36, '保底水量', 'Guaranteed volume', 3_000_000, M3, 'm³/a');
  line(ws, 37, '水质达标率', 'Compliance rate', 1, RATE, 'share', '预算按全部达标编制');
  line(ws, 38, '政府购买服务单价', 'Purchase price per m³', '=C34/C35', PRICE, '元/m³', '缺口 ÷ 生态补水量');
  line(
    ws,
    39,
    '政府购买服务年度金额',
    'Annual government purchase',
    '=REUSE.GOV.PURCHASE(C35,C38,C37,C36)',
    MONEY,
    '元/a',
    '（十二）鼓励采用政府购买服务的方式'
  );
  line(ws, 40, '购买后剩余缺口', 'Gap left after the purchase', '=C34-C39', MONEY, '元/a');

  const s = ws.name;
  return [
    { label: { zh: '准许收益率', en: 'Allowed rate of return' }, sheet: s, cell: 'C18', format: 'ratio' },
    {
      label: { zh: '成本加成价格（实际负荷，元/m³）', en: 'Cost-plus price, actual (yuan/m³)' },
      sheet: s,
      cell: 'C25',
      format: 'price',
    },
    {
      label: { zh: '成本加成价格（低负荷，元/m³）', en: 'Cost-plus price, low utilisation (yuan/m³)' },
      sheet: s,
      cell: 'C27',
      format: 'price',
    },
    {
      label: { zh: '平准化供水成本（元/m³）', en: 'Levelised cost of water (yuan/m³)' },
      sheet: s,
      cell: 'C31',
      format: 'price',
    },
    { label: { zh: '年度资金缺口（元）', en: 'Yearly viability gap (yuan)' }, sheet: s, cell: 'C34', format: 'money' },
    {
      label: { zh: '政府购买服务年度金额（元）', en: 'Annual government purchase (yuan)' },
      sheet: s,
      cell: 'C39',
      format: 'money',
    },
  ];
}

/** 运营服务费: monthly fee by volume, by influent concentration (with KPI) and by removal, plus indexation. */
function addOperatorSheet(wb: ExcelJS.Workbook, months: readonly OperatingMonth[]): SummaryLine[] {
  const ws = wb.addWorksheet('运营服务费');
  title(
    ws,
    '江南（密溪沟）污水处理厂 运营服务费按效付费测算',
    'Jiangnan (Mixigou) WWTP: operator payment linked to performance',
    '依据：万州发改资环〔2023〕25号（十二）鼓励建立运营服务费与进水污染物浓度、污染物削减量挂钩、按效付费机制',
    'Source: Wanzhou action rules (12): operating fees linked to influent concentration and pollutant removal, paid by performance'
  );
  columns(ws, [26, 40, 14, 14, 14, 14, 12, 12, 16, 18, 18]);
  ['参数', 'Parameter', '数值 Value', '单位 Unit'].forEach((h, i) => (ws.getCell(3, i + 1).value = h));
  ws.getRow(3).font = { bold: true };

  line(ws, 4, '运营服务费基本单价', 'Base operating price', 1.2, PRICE, '元/m³');
  line(ws, 5, '设计进水BOD₅', 'Design influent BOD₅', 150, '0.0', 'mg/L');
  line(ws, 6, '固定部分比例', 'Fixed share', 0.7, RATE, 'share');
  line(ws, 7, '浓度系数下限', 'Minimum concentration ratio', 0.6, '0.00', 'ratio');
  line(ws, 8, '浓度系数上限', 'Maximum concentration ratio', 1.1, '0.00', 'ratio');
  line(ws, 9, '基准月水量', 'Benchmark monthly volume', 900_000, M3, 'm³');
  line(ws, 10, '基准月服务费', 'Benchmark monthly fee', '=C9*C4', MONEY, '元');

  ['污染物', 'Pollutant', 'COD', 'NH₃-N', '单位 Unit'].forEach((h, i) => (ws.getCell(12, i + 1).value = h));
  ws.getRow(12).font = { bold: true };
  const pollutantRow = (
    row: number,
    zh: string,
    en: string,
    cod: number,
    nh3n: number,
    unit: string,
    numFmt: string
  ) => {
    ws.getCell(row, 1).value = zh;
    ws.getCell(row, 2).value = en;
    ws.getCell(row, 3).value = cod;
    ws.getCell(row, 4).value = nh3n;
    ws.getCell(row, 3).numFmt = numFmt;
    ws.getCell(row, 4).numFmt = numFmt;
    ws.getCell(row, 5).value = unit;
  };
  pollutantRow(13, '设计进水浓度', 'Design influent', 300, 30, 'mg/L', '0.0');
  pollutantRow(14, '设计出水浓度（准Ⅳ类）', 'Design effluent (quasi class IV)', 30, 1.5, 'mg/L', '0.0');
  pollutantRow(15, '付费权重', 'Weight in the fee', 0.7, 0.3, 'share', RATE);
  ws.getCell(16, 1).value = '削减量单价';
  ws.getCell(16, 2).value = 'Price per kg removed';
  // Spills one price per pollutant into C16:D16; D16 is left empty for it.
  spill(ws, 'C16:D16', '=REUSE.SERVICE.REMOVALPRICES(C10,C9,C13:D13,C14:D14,C15:D15)', PRICE);
  ws.getCell(16, 5).value = '元/kg';

  const headZh = [
    '月份',
    '',
    '处理水量',
    '进水BOD₅',
    '进水COD',
    '进水氨氮',
    '考核得分',
    '考核系数',
    '按水量付费',
    '按进水浓度付费',
    '按削减量付费',
  ];
  const headEn = [
    '',
    'Month',
    'Volume (m³)',
    'Influent BOD₅ (mg/L)',
    'Influent COD (mg/L)',
    'Influent NH₃-N (mg/L)',
    'Score',
    'KPI factor',
    'Volume fee (yuan)',
    'Concentration-adjusted fee (yuan)',
    'Removal-based fee (yuan)',
  ];
  headZh.forEach((h, i) => h && (ws.getCell(18, i + 1).value = h));
  headEn.forEach((h, i) => h && (ws.getCell(19, i + 1).value = h));
  ws.getRow(18).font = { bold: true };
  ws.getRow(19).font = { bold: true };

  const first = 20;
  const last = first + months.length - 1;
  months.forEach((m, i) => {
    const r = first + i;
    ws.getCell(r, 1).value = m.zh;
    ws.getCell(r, 2).value = m.en;
    ws.getCell(r, 3).value = m.volumeM3;
    ws.getCell(r, 3).numFmt = M3;
    ws.getCell(r, 4).value = m.bodMgL;
    ws.getCell(r, 5).value = m.codMgL;
    ws.getCell(r, 6).value = m.nh3nMgL;
    ws.getCell(r, 7).value = m.score;
    formula(ws, `H${r}`, `=REUSE.SERVICE.KPIFACTOR(G${r})`, FACTOR);
    formula(ws, `I${r}`, `=C${r}*$C$4`, MONEY);
    formula(ws, `J${r}`, `=REUSE.SERVICE.PERFFEE(C${r},$C$4,D${r},$C$5,$C$6,H${r},$C$7,$C$8)`, MONEY);
    // The removal-based fee is also scaled by the assessment, so the three columns compare like with like.
    formula(ws, `K${r}`, `=REUSE.SERVICE.REMOVALFEE(C${r},E${r}:F${r},$C$14:$D$14,$C$16:$D$16)*H${r}`, MONEY);
  });
  const total = last + 1;
  ws.getCell(total, 1).value = '全年合计';
  ws.getCell(total, 2).value = 'Year total';
  formula(ws, `C${total}`, `=SUM(C${first}:C${last})`, M3);
  for (const c of ['I', 'J', 'K']) formula(ws, `${c}${total}`, `=SUM(${c}${first}:${c}${last})`, MONEY);
  ws.getRow(total).font = { bold: true };
  ws.getCell(total + 1, 1).value = '与按水量付费之差';
  ws.getCell(total + 1, 2).value = 'Difference from the volume fee';
  for (const c of ['J', 'K']) formula(ws, `${c}${total + 1}`, `=${c}${total}-I${total}`, MONEY);

  const ix = total + 3;
  ['调价因素', 'Cost item', '权重 Weight', '基期指数 Base index', '现期指数 Current index'].forEach(
    (h, i) => (ws.getCell(ix, i + 1).value = h)
  );
  ws.getRow(ix).font = { bold: true };
  const items: [string, string, number, number, number][] = [
    ['固定部分（不调整）', 'Fixed part (not indexed)', 0.3, 100, 100],
    ['电费', 'Electricity', 0.25, 100, 106],
    ['药剂费', 'Chemicals', 0.15, 100, 112],
    ['人工费', 'Labour', 0.3, 100, 104],
  ];
  items.forEach(([zh, en, w, b, c], i) => {
    const r = ix + 1 + i;
    ws.getCell(r, 1).value = zh;
    ws.getCell(r, 2).value = en;
    ws.getCell(r, 3).value = w;
    ws.getCell(r, 3).numFmt = RATE;
    ws.getCell(r, 4).value = b;
    ws.getCell(r, 5).value = c;
  });
  const from = ix + 1;
  const to = ix + items.length;
  const indexed = to + 1;
  line(
    ws,
    indexed,
    '调整后基本单价',
    'Indexed base operating price',
    `=REUSE.SERVICE.INDEXPRICE(C4,C${from}:C${to},D${from}:D${to},E${from}:E${to})`,
    PRICE,
    '元/m³'
  );

  const s = ws.name;
  return [
    {
      label: { zh: '全年按水量付费（元）', en: 'Annual volume fee (yuan)' },
      sheet: s,
      cell: `I${total}`,
      format: 'money',
    },
    {
      label: { zh: '全年按进水浓度付费（元）', en: 'Annual concentration-adjusted fee (yuan)' },
      sheet: s,
      cell: `J${total}`,
      format: 'money',
    },
    {
      label: { zh: '全年按削减量付费（元）', en: 'Annual removal-based fee (yuan)' },
      sheet: s,
      cell: `K${total}`,
      format: 'money',
    },
    {
      label: { zh: '调整后基本单价（元/m³）', en: 'Indexed base price (yuan/m³)' },
      sheet: s,
      cell: `C${indexed}`,
      format: 'price',
    },
  ];
}

/** Adds 再生水价格 and 运营服务费 to a workbook; returns their headline cells. */
export function addPricingSheets(
  wb: ExcelJS.Workbook,
  months: readonly OperatingMonth[] = OPERATING_MONTHS
): SummaryLine[] {
  return [...addPriceSheet(wb), ...addOperatorSheet(wb, months)];
}
