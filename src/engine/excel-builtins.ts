/**
 * Excel-exact versions of built-ins where HyperFormula 3.5 computes something else, and the
 * list of built-ins we have not checked against Excel.
 *
 * Overrides (registered over HyperFormula's own, same names, same argument tables):
 * - INT rounds toward −∞ (`INT(-2.5)` = −3; HyperFormula truncates).
 * - ROUND, ROUNDUP, ROUNDDOWN round the number's 15-significant-digit decimal form, as Excel
 *   does (`ROUND(0.285,2)` = 0.29, `ROUND(1.005,2)` = 1.01; binary scaling gives 0.28 and 1).
 * - DATEDIF accepts its unit in any case ("m" as well as "M") and follows Microsoft's rules,
 *   including the documented oddity of "MD" (it may be negative).
 * - DATEVALUE and VALUE read text as Excel en-US does: ISO `2025-07-01`, `8/22/2011`,
 *   `22-MAY-2011`, thousands separators `1,234`, currency `$1,000`, percent `12%`, times.
 * - TEXT formats with the `numfmt` package (Excel's format-code language), after rounding the
 *   value in decimal as Excel does.
 *
 * Volatile and unverified lists are for the workbook checker: a formula calling an unverified
 * built-in is not vouched for.
 */
import { CellError, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula } from 'hyperformula';
import type { FunctionPluginDefinition, ImplementedFunctions } from 'hyperformula';
import type * as Numfmt from 'numfmt';

/** numfmt is loaded on the first TEXT call: most workbooks never call TEXT, and every start-up paid for it. */
let numfmtModule: typeof Numfmt | undefined;
function numfmt(): typeof Numfmt {
  return (numfmtModule ??= require('numfmt') as typeof Numfmt);
}

/** Every message these overrides return, in one place. */
const MESSAGES = {
  startAfterEnd: 'DATEDIF: start date is after end date',
  badUnit: 'DATEDIF: unit must be one of "Y", "M", "D", "YM", "YD", "MD"',
  notADate: 'DATEVALUE: text is not a date Excel (en-US) recognises',
  notANumber: 'VALUE: text is not a number Excel (en-US) recognises',
  badFormat: 'TEXT: format code is not valid',
  dateOutOfRange: 'TEXT: value is not a date Excel can show',
} as const;

// ---------------------------------------------------------------------------------------------
// Rounding core
// ---------------------------------------------------------------------------------------------

export type RoundMode = 'half-away' | 'up' | 'down';

/**
 * Rounds `x` to `digits` decimals (negative: to tens, hundreds…) the way Excel does: first to 15
 * significant digits (Excel's precision), then in decimal, half away from zero ('half-away'),
 * away from zero ('up') or toward zero ('down'). `digits` is truncated toward zero.
 *
 * Example: 0.285 is stored as 0.28499999999999998; its 15-digit form is 0.285000000000000, so
 * `roundExcel(0.285, 2)` = 0.29 (Excel: 0.29; `Math.round(28.499999999999996) / 100` gives 0.28).
 */
export function roundExcel(x: number, digits: number, mode: RoundMode = 'half-away'): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  const d = Math.trunc(digits);
  const [mantissa, exponent] = Math.abs(x).toExponential(14).split('e');
  const m = BigInt(mantissa.replace('.', '')); // |x| ≈ m × 10^(exponent − 14), m has 15 digits
  const shift = Number(exponent) - 14 + d; // |x| × 10^d ≈ m × 10^shift
  if (shift >= 0) return x; // nothing below the rounding position
  const dropped = Math.min(-shift, 400);
  // BigInt() rather than literals: the add-in bundle targets ES2017.
  const [zero, one, two] = [BigInt(0), BigInt(1), BigInt(2)];
  const p = BigInt(`1${'0'.repeat(dropped)}`);
  let q = m / p;
  const r = m % p;
  if ((mode === 'half-away' && two * r >= p) || (mode === 'up' && r > zero)) q += one;
  if (q === zero) return 0;
  const magnitude = Number(`${q}e${-d}`); // decimal text → nearest double
  return x < 0 ? -magnitude : magnitude;
}

// ---------------------------------------------------------------------------------------------
// Text → number (Excel en-US)
// ---------------------------------------------------------------------------------------------

