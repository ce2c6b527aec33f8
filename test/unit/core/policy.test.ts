/** POLICY: the catalogue is complete, sourced, and reachable from formulas. */
import catalogue from '../../../src/core/policy-catalogue.json';
import { PolicyStatus, policyEntries } from '../../../src/core/policy';
import { evaluate, expectError } from '../../helpers/engine';
import { expectMatrixClose } from '../../helpers/tolerance';

const REQUIRED: Record<string, number | number[]> = {
  // The keys the foundation issue names, with the values of the sources cited in the catalogue.
  'sewage.min_fee.city.residential': 0.95,
  'sewage.min_fee.city.nonresidential': 1.4,
  'sewage.min_fee.county.residential': 0.85,
  'sewage.min_fee.county.nonresidential': 1.2,
  'tariff.tier_coverage': [0.8, 0.95],
  'tariff.tier_ratio': [1, 1.5, 3],
  'price.min_utilization': 0.65,
  'price.equity_premium': 0.04,
  'ppp.fiscal_cap': 0.1,
  'ppp.gov_pay_cap': 0.05,
  // 《基础设施和公用事业特许经营管理办法》（2024年第17号令）: 原则上不超过40年.
  'ppp.concession_term_max': 40,
  'bond.coverage_min': 1.2,
  'vat.refund.sewage': 0.7,
  'vat.refund.reclaimed': 0.5,
  'cit.rate': 0.25,
  'cit.third_party_rate': 0.15,
  'cit.western_rate': 0.15,
  'envtax.rate.water.chongqing': 3,
  'central.share.east': 0.3,
  'central.share.central': 0.45,
  'central.share.west': 0.6,
  'central.share.northeast': 0.6,
  'central.cap': 50_000_000,
  // The district's 2025 targets, read from 万州发改资环〔2023〕25号.
  'wanzhou.target.city_sewage_treatment': 0.98,
  'wanzhou.target.town_sewage_treatment': 0.85,
  'wanzhou.target.sludge_safe_disposal': 0.97,
  'wanzhou.target.industrial_water_reuse': 0.92,
  'wanzhou.target.livestock_manure_use': 0.95,
  'wanzhou.target.rural_sewage_treatment': 0.4,
  'wanzhou.target.new_capacity_m3_per_day': 72_600,
  'wanzhou.target.sewer_km': 150,
};

