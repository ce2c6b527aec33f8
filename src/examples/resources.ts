/**
 * Example sheets for the district's other money questions (issue 14), one per group, on
 * Wanzhou's own projects as the action rules name them (万州发改资环〔2023〕25号):
 *
 * - 绿色金融 (Green bonds and REITs, clause 十三): a green bond for the 何家岩 plant's upgrade and
 *   reclaimed-water line — its place in the 2021 catalogue and its coupon saving — and the REIT
 *   screen of the operating 江南（密溪沟） plant: distributable cash flow, IRR over the remaining
 *   concession against the bureau's 5 % screen, the value at a target yield, the subsidy share,
 *   and the capital it would recycle into the next project.
 * - 能源利用 (Energy, clause 十): over-tank solar at 何家岩 with a 25-year generation column, sludge
 *   biogas and tail-water hydro; self-consumption capped by the plant's load; payback and LCOE.
 * - 污泥处置 (Sludge, clauses 三 and 六): 何家岩, 江南（密溪沟） and the 经开区 park plant, each by its
 *   route; cost per tonne of dry solids, per m³ and as a share of the sewage charge.
 * - 农业水价 (Agricultural water prices, clause 十二): cost price, precision subsidy for grain within
 *   quota, water-saving reward, an over-quota bill for an orchard, and the budget.
 *
 * Every number typed in a cell is illustrative (a bureau replaces it with its own); every policy
 * number comes from REUSE.POLICY. Each sheet has a Chinese (A) and an English (B) label column.
 */
import type ExcelJS from 'exceljs';
import { asExcelSaves } from './excel-formula';
import { FORMAT, formula, spill } from './sheet';
import type { SummaryLine } from './types';

const { money: MONEY, price: PRICE, m3: M3, rate: RATE } = FORMAT;
const NUM = '#,##0';
const KWH = '#,##0';

/** A sheet written top to bottom: labelled rows with a value in C, unit in D and a note in E. */
class Sheet {
  row = 3;
  constructor(
    readonly ws: ExcelJS.Worksheet,
    titleZh: string,
    titleEn: string,
    sourceZh: string,
    sourceEn: string
  ) {
    ws.getCell('A1').value = titleZh;
    ws.getCell('B1').value = titleEn;
    ws.getRow(1).font = { bold: true, size: 14 };
    ws.getCell('A2').value = sourceZh;
    ws.getCell('B2').value = sourceEn;
    ws.getRow(2).font = { italic: true, color: { argb: 'FF555555' } };
    [40, 46, 18, 14, 64, 16, 16, 16].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  }

  section(zh: string, en: string): void {
    this.row++;
    this.ws.getCell(this.row, 1).value = zh;
    this.ws.getCell(this.row, 2).value = en;
    this.ws.getRow(this.row).font = { bold: true };
    this.row++;
  }

  /** A labelled value (number, text or formula); returns its address. */
  line(zh: string, en: string, value: number | string, numFmt?: string, unit = '', note = ''): string {
    const r = this.row++;
    this.ws.getCell(r, 1).value = zh;
    this.ws.getCell(r, 2).value = en;
    const cell = this.ws.getCell(r, 3);
    if (typeof value === 'string' && value.startsWith('='))
      cell.value = { formula: asExcelSaves(value) } as ExcelJS.CellFormulaValue;
    else cell.value = value;
    if (numFmt) cell.numFmt = numFmt;
    if (unit) this.ws.getCell(r, 4).value = unit;
    if (note) this.ws.getCell(r, 5).value = note;
    return `C${r}`;
  }

  /** A header row for a table starting in column A. */
  header(zh: string[], en: string[]): number {
    const r = this.row;
    zh.forEach((h, i) => h && (this.ws.getCell(r, i + 1).value = h));
    en.forEach((h, i) => h && (this.ws.getCell(r + 1, i + 1).value = h));
    this.ws.getRow(r).font = { bold: true };
    this.ws.getRow(r + 1).font = { bold: true };
    this.row += 2;
    return this.row;
  }
}