export interface SimpleDate {
  year: number;
  month: number;
  day: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthFromName(name: string): number | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  const i = FULL_MONTHS.indexOf(n);
  if (i >= 0) return i + 1;
  const j = MONTHS.indexOf(n === 'sept' ? 'sep' : n);
  return j >= 0 ? j + 1 : undefined;
}

/** Excel's two-digit years: 00–29 are 2000–2029, 30–99 are 1930–1999. */
function fullYear(text: string): number {
  const y = Number(text);
  return text.length > 2 ? y : y < 30 ? 2000 + y : 1900 + y;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function validDate(year: number, month: number, day: number): SimpleDate | undefined {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  const days = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days ? { year, month, day } : undefined;
}

/**
 * A date typed as Excel en-US reads it: `2025-07-01`, `2011/02/23`, `8/22/2011`, `8-22-11`,
 * `22-MAY-2011`, `22 May 2011`, `May 22, 2011`; without a year (`5-JUL`, `7/5`) the current year.
 */
export function parseDateEnUs(text: string, currentYear = new Date().getFullYear()): SimpleDate | undefined {
  const s = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s))) return validDate(+m[1], +m[2], +m[3]);
  if ((m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{2}|\d{4})$/.exec(s))) return validDate(fullYear(m[3]), +m[1], +m[2]);
  if ((m = /^(\d{1,2})\/(\d{1,2})$/.exec(s))) return validDate(currentYear, +m[1], +m[2]);
  if ((m = /^(\d{1,2})[- ]([A-Za-z]+\.?)(?:[- ,]+(\d{2}|\d{4}))?$/.exec(s))) {
    const month = monthFromName(m[2]);
    return month ? validDate(m[3] ? fullYear(m[3]) : currentYear, month, +m[1]) : undefined;
  }
  if ((m = /^([A-Za-z]+\.?)[- ](\d{1,2})(?:,?[- ](\d{4}))?$/.exec(s))) {
    const month = monthFromName(m[1]);
    return month ? validDate(m[3] ? +m[3] : currentYear, month, +m[2]) : undefined;
  }
  return undefined;
}

/** A time of day as a fraction of a day: `16:48`, `16:48:00`, `4:48 PM`, `4 PM`; hours past 24 without AM/PM. */
export function parseTimeEnUs(text: string): number | undefined {
  const s = text.trim();
  let h: number,
    min = 0,
    sec = 0;
  let ampm: string | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,4}):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?\s*([AP]M?)?$/i.exec(s))) {
    h = +m[1];
    min = +m[2];
    sec = m[3] ? +m[3] : 0;
    ampm = m[4];
  } else if ((m = /^(\d{1,2})\s*([AP]M?)$/i.exec(s))) {
    h = +m[1];
    ampm = m[2];
  } else return undefined;
  if (min >= 60 || sec >= 60) return undefined;
  if (ampm) {
    if (h > 12) return undefined;
    h = (h % 12) + (ampm[0].toUpperCase() === 'P' ? 12 : 0);
  }
  return (h * 3600 + min * 60 + sec) / 86400;
}

/**
 * A number typed as Excel en-US reads it: sign, `$`, thousands separators in groups of three,
 * decimals, exponent, trailing `%`, or parentheses for a negative (`(1,000)` = −1000).
 */
export function parseNumberEnUs(text: string): number | undefined {
  let s = text.trim();
  let negate = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    s = paren[1].trim();
    negate = true;
  }
  const m = /^([+-])?\s*(\$)?\s*([+-])?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?\s*(%)?$/.exec(s);
  if (!m || (m[1] && m[3]) || (negate && (m[1] || m[3]))) return undefined;
  let v = Number(m[4].replace(/,/g, '') + (m[5] !== undefined ? `e${m[5]}` : ''));
  if (m[6]) v /= 100;
  if (m[1] === '-' || m[3] === '-') v = -v;
  return negate ? -v : v;
}

// ---------------------------------------------------------------------------------------------
// The plugin
// ---------------------------------------------------------------------------------------------

const num = (extra: Record<string, unknown> = {}) => ({ argumentType: FunctionArgumentType.NUMBER, ...extra });
const str = () => ({ argumentType: FunctionArgumentType.STRING });
const scalar = () => ({ argumentType: FunctionArgumentType.SCALAR });

