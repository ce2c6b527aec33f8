/**
 * Excel's date serials, written once. Core needs them (bond coupon dates) and core imports
 * nothing, so they live here; `src/xlsx/a1.ts` re-exports them for the package reader, the
 * engine and everything above.
 *
 * The 1900 system: serial 1 is 1 Jan 1900 and serial 60 is Excel's non-existent 29 Feb 1900
 * (Lotus 1-2-3's leap-year bug, kept for compatibility); from serial 61 (1 Mar 1900) on, a
 * serial counts the days since 30 Dec 1899. The 1904 system (old Mac workbooks): serial 0 is
 * 1 Jan 1904, no phantom day.
 */

export const MS_PER_DAY = 86_400_000;
/** Day 0 of the 1900 system for dates from 1 March 1900 on (30 Dec 1899, UTC). */
export const EXCEL_EPOCH_1900_MS = Date.UTC(1899, 11, 30);
/** Day 0 of the 1904 system (1 Jan 1904, UTC). */
export const EXCEL_EPOCH_1904_MS = Date.UTC(1904, 0, 1);
/** Excel's fictitious 29 Feb 1900. */
export const FICTITIOUS_LEAP_DAY = 60;
/** 31 Dec 9999, the last date Excel shows. */
export const LAST_EXCEL_SERIAL = 2_958_465;

export interface YMD {
  year: number;
  /** 1…12 */
  month: number;
  day: number;
}

/**
 * A point in time (UTC) → Excel serial, with the time of day as the fraction. Before
 * 1 Mar 1900 the 1900 system's serials are one lower than the day count (no phantom day yet).
 * @example excelSerial(new Date(Date.UTC(2024, 8, 1))) // 45536
 */
export function excelSerial(d: Date, date1904 = false): number {
  if (date1904) return (d.getTime() - EXCEL_EPOCH_1904_MS) / MS_PER_DAY;
  const s = (d.getTime() - EXCEL_EPOCH_1900_MS) / MS_PER_DAY;
  return s < 61 ? s - 1 : s;
}

/**
 * Excel date serial (1900 system) → calendar date; a fraction (time of day) is dropped.
 * @example serialToDate(45000) // {year: 2023, month: 3, day: 15}
 */
export function serialToDate(serial: number): YMD {
  const whole = Math.floor(serial);
  if (whole === FICTITIOUS_LEAP_DAY) return { year: 1900, month: 2, day: 29 };
  const days = whole < FICTITIOUS_LEAP_DAY ? whole + 1 : whole;
  const d = new Date(EXCEL_EPOCH_1900_MS + days * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Calendar date → Excel date serial, 1900 system (inverse of `serialToDate`). */
export function dateToSerial({ year, month, day }: YMD): number {
  if (year === 1900 && month === 2 && day === 29) return FICTITIOUS_LEAP_DAY;
  return Math.round(excelSerial(new Date(Date.UTC(year, month - 1, day))));
}
