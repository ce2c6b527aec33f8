/**
 * A copy of a workbook for a bureau without the add-in: every formula that calls a REUSE
 * function (in any spelling: `REUSE.`, `_xldudf_REUSE_`, `[n]!_xldudf_REUSE_`) is recalculated
 * and replaced by its value — a spilled array by plain values over its range — and a notes
 * sheet lists each replaced cell with its original formula, the add-in version and the time,
 * in Chinese and English. Everything else stays: other formulas (recalculated, so those that
 * read REUSE results see fresh values), number formats, defined names, sheet order, dynamic
 * arrays of other formulas and custom XML parts (the scenario store).
 *
 * Bytes in, bytes out, with an injectable clock and version: the CLI and the task pane's
 * "prepare a copy for sharing" run the same code.
 */
import ExcelJS from 'exceljs';
import type { Lang } from '../core/errors';
import { toEngineFormula, usesReuse } from './formula-text';
import { ExternalLink, carryOverParts } from './package';
import type { XlsxLimits } from './safe-xlsx';
import { CellWarning, Result, cachedResult, decodeRange, loadWorkbook, workbookBytes, writeResults } from './workbook';

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

function plainValue(v: unknown): ExcelJS.CellValue {
  if (v === undefined) return null;
  if (v && typeof v === 'object' && 'error' in v) return { error: (v as { error: string }).error } as ExcelJS.CellErrorValue;
  return v as ExcelJS.CellValue;
}

function notesSheetName(wb: ExcelJS.Workbook): string {
  const taken = new Set(wb.worksheets.map((w) => w.name.toLowerCase()));
  if (!taken.has(SNAPSHOT_SHEET.toLowerCase())) return SNAPSHOT_SHEET;
  for (let i = 2; ; i++) if (!taken.has(`${SNAPSHOT_SHEET} ${i}`.toLowerCase())) return `${SNAPSHOT_SHEET} ${i}`;
}

/** Replaces REUSE formulas by their values and adds the notes sheet. */
export async function snapshotWorkbookBytes(bytes: Uint8Array, opts: SnapshotOptions): Promise<SnapshotResult> {
  const time = (opts.now ?? (() => new Date()))().toISOString();
  const loaded = await loadWorkbook(bytes, { lang: opts.lang, limits: opts.limits });
  try {
    const report = writeResults(loaded);
    const uncomputable = new Set(report.warnings.filter((w) => w.sheet).map((w) => `${w.sheet}!${w.address}`));
    const warnings: CellWarning[] = report.warnings.filter((w) => !w.sheet);
    const replaced: SnapshotEntry[] = [];
    const { workbook } = loaded;

    for (const f of loaded.formulas) {
      if (!usesReuse(f.text)) continue;
      const ws = workbook.getWorksheet(f.sheet)!;
      const after = f.cell.value as ExcelJS.CellFormulaValue & { shareType?: string; ref?: string };
      const value = cachedResult(f.cell) as Result;
      if (uncomputable.has(`${f.sheet}!${f.cell.address}`)) {
        warnings.push({ sheet: f.sheet, address: f.cell.address, formula: f.text, reason: 'the engine cannot compute it: the value cached in the file was kept' });
      }
      const ref = after.shareType === 'array' && after.ref && after.ref.includes(':') ? after.ref : undefined;
      f.cell.value = plainValue(value);
      loaded.dynamicArrays.get(f.sheet)?.delete(f.cell.address);
      replaced.push({ sheet: f.sheet, address: f.cell.address, ...(ref ? { range: ref } : {}), formula: f.text, value: value ?? null });
      // The other cells of a spilled array already hold the engine's values (writeResults).
      if (ref) {
        const r = decodeRange(ref)!;
        for (let y = r.top; y <= r.bottom; y++) for (let x = r.left; x <= r.right; x++) if (y !== Number(f.cell.row) || x !== Number(f.cell.col)) ws.getCell(y, x).value = plainValue(ws.getCell(y, x).value);
      }
    }
    for (const { name, ranges } of (workbook.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model ?? []) {
      if (ranges.some(usesReuse)) warnings.push({ sheet: '', address: name, formula: ranges.join(','), reason: 'defined name calls a REUSE function: not replaced' });
    }

    const notesSheet = notesSheetName(workbook);
    addNotesSheet(workbook.addWorksheet(notesSheet), replaced, opts.version, time);
    const out = await carryOverParts(bytes, await workbookBytes(workbook, loaded.dynamicArrays));
    return { bytes: out, replaced, notesSheet, version: opts.version, time, warnings, externalLinks: loaded.externalLinks };
  } finally {
    loaded.engine.hf.destroy();
  }
}

function addNotesSheet(ws: ExcelJS.Worksheet, replaced: SnapshotEntry[], version: string, time: string): void {
  ws.getCell('A1').value = '快照说明 / Snapshot notes';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = '本副本中调用 REUSE 函数的公式已替换为计算结果，未安装加载项也能显示正确数值；其他公式、格式和名称保持不变。下表列出每个被替换的单元格及其原公式。';
  ws.getCell('A3').value =
    'In this copy every formula calling a REUSE function was replaced by its value, so it shows the right numbers without the add-in; other formulas, formats and names are unchanged. The table lists each replaced cell with its original formula.';
  const meta: [string, string | number][] = [
    ['加载项版本 Add-in version', version],
    ['快照时间 Snapshot time (UTC, ISO 8601)', time],
    ['替换的公式 Formulas replaced', replaced.length],
  ];
  meta.forEach(([k, v], i) => {
    ws.getCell(5 + i, 1).value = k;
    ws.getCell(5 + i, 2).value = v;
  });
  const header = ['工作表 Sheet', '单元格 Cell', '区域 Range', '原公式 Original formula', '保存形式 As stored in the file', '数值 Value'];
  const top = 9;
  header.forEach((h, i) => {
    const c = ws.getCell(top, i + 1);
    c.value = h;
    c.font = { bold: true };
  });
  replaced.forEach((e, i) => {
    const row = top + 1 + i;
    ws.getCell(row, 1).value = e.sheet;
    ws.getCell(row, 2).value = e.address;
    ws.getCell(row, 3).value = e.range ?? '';
    ws.getCell(row, 4).value = `=${toEngineFormula(e.formula)}`;
    ws.getCell(row, 5).value = `=${e.formula}`;
    ws.getCell(row, 6).value = plainValue(e.value);
  });
  [18, 10, 12, 60, 60, 18].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', ySplit: top }];
}