/** Same argument tables as HyperFormula's originals, so only the arithmetic changes. */
const IMPLEMENTED: ImplementedFunctions = {
  INT: { method: 'int', parameters: [num()] },
  ROUND: { method: 'round', parameters: [num(), num({ defaultValue: 0 })] },
  ROUNDUP: { method: 'roundup', parameters: [num(), num({ defaultValue: 0 })] },
  ROUNDDOWN: { method: 'rounddown', parameters: [num(), num({ defaultValue: 0 })] },
  DATEDIF: { method: 'datedif', parameters: [num({ minValue: 0 }), num({ minValue: 0 }), str()] },
  DATEVALUE: { method: 'datevalue', parameters: [str()], returnNumberType: 'NUMBER_DATE' as never },
  VALUE: { method: 'value', parameters: [scalar()] },
  TEXT: { method: 'text', parameters: [scalar(), str()] },
  XNPV: {
    method: 'xnpv',
    parameters: [
      num({ greaterThan: -1 }),
      { argumentType: FunctionArgumentType.RANGE },
      { argumentType: FunctionArgumentType.RANGE },
    ],
  },
} as ImplementedFunctions;

/** Built-ins whose HyperFormula implementation is replaced here. */
export const OVERRIDDEN_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(IMPLEMENTED));

type Ast = { args: unknown[] };

/** A number inside HyperFormula's rich numbers (dates, percentages) or a plain number. */
function rawNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && typeof (v as { val?: unknown }).val === 'number') return (v as { val: number }).val;
  return undefined;
}

class ExcelBuiltinsPlugin extends FunctionPlugin {
  static implementedFunctions = IMPLEMENTED;

  private is1904(): boolean {
    return (this.config as unknown as { nullDate: { year: number } }).nullDate.year === 1904;
  }

  private serialOf(d: SimpleDate): number {
    return this.dateTimeHelper.dateToNumber(d);
  }

  /** A date and optional time of day in one text, as a serial. */
  private dateTimeSerial(text: string): number | undefined {
    const s = text.trim();
    const date = parseDateEnUs(s);
    if (date) return this.serialOf(date);
    const split = /^(.*\S)\s+(\d{1,4}:\d{1,2}(?::\d{1,2}(?:\.\d+)?)?\s*(?:[AP]M?)?|\d{1,2}\s*[AP]M?)$/i.exec(s);
    if (split) {
      const d = parseDateEnUs(split[1]);
      const t = parseTimeEnUs(split[2]);
      if (d && t !== undefined) return this.serialOf(d) + t;
    }
    return undefined;
  }

  /**
   * XNPV(rate, values, dates) per Microsoft's "XNPV function": Σ vᵢ / (1 + rate)^((dᵢ − d₁)/365),
   * dates truncated to whole days. HyperFormula's own refuses dates that are formulas
   * (`=DATE(…)` gives a date-typed number it does not unwrap: #VALUE!); here any number counts.
   * A date before the first, or values and dates of different counts: #NUM!; text: #VALUE!.
   */
  xnpv(ast: Ast, state: unknown) {
    return this.runFunction(
      ast.args as never,
      state as never,
      this.metadata('XNPV'),
      (
        rate: number,
        values: { valuesFromTopLeftCorner(): unknown[] },
        dates: { valuesFromTopLeftCorner(): unknown[] }
      ) => {
        const v = values.valuesFromTopLeftCorner().map(rawNumber);
        const d = dates.valuesFromTopLeftCorner().map(rawNumber);
        if (v.some((x) => x === undefined) || d.some((x) => x === undefined))
          return new CellError(ErrorType.VALUE, 'XNPV: values and dates must be numbers');
        if (v.length !== d.length)
          return new CellError(ErrorType.NUM, 'XNPV: values and dates must have the same number of cells');
        const days = (d as number[]).map(Math.floor);
        if (days[0] < 0) return new CellError(ErrorType.NUM, 'XNPV: a date is before the start of the date system');
        let total = 0;
        for (let i = 0; i < days.length; i++) {
          if (days[i] < days[0]) return new CellError(ErrorType.NUM, 'XNPV: a date precedes the first date');
          total += (v[i] as number) / Math.pow(1 + rate, (days[i] - days[0]) / 365);
        }
        return total;
      }
    );
  }