/** 绿色金融: a green bond for 何家岩, the REIT screen of 江南（密溪沟）. */
function addGreenSheet(wb: ExcelJS.Workbook): SummaryLine[] {
  const s = new Sheet(
    wb.addWorksheet('绿色金融'),
    '绿色债券与基础设施REITs：何家岩提标扩能项目发债、江南（密溪沟）污水处理厂盘活',
    'Green bonds and infrastructure REITs: a green bond for the Hejiayan upgrade, recycling the Jiangnan (Mixigou) plant',
    '依据：万州发改资环〔2023〕25号（十三）；《绿色债券支持项目目录（2021年版）》（银发〔2021〕96号）；《中国绿色债券原则》；发改投资〔2024〕1014号；发改投资〔2023〕236号（门槛为本局筛选假设）',
    "Sources: Wanzhou action rules (13); green bond catalogue 2021; China Green Bond Principles 2022; NDRC REIT notices 2024 No. 1014 and 2023 No. 236 (thresholds kept as the bureau's screen)"
  );
  s.section('一、绿色债券支持项目目录归类', '1. Place in the 2021 green bond catalogue');
  s.line(
    '再生水利用：一级分类',
    'Reclaimed water: first-level category',
    '=REUSE.GREEN.ELIGIBLE("再生水","一级分类")',
    undefined,
    '',
    '（三）何家岩污水处理厂提标升级扩能，同步考虑污水再生利用'
  );
  s.line(
    '再生水利用：支持项目',
    'Reclaimed water: item',
    '=REUSE.GREEN.ELIGIBLE("再生水")',
    undefined,
    '',
    '项目编号以目录正式文本为准'
  );
  s.line(
    '池面光伏：一级分类',
    'Over-tank solar: first-level category',
    '=REUSE.GREEN.ELIGIBLE("光伏","一级分类")',
    undefined,
    '',
    '（十）污水处理厂+分布式光伏发电'
  );
  const proceeds = s.line(
    '募集资金用于绿色项目的比例',
    'Share of proceeds for green projects',
    '=REUSE.POLICY("green.proceeds_share")',
    RATE,
    'share',
    '《中国绿色债券原则》2.1'
  );

  s.section('二、绿色债券票息节约', '2. Coupon saving of the green bond');
  const principal = s.line('债券本金', 'Principal', 300_000_000, MONEY, '元', '何家岩提标扩能及再生水项目（示例）');
  const ordinary = s.line(
    '同期限普通债券利率',
    'Ordinary coupon, same term',
    0.032,
    RATE,
    'rate',
    '示例：发行人同期限普通公司债'
  );
  const green = s.line('绿色债券利率', 'Green coupon', 0.03, RATE, 'rate', '示例：绿色溢价约20个基点，以询价为准');
  const term = s.line('期限', 'Term', 10, '0', '年');
  const extra = s.line('贴标额外费用（评估认证、存续期披露）', 'Extra costs of the label', 450_000, MONEY, '元');
  const saving = s.line(
    '票息节约现值（净额）',
    'Present value of the saving, net',
    `=REUSE.GREEN.COUPONSAVING(${principal},${ordinary},${green},${term},,${extra})`,
    MONEY,
    '元',
    '按普通债券利率折现'
  );
  s.line('绿色项目投向金额', 'Proceeds to green projects', `=${principal}*${proceeds}`, MONEY, '元');

  s.section(
    '三、江南（密溪沟）污水处理厂 基础设施REITs筛选',
    '3. REIT screen of the operating Jiangnan (Mixigou) plant'
  );
  const volume = s.line('年处理水量', 'Sewage treated per year', '=60000*365', M3, 'm³/a', '示例：日处理6万吨');
  const fee = s.line('污水处理服务费单价', 'Service price', 1.15, PRICE, '元/m³', '按特许经营协议');
  const revenue = s.line('服务费收入', 'Service revenue', `=${volume}*${fee}`, MONEY, '元/a');
  const opex = s.line('付现运营成本', 'Cash operating costs', 12_500_000, MONEY, '元/a', '电费、药剂、人工、污泥处置');
  const ebitda = s.line('息税折旧摊销前利润', 'EBITDA', `=${revenue}-${opex}`, MONEY, '元/a');
  const tax = s.line('所得税', 'Income tax', 1_200_000, MONEY, '元/a');
  const capex = s.line('资本性支出（设备更新）', 'Sustaining capex', 1_500_000, MONEY, '元/a');
  const reserve = s.line('预留资金增加', 'Increase of reserves', 300_000, MONEY, '元/a');
  const dist = s.line(
    '年度可供分配现金流',
    'Distributable cash flow',
    `=REUSE.REIT.DISTRIBUTABLE(${ebitda},${tax},${capex},0,${reserve})`,
    MONEY,
    '元/a'
  );
  const appraised = s.line(
    '目标不动产评估净值',
    'Appraised net value',
    120_000_000,
    MONEY,
    '元',
    '示例；首发规模要求以现行规定为准'
  );
  const remaining = s.line('特许经营剩余年限', 'Years left in the concession', 22, '0', '年');
  const irrRow = s.row;
  s.ws.getCell(irrRow, 1).value = '剩余期限内部收益率 / 门槛 / 差额';
  s.ws.getCell(irrRow, 2).value = 'IRR over the remaining term / threshold / margin';
  spill(s.ws, `C${irrRow}:E${irrRow}`, `=REUSE.REIT.TEST(${dist},${appraised},"特许经营",${remaining})`, RATE);
  s.row++;
  const rateRow = s.row;
  s.ws.getCell(rateRow, 1).value = '净现金流分派率 / 参考门槛 / 差额';
  s.ws.getCell(rateRow, 2).value = 'Distribution rate / reference threshold / margin';
  spill(s.ws, `C${rateRow}:E${rateRow}`, `=REUSE.REIT.TEST(${dist},${appraised},"产权类")`, RATE);
  s.row++;
  const target = s.line('投资者目标收益率', 'Target yield', 0.055, RATE, 'rate', '示例');
  const value = s.line(
    '按目标收益率的资产价值',
    'Value at the target yield',
    `=REUSE.REIT.VALUE(${dist},${target},${remaining})`,
    MONEY,
    '元'
  );
  const payout = s.line(
    '最低分配比例',
    'Minimum payout',
    '=REUSE.POLICY("reit.payout_min")',
    RATE,
    'share',
    '证监会公告〔2020〕54号'
  );
  s.line('年度最低分配金额', 'Minimum yearly distribution', `=${dist}*${payout}`, MONEY, '元/a');
  const subsRow = s.row;
  s.ws.getCell(subsRow, 1).value = '近3年政府补贴';
  s.ws.getCell(subsRow, 2).value = 'Subsidies, last 3 years';
  [400_000, 350_000, 300_000].forEach(
    (v, i) => ((s.ws.getCell(subsRow, 3 + i).value = v), (s.ws.getCell(subsRow, 3 + i).numFmt = MONEY))
  );
  s.row++;
  const revRow = s.row;
  s.ws.getCell(revRow, 1).value = '近3年项目总收入';
  s.ws.getCell(revRow, 2).value = 'Revenue, last 3 years';
  [23_500_000, 24_300_000, 25_185_000].forEach(
    (v, i) => ((s.ws.getCell(revRow, 3 + i).value = v), (s.ws.getCell(revRow, 3 + i).numFmt = MONEY))
  );
  s.row++;
  const share = s.line(
    '补贴占收入比例（最高年度）',
    'Largest yearly subsidy share',
    `=REUSE.REIT.SUBSIDYSHARE(C${subsRow}:E${subsRow},C${revRow}:E${revRow})`,
    RATE,
    'share'
  );
  s.line(
    '补贴占比上限',
    'Cap on the subsidy share',
    '=REUSE.POLICY("reit.subsidy_share_max")',
    RATE,
    'share',
    '发改投资〔2024〕1014号'
  );
  const recycled = s.line(
    '可回收资本（按目标收益率价值）',
    'Capital that could be recycled',
    `=${value}`,
    MONEY,
    '元',
    '用于下一个污水资源化项目（如何家岩再生水）'
  );
  void share;
  const name = s.ws.name;
  return [
    {
      section: { zh: '绿色金融', en: 'Green bonds and REITs' },
      label: { zh: '绿色债券票息节约现值（元）', en: 'Green bond saving, PV (yuan)' },
      sheet: name,
      cell: saving,
      format: 'money',
    },
    {
      label: { zh: '江南厂剩余期限IRR', en: 'Jiangnan plant IRR, remaining term' },
      sheet: name,
      cell: `C${irrRow}`,
      format: 'ratio',
    },
    {
      label: { zh: 'IRR与5%筛选门槛之差', en: 'IRR margin over the 5 % screen' },
      sheet: name,
      cell: `E${irrRow}`,
      format: 'ratio',
    },
    {
      label: { zh: '按5.5%目标收益率的资产价值（元）', en: 'Value at a 5.5 % target yield (yuan)' },
      sheet: name,
      cell: recycled,
      format: 'money',
    },
  ];
}

