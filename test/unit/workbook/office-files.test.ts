/**
 * The Office sharing host against office-addin-mock (test/helpers/excel-mock.ts): repairing
 * formulas in Excel (found through the API, shown, written only after confirmation and only
 * where the cell still holds what was shown), the open file's bytes read slice by slice, a
 * copy opened as a new workbook, and the pane handlers over both.
 */
import { repairForExcel, toDisplayFormula } from '../../../src/engine/formula-text';
import {
  applyRepairsHandler,
  findRepairsHandler,
  openPane,
  prepareCopyHandler,
  sharingCopyName,
} from '../../../src/taskpane/handlers';
import { OfficeDocumentLike, OfficeSharing, readDocumentFile, toBase64 } from '../../../src/workbook/office-files';
import { OfficePort } from '../../../src/workbook/office-port';
import { MockExcel } from '../../helpers/excel-mock';

const TIERED = '_xldudf_REUSE_TARIFF_TIERED';

function setup(doc: Partial<OfficeDocumentLike> = {}, createWorkbook?: (b64: string) => Promise<unknown>) {
  const excel = new MockExcel({ values: { '测算!C1': 240, 'Other!A1': 1 } });
  const set = (key: string, formula: string, error?: string) =>
    excel.cells.set(key, { value: error ? null : 1, formula, error });
  set('测算!A1', `=[1]!${TIERED}(C1,{180,300},{3.04,3.75,5.88})`, '#REF!');
  set('测算!A2', '=REUSE.POLICY("wanzhou.target.sewer_km")', '#NAME?');
  set('测算!A3', '=REUSE.POLICY("central.cap")'); // healthy: resolved, has a value
  set('测算!B2', `=${TIERED}(C1,{180,300},{3.04,3.75,5.88})`, '#NAME?');
  set('测算!D5', '="REUSE.POLICY(1) is text"&"[1]!_xldudf_REUSE_X("');
  set('Other!B3', '=SUM(A1:A2)');
  const sharing = new OfficeSharing({
    run: excel.run,
    document: { url: 'https://x/sites/财政局/万州模型.xlsx?web=1', getFileAsync: () => undefined, ...doc },
    createWorkbook,
  });
  const port = new OfficePort({ run: excel.run, displayLanguage: () => 'zh-CN' });
  return { excel, sharing, port };
}

/** Every cell key the repair scan loaded (the blocks' rectangles). */
function loadedKeys(excel: MockExcel): string[] {
  const letters = (n: number) => {
    let s = '';
    for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  };
  return excel.blockLoads.flatMap((b) =>
    Array.from(
      { length: b.rows * b.cols },
      (_, i) => `${b.sheet}!${letters(b.col + (i % b.cols) + 1)}${b.row + Math.floor(i / b.cols) + 1}`
    )
  );
}

describe('repairForExcel', () => {
  it.each<[string, boolean, string | undefined]>([
    [`=[1]!${TIERED}(A1,{1},{2,3})`, false, '=REUSE.TARIFF.TIERED(A1,{1},{2,3})'],
    [`=[12]!${TIERED.toLowerCase()}(A1)+1`, false, '=REUSE.TARIFF.TIERED(A1)+1'],
    [`=${TIERED}(A1)`, true, '=REUSE.TARIFF.TIERED(A1)'],
    ['=REUSE.POLICY("x")', true, '=REUSE.POLICY("x")'], // re-entered: Excel resolves it now
    ['=REUSE.POLICY("x")', false, undefined], // healthy
    ['="[1]!_xldudf_REUSE_POLICY("', false, undefined],
    ['=[1]!_xldudf_OTHER_ADDIN(1)', false, undefined], // not ours: left alone
    ['=_xlfn.SEQUENCE(3)', false, undefined],
    ['42', true, undefined],
  ])('%s (value #NAME?: %s) → %s', (formula, nameError, expected) => {
    expect(repairForExcel(formula, nameError)).toBe(expected);
  });

  it('toDisplayFormula keeps _xlfn. and strings', () => {
    expect(toDisplayFormula(`_xlfn.SEQUENCE(3)+${TIERED}(1)&"${TIERED}("`)).toBe(
      `_xlfn.SEQUENCE(3)+REUSE.TARIFF.TIERED(1)&"${TIERED}("`
    );
  });
});