  /** Text → number as VALUE reads it. */
  private numberFromText(text: string): number | undefined {
    return parseNumberEnUs(text) ?? this.dateTimeSerial(text) ?? parseTimeEnUs(text);
  }

  int(ast: Ast, state: unknown) {
    return this.runFunction(ast.args as never, state as never, this.metadata('INT'), (x: number) => Math.floor(x));
  }

  round(ast: Ast, state: unknown) {
    return this.runFunction(ast.args as never, state as never, this.metadata('ROUND'), (x: number, d: number) =>
      roundExcel(x, d, 'half-away')
    );
  }

  roundup(ast: Ast, state: unknown) {
    return this.runFunction(ast.args as never, state as never, this.metadata('ROUNDUP'), (x: number, d: number) =>
      roundExcel(x, d, 'up')
    );
  }

  rounddown(ast: Ast, state: unknown) {
    return this.runFunction(ast.args as never, state as never, this.metadata('ROUNDDOWN'), (x: number, d: number) =>
      roundExcel(x, d, 'down')
    );
  }

  /**
   * DATEDIF(start, end, unit) per Microsoft's "DATEDIF function": times of day are ignored;
   * "Y" complete years, "M" complete months, "D" days, "YM" months ignoring years and days,
   * "YD" days ignoring years, "MD" days ignoring months and years (Excel's own arithmetic:
   * DATEDIF(31-Jan-2011, 1-Mar-2011, "MD") = −2, the inaccuracy Microsoft warns about).
   */
  datedif(ast: Ast, state: unknown) {
    return this.runFunction(
      ast.args as never,
      state as never,
      this.metadata('DATEDIF'),
      (startSerial: number, endSerial: number, unitText: string) => {
        const s0 = Math.floor(startSerial);
        const e0 = Math.floor(endSerial);
        if (s0 > e0) return new CellError(ErrorType.NUM, MESSAGES.startAfterEnd);
        const unit = unitText.toUpperCase();
        if (unit === 'D') return e0 - s0;
        const start = this.dateTimeHelper.numberToSimpleDate(s0);
        const end = this.dateTimeHelper.numberToSimpleDate(e0);
        const months = (end.year - start.year) * 12 + (end.month - start.month) - (end.day < start.day ? 1 : 0);
        switch (unit) {
          case 'Y':
            return Math.floor(months / 12);
          case 'M':
            return months;
          case 'YM':
            return months % 12;
          case 'MD': {
            if (end.day >= start.day) return end.day - start.day;
            const prevMonth = end.month === 1 ? 12 : end.month - 1;
            const prevYear = end.month === 1 ? end.year - 1 : end.year;
            return this.dateTimeHelper.daysInMonth(prevYear, prevMonth) + end.day - start.day;
          }
          case 'YD': {
            const sameYearFirst = end.month > start.month || (end.month === start.month && end.day >= start.day);
            const year = sameYearFirst ? end.year : end.year - 1;
            // The anniversary as DATE(year, month, day) makes it: 29 Feb in a common year is 1 Mar.
            const anniversary = this.serialOf({ year, month: start.month, day: 1 }) + start.day - 1;
            return e0 - anniversary;
          }
          default:
            return new CellError(ErrorType.NUM, MESSAGES.badUnit);
        }
      }
    );
  }

  datevalue(ast: Ast, state: unknown) {
    return this.runFunction(ast.args as never, state as never, this.metadata('DATEVALUE'), (text: string) => {
      const serial = this.dateTimeSerial(text);
      return serial === undefined ? new CellError(ErrorType.VALUE, MESSAGES.notADate) : Math.floor(serial);
    });
  }

  value(ast: Ast, state: unknown) {
    return this.runFunction(ast.args as never, state as never, this.metadata('VALUE'), (arg: unknown) => {
      if (arg instanceof CellError) return arg;
      if (arg === EmptyValue) return 0;
      if (rawNumber(arg) !== undefined) return arg as number;
      if (typeof arg !== 'string') return new CellError(ErrorType.VALUE, MESSAGES.notANumber);
      const v = this.numberFromText(arg);
      return v === undefined ? new CellError(ErrorType.VALUE, MESSAGES.notANumber) : v;
    });
  }