/** 能源利用: solar over the tanks at 何家岩, sludge biogas, tail-water hydro. */
function addEnergySheet(wb: ExcelJS.Workbook): SummaryLine[] {
  const s = new Sheet(
    wb.addWorksheet('能源利用'),
    '何家岩污水处理厂 能源利用：池面光伏、污泥沼气、尾水发电',
    'Hejiayan WWTP energy: over-tank solar, sludge biogas, tail-water hydro',
    '依据：万州发改资环〔2023〕25号（十）“污水处理厂+尾水发电”“污水处理厂+分布式光伏发电”“污水处理厂+沼气发电”，提供自发自用的清洁能源；（六）',
    "Sources: Wanzhou action rules (10): tail-water hydro, distributed solar and biogas at sewage plants, for the plant's own use; (6)"
  );
  s.section('一、厂内用电与电价', "1. The plant's load and tariffs");
  const load = s.line(
    '污水处理厂年用电量',
    'Plant consumption per year',
    8_000_000,
    KWH,
    'kWh/a',
    '示例：日处理10万吨，约0.22 kWh/m³'
  );
  const grid = s.line('购电价格', 'Grid purchase price', 0.65, PRICE, '元/kWh', '示例：一般工商业用电');
  const exportPrice = s.line(
    '上网电价（预期）',
    'Export price (expected)',
    0.4,
    PRICE,
    '元/kWh',
    '2025年6月后新项目上网电量参与市场交易，按预期价格填写'
  );

  s.section('二、池面分布式光伏', '2. Over-tank solar');
  const kw = s.line('装机容量', 'Installed capacity', 2000, NUM, 'kWp', '生化池、二沉池加盖');
  const hours = s.line('年等效利用小时数', 'Full-load hours per year', 950, NUM, 'h', '示例，以可研测算为准');
  const first = s.line('首年衰减率', 'First-year degradation', 0.02, RATE, 'share', '组件质保参数');
  const later = s.line('此后年衰减率', 'Later yearly degradation', 0.0055, RATE, 'share', '组件质保参数');
  const solar1 = s.line(
    '首年发电量',
    'Generation, year 1',
    `=REUSE.ENERGY.SOLAR(${kw},${hours},1,${first},${later})`,
    KWH,
    'kWh'
  );
  const solarCapex = s.line('光伏投资', 'Solar capex', 7_600_000, MONEY, '元', '约3.8元/W');
  const solarOpex = s.line('光伏年运维费', 'Solar O&M per year', 95_000, MONEY, '元/a');

  s.section('三、污泥厌氧消化沼气发电', '3. Sludge biogas');
  const ds = s.line(
    '进入消化的污泥干固体',
    'Dry solids to digestion',
    '=REUSE.SLUDGE.DRYSOLIDS(70*365)',
    NUM,
    't DS/a',
    '日产含水率80%污泥70吨'
  );
  const vs = s.line('挥发性固体比例', 'Volatile share', 0.5, RATE, 'share', '示例，以泥质检测为准');
  const vsd = s.line('挥发性固体降解率', 'VS destruction', 0.4, RATE, 'share');
  const biogas = s.line(
    '沼气年发电量',
    'Biogas electricity per year',
    `=REUSE.ENERGY.BIOGAS(${ds},${vs},${vsd})`,
    KWH,
    'kWh/a',
    '产气率、甲烷含量、发电效率为本局假设（REUSE.POLICY）'
  );

  s.section('四、尾水发电', '4. Tail-water hydro');
  const tail = s.line('年过机尾水量', 'Tail water through the turbine', '=100000*365', M3, 'm³/a');
  const head = s.line('净水头', 'Net head', 8, '0.0', 'm', '出水口至长江排口落差（示例）');
  const hydro = s.line(
    '尾水年发电量',
    'Hydro electricity per year',
    `=REUSE.ENERGY.HYDRO(${tail},${head})`,
    KWH,
    'kWh/a',
    '机组效率为本局假设'
  );

  s.section('五、自发自用与收益', '5. Self-consumption and value');
  const total = s.line('合计年发电量', 'Total generation', `=${solar1}+${biogas}+${hydro}`, KWH, 'kWh/a');
  const splitRow = s.header(
    ['', '', '自用电量 kWh', '上网电量 kWh', '节约电费 元', '上网收入 元', '合计 元'],
    ['', '', 'Self-consumed', 'Exported', 'Saving', 'Export revenue', 'Total']
  );
  s.ws.getCell(splitRow, 1).value = '光伏（同时率0.9）';
  s.ws.getCell(splitRow, 2).value = 'Solar (coincidence 0.9)';
  spill(s.ws, `C${splitRow}:G${splitRow}`, `=REUSE.ENERGY.SPLIT(${solar1},${load},${grid},${exportPrice},0.9)`, NUM);
  s.ws.getCell(splitRow + 1, 1).value = '全部电源';
  s.ws.getCell(splitRow + 1, 2).value = 'All sources';
  spill(
    s.ws,
    `C${splitRow + 1}:G${splitRow + 1}`,
    `=REUSE.ENERGY.SPLIT(${total},${load},${grid},${exportPrice},0.9)`,
    NUM
  );
  s.row = splitRow + 2;
  const payback = s.line(
    '光伏静态投资回收期',
    'Solar payback',
    `=REUSE.ENERGY.PAYBACK(${solarCapex},G${splitRow},${solarOpex})`,
    '0.00',
    '年'
  );
  const lcoe = s.line(
    '光伏平准化度电成本',
    'Solar levelised cost',
    `=REUSE.ENERGY.LCOE(${solarCapex},${solarOpex},REUSE.ENERGY.SOLAR(${kw},${hours},1,${first}),25,0.05,${later})`,
    PRICE,
    '元/kWh',
    '25年，折现率5%'
  );
  const selfShare = s.line(
    '自发电量占厂内用电比例',
    "Share of the plant's load self-supplied",
    `=C${splitRow + 1}/${load}`,
    RATE,
    'share'
  );

  s.section('六、光伏逐年发电量', '6. Solar generation by year');
  const yearsFrom = s.row;
  for (let y = 1; y <= 25; y++) {
    s.ws.getCell(yearsFrom + y - 1, 1).value = `第${y}年`;
    s.ws.getCell(yearsFrom + y - 1, 2).value = y;
  }
  const yearsTo = yearsFrom + 24;
  spill(
    s.ws,
    `C${yearsFrom}:C${yearsTo}`,
    `=REUSE.ENERGY.SOLAR(${kw},${hours},B${yearsFrom}:B${yearsTo},${first},${later})`,
    KWH
  );
  s.row = yearsTo + 1;
  const life = s.line('25年累计发电量', '25-year generation', `=SUM(C${yearsFrom}:C${yearsTo})`, KWH, 'kWh');
  const name = s.ws.name;
  void selfShare;
  return [
    {
      section: { zh: '能源利用', en: 'Energy from the plant' },
      label: { zh: '光伏首年发电量（kWh）', en: 'Solar generation, year 1 (kWh)' },
      sheet: name,
      cell: solar1,
      format: 'number',
    },
    {
      label: { zh: '三种电源合计年收益（元）', en: 'Yearly value, all sources (yuan)' },
      sheet: name,
      cell: `G${splitRow + 1}`,
      format: 'money',
    },
    { label: { zh: '光伏回收期（年）', en: 'Solar payback (years)' }, sheet: name, cell: payback, format: 'number' },
    { label: { zh: '光伏度电成本（元/kWh）', en: 'Solar LCOE (yuan/kWh)' }, sheet: name, cell: lcoe, format: 'price' },
    {
      label: { zh: '光伏25年累计发电量（kWh）', en: 'Solar, 25 years (kWh)' },
      sheet: name,
      cell: life,
      format: 'number',
    },
  ];
}