describe('OfficeSharing: repair formulas', () => {
  it('finds what needs repair through the API, in few syncs, and writes nothing', async () => {
    const { excel, sharing } = setup();
    const repairs = await sharing.findRepairs();
    expect(repairs).toEqual([
      {
        sheet: '测算',
        address: 'A1',
        before: `=[1]!${TIERED}(C1,{180,300},{3.04,3.75,5.88})`,
        after: '=REUSE.TARIFF.TIERED(C1,{180,300},{3.04,3.75,5.88})',
      },
      {
        sheet: '测算',
        address: 'A2',
        before: '=REUSE.POLICY("wanzhou.target.sewer_km")',
        after: '=REUSE.POLICY("wanzhou.target.sewer_km")',
      },
      {
        sheet: '测算',
        address: 'B2',
        before: `=${TIERED}(C1,{180,300},{3.04,3.75,5.88})`,
        after: '=REUSE.TARIFF.TIERED(C1,{180,300},{3.04,3.75,5.88})',
      },
    ]);
    expect(excel.syncs).toBe(3); // sheets; their formula areas; one block of formula cells
    expect(excel.cells.get('测算!A1')?.formula).toContain('[1]!');
    expect([...new Set(excel.blockLoads.map((b) => b.sheet))]).toEqual(['测算', 'Other']);
    // Only cells holding formulas are read: C1 (240) and Other!A1 (1) are constants.
    expect(loadedKeys(excel)).not.toContain('测算!C1');
    expect(loadedKeys(excel)).not.toContain('Other!A1');
  });

  it("a text cell that reads like a REUSE formula (typed '=…) is not offered for repair", async () => {
    const excel = new MockExcel({ values: { 'S!A1': '=[1]!_xldudf_REUSE_POLICY("x")', 'S!A2': '=REUSE.POLICY("x")' } });
    excel.cells.set('S!B1', { value: null, formula: '=REUSE.POLICY("y")', error: '#NAME?' });
    const sharing = new OfficeSharing({ run: excel.run, document: { getFileAsync: () => undefined } });
    expect(await sharing.findRepairs()).toEqual([
      { sheet: 'S', address: 'B1', before: '=REUSE.POLICY("y")', after: '=REUSE.POLICY("y")' },
    ]);
  });

  it('reads formula areas in blocks and halves a block Excel on the web refuses as too large', async () => {
    // 3 sheets × 40 × 5 formula cells, each formula ~60 characters; a sync may carry 30,000 characters.
    const excel = new MockExcel({ sheets: ['A', 'B', 'C'], payloadLimit: 30_000 });
    const expected: string[] = [];
    for (const sheet of ['A', 'B', 'C'])
      for (let r = 1; r <= 40; r++)
        for (const col of ['B', 'C', 'D', 'E', 'F']) {
          excel.cells.set(`${sheet}!${col}${r}`, {
            value: null,
            formula: `=${TIERED}(${col}${r + 100},{180,300},{3.04,3.75,5.88})`,
            error: '#NAME?',
          });
          expected.push(`${sheet}!${col}${r}`);
        }
    for (let r = 1; r <= 40; r++) excel.cells.set(`A!A${r}`, { value: `label ${r}` });
    const sharing = new OfficeSharing({
      run: excel.run,
      document: { getFileAsync: () => undefined },
      blockCells: 1000,
    });
    const repairs = await sharing.findRepairs();
    expect(repairs.map((r) => `${r.sheet}!${r.address}`).sort()).toEqual(expected.sort());
    expect(repairs.every((r) => r.after.startsWith('=REUSE.TARIFF.TIERED('))).toBe(true);
    // One area of 40 × 5 = 200 cells per sheet. The first block, all 3 areas (600 cells × ~80
    // characters of formula, value and type ≈ 48,000 > 30,000), is refused; halved to 300 cells,
    // each area is read on its own (200 × 80 ≈ 16,000): 3 + 3 block loads, 1 + 1 + 1 + 3 syncs.
    expect(excel.blockLoads.map((b) => [b.sheet, b.rows * b.cols])).toEqual([
      ['A', 200],
      ['B', 200],
      ['C', 200],
      ['A', 200],
      ['B', 200],
      ['C', 200],
    ]);
    expect(excel.syncs).toBe(6);
    expect(loadedKeys(excel).filter((k) => k.startsWith('A!A'))).toEqual([]); // labels never read
  });

  it('one protected sheet does not stop the repairs on the others; each refusal is reported with its reason', async () => {
    const { excel, sharing } = setup();
    const repairs = await sharing.findRepairs();
    excel.cells.set('Other!C3', { value: null, formula: `=${TIERED}(1)`, error: '#NAME?' });
    const all = [
      ...repairs,
      { sheet: 'Other', address: 'C3', before: `=${TIERED}(1)`, after: '=REUSE.TARIFF.TIERED(1)' },
    ];
    excel.protectedRefs.push('测算');
    const written = await sharing.writeRepairs(all);
    expect(written.map((r) => `${r.sheet}!${r.address}`)).toEqual(['Other!C3']);
    expect(excel.cells.get('Other!C3')?.formula).toBe('=REUSE.TARIFF.TIERED(1)');
    expect(written.failed?.map((f) => `${f.repair.sheet}!${f.repair.address}`)).toEqual([
      '测算!A1',
      '测算!A2',
      '测算!B2',
    ]);
    expect(written.failed?.[0].reason).toMatch(/^AccessDenied: .*protected/);
    expect(excel.cells.get('测算!A1')?.formula).toContain('[1]!');
    expect(excel.calculations).toEqual(['Full']); // the refused batch's recalculation went with it; one after the written sheet
  });

  it('a sheet deleted since the scan: its repairs fail with a reason, the others are written', async () => {
    const { excel, sharing } = setup();
    const repairs = await sharing.findRepairs();
    const gone = [
      ...repairs,
      { sheet: 'Gone', address: 'A1', before: `=${TIERED}(1)`, after: '=REUSE.TARIFF.TIERED(1)' },
    ];
    const written = await sharing.writeRepairs(gone);
    expect(written.map((r) => r.address)).toEqual(['A1', 'A2', 'B2']);
    expect(written.failed).toEqual([{ repair: gone[3], reason: 'ItemNotFound: the sheet no longer exists' }]);
    expect(excel.cells.get('测算!B2')?.formula).toBe('=REUSE.TARIFF.TIERED(C1,{180,300},{3.04,3.75,5.88})');
  });

  it('writes confirmed repairs in 2 syncs, skips a cell edited since, and recalculates fully', async () => {
    const { excel, sharing } = setup();
    const repairs = await sharing.findRepairs();
    excel.cells.set('测算!B2', { value: 5 }); // the user typed over it after the scan
    excel.syncs = 0;
    const written = await sharing.writeRepairs(repairs);
    expect(excel.syncs).toBe(2);
    expect(written.map((r) => r.address)).toEqual(['A1', 'A2']);
    expect(excel.cells.get('测算!A1')?.formula).toBe('=REUSE.TARIFF.TIERED(C1,{180,300},{3.04,3.75,5.88})');
    expect(excel.cells.get('测算!B2')).toEqual({ value: 5 });
    expect(excel.cells.get('测算!D5')?.formula).toContain('is text');
    expect(excel.calculations).toEqual(['Full']);
  });

  it('the pane handlers: find, then write after confirmation; the scenario store is read again', async () => {
    const { excel, sharing, port } = setup();
    const state = await openPane(port);
    const found = await findRepairsHandler(sharing);
    expect(found).toHaveLength(3);
    expect(excel.cells.get('测算!A1')?.formula).toContain('[1]!'); // nothing written before confirmation
    const r = await applyRepairsHandler(port, sharing, state, found.slice(0, 1));
    expect(r.written).toHaveLength(1);
    expect(excel.cells.get('测算!B2')?.formula).toBe(`=${TIERED}(C1,{180,300},{3.04,3.75,5.88})`); // not confirmed: untouched
    expect(r.state.store.readOnly).toBeUndefined();
  });

  it('an empty workbook has nothing to repair', async () => {
    const excel = new MockExcel({ sheets: ['Empty'] });
    const sharing = new OfficeSharing({ run: excel.run, document: { getFileAsync: () => undefined } });
    expect(await sharing.findRepairs()).toEqual([]);
    expect(await sharing.writeRepairs([])).toEqual([]);
  });
});

