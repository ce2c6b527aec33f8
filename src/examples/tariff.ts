/**
 * Example sheets for the foundation: tiered household tariff design (阶梯水价测算),
 * differential sewage charges for industrial dischargers (污水差别化收费) and the policy
 * catalogue (政策参数). Formulas are written as Excel saves them (`_xldudf_REUSE_…`).
 *
 * The numbers are illustrative: 200 households of one Wanzhou residential district with
 * seeded, reproducible annual volumes, and twelve dischargers of the 万州经开区.
 */
import type ExcelJS from 'exceljs';
import { FORMAT, formula, spill } from './sheet';
import type { SummaryLine } from './types';

/** Reproducible pseudo-random numbers (mulberry32), so the example is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Annual household volumes in m³: a right-skewed spread around 150 m³ (≈ 3 people × 140 L/day). */
export function householdVolumes(count: number, seed = 2023): number[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const u = rand() + rand() + rand(); // ~ bell-shaped on [0, 3]
    return Math.round(60 + 55 * u + (rand() < 0.1 ? 150 * rand() : 0));
  });
}

export interface Discharger {
  name: string;
  codMgL: number;
  nh3nMgL: number;
  volumeM3: number;
}

/** Twelve industrial dischargers of the development zone (illustrative). */
export const DISCHARGERS: Discharger[] = [
  { name: '食品加工一厂', codMgL: 820, nh3nMgL: 42, volumeM3: 96_000 },
  { name: '食品加工二厂', codMgL: 460, nh3nMgL: 28, volumeM3: 54_000 },
  { name: '盐化工公司', codMgL: 240, nh3nMgL: 18, volumeM3: 310_000 },
  { name: '纺织印染厂', codMgL: 650, nh3nMgL: 36, volumeM3: 148_000 },
  { name: '医药中间体厂', codMgL: 980, nh3nMgL: 55, volumeM3: 41_000 },
  { name: '电子元件厂', codMgL: 180, nh3nMgL: 12, volumeM3: 88_000 },
  { name: '机械加工厂', codMgL: 210, nh3nMgL: 15, volumeM3: 36_000 },
  { name: '饮料灌装厂', codMgL: 540, nh3nMgL: 22, volumeM3: 120_000 },
  { name: '屠宰加工厂', codMgL: 1250, nh3nMgL: 78, volumeM3: 65_000 },
  { name: '造纸厂', codMgL: 700, nh3nMgL: 31, volumeM3: 205_000 },
  { name: '汽车配件厂', codMgL: 300, nh3nMgL: 30, volumeM3: 47_000 },
  { name: '酿造厂', codMgL: 1100, nh3nMgL: 48, volumeM3: 58_000 },
];

const { money: MONEY, price: PRICE, m3: M3 } = FORMAT;

function header(ws: ExcelJS.Worksheet, title: string, subtitle: string): void {
  ws.getCell('A1').value = title;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = subtitle;
  ws.getCell('A2').font = { italic: true, color: { argb: 'FF555555' } };
}

function label(ws: ExcelJS.Worksheet, address: string, zh: string, en: string): void {
  ws.getCell(address).value = `${zh} ${en}`;
}

