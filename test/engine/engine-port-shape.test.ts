/**
 * What-ifs that change the size of a spill (issue 10): the bond term above 20 years lengthens
 * the debt-service column and the bond schedule. The port must give the same values a fresh
 * load of the changed file gives (the CLI's path), keep the user's value to restore, and save
 * a file whose cached values are those values.
 */
import { workbookBytes } from '../../src/examples/xlsx-bytes';
import { buildFlagshipWorkbook } from '../../src/examples/flagship';
import { loadWorkbook } from '../../src/engine/load';
import { EnginePort } from '../../src/workbook/engine-port';
import { PortError } from '../../src/workbook/port';

const OUTPUTS = ["'评价'!C5", "'评价'!C7", "'投资与融资'!C13"];

async function flagshipBytes(): Promise<Uint8Array> {
  return workbookBytes(buildFlagshipWorkbook().workbook);
}

/** The values of every cell of every sheet, read from a fresh engine over the bytes. */
async function freshValues(bytes: Uint8Array): Promise<unknown[][][]> {
  const loaded = await loadWorkbook(bytes);
  try {
    const hf = loaded.engine.hf;
    return hf.getSheetNames().map((n) => hf.getSheetValues(hf.getSheetId(n)!));
  } finally {
    loaded.engine.hf.destroy();
  }
}

describe('EnginePort: what-ifs that change a spill size', () => {
  jest.setTimeout(120_000);

  it.each([25, 30, 15, 20])('bond_term = %i: the same values as a fresh load of the saved file', async (term) => {
    const port = await EnginePort.fromBytes(await flagshipBytes());
    const r = await port.apply([{ ref: 'bond_term', contents: { value: term } }], OUTPUTS);
    expect(r.before).toEqual([{ ref: 'bond_term', contents: { value: 20 } }]);
    expect(await port.readValues(['bond_term'])).toEqual([term]);
    const saved = await port.toBytes();
    const again = await EnginePort.fromBytes(saved);
    expect(await again.readValues(['bond_term', ...OUTPUTS])).toEqual([term, ...r.values]);
    // Every cell of the port's engine equals a fresh engine over the saved file.
    const hf = (port as unknown as { loaded: { engine: { hf: import('hyperformula').HyperFormula } } }).loaded.engine
      .hf;
    const here = hf.getSheetNames().map((n) => hf.getSheetValues(hf.getSheetId(n)!));
    expect(JSON.stringify(here)).toBe(JSON.stringify(await freshValues(saved)));
    // Restoring puts back the user's 20, and the values of the untouched file.
    await port.write(r.before);
    expect(await port.readValues(['bond_term'])).toEqual([20]);
    const base = await EnginePort.fromBytes(await flagshipBytes());
    expect(await port.readValues(OUTPUTS)).toEqual(await base.readValues(OUTPUTS));
    port.dispose();
    again.dispose();
    base.dispose();
  });

  it('a sweep of terms on one port matches fresh loads, term by term', async () => {
    const port = await EnginePort.fromBytes(await flagshipBytes());
    for (const term of [21, 10, 28, 5, 20]) {
      const r = await port.apply([{ ref: 'bond_term', contents: { value: term } }], OUTPUTS);
      const fresh = await EnginePort.fromBytes(await port.toBytes());
      expect(await fresh.readValues(OUTPUTS)).toEqual(r.values);
      fresh.dispose();
    }
    port.dispose();
  });

  it("a term whose debt service finds no room (#SPILL!), then the file's term: the values come back", async () => {
    // The 融资平衡 sheet has room for 50 bond years; a note typed 30 rows below the first year is in
    // the way of a 40-year debt service (N16:N55), as it would be in Excel.
    const DS = "'融资平衡'!N16";
    const port = await EnginePort.fromBytes(await flagshipBytes());
    const base = await port.readValues([DS, "'评价'!C9", ...OUTPUTS]);
    const r = await port.apply(
      [
        { ref: 'bond_term', contents: { value: 40 } },
        { ref: "'融资平衡'!N46", contents: { value: 'note' } },
      ],
      [DS]
    );
    expect(r.values).toEqual([{ error: '#SPILL!' }]);
    await port.write(r.before);
    expect(await port.readValues([DS, "'评价'!C9", ...OUTPUTS])).toEqual(base);
    port.dispose();
  });

  it('a bad output reference fails before anything is written', async () => {
    const port = await EnginePort.fromBytes(await flagshipBytes());
    await expect(port.apply([{ ref: 'bond_term', contents: { value: 25 } }], ['no_such_name'])).rejects.toThrow(
      PortError
    );
    expect(await port.readValues(['bond_term'])).toEqual([20]);
    port.dispose();
  });
});
