/**
 * WorkbookPort: the only way the task pane and the scenario logic touch a workbook. Two
 * implementations: office-port.ts (Excel's JavaScript API) and engine-port.ts (the headless
 * engine over an .xlsx, in Node and in the browser playground).
 *
 * References are strings: `Sheet!A1`, `'中文 表'!B2` or a defined name (see refs.ts). Every
 * reference read or written points at a single cell (a larger range is a PortError
 * 'not-a-cell'). Values read from a workbook are untrusted input.
 */

/** A cell value as the scenario logic sees it. Errors come back as `{ error: '#DIV/0!' }`. */
export type CellValue = number | string | boolean | null | { error: string };

/** A plain value that can be written (never interpreted as a formula: text stays text). */
export type Scalar = number | string | boolean | null;

/**
 * What a cell holds, so it can be put back exactly: a formula (text as this host reads it,
 * leading `=`), or a plain value.
 */
export type Contents = { formula: string } | { value: Scalar };

/** One write: a reference and what to put there. */
export interface Write {
  ref: string;
  contents: Contents;
}

/** A defined name that points at a range on a sheet. */
export interface NamedRef {
  name: string;
  /** `'假设'!C5` (no `$`). */
  ref: string;
}

/** Number formats use Excel's codes (`#,##0.00`, `0.0%`). */
export interface SheetCell {
  value: Scalar;
  numberFormat?: string;
  bold?: boolean;
}

/** A sheet to add: rows of cells, column widths in characters. */
export interface SheetSpec {
  /** Wanted name; the port adds ` (2)`, ` (3)`… if it is taken, and returns the name used. */
  name: string;
  rows: SheetCell[][];
  columnWidths?: number[];
  /** Rows and columns to keep visible when scrolling (header rows, label columns). */
  freeze?: { rows: number; cols: number };
}

/** Result of `apply`: what the written cells held before, and the values read after recalculation. */
export interface ApplyResult {
  before: Write[];
  values: CellValue[];
}

/** A reference that is not a single cell or a known defined name, or a write the host refused; `refs` names them. */
export class PortError extends Error {
  constructor(
    readonly code: 'bad-ref' | 'missing-ref' | 'host' | 'not-a-cell',
    message: string,
    readonly refs: string[] = []
  ) {
    super(message);
    this.name = 'PortError';
  }
}

export interface WorkbookPort {
  /** Values of single-cell references, in order. */
  readValues(refs: string[]): Promise<CellValue[]>;
  /** What the cells hold (formula or value), in order; for putting them back later. */
  readContents(refs: string[]): Promise<Contents[]>;
  /** Number formats of single cells (`#,##0.00`, `General`), in order. */
  readNumberFormats(refs: string[]): Promise<string[]>;
  /** Writes, in order. */
  write(writes: Write[]): Promise<void>;
  /** Recalculates the workbook (a host that recalculates on every change may do nothing). */
  recalc(): Promise<void>;
  /**
   * One batch: remembers what the written cells held, writes, recalculates once and reads
   * `readRefs` once the host has finished calculating (custom functions included). The Office port
   * does this in 3 round trips whatever the counts when Excel has finished by the first read, one
   * more per re-read while it is still calculating, up to a time limit after which every output
   * reads `#BUSY!` rather than a value that may be stale.
   */
  apply(writes: Write[], readRefs: string[]): Promise<ApplyResult>;
  /** Workbook-level defined names that point at one cell (Excel's own `_xlnm.` names and hidden names left out). */
  definedNames(): Promise<NamedRef[]>;
  /** The selected range, as a reference (`'假设'!C5:C9`), or undefined without a selection. Several selected areas are refused (a PortError with a bilingual `reason`). */
  selection(): Promise<string | undefined>;
  /** The host's display language tag (`zh-CN`, `en-US`, …). */
  displayLanguage(): string;
  /** Adds a sheet with values and number formats. Returns the name used. */
  addSheet(spec: SheetSpec): Promise<string>;
  /** The add-in's stored document (the JSON text inside its custom XML part), or undefined if there is none. */
  loadDocument(): Promise<StoredDocument | undefined>;
  /** Stores the add-in's document. Writes nothing when the stored text is already the same. */
  saveDocument(json: string): Promise<void>;
}

/** What `loadDocument` found: the JSON text, or why the part could not be read. */
export type StoredDocument = { json: string } | { unreadable: string };

/** One REUSE formula to rewrite into a form the host resolves (see repairFormula in engine/formula-text.ts). */
export interface FormulaRepair {
  sheet: string;
  /** Cell address (`B2`), or a defined name's name when `sheet` is "". */
  address: string;
  /** The formula as the host shows it now, with its leading `=`. */
  before: string;
  after: string;
}

/** A repair the host refused to write, with its reason (the host's words). */
export interface RepairFailure {
  repair: FormulaRepair;
  reason: string;
}

/** The repairs written, in order; `failed`: those the host refused (absent when none was). */
export type WrittenRepairs = FormulaRepair[] & { failed?: RepairFailure[] };

/**
 * What the pane's sharing buttons need from the host beside the WorkbookPort: the open file's
 * bytes, opening a new workbook, and finding and writing formula repairs. Implemented by the
 * Office host (office-files.ts) and the engine port (engine-port.ts).
 */
export interface SharingPort {
  /** The workbook's file name, for downloads (`万州模型.xlsx`; a default when the host does not say). */
  fileName(): string;
  /** The open workbook as .xlsx bytes. */
  fileBytes(): Promise<Uint8Array>;
  /** Opens .xlsx bytes as a new workbook. False when the host cannot (the pane then offers a download only). */
  openWorkbook(bytes: Uint8Array): Promise<boolean>;
  /** REUSE formulas in the open workbook the host cannot resolve, with what they become. */
  findRepairs(): Promise<FormulaRepair[]>;
  /**
   * Writes repairs (each only where the cell still holds `before`). Returns those written; a
   * repair the host refused (a protected or deleted sheet) is listed in `failed` with the host's
   * reason and does not stop the others.
   */
  writeRepairs(repairs: FormulaRepair[]): Promise<WrittenRepairs>;
}