/** 阶梯水价测算: household volumes → tier limits → base price for a revenue target → bills. */
export function addTariffSheet(wb: ExcelJS.Workbook, households = householdVolumes(200)): SummaryLine[] {
  const ws = wb.addWorksheet('阶梯水价');
  header(
    ws,
    '居民阶梯水价测算 Tiered household tariff design',
    '发改价格〔2013〕2676号；万州发改资环〔2023〕25号（十二）完善费价税机制'
  );
  ws.getColumn(1).width = 12;
  ws.getColumn(2).width = 14;
  ws.getColumn(3).width = 14;
  ws.getColumn(4).width = 44;
  for (const c of [5, 6, 7, 8, 9, 10]) ws.getColumn(c).width = 13;

  ws.getCell('A4').value = '户号 Household';
  ws.getCell('B4').value = '年用水量 m³';
  ws.getCell('C4').value = '年水费 Bill';
  const first = 5;
  const last = first + households.length - 1;
  households.forEach((v, i) => {
    ws.getCell(first + i, 1).value = i + 1;
    ws.getCell(first + i, 2).value = v;
  });
  const volumes = `B${first}:B${last}`;

  label(ws, 'D4', '分档覆盖率', 'Tier coverage');
  spill(ws, 'E4:F4', '=REUSE.POLICY("tariff.tier_coverage")', '0%');
  label(ws, 'D5', '测算分档水量 m³', 'Tier limits (percentiles)');
  spill(ws, 'E5:F5', `=REUSE.TARIFF.TIERLIMITS(${volumes},E4:F4)`, '0.0');
  label(ws, 'D6', '取整后分档水量 m³', 'Tier limits, rounded');
  formula(ws, 'E6', '=ROUND(E5,0)', M3);
  formula(ws, 'F6', '=ROUND(F5,0)', M3);
  label(ws, 'D7', '阶梯比价', 'Tier price ratios');
  spill(ws, 'E7:G7', '=REUSE.POLICY("tariff.tier_ratio")', '0.0');
  label(ws, 'D8', '目标水费收入（元）', 'Target revenue (yuan)');
  ws.getCell('E8').value = 110_000;
  ws.getCell('E8').numFmt = MONEY;
  label(ws, 'D9', '第一档价格（元/m³）', 'Tier-1 price solved');
  formula(ws, 'E9', `=REUSE.TARIFF.SOLVEBASE(${volumes},E6:F6,E7:G7,E8)`, PRICE);
  label(ws, 'D10', '各档价格（元/m³）', 'Tier prices');
  formula(ws, 'E10', '=ROUND($E$9*E7,2)', '0.00');
  formula(ws, 'F10', '=ROUND($E$9*F7,2)', '0.00');
  formula(ws, 'G10', '=ROUND($E$9*G7,2)', '0.00');
  spill(ws, `C${first}:C${last}`, `=REUSE.TARIFF.TIERED(${volumes},E6:F6,E10:G10)`, MONEY);
  label(ws, 'D11', '按取整价格收入（元）', 'Revenue at rounded prices');
  formula(ws, 'E11', `=SUM(C${first}:C${last})`, MONEY);
  label(ws, 'D12', '平均单价（元/m³）', 'Average price per m³');
  formula(ws, 'E12', `=E11/SUM(${volumes})`, PRICE);
  label(ws, 'D13', '第三档户数', 'Households in tier 3');
  formula(ws, 'E13', `=COUNTIF(${volumes},">"&F6)`, M3);

  label(ws, 'D15', '示例户用水量 m³', 'Example household volume');
  ws.getCell('E15').value = 260;
  ws.getCell('D16').value = '分档明细 Breakdown: 档 tier | 下限 from | 上限 to | 水量 m³ | 单价 price | 金额 charge';
  spill(ws, 'E17:J19', '=REUSE.TARIFF.BREAKDOWN(E15,E6:F6,E10:G10)', MONEY);

  label(ws, 'D21', '非居民超定额：用水量 m³', 'Non-residential volume');
  ws.getCell('E21').value = 1400;
  label(ws, 'D22', '用水定额 m³', 'Quota');
  ws.getCell('E22').value = 1000;
  label(ws, 'D23', '基本水价（元/m³）', 'Base price');
  ws.getCell('E23').value = 4;
  label(ws, 'D24', '超定额分段', 'Over-quota bands (share of quota)');
  ws.getCell('E24').value = 0.3;
  ws.getCell('F24').value = 0.5;
  label(ws, 'D25', '加价倍数', 'Markups (× base)');
  ws.getCell('E25').value = 0.2;
  ws.getCell('F25').value = 0.5;
  ws.getCell('G25').value = 1;
  label(ws, 'D26', '应缴水费（元）', 'Charge with surcharge');
  formula(ws, 'E26', '=REUSE.TARIFF.OVERQUOTA(E21,E22,E23,E24:F24,E25:G25)', MONEY);

  const s = ws.name;
  return [
    { label: { zh: '第一档分档水量 m³', en: 'Tier-1 limit (m³)' }, sheet: s, cell: 'E6', format: 'number' },
    { label: { zh: '第二档分档水量 m³', en: 'Tier-2 limit (m³)' }, sheet: s, cell: 'F6', format: 'number' },
    {
      label: { zh: '第一档价格（元/m³）', en: 'Tier-1 price solved (yuan/m³)' },
      sheet: s,
      cell: 'E9',
      format: 'price',
    },
    {
      label: { zh: '按取整价格收入（元）', en: 'Revenue at rounded prices (yuan)' },
      sheet: s,
      cell: 'E11',
      format: 'money',
    },
    {
      label: { zh: '超定额用户应缴（元）', en: 'Over-quota user charge (yuan)' },
      sheet: s,
      cell: 'E26',
      format: 'money',
    },
  ];
}

