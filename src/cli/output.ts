/**
 * What every reuse-calc command shares about output: where lines go (`Io`), the exit codes, and
 * how text read from a workbook is made safe for a terminal or a JSON line. Kept apart from
 * reuse-calc.ts so that the batch runner and its worker threads use the same helpers without
 * importing the command line itself.
 */

export const EXIT = { ok: 0, inconsistent: 1, usage: 2, badWorkbook: 3, internal: 4 } as const;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Escapes control and bidi-override characters in text read from a workbook before it reaches a terminal. */
export function printable(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped here
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
}

/** JSON on one line, with C1 controls and line separators escaped too (JSON.stringify leaves them). */
export function json(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
}

/** `Sheet!A1`, quoting the sheet name as Excel does when it needs quotes. */
export function where(sheet: string, address: string): string {
  if (!sheet) return printable(address);
  const quoted = /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*$/.test(sheet)
    ? sheet
    : `'${sheet.replace(/'/g, "''")}'`;
  return `${printable(quoted)}!${address}`;
}
