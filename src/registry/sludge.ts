/** Registry entries for the SLUDGE group: sludge treatment and disposal costs and their weight in the sewage charge (clauses 三, 六). */
import { policyNumber } from '../core/policy';
import { SludgeRoute, drySolids, sludgeCost } from '../core/sludge';
import type { FunctionSpec, NumberParam } from './types';

const SOURCE_WANZHOU =
  '万州发改资环〔2023〕25号（三）持续推进污泥无害化资源化处理（2025年污泥无害化处置率97%以上）；（六）污泥无害化资源化利用工程';
const SOURCE_COST_RULE =
  '《城镇排水与污水处理条例》（国务院令第641号）第三十二条（污水处理费用于污水处理设施运行和污泥处理处置）；发改价格〔2015〕119号（收费标准补偿污水处理和污泥处置设施运营成本）';

const moisture: NumberParam = {
  kind: 'number',
  name: 'moisture',
  unit: 'share',
  optional: true,
  min: 0,
  less: 1,
  default: () => policyNumber('sludge.moisture_dewatered'),
  description: {
    en: 'Water content of the wet sludge (default 0.8, GB 18918—2002 dewatering limit; < 1)',
    zh: '湿污泥含水率（默认 0.8，GB 18918—2002 脱水要求；< 1）',
  },
};

const ROUTE_KEY: Record<SludgeRoute, string> = {
  [SludgeRoute.Incineration]: 'sludge.cost.incineration',
  [SludgeRoute.Land]: 'sludge.cost.land',
  [SludgeRoute.Building]: 'sludge.cost.building',
  [SludgeRoute.Landfill]: 'sludge.cost.landfill',
};

const sewageVolume: NumberParam = {
  kind: 'number',
  name: 'sewage_volume',
  unit: 'm³',
  greater: 0,
  description: { en: 'Sewage treated in the same year (m³, > 0)', zh: '同期污水处理量（m³，> 0）' },
};

