/**
 * Built-ins against Excel. Expected values come from the examples on Microsoft's function pages
 * (named per row, e.g. "MS: ROUND function") or from independent reasoning written next to the
 * row; dates are counted here with `Date.UTC`, not with the engine. Every built-in HyperFormula
 * registers is either verified here (a row below) or listed in UNVERIFIED_FUNCTIONS.
 */
import { readFileSync } from 'fs';
import path from 'path';
import { HyperFormula } from 'hyperformula';
import { Engine, isEngineError, registerReuseFunctions } from '../../src/engine/engine';
import {
  OVERRIDDEN_FUNCTIONS,
  UNVERIFIED_FUNCTIONS,
  excelCompatibilityDoc,
  VERIFIED_FUNCTIONS,
  VOLATILE_FUNCTIONS,
  roundExcel,
  unverifiedFunctionsIn,
} from '../../src/engine/excel-builtins';
import { ABS, REL, expectClose } from '../helpers/tolerance';

/** Excel's 1900 serial of a date after 1900-02-28, counted independently of the engine. */
const serial = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;

/** Money figures that Microsoft's pages print to the cent. */
const CENT = 0.005;
/** Rates Microsoft's pages print to a tenth of a percent. */
const TENTH_PERCENT = 0.0005;

type Expected = number | string | boolean | { error: string };
/** formula, expected, absolute tolerance for numbers (default: exact up to ABS/REL), source. */
type Case = [formula: string, expected: Expected, source: string, abs?: number];

const THIS_YEAR = new Date().getFullYear();