/** 污水差别化收费: twelve dischargers, COD and NH₃-N bands, annual charges and cost recovery. */
export function addSewageSheet(wb: ExcelJS.Workbook, dischargers: Discharger[] = DISCHARGERS): SummaryLine[] {
  const ws = wb.addWorksheet('差别化收费');
  header(
    ws,
    '工业企业污水排放差别化收费 Differential sewage charges',
    '万州发改资环〔2023〕25号（十二）探索开展污水排放差别化收费机制；分档参照湖州 2017 方案'
  );
  ws.getColumn(1).width = 18;
  for (const c of [2, 3, 4, 5, 6, 7]) ws.getColumn(c).width = 15;

  label(ws, 'A4', '基本单价（元/m³）', 'Base charge');
  ws.getCell('B4').value = 1.95;
  label(ws, 'A5', '起征浓度 mg/L', 'Thresholds');
  ws.getCell('B5').value = 300;
  ws.getCell('C5').value = 30;
  label(ws, 'A6', '每档浓度 mg/L', 'Band widths');
  ws.getCell('B6').value = 100;
  ws.getCell('C6').value = 5;
  label(ws, 'A7', '每档加价（元/m³）', 'Surcharge per band');
  ws.getCell('B7').value = 0.3;
  ws.getCell('C7').value = 0.3;
  label(ws, 'A8', '最低收费标准（元/m³）', 'National minimum (non-residential)');
  formula(ws, 'B8', '=REUSE.POLICY("sewage.min_fee.city.nonresidential")', '0.00');

  const head = [
    '企业 Discharger',
    'COD mg/L',
    'NH₃-N mg/L',
    '年水量 m³',
    '单价 yuan/m³',
    '年收费 yuan',
    '基本价收费 yuan',
  ];
  head.forEach((h, i) => (ws.getCell(10, i + 1).value = h));
  ws.getRow(10).font = { bold: true };
  const first = 11;
  const last = first + dischargers.length - 1;
  dischargers.forEach((d, i) => {
    const r = first + i;
    ws.getCell(r, 1).value = d.name;
    ws.getCell(r, 2).value = d.codMgL;
    ws.getCell(r, 3).value = d.nh3nMgL;
    ws.getCell(r, 4).value = d.volumeM3;
    ws.getCell(r, 4).numFmt = M3;
    formula(ws, `F${r}`, `=E${r}*D${r}`, MONEY);
    formula(ws, `G${r}`, `=$B$4*D${r}`, MONEY);
  });
  spill(ws, `E${first}:E${last}`, `=REUSE.SEWAGE.DIFFCHARGE(B4,B${first}:C${last},B5:C5,B6:C6,B7:C7)`, '0.00');
  const total = last + 1;
  ws.getCell(total, 1).value = '合计 Total';
  formula(ws, `D${total}`, `=SUM(D${first}:D${last})`, M3);
  formula(ws, `F${total}`, `=SUM(F${first}:F${last})`, MONEY);
  formula(ws, `G${total}`, `=SUM(G${first}:G${last})`, MONEY);

  const r = total + 2;
  label(ws, `A${r}`, '平均单价（元/m³）', 'Average charge');
  formula(ws, `B${r}`, `=F${total}/D${total}`, PRICE);
  label(ws, `A${r + 1}`, '处理运营成本（元）', 'Operating cost');
  ws.getCell(`B${r + 1}`).value = 2_450_000;
  label(ws, `A${r + 2}`, '折旧摊销（元）', 'Depreciation');
  ws.getCell(`B${r + 2}`).value = 820_000;
  label(ws, `A${r + 3}`, '财务费用（元）', 'Financing cost');
  ws.getCell(`B${r + 3}`).value = 310_000;
  label(ws, `A${r + 4}`, '差别化收费成本回收率', 'Cost recovery, differential');
  formula(ws, `B${r + 4}`, `=REUSE.SEWAGE.COSTRECOVERY(F${total},B${r + 1},B${r + 2},B${r + 3})`, '0.0%');
  label(ws, `A${r + 5}`, '统一基本价成本回收率', 'Cost recovery, flat base charge');
  formula(ws, `B${r + 5}`, `=REUSE.SEWAGE.COSTRECOVERY(G${total},B${r + 1},B${r + 2},B${r + 3})`, '0.0%');

  const s = ws.name;
  return [
    {
      label: { zh: '差别化收费年收入（元）', en: 'Differential charges, annual (yuan)' },
      sheet: s,
      cell: `F${total}`,
      format: 'money',
    },
    { label: { zh: '平均单价（元/m³）', en: 'Average charge (yuan/m³)' }, sheet: s, cell: `B${r}`, format: 'price' },
    {
      label: { zh: '成本回收率（差别化）', en: 'Cost recovery, differential' },
      sheet: s,
      cell: `B${r + 4}`,
      format: 'ratio',
    },
    {
      label: { zh: '成本回收率（统一价）', en: 'Cost recovery, flat charge' },
      sheet: s,
      cell: `B${r + 5}`,
      format: 'ratio',
    },
  ];
}

