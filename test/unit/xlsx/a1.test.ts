import {
  LAST_EXCEL_SERIAL,
  cellAddress,
  columnLetters,
  columnNumber,
  dateToSerial,
  excelSerial,
  formatRange,
  isBuiltinName,
  isDefinedName,
  isSheetName,
  parseCellAddress,
  parseRange,
  quoteSheet,
  serialToDate,
} from '../../../src/xlsx/a1';

describe('column letters', () => {
  // Bijective base 26: A=1 … Z=26, AA=27; ZZ = 26·26 + 26 = 702; AAA = 703;
  // XFD = 24·26² + 6·26 + 4 = 16224 + 156 + 4 = 16384, Excel's last column.
  it.each([
    ['A', 1],
    ['Z', 26],
    ['AA', 27],
    ['AZ', 52],
    ['BA', 53],
    ['ZZ', 702],
    ['AAA', 703],
    ['XFD', 16384],
  ])('%s = %i', (letters, n) => {
    expect(columnNumber(letters)).toBe(n);
    expect(columnNumber(letters.toLowerCase())).toBe(n);
    expect(columnLetters(n)).toBe(letters);
  });
  it('0 and below have no letters', () => {
    expect(columnLetters(0)).toBe('');
    expect(columnLetters(-3)).toBe('');
  });
  it('round-trips every column', () => {
    for (let n = 1; n <= 16384; n++) expect(columnNumber(columnLetters(n))).toBe(n);
  });
});

describe('cell addresses and ranges', () => {
  it('parses within the grid only', () => {
    expect(parseCellAddress('$B$12')).toEqual({ row: 12, col: 2 });
    expect(parseCellAddress('xfd1048576')).toEqual({ row: 1048576, col: 16384 });
    expect(parseCellAddress('XFE1')).toBeUndefined();
    expect(parseCellAddress('A1048577')).toBeUndefined();
    expect(parseCellAddress('A0')).toBeUndefined();
    expect(parseCellAddress('1A')).toBeUndefined();
    expect(cellAddress(12, 28)).toBe('AB12');
  });
  it('parses ranges, whole columns and whole rows, normalising corners', () => {
    expect(parseRange('C3:A1')).toEqual({ top: 1, left: 1, bottom: 3, right: 3 });
    expect(parseRange('$A:$C')).toEqual({ top: 1, left: 1, bottom: 1048576, right: 3 });
    expect(parseRange('5:2')).toEqual({ top: 2, left: 1, bottom: 5, right: 16384 });
    expect(parseRange('A1:XFE2')).toBeUndefined();
    expect(formatRange({ top: 2, left: 2, bottom: 2, right: 2 })).toBe('B2');
    expect(formatRange({ top: 1, left: 1, bottom: 3, right: 27 })).toBe('A1:AA3');
  });
});

describe('defined names (Excel: "Names in formulas", syntax rules)', () => {
  it.each([
    'sewage_fee',
    'Tax.Rate',
    '年用水量',
    '再生水_价格2',
    '_xlnm.Print_Area',
    '\\backslash',
    'ABCD1',
    'R1C1x',
    'Größe',
    'a',
    'x'.repeat(255),
  ])('%s is a valid name', (s) => expect(isDefinedName(s)).toBe(true));
  it.each([
    ['A1', 'an A1 reference'],
    ['xfd1048576', 'the last cell'],
    ['R1C1', 'an R1C1 reference'],
    ['r2c3', 'R1C1, lower case'],
    ['RC', 'the relative R1C1 cell'],
    ['R', 'a row in R1C1'],
    ['C', 'a column in R1C1'],
    ['R10', 'a row'],
    ['C5', 'a column / A1 cell'],
    ['TRUE', 'a constant'],
    ['false', 'a constant'],
    ['1abc', 'starts with a digit'],
    ['.abc', 'starts with a dot'],
    ['a b', 'a space'],
    ['Sheet1!A1', 'a sheet reference'],
    ['', 'empty'],
    ['x'.repeat(256), 'over 255 characters'],
  ])('%s is not (%s)', (s) => expect(isDefinedName(s)).toBe(false));
  it('tells Excel’s own names apart', () => {
    expect(isBuiltinName('_xlnm.Print_Area')).toBe(true);
    expect(isBuiltinName('_XLNM._FilterDatabase')).toBe(true);
    expect(isBuiltinName('xlnm_area')).toBe(false);
  });
});

describe('sheet names', () => {
  it('quotes only where a formula needs it', () => {
    expect(quoteSheet('Sheet1')).toBe('Sheet1');
    expect(quoteSheet('参数')).toBe('参数');
    expect(quoteSheet('my sheet')).toBe("'my sheet'");
    expect(quoteSheet('A1')).toBe("'A1'");
    expect(quoteSheet('R1C1')).toBe("'R1C1'");
    expect(quoteSheet("it's")).toBe("'it''s'");
  });
  it('accepts what Excel accepts', () => {
    expect(isSheetName('x'.repeat(31))).toBe(true);
    expect(isSheetName('x'.repeat(32))).toBe(false);
    expect(isSheetName('a/b')).toBe(false);
    expect(isSheetName("'quoted")).toBe(false);
    expect(isSheetName('')).toBe(false);
  });
});

describe('Excel date serials (1900 system unless said)', () => {
  const utc = (y: number, m: number, d: number, h = 0) => new Date(Date.UTC(y, m - 1, d, h));
  // 1 Jan 2024 is serial 45292 (Microsoft's DATE examples); Jan–Aug 2024 have
  // 31+29+31+30+31+30+31+31 = 244 days, so 1 Sep 2024 = 45292 + 244 = 45536.
  it('2024-09-01 is 45536, noon adds one half', () => {
    expect(excelSerial(utc(2024, 9, 1))).toBe(45536);
    expect(excelSerial(utc(2024, 9, 1, 12))).toBe(45536.5);
    expect(dateToSerial({ year: 2024, month: 9, day: 1 })).toBe(45536);
    expect(serialToDate(45536)).toEqual({ year: 2024, month: 9, day: 1 });
    expect(serialToDate(45536.75)).toEqual({ year: 2024, month: 9, day: 1 });
  });
  it('keeps the 1900 leap-year bug: 60 is 29 Feb 1900, 61 is 1 Mar 1900', () => {
    expect(serialToDate(1)).toEqual({ year: 1900, month: 1, day: 1 });
    expect(serialToDate(59)).toEqual({ year: 1900, month: 2, day: 28 });
    expect(serialToDate(60)).toEqual({ year: 1900, month: 2, day: 29 });
    expect(serialToDate(61)).toEqual({ year: 1900, month: 3, day: 1 });
    expect(dateToSerial({ year: 1900, month: 2, day: 29 })).toBe(60);
    expect(excelSerial(utc(1900, 1, 1))).toBe(1);
    expect(excelSerial(utc(1900, 2, 28))).toBe(59);
    expect(excelSerial(utc(1900, 3, 1))).toBe(61);
  });
  it('31 Dec 9999 is the last serial Excel shows, 2958465', () => {
    expect(LAST_EXCEL_SERIAL).toBe(2958465);
    expect(dateToSerial({ year: 9999, month: 12, day: 31 })).toBe(2958465);
  });
  // The 1904 system starts at 1 Jan 1904 = 0; the two systems differ by 1462 days.
  it('the 1904 system', () => {
    expect(excelSerial(utc(1904, 1, 1), true)).toBe(0);
    expect(excelSerial(utc(2024, 9, 1), true)).toBe(45536 - 1462);
  });
});
