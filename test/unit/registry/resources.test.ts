/**
 * GREEN, REIT, ENERGY, SLUDGE and AGRI in the registry (issue 14): names, argument order and
 * optionality; complete bilingual metadata; policy defaults resolved from the catalogue (as
 * functions, never a second copy of the number) and each cited policy number present there;
 * spill sizes that agree with what the functions produce; error pass-through; messages in
 * Chinese; composition with cells in the real engine.
 */
import { policyEntries, policyNumber } from '../../../src/core/policy';
import { Engine, isEngineError } from '../../../src/engine/engine';
import { FUNCTIONS, findFunction, fullName, invoke } from '../../../src/registry';
import type { ArgShape, FunctionSpec } from '../../../src/registry';
import { AGRI_FUNCTIONS } from '../../../src/registry/agriwater';
import { ENERGY_FUNCTIONS } from '../../../src/registry/energy';
import { GREEN_FUNCTIONS, REIT_FUNCTIONS } from '../../../src/registry/greenfin';
import { SLUDGE_FUNCTIONS } from '../../../src/registry/sludge';
import { evaluate } from '../../helpers/engine';
import { expectClose } from '../../helpers/tolerance';

const MINE = [...GREEN_FUNCTIONS, ...REIT_FUNCTIONS, ...ENERGY_FUNCTIONS, ...SLUDGE_FUNCTIONS, ...AGRI_FUNCTIONS];

/** Signatures: parameter names in order; a trailing `?` marks an optional one. A contract once shipped. */
const CONTRACT: Record<string, string[]> = {
  'GREEN.ELIGIBLE': ['project_type', 'field?'],
  'GREEN.COUPONSAVING': ['principal', 'ordinary_rate', 'green_rate', 'term_years', 'discount_rate?', 'extra_costs?'],
  'REIT.DISTRIBUTABLE': ['ebitda', 'taxes?', 'maintenance_capex?', 'debt_service?', 'reserve_change?'],
  'REIT.TEST': ['distributable', 'asset_value', 'asset_type?', 'remaining_years?', 'threshold?'],
  'REIT.VALUE': ['distributable', 'target_yield', 'remaining_years?'],
  'REIT.SUBSIDYSHARE': ['subsidies', 'revenues'],
  'ENERGY.SOLAR': ['capacity_kw', 'full_load_hours', 'year?', 'first_year_loss?', 'annual_loss?'],
  'ENERGY.BIOGAS': [
    'dry_solids_t',
    'volatile_share',
    'vs_destruction',
    'gas_yield?',
    'methane_share?',
    'electric_efficiency?',
  ],
  'ENERGY.HYDRO': ['annual_volume', 'head_m', 'efficiency?'],
  'ENERGY.SPLIT': ['generation_kwh', 'plant_load_kwh', 'grid_price', 'export_price', 'coincidence?'],
  'ENERGY.PAYBACK': ['capex', 'annual_value', 'annual_opex'],
  'ENERGY.LCOE': ['capex', 'annual_opex', 'annual_kwh', 'life_years', 'discount_rate', 'annual_loss?'],
  'SLUDGE.DRYSOLIDS': ['wet_tonnes', 'moisture?'],
  'SLUDGE.COST': [
    'dry_tonnes',
    'route',
    'unit_cost?',
    'transport_per_t_km?',
    'distance_km?',
    'moisture?',
    'revenue_per_t_ds?',
  ],
  'SLUDGE.PERM3': ['annual_cost', 'sewage_volume'],
  'SLUDGE.FEESHARE': ['annual_cost', 'sewage_volume', 'fee_per_m3'],
  'AGRI.COSTPRICE': ['om_cost', 'volume', 'depreciation?'],
  'AGRI.SUBSIDY': ['area_mu', 'quota_m3_per_mu', 'use_m3_per_mu', 'cost_price', 'price'],
  'AGRI.REWARD': ['area_mu', 'quota_m3_per_mu', 'use_m3_per_mu', 'reward_per_m3'],
};

describe('contract', () => {
  it('registers exactly these names, each once', () => {
    expect(MINE.map((f) => f.id).sort()).toEqual(Object.keys(CONTRACT).sort());
    for (const id of Object.keys(CONTRACT)) expect(FUNCTIONS.filter((f) => f.id === id)).toHaveLength(1);
  });
  it.each(Object.entries(CONTRACT))('%s: parameter names, order and optionality', (id, params) => {
    expect(findFunction(`REUSE.${id}`)!.params.map((p) => p.name + (p.optional ? '?' : ''))).toEqual(params);
  });
  it('ids follow the GROUP.NAME pattern the WPS and Excel adapters need', () => {
    for (const f of MINE) expect(f.id).toMatch(/^(GREEN|REIT|ENERGY|SLUDGE|AGRI)\.[A-Z0-9]+$/);
  });
});

