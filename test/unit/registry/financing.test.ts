/**
 * PPP, BOND, TAX and PROJECT in the registry: the contract's names, argument order and
 * optionality; complete bilingual metadata; policy defaults resolved from the catalogue;
 * every worked example of FUNCTIONS.md documented; spill-size rules that agree with what the
 * functions produce; and composition in the real engine, with formulas and with cells.
 */
import { policyNumber } from '../../../src/core/policy';
import { Engine, isEngineError } from '../../../src/engine/engine';
import { FUNCTIONS, findFunction, fullName, invoke } from '../../../src/registry';
import type { ArgShape, FunctionSpec } from '../../../src/registry';
import { BOND_FUNCTIONS } from '../../../src/registry/bond';
import { PPP_FUNCTIONS } from '../../../src/registry/ppp';
import { PROJECT_FUNCTIONS } from '../../../src/registry/project';
import { TAX_FUNCTIONS } from '../../../src/registry/tax';
import { evaluate } from '../../helpers/engine';
import { expectClose } from '../../helpers/tolerance';

const MINE = [...PPP_FUNCTIONS, ...BOND_FUNCTIONS, ...TAX_FUNCTIONS, ...PROJECT_FUNCTIONS];

/** FUNCTIONS.md signatures: parameter names in order; a trailing `?` marks an optional one. */
const CONTRACT: Record<string, string[]> = {
  'PPP.SUBSIDY': ['capex', 'profit_rate', 'discount_rate', 'year', 'period', 'opex', 'user_revenue'],
  'PPP.SCHEDULE': ['capex', 'profit_rate', 'discount_rate', 'period', 'opex', 'user_revenue', 'method?'],
  'PPP.FISCALRATIO': ['outlays', 'budget_expenditure'],
  // The 2023 mechanism (issue 11): added after FUNCTIONS.md, same conventions.
  'PPP.CONCESSIONPRICE': [
    'capex',
    'annual_opex',
    'annual_volume',
    'term_years',
    'target_return',
    'construction_support?',
    'construction_years?',
    'debt_ratio?',
    'debt_rate?',
    'loan_years?',
  ],
  'PPP.CONCESSIONTEST': [
    'capex',
    'annual_opex',
    'annual_volume',
    'term_years',
    'target_return',
    'allowed_price',
    'construction_support?',
    'construction_years?',
    'debt_ratio?',
    'debt_rate?',
    'loan_years?',
    'term_limit?',
  ],
  'BOND.SCHEDULE': ['principal', 'coupon_rate', 'term_years', 'payments_per_year?', 'repayment?', 'issue_date?'],
  'BOND.DEBTSERVICE': ['principal', 'coupon_rate', 'term_years', 'payments_per_year?', 'repayment?'],
  'BOND.COVERAGE': ['net_revenues', 'debt_service'],
  'BOND.CAPACITY': ['net_revenues', 'coupon_rate', 'term_years', 'coverage?', 'payments_per_year?', 'repayment?'],
  'BOND.DSCR': ['cfads', 'debt_service'],
  'BOND.LLCR': ['cfads', 'discount_rate', 'debt_outstanding'],
  'TAX.VATREFUND': ['output_vat', 'input_vat', 'refund_share?'],
  'TAX.CITHOLIDAY': [
    'taxable_income',
    'first_revenue_year?',
    'rate?',
    'loss_carry_years?',
    'half_rate_base?',
    'loss_order?',
  ],
  'TAX.ENVTAX': ['discharge_kg', 'kg_per_unit', 'yuan_per_unit', 'concentration', 'standard'],
  'PROJECT.NPV': ['rate', 'cashflows'],
  'PROJECT.PAYBACK': ['cashflows'],
  'PROJECT.CENTRALFUND': ['investment', 'region', 'cap?'],
};