/** getFileAsync over fixed bytes, in slices of `slice` bytes (Office passes number arrays). */
function fakeDocument(bytes: Uint8Array, slice: number, fail?: 'open' | 'slice') {
  const log: string[] = [];
  const doc: OfficeDocumentLike = {
    url: 'C:\\Users\\li\\Documents\\住建局模型.xlsx',
    getFileAsync: (type, _opts, cb) => {
      log.push(`open:${type}`);
      if (fail === 'open') return cb({ status: 'failed', value: undefined as never, error: { message: 'busy' } });
      const sliceCount = Math.ceil(bytes.length / slice);
      cb({
        status: 'succeeded',
        value: {
          size: bytes.length,
          sliceCount,
          getSliceAsync: (i, cb2) => {
            log.push(`slice:${i}`);
            if (fail === 'slice' && i === 1)
              return cb2({ status: 'failed', value: undefined as never, error: { message: 'lost' } });
            cb2({ status: 'succeeded', value: { data: Array.from(bytes.subarray(i * slice, (i + 1) * slice)) } });
          },
          closeAsync: () => log.push('close'),
        },
      });
    },
  };
  return { doc, log };
}

describe('OfficeSharing: the open file and a new workbook', () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256);

  it('reads the compressed file slice by slice and closes it', async () => {
    const { doc, log } = fakeDocument(bytes, 300);
    expect(Buffer.from(await readDocumentFile(doc)).equals(Buffer.from(bytes))).toBe(true);
    expect(log).toEqual(['open:compressed', 'slice:0', 'slice:1', 'slice:2', 'slice:3', 'close']);
  });

  it.each(['open', 'slice'] as const)('a failure to %s is reported, and the file closed', async (fail) => {
    const { doc, log } = fakeDocument(bytes, 300, fail);
    await expect(readDocumentFile(doc)).rejects.toThrow(fail === 'open' ? /busy/ : /lost/);
    if (fail === 'slice') expect(log[log.length - 1]).toBe('close');
  });

  it('refuses a file larger than the limit', async () => {
    const { doc, log } = fakeDocument(bytes, 300);
    await expect(readDocumentFile(doc, 999)).rejects.toThrow(/too large/);
    expect(log).toEqual(['open:compressed', 'close']);
  });

  it('names files after the workbook, opens a copy with createWorkbook(base64) where the host has it', async () => {
    const opened: string[] = [];
    const { doc } = fakeDocument(bytes, 300);
    const excel = new MockExcel({ sheets: ['S'] });
    const withCreate = new OfficeSharing({
      run: excel.run,
      document: doc,
      createWorkbook: async (b) => opened.push(b),
    });
    expect(withCreate.fileName()).toBe('住建局模型.xlsx');
    expect(await withCreate.openWorkbook(bytes)).toBe(true);
    expect(opened).toEqual([toBase64(bytes)]);
    expect(Buffer.from(opened[0], 'base64').equals(Buffer.from(bytes))).toBe(true);
    expect(
      await new OfficeSharing({ run: excel.run, document: { getFileAsync: doc.getFileAsync } }).openWorkbook(bytes)
    ).toBe(false);
    expect(new OfficeSharing({ run: excel.run, document: { getFileAsync: doc.getFileAsync } }).fileName()).toBe(
      'workbook.xlsx'
    );
    expect(setup().sharing.fileName()).toBe('万州模型.xlsx');
    // A local path is not URL-encoded: a % in the name must not throw.
    expect(
      new OfficeSharing({
        run: excel.run,
        document: { url: 'D:\\财政\\预算%调整 50%.xlsx', getFileAsync: doc.getFileAsync },
      }).fileName()
    ).toBe('预算%调整 50%.xlsx');
    expect(
      new OfficeSharing({
        run: excel.run,
        document: { url: 'https://x/sites/a/%E9%A2%84%E7%AE%97.xlsx', getFileAsync: doc.getFileAsync },
      }).fileName()
    ).toBe('预算.xlsx');
  });

  it('prepareCopyHandler: the file bytes through the snapshot, opened as a new workbook or offered for download', async () => {
    const { doc } = fakeDocument(bytes, 300);
    const excel = new MockExcel({ sheets: ['S'] });
    const seen: Uint8Array[] = [];
    const snapshot = async (b: Uint8Array) => {
      seen.push(b);
      return { bytes: new Uint8Array([1, 2, 3]), replaced: [{}, {}] } as never;
    };
    const opened: string[] = [];
    const host = new OfficeSharing({ run: excel.run, document: doc, createWorkbook: async (b) => opened.push(b) });
    const copy = await prepareCopyHandler(host, snapshot, { version: '0.1.0', lang: 'zh-CN' });
    expect(Buffer.from(seen[0]).equals(Buffer.from(bytes))).toBe(true);
    expect(copy).toEqual({
      fileName: '住建局模型（共享副本）.xlsx',
      bytes: new Uint8Array([1, 2, 3]),
      replaced: 2,
      opened: true,
    });
    const failing = new OfficeSharing({
      run: excel.run,
      document: doc,
      createWorkbook: async () => Promise.reject(new Error('not allowed')),
    });
    expect((await prepareCopyHandler(failing, snapshot, { version: '0.1.0', lang: 'en-US' })).opened).toBe(false);
    expect(sharingCopyName('C:\\a\\model.xlsx', 'en-US')).toBe('model (for sharing).xlsx');
  });
});