export interface SludgePlant {
  zh: string;
  en: string;
  sewageM3PerDay: number;
  wetTonnesPerDay: number;
  moisture: number;
  route: string;
  /** Contract price per t DS, or undefined for the catalogue's assumption. */
  unitCost?: number;
  distanceKm: number;
  feeKey: string;
}

export const SLUDGE_PLANTS: readonly SludgePlant[] = [
  {
    zh: '何家岩污水处理厂',
    en: 'Hejiayan WWTP',
    sewageM3PerDay: 100_000,
    wetTonnesPerDay: 70,
    moisture: 0.8,
    route: '焚烧',
    distanceKm: 35,
    feeKey: 'sewage.min_fee.city.residential',
  },
  {
    zh: '江南（密溪沟）污水处理厂',
    en: 'Jiangnan (Mixigou) WWTP',
    sewageM3PerDay: 60_000,
    wetTonnesPerDay: 42,
    moisture: 0.8,
    route: '建材利用',
    distanceKm: 25,
    feeKey: 'sewage.min_fee.city.residential',
  },
  {
    zh: '万州经开区园区污水处理厂',
    en: 'Wanzhou development zone park WWTP',
    sewageM3PerDay: 20_000,
    wetTonnesPerDay: 8,
    moisture: 0.6,
    route: '焚烧',
    unitCost: 1800,
    distanceKm: 15,
    feeKey: 'sewage.min_fee.city.nonresidential',
  },
];

