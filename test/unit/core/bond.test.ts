/**
 * BOND: schedule → cash flows → analysis. Sections: argument count, defaults, validations,
 * domain errors, values (it.each rows: args, expected, source), dates, composition, property
 * checks over generated bonds, and the worked scenario "a 15-year special bond with 10 % a
 * year repaid from year 6". Expected numbers come from FUNCTIONS.md, hand calculations written
 * in the rows, or closed forms written here — never from running the code under test.
 */
import {
  RepaymentKind,
  addMonths,
  bondCapacity,
  bondCashFlows,
  buildSchedule,
  dateToSerial,
  debtServiceByYear,
  serialToDate,
} from '../../../src/core/bond';
import { isCalcError } from '../../../src/core/errors';
import { policyNumber } from '../../../src/core/policy';
import { Engine, isEngineError } from '../../../src/engine/engine';
import { findFunction, invoke } from '../../../src/registry';
import type { ArgValue, Matrix } from '../../../src/registry';
import { evaluate, expectArityError, expectError } from '../../helpers/engine';
import { close, expectClose, expectMatrixClose } from '../../helpers/tolerance';
import { prng } from '../../helpers/random';

const col = (xs: readonly number[]): Matrix => xs.map((x) => [x]);
const call = (id: string, ...args: ArgValue[]) => invoke(findFunction(id)!, args);
const list = (xs: readonly number[]) => `{${xs.join(',')}}`;
/** Shares for the contract's second example: 0 for years 1–5, then 10 % a year. */
const FROM_YEAR_6 = [0, 0, 0, 0, 0, ...Array(10).fill(0.1)];
/**
 * The error of a formula whose arguments are wrong in number. When the spill size can be read
 * from literal arguments, the engine reserves it and repeats the error in every cell: read the
 * top-left one.
 */
/** Excel serial by the textbook rule (days since 30 Dec 1899), valid from 1 Mar 1900. */
const excelDate = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;