/** Every worked example FUNCTIONS.md gives for these functions: it must be among the registry's examples. */
const CONTRACT_EXAMPLES: { id: string; expected: number }[] = [
  { id: 'PPP.SUBSIDY', expected: 8_045_000 },
  { id: 'PPP.SUBSIDY', expected: 11_113_140 },
  { id: 'PPP.SUBSIDY', expected: 16_542_480 },
  { id: 'BOND.SCHEDULE', expected: 69_000_000 },
  { id: 'BOND.SCHEDULE', expected: 48_300_000 },
  { id: 'BOND.CAPACITY', expected: 200_000_000 },
  { id: 'TAX.ENVTAX', expected: 7875 },
  { id: 'PROJECT.NPV', expected: 4568.37 },
  { id: 'PROJECT.PAYBACK', expected: 6.6667 },
];

describe('contract', () => {
  it('registers exactly the contract names, each once', () => {
    expect(MINE.map((f) => f.id).sort()).toEqual(Object.keys(CONTRACT).sort());
    for (const id of Object.keys(CONTRACT)) expect(FUNCTIONS.filter((f) => f.id === id)).toHaveLength(1);
  });

  it.each(Object.entries(CONTRACT))('%s: parameter names, order and optionality as in FUNCTIONS.md', (id, params) => {
    const f = findFunction(`REUSE.${id}`)!;
    expect(f.params.map((p) => p.name + (p.optional ? '?' : ''))).toEqual(params);
  });

  it.each(CONTRACT_EXAMPLES)('$id documents the FUNCTIONS.md example $expected', ({ id, expected }) => {
    const f = findFunction(id)!;
    const near = (x: unknown) => typeof x === 'number' && Math.abs(x - expected) <= 1e-4 * Math.abs(expected);
    expect(f.examples.some((e) => near(e.expected))).toBe(true);
  });

  it('keywords take the English and the Chinese spelling given in FUNCTIONS.md', () => {
    const options = (id: string, name: string) => {
      const p = findFunction(id)!.params.find((q) => q.name === name)!;
      return p.kind === 'keyword' ? Object.values(p.options).flat() : [];
    };
    expect(options('PPP.SCHEDULE', 'method')).toEqual(
      expect.arrayContaining(['mof21', '财金21号', 'annuity', '等额年金'])
    );
    expect(options('PROJECT.CENTRALFUND', 'region')).toEqual(
      expect.arrayContaining(['east', '东部', 'central', '中部', 'west', '西部', 'northeast', '东北'])
    );
  });
});

