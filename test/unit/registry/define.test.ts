/**
 * defineFunction: argument types come from the parameter list (checked by the compiler here:
 * each `@ts-expect-error` fails the test run if inference degrades to `any`), `{default}` in a
 * description is the declared default, and `oneOf` numbers are checked.
 */
import { FUNCTIONS, findFunction, invoke } from '../../../src/registry';
import { defineFunction, param } from '../../../src/registry/define';
import { CalcError } from '../../../src/core/errors';

const text = { en: '', zh: '' };
const principal = param({ kind: 'number', name: 'principal', min: 0, description: text });

const probe = defineFunction({
  id: 'TEST.PROBE',
  description: text,
  formula: '',
  examples: [],
  params: [
    principal,
    {
      kind: 'list',
      name: 'repayment',
      optional: true,
      default: 'bullet',
      keywords: { bullet: ['bullet'], equal: ['equal'] },
      description: text,
    },
    {
      kind: 'number',
      name: 'ppy',
      optional: true,
      oneOf: [1, 4],
      description: { en: 'per year (default {default})', zh: '每年（默认 {default}）' },
      default: 4,
    },
    {
      kind: 'keyword',
      name: 'mode',
      options: { fast: ['fast', '快'], slow: ['slow'] },
      optional: true,
      description: text,
    },
  ],
  result: { kind: 'scalar' },
  compute: (a) => {
    const p: number = a.principal;
    const r: 'bullet' | 'equal' | readonly number[] = a.repayment;
    const n: 1 | 4 = a.ppy;
    const m: 'fast' | 'slow' | undefined = a.mode;
    // @ts-expect-error a number is not text
    const wrong: string = a.principal;
    // @ts-expect-error an optional keyword without a default may be undefined
    const mode: string = a.mode;
    void wrong;
    void mode;
    return `${p}|${Array.isArray(r) ? r.join('+') : r}|${n}|${m ?? '-'}`;
  },
});

describe('defineFunction', () => {
  it('passes typed arguments, defaults applied', () => {
    expect(invoke(probe, [100])).toBe('100|bullet|4|-');
    expect(invoke(probe, [100, [[0.5, 0.5]], 1, '快'])).toBe('100|0.5+0.5|1|fast');
  });
  it('checks oneOf after the bounds', () => {
    const r = invoke(probe, [100, undefined, 2]);
    expect(r).toBeInstanceOf(CalcError);
    expect((r as CalcError).text()).toBe('ppy: must be one of 1, 4 (got 2)');
    expect((r as CalcError).text('zh-CN')).toBe('ppy：必须是 1, 4 之一（收到 2）');
  });
  it('fills {default} from the declared default', () => {
    expect(probe.params[2].description).toEqual({ en: 'per year (default 4)', zh: '每年（默认 4）' });
  });
  it('refuses {default} in a parameter that declares none', () => {
    expect(() =>
      defineFunction({
        id: 'TEST.BAD',
        description: text,
        formula: '',
        examples: [],
        result: { kind: 'scalar' },
        params: [{ kind: 'number', name: 'x', optional: true, description: { en: 'x (default {default})', zh: 'x' } }],
        compute: () => 0,
      })
    ).toThrow(/x: the description says \{default\}/);
  });
});

describe('registry descriptions take policy numbers from the catalogue', () => {
  // Published figures: 财政部 税务总局公告2021年第40号 附件 5.2 refunds 70 % of VAT on sewage
  // treatment; the CIT rate is 25 % (企业所得税法 第四条); special-bond review asks a coverage of
  // 1.2 (财预〔2017〕89号 practice); concessions run at most 40 years (特许经营管理办法, 2024 令第17号).
  it.each([
    ['TAX.VATREFUND', 'refund_share', 'default 0.7'],
    ['TAX.CITHOLIDAY', 'rate', 'default 0.25'],
    ['BOND.CAPACITY', 'coverage', 'default 1.2'],
    ['PPP.CONCESSIONTEST', 'term_limit', 'default 40'],
  ])('%s %s says "%s"', (id, name, phrase) => {
    const f = findFunction(id);
    const p = f?.params.find((q) => q.name === name);
    expect(p?.description.en).toContain(phrase);
    expect(p?.description.en).not.toContain('{default}');
    expect(p?.description.zh).not.toContain('{default}');
  });
  it('no registered description keeps a {default} placeholder', () => {
    const left = FUNCTIONS.flatMap((f) =>
      f.params.filter((p) => /\{default\}/.test(p.description.en + p.description.zh)).map((p) => `${f.id} ${p.name}`)
    );
    expect(left).toEqual([]);
  });
});