/** 政策参数: the whole catalogue as a spill, plus the district's 2025 targets one by one. */
export function addPolicySheet(wb: ExcelJS.Workbook, entries: number): SummaryLine[] {
  const ws = wb.addWorksheet('政策参数');
  header(
    ws,
    '政策参数库 Policy catalogue',
    '=REUSE.POLICY.LIST()：键、数值、单位、出处、说明 key, value, unit, source, note'
  );
  ['键 key', '数值 value', '单位 unit', '出处 source', '说明 note'].forEach((h, i) => (ws.getCell(4, i + 1).value = h));
  ws.getRow(4).font = { bold: true };
  [38, 14, 22, 48, 60].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  spill(ws, `A5:E${4 + entries}`, '=REUSE.POLICY.LIST()');
  const s = ws.name;
  const row = 6 + entries;
  label(ws, `A${row}`, '万州2025年目标：城市生活污水集中处理率', 'Wanzhou 2025: city sewage treatment');
  formula(ws, `B${row}`, '=REUSE.POLICY("wanzhou.target.city_sewage_treatment")', '0%');
  formula(ws, `D${row}`, '=REUSE.POLICY("wanzhou.target.city_sewage_treatment","source")');
  label(ws, `A${row + 1}`, '万州2025年目标：新增污水处理能力 m³/d', 'Wanzhou 2025: new capacity');
  formula(ws, `B${row + 1}`, '=REUSE.POLICY("wanzhou.target.new_capacity_m3_per_day")', M3);
  formula(ws, `D${row + 1}`, '=REUSE.POLICY("wanzhou.target.new_capacity_m3_per_day","来源")');
  return [
    {
      label: { zh: '2025年城市生活污水集中处理率目标', en: '2025 city sewage treatment target' },
      sheet: s,
      cell: `B${row}`,
      format: 'ratio',
    },
    {
      label: { zh: '2025年新增处理能力目标 m³/d', en: '2025 new capacity target (m³/d)' },
      sheet: s,
      cell: `B${row + 1}`,
      format: 'number',
    },
  ];
}