  /**
   * TEXT(value, format) with numfmt. Numbers are first rounded in decimal to the places the
   * (single-section) format shows, so `TEXT(0.285,"0.00")` is "0.29" as in Excel. Text that reads
   * as a number is formatted as that number; other text goes through the format's text section.
   */
  text(ast: Ast, state: unknown) {
    return this.runFunction(
      ast.args as never,
      state as never,
      this.metadata('TEXT'),
      (arg: unknown, pattern: string) => {
        if (arg instanceof CellError) return arg;
        if (!numfmt().isValidFormat(pattern)) return new CellError(ErrorType.VALUE, MESSAGES.badFormat);
        let value: number | string;
        if (arg === EmptyValue) value = 0;
        else if (typeof arg === 'boolean') value = arg ? 'TRUE' : 'FALSE';
        else if (typeof arg === 'string') value = this.numberFromText(arg) ?? arg;
        else value = rawNumber(arg) ?? String(arg);
        if (typeof value === 'number') {
          const info = numfmt().getFormatInfo(pattern);
          if (info.isDate && this.is1904()) value += 1462;
          if (['number', 'grouped', 'percent', 'currency'].includes(info.type) && !/;/.test(pattern)) {
            value = roundExcel(value, info.maxDecimals + Math.round(Math.log10(info.scale)));
          }
        }
        try {
          return numfmt().format(pattern, value, {
            leap1900: true,
            dateErrorThrows: true,
            dateSpanLarge: false,
            throws: true,
          });
        } catch {
          return new CellError(ErrorType.VALUE, MESSAGES.dateOutOfRange);
        }
      }
    );
  }
}

let registered = false;

/** Registers the Excel-exact built-ins over HyperFormula's (once per process; HyperFormula keeps plugins globally). */
export function registerExcelBuiltins(): void {
  if (registered) return;
  HyperFormula.registerFunctionPlugin(ExcelBuiltinsPlugin as unknown as FunctionPluginDefinition);
  registered = true;
}

// ---------------------------------------------------------------------------------------------
// What we vouch for
// ---------------------------------------------------------------------------------------------

/**
 * Built-ins checked against Excel by test/engine/excel-builtins.test.ts (each has at least one
 * case there from Microsoft's documentation or independent reasoning; the test enforces it).
 */
export const VERIFIED_FUNCTIONS: ReadonlySet<string> = new Set([
  ...OVERRIDDEN_FUNCTIONS,
  'ABS',
  'AND',
  'AVERAGE',
  'CONCATENATE',
  'COUNT',
  'DATE',
  'DAY',
  'EDATE',
  'EOMONTH',
  'FV',
  'IF',
  'IFERROR',
  'IRR',
  'LEFT',
  'LEN',
  'MAX',
  'MIN',
  'MOD',
  'MONTH',
  'NOT',
  'NPV',
  'OR',
  'PMT',
  'POWER',
  'PV',
  'SQRT',
  'SUM',
  'SUMPRODUCT',
  'YEAR',
  'TRUE',
  'FALSE',
]);

/** Built-ins HyperFormula implements (its own names, not REUSE.*), as registered in this process. */
export function builtinFunctionNames(): string[] {
  return HyperFormula.getRegisteredFunctionNames('enGB')
    .filter((n) => !n.startsWith('REUSE.'))
    .sort();
}

/**
 * Built-ins HyperFormula implements that we have not verified against Excel. A result from a
 * formula calling one of these may differ from Excel's; new HyperFormula functions land here.
 */
export const UNVERIFIED_FUNCTIONS: ReadonlySet<string> = new Set(
  builtinFunctionNames().filter((n) => !VERIFIED_FUNCTIONS.has(n))
);

/** Functions whose value changes without any input changing (Excel recalculates them on every change). */
export const VOLATILE_FUNCTIONS: ReadonlySet<string> = new Set([
  'RAND',
  'RANDBETWEEN',
  'NOW',
  'TODAY',
  'OFFSET',
  'INDIRECT',
  'CELL',
  'INFO',
]);

/**
 * The unverified built-ins a formula calls, upper-case, each once, in order of first call.
 * Text inside string literals and quoted sheet names is ignored; `_xlfn.` prefixes are dropped.
 *
 * Example: `unverifiedFunctionsIn('=IF(A1, XIRR(B:B, C:C), "NPER(")')` → `['XIRR']`.
 */
