/**
 * The pure parts of the function reference (search, signatures, UI strings). The DOM
 * rendering itself is exercised in a real browser by test/e2e/bundle.test.ts.
 */
import { FUNCTIONS } from '../../../src/registry';
import { filterFunctions, groupOf, signature, ui } from '../../../src/taskpane/reference';

const ids = (q: string) => filterFunctions(q).map((f) => f.id);
const byId = (id: string) => FUNCTIONS.find((f) => f.id === id)!;

describe('filterFunctions', () => {
  it('an empty or blank query shows everything, in registry order', () => {
    expect(ids('')).toEqual(FUNCTIONS.map((f) => f.id));
    expect(ids('   ')).toEqual(FUNCTIONS.map((f) => f.id));
  });

  it('matches full names, descriptions and parameter names, any case', () => {
    expect(ids('reuse.tariff.tiered')).toContain('TARIFF.TIERED');
    expect(ids('TIERED')).toContain('TARIFF.TIERED');
    expect(ids('household_volumes')).toEqual(expect.arrayContaining(['TARIFF.TIERLIMITS', 'TARIFF.SOLVEBASE']));
  });

  it('matches Chinese texts whatever the display language', () => {
    expect(ids('阶梯')).toContain('TARIFF.TIERED');
    expect(ids('政策参数')).toEqual(expect.arrayContaining(['POLICY', 'POLICY.LIST']));
  });

  it('needs every term to match', () => {
    expect(ids('tariff quota')).toEqual(ids('quota').filter((id) => id.startsWith('TARIFF.')));
    expect(ids('tiered zzz-none')).toEqual([]);
  });
});

describe('signature and labels', () => {
  it('shows optional parameters in brackets, as Excel does', () => {
    expect(signature(byId('TARIFF.TIERED'))).toBe('REUSE.TARIFF.TIERED(volume, limits, prices, [method])');
    expect(signature(byId('POLICY.LIST'))).toBe('REUSE.POLICY.LIST()');
  });

  it('groups by the first part of the id', () => {
    expect(groupOf(byId('TARIFF.TIERED'))).toBe('TARIFF');
    expect(groupOf(byId('POLICY'))).toBe('POLICY');
  });

  it('fills UI strings in both languages', () => {
    expect(ui('count', 'en-US', { n: 3, total: 9 })).toBe('3 of 9 functions');
    expect(ui('count', 'zh-CN', { n: 3, total: 9 })).toBe('共 9 个函数，显示 3 个');
  });
});

describe('text only', () => {
  it('the pane never writes markup from strings (textContent only), views included', () => {
    const fs = require('fs') as typeof import('fs');
    const path = require('path') as typeof import('path');
    const dir = path.resolve(__dirname, '../../../src/taskpane');
    const offenders = (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .filter((f) =>
        /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write)\b/.test(fs.readFileSync(path.join(dir, f), 'utf8'))
      );
    expect(offenders).toEqual([]);
  });
});