/** The verified built-ins: each key has at least one case. */
const CASES: Record<string, Case[]> = {
  INT: [
    ['INT(8.9)', 8, 'MS: INT function'],
    ['INT(-8.9)', -9, 'MS: INT function ("rounds down to the nearest integer")'],
    ['INT(-2.5)', -3, 'rounds toward −∞; HyperFormula truncated to −2'],
    ['INT(5)', 5, 'an integer is itself'],
  ],
  ROUND: [
    ['ROUND(2.15, 1)', 2.2, 'MS: ROUND function'],
    ['ROUND(2.149, 1)', 2.1, 'MS: ROUND function'],
    ['ROUND(-1.475, 2)', -1.48, 'MS: ROUND function'],
    ['ROUND(21.5, -1)', 20, 'MS: ROUND function'],
    ['ROUND(626.3, -3)', 1000, 'MS: ROUND function'],
    ['ROUND(1.98, -1)', 0, 'MS: ROUND function'],
    ['ROUND(-50.55, -2)', -100, 'MS: ROUND function'],
    ['ROUND(0.285, 2)', 0.29, '0.285 to 15 digits is 0.285000000000000, half away → 0.29 (HyperFormula: 0.28)'],
    ['ROUND(1.005, 2)', 1.01, '1.005 to 15 digits, half away → 1.01 (HyperFormula: 1)'],
    ['ROUND(-2.5, 0)', -3, 'half away from zero'],
    ['ROUND(2.5, 0)', 3, 'half away from zero, not to even'],
    ['ROUND(2.15, 1.9)', 2.2, 'MS: ROUND function — num_digits is truncated to 1'],
  ],
  ROUNDUP: [
    ['ROUNDUP(3.2, 0)', 4, 'MS: ROUNDUP function'],
    ['ROUNDUP(76.9, 0)', 77, 'MS: ROUNDUP function'],
    ['ROUNDUP(3.14159, 3)', 3.142, 'MS: ROUNDUP function'],
    ['ROUNDUP(-3.14159, 1)', -3.2, 'MS: ROUNDUP function'],
    ['ROUNDUP(31415.92654, -2)', 31500, 'MS: ROUNDUP function'],
    ['ROUNDUP(0.1 + 0.2, 1)', 0.3, '0.30000000000000004 to 15 digits is 0.3: nothing to round up'],
  ],
  ROUNDDOWN: [
    ['ROUNDDOWN(3.2, 0)', 3, 'MS: ROUNDDOWN function'],
    ['ROUNDDOWN(76.9, 0)', 76, 'MS: ROUNDDOWN function'],
    ['ROUNDDOWN(3.14159, 3)', 3.141, 'MS: ROUNDDOWN function'],
    ['ROUNDDOWN(-3.14159, 1)', -3.1, 'MS: ROUNDDOWN function'],
    ['ROUNDDOWN(31415.92654, -2)', 31400, 'MS: ROUNDDOWN function'],
    ['ROUNDDOWN(0.7 * 100, 0)', 70, '70.00000000000001 to 15 digits is 70'],
  ],
  DATEDIF: [
    ['DATEDIF(DATE(2001,1,1), DATE(2003,1,1), "Y")', 2, 'MS: DATEDIF function'],
    ['DATEDIF(DATE(2001,6,1), DATE(2002,8,15), "D")', 440, 'MS: DATEDIF function'],
    ['DATEDIF(DATE(2001,6,1), DATE(2002,8,15), "YD")', 75, 'MS: DATEDIF function'],
    ['DATEDIF(DATE(2001,1,1), DATE(2003,1,1), "y")', 2, 'units are case-insensitive (HyperFormula: #NUM!)'],
    ['DATEDIF(DATE(2001,6,1), DATE(2002,8,15), "m")', 14, 'June 2001 → August 2002: 14 complete months'],
    ['DATEDIF(DATE(2011,1,31), DATE(2011,2,28), "m")', 0, 'the 31st has not come round in February: no complete month'],
    ['DATEDIF(DATE(2011,1,31), DATE(2011,3,31), "M")', 2, 'two complete months'],
    ['DATEDIF(DATE(2001,6,1), DATE(2002,8,15), "ym")', 2, 'June → August ignoring years'],
    ['DATEDIF(DATE(2001,6,20), DATE(2002,8,15), "ym")', 1, 'June 20 → August 15: one complete month'],
    ['DATEDIF(DATE(2001,6,1), DATE(2002,8,15), "md")', 14, '1st → 15th ignoring months'],
    [
      'DATEDIF(DATE(2011,1,31), DATE(2011,3,1), "MD")',
      -2,
      'MS: DATEDIF function warns "MD" can be negative: 28 (Feb) + 1 − 31',
    ],
    [
      'DATEDIF(DATE(2001,9,1), DATE(2002,8,15), "yd")',
      serial(2002, 8, 15) - serial(2001, 9, 1),
      'anniversary not reached: days since the 2001 anniversary',
    ],
    ['DATEDIF(DATE(2000,1,1), DATE(2000,1,1), "d")', 0, 'same day'],
    [
      'DATEDIF(DATE(2003,1,1), DATE(2001,1,1), "Y")',
      { error: '#NUM!' },
      'MS: DATEDIF function — start after end is #NUM!',
    ],
    ['DATEDIF(DATE(2001,1,1), DATE(2003,1,1), "W")', { error: '#NUM!' }, 'unknown unit is #NUM!'],
  ],
  DATEVALUE: [
    ['DATEVALUE("8/22/2011")', 40777, 'MS: DATEVALUE function'],
    ['DATEVALUE("22-MAY-2011")', 40685, 'MS: DATEVALUE function'],
    ['DATEVALUE("2011/02/23")', 40597, 'MS: DATEVALUE function'],
    ['DATEVALUE("5-JUL")', serial(THIS_YEAR, 7, 5), 'MS: DATEVALUE function — no year means the current year'],
    ['DATEVALUE("2025-07-01")', serial(2025, 7, 1), 'ISO date (HyperFormula: #VALUE!)'],
    ['DATEVALUE("July 1, 2025")', serial(2025, 7, 1), 'long en-US date'],
    ['DATEVALUE("2025-07-01 18:00")', serial(2025, 7, 1), 'MS: DATEVALUE function — time information is ignored'],
    ['DATEVALUE("2/30/2011")', { error: '#VALUE!' }, 'no 30 February'],
    ['DATEVALUE("hello")', { error: '#VALUE!' }, 'not a date'],
  ],
  VALUE: [
    ['VALUE("$1,000")', 1000, 'MS: VALUE function'],
    ['VALUE("16:48:00")-VALUE("12:00:00")', 0.2, 'MS: VALUE function (4 h 48 min)', 1e-12],
    ['VALUE("1,234")', 1234, 'thousands separator (HyperFormula: #VALUE!)'],
    ['VALUE("1,234,567.5")', 1234567.5, 'thousands separators with decimals'],
    ['VALUE("12%")', 0.12, 'percent'],
    ['VALUE("(1,000)")', -1000, 'accounting negative'],
    ['VALUE("-1.5E3")', -1500, 'exponent'],
    ['VALUE(" 42 ")', 42, 'spaces around'],
    ['VALUE("2025-07-01")', serial(2025, 7, 1), 'a date text becomes its serial'],
    ['VALUE("4:48 PM")', 0.7, '16:48', 1e-12],
    ['VALUE("abc")', { error: '#VALUE!' }, 'not a number'],
  ],
  TEXT: [
    ['TEXT(1234.567, "$#,##0.00")', '$1,234.57', 'MS: TEXT function'],
    ['TEXT(0.285, "0.0%")', '28.5%', 'MS: TEXT function'],
    ['TEXT(1234.567, "0.00E+00")', '1.23E+03', 'MS: TEXT function'],
    ['TEXT(4.34, "# ?/?")', '4 1/3', 'MS: TEXT function'],
    ['TEXT(1234.567, "#,##0.00")', '1,234.57', 'grouping (HyperFormula: "1235,##0.00")'],
    ['TEXT(0.285, "0.00%")', '28.50%', 'percent (HyperFormula: "0.28%")'],
    ['TEXT(2.5, "0")', '3', 'half away from zero'],
    ['TEXT(0.25, "0.0")', '0.3', 'half away from zero'],
    ['TEXT(0.285, "0.00")', '0.29', 'decimal rounding as ROUND'],
    ['TEXT(DATE(2025,7,1), "yyyy-mm-dd")', '2025-07-01', 'ISO date'],
    ['TEXT(1234.5, "#,##0")', '1,235', 'grouping, no decimals'],
    ['TEXT(-1234.5, "#,##0")', '-1,235', 'negative, half away'],
    ['TEXT("1234.5", "#,##0.0")', '1,234.5', 'text that reads as a number is formatted as one'],
  ],
  ABS: [
    ['ABS(-4)', 4, 'MS: ABS function'],
    ['ABS(2)', 2, 'MS: ABS function'],
  ],
  AND: [
    ['AND(1 > 0, 2 > 1)', true, 'both true'],
    ['AND(1 > 0, 2 < 1)', false, 'one false'],
  ],
  AVERAGE: [['AVERAGE(10, 7, 9, 27, 2)', 11, 'MS: AVERAGE function']],
  CONCATENATE: [
    [
      'CONCATENATE("Stream population for ", "brook trout", " species is ", 32, "/mile")',
      'Stream population for brook trout species is 32/mile',
      'MS: CONCATENATE function',
    ],
  ],
  COUNT: [['COUNT({1, 2, "a"})', 2, 'text in an array is not counted']],
  DATE: [
    ['DATE(2008, 1, 1)', 39448, 'MS: DATE function ("January 1, 2008 is serial number 39448")'],
    ['DATE(2025, 14, 1)', serial(2026, 2, 1), 'MS: DATE function — months past 12 roll into the next year'],
  ],
  DAY: [['DAY(DATE(2008, 7, 5))', 5, 'day of the month']],
  EDATE: [
    ['EDATE(DATE(2011,1,15), 1)', serial(2011, 2, 15), 'MS: EDATE function'],
    ['EDATE(DATE(2011,1,15), -1)', serial(2010, 12, 15), 'MS: EDATE function'],
    ['EDATE(DATE(2011,1,31), 1)', serial(2011, 2, 28), 'end of a shorter month'],
  ],
  EOMONTH: [
    ['EOMONTH(DATE(2011,1,1), 1)', serial(2011, 2, 28), 'MS: EOMONTH function'],
    ['EOMONTH(DATE(2011,1,1), -3)', serial(2010, 10, 31), 'MS: EOMONTH function'],
  ],
  FV: [['FV(0.06/12, 10, -200, -500, 1)', 2581.4, 'MS: FV function', CENT]],
  IF: [
    ['IF(1 > 2, "a", "b")', 'b', 'false branch'],
    ['IF(2 > 1, 10, 20)', 10, 'true branch'],
  ],
  IFERROR: [
    ['IFERROR(1/0, "x")', 'x', 'error replaced'],
    ['IFERROR(3, "x")', 3, 'value kept'],
  ],
  IRR: [
    ['IRR({-70000, 12000, 15000, 18000, 21000})', -0.021, 'MS: IRR function (−2.1 %)', TENTH_PERCENT],
    ['IRR({-70000, 12000, 15000, 18000, 21000, 26000})', 0.087, 'MS: IRR function (8.7 %)', TENTH_PERCENT],
  ],
  LEFT: [
    ['LEFT("Sale Price", 4)', 'Sale', 'MS: LEFT function'],
    ['LEFT("Sweden")', 'S', 'MS: LEFT function'],
  ],
  LEN: [
    ['LEN("Phoenix, AZ")', 11, 'MS: LEN function'],
    ['LEN("")', 0, 'MS: LEN function'],
  ],
  MAX: [['MAX(10, 7, 9, 27, 2)', 27, 'MS: MAX function']],
  MIN: [['MIN(10, 7, 9, 27, 2)', 2, 'MS: MIN function']],
  MOD: [
    ['MOD(3, 2)', 1, 'MS: MOD function'],
    ['MOD(-3, 2)', 1, 'MS: MOD function'],
    ['MOD(3, -2)', -1, 'MS: MOD function'],
    ['MOD(-3, -2)', -1, 'MS: MOD function'],
  ],
  MONTH: [['MONTH(DATE(2008, 7, 5))', 7, 'month of the year']],
  NOT: [['NOT(1 > 2)', true, 'negation']],
  NPV: [['NPV(0.1, -10000, 3000, 4200, 6800)', 1188.44, 'MS: NPV function', CENT]],
  OR: [
    ['OR(1 > 2, 2 > 1)', true, 'one true'],
    ['OR(1 > 2, 2 < 1)', false, 'none true'],
  ],
  PMT: [['PMT(0.08/12, 10, 10000)', -1037.03, 'MS: PMT function', CENT]],
  POWER: [
    ['POWER(5, 2)', 25, 'MS: POWER function'],
    ['POWER(98.6, 3.2)', 2401077.222, 'MS: POWER function', 0.001],
    ['POWER(4, 5/4)', 5.656854249, 'MS: POWER function', 1e-9],
  ],
  PV: [['PV(0.08/12, 12*20, 500, , 0)', -59777.15, 'MS: PV function', CENT]],
  SQRT: [
    ['SQRT(16)', 4, 'MS: SQRT function'],
    ['SQRT(-16)', { error: '#NUM!' }, 'MS: SQRT function'],
  ],
  SUM: [['SUM(3, 2)', 5, 'MS: SUM function']],
  // Dates 2008-01-01, 2008-03-01, 2008-10-30, 2009-02-15, 2009-04-01 as serials (Date.UTC from 1899-12-30).
  XNPV: [
    ['XNPV(0.09, {-10000,2750,4250,3250,2750}, {39448,39508,39751,39859,39904})', 2086.65, 'MS: XNPV function', CENT],
    ['XNPV(0.09, {-10000,2750}, {39448,39400})', { error: '#NUM!' }, 'MS: a date before the first date'],
  ],
  SUMPRODUCT: [['SUMPRODUCT({3,4;8,6;1,9}, {2,7;6,7;5,3})', 156, 'MS: SUMPRODUCT function']],
  YEAR: [['YEAR(DATE(2008, 7, 5))', 2008, 'MS: YEAR function']],
  TRUE: [
    ['TRUE()', true, 'MS: TRUE function'],
    ['TRUE', true, 'bare TRUE (a defined name calling TRUE())'],
  ],
  FALSE: [
    ['FALSE()', false, 'MS: FALSE function'],
    ['FALSE', false, 'bare FALSE (a defined name calling FALSE())'],
  ],
};