/** 污泥处置: three plants, each by its route; cost per t DS, per m³ and as a share of the fee. */
function addSludgeSheet(wb: ExcelJS.Workbook, plants: readonly SludgePlant[] = SLUDGE_PLANTS): SummaryLine[] {
  const s = new Sheet(
    wb.addWorksheet('污泥处置'),
    '城镇污水处理厂污泥处理处置费用测算',
    "Sludge treatment and disposal costs of the district's plants",
    '依据：万州发改资环〔2023〕25号（三）（六）；《城镇排水与污水处理条例》第三十二条；发改价格〔2015〕119号（收费标准补偿污泥处置成本）；单价默认值为本局假设',
    "Sources: Wanzhou action rules (3), (6); State Council Order No. 641 art. 32; NDRC 2015 No. 119 (the fee recovers sludge costs); default unit costs are the bureau's assumptions"
  );
  s.section('一、参数', '1. Parameters');
  const transport = s.line('湿泥运输单价', 'Haulage per wet tonne and km', 0.6, '0.00', '元/(t·km)');
  const target = s.line(
    '2025年污泥无害化处置率目标',
    '2025 target: sludge safely disposed',
    '=REUSE.POLICY("wanzhou.target.sludge_safe_disposal")',
    RATE,
    'share',
    '（三）'
  );
  s.section('二、各厂测算', '2. By plant');
  const first = s.header(
    [
      '污水处理厂',
      '',
      '日处理水量 m³',
      '日产湿泥 t',
      '含水率',
      '处置路线',
      '单价 元/t干泥',
      '运距 km',
      '年干泥 t',
      '年费用 元',
      '折合 元/m³',
      '污水处理费 元/m³',
      '占污水处理费',
    ],
    [
      '',
      'Plant',
      'Sewage m³/d',
      'Wet sludge t/d',
      'Moisture',
      'Route',
      'Unit cost yuan/t DS',
      'Distance km',
      'Dry solids t/a',
      'Cost yuan/a',
      'Per m³',
      'Sewage fee',
      'Share of the fee',
    ]
  );
  [28, 30, 14, 12, 10, 12, 16, 10, 14, 16, 12, 14, 14].forEach(
    (w, i) => (s.ws.getColumn(i + 1).width = Math.max(w, s.ws.getColumn(i + 1).width ?? 0))
  );
  plants.forEach((p, i) => {
    const r = first + i;
    const ws = s.ws;
    ws.getCell(r, 1).value = p.zh;
    ws.getCell(r, 2).value = p.en;
    ws.getCell(r, 3).value = p.sewageM3PerDay;
    ws.getCell(r, 3).numFmt = M3;
    ws.getCell(r, 4).value = p.wetTonnesPerDay;
    ws.getCell(r, 5).value = p.moisture;
    ws.getCell(r, 5).numFmt = RATE;
    ws.getCell(r, 6).value = p.route;
    if (p.unitCost !== undefined) ws.getCell(r, 7).value = p.unitCost;
    else
      formula(
        ws,
        `G${r}`,
        `=REUSE.POLICY(IF(F${r}="焚烧","sludge.cost.incineration",IF(F${r}="建材利用","sludge.cost.building",IF(F${r}="土地利用","sludge.cost.land","sludge.cost.landfill"))))`,
        NUM
      );
    ws.getCell(r, 8).value = p.distanceKm;
    formula(ws, `I${r}`, `=REUSE.SLUDGE.DRYSOLIDS(D${r}*365,E${r})`, NUM);
    formula(ws, `J${r}`, `=REUSE.SLUDGE.COST(I${r},F${r},G${r},${transport},H${r},E${r})`, MONEY);
    formula(ws, `K${r}`, `=REUSE.SLUDGE.PERM3(J${r},C${r}*365)`, PRICE);
    formula(ws, `L${r}`, `=REUSE.POLICY("${p.feeKey}")`, PRICE);
    formula(ws, `M${r}`, `=REUSE.SLUDGE.FEESHARE(J${r},C${r}*365,L${r})`, RATE);
  });
  const last = first + plants.length - 1;
  const total = last + 1;
  s.ws.getCell(total, 1).value = '全区合计';
  s.ws.getCell(total, 2).value = 'District total';
  s.ws.getRow(total).font = { bold: true };
  formula(s.ws, `C${total}`, `=SUM(C${first}:C${last})`, M3);
  formula(s.ws, `I${total}`, `=SUM(I${first}:I${last})`, NUM);
  formula(s.ws, `J${total}`, `=SUM(J${first}:J${last})`, MONEY);
  formula(s.ws, `K${total}`, `=REUSE.SLUDGE.PERM3(J${total},C${total}*365)`, PRICE);
  formula(s.ws, `G${total}`, `=J${total}/I${total}`, NUM);
  s.row = total + 2;
  s.line(
    '说明',
    'Note',
    '单价留空处取 REUSE.POLICY("sludge.cost.<路线>")（本局假设），经开区园区厂按合同价；污泥处理处置费计入污水处理成本',
    undefined,
    '',
    ''
  );
  void target;
  const name = s.ws.name;
  return [
    {
      section: { zh: '污泥处置', en: 'Sludge' },
      label: { zh: '全区污泥处理处置年费用（元）', en: 'District sludge cost per year (yuan)' },
      sheet: name,
      cell: `J${total}`,
      format: 'money',
    },
    {
      label: { zh: '全区平均每吨干泥（元）', en: 'Average per t DS (yuan)' },
      sheet: name,
      cell: `G${total}`,
      format: 'number',
    },
    {
      label: { zh: '折合每立方米污水（元）', en: 'Per m³ of sewage (yuan)' },
      sheet: name,
      cell: `K${total}`,
      format: 'price',
    },
    {
      label: { zh: '何家岩：占污水处理费比例', en: 'Hejiayan: share of the sewage fee' },
      sheet: name,
      cell: `M${first}`,
      format: 'ratio',
    },
  ];
}

