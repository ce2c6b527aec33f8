/**
 * A copy of a workbook for a bureau without the add-in: every formula that calls a REUSE
 * function (in any spelling: `REUSE.`, `_xldudf_REUSE_`, `[n]!_xldudf_REUSE_`) is recalculated
 * and replaced by its value — a spilled array by plain values over its range — and a notes
 * sheet lists each replaced cell (a column filled down with one formula as one line) with its
 * original formula, the add-in version and the time, in Chinese and English. Everything else
 * stays: other formulas (recalculated, so those that read REUSE results see fresh values),
 * number formats, defined names, sheet order, dynamic arrays of other formulas and custom XML
 * parts (the scenario store).
 *
 * Bytes in, bytes out, with an injectable clock and version: the CLI and the task pane's
 * "prepare a copy for sharing" run the same code.
 *
 * In place, like recalc (patch-values.ts): the fresh values are patched into the sheet parts,
 * then each REUSE formula cell loses its `<f>` (an array anchor its `cm` too) and keeps its
 * value and type, a text result becoming an inline string (`t="inlineStr"`); the cells of a
 * REUSE spill already hold plain values (text ones written as `t="str"` become inline strings
 * too). A shared formula's master and children share their text, so all of them go. The notes
 * sheet is a new part written by hand (inline strings, no styles: styles.xml and shared
 * strings are never touched), listed in xl/workbook.xml, its relationships and
 * [Content_Types].xml. Every other part keeps its bytes — charts, pivot tables, images,
 * comments — except xl/calcChain.xml, removed when a formula was (it would list cells without
 * formulas; Excel rebuilds it), and docProps/app.xml, left as it is: its list of sheet titles
 * does not name the notes sheet, which Excel tolerates and rewrites on the next save.
 */
import type { Lang } from '../core/errors';
import { Result } from '../xlsx/cells';
import { formatRange, parseCellAddress, parseRange } from '../xlsx/a1';
import { shiftFormula } from '../xlsx/formula-refs';
import type { XlsxLimits } from '../xlsx/limits';
import type { ExternalLink } from '../xlsx/package';
import { PackageWriter, addEdit, worksheetXml } from '../xlsx/write';
import { toEngineFormula, usesReuse } from './formula-text';
import { editsBySheet, patchContext, patchSheets } from './patch-values';
import { CellWarning, computeResultsThenFree, loadWorkbook } from './load';

export const SNAPSHOT_SHEET = '快照说明 Snapshot';

export interface SnapshotOptions {
  /** The add-in's version, recorded in the notes sheet (the CLI passes package.json's). */
  version: string;
  /** The clock, for the time recorded (tests pass a fixed one). */
  now?: () => Date;
  lang?: Lang;
  limits?: XlsxLimits;
}

export interface SnapshotEntry {
  sheet: string;
  address: string;
  /** The range a spilled array covered ("E1:J3"); absent for a single cell. */
  range?: string;
  /** The formula as stored in the file. */
  formula: string;
  /** The value now in the cell (the top-left value of an array). */
  value: Result;
}

export interface SnapshotResult {
  bytes: Uint8Array;
  replaced: SnapshotEntry[];
  /** The name of the notes sheet added. */
  notesSheet: string;
  version: string;
  /** ISO 8601, UTC. */
  time: string;
  /** REUSE formulas the engine could not compute (they keep their cached value), unsupported names. */
  warnings: CellWarning[];
  externalLinks: ExternalLink[];
}

function notesSheetName(names: Iterable<string>): string {
  const taken = new Set([...names].map((n) => n.toLowerCase()));
  if (!taken.has(SNAPSHOT_SHEET.toLowerCase())) return SNAPSHOT_SHEET;
  for (let i = 2; ; i++) if (!taken.has(`${SNAPSHOT_SHEET} ${i}`.toLowerCase())) return `${SNAPSHOT_SHEET} ${i}`;
}