const ROWS = Object.entries(CASES).flatMap(([fn, cases]) =>
  cases.map(([formula, expected, source, abs]) => ({ fn, formula, expected, source, abs }))
);

describe('built-ins evaluate as in Excel', () => {
  it.each(ROWS)('$formula → $expected ($source)', ({ formula, expected, abs }) => {
    const actual = Engine.evaluate(formula);
    if (typeof expected === 'object') {
      expect(isEngineError(actual)).toBe(true);
      expect((actual as { value: string }).value).toBe(expected.error);
    } else if (typeof expected === 'number') {
      expectClose(actual, expected, abs === undefined ? REL : 0, abs ?? ABS);
    } else {
      expect(actual).toBe(expected);
    }
  });
});

describe('XNPV over dates that are formulas (=DATE(…)), as a cash-flow sheet has them', () => {
  it("gives Microsoft's 2 086.65, where HyperFormula's own gave #VALUE!", () => {
    const dates = [
      [2008, 1, 1],
      [2008, 3, 1],
      [2008, 10, 30],
      [2009, 2, 15],
      [2009, 4, 1],
    ];
    const values = [-10000, 2750, 4250, 3250, 2750];
    const rows: (number | string)[][] = values.map((v, i) => [v, `=DATE(${dates[i].join(',')})`]);
    const engine = Engine.fromSheets({ S: [...rows, ['=XNPV(0.09,A1:A5,B1:B5)']] });
    try {
      expectClose(engine.hf.getCellValue({ sheet: 0, row: 5, col: 0 }), 2086.65, 0, CENT);
    } finally {
      engine.hf.destroy();
    }
  });
});

