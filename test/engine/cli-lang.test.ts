/**
 * reuse-calc for a person: a usage mistake is its reason and one hint (not 30 lines of usage),
 * `help COMMAND` and `COMMAND --help` print that command's part, `--lang zh-CN` gives check's
 * and recalc's reports in Chinese, the engine's own parser messages are explained in both
 * languages (its detail kept), and a write error names OUT, never the temporary file.
 *
 * Workbooks: the hostile corpus's minimal valid workbook (sheet "测算": B1 = 240,
 * B2 = REUSE.TARIFF.TIERED(B1, {180,300}, {3.04,3.75,5.88})). By hand: 240 m³ →
 * 180 × 3.04 + 60 × 3.75 = 547.2 + 225 = 772.2. A cached 700 in B2 is one stale REUSE result;
 * recalculating it changes that one cached value. A copy with C2 = `SUM(B1,` (a missing
 * argument and bracket: no engine can parse it) keeps C2's cached 5 and warns.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { main } from '../../src/cli/reuse-calc';
import { writeFileAtomic } from '../../src/api/files';
import { tempDir } from '../helpers/fixtures';

const { workbookParts } = require('../../scripts/hostile-corpus.js') as {
  workbookParts: (extra?: Record<string, string>) => Record<string, string>;
};

async function zip(parts: Record<string, string>): Promise<Buffer> {
  const z = new JSZip();
  for (const [name, data] of Object.entries(parts)) z.file(name, data);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The minimal workbook with its sheet XML edited. */
async function minimal(edit: (sheet: string) => string): Promise<Buffer> {
  const sheet = workbookParts()['xl/worksheets/sheet1.xml'];
  const edited = edit(sheet);
  expect(edited).not.toBe(sheet);
  return zip(workbookParts({ 'xl/worksheets/sheet1.xml': edited }));
}

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

let dir: string;
const at = (...p: string[]) => path.join(dir, ...p);
const FORMULA = '=_xldudf_REUSE_TARIFF_TIERED(B1,{180,300},{3.04,3.75,5.88})';