export const SLUDGE_FUNCTIONS: FunctionSpec[] = [
  {
    id: 'SLUDGE.DRYSOLIDS',
    description: { en: 'Tonnes of dry solids in wet sludge', zh: '湿污泥折算干固体量（t）' },
    formula:
      'wet_tonnes × (1 − moisture); moisture defaults to REUSE.POLICY("sludge.moisture_dewatered") = 0.8 (dewatered sludge, GB 18918—2002).',
    params: [
      {
        kind: 'number',
        name: 'wet_tonnes',
        unit: 't',
        min: 0,
        description: { en: 'Wet sludge (t)', zh: '湿污泥量（t）' },
      },
      moisture,
    ],
    result: { kind: 'scalar' },
    compute: (a) => drySolids(a.wet_tonnes, a.moisture),
    examples: [
      {
        formula: 'REUSE.SLUDGE.DRYSOLIDS(36500)',
        expected: 7300,
        source: 'hand calculation: 100 t/d of 80 % sludge for a year, 36 500 × 0.2',
      },
      {
        formula: 'REUSE.SLUDGE.DRYSOLIDS(1000,0.6)',
        expected: 400,
        source: 'hand calculation: dried to 60 %: 1 000 × 0.4',
      },
    ],
    source: '《城镇污水处理厂污染物排放标准》（GB 18918—2002）4.3',
  },
  {
    id: 'SLUDGE.COST',
    description: {
      en: 'Yearly cost of sludge treatment and disposal by route',
      zh: '按处置路线测算的污泥处理处置年费用',
    },
    formula:
      'dry_tonnes × (unit_cost − revenue_per_t_ds) + dry_tonnes / (1 − moisture) × transport_per_t_km × distance_km: treatment and disposal per tonne of dry ' +
      'solids, haulage per wet tonne. unit_cost defaults by route to REUSE.POLICY("sludge.cost.<route>"): incineration 1 500, land 1 000, building 1 200, ' +
      'landfill 600 yuan per t DS — the bureau\'s assumptions (no national figure exists; status "assumption"): pass the district\'s contract price. ' +
      'Sludge is part of the cost the sewage charge recovers (国务院令第641号第三十二条；发改价格〔2015〕119号): see SLUDGE.PERM3 and SLUDGE.FEESHARE. ' +
      '单价为本局假设，应以区内处置合同价替换。',
    params: [
      {
        kind: 'number',
        name: 'dry_tonnes',
        unit: 't DS',
        min: 0,
        description: {
          en: 'Dry solids per year (t DS; e.g. REUSE.SLUDGE.DRYSOLIDS)',
          zh: '年干固体量（t，可用 REUSE.SLUDGE.DRYSOLIDS）',
        },
      },
      {
        kind: 'keyword',
        name: 'route',
        options: {
          [SludgeRoute.Incineration]: ['incineration', '焚烧'],
          [SludgeRoute.Land]: ['land', '土地利用'],
          [SludgeRoute.Building]: ['building', '建材利用'],
          [SludgeRoute.Landfill]: ['landfill', '填埋'],
        },
        description: {
          en: '"incineration"/"焚烧", "land"/"土地利用", "building"/"建材利用" or "landfill"/"填埋"',
          zh: '"焚烧"/"incineration"、"土地利用"/"land"、"建材利用"/"building"、"填埋"/"landfill"',
        },
      },
      {
        kind: 'number',
        name: 'unit_cost',
        unit: 'yuan/t DS',
        optional: true,
        min: 0,
        defaultLabel: 'REUSE.POLICY("sludge.cost.<route>")',
        description: {
          en: "Treatment and disposal per t DS (default: the route's catalogue value, a bureau assumption)",
          zh: '每吨干固体处理处置费（默认取该路线的目录值，本局假设）',
        },
      },
      {
        kind: 'number',
        name: 'transport_per_t_km',
        unit: 'yuan/(t·km)',
        optional: true,
        default: 0,
        min: 0,
        description: { en: 'Haulage per wet tonne and km (default 0)', zh: '湿泥运输单价（元/吨·公里，默认 0）' },
      },
      {
        kind: 'number',
        name: 'distance_km',
        unit: 'km',
        optional: true,
        default: 0,
        min: 0,
        description: { en: 'Haul distance (km, default 0)', zh: '运距（km，默认 0）' },
      },
      moisture,
      {
        kind: 'number',
        name: 'revenue_per_t_ds',
        unit: 'yuan/t DS',
        optional: true,
        default: 0,
        min: 0,
        description: {
          en: 'Revenue from products per t DS: compost, bricks (default 0)',
          zh: '资源化产品收入（每吨干固体，如营养土、砖，默认 0）',
        },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) =>
      sludgeCost(
        a.dry_tonnes,
        a.unit_cost ?? policyNumber(ROUTE_KEY[a.route as SludgeRoute]),
        a.moisture,
        a.transport_per_t_km,
        a.distance_km,
        a.revenue_per_t_ds
      ),
    examples: [
      {
        formula: 'REUSE.SLUDGE.COST(7300,"焚烧")',
        expected: 7300 * 1500,
        source: "hand calculation: 7 300 t DS × 1 500 (the catalogue's assumption)",
      },
      {
        formula: 'REUSE.SLUDGE.COST(7300,"land",1000,0.8,60,0.8,100)',
        expected: 7300 * 900 + 36_500 * 0.8 * 60,
        source: 'hand calculation: 7 300 × (1 000 − 100) + 36 500 wet t × 0.8 × 60 km = 6.57 M + 1.752 M',
      },
    ],
    source: `本局假设（单价）；${SOURCE_COST_RULE}；${SOURCE_WANZHOU}`,
  },
  {
    id: 'SLUDGE.PERM3',
    description: { en: 'Sludge cost per m³ of sewage treated', zh: '污泥处理处置费折合每立方米污水' },
    formula: 'annual_cost / sewage_volume (sewage_volume > 0).',
    params: [
      {
        kind: 'number',
        name: 'annual_cost',
        unit: 'yuan',
        min: 0,
        description: {
          en: 'Yearly sludge cost (e.g. REUSE.SLUDGE.COST)',
          zh: '污泥处理处置年费用（可用 REUSE.SLUDGE.COST）',
        },
      },
      sewageVolume,
    ],
    result: { kind: 'scalar' },
    compute: (a) => a.annual_cost / a.sewage_volume,
    examples: [
      {
        formula: 'REUSE.SLUDGE.PERM3(10950000,36500000)',
        expected: 0.3,
        source: 'hand calculation: 10.95 M / 36.5 M m³',
      },
    ],
    source: `${SOURCE_COST_RULE}；${SOURCE_WANZHOU}`,
  },
  {
    id: 'SLUDGE.FEESHARE',
    description: {
      en: 'Share of the sewage charge taken by sludge treatment and disposal',
      zh: '污泥处理处置费占污水处理费的比例',
    },
    formula:
      'annual_cost / (sewage_volume × fee_per_m3): the national rules put sludge costs into the cost the sewage charge recovers. fee_per_m3 > 0.',
    params: [
      {
        kind: 'number',
        name: 'annual_cost',
        unit: 'yuan',
        min: 0,
        description: { en: 'Yearly sludge cost', zh: '污泥处理处置年费用' },
      },
      sewageVolume,
      {
        kind: 'number',
        name: 'fee_per_m3',
        unit: 'yuan/m³',
        greater: 0,
        description: {
          en: "Sewage charge (or the plant's service price) per m³ (> 0)",
          zh: '污水处理费（或污水处理服务费单价，元/m³，> 0）',
        },
      },
    ],
    result: { kind: 'scalar' },
    compute: (a) => a.annual_cost / (a.sewage_volume * a.fee_per_m3),
    examples: [
      {
        formula: 'REUSE.SLUDGE.FEESHARE(10950000,36500000,0.95)',
        expected: 0.3 / 0.95,
        source: 'hand calculation: 0.30 yuan/m³ of a 0.95 yuan/m³ fee = 31.6 %',
      },
    ],
    source: SOURCE_COST_RULE,
  },
];