describe('roundExcel', () => {
  it.each([
    [0.285, 2, 'half-away', 0.29],
    [-0.285, 2, 'half-away', -0.29],
    [5, -1, 'half-away', 10],
    [5, -2, 'half-away', 0],
    [5, -2, 'up', 100],
    [1e300, 2, 'half-away', 1e300],
    [123.456, 20, 'down', 123.456],
    [0, 3, 'up', 0],
  ] as const)('roundExcel(%p, %p, %p) = %p', (x, d, mode, expected) => {
    expect(roundExcel(x, d, mode)).toBe(expected);
  });
});

describe('every HyperFormula built-in is verified or listed as unverified', () => {
  registerReuseFunctions();
  const builtins = HyperFormula.getRegisteredFunctionNames('enGB').filter((n) => !n.startsWith('REUSE.'));
  const verified = new Set(Object.keys(CASES));

  it('the verified set here is the one the source claims', () => {
    expect([...verified].sort()).toEqual([...VERIFIED_FUNCTIONS].sort());
    for (const fn of verified) expect(CASES[fn].length).toBeGreaterThan(0);
  });

  it.each(builtins)('%s', (name) => {
    expect(verified.has(name) !== UNVERIFIED_FUNCTIONS.has(name)).toBe(true);
  });

  it('lists nothing HyperFormula does not register', () => {
    const all = new Set(builtins);
    for (const name of [...UNVERIFIED_FUNCTIONS, ...verified]) expect(all.has(name)).toBe(true);
  });

  it('the overrides are ours, not HyperFormula’s', () => {
    for (const name of OVERRIDDEN_FUNCTIONS)
      expect(HyperFormula.getFunctionPlugin(name)?.name).toBe('ExcelBuiltinsPlugin');
  });
});

