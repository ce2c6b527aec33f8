/**
 * The README's main job: build the example workbooks, recalculate each one headlessly into
 * a new file, and print its headline figures read back from the recalculated file.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { recalcFile } from '../api/files';
import { cellAddress, parseCellAddress } from '../xlsx/a1';
import { readWorkbook } from '../xlsx/package';
import { EXAMPLES } from './build';
import type { SummaryLine } from './types';
import { workbookBytes } from './xlsx-bytes';

function show(value: unknown, format: SummaryLine['format']): string {
  if (value && typeof value === 'object' && 'error' in value) return String(value.error);
  if (typeof value !== 'number') return value === undefined || value === null ? '(empty)' : String(value);
  switch (format) {
    case 'money':
      return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case 'price':
      return value.toFixed(4);
    case 'ratio':
      return `${(value * 100).toFixed(2)} %`;
    case 'year':
      return String(value);
    default:
      return value.toLocaleString('en-US', { maximumFractionDigits: 4 });
  }
}

/** Display width of a string (CJK characters take two columns in a terminal). */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(1, n - width(s)));

export async function runExamples(dir: string, out: (line: string) => void = console.log): Promise<number> {
  await fs.mkdir(dir, { recursive: true });
  let warnings = 0;
  for (const ex of EXAMPLES) {
    const { workbook, summary } = ex.build();
    const source = path.join(dir, ex.file);
    const target = source.replace(/\.xlsx$/, '.recalculated.xlsx');
    await fs.writeFile(source, await workbookBytes(workbook));
    const report = await recalcFile(source, target);
    warnings += report.warnings.length;
    out('');
    out(`${ex.title.zh} — ${ex.title.en}`);
    out(`  ${path.relative(process.cwd(), source)} → ${path.relative(process.cwd(), target)}`);
    out(`  ${report.formulas} formulas (${report.reuseFormulas} REUSE) in ${report.sheets.join(', ')}`);
    // The figures are read back from the recalculated file, through the same reader `check` uses.
    const back = await readWorkbook(await fs.readFile(target));
    const cachedAt = (sheet: string, address: string) => {
      const at = parseCellAddress(address)!;
      return back.sheets
        .find((s) => s.name === sheet)
        ?.xml?.cells.find((c) => cellAddress(c.row, c.col) === cellAddress(at.row, at.col))?.value;
    };
    const zhWidth = Math.max(...summary.map((l) => width(l.label.zh))) + 2;
    const enWidth = Math.max(...summary.map((l) => width(l.label.en))) + 2;
    for (const line of summary) {
      if (line.section) out(`  【${line.section.zh}】 ${line.section.en}`);
      out(
        `  ${pad(line.label.zh, zhWidth)}${pad(line.label.en, enWidth)}${show(cachedAt(line.sheet, line.cell), line.format)}`
      );
    }
    for (const w of report.warnings) out(`  warning: ${w.sheet}!${w.address} ${w.reason}`);
  }
  return warnings ? 1 : 0;
}

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? 'examples');
  runExamples(dir).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`example: ${(e as Error).message}`);
      process.exit(1);
    }
  );
}
