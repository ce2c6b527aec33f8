/**
 * AnalysisPorts over the workbook ports the project already has.
 *
 * - `fromEnginePort`: the headless engine's what-if (EnginePort.tryOut), which recalculates only
 *   what the outputs depend on and puts the inputs back — the fast path (CLI, API, playground,
 *   and the pane inside Excel on a copy read with getFileAsync).
 * - `fromWorkbookPort`: any WorkbookPort, Excel's own recalculation included: one `apply` (write,
 *   recalculate, read) and one `write` putting the inputs back per what-if.
 */
import type { Contents, Write, WorkbookPort } from '../workbook/port';
import type { AnalysisPort, CellValue } from './port';

/** What fromEnginePort uses of an EnginePort (src/workbook/engine-port.ts). */
export interface TryOutPort {
  readValues(refs: string[]): Promise<CellValue[]>;
  tryOut(writes: Write[], readRefs: string[]): Promise<CellValue[]>;
}

const writesOf = (inputs: ReadonlyArray<readonly [string, number]>): Write[] =>
  inputs.map(([ref, value]) => ({ ref, contents: { value } }));

export function fromEnginePort(port: TryOutPort, engine = 'reuse-finance engine (HyperFormula)'): AnalysisPort {
  return {
    engine,
    read: (refs) => port.readValues(refs),
    evaluate: (inputs, outputs) => port.tryOut(writesOf(inputs), outputs),
  };
}

export function fromWorkbookPort(port: WorkbookPort, engine = 'host recalculation'): AnalysisPort {
  return {
    engine,
    read: (refs) => port.readValues(refs),
    async evaluate(inputs, outputs) {
      const r = await port.apply(writesOf(inputs), outputs);
      // Put back in reverse order, so a cell named twice ends with what it held first.
      const back: Write[] = [...r.before].reverse().map((w) => ({ ref: w.ref, contents: w.contents as Contents }));
      await port.write(back);
      return r.values;
    },
  };
}