describe('unverifiedFunctionsIn', () => {
  it.each([
    ['=IF(A1, XIRR(B1:B3, C1:C3), 0)', ['XIRR']],
    ['=SUM(A1:A3) + ROUND(B1, 2)', []],
    ['="XIRR(" & "NPER(1,2,3)"', []],
    ['="say ""XIRR(""" & nper(0.1, -1, 10)', ['NPER']],
    ['=xirr(A1:A2,B1:B2)+XIRR(A1:A2,B1:B2)', ['XIRR']],
    ["='XIRR(1)'!A1 + VLOOKUP(1, A1:B2, 2)", ['VLOOKUP']],
    ['=_xlfn.XLOOKUP(1, A1:A3, B1:B3)', ['XLOOKUP']],
    ['=MYXIRR(1)', []],
    ['=XIRR (A1:A2, B1:B2)', []],
  ])('%s → %p', (formula, expected) => {
    expect(unverifiedFunctionsIn(formula)).toEqual(expected);
  });
});

describe('VOLATILE_FUNCTIONS', () => {
  it('holds the functions Excel recalculates on every change', () => {
    expect([...VOLATILE_FUNCTIONS].sort()).toEqual([
      'CELL',
      'INDIRECT',
      'INFO',
      'NOW',
      'OFFSET',
      'RAND',
      'RANDBETWEEN',
      'TODAY',
    ]);
  });
});

describe('docs/excel-compatibility.md', () => {
  it('is up to date (run `npm run docs:excel` after changing the lists)', () => {
    const committed = readFileSync(path.resolve(__dirname, '../../docs/excel-compatibility.md'), 'utf8');
    expect(committed).toBe(excelCompatibilityDoc());
  });
});
