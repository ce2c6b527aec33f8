/**
 * What the package reader refuses, and why. Workbooks come from other bureaus: every limit is
 * checked while the package is read, before anything is allocated in proportion to what a
 * file merely claims (a dimension, a range, a declared size).
 *
 * The numbers come from measurements on a 2-core machine with Node 20 (bench/ (k), (l), (s) and
 * (t) measure again): 100 000 rows of a REUSE formula (200 000 cells) are read in about 0.65 s and
 * recalculated file to file in 6–7 s at a 0.39 GB peak; 300 000 rows (600 000 cells) in about
 * 16 s at 0.9 GB, about 1.5 KB per cell at the peak (HyperFormula's graph about half of it; it
 * was 2.7 KB before its cells shared their asts, issue 10). A sheet of 2 100 000 constants is
 * counted and refused in about 7 s at 0.7 GB (measured before those changes). `maxCells`
 * (2 million) keeps a workbook of formulas within about 3 GB and a refusal within seconds;
 * `maxRangeCells` keeps one reference within what HyperFormula walks in about a second (it visits
 * every address of a range it aggregates).
 */

export class WorkbookError extends Error {
  constructor(
    readonly code: 'not-found' | 'not-xlsx' | 'encrypted' | 'corrupt' | 'too-large' | 'same-file' | 'write-failed',
    message: string
  ) {
    super(message);
    this.name = 'WorkbookError';
  }
}

export interface XlsxLimits {
  /** Size of the .xlsx file itself. */
  maxFileBytes: number;
  /** Entries in the zip. */
  maxEntries: number;
  /** Sum of all parts once inflated (zip bombs). */
  maxUncompressedBytes: number;
  /** One part once inflated (a JavaScript string cannot hold much more than 500 million characters). */
  maxPartBytes: number;
  /** Compression ratio of any one entry larger than 1 MiB. */
  maxRatio: number;
  /** `<c>` elements really present, all sheets together (what the engine holds in memory). */
  maxCells: number;
  /** Element nesting in any XML part. */
  maxXmlDepth: number;
  /** Characters of one string in a sheet or the shared-string table (Excel's limit: 32 767). */
  maxStringChars: number;
  /**
   * Cells one reference in a formula may span (`SUM(A1:XFD1048576)` spans 17 billion). A formula
   * with a larger reference keeps its cached value and is reported; so does one whose references
   * would take the workbook's total over `maxRangeCellsTotal`.
   */
  maxRangeCells: number;
  maxRangeCellsTotal: number;
  /** Characters of one formula (Excel's own limit is 8 192). */
  maxFormulaChars: number;
}

export const DEFAULT_LIMITS: XlsxLimits = {
  maxFileBytes: 100 * 1024 * 1024,
  maxEntries: 10_000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxPartBytes: 256 * 1024 * 1024,
  maxRatio: 200,
  maxCells: 2_000_000,
  // OOXML parts nest a few dozen levels at most (DrawingML is the deepest).
  maxXmlDepth: 256,
  maxStringChars: 32_767,
  // Four whole columns (4 × 1 048 576); the total, sixteen.
  maxRangeCells: 4 * 1_048_576,
  maxRangeCellsTotal: 16 * 1_048_576,
  maxFormulaChars: 8_192,
};

export const refuse = (message: string): WorkbookError => new WorkbookError('too-large', message);
export const corrupt = (message: string): WorkbookError => new WorkbookError('corrupt', message);

/** 1234567 → "1,234,567", for messages. */
export const count = (x: number): string => x.toLocaleString('en-US');