describe('REUSE.BOND.SCHEDULE', () => {
  describe('argument count', () => {
    it.each([
      ['REUSE.BOND.SCHEDULE(200000000,0.023)', 'takes 3 to 6 arguments (got 2)'],
      ['REUSE.BOND.SCHEDULE(200000000,0.023,15,2,,45000,1)', 'takes 3 to 6 arguments (got 7)'],
    ])('%s → #N/A %s', (f, m) => expectArityError(f, m));
  });

  describe('defaults', () => {
    it('payments_per_year is 2 from a 10-year term: 20 semiannual rows', () => {
      const m = evaluate('REUSE.BOND.SCHEDULE(1000,0.03,10)') as unknown[][];
      expect(m).toHaveLength(20);
      expectClose(m[0][1], 0.5);
      expectClose(m[0][3], 15); // 1000 × 3 % / 2
    });
    it('and 1 below 10 years: 9 annual rows', () => {
      const m = evaluate('REUSE.BOND.SCHEDULE(1000,0.03,9)') as unknown[][];
      expect(m).toHaveLength(9);
      expectClose(m[0][3], 30);
    });
    it('repayment defaults to bullet; an empty argument too', () => {
      const bullet = [
        [1, 1, 1000, 30, 0, 30, 1000],
        [2, 2, 1000, 30, 1000, 1030, 0],
      ];
      expectMatrixClose(evaluate('REUSE.BOND.SCHEDULE(1000,0.03,2)'), bullet);
      expectMatrixClose(evaluate('REUSE.BOND.SCHEDULE(1000,0.03,2,1,)'), bullet);
    });
    it('without issue_date the time column is years from issue', () => {
      const m = evaluate('REUSE.BOND.SCHEDULE(1000,0.03,2,2)') as number[][];
      expect(m.map((r) => r[1])).toEqual([0.5, 1, 1.5, 2]);
    });
  });

  describe('validation', () => {
    it.each([
      ['REUSE.BOND.SCHEDULE(-1,0.023,15)', 'principal: must be ≥ 0 (got -1)'],
      ['REUSE.BOND.SCHEDULE(1000,-0.01,15)', 'coupon_rate: must be ≥ 0 (got -0.01)'],
      ['REUSE.BOND.SCHEDULE(1000,1.5,15)', 'coupon_rate: must be ≤ 1 (got 1.5)'],
      ['REUSE.BOND.SCHEDULE(1000,0.023,0)', 'term_years: must be ≥ 1 (got 0)'],
      ['REUSE.BOND.SCHEDULE(1000,0.023,15.5)', 'term_years: must be a whole number (got 15.5)'],
      ['REUSE.BOND.SCHEDULE(1000,0.023,51)', 'term_years: must be ≤ 50 (got 51)'],
      ['REUSE.BOND.SCHEDULE(1000,0.023,"ten")', 'term_years: must be a number (got "ten")'],
      ['REUSE.BOND.SCHEDULE(1000,0.023,15,4)', 'payments_per_year: must be ≤ 2 (got 4)'],
      ['REUSE.BOND.SCHEDULE(1000,0.023,15,0)', 'payments_per_year: must be ≥ 1 (got 0)'],
      [
        'REUSE.BOND.SCHEDULE(1000,0.023,3,1,{0.5,0.5})',
        'repayment: needs 3 values, one per year of term_years (got 2)',
      ],
      ['REUSE.BOND.SCHEDULE(1000,0.023,3,1,{0.5,0.5,0.1})', 'repayment: must sum to 1 (got 1.1)'],
      ['REUSE.BOND.SCHEDULE(1000,0.023,3,1,{0.5,0.6,-0.1})', 'repayment: item 3 must be ≥ 0 (got -0.1)'],
      ['REUSE.BOND.SCHEDULE(1000,0.023,3,1,{0.5,"x",0.5})', 'repayment: item 2 must be a number (got "x")'],
      ['REUSE.BOND.SCHEDULE(1000,0.023,3,1,,0)', 'issue_date: must be ≥ 1 (got 0)'],
      ['REUSE.BOND.SCHEDULE(1000,0.023,3,1,,45000.5)', 'issue_date: must be a whole number (got 45000.5)'],
      ['REUSE.BOND.SCHEDULE(1000,0.023,3,1,,2958000)', 'issue_date: the last coupon date would fall after 31 Dec 9999'],
    ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));

    it('shares within 1e-9 of 1 are accepted; the last year repays the rest, so the balance still ends at 0', () => {
      const m = evaluate('REUSE.BOND.SCHEDULE(1000,0.02,2,1,{0.5,0.4999999999})') as number[][];
      expect(m[1][6]).toBe(0);
      expectClose(m[1][4], 500);
    });
  });

  describe('error pass-through', () => {
    it('an error in principal passes through unchanged', () =>
      expect(evaluate('REUSE.BOND.SCHEDULE(1/0,0.023,15)')).toMatchObject({ error: '#DIV/0!' }));
    it('an error inside the share list passes through', () =>
      expect(evaluate('REUSE.BOND.SCHEDULE(1000,0.023,2,1,{0.5,NA()})')).toMatchObject({ error: '#N/A' }));
  });

  describe('values', () => {
    // Rows: formula, expected total interest, source.
    it.each([
      ['REUSE.BOND.SCHEDULE(200000000,0.023,15)', 69_000_000, 'FUNCTIONS.md: bullet, 200 M × 2.3 % × 15'],
      ['REUSE.BOND.SCHEDULE(200000000,0.023,15,1)', 69_000_000, 'bullet interest is the same with annual coupons'],
      [
        `REUSE.BOND.SCHEDULE(200000000,0.023,15,1,${list(FROM_YEAR_6)})`,
        48_300_000,
        'FUNCTIONS.md: 6 × 4.6 M + 2.3 % × (180 + 160 + … + 20) M',
      ],
      [
        `REUSE.BOND.SCHEDULE(200000000,0.023,15,2,${list(FROM_YEAR_6)})`,
        48_300_000,
        'semiannual: two half coupons on the same balance within a year',
      ],
      [
        'REUSE.BOND.SCHEDULE(100000000,0.03,5,1,{0.2,0.2,0.2,0.2,0.2})',
        (100e6 * 0.03 * (5 + 4 + 3 + 2 + 1)) / 5,
        'equal repayment: balances 100, 80, … 20 M',
      ],
    ])('%s: total interest %d (%s)', (formula, interest) => {
      const m = evaluate(formula) as number[][];
      expectClose(
        m.reduce((s, r) => s + r[3], 0),
        interest
      );
    });

    it('semiannual bullet: every row by hand', () => {
      expectMatrixClose(evaluate('REUSE.BOND.SCHEDULE(1000,0.04,2,2)'), [
        [1, 0.5, 1000, 20, 0, 20, 1000],
        [2, 1, 1000, 20, 0, 20, 1000],
        [3, 1.5, 1000, 20, 0, 20, 1000],
        [4, 2, 1000, 20, 1000, 1020, 0],
      ]);
    });

    it('semiannual with a share list: principal only on the second coupon date of each year', () => {
      expectMatrixClose(evaluate('REUSE.BOND.SCHEDULE(1000,0.04,2,2,{0.25,0.75})'), [
        [1, 0.5, 1000, 20, 0, 20, 1000],
        [2, 1, 1000, 20, 250, 270, 750],
        [3, 1.5, 750, 15, 0, 15, 750],
        [4, 2, 750, 15, 750, 765, 0],
      ]);
    });

    it('a zero principal gives a table of zeros', () => {
      const m = evaluate('REUSE.BOND.SCHEDULE(0,0.03,3)') as number[][];
      for (const r of m) expect(r.slice(2)).toEqual([0, 0, 0, 0, 0]);
    });

    it('equal repayment as a share list: 1/term each year', () =>
      expectMatrixClose(evaluate('REUSE.BOND.DEBTSERVICE(300,0.1,3,1,{1,1,1}/3)'), [[130], [120], [110]]));

    it('the registry rule already maps the canonical keywords, for when the reader passes them', () => {
      const compute = findFunction('BOND.DEBTSERVICE')!.compute;
      const args = { principal: 300, coupon_rate: 0.1, term_years: 3, payments_per_year: 1 };
      expect(compute({ ...args, repayment: 'equal' })).toEqual([[130], [120], [110]]);
      expect(compute({ ...args, repayment: 'bullet' })).toEqual([[30], [30], [330]]);
    });

    it.each([
      ['"equal"', [[130], [120], [110]]],
      ['"等额还本"', [[130], [120], [110]]],
      ['"EQUAL"', [[130], [120], [110]]],
      ['"bullet"', [[30], [30], [330]]],
      ['"到期一次还本"', [[30], [30], [330]]],
    ])('accepts the keyword %s in the engine', (keyword, expected) =>
      expectMatrixClose(evaluate(`REUSE.BOND.DEBTSERVICE(300,0.1,3,1,${keyword})`), expected)
    );

    it('an unknown repayment keyword is #VALUE! listing the accepted ones', () =>
      expectError(
        'REUSE.BOND.DEBTSERVICE(300,0.1,3,1,"annuity")',
        '#VALUE!',
        'repayment: unknown option "annuity" (use "bullet"/"到期一次还本", "equal"/"等额还本")'
      ));

    it('core: the equal keyword repays principal / term each year', () => {
      const flows = bondCashFlows({
        principal: 300,
        couponRate: 0.1,
        termYears: 3,
        paymentsPerYear: 1,
        repayment: RepaymentKind.Equal,
      });
      if (isCalcError(flows)) throw new Error(flows.text());
      expect(flows.map((f) => f.principalRepaid)).toEqual([100, 100, 100]);
      expect(flows.map((f) => f.interest)).toEqual([30, 20, 10]);
    });
  });

  describe('dates', () => {
    it.each([
      [1, 1900, 1, 1, 'serial 1 is 1 Jan 1900'],
      [59, 1900, 2, 28, 'last real date before the bug'],
      [60, 1900, 2, 29, "Excel's fictitious 29 Feb 1900"],
      [61, 1900, 3, 1, 'from here serial = days since 30 Dec 1899'],
      [45169, 2023, 8, 31, 'Excel: 31 Aug 2023'],
      [45351, 2024, 2, 29, 'Excel: 29 Feb 2024'],
      [2958465, 9999, 12, 31, "Excel's last date"],
    ])('serial %d = %d-%d-%d (%s)', (serial, year, month, day) => {
      expect(serialToDate(serial)).toEqual({ year, month, day });
      expect(dateToSerial({ year, month, day })).toBe(serial);
    });

    it('serials round-trip and agree with days since 30 Dec 1899 over 1900–2200', () => {
      for (let s = 61; s < 110_000; s += 37) {
        expect(dateToSerial(serialToDate(s))).toBe(s);
        const { year, month, day } = serialToDate(s);
        expect(excelDate(year, month, day)).toBe(s);
      }
    });

    it.each([
      [[2023, 8, 31], 6, [2024, 2, 29], 'end of month into a leap February'],
      [[2024, 8, 31], 6, [2025, 2, 28], 'end of month into a common February'],
      [[2023, 8, 31], 12, [2024, 8, 31], 'counted from the issue date: no drift back from 28/29 Feb'],
      [[2024, 2, 29], 12, [2025, 2, 28], 'a leap-day issue in a common year'],
      [[2024, 2, 29], 48, [2028, 2, 29], 'and in the next leap year'],
      [[2023, 3, 15], 6, [2023, 9, 15], 'an ordinary half-year'],
      [[2023, 12, 31], 6, [2024, 6, 30], '31 Dec + 6 months = 30 Jun'],
    ])('%j + %d months = %j (%s)', ([y, m, d], months, [ey, em, ed]) => {
      expect(addMonths(excelDate(y, m, d), months)).toBe(excelDate(ey, em, ed));
    });

    it('semiannual coupon dates from 31 Aug 2023: 29 Feb 2024, 31 Aug 2024, 28 Feb 2025, 31 Aug 2025', () => {
      const m = evaluate(`REUSE.BOND.SCHEDULE(1000,0.04,2,2,,${excelDate(2023, 8, 31)})`) as number[][];
      expect(m.map((r) => r[1])).toEqual([
        excelDate(2024, 2, 29),
        excelDate(2024, 8, 31),
        excelDate(2025, 2, 28),
        excelDate(2025, 8, 31),
      ]);
    });

    it('annual coupon dates fall on the anniversaries', () => {
      const m = evaluate(`REUSE.BOND.SCHEDULE(1000,0.04,3,1,,${excelDate(2024, 6, 15)})`) as number[][];
      expect(m.map((r) => r[1])).toEqual([excelDate(2025, 6, 15), excelDate(2026, 6, 15), excelDate(2027, 6, 15)]);
    });

    it('an issue date from a cell (a date typed in the sheet) works like a serial', () => {
      const e = Engine.fromSheets({
        s: [[excelDate(2023, 8, 31), '=INDEX(REUSE.BOND.SCHEDULE(1000,0.04,1,2,,A1),2,2)']],
      });
      expect(e.hf.getCellValue({ sheet: 0, row: 0, col: 1 })).toBe(excelDate(2024, 8, 31));
      e.hf.destroy();
    });

    it('core: the schedule knows the bond year and year ends', () => {
      const s = buildSchedule(2, 2);
      if (isCalcError(s)) throw new Error('schedule');
      expect(s.map((p) => [p.bondYear, p.yearEnd])).toEqual([
        [1, false],
        [1, true],
        [2, false],
        [2, true],
      ]);
    });
  });
});

