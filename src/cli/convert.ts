/**
 * `reuse-calc convert IN.xlsx --to wps|excel -o OUT.xlsx [--json]`: rewrites every REUSE call
 * of a workbook into the spelling one spreadsheet program resolves —
 *
 *   --to wps    `_xldudf_REUSE_TARIFF_TIERED(`, `[n]!_xldudf_…(`, `REUSE.TARIFF.TIERED(` → `REUSE.TARIFF_TIERED(`
 *   --to excel  `REUSE.TARIFF_TIERED(`, `_xludf.REUSE.…(`, `REUSE.TARIFF.TIERED(` → `_xldudf_REUSE_TARIFF_TIERED(`
 *
 * An explicit command, never applied on the side: how WPS stores a custom-function call in an
 * .xlsx has not been observed (docs/wps.md), so the file a bureau gets is converted only when
 * someone asks. The engine, `check` and `recalc` read both spellings without converting.
 * The work is the repair path (engine/repair.ts `rewriteWorkbookBytes`): only the formulas that
 * change are touched, the rest of the package stays byte for byte, the input is never modified.
 * The package reader and the registry load only when the command runs (reuse-calc.ts imports
 * this module for its usage text).
 */
import { WorkbookError } from '../xlsx/limits';
import type { Lang } from '../core/i18n';
import { EXIT, Io, json, printable, where } from './output';
import { say } from './text';

export const CONVERT_USAGE = `  reuse-calc convert IN.xlsx --to wps|excel -o OUT.xlsx [--json]
      Rewrite every REUSE call into the spelling WPS Spreadsheets (REUSE.TARIFF_TIERED) or Excel
      (REUSE.TARIFF.TIERED, stored as _xldudf_REUSE_TARIFF_TIERED) resolves; lists every change.
      Only on request: check and recalc read both spellings without converting (docs/wps.md).`;

export type Target = 'wps' | 'excel';

/** Converts IN into OUT; OUT is written (a copy, if nothing changed) only if everything succeeded. */
export async function convertFile(input: string, output: string, to: Target) {
  const [{ rewriteWorkbookBytes }, { checkOutput, readInput, writeFileAtomic }, { toExcelFormula, toWpsFormula }] =
    await Promise.all([import('../engine/repair'), import('../api/files'), import('../wps/names')]);
  await checkOutput(input, output);
  const { bytes, ...report } = await rewriteWorkbookBytes(
    await readInput(input),
    to === 'wps' ? toWpsFormula : toExcelFormula
  );
  await writeFileAtomic(output, bytes);
  return report;
}

/** The `convert` command, flags already parsed by reuse-calc.ts. */
export async function convertCommand(
  flags: ReadonlyMap<string, string | true>,
  rest: string[],
  io: Io,
  lang: Lang = 'en-US'
): Promise<number> {
  const problem = (text: string) => {
    io.err(`reuse-calc: ${text}`);
    io.err(say(lang, 'hintCommand', { command: 'convert' }));
    return EXIT.usage;
  };
  const unknown = [...flags.keys()].filter((k) => !['--to', '-o', '--output', '--json'].includes(k));
  if (unknown.length) return problem(`convert does not take ${unknown.join(', ')}`);
  const to = flags.get('--to');
  if (to !== 'wps' && to !== 'excel')
    return problem(`convert needs --to wps or --to excel${typeof to === 'string' ? ` (got ${printable(to)})` : ''}`);
  const output = flags.get('-o') ?? flags.get('--output');
  if (rest.length !== 1 || typeof output !== 'string') return problem('convert needs one IN.xlsx and -o OUT.xlsx');
  const input = rest[0];
  try {
    const report = await convertFile(input, output, to);
    if (flags.has('--json')) io.out(json({ input, output, to, ...report }));
    else {
      for (const c of report.changes)
        io.out(
          `${where(c.sheet, c.address)}\t=${printable(c.before)}\t→\t=${printable(c.after)}${c.shared ? '\t(shared formula: its copies follow)' : ''}`
        );
      const program = to === 'wps' ? 'WPS Spreadsheets' : 'Excel';
      io.out(
        report.changes.length
          ? `converted ${report.changes.length} formulas for ${program}; written to ${output}`
          : `nothing to convert for ${program}; copied to ${output}`
      );
    }
    return EXIT.ok;
  } catch (e) {
    const [exit, message] =
      e instanceof WorkbookError
        ? [EXIT.badWorkbook, e.message]
        : [EXIT.internal, `unexpected failure: ${String((e as Error)?.message ?? e)}`];
    io.err(`reuse-calc: ${printable(input)}: ${printable(message)}`);
    return exit;
  }
}