beforeAll(async () => {
  dir = await tempDir();
  await fs.writeFile(at('stale.xlsx'), await minimal((s) => s.replace('<v>772.2</v>', '<v>700</v>')));
  await fs.writeFile(
    at('unparsable.xlsx'),
    await minimal((s) =>
      s
        .replace('<v>772.2</v></c></row>', '<v>772.2</v></c><c r="C2"><f>SUM(B1,</f><v>5</v></c></row>')
        .replace('A1:B2', 'A1:C2')
    )
  );
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('usage mistakes: the reason and one hint', () => {
  it.each([
    [['check'], 'en-US', 'reuse-calc: check needs IN.xlsx', 'run `reuse-calc help check` for how to use check'],
    [
      ['check', '--lang', 'zh-CN'],
      'zh-CN',
      'reuse-calc: check 需要 IN.xlsx',
      '运行 `reuse-calc help check` 查看 check 的用法',
    ],
    [
      ['recalc', 'a.xlsx', '--lang', 'zh-CN'],
      'zh-CN',
      'reuse-calc: recalc 需要 IN.xlsx 和 -o OUT.xlsx（或多个 IN.xlsx 和 --out-dir DIR）',
      '运行 `reuse-calc help recalc` 查看 recalc 的用法',
    ],
    [
      ['eval', '--lang', 'zh-CN', '--frob', '1'],
      'zh-CN',
      'reuse-calc: 未知选项 --frob',
      '运行 `reuse-calc help eval` 查看 eval 的用法',
    ],
    [['frob'], 'en-US', 'reuse-calc: unknown command frob', 'run `reuse-calc help` for the commands and their options'],
    [
      [],
      'en-US',
      'reuse-calc: no command given (eval, recalc, check, snapshot or repair)',
      'run `reuse-calc help` for the commands and their options',
    ],
    [
      ['help', 'frob'],
      'en-US',
      'reuse-calc: no help for frob: the commands are eval, recalc, check, snapshot and repair',
      'run `reuse-calc help` for the commands and their options',
    ],
    // An invalid --lang cannot choose the language: English.
    [
      ['check', 'a.xlsx', '--lang', 'fr'],
      'en-US',
      'reuse-calc: --lang must be en-US or zh-CN (got fr)',
      'run `reuse-calc help check` for how to use check',
    ],
  ])('%j (%s) → exactly two lines on stderr, exit 2', async (args, _lang, reason, hint) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([reason, hint]);
    expect(r.out).toEqual([]);
  });

  it('help COMMAND and COMMAND --help print that command alone (with exit codes); help prints every command', async () => {
    const all = await run(['help']);
    const one = await run(['help', 'check']);
    const flag = await run(['check', '--help']);
    expect([all.code, one.code, flag.code]).toEqual([0, 0, 0]);
    expect(flag.out).toEqual(one.out);
    const text = one.out.join('\n');
    expect(text).toContain('reuse-calc check IN...');
    expect(text).toContain('exit codes:');
    for (const other of ['reuse-calc eval', 'reuse-calc recalc', 'reuse-calc snapshot', 'reuse-calc repair'])
      expect(text).not.toContain(other);
    for (const every of [
      'reuse-calc eval',
      'reuse-calc recalc',
      'reuse-calc check',
      'reuse-calc snapshot',
      'reuse-calc repair',
    ])
      expect(all.out.join('\n')).toContain(every);
    expect(text.length).toBeLessThan(all.out.join('\n').length);
  });

  it('"--" ends the options: a formula spelled --help is not a request for help', async () => {
    const r = await run(['eval', '--', '--help']);
    expect(r.out.join('\n')).not.toContain('usage:');
  });
});

describe('--lang zh-CN translates the single-workbook reports', () => {
  it('check: header, finding line and verdict in Chinese; the numbers and formula as in English', async () => {
    const en = await run(['check', at('stale.xlsx')]);
    const zh = await run(['check', at('stale.xlsx'), '--lang', 'zh-CN']);
    expect([en.code, zh.code]).toEqual([1, 1]);
    expect(en.out).toEqual([
      'checked 1 formulas (1 with REUSE functions), 1 cached values, in 1 sheets: 测算',
      `测算!B2\tstale REUSE result\tcached 700, recomputed 772.2\t${FORMULA}`,
      'inconsistent: 1 findings (1 stale)',
    ]);
    expect(zh.out).toEqual([
      '已检查 1 个公式（1 个使用 REUSE 函数）、1 个缓存值，共 1 个工作表：测算',
      `测算!B2\tREUSE 结果过期\t缓存值 700，重算值 772.2\t${FORMULA}`,
      '不一致：1 项问题（1 个数值过期）',
    ]);
  });

  it('recalc: its lines in Chinese, the output named', async () => {
    const out = at('stale-zh.xlsx');
    const r = await run(['recalc', at('stale.xlsx'), '-o', out, '--set', '测算!B1=240', '--lang', 'zh-CN']);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      '已设置 测算!B1=240',
      '已重算 1 个公式（1 个使用 REUSE 函数），共 1 个工作表：测算',
      `1 个缓存值改变；已写入 ${out}`,
    ]);
  });

  it('recalc: a cell the engine cannot parse keeps its value, and the warning explains it in the chosen language with the engine detail after', async () => {
    const en = await run(['recalc', at('unparsable.xlsx'), '-o', at('u-en.xlsx')]);
    const zh = await run(['recalc', at('unparsable.xlsx'), '-o', at('u-zh.xlsx'), '--lang', 'zh-CN']);
    expect([en.code, zh.code]).toEqual([0, 0]);
    expect(en.err).toEqual([
      expect.stringMatching(
        /^warning: 测算!C2 \(SUM\(B1,\) kept its old value: #ERROR! the formula cannot be read \(a syntax error.*\); engine detail: \S/
      ),
    ]);
    expect(zh.err).toEqual([
      expect.stringMatching(/^警告：测算!C2 \(SUM\(B1,\) 保留原值：#ERROR! 公式无法解析（语法错误.*）；引擎原文：\S/),
    ]);
    expect(en.err[0]).not.toMatch(/Parsing error/);
  });
});

describe('a workbook that cannot be read, in the chosen language', () => {
  it("zh-CN: a Chinese lead-in before the reader's detail; en-US: the detail alone, as before", async () => {
    const missing = at('no-such.xlsx');
    const en = await run(['check', missing]);
    const zh = await run(['check', missing, '--lang', 'zh-CN']);
    expect([en.code, zh.code]).toEqual([3, 3]);
    expect(en.err).toEqual([`reuse-calc: ${missing}: cannot read ${missing}: no such file`]);
    expect(zh.err).toEqual([`reuse-calc: ${missing}: 找不到或无法读取文件：cannot read ${missing}: no such file`]);
  });
});

describe('engine messages for people', () => {
  it.each([
    ['en-US', '1+', /^#ERROR! the formula cannot be read \(a syntax error[^)]*\); engine detail: Expecting/],
    ['zh-CN', 'SUM(1,', /^#ERROR! 公式无法解析（语法错误[^）]*）；引擎原文：Expecting token of type --> RParen <--/],
    [
      'en-US',
      'NOSUCHFN(1)',
      /^#NAME\? unknown function NOSUCHFN: neither an Excel built-in the engine computes nor a REUSE function$/,
    ],
    ['zh-CN', 'NOSUCHFN(1)', /^#NAME\? 未知函数 NOSUCHFN：既不是引擎能计算的 Excel 内置函数，也不是 REUSE 函数$/],
  ])('eval --lang %s %s', async (lang, formula, expected) => {
    const r = await run(['eval', '--lang', lang, formula]);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1); // the parser's many-line token list is on one line
    expect(r.out[0]).toMatch(expected);
  });

  it('--json carries the explained message too', async () => {
    const r = await run(['eval', '--json', '1+']);
    const v = JSON.parse(r.out[0]);
    expect(v.error).toBe('#ERROR!');
    expect(v.message).toMatch(/^the formula cannot be read/);
    expect(v.message).not.toContain('\n');
  });
});

describe('a write error names OUT, not the temporary file', () => {
  it('OUT is a folder: the rename fails, the message names OUT and no .tmp is left', async () => {
    const out = at('a-folder.xlsx');
    await fs.mkdir(path.join(out, 'inside'), { recursive: true });
    const e = await writeFileAtomic(out, new Uint8Array([1, 2, 3])).catch((x: Error) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(new RegExp(`^cannot write ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect((e as Error).message).not.toMatch(/\.tmp/);
    expect((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a path through a file: the message names OUT with the reason in words', async () => {
    await fs.writeFile(at('plain.txt'), 'x');
    const out = at('plain.txt', 'out.xlsx');
    await expect(writeFileAtomic(out, new Uint8Array([1]))).rejects.toThrow(
      `cannot write ${out}: a part of its path is not a folder (ENOTDIR)`
    );
  });
});