describe('policy catalogue', () => {
  it.each(Object.entries(REQUIRED))('%s = %j', (key, value) => {
    const v = evaluate(`REUSE.POLICY("${key}")`);
    if (Array.isArray(value)) expectMatrixClose(v, [value]);
    else expect(v).toBe(value);
  });

  it('every entry has a value, a unit, a source and a note in both languages', () => {
    for (const e of policyEntries()) {
      expect(
        typeof e.value === 'number' || (Array.isArray(e.value) && e.value.every((x) => typeof x === 'number'))
      ).toBe(true);
      expect(e.unit.length).toBeGreaterThan(0);
      expect(e.source.length).toBeGreaterThan(3);
      expect(e.note.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.note.en).toMatch(/[A-Za-z]/);
      expect(e.key).toMatch(/^[a-z0-9_.]+$/);
    }
  });

  // issue 11: each checked against the document's text (see the entries' notes).
  it.each([
    ['price.equity_premium', '令2021年第46号）第九条'],
    ['price.min_utilization', '《城镇供水价格管理办法》（国家发展改革委 住房城乡建设部令2021年第46号）第十一条'],
    ['cit.western_rate', '财政部 税务总局 国家发展改革委公告2020年第23号 第一条'],
    ['cit.western_rate', '财税〔2009〕69号 第一条'],
    ['cit.holiday', '实施条例》第八十八条'],
    ['envtax.rate.water.chongqing', '重庆市人民代表大会常务委员会'],
  ])('%s cites %s', (key, part) => expect(evaluate(`REUSE.POLICY("${key}","source")`)).toContain(part));

  it('the 65 % rule no longer cites the cost-audit rules', () => {
    expect(evaluate('REUSE.POLICY("price.min_utilization","source")')).not.toContain('监审');
  });

  it('the Wanzhou targets cite the district action rules by clause', () => {
    const wanzhou = policyEntries().filter((e) => e.key.startsWith('wanzhou.'));
    expect(wanzhou.length).toBeGreaterThanOrEqual(8);
    for (const e of wanzhou) expect(e.source).toMatch(/^万州发改资环〔2023〕25号（[一二三四五六七八九十]+）/);
  });

  describe("status: current rule, rule for signed projects only, or the bureau's assumption", () => {
    const byKey = new Map(policyEntries().map((e) => [e.key, e]));

    it('every entry has a known status; omitted in the file means "rule"', () => {
      for (const e of policyEntries()) expect(Object.values(PolicyStatus)).toContain(e.status);
      expect(byKey.get('cit.rate')!.status).toBe(PolicyStatus.Rule);
      expect(byKey.get('ppp.concession_term_max')!.status).toBe(PolicyStatus.Rule);
    });

    it('the 财金〔2015〕21号 / 〔2019〕10号 caps bind signed projects only (存量项目), and say why', () => {
      for (const key of ['ppp.fiscal_cap', 'ppp.gov_pay_cap']) {
        const e = byKey.get(key)!;
        expect(e.status).toBe(PolicyStatus.Legacy);
        expect(e.note.zh).toMatch(/^【存量项目】/);
        expect(e.note.zh).toContain('国办函〔2023〕115号');
        expect(e.note.en).toMatch(/^\[Signed projects only\]/);
      }
    });

    it("gov_pay_cap carries 财金〔2019〕10号's carve-out for sewage and refuse projects under 收支两条线", () => {
      const e = byKey.get('ppp.gov_pay_cap')!;
      expect(e.source).toContain('财金〔2019〕10号');
      expect(e.note.zh).toContain(
        '按照“实质重于形式”原则，污水、垃圾处理等依照收支两条线管理、表现为政府付费形式的PPP项目除外'
      );
      expect(e.note.en).toMatch(/sewage and refuse/);
    });

    it("central.* are the bureau's assumption: the 2021 measure was replaced in 2024 and the new figures are not public", () => {
      const central = policyEntries().filter((e) => e.key.startsWith('central.'));
      expect(central.map((e) => e.key)).toEqual([
        'central.share.east',
        'central.share.central',
        'central.share.west',
        'central.share.northeast',
        'central.cap',
      ]);
      for (const e of central) {
        expect(e.status).toBe(PolicyStatus.Assumption);
        expect(e.source).toContain('发改环资规〔2021〕655号');
        expect(e.source).toContain('《污染治理中央预算内投资专项管理办法》');
        expect(e.note.zh).toMatch(/^【本局假设，非现行规定】/);
        expect(e.note.zh).toContain('上限而非预计到位金额');
        expect(e.note.en).toMatch(/^\[Bureau assumption, not a current rule\]/);
      }
    });

    it.each([
      ['ppp.fiscal_cap', 'status', 'legacy'],
      ['central.cap', '性质', 'assumption'],
      ['wanzhou.target.sewer_km', 'STATUS', 'rule'],
    ])('REUSE.POLICY("%s","%s") = "%s"', (key, field, expected) =>
      expect(evaluate(`REUSE.POLICY("${key}","${field}")`)).toBe(expected)
    );
  });

  it('is one data file whose keys are all listed by POLICY.LIST', () => {
    const rows = evaluate('REUSE.POLICY.LIST()') as unknown[][];
    expect(rows.map((r) => r[0])).toEqual(Object.keys(catalogue.entries));
    expect(rows[0]).toHaveLength(5);
    const coverage = rows.find((r) => r[0] === 'tariff.tier_coverage')!;
    expect(coverage[1]).toBe('{0.8,0.95}');
  });

  it.each([
    ['unit', 'km'],
    ['单位', 'km'],
    ['source', '万州发改资环〔2023〕25号（三）'],
    ['note', '到2025年改造建设污水管网150公里以上'],
    ['note_en', 'Sewers built or renewed by 2025: at least 150 km'],
  ])('field %s', (field, expected) =>
    expect(evaluate(`REUSE.POLICY("wanzhou.target.sewer_km","${field}")`)).toBe(expected)
  );

  it('keys are case-insensitive and trimmed', () => expect(evaluate('REUSE.POLICY("  CIT.RATE ")')).toBe(0.25));
  it('an unknown key is #N/A with the key in the message', () =>
    expectError('REUSE.POLICY("cit.rates")', '#N/A', 'unknown policy key "cit.rates"'));
  it('an unknown field is #VALUE!', () =>
    expectError('REUSE.POLICY("cit.rate","colour")', '#VALUE!', 'field: unknown option "colour"'));
  it('a non-text key is #VALUE!', () => expectError('REUSE.POLICY(12)', '#VALUE!', 'key: must be text'));
});
