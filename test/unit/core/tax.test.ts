/**
 * TAX: immediate VAT refunds, the CIT holiday with loss carry-forward, and the environmental
 * protection tax. Sections: argument count, defaults (policy numbers from the catalogue),
 * validations, values (it.each rows with their source), properties against an independent
 * implementation, and a worked scenario. Expected numbers come from FUNCTIONS.md, hand
 * calculations, or code written differently here.
 */
import { policyList, policyNumber } from '../../../src/core/policy';
import { LossOrder, citSchedule, envTaxFactor, holidayFactor } from '../../../src/core/tax';
import { isCalcError } from '../../../src/core/errors';
import { findFunction, invoke } from '../../../src/registry';
import { evaluate, expectArityError, expectError } from '../../helpers/engine';
import { expectClose, expectMatrixClose } from '../../helpers/tolerance';
import { prng } from '../../helpers/random';

const col = (xs: readonly number[]) => `{${xs.join(';')}}`;

describe('REUSE.TAX.VATREFUND', () => {
  it.each([
    ['REUSE.TAX.VATREFUND(1)', 'takes 2 to 3 arguments (got 1)'],
    ['REUSE.TAX.VATREFUND(1,2,0.7,4)', 'takes 2 to 3 arguments (got 4)'],
  ])('%s → #N/A', (f, m) => expectArityError(f, m));
  it('refund_share defaults to REUSE.POLICY("vat.refund.sewage") (70 %)', () => {
    expect(policyNumber('vat.refund.sewage')).toBe(0.7);
    expectClose(evaluate('REUSE.TAX.VATREFUND(1000000,400000)'), 420_000);
    expectClose(evaluate('REUSE.TAX.VATREFUND(1000000,400000,)'), 420_000);
  });
  it.each([
    ['REUSE.TAX.VATREFUND(1000000,400000,0.5)', 300_000, 'reclaimed water: 50 %'],
    [
      'REUSE.TAX.VATREFUND(1000000,400000,REUSE.POLICY("vat.refund.reclaimed"))',
      300_000,
      'the reclaimed-water share from the catalogue',
    ],
    ['REUSE.TAX.VATREFUND(400000,400000)', 0, 'nothing paid, nothing refunded'],
    ['REUSE.TAX.VATREFUND(300000,400000)', 0, 'excess input VAT is carried forward, not refunded'],
    ['REUSE.TAX.VATREFUND(1000000,0,1)', 1_000_000, 'a full refund'],
  ])('%s = %d (%s)', (f, expected) => expectClose(evaluate(f as string), expected as number));
  it.each([
    ['REUSE.TAX.VATREFUND(-1,0)', 'output_vat: must be ≥ 0 (got -1)'],
    ['REUSE.TAX.VATREFUND(1,-1)', 'input_vat: must be ≥ 0 (got -1)'],
    ['REUSE.TAX.VATREFUND(1,0,1.1)', 'refund_share: must be ≤ 1 (got 1.1)'],
    ['REUSE.TAX.VATREFUND(1,0,-0.1)', 'refund_share: must be ≥ 0 (got -0.1)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('REUSE.TAX.CITHOLIDAY', () => {
  it('argument count', () =>
    expectArityError('REUSE.TAX.CITHOLIDAY({1},1,0.25,5,0.25,"return",1)', 'takes 1 to 6 arguments (got 7)'));

  describe('defaults', () => {
    it('first revenue year 1, rate REUSE.POLICY("cit.rate") 25 %, holiday 3 + 3 years from "cit.holiday"', () => {
      expect(policyNumber('cit.rate')).toBe(0.25);
      expect(policyList('cit.holiday')).toEqual([3, 3]);
      expectMatrixClose(evaluate(`REUSE.TAX.CITHOLIDAY(${col(Array(8).fill(100))})`), [
        [0],
        [0],
        [0],
        [12.5],
        [12.5],
        [12.5],
        [25],
        [25],
      ]);
    });
    it('loss carry-forward defaults to 5 years', () => {
      // A year-1 loss of 100 is usable in years 2–6 only; every year before 7 is exempt or half, so compare years 6 and 7.
      const base = [-100, 0, 0, 0, 0, 0, 100];
      expectMatrixClose(evaluate(`REUSE.TAX.CITHOLIDAY(${col(base)},1,0.25)`), [[0], [0], [0], [0], [0], [0], [25]]);
      expectMatrixClose(evaluate(`REUSE.TAX.CITHOLIDAY(${col(base)},1,0.25,6)`), [[0], [0], [0], [0], [0], [0], [0]]);
    });
    const lossy = col([-50, 100, 100, 100, 100, 100, 100, 100]);
    it.each([
      [`REUSE.TAX.CITHOLIDAY(${lossy},2)`, `REUSE.TAX.CITHOLIDAY(${lossy},2,0.25,5,0.25,"return")`],
      [`REUSE.TAX.CITHOLIDAY(${lossy},2,,,,)`, `REUSE.TAX.CITHOLIDAY(${lossy},2,0.25,5,0.25,"申报表")`],
      [`REUSE.TAX.CITHOLIDAY(${lossy},2,0.15)`, `REUSE.TAX.CITHOLIDAY(${lossy},2,0.15,5,0.15)`],
      [
        `REUSE.TAX.CITHOLIDAY(${lossy},2,0.15,,,"LOSS_FIRST")`,
        `REUSE.TAX.CITHOLIDAY(${lossy},2,0.15,5,0.15,"先弥补后减免")`,
      ],
    ])('%s = %s (loss_order "return", half_rate_base = rate)', (f, same) =>
      expectMatrixClose(evaluate(f), evaluate(same) as number[][])
    );
  });

  describe('values', () => {
    // Every expected row is a hand calculation. "return": tax = (income × f − losses used) × rate, losses ≤ income × f;
    // "loss_first": tax = (income − losses used) × rate × f. Rate in the 减半 years: half_rate_base (default rate).
    it.each([
      [
        [100, 100, 100, 100, 100, 100, 100],
        1,
        0.25,
        5,
        'return',
        [0, 0, 0, 12.5, 12.5, 12.5, 25],
        '三免三减半 from year 1',
      ],
      [
        [100, 100, 100, 100, 100, 100, 100],
        1,
        0.25,
        5,
        'loss_first',
        [0, 0, 0, 12.5, 12.5, 12.5, 25],
        'no loss: both orders agree',
      ],
      [
        [100, 100, 100, 100, 100, 100, 100, 100, 100],
        3,
        0.25,
        5,
        'return',
        [25, 25, 0, 0, 0, 12.5, 12.5, 12.5, 25],
        'years before the first revenue year pay the full rate',
      ],
      [
        [-50, 100, 100, 100, 100, 100, 100, 100],
        2,
        0.25,
        5,
        'return',
        [0, 0, 0, 0, 0, 12.5, 12.5, 25],
        'a pre-revenue loss waits through exempt years 2–4 and offsets the taxed half of year 5: 50 − 50',
      ],
      [
        [-50, 100, 100, 100, 100, 100, 100, 100],
        2,
        0.25,
        5,
        'loss_first',
        [0, 0, 0, 0, 12.5, 12.5, 12.5, 25],
        'loss first: it is used up by exempt year 2',
      ],
      [
        [100, 100, 100, -40, 100, 100, 100],
        1,
        0.25,
        5,
        'return',
        [0, 0, 0, 0, 2.5, 12.5, 25],
        'a loss in a 减半 year offsets the taxed half of the next: (50 − 40) × 25 %',
      ],
      [
        [100, 100, 100, -40, 100, 100, 100],
        1,
        0.25,
        5,
        'loss_first',
        [0, 0, 0, 0, 7.5, 12.5, 25],
        'loss first: (100 − 40) × 12.5 %',
      ],
      [
        [-100, 50, 50, 50, 50, 50, 50, 50],
        2,
        0.25,
        5,
        'return',
        [0, 0, 0, 0, 0, 0, 6.25, 12.5],
        'return: 25 + 25 used in years 5–6, the other 50 expires after year 6; year 7 pays 25 × 25 %',
      ],
      [
        [-100, 50, 50, 50, 50, 50, 50, 50],
        2,
        0.25,
        5,
        'loss_first',
        [0, 0, 0, 0, 6.25, 6.25, 6.25, 12.5],
        'loss first: the loss is spent by exempt years 2 and 3',
      ],
      [
        [100, 100, 100, 100, 100, 100, -30, -20, 10, 25, 100],
        1,
        0.25,
        5,
        'return',
        [0, 0, 0, 12.5, 12.5, 12.5, 0, 0, 0, 0, 21.25],
        'losses after the holiday: 10 used in year 9, 25 in year 10, the last 15 against 100',
      ],
      [
        [100, 100, 100, 100, 100, 100, -30, -20, 10, 25, 100],
        1,
        0.25,
        5,
        'loss_first',
        [0, 0, 0, 12.5, 12.5, 12.5, 0, 0, 0, 0, 21.25],
        'the same in both orders',
      ],
      [
        [100, 100, 100, 100, 100, 100, -50, 100],
        1,
        0.15,
        0,
        'return',
        [0, 0, 0, 7.5, 7.5, 7.5, 0, 15],
        'no carry-forward; western 15 %, 减半 at 7.5 %',
      ],
      [[0, 0, 0, 0, 0, 0, 0], 1, 0.25, 5, 'return', [0, 0, 0, 0, 0, 0, 0], 'no income, no tax'],
      [[-10, -5], 1, 0.25, 5, 'return', [0, 0], 'loss years pay nothing'],
    ])('%j, first %d, rate %d, carry %d, %s → %j (%s)', (income, first, rate, carry, order, expected) =>
      expectMatrixClose(
        evaluate(`REUSE.TAX.CITHOLIDAY(${col(income as number[])},${first},${rate},${carry},,"${order}")`),
        (expected as number[]).map((x) => [x])
      )
    );

    describe('the western 15 % and the 减半 years (财税〔2009〕69号 第一条)', () => {
      const seven = col(Array(7).fill(100));
      it.each([
        [
          `REUSE.TAX.CITHOLIDAY(${seven},1,REUSE.POLICY("cit.western_rate"))`,
          [0, 0, 0, 7.5, 7.5, 7.5, 15],
          'western 15 %: half of 15 % by default',
        ],
        [
          `REUSE.TAX.CITHOLIDAY(${seven},1,0.15,,0.25)`,
          [0, 0, 0, 12.5, 12.5, 12.5, 15],
          'another 15 % (third-party): half of the 25 % statutory rate',
        ],
        [
          `REUSE.TAX.CITHOLIDAY(${seven},1,0.25,,0.25)`,
          [0, 0, 0, 12.5, 12.5, 12.5, 25],
          'half_rate_base = rate changes nothing',
        ],
        [
          `REUSE.TAX.CITHOLIDAY(${col([100, 100, 100, -40, 100, 100, 100])},1,0.15)`,
          [0, 0, 0, 0, 1.5, 7.5, 15],
          'western with a loss (return): (50 − 40) × 15 %',
        ],
        [
          `REUSE.TAX.CITHOLIDAY(${col([100, 100, 100, -40, 100, 100, 100])},1,0.15,,0.25)`,
          [0, 0, 0, 0, 2.5, 12.5, 15],
          'third-party with a loss (return): (50 − 40) × 25 %',
        ],
        [
          `REUSE.TAX.CITHOLIDAY(${col([100, 100, 100, -40, 100, 100, 100])},1,0.15,,,"loss_first")`,
          [0, 0, 0, 0, 4.5, 7.5, 15],
          'western, loss first: (100 − 40) × 15 % × ½',
        ],
      ])('%s → %j (%s)', (f, expected) =>
        expectMatrixClose(
          evaluate(f as string),
          (expected as number[]).map((x) => [x])
        )
      );
      it('the catalogue holds the western rate with its document', () => {
        expect(policyNumber('cit.western_rate')).toBe(0.15);
        expect(evaluate('REUSE.POLICY("cit.western_rate","source")')).toContain('公告2020年第23号');
      });
    });

    it('core: the income reduction, the loss used and the tax base each year (return order)', () => {
      const rows = citSchedule([-30, -20, 10, 25, 100, 100, 100], {
        firstRevenueYear: 1,
        rate: 0.25,
        lossCarryYears: 5,
      });
      if (isCalcError(rows)) throw new Error(rows.text());
      // Years 1–3 exempt, 4–6 halved, 7 full; losses 30 + 20 wait for the taxed halves of years 4 (12.5), 5 (50) and year 6.
      expect(rows.map((r) => r.incomeReduction)).toEqual([0, 0, 10, 12.5, 50, 50, 0]);
      expect(rows.map((r) => r.lossUsed)).toEqual([0, 0, 0, 12.5, 37.5, 0, 0]);
      expect(rows.map((r) => r.taxBase)).toEqual([0, 0, 0, 0, 12.5, 50, 100]);
      expect(rows.map((r) => r.tax)).toEqual([0, 0, 0, 0, 3.125, 12.5, 25]);
    });

    it('core: loss first reports the losses used against the whole income', () => {
      const rows = citSchedule([-30, -20, 10, 25, 100], {
        firstRevenueYear: 1,
        rate: 0.25,
        lossCarryYears: 5,
        lossOrder: LossOrder.LossFirst,
      });
      if (isCalcError(rows)) throw new Error(rows.text());
      expect(rows.map((r) => r.lossUsed)).toEqual([0, 0, 10, 25, 15]);
      expect(rows.map((r) => r.taxBase)).toEqual([0, 0, 0, 0, 85]);
    });

    it('holiday factor by year', () => {
      expect([1, 2, 3, 4, 5, 6, 7, 8].map((y) => holidayFactor(y, 2))).toEqual([1, 0, 0, 0, 0.5, 0.5, 0.5, 1]);
    });
  });

  describe('validation', () => {
    it.each([
      ['REUSE.TAX.CITHOLIDAY({1;2;3},4)', 'first_revenue_year: must be within taxable_income (1…3) (got 4)'],
      ['REUSE.TAX.CITHOLIDAY({1;2;3},0)', 'first_revenue_year: must be ≥ 1 (got 0)'],
      ['REUSE.TAX.CITHOLIDAY({1;2;3},1.5)', 'first_revenue_year: must be a whole number (got 1.5)'],
      ['REUSE.TAX.CITHOLIDAY({1;2;3},1,1.25)', 'rate: must be ≤ 1 (got 1.25)'],
      ['REUSE.TAX.CITHOLIDAY({1;2;3},1,0.25,-1)', 'loss_carry_years: must be ≥ 0 (got -1)'],
      ['REUSE.TAX.CITHOLIDAY({1;2;3},1,0.25,5,1.5)', 'half_rate_base: must be ≤ 1 (got 1.5)'],
      ['REUSE.TAX.CITHOLIDAY({1;2;3},1,0.25,5,-0.1)', 'half_rate_base: must be ≥ 0 (got -0.1)'],
      ['REUSE.TAX.CITHOLIDAY({1;2;3},1,0.25,5,0.25,"fifo")', 'loss_order: unknown option "fifo"'],
      ['REUSE.TAX.CITHOLIDAY({1;"x";3})', 'taxable_income: item 2 must be a number (got "x")'],
      ['REUSE.TAX.CITHOLIDAY({1,2;3,4})', 'taxable_income: must be a single row or column'],
    ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
  });

  it('properties: matches an independent year-window implementation over generated income streams, in both orders', () => {
    // Independent rule: a loss from year s is available in years s+1 … s+L; each year takes from the
    // oldest available losses first, at most `room` (the whole income, or with the return's order the
    // income left after the exemption). Written as a scan over a remaining-loss array (no queue).
    const reference = (
      income: number[],
      first: number,
      rate: number,
      carry: number,
      half: number,
      returnOrder: boolean
    ) => {
      const remaining = income.map((x) => (x < 0 ? -x : 0));
      return income.map((x, t) => {
        if (x < 0) return 0;
        const k = t + 1 - first;
        const factor = k < 0 ? 1 : k < 3 ? 0 : k < 6 ? 0.5 : 1;
        const r = factor === 0.5 ? half : rate;
        let base = returnOrder ? x * factor : x;
        for (let s = Math.max(0, t - carry); s < t && base > 0; s++) {
          const take = Math.min(remaining[s], base);
          remaining[s] -= take;
          base -= take;
        }
        return returnOrder ? base * r : base * r * factor;
      });
    };
    const rand = prng(88);
    const spec = findFunction('TAX.CITHOLIDAY')!;
    for (let i = 0; i < 400; i++) {
      const n = 1 + Math.floor(rand() * 25);
      const income = Array.from({ length: n }, () => Math.round((rand() - 0.35) * 1e7));
      const first = 1 + Math.floor(rand() * n);
      const rate = rand() < 0.5 ? 0.25 : 0.15;
      const half = rand() < 0.5 ? rate : 0.25;
      const carry = Math.floor(rand() * 7);
      const returnOrder = rand() < 0.5;
      const got = invoke(spec, [
        income.map((x) => [x]),
        first,
        rate,
        carry,
        half,
        returnOrder ? 'return' : 'loss_first',
      ]) as number[][];
      const want = reference(income, first, rate, carry, half, returnOrder);
      expect(got).toHaveLength(n);
      got.forEach((r, t) => expectClose(r[0], want[t], 1e-9, 1e-6));
    }
  });

  it('property: the return order never taxes more than loss first (exempt income no longer absorbs losses)', () => {
    const rand = prng(89);
    const spec = findFunction('TAX.CITHOLIDAY')!;
    for (let i = 0; i < 200; i++) {
      const n = 2 + Math.floor(rand() * 20);
      const income = Array.from({ length: n }, () => Math.round((rand() - 0.35) * 1e7));
      const args = [income.map((x) => [x]), 1 + Math.floor(rand() * n), 0.25, 5, 0.25];
      const total = (order: string) => (invoke(spec, [...args, order]) as number[][]).reduce((a, r) => a + r[0], 0);
      expect(total('return')).toBeLessThanOrEqual(total('loss_first') + 1e-6);
    }
  });
});

describe('REUSE.TAX.ENVTAX', () => {
  it('argument count', () => expectArityError('REUSE.TAX.ENVTAX(3500,1,3,35)', 'takes 5 arguments (got 4)'));
  it.each([
    ['REUSE.TAX.ENVTAX(3500,1,3,35,50)', 7875, 'FUNCTIONS.md: 35 is exactly 70 % of 50 → × 0.75'],
    ['REUSE.TAX.ENVTAX(3500,1,3,25,50)', 5250, 'exactly 50 % → × 0.5'],
    ['REUSE.TAX.ENVTAX(3500,1,3,24,50)', 5250, 'below 50 % → × 0.5'],
    ['REUSE.TAX.ENVTAX(3500,1,3,25.01,50)', 7875, 'just above 50 % → × 0.75'],
    ['REUSE.TAX.ENVTAX(3500,1,3,35.01,50)', 10500, 'just above 70 % → full'],
    ['REUSE.TAX.ENVTAX(3500,1,3,60,50)', 10500, 'above the standard: full (the exceedance is a separate violation)'],
    ['REUSE.TAX.ENVTAX(1000,0.8,1.4,0,20)', (1000 / 0.8) * 1.4 * 0.5, 'NH₃-N: 0.8 kg per equivalent'],
    ['REUSE.TAX.ENVTAX(21,0.7,1.4,7,10)', (21 / 0.7) * 1.4 * 0.75, '7 / 10 is exactly 70 % despite binary fractions'],
  ])('%s = %d (%s)', (f, expected) => expectClose(evaluate(f as string), expected as number));
  it('factors come from the catalogue', () => {
    // 环境保护税法 第十三条: 30 % below the standard → 75 % of the tax; 50 % below → 50 %.
    expect(envTaxFactor(25, 50)).toBe(0.5);
    expect(envTaxFactor(35, 50)).toBe(0.75);
  });
  it.each([
    ['REUSE.TAX.ENVTAX(3500,0,3,35,50)', 'kg_per_unit: must be > 0 (got 0)'],
    ['REUSE.TAX.ENVTAX(3500,1,3,35,0)', 'standard: must be > 0 (got 0)'],
    ['REUSE.TAX.ENVTAX(-1,1,3,35,50)', 'discharge_kg: must be ≥ 0 (got -1)'],
    ['REUSE.TAX.ENVTAX(3500,1,-3,35,50)', 'yuan_per_unit: must be ≥ 0 (got -3)'],
    ['REUSE.TAX.ENVTAX(3500,1,3,-35,50)', 'concentration: must be ≥ 0 (got -35)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('scenario: a reclaimed-water company in its first eight years', () => {
  it('VAT refunds at 50 %, a start-up loss kept through the exempt years, tax from year 5', () => {
    // Income: a 3 M loss in year 1 (first revenue year 1), then 2 M, 4 M, 5 M, 5 M, 5 M, 5 M, 5 M.
    // Years 1–3 exempt: the exempt income does not absorb the loss (the return's order). Years 4–6
    // halved: the taxed half of year 4 (2.5 M) takes 2.5 M of the loss, year 5's half the last 0.5 M.
    const income = [-3e6, 2e6, 4e6, 5e6, 5e6, 5e6, 5e6, 5e6];
    const expected = [0, 0, 0, 0, (2.5e6 - 0.5e6) * 0.25, 2.5e6 * 0.25, 5e6 * 0.25, 5e6 * 0.25];
    expectMatrixClose(
      evaluate(`REUSE.TAX.CITHOLIDAY(${col(income)})`),
      expected.map((x) => [x])
    );
    expectClose(evaluate(`SUM(REUSE.TAX.CITHOLIDAY(${col(income)}))`), 500_000 + 625_000 + 2 * 1_250_000);
    // The order before issue 11 spent the loss on exempt years 2 and 3 (2 M + 1 M) and taxed 3 × 625 000 + 2 × 1 250 000.
    expectClose(evaluate(`SUM(REUSE.TAX.CITHOLIDAY(${col(income)},,,,,"loss_first"))`), 3 * 625_000 + 2 * 1_250_000);
    // Output VAT 9 % on 12 M of reclaimed-water sales; input VAT 0.4 M.
    expectClose(
      evaluate('REUSE.TAX.VATREFUND(12000000*0.09,400000,REUSE.POLICY("vat.refund.reclaimed"))'),
      (1.08e6 - 0.4e6) * 0.5
    );
  });
});