describe('metadata', () => {
  it.each(MINE.map((f) => ({ name: fullName(f), f })))(
    '$name: bilingual texts, formula with edge cases, units, source, examples',
    ({ f }) => {
      expect(f.description.en).toBeTruthy();
      expect(f.description.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(f.formula.length).toBeGreaterThan(40);
      expect(f.source).toMatch(/〔|法|条例/);
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

  it.each([
    // The figures as the documents give them: 财预〔2017〕89号 practice 1.2; 财政部 税务总局公告2021年第40号
    // 5.2: 70 %; 企业所得税法 第四条: 25 %; the 655号 cap 50 M yuan; 2024 特许经营办法: 40 years.
    ['BOND.CAPACITY', 'coverage', 'bond.coverage_min', 1.2],
    ['TAX.VATREFUND', 'refund_share', 'vat.refund.sewage', 0.7],
    ['TAX.CITHOLIDAY', 'rate', 'cit.rate', 0.25],
    ['PROJECT.CENTRALFUND', 'cap', 'central.cap', 50_000_000],
    ['PPP.CONCESSIONTEST', 'term_limit', 'ppp.concession_term_max', 40],
  ])(
    "%s %s defaults to the catalogue's %s = %s (a function, not a second copy of the number)",
    (id, name, key, value) => {
      const p = findFunction(id)!.params.find((q) => q.name === name) as { default?: unknown };
      expect(typeof p.default).toBe('function');
      expect((p.default as () => number)()).toBe(value);
      expect(policyNumber(key)).toBe(value);
    }
  );

  it("the sources cite the contract's documents", () => {
    const src = (id: string) => findFunction(id)!.source!;
    expect(src('PPP.SUBSIDY')).toContain('财金〔2015〕21号');
    expect(src('BOND.SCHEDULE')).toContain('财预〔2017〕89号');
    expect(src('TAX.CITHOLIDAY')).toContain('企业所得税法实施条例》第八十八条');
    expect(src('TAX.ENVTAX')).toContain('环境保护税法》第十三条');
    expect(src('PROJECT.CENTRALFUND')).toContain('万州发改资环〔2023〕25号（十三）');
    expect(src('PPP.CONCESSIONPRICE')).toContain('国办函〔2023〕115号');
    expect(src('PPP.CONCESSIONTEST')).toContain('2024年第17号');
  });

  it('the 财金〔2015〕21号 functions say, in both languages, that they are for signed projects (存量项目) only', () => {
    for (const id of ['PPP.SUBSIDY', 'PPP.SCHEDULE', 'PPP.FISCALRATIO']) {
      const f = findFunction(id)!;
      expect(f.description.zh).toContain('存量');
      expect(f.description.en).toMatch(/signed/);
      expect(f.formula).toContain('存量项目');
      expect(f.formula).toContain('国办函〔2023〕115号');
    }
    expect(findFunction('PPP.FISCALRATIO')!.source).toContain('收支两条线');
  });

  it('CENTRALFUND says it is an upper bound, not the expected grant, in both languages', () => {
    const f = findFunction('PROJECT.CENTRALFUND')!;
    expect(f.description.en).toMatch(/upper bound/i);
    expect(f.description.en).toMatch(/not the expected grant/);
    expect(f.description.zh).toContain('上限');
    expect(f.description.zh).toContain('不是预计到位金额');
    expect(f.formula).toMatch(/UPPER BOUND, not a forecast/);
    expect(f.formula).toContain('上限值而非预计补助');
    expect(f.formula).toContain('assumption');
  });
});

describe('spill sizes', () => {
  const literal = (v: number | string): ArgShape => ({ rows: 1, cols: 1, literal: v });
  const range = (rows: number, cols: number): ArgShape => ({ rows, cols });
  const sizeOf = (f: FunctionSpec, shapes: (ArgShape | undefined)[]) =>
    f.result.kind === 'array' ? f.result.size(shapes) : 'not an array';
  const dims = (v: unknown) =>
    Array.isArray(v) ? { rows: v.length, cols: (v[0] as unknown[]).length } : { rows: 1, cols: 1 };

  // Rows: id, shapes as the engine sees them, the same arguments as values, and the expected size.
  it.each([
    ['BOND.SCHEDULE', [literal(1000), literal(0.03), literal(15)], [1000, 0.03, 15], { rows: 30, cols: 7 }],
    ['BOND.SCHEDULE', [literal(1000), literal(0.03), literal(9)], [1000, 0.03, 9], { rows: 9, cols: 7 }],
    [
      'BOND.SCHEDULE',
      [literal(1000), literal(0.03), literal(15), literal(1)],
      [1000, 0.03, 15, 1],
      { rows: 15, cols: 7 },
    ],
    [
      'BOND.DEBTSERVICE',
      [literal(1000), literal(0.03), literal(15), literal(2)],
      [1000, 0.03, 15, 2],
      { rows: 15, cols: 1 },
    ],
    [
      'PPP.SCHEDULE',
      [literal(1), literal(0), literal(0), literal(25), literal(1), literal(1)],
      [1, 0, 0, 25, 1, 1],
      { rows: 25, cols: 4 },
    ],
    ['PPP.FISCALRATIO', [range(1, 4), literal(10)], [[[1, 2, 3, 4]], 10], { rows: 4, cols: 1 }],
    [
      'BOND.DSCR',
      [range(5, 1), range(3, 1)],
      [
        [[1], [2], [3], [4], [5]],
        [[1], [1], [1]],
      ],
      { rows: 5, cols: 1 },
    ],
    ['TAX.CITHOLIDAY', [range(1, 6)], [[[1, 2, 3, 4, 5, 6]]], { rows: 6, cols: 1 }],
    [
      'PPP.CONCESSIONTEST',
      [literal(1000), literal(0), literal(100), range(1, 1), literal(0), literal(1)],
      [1000, 0, 100, 10, 0, 1],
      { rows: 1, cols: 6 },
    ],
  ] as const)('%s: the predicted size is the produced size', (id, shapes, args, size) => {
    const f = findFunction(id)!;
    expect(sizeOf(f, [...shapes])).toEqual(size);
    expect(dims(invoke(f, args as never))).toEqual(size);
  });

  it.each([
    ['BOND.SCHEDULE', [literal(1000), literal(0.03), range(1, 1)]],
    ['BOND.SCHEDULE', [literal(1000), literal(0.03), literal(15), range(1, 1)]],
    ['BOND.SCHEDULE', [literal(1000), literal(0.03), literal(1e9)]],
    ['BOND.SCHEDULE', [literal(1000), literal(0.03), literal(7.5)]],
    ['BOND.DEBTSERVICE', [literal(1000), literal(0.03), literal('15')]],
    ['PPP.SCHEDULE', [literal(1), literal(0), literal(0), range(1, 1), literal(1), literal(1)]],
  ] as const)('%s: undefined when the size depends on a value (or the literal is invalid)', (id, shapes) => {
    expect(sizeOf(findFunction(id)!, [...shapes])).toBeUndefined();
  });

  it('a term in a cell: the engine learns the size at evaluation and spills the whole table', () => {
    const e = Engine.fromSheets({ s: [[15, '=REUSE.BOND.SCHEDULE(200000000,0.023,A1,1)'], [], [null, null]] });
    const v = e.hf.getSheetValues(0);
    expect(v).toHaveLength(15);
    expect(v[14].slice(1)).toEqual([15, 15, 200_000_000, 4_600_000, 200_000_000, 204_600_000, 0]);
    // Changing the term re-spills.
    e.setCells({ sheet: 0, row: 0, col: 0 }, [[3]]);
    expect(e.hf.getSheetValues(0)).toHaveLength(3);
    e.hf.destroy();
  });

  it('a formula changed to read another term: the size learnt for the old call is not used for the new one', () => {
    // Each call's learnt size is keyed by its text, computed once per parsed formula: an edited
    // formula is a new call and learns its own size.
    const e = Engine.fromSheets({ s: [[15, '=REUSE.BOND.SCHEDULE(200000000,0.023,A1,1)'], [4], [null, null]] });
    expect(e.hf.getSheetValues(0)).toHaveLength(15);
    e.setCells({ sheet: 0, row: 0, col: 1 }, [['=REUSE.BOND.SCHEDULE(200000000,0.023,A2,1)']]);
    const v = e.hf.getSheetValues(0);
    expect(v.filter((row) => typeof row[1] === 'number')).toHaveLength(4);
    expect(v[3].slice(1)).toEqual([4, 4, 200_000_000, 4_600_000, 200_000_000, 204_600_000, 0]);
    e.setCells({ sheet: 0, row: 0, col: 1 }, [['=REUSE.BOND.SCHEDULE(200000000,0.023,A1,1)']]);
    expect(e.hf.getSheetValues(0).filter((row) => typeof row[1] === 'number')).toHaveLength(15);
    e.hf.destroy();
  });
});

describe('composition in the engine', () => {
  it('COVERAGE of DEBTSERVICE in one formula (Engine.evaluate)', () => {
    expectClose(
      evaluate('REUSE.BOND.COVERAGE({100000000,122800000,100000000},REUSE.BOND.DEBTSERVICE(200000000,0.023,15))'),
      1.2
    );
  });

  it('COVERAGE of DEBTSERVICE with every input in a cell, and of a spilled DEBTSERVICE range', () => {
    const e = Engine.fromSheets({
      s: [
        ['principal', 200_000_000, 'revenue', 21_520_000, '=REUSE.BOND.DEBTSERVICE(B1,B2,B3,B4)'],
        ['coupon', 0.023, null, 21_520_000],
        ['term', 15, null, 21_520_000],
        ['ppy', 1, null, 21_520_000],
        ['coverage (nested)', '=REUSE.BOND.COVERAGE(D1:D15,REUSE.BOND.DEBTSERVICE(B1,B2,B3,B4))', null, 21_520_000],
        ['coverage (cells)', '=REUSE.BOND.COVERAGE(D1:D15,E1:E15)', null, 21_520_000],
        ['capacity', '=REUSE.BOND.CAPACITY(D1:D15,B2,B3,1.2,B4)', null, 21_520_000],
        ['coverage at capacity', '=REUSE.BOND.COVERAGE(D1:D15,REUSE.BOND.DEBTSERVICE(B7,B2,B3,B4))', null, 21_520_000],
        ...Array.from({ length: 7 }, () => [null, null, null, 21_520_000]),
      ],
    });
    const at = (row: number, col: number) => e.hf.getCellValue({ sheet: 0, row, col });
    // 15 × 21.52 M = 322.8 M over 269 M.
    expectClose(at(4, 1), 1.2);
    expectClose(at(5, 1), 1.2);
    expectClose(at(6, 1), 200_000_000);
    expectClose(at(7, 1), 1.2);
    expectClose(at(14, 4), 204_600_000);
    e.hf.destroy();
  });

  it('DSCR over two spilled ranges, MIN over the result', () => {
    const rows: (number | string | null)[][] = Array.from({ length: 20 }, (_, i) => [
      30_000_000,
      i === 0 ? '=REUSE.BOND.DEBTSERVICE(200000000,0.023,15,1)' : null,
    ]);
    rows[0].push('=REUSE.BOND.DSCR(A1:A20,B1:B20)', '=MIN(C1:C20)');
    const e = Engine.fromSheets({ s: rows });
    const v = e.hf.getSheetValues(0);
    expectClose(v[0][2], 30 / 4.6);
    expectClose(v[14][2], 30 / 204.6);
    expect(v[15][2]).toBe('');
    expectClose(v[0][3], 30 / 204.6);
    e.hf.destroy();
  });

  it('PPP.FISCALRATIO over the total column of PPP.SCHEDULE', () => {
    const v = evaluate(
      'MAX(REUSE.PPP.FISCALRATIO(MMULT(REUSE.PPP.SCHEDULE(100000000,0.06,0.05,20,8000000,6000000),{0;0;0;1}),1000000000))'
    );
    expectClose(v, 16_542_480 / 1e9, 1e-6);
  });

  it('CITHOLIDAY on a column of formulas and VATREFUND per year', () => {
    const e = Engine.fromSheets({
      s: [
        [1_000_000, 300_000, '=A1-B1', '=REUSE.TAX.CITHOLIDAY(C1:C7)', '=REUSE.TAX.VATREFUND(A1*0.06,B1*0.06)'],
        ...Array.from({ length: 6 }, (_, i) => [
          1_000_000,
          300_000,
          `=A${i + 2}-B${i + 2}`,
          null,
          `=REUSE.TAX.VATREFUND(A${i + 2}*0.06,B${i + 2}*0.06)`,
        ]),
      ],
    });
    const v = e.hf.getSheetValues(0);
    expect(v.map((r) => r[3])).toEqual([0, 0, 0, 87_500, 87_500, 87_500, 175_000]);
    expectClose(v[0][4], 700_000 * 0.06 * 0.7);
    e.hf.destroy();
  });

  it('errors in Chinese for a zh-CN engine', () => {
    const v = Engine.evaluate('REUSE.BOND.COVERAGE({1},{0})', { lang: 'zh-CN' });
    expect(isEngineError(v) && v.message).toBe('debt_service：合计必须 > 0（收到 0）；覆盖倍数以其为分母');
    const w = Engine.evaluate('REUSE.PROJECT.PAYBACK({-5,1})', { lang: 'zh-CN' });
    expect(isEngineError(w) && w.message).toBe('cashflows：累计现金流期末仍为负（-4），在所列年限内未收回投资');
  });

  it('the 48.3 M example as the contract states it, through SUMPRODUCT over the schedule', () => {
    const shares = '{0,0,0,0,0,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1}';
    expectClose(
      evaluate(`SUMPRODUCT(REUSE.BOND.SCHEDULE(200000000,0.023,15,1,${shares})*{0,0,0,1,0,0,0})`),
      48_300_000
    );
    expectClose(evaluate(`INDEX(REUSE.BOND.SCHEDULE(200000000,0.023,15,1,${shares}),6,5)`), 20_000_000);
  });
});