export function unverifiedFunctionsIn(formulaText: string): string[] {
  const code = formulaText.replace(/"(?:[^"]|"")*"/g, '""').replace(/'(?:[^']|'')*'/g, "''");
  const found: string[] = [];
  for (const m of code.matchAll(/(?<![A-Za-z0-9_.$])(?:_xlfn\.|_xlws\.)?([A-Za-z][A-Za-z0-9_.]*)\(/g)) {
    const name = m[1].toUpperCase();
    if (UNVERIFIED_FUNCTIONS.has(name) && !found.includes(name)) found.push(name);
  }
  return found;
}

/** Why each override exists: what HyperFormula 3.5 did differently (measured). */
const OVERRIDE_NOTES: Record<string, string> = {
  INT: 'rounds toward −∞: `INT(-2.5)` = −3 (HyperFormula truncated to −2)',
  ROUND:
    'rounds the 15-digit decimal form half away from zero: `ROUND(0.285,2)` = 0.29, `ROUND(1.005,2)` = 1.01 (HyperFormula: 0.28, 1)',
  ROUNDUP: 'same decimal rounding, away from zero',
  ROUNDDOWN: 'same decimal rounding, toward zero',
  XNPV: 'dates that are formulas (`=DATE(…)`) are numbers like any other (HyperFormula gave #VALUE!)',
  DATEDIF: 'units in any case (`"m"` as well as `"M"`; HyperFormula gave #NUM!), "YD" counted from the anniversary',
  DATEVALUE:
    'reads en-US dates: ISO `2025-07-01`, `8/22/2011`, `22-MAY-2011`, `2011/02/23`, `July 1, 2025`, no year = this year',
  VALUE: 'reads en-US numbers: `1,234`, `$1,000`, `12%`, `(1,000)`, dates and times',
  TEXT: 'Excel format codes through numfmt (`#,##0.00`, `0.00%`, dates), after decimal rounding',
};

/**
 * docs/excel-compatibility.md: overridden, verified and unverified built-ins. `npm run docs:excel`
 * (scripts/excel-compatibility.js) writes it; a test fails when the committed file differs.
 */
export function excelCompatibilityDoc(): string {
  const list = (names: Iterable<string>) =>
    [...names]
      .sort()
      .map((n) => `\`${n}\``)
      .join(', ');
  const overridden = [...OVERRIDDEN_FUNCTIONS].sort().map((n) => `| \`${n}\` | ${OVERRIDE_NOTES[n] ?? ''} |`);
  const verifiedOnly = [...VERIFIED_FUNCTIONS].filter((n) => !OVERRIDDEN_FUNCTIONS.has(n));
  return [
    '# Excel compatibility of built-in functions',
    '',
    '<!-- Generated by scripts/excel-compatibility.js from src/engine/excel-builtins.ts; do not edit. -->',
    '',
    'The headless engine runs on HyperFormula. Where HyperFormula computes a built-in differently',
    'from Excel, `src/engine/excel-builtins.ts` replaces it. test/engine/excel-builtins.test.ts',
    "checks each verified function against the examples on Microsoft's function pages or against",
    'independent reasoning. Any other built-in is listed as unverified: a formula calling one may',
    'give a result Excel would not.',
    '',
    `## Overridden (${OVERRIDDEN_FUNCTIONS.size})`,
    '',
    '| Function | Excel behaviour now matched |',
    '| --- | --- |',
    ...overridden,
    '',
    `## Verified without an override (${verifiedOnly.length})`,
    '',
    list(verifiedOnly),
    '',
    `## Volatile (${VOLATILE_FUNCTIONS.size})`,
    '',
    'Recalculated by Excel on every change; a cached value from Excel cannot be compared with ours.',
    '',
    list(VOLATILE_FUNCTIONS),
    '',
    `## Unverified (${UNVERIFIED_FUNCTIONS.size} of ${builtinFunctionNames().length} built-ins)`,
    '',
    list(UNVERIFIED_FUNCTIONS),
    '',
    '## Known limits',
    '',
    '- Text is read as Excel en-US reads it (month/day/year); other locales are not modelled.',
    '- Implicit conversion inside arithmetic (`="1,234"+1`) still follows HyperFormula, not VALUE.',
    '- TEXT rounds in decimal only for single-section number formats; multi-section formats use numfmt as is.',
    '',
  ].join('\n');
}