describe('metadata', () => {
  it.each(MINE.map((f) => ({ name: fullName(f), f })))(
    '$name: bilingual texts, formula, units, source, examples',
    ({ f }) => {
      expect(f.description.en).toMatch(/[A-Za-z]/);
      expect(f.description.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(f.formula.length).toBeGreaterThan(40);
      expect(f.source).toMatch(/〔|令|GB|目录/);
      expect(f.examples.length).toBeGreaterThan(0);
      for (const e of f.examples) expect(e.source).toBeTruthy();
      for (const p of f.params) {
        expect(p.description.en).toBeTruthy();
        expect(p.description.zh).toMatch(/[\u4e00-\u9fff]/);
        if (p.kind === 'number' || p.kind === 'list') expect(p.unit).toBeTruthy();
        if (p.optional && !('default' in p && p.default !== undefined))
          expect(p.description.en).toMatch(/default|[Oo]mitted/);
      }
    }
  );

  it('descriptions fit in 128 characters in both languages (the Office limit the parity test checks after a build)', () => {
    const tooLong = MINE.flatMap((f) =>
      [f.description, ...f.params.map((p) => p.description)]
        .flatMap((d) => [d.en, d.zh])
        .filter((t) => t.length > 128)
        .map((t) => `${f.id}: ${t}`)
    );
    expect(tooLong).toEqual([]);
  });

  it.each([
    // The figures as the catalogue's sources give them (assumptions: the design values they name).
    ['ENERGY.BIOGAS', 'gas_yield', 'energy.biogas.gas_yield', 0.9],
    ['ENERGY.BIOGAS', 'methane_share', 'energy.biogas.methane_share', 0.6],
    ['ENERGY.BIOGAS', 'electric_efficiency', 'energy.biogas.electric_efficiency', 0.35],
    ['ENERGY.HYDRO', 'efficiency', 'energy.hydro_efficiency', 0.7],
    ['SLUDGE.DRYSOLIDS', 'moisture', 'sludge.moisture_dewatered', 0.8], // GB 18918—2002 4.3
    ['SLUDGE.COST', 'moisture', 'sludge.moisture_dewatered', 0.8],
  ])("%s %s defaults to the catalogue's %s = %s (a function, not a copy)", (id, name, key, value) => {
    const p = findFunction(id)!.params.find((q) => q.name === name) as { default?: unknown };
    expect(typeof p.default).toBe('function');
    expect((p.default as () => number)()).toBe(value);
    expect(policyNumber(key)).toBe(value);
  });

  it("the issue's catalogue keys exist, each with a source and a status; assumptions say so in both languages", () => {
    const keys = [
      'green.proceeds_share',
      'reit.distribution_rate_min',
      'reit.concession_irr_min',
      'reit.subsidy_share_max',
      'reit.payout_min',
      'energy.hydro_efficiency',
      'energy.biogas.gas_yield',
      'energy.biogas.methane_share',
      'energy.biogas.electric_efficiency',
      'sludge.moisture_dewatered',
      'sludge.cost.incineration',
      'sludge.cost.land',
      'sludge.cost.building',
      'sludge.cost.landfill',
    ];
    const byKey = new Map(policyEntries().map((e) => [e.key, e]));
    for (const k of keys) {
      const e = byKey.get(k);
      expect(e).toBeDefined();
      if (e!.status === 'assumption') {
        expect(e!.note.zh).toMatch(/^【本局假设，非现行规定】/);
        expect(e!.note.en).toMatch(/^\[Bureau assumption, not a current rule\]/);
      }
    }
    // The 2023 REIT thresholds are no longer a rule: 发改投资〔2024〕1014号 dropped them.
    for (const k of ['reit.distribution_rate_min', 'reit.concession_irr_min']) {
      expect(byKey.get(k)!.status).toBe('assumption');
      expect(byKey.get(k)!.source).toContain('发改投资〔2023〕236号');
      expect(byKey.get(k)!.source).toContain('发改投资〔2024〕1014号');
    }
    expect(byKey.get('reit.subsidy_share_max')!.status).toBe('rule');
    expect(byKey.get('green.proceeds_share')!.status).toBe('rule');
  });

  it("sources cite the district's clauses and the national documents", () => {
    const src = (id: string) => findFunction(id)!.source!;
    expect(src('GREEN.ELIGIBLE')).toContain('万州发改资环〔2023〕25号（十三）');
    expect(src('GREEN.ELIGIBLE')).toContain('银发〔2021〕96号');
    expect(src('REIT.TEST')).toContain('发改投资〔2024〕1014号');
    expect(src('ENERGY.SOLAR')).toContain('万州发改资环〔2023〕25号（十）');
    expect(src('SLUDGE.COST')).toContain('国务院令第641号');
    expect(src('SLUDGE.COST')).toContain('万州发改资环〔2023〕25号（三）');
    expect(src('AGRI.SUBSIDY')).toContain('国办发〔2016〕2号');
    expect(src('AGRI.SUBSIDY')).toContain('万州发改资环〔2023〕25号（十二）');
  });
});

describe('spill sizes', () => {
  const literal = (v: number | string): ArgShape => ({ rows: 1, cols: 1, literal: v });
  const dims = (v: unknown) =>
    Array.isArray(v) ? { rows: v.length, cols: (v[0] as unknown[]).length } : { rows: 1, cols: 1 };
  const sizeOf = (f: FunctionSpec, shapes: ArgShape[]) =>
    f.result.kind === 'array' ? f.result.size(shapes) : 'not an array';
  it.each([
    ['REIT.TEST', [5e7, 1e9, 'ownership'], { rows: 1, cols: 3 }],
    ['REIT.TEST', [5e7, 1e9, 'concession', 20], { rows: 1, cols: 3 }],
    ['ENERGY.SPLIT', [1e6, 5e5, 0.7, 0.4], { rows: 1, cols: 5 }],
  ] as const)('%s: the predicted size is the produced size', (id, args, size) => {
    const f = findFunction(id)!;
    expect(
      sizeOf(
        f,
        args.map((a) => literal(a))
      )
    ).toEqual(size);
    expect(dims(invoke(f, args as never))).toEqual(size);
  });
  it('SOLAR over a column of years spills a column', () => {
    const v = invoke(findFunction('ENERGY.SOLAR')!, [1000, 1000, [[1], [2], [3]]]);
    expect(dims(v)).toEqual({ rows: 3, cols: 1 });
  });
});

describe('errors', () => {
  it('an error value in an input passes through unchanged', () => {
    // One formula per row: SPLIT spills five columns to its right.
    const e = Engine.fromSheets({
      s: [
        ['=1/0', '=REUSE.SLUDGE.DRYSOLIDS(A1)'],
        [null, '=REUSE.ENERGY.SPLIT(A1,1,1,1)'],
        [null, '=REUSE.REIT.SUBSIDYSHARE({1},A1)'],
      ],
    });
    const v = e.hf.getSheetValues(0).map((r) => r[1]);
    expect(v).toHaveLength(3);
    for (const c of v) expect(c).toMatchObject({ value: '#DIV/0!' });
    e.hf.destroy();
  });
  it('messages in Chinese for a zh-CN engine', () => {
    const v = Engine.evaluate('REUSE.ENERGY.PAYBACK(100,10,50)', { lang: 'zh-CN' });
    expect(isEngineError(v) && v.message).toBe(
      'annual_value：年净收益（annual_value − annual_opex = -40）不大于 0，投资无法收回'
    );
    const w = Engine.evaluate('REUSE.REIT.TEST(1,100)', { lang: 'zh-CN' });
    expect(isEngineError(w) && w.message).toContain('remaining_years：特许经营权类项目');
    const x = Engine.evaluate('REUSE.SLUDGE.COST(1,"海洋")', { lang: 'zh-CN' });
    expect(isEngineError(x) && x.message).toContain('route：无法识别的选项“海洋”');
  });
});

describe('composition with cells', () => {
  it('a plant sheet: sludge → biogas → split → payback, all from cells', () => {
    const e = Engine.fromSheets({
      s: [
        ['wet t', 36_500, '=REUSE.SLUDGE.DRYSOLIDS(B1)'],
        ['kWh', '=REUSE.ENERGY.BIOGAS(C1,0.5,0.4)'],
        ['split', '=REUSE.ENERGY.SPLIT(B2,8000000,0.65,0.3964)'],
        ['payback', '=REUSE.ENERGY.PAYBACK(12000000,F3,800000)'],
      ],
    });
    const at = (row: number, col: number) => e.hf.getCellValue({ sheet: 0, row, col });
    // 7 300 t DS × 1000 × 0.5 × 0.4 × 0.9 × 0.6 × 35.8 / 3.6 × 0.35 kWh, all used on site at 0.65.
    const kwh = (7300 * 1000 * 0.5 * 0.4 * 0.9 * 0.6 * 35.8 * 0.35) / 3.6;
    expectClose(at(0, 2), 7300);
    expectClose(at(1, 1), kwh);
    expectClose(at(2, 5), kwh * 0.65);
    expectClose(at(3, 1), 12e6 / (kwh * 0.65 - 8e5));
    e.hf.destroy();
  });
  it('evaluate: the REIT screen on a distributable amount computed in the same formula', () => {
    expectClose(
      evaluate(
        'INDEX(REUSE.REIT.TEST(REUSE.REIT.DISTRIBUTABLE(60000000,5000000,4000000,0,1000000),1000000000,"产权类"),1,3)'
      ),
      0.012
    );
  });
});