describe('REUSE.BOND.DEBTSERVICE', () => {
  it('argument count', () => expectArityError('REUSE.BOND.DEBTSERVICE(1,2,3,4,5,6)', 'takes 3 to 5 arguments (got 6)'));

  it.each([
    ['REUSE.BOND.DEBTSERVICE(1000,0.04,3,1)', [[40], [40], [1040]], 'bullet, annual'],
    ['REUSE.BOND.DEBTSERVICE(1000,0.04,3,2)', [[40], [40], [1040]], 'bullet, semiannual: two 20s per bond year'],
    [
      'REUSE.BOND.DEBTSERVICE(1000,0.04,3,2,{0.2,0.3,0.5})',
      [[240], [332], [520]],
      '1000, 800, 500 outstanding; 2 % per half-year',
    ],
    ['REUSE.BOND.DEBTSERVICE(900,0.1,3,1,{1,0,0})', [[990], [0], [0]], 'all repaid in year 1, nothing after'],
  ])('%s = %j (%s)', (formula, expected) => expectMatrixClose(evaluate(formula as string), expected as number[][]));

  it('sums to principal + total interest (FUNCTIONS.md: 200 M, 69 M and 48.3 M)', () => {
    expectClose(evaluate('SUM(REUSE.BOND.DEBTSERVICE(200000000,0.023,15))'), 269_000_000);
    expectClose(evaluate(`SUM(REUSE.BOND.DEBTSERVICE(200000000,0.023,15,1,${list(FROM_YEAR_6)}))`), 248_300_000);
  });

  it.each([
    [
      'REUSE.BOND.DEBTSERVICE(1000,0.023,3,1,{0.5,0.5})',
      'repayment: needs 3 values, one per year of term_years (got 2)',
    ],
    ['REUSE.BOND.DEBTSERVICE(1000,0.023,3,3)', 'payments_per_year: must be ≤ 2 (got 3)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('REUSE.BOND.COVERAGE', () => {
  it('argument count', () => expectError('REUSE.BOND.COVERAGE({1})', '#N/A', 'takes 2 arguments (got 1)'));
  it.each([
    ['REUSE.BOND.COVERAGE({322800000},{269000000})', 1.2, 'FUNCTIONS.md CAPACITY example read the other way'],
    ['REUSE.BOND.COVERAGE({60;70;80},{50,50})', 2.1, 'lists of different lengths and shapes: only sums count'],
    ['REUSE.BOND.COVERAGE({-10,40},{10,0,5})', 2, 'a negative revenue year counts in the sum'],
  ])('%s = %d (%s)', (f, expected) => expectClose(evaluate(f as string), expected as number));
  it.each([
    ['REUSE.BOND.COVERAGE({100},{0,0})', 'debt_service: the total must be > 0 (got 0)'],
    ['REUSE.BOND.COVERAGE({100},{10,-5})', 'debt_service: item 2 must be ≥ 0 (got -5)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
  it('an empty cell in the middle of a range is an error; empty cells at the end are ignored', () => {
    const e = Engine.fromSheets({
      s: [
        [100, 10, '=REUSE.BOND.COVERAGE(A1:A3,B1:B4)'],
        [null, 10],
        [3, null],
        [null, null],
      ],
    });
    const v = e.hf.getCellValue({ sheet: 0, row: 0, col: 2 });
    expect(isEngineError(v) && v.message).toBe('net_revenues: empty cell in the middle of the list (item 2)');
    e.hf.setCellContents({ sheet: 0, row: 1, col: 0 }, [[0]]);
    expectClose(e.hf.getCellValue({ sheet: 0, row: 0, col: 2 }), 103 / 20);
    e.hf.destroy();
  });

  it('composes with DEBTSERVICE like a built-in (array argument, and with the term in a cell)', () => {
    expectClose(evaluate('REUSE.BOND.COVERAGE({322800000},REUSE.BOND.DEBTSERVICE(200000000,0.023,15))'), 1.2);
    const e = Engine.fromSheets({
      s: [[15, 322_800_000, '=REUSE.BOND.COVERAGE(B1,REUSE.BOND.DEBTSERVICE(200000000,0.023,A1))']],
    });
    expectClose(e.hf.getCellValue({ sheet: 0, row: 0, col: 2 }), 1.2);
    e.hf.destroy();
  });
});

describe('REUSE.BOND.CAPACITY', () => {
  it('argument count', () => expectError('REUSE.BOND.CAPACITY({1},0.02)', '#N/A', 'takes 3 to 6 arguments (got 2)'));
  it('coverage defaults to REUSE.POLICY("bond.coverage_min")', () => {
    expect(policyNumber('bond.coverage_min')).toBe(1.2);
    expectClose(evaluate('REUSE.BOND.CAPACITY({322800000},0.023,15)'), 200_000_000);
    expectClose(evaluate('REUSE.BOND.CAPACITY({322800000},0.023,15,)'), 200_000_000);
  });
  it.each([
    ['REUSE.BOND.CAPACITY({322800000},0.023,15,1.2,2)', 200_000_000, 'FUNCTIONS.md: 322.8 M / (1.2 × 1.345)'],
    ['REUSE.BOND.CAPACITY({100000000,100000000,122800000},0.023,15,1.2,1)', 200_000_000, 'only the sum counts'],
    ['REUSE.BOND.CAPACITY({269000000},0.023,15,1)', 200_000_000, 'coverage 1: revenue equals debt service'],
    [
      `REUSE.BOND.CAPACITY({289800000},0.023,15,1.2,1,${list(FROM_YEAR_6)})`,
      289.8e6 / (1.2 * 1.2415),
      '10 % from year 6: debt service per yuan 1 + 48.3/200',
    ],
    ['REUSE.BOND.CAPACITY({-5,3},0.023,15)', 0, 'revenue that sums to ≤ 0 supports no bond'],
  ])('%s = %d (%s)', (f, expected) => expectClose(evaluate(f as string), expected as number));
  it.each([
    ['REUSE.BOND.CAPACITY({1},0.023,15,0)', 'coverage: must be > 0 (got 0)'],
    ['REUSE.BOND.CAPACITY({1},0.023,15,1.2,1,{1})', 'repayment: needs 15 values, one per year of term_years (got 1)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('REUSE.BOND.DSCR', () => {
  it.each([
    ['REUSE.BOND.DSCR({130;150;90},{100;100;0})', [[1.3], [1.5], ['']], 'hand calculation; "" where debt service is 0'],
    [
      'REUSE.BOND.DSCR({130,150,90,80},{100,50})',
      [[1.3], [3], [''], ['']],
      'shorter debt service: later years have none',
    ],
    ['REUSE.BOND.DSCR({130;150},{100;50;0;0})', [[1.3], [3]], 'longer debt service is fine when the extra years are 0'],
    ['REUSE.BOND.DSCR({-20;150},{100;50})', [[-0.2], [3]], 'negative cash flow gives a negative ratio'],
  ])('%s (%s)', (f, expected) => expectMatrixClose(evaluate(f as string), expected as (number | string)[][]));
  it.each([
    ['REUSE.BOND.DSCR({130;150},{100;50;20})', 'debt_service: item 3 is 20 but cfads has only 2 value(s)'],
    ['REUSE.BOND.DSCR({130;150},{100;-50})', 'debt_service: item 2 must be ≥ 0 (got -50)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
  it('lines up with DEBTSERVICE in a formula', () => {
    expectMatrixClose(evaluate('REUSE.BOND.DSCR({13.8;13.8;13.8},REUSE.BOND.DEBTSERVICE(20,0.03,3,1,{0.2,0.3,0.5}))'), [
      [13.8 / 4.6],
      [13.8 / 6.48],
      [13.8 / 10.3], // 4 + 0.6; 6 + 0.48; 10 + 0.3
    ]);
  });
});

describe('REUSE.BOND.LLCR', () => {
  it.each([
    ['REUSE.BOND.LLCR({110,110},0.1,100)', (100 + 110 / 1.21) / 100, 'hand calculation: first value one period out'],
    ['REUSE.BOND.LLCR({50,50,50},0,100)', 1.5, 'at r = 0 it is Σ cfads / debt'],
  ])('%s = %d (%s)', (f, expected) => expectClose(evaluate(f as string), expected as number));
  it.each([
    ['REUSE.BOND.LLCR({110,110},0.1,0)', 'debt_outstanding: must be > 0 (got 0)'],
    ['REUSE.BOND.LLCR({110,110},-1,100)', 'discount_rate: must be > -1 (got -1)'],
  ])('%s → #VALUE! %s', (f, m) => expectError(f, '#VALUE!', m));
});

describe('properties over generated bonds', () => {
  const rand = prng(20230531);
  const cases = Array.from({ length: 300 }, (_, i) => {
    const term = 1 + Math.floor(rand() * 30);
    const ppy = rand() < 0.5 ? 1 : 2;
    const principal = Math.round(1e6 + rand() * 5e8);
    const coupon = Math.round(rand() * 600) / 10_000; // 0 … 6 %
    const kind = i % 3;
    let shares: number[] | undefined;
    if (kind === 2) {
      const w = Array.from({ length: term }, () => (rand() < 0.3 ? 0 : rand()));
      w[term - 1] += 0.01;
      const s = w.reduce((a, b) => a + b, 0);
      shares = w.map((x) => x / s);
    } else if (kind === 1) shares = Array(term).fill(1 / term);
    return { term, ppy, principal, coupon, shares };
  });
  const rep = (shares?: number[]) => (shares ? [shares] : undefined);

  it.each(cases.map((c, i) => [i, c] as const))(
    'case %d: balances, totals and SCHEDULE = DEBTSERVICE per year',
    (_, c) => {
      const m = call('BOND.SCHEDULE', c.principal, c.coupon, c.term, c.ppy, rep(c.shares)) as number[][];
      const ds = call('BOND.DEBTSERVICE', c.principal, c.coupon, c.term, c.ppy, rep(c.shares)) as number[][];
      expect(m).toHaveLength(c.term * c.ppy);
      expect(ds).toHaveLength(c.term);
      // Closing balance of the last period is exactly 0; Σ principal repaid = principal.
      expect(m[m.length - 1][6]).toBe(0);
      expectClose(
        m.reduce((s, r) => s + r[4], 0),
        c.principal
      );
      // Each opening balance is the previous closing balance.
      for (let k = 1; k < m.length; k++) expect(m[k][2]).toBe(m[k - 1][6]);
      // SCHEDULE's debt service per year, grouped by ceil(period / ppy), equals DEBTSERVICE.
      const perYear = new Array(c.term).fill(0);
      for (const r of m) perYear[Math.ceil(r[0] / c.ppy) - 1] += r[5];
      perYear.forEach((x, y) => expectClose(ds[y][0], x, 1e-9, 1e-6));
      // Total interest by a closed form on the shares: Σ_y coupon × principal × (1 − Σ_{i<y} s_i).
      const s = c.shares ?? [...Array(c.term - 1).fill(0), 1];
      let before = 0;
      let interest = 0;
      for (let y = 0; y < c.term; y++) {
        interest += c.coupon * c.principal * Math.max(0, 1 - before);
        before += s[y];
      }
      expectClose(
        m.reduce((t, r) => t + r[3], 0),
        interest,
        1e-9,
        1e-4
      );
    }
  );

  it.each(cases.slice(0, 120).map((c, i) => [i, c] as const))(
    'case %d: CAPACITY gives exactly the target coverage',
    (_, c) => {
      const revenues = Array.from({ length: c.term + 3 }, () => 1e6 + rand() * 4e7);
      const target = 1 + rand();
      const p = call('BOND.CAPACITY', col(revenues), c.coupon, c.term, target, c.ppy, rep(c.shares)) as number;
      expect(typeof p).toBe('number');
      const ds = call('BOND.DEBTSERVICE', p, c.coupon, c.term, c.ppy, rep(c.shares)) as Matrix;
      expectClose(call('BOND.COVERAGE', col(revenues), ds), target);
      // A slightly larger bond breaks the target.
      const ds2 = call('BOND.DEBTSERVICE', p * (1 + 1e-6), c.coupon, c.term, c.ppy, rep(c.shares)) as Matrix;
      expect((call('BOND.COVERAGE', col(revenues), ds2) as number) < target).toBe(true);
    }
  );

  it('core: capacity agrees with the closed form for bullet bonds, 1 / (1 + c × n)', () => {
    for (let i = 0; i < 200; i++) {
      const n = 1 + Math.floor(rand() * 30);
      const c = rand() * 0.06;
      const revenue = 1e8 * (1 + rand());
      const p = bondCapacity([revenue], c, n, 1.2, rand() < 0.5 ? 1 : 2, RepaymentKind.Bullet);
      expect(close(p, revenue / (1.2 * (1 + c * n)))).toBe(true);
    }
  });

  it('a few generated bonds through the real engine agree with invoke', () => {
    for (const c of cases.slice(0, 8)) {
      const shares = c.shares ? `,${list(c.shares)}` : '';
      const formula = `REUSE.BOND.DEBTSERVICE(${c.principal},${c.coupon},${c.term},${c.ppy}${shares})`;
      const viaEngine = evaluate(formula) as number[][];
      const direct = call('BOND.DEBTSERVICE', c.principal, c.coupon, c.term, c.ppy, rep(c.shares)) as number[][];
      expectMatrixClose(viaEngine, direct);
    }
  });
});

describe('scenario: a 15-year special bond with 10 % a year repaid from year 6', () => {
  it('200 M at 2.3 %, annual coupons: debt service by year, total interest 48.3 M, coverage and capacity agree', () => {
    // Years 1–5: interest only, 4.6 M. Year 6: 4.6 M + 20 M. Year y ≥ 7: 2.3 % × (200 − 20 (y − 6)) M + 20 M.
    const expected = Array.from({ length: 15 }, (_, i) => {
      const y = i + 1;
      if (y <= 5) return 4.6e6;
      const outstanding = 200e6 - 20e6 * (y - 6);
      return 0.023 * outstanding + 20e6;
    });
    const ds = evaluate(`REUSE.BOND.DEBTSERVICE(200000000,0.023,15,1,${list(FROM_YEAR_6)})`) as number[][];
    expectMatrixClose(
      ds,
      expected.map((x) => [x])
    );
    expectClose(expected.reduce((a, b) => a + b, 0) - 200e6, 48.3e6);
    // Revenue of 25 M a year for 15 years: coverage 375 / 248.3.
    const revenue = `{${Array(15).fill(25e6).join(',')}}`;
    expectClose(
      evaluate(`REUSE.BOND.COVERAGE(${revenue},REUSE.BOND.DEBTSERVICE(200000000,0.023,15,1,${list(FROM_YEAR_6)}))`),
      375 / 248.3
    );
    expectClose(
      evaluate(`REUSE.BOND.CAPACITY(${revenue},0.023,15,1.2,1,${list(FROM_YEAR_6)})`),
      375e6 / (1.2 * 1.2415)
    );
    // Minimum DSCR falls in year 6 (24.6 M of debt service).
    expectClose(
      evaluate(`MIN(REUSE.BOND.DSCR(${revenue},REUSE.BOND.DEBTSERVICE(200000000,0.023,15,1,${list(FROM_YEAR_6)})))`),
      25 / 24.6
    );
  });

  it('core: debt service per year from the same flows as the schedule', () => {
    const flows = bondCashFlows({
      principal: 200e6,
      couponRate: 0.023,
      termYears: 15,
      paymentsPerYear: 2,
      repayment: FROM_YEAR_6,
    });
    if (isCalcError(flows)) throw new Error(flows.text());
    expectClose(debtServiceByYear(flows)[5], 24.6e6);
  });

  it('messages come in Chinese for a zh-CN engine', () => {
    const v = Engine.evaluate('REUSE.BOND.SCHEDULE(1000,0.023,3,1,{0.5,0.5})', { lang: 'zh-CN' });
    expect(isEngineError(v) && v.message).toContain('repayment：需要与 term_years 逐年对应的 3 个值（收到 2 个）');
  });
});