export interface Crop {
  zh: string;
  en: string;
  areaMu: number;
  quota: number;
  use: number;
  price: number;
  grain: boolean;
}

export const CROPS: readonly Crop[] = [
  { zh: '水稻（种粮）', en: 'Rice (grain)', areaMu: 15_000, quota: 350, use: 320, price: 0.12, grain: true },
  { zh: '玉米（种粮）', en: 'Maize (grain)', areaMu: 8_000, quota: 120, use: 105, price: 0.12, grain: true },
  {
    zh: '再生水灌溉蔬菜基地',
    en: 'Vegetables on reclaimed water',
    areaMu: 2_000,
    quota: 260,
    use: 240,
    price: 0.18,
    grain: false,
  },
  { zh: '柑橘（经济作物）', en: 'Citrus (cash crop)', areaMu: 6_000, quota: 150, use: 168, price: 0.2, grain: false },
];

/** 农业水价: cost price, subsidy for grain within quota, reward for saving, an over-quota bill, the budget. */
function addAgriSheet(wb: ExcelJS.Workbook, crops: readonly Crop[] = CROPS): SummaryLine[] {
  const s = new Sheet(
    wb.addWorksheet('农业水价'),
    '农业水价综合改革：成本水价、精准补贴与节水奖励测算',
    'Agricultural water price reform: cost price, precision subsidy and water-saving reward',
    '依据：万州发改资环〔2023〕25号（十二）“先建机制、后建工程”，深入推进农业水价综合改革；（九）农业污水再利用、就近灌溉回用；国办发〔2016〕2号',
    'Sources: Wanzhou action rules (12) and (9); General Office of the State Council 2016 No. 2 (agricultural water price reform)'
  );
  s.section('一、成本水价', '1. Cost price');
  const om = s.line('灌区年运行维护费', 'O&M of the irrigation district per year', 1_500_000, MONEY, '元/a', '示例');
  const dep = s.line('年折旧费', 'Depreciation per year', 900_000, MONEY, '元/a');
  const vol = s.line('年计量供水量', 'Metered supply per year', 9_000_000, M3, 'm³/a');
  const omPrice = s.line(
    '运行维护成本水价',
    'O&M cost price',
    `=REUSE.AGRI.COSTPRICE(${om},${vol})`,
    PRICE,
    '元/m³',
    '改革目标：农业水价总体达到运行维护成本水平'
  );
  s.line('完全成本水价', 'Full cost price', `=REUSE.AGRI.COSTPRICE(${om},${vol},${dep})`, PRICE, '元/m³');
  const reward = s.line(
    '节水奖励标准',
    'Reward per m³ saved',
    0.08,
    PRICE,
    '元/m³',
    '由县级水行政主管部门会同财政等部门确定（示例）'
  );

  s.section('二、分作物测算', '2. By crop');
  const first = s.header(
    ['作物', '', '面积 亩', '定额 m³/亩', '实际 m³/亩', '执行水价 元/m³', '精准补贴 元', '节水奖励 元'],
    ['', 'Crop', 'Area (mu)', 'Quota m³/mu', 'Use m³/mu', 'Price yuan/m³', 'Subsidy (yuan)', 'Reward (yuan)']
  );
  crops.forEach((c, i) => {
    const r = first + i;
    const ws = s.ws;
    ws.getCell(r, 1).value = c.zh;
    ws.getCell(r, 2).value = c.en;
    ws.getCell(r, 3).value = c.areaMu;
    ws.getCell(r, 3).numFmt = NUM;
    ws.getCell(r, 4).value = c.quota;
    ws.getCell(r, 5).value = c.use;
    ws.getCell(r, 6).value = c.price;
    ws.getCell(r, 6).numFmt = PRICE;
    // The precision subsidy goes to grain growers (重点补贴种粮农民定额内用水); cash crops pay their price.
    if (c.grain) formula(ws, `G${r}`, `=REUSE.AGRI.SUBSIDY(C${r},D${r},E${r},${omPrice},F${r})`, MONEY);
    else ws.getCell(r, 7).value = 0;
    ws.getCell(r, 7).numFmt = MONEY;
    formula(ws, `H${r}`, `=REUSE.AGRI.REWARD(C${r},D${r},E${r},${reward})`, MONEY);
  });
  const last = first + crops.length - 1;
  const total = last + 1;
  s.ws.getCell(total, 1).value = '合计';
  s.ws.getCell(total, 2).value = 'Total';
  s.ws.getRow(total).font = { bold: true };
  formula(s.ws, `C${total}`, `=SUM(C${first}:C${last})`, NUM);
  formula(s.ws, `G${total}`, `=SUM(G${first}:G${last})`, MONEY);
  formula(s.ws, `H${total}`, `=SUM(H${first}:H${last})`, MONEY);
  s.row = total + 1;
  const budget = s.line(
    '精准补贴和节水奖励资金需求',
    'Budget: subsidy + reward',
    `=G${total}+H${total}`,
    MONEY,
    '元/a'
  );

  s.section('三、超定额累进加价（柑橘）', '3. Over-quota surcharge (citrus)');
  const citrus = first + crops.length - 1;
  const qv = s.line('定额水量', 'Quota volume', `=C${citrus}*D${citrus}`, M3, 'm³');
  const uv = s.line('实际用水量', 'Volume used', `=C${citrus}*E${citrus}`, M3, 'm³');
  const bill = s.line(
    '水费（超定额累进加价）',
    'Bill with the over-quota surcharge',
    `=REUSE.TARIFF.OVERQUOTA(${uv},${qv},F${citrus},{0.1,0.3},{0.5,1,2})`,
    MONEY,
    '元',
    '分档：超10%以内加价50%，10%～30%加价100%，30%以上加价200%（示例）'
  );
  s.line('其中超定额加价', 'of which the surcharge', `=${bill}-${uv}*F${citrus}`, MONEY, '元');
  const name = s.ws.name;
  return [
    {
      section: { zh: '农业水价', en: 'Agricultural water prices' },
      label: { zh: '运行维护成本水价（元/m³）', en: 'O&M cost price (yuan/m³)' },
      sheet: name,
      cell: omPrice,
      format: 'price',
    },
    {
      label: { zh: '精准补贴合计（元）', en: 'Precision subsidy (yuan)' },
      sheet: name,
      cell: `G${total}`,
      format: 'money',
    },
    {
      label: { zh: '节水奖励合计（元）', en: 'Water-saving reward (yuan)' },
      sheet: name,
      cell: `H${total}`,
      format: 'money',
    },
    { label: { zh: '年度资金需求（元）', en: 'Yearly budget (yuan)' }, sheet: name, cell: budget, format: 'money' },
  ];
}

/** Adds 绿色金融, 能源利用, 污泥处置 and 农业水价; returns their headline cells. */
export function addResourceSheets(wb: ExcelJS.Workbook): SummaryLine[] {
  return [...addGreenSheet(wb), ...addEnergySheet(wb), ...addSludgeSheet(wb), ...addAgriSheet(wb)];
}
