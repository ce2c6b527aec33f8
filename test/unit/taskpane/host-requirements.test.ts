/**
 * @jest-environment jsdom
 */
/**
 * The scenario pane runs only where Excel has the API its Office port calls: ExcelApi 1.9
 * (application.calculationState, getSelectedRanges). A host answering isSetSupported as Office
 * does — true for every version up to the highest it implements — with 1.8 gets the function
 * reference only, never a pane whose first Apply would fail.
 */
import { canRunScenarios } from '../../../src/taskpane/taskpane';

/** A host implementing ExcelApi up to `highest` (minor versions of 1.x compared as numbers). */
function host(highest: number) {
  const minor = (v: string) => Number(v.split('.')[1]);
  return {
    Excel: { run: (async () => undefined) as unknown as typeof Excel.run },
    Office: {
      context: {
        requirements: {
          isSetSupported: (name: string, v: string) =>
            name === 'ExcelApi' && minor(v) <= Math.round((highest - 1) * 10),
        },
      },
    },
  };
}

describe('canRunScenarios', () => {
  it('needs ExcelApi 1.9: 1.8 is not enough, 1.9 and later are', () => {
    expect(canRunScenarios(host(1.8) as never)).toBe(false);
    expect(canRunScenarios(host(1.5) as never)).toBe(false);
    expect(canRunScenarios(host(1.9) as never)).toBe(true);
  });

  it('is false outside Excel (no Excel.run)', () => {
    expect(canRunScenarios({} as never)).toBe(false);
  });
});