/** Replaces REUSE formulas by their values and adds the notes sheet. */
export async function snapshotWorkbookBytes(bytes: Uint8Array, opts: SnapshotOptions): Promise<SnapshotResult> {
  const time = (opts.now ?? (() => new Date()))().toISOString();
  const loaded = await loadWorkbook(bytes, { lang: opts.lang, limits: opts.limits });
  // Everything below reads the plan, the model and the formula cells, never the engine.
  const { report, cells } = computeResultsThenFree(loaded);
  const { model } = loaded;
  const warnings: CellWarning[] = report.warnings.filter((w) => !w.sheet || !w.address);
  const replaced: SnapshotEntry[] = [];
  const edits = editsBySheet(loaded, cells);
  const sheetEdits = (sheet: string) => {
    let e = edits.get(sheet);
    if (!e) edits.set(sheet, (e = new Map()));
    return e;
  };
  const cellIndex = new Map<string, Map<number, Result>>();
  const cachedAt = (sheet: string, row: number, col: number): Result => {
    let m = cellIndex.get(sheet);
    if (!m) {
      m = new Map();
      for (const c of model.sheets.find((s) => s.name === sheet)?.xml?.cells ?? [])
        if (!c.f) m.set(c.row * 16_385 + c.col, c.value);
      cellIndex.set(sheet, m);
    }
    return m.get(row * 16_385 + col) ?? null;
  };

  loaded.formulas.forEach((f, i) => {
    if (!usesReuse(f.text)) return;
    const plan = cells[i];
    if (plan.keep) {
      const reason =
        f.skip ?? report.warnings.find((w) => w.sheet === f.sheet && w.address === f.address)?.reason ?? 'not computed';
      warnings.push({
        sheet: f.sheet,
        address: f.address,
        formula: f.text,
        reason: `the engine cannot compute it (${reason}): the value cached in the file was kept`,
      });
    }
    const value = plan.keep ? f.cached : plan.value;
    const spill = plan.keep ? f.arrayRef : plan.array?.ref;
    const ref = spill && spill.includes(':') ? spill : undefined;
    const e = sheetEdits(f.sheet);
    addEdit(e, f.row, f.col, { kind: 'constant', value });
    replaced.push({
      sheet: f.sheet,
      address: f.address,
      ...(ref ? { range: ref } : {}),
      formula: f.text,
      value: value ?? null,
    });
    // A kept array's cells already hold plain values; text ones become inline strings.
    const r = plan.keep && ref ? parseRange(ref) : undefined;
    if (r) {
      for (let y = r.top; y <= r.bottom; y++)
        for (let x = r.left; x <= r.right; x++)
          if (y !== f.row || x !== f.col) addEdit(e, y, x, { kind: 'value', value: cachedAt(f.sheet, y, x) });
    }
  });
  for (const n of model.names) {
    if (usesReuse(n.formula))
      warnings.push({
        sheet: '',
        address: n.name,
        formula: n.formula,
        reason: 'defined name calls a REUSE function: not replaced',
      });
  }

  const writer = new PackageWriter(model);
  patchSheets(loaded, writer, edits, await patchContext(loaded, writer, edits));
  if (replaced.length) await writer.dropCalcChain();
  const notesSheet = notesSheetName(model.sheets.map((s) => s.name));
  await writer.addWorksheet(notesSheet, notesSheetXml(replaced, opts.version, time));
  return {
    bytes: await writer.toBytes(),
    replaced,
    notesSheet,
    version: opts.version,
    time,
    warnings,
    externalLinks: loaded.externalLinks,
  };
}

/** A line of the notes table: one replaced cell, or a run of them filled down one column. */
export interface NotesLine {
  sheet: string;
  /** "B3", or "B3:B300002" for a run. */
  cells: string;
  /** The spill range of a single cell's array ("E1:J3"), "" otherwise. */
  range: string;
  /** The first cell's formula as stored. */
  formula: string;
  /** The first cell's value. */
  value: Result;
}

/**
 * The replaced cells as the notes list them. A run of cells one below the other in a column,
 * none of them an array, each holding the first one's formula moved down as Excel fills it
 * (relative references follow, absolute ones stay: `shiftFormula`), is one line: a column of
 * 300 000 bills filled down is one line instead of 300 000, which kept the snapshot of such a
 * sheet within the reader's 2 000 000-cell limit. Any other cell is its own line.
 */
export function notesLines(replaced: SnapshotEntry[]): NotesLine[] {
  const lines: NotesLine[] = [];
  let run: { first: SnapshotEntry; top: number; bottom: number; col: number } | undefined;
  const close = () => {
    if (!run) return;
    const { first, top, bottom, col } = run;
    lines.push({
      sheet: first.sheet,
      cells: bottom > top ? formatRange({ top, left: col, bottom, right: col }) : first.address,
      range: '',
      formula: first.formula,
      value: first.value,
    });
    run = undefined;
  };
  for (const e of replaced) {
    const at = e.range ? undefined : parseCellAddress(e.address);
    if (
      run &&
      at &&
      e.sheet === run.first.sheet &&
      at.col === run.col &&
      at.row === run.bottom + 1 &&
      e.formula === shiftFormula(run.first.formula, at.row - run.top, 0)
    ) {
      run.bottom = at.row;
      continue;
    }
    close();
    if (at) run = { first: e, top: at.row, bottom: at.row, col: at.col };
    else lines.push({ sheet: e.sheet, cells: e.address, range: e.range ?? '', formula: e.formula, value: e.value });
  }
  close();
  return lines;
}

/** The notes sheet's part: the same content as Excel shows it, with inline strings only. */
export function notesSheetXml(replaced: SnapshotEntry[], version: string, time: string): string {
  const rows: Result[][] = [];
  rows[1] = ['快照说明 / Snapshot notes'];
  rows[2] = [
    '本副本中调用 REUSE 函数的公式已替换为计算结果，未安装加载项也能显示正确数值；其他公式、格式和名称保持不变。下表列出每个被替换的单元格及其原公式；同一列中向下填充的同一公式合为一行（列出首个单元格的公式和数值）。',
  ];
  rows[3] = [
    "In this copy every formula calling a REUSE function was replaced by its value, so it shows the right numbers without the add-in; other formulas, formats and names are unchanged. The table lists each replaced cell with its original formula; one formula filled down a column is one line (with its first cell's formula and value).",
  ];
  rows[5] = ['加载项版本 Add-in version', version];
  rows[6] = ['快照时间 Snapshot time (UTC, ISO 8601)', time];
  rows[7] = ['替换的公式 Formulas replaced', replaced.length];
  const top = 9;
  rows[top] = [
    '工作表 Sheet',
    '单元格 Cell',
    '区域 Range',
    '原公式 Original formula',
    '保存形式 As stored in the file',
    '数值 Value',
  ];
  notesLines(replaced).forEach((e, i) => {
    rows[top + 1 + i] = [e.sheet, e.cells, e.range, `=${toEngineFormula(e.formula)}`, `=${e.formula}`, e.value];
  });
  // Row 1 is rows[1]; an empty text or value leaves its cell out.
  const cells = rows
    .slice(1)
    .map((values) => values.map((value) => (value === null || value === '' ? undefined : { value })));
  return worksheetXml(cells, { widths: [18, 10, 12, 60, 60, 18], freeze: { rows: top, cols: 0 } });
}
