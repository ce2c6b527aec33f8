/**
 * The analyses on the flagship workbook through the public API, each answer checked against a
 * separate, full recalculation (a workbook opened afresh with the input set, not the what-if
 * path), and every part of the workbook unchanged afterwards.
 */
import JSZip from 'jszip';
import { Workbook, dataTable, goalSeek, monteCarlo, openWorkbook, sensitivity } from '../../src/api';
import { buildFlagshipWorkbook } from '../../src/examples/flagship';
import { workbookBytes } from '../../src/examples/xlsx-bytes';
import { expectClose } from '../helpers/tolerance';

/** The DSCR column of the equity cash flow (资本金现金流, column AC, the timeline's 28 rows). */
const DSCR = Array.from({ length: 28 }, (_, i) => `资本金现金流!AC${6 + i}`);
const MIN_DSCR = 'min(资本金现金流!AC6:AC33)';
const NPV = '评价!C12';

let bytes: Uint8Array;
let wb: Workbook;
beforeAll(async () => {
  bytes = await workbookBytes(buildFlagshipWorkbook().workbook);
  wb = await openWorkbook(bytes);
}, 120_000);
afterAll(() => wb?.close());

/**
 * Every part of a saved package, by name, as text: what the workbook holds (cells, cached values,
 * names, custom XML). The zip's own entry dates may differ between two saves.
 */
async function parts(saved: Uint8Array): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(saved);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort())
    if (!zip.files[name].dir) out[name] = await zip.files[name].async('string');
  return out;
}

/** A full recalculation with `values` set, on a workbook opened afresh; the minimum of the DSCR numbers computed here. */
async function fresh(values: Record<string, number>, refs: string[]) {
  const other = await openWorkbook(bytes);
  try {
    await other.set(values);
    const got = await other.get([...DSCR, ...refs]);
    const dscr = DSCR.map((r) => got[r]).filter((v): v is number => typeof v === 'number');
    return { minDscr: Math.min(...dscr), values: refs.map((r) => got[r]) };
  } finally {
    other.close();
  }
}

describe('analyses on the flagship', () => {
  it('goal seek: the sewage fee that brings the minimum DSCR to 1.3, checked by a fresh recalculation with that fee', async () => {
    const before = await wb.save();
    const r = await goalSeek(wb.analysisPort(), {
      input: 'sewage_fee',
      output: MIN_DSCR,
      target: 1.3,
      between: [1, 10],
    });
    expectClose(r.outputValue, 1.3, 1e-9);
    const check = await fresh({ sewage_fee: r.value }, []);
    expectClose(check.minDscr, 1.3, 1e-7);
    expect(r.base.input).toBe(1.75);
    expect(r.record).toMatchObject({
      analysis: 'goalseek',
      engine: expect.stringMatching(/^reuse-finance .*, HyperFormula 3\./),
    });
    expect(await parts(await wb.save())).toEqual(await parts(before));
  }, 120_000);

  it('goal seek says there is no fee in [1, 1.5] giving a DSCR of 1.3 instead of guessing', async () => {
    await expect(
      goalSeek(wb.analysisPort(), { input: 'sewage_fee', output: MIN_DSCR, target: 1.3, between: [1, 1.5] })
    ).rejects.toMatchObject({ code: 'no-solution-in-bracket' });
    // the bond coupon does not enter the project NPV (before financing)
    await expect(
      goalSeek(wb.analysisPort(), { input: 'bond_coupon', output: NPV, target: 0, between: [0.01, 0.05] })
    ).rejects.toMatchObject({ code: 'output-constant' });
  }, 120_000);

  it('data table: each cell equals a fresh recalculation with that fee and share; the workbook is unchanged', async () => {
    const before = await wb.save();
    const r = await dataTable(wb.analysisPort(), {
      rows: { ref: 'sewage_fee', values: [1.5, 2] },
      columns: { ref: 'central_expected_share', values: [0.4, 0.8] },
      outputs: [NPV, MIN_DSCR],
    });
    for (const [i, fee] of [1.5, 2].entries()) {
      for (const [j, share] of [0.4, 0.8].entries()) {
        const check = await fresh({ sewage_fee: fee, central_expected_share: share }, [NPV]);
        expectClose(r.grids[0].cells[i][j], check.values[0] as number, 1e-12, 1e-6);
        expectClose(r.grids[1].cells[i][j], check.minDscr, 1e-12);
      }
    }
    expect(await parts(await wb.save())).toEqual(await parts(before));
  }, 240_000);

  it('sensitivity: the tornado’s ends agree with fresh recalculations of the changed workbook', async () => {
    const r = await sensitivity(wb.analysisPort(), {
      inputs: [{ ref: 'sewage_fee' }, { ref: 'om_fixed' }],
      outputs: [NPV],
      delta: 0.1,
    });
    const fee = r.tornado[0].bars.find((b) => b.input === 'sewage_fee')!;
    expectClose(fee.low, 1.575);
    const low = await fresh({ sewage_fee: 1.575 }, [NPV]);
    const high = await fresh({ sewage_fee: 1.925 }, [NPV]);
    expectClose(fee.outputLow, low.values[0] as number, 1e-12, 1e-6);
    expectClose(fee.outputHigh, high.values[0] as number, 1e-12, 1e-6);
    expect(r.tornado[0].bars[0].input).toBe('sewage_fee'); // the fee moves NPV far more than ± 10 % of fixed O&M
  }, 240_000);

  it('Monte Carlo: an iteration’s outputs equal a fresh recalculation with its sampled inputs; the same seed repeats', async () => {
    const before = await wb.save();
    const opts = {
      inputs: [
        { ref: 'sewage_fee', distribution: { type: 'triangular' as const, min: 1.5, mode: 1.75, max: 2.1 } },
        { ref: 'om_fixed', distribution: { type: 'pert' as const, min: 2e6, mode: 2.5e6, max: 3.5e6 } },
      ],
      outputs: [MIN_DSCR, NPV],
      iterations: 20,
      seed: 12345,
      keepSamples: true,
      thresholds: [{ output: MIN_DSCR, op: '<' as const, value: 1.2 }],
    };
    const r = await monteCarlo(wb.analysisPort(), opts);
    const [fee, om] = r.samples!.inputs[7];
    const check = await fresh({ sewage_fee: fee, om_fixed: om }, [NPV]);
    expectClose(r.samples!.outputs[7][0], check.minDscr, 1e-12);
    expectClose(r.samples!.outputs[7][1], check.values[0] as number, 1e-12, 1e-6);
    const again = await monteCarlo(wb.analysisPort(), opts);
    expect(JSON.stringify({ ...again, record: undefined })).toBe(JSON.stringify({ ...r, record: undefined }));
    expect(await parts(await wb.save())).toEqual(await parts(before));
  }, 240_000);
});
