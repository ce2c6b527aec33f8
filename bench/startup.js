/**
 * Start-up cases (each run is a fresh `node` process, timed from spawn to exit):
 *   (g) `reuse-calc eval 1+1` vs `node -e 0`: what the CLI adds to Node's own start-up
 *       (HyperFormula and the REUSE registry, read from the one-file bundle of scripts/bundle-cli.js
 *       with the V8 code cache written beside it; the package reader, ExcelJS, JSZip, Ajv and
 *       numfmt are not loaded)
 *   (h) `reuse-calc eval 1+1` vs the unbundled dist/ with the file commands' modules loaded up
 *       front, as before they were imported lazily and bundled (the ratio below 1 is what the two save)
 */
const { spawnSync } = require('child_process');
const path = require('path');
const { compare } = require('./lib');

const BIN = path.resolve(__dirname, '../bin/reuse-calc.js');
const FILES = path.resolve(__dirname, '../dist/api/files.js');
const CLI = path.resolve(__dirname, '../dist/cli/reuse-calc.js');

/** A process to time: the outer call does nothing (nothing to set up), the inner one spawns and waits. */
function proc(args, expected) {
  return () => () => {
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (r.status !== 0 || (expected !== undefined && r.stdout.trim() !== expected))
      throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    return r.status;
  };
}

const evalCli = proc([BIN, 'eval', '1+1'], '2');
const eager = proc(
  [
    '-e',
    `require(${JSON.stringify(FILES)}); require(${JSON.stringify(CLI)}).main(['eval', '1+1']).then((c) => process.exit(c))`,
  ],
  '2'
);

const CASES = {
  g: () =>
    compare({
      name: '(g) reuse-calc eval 1+1 vs node -e 0 (start-up)',
      target: 3,
      candidate: evalCli,
      baseline: proc(['-e', '0']),
      repeats: 9,
      warmup: 2,
    }),
  h: () =>
    compare({
      name: '(h) eval 1+1, lazy vs eager file modules',
      target: 1,
      candidate: evalCli,
      baseline: eager,
      repeats: 9,
      warmup: 2,
    }),
};

module.exports = { CASES };
