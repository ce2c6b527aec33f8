/**
 * The CLI's one-file bundle (scripts/bundle-cli.js, built by `npm run prepare`): bin/reuse-calc.js
 * runs it when it is at least as new as the compiled CLI, so a command reads one file instead of
 * HyperFormula's hundreds of modules — and falls back to dist/ when `tsc` ran after the bundle
 * was made, so the CLI never runs stale code.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/reuse-calc.js');

/**
 * Runs `reuse-calc eval 1+1` with a hook that lists every file Node's module loader compiles and
 * every script bin/reuse-calc.js compiles itself (the bundle, with its code cache), the latter with
 * whether V8 took the cache.
 */
function evalWithLoadedFiles(binDir: string): { stdout: string; files: string[]; cache: string[] } {
  const hook = path.join(os.tmpdir(), `reuse-calc-load-hook-${process.pid}.js`);
  fs.writeFileSync(
    hook,
    `const M = require('module'); const orig = M.prototype._compile;
     M.prototype._compile = function (c, f) { process.stderr.write('LOADED ' + f + '\\n'); return orig.apply(this, arguments); };
     const vm = require('vm'); const Script = vm.Script;
     vm.Script = class extends Script {
       constructor(code, o) { super(code, o); process.stderr.write('LOADED ' + o.filename + '\\n' + 'CACHE ' + (o.cachedData ? (this.cachedDataRejected ? 'rejected' : 'taken') : 'none') + '\\n'); }
     };`
  );
  const r = spawnSync(process.execPath, ['-r', hook, path.join(binDir, 'reuse-calc.js'), 'eval', '1+1'], {
    encoding: 'utf8',
  });
  fs.rmSync(hook, { force: true });
  expect(r.status).toBe(0);
  const files = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => l.slice(7));
  const cache = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('CACHE '))
    .map((l) => l.slice(6));
  return { stdout: r.stdout.trim(), files, cache };
}

describe('the CLI bundle', () => {
  it('is built by prepare and is what bin/reuse-calc.js runs: no HyperFormula module is loaded on its own', () => {
    expect(fs.existsSync(path.join(ROOT, 'dist/cli/reuse-calc.bundle.js'))).toBe(true);
    const { stdout, files, cache } = evalWithLoadedFiles(path.dirname(BIN));
    expect(stdout).toBe('2');
    expect(files.some((f) => f.endsWith(path.join('dist', 'cli', 'reuse-calc.bundle.js')))).toBe(true);
    expect(files.filter((f) => f.includes(`${path.sep}hyperformula${path.sep}`))).toEqual([]);
    expect(files.some((f) => f.endsWith(path.join('dist', 'cli', 'reuse-calc.js')))).toBe(false);
    // prepare wrote the code cache with this Node, so V8 takes it.
    expect(cache).toEqual(['taken']);
  });

  it('is all ASCII, so Node reads it on its fast path (bin reads it as latin1)', () => {
    const bytes = fs.readFileSync(path.join(ROOT, 'dist/cli/reuse-calc.bundle.js'));
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
    // The one Chinese keyword of the cash-flow reader survives as escapes.
    expect(bytes.toString('latin1')).toContain('value|\\u6570\\u503c');
  });

  it('runs without its code cache, with a stale one and with a corrupt one', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reuse-calc-cache-'));
    try {
      fs.mkdirSync(path.join(tmp, 'bin'));
      fs.mkdirSync(path.join(tmp, 'dist', 'cli'), { recursive: true });
      fs.copyFileSync(BIN, path.join(tmp, 'bin', 'reuse-calc.js'));
      const bundle = path.join(tmp, 'dist/cli/reuse-calc.bundle.js');
      fs.writeFileSync(path.join(tmp, 'dist/cli/reuse-calc.js'), `exports.main = async () => 9;`);
      fs.copyFileSync(path.join(ROOT, 'dist/cli/reuse-calc.bundle.js'), bundle);
      const run = () => evalWithLoadedFiles(path.join(tmp, 'bin'));
      expect(run()).toMatchObject({ stdout: '2', cache: ['none'] });
      // A cache older than the bundle (from an earlier build) is not read at all.
      fs.writeFileSync(`${bundle}.cache`, 'not a code cache');
      const old = new Date(Date.now() - 60_000);
      fs.utimesSync(`${bundle}.cache`, old, old);
      expect(run()).toMatchObject({ stdout: '2', cache: ['none'] });
      // A newer one that V8 cannot use is rejected, and the bundle compiled as without one.
      const now = new Date(Date.now() + 60_000);
      fs.utimesSync(`${bundle}.cache`, now, now);
      expect(run()).toMatchObject({ stdout: '2', cache: ['rejected'] });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('is passed over when the compiled CLI is newer (a tsc run after the bundle): dist/ runs instead', () => {
    // A copy of bin/ and dist/cli's entry in a scratch tree, with the bundle made older than the compiled file.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reuse-calc-bundle-'));
    try {
      fs.mkdirSync(path.join(tmp, 'bin'));
      fs.mkdirSync(path.join(tmp, 'dist', 'cli'), { recursive: true });
      fs.copyFileSync(BIN, path.join(tmp, 'bin', 'reuse-calc.js'));
      // The compiled entry re-exports the real one; the stale "bundle" would print the wrong answer.
      const real = path.join(ROOT, 'dist/cli/reuse-calc.js');
      fs.writeFileSync(path.join(tmp, 'dist/cli/reuse-calc.js'), `module.exports = require(${JSON.stringify(real)});`);
      fs.writeFileSync(
        path.join(tmp, 'dist/cli/reuse-calc.bundle.js'),
        `exports.main = async () => { process.stdout.write('stale\\n'); return 0; };`
      );
      const old = new Date(Date.now() - 60_000);
      fs.utimesSync(path.join(tmp, 'dist/cli/reuse-calc.bundle.js'), old, old);
      const stale = evalWithLoadedFiles(path.join(tmp, 'bin'));
      expect(stale.stdout).toBe('2');
      // Made newer than the compiled file, the same bundle is used.
      const now = new Date(Date.now() + 60_000);
      fs.utimesSync(path.join(tmp, 'dist/cli/reuse-calc.bundle.js'), now, now);
      expect(evalWithLoadedFiles(path.join(tmp, 'bin')).stdout).toBe('stale');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
