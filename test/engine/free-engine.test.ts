/**
 * Freeing a workbook's engine before its package is patched (src/engine/load.ts `freeEngine`),
 * and the full garbage collection the Node API asks for after a large one (src/api/memory.ts):
 * the memory this saves is measured by bench (t), never asserted here; these tests check what
 * is done and when.
 */
import ExcelJS from 'exceljs';
import { fullGarbageCollection } from '../../src/api/memory';
import {
  LARGE_ENGINE_FORMULAS,
  computeResults,
  freeEngine,
  loadWorkbook,
  onLargeEngineFreed,
} from '../../src/engine/load';
import { workbookBytes } from '../../src/examples/xlsx-bytes';

/** ES2021's WeakRef (Node has it; the project's TypeScript lib stops at ES2020). */
const WeakRef = (globalThis as unknown as { WeakRef: new <T extends object>(t: T) => { deref(): T | undefined } })
  .WeakRef;

async function smallWorkbook() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('S');
  ws.getCell('A1').value = 2;
  ws.getCell('B1').value = { formula: 'A1*3', result: 0 };
  return loadWorkbook(await workbookBytes(wb));
}

describe('freeEngine', () => {
  afterEach(() => onLargeEngineFreed(undefined));

  it('destroys the engine and keeps the plan, the model and the formula cells readable', async () => {
    const loaded = await smallWorkbook();
    const plan = computeResults(loaded);
    freeEngine(loaded);
    expect(() => loaded.engine.hf.getCellValue({ sheet: 0, row: 0, col: 1 })).toThrow();
    expect(plan.cells[0].value).toBe(6);
    expect(loaded.formulas[0].address).toBe('B1');
    expect(loaded.model.sheets[0].name).toBe('S');
  });

  it(`asks for the host's memory release only from ${LARGE_ENGINE_FORMULAS} formula cells`, async () => {
    const calls: number[] = [];
    onLargeEngineFreed(() => calls.push(1));
    freeEngine(await smallWorkbook());
    expect(calls).toHaveLength(0);
    const large = await smallWorkbook();
    // The threshold counts formula cells; the engine itself is the small one.
    freeEngine({ ...large, formulas: Array.from({ length: LARGE_ENGINE_FORMULAS }, () => large.formulas[0]) });
    expect(calls).toHaveLength(1);
    onLargeEngineFreed(undefined);
    const again = await smallWorkbook();
    freeEngine({ ...again, formulas: Array.from({ length: LARGE_ENGINE_FORMULAS }, () => again.formulas[0]) });
    expect(calls).toHaveLength(1);
  });
});

describe('fullGarbageCollection', () => {
  it('collects an object nothing refers to any more, without --expose-gc', async () => {
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined(); // jest runs without the flag
    let target: object | undefined = { rows: new Array(1000).fill(0) };
    const ref = new WeakRef(target);
    target = undefined;
    // A WeakRef keeps its target through the job that made it: collect in a later one.
    await new Promise((resolve) => setImmediate(resolve));
    fullGarbageCollection();
    expect(ref.deref()).toBeUndefined();
  });
});
