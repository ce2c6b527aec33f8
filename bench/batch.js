/**
 * Many workbooks at once (a department checking every district's submission):
 *   (m) `reuse-calc check DIR` over 100 copies of the flagship workbook, on the machine's cores
 *       (one worker thread per core, the default), vs the same command with --jobs 1 (the 100
 *       workbooks one after another in one process). Both through the CLI, file in, one fresh
 *       process each, timed from spawn to exit. On 2 cores the ideal is 0.5; the rest is each
 *       worker loading the engine again.
 * The flagship is built with the example builder and recalculated once, so every copy is a
 * consistent workbook (check exits 0) with its cached values, as a district would send it.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { buildFlagshipWorkbook } = require('../dist/examples/flagship.js');
const { workbookBytes } = require('../dist/examples/xlsx-bytes.js');
const { recalcFile } = require('../dist/engine/files.js');
const { compare } = require('./lib');

const BIN = path.resolve(__dirname, '../bin/reuse-calc.js');
const COPIES = 100;

/** A folder of COPIES consistent flagship workbooks. */
async function districtFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reuse-bench-batch-'));
  const built = path.join(dir, 'built.xlsx.tmp');
  fs.writeFileSync(built, await workbookBytes(buildFlagshipWorkbook().workbook));
  const first = path.join(dir, 'district-001.xlsx');
  await recalcFile(built, first);
  fs.rmSync(built);
  for (let i = 2; i <= COPIES; i++) fs.copyFileSync(first, path.join(dir, `district-${String(i).padStart(3, '0')}.xlsx`));
  return dir;
}

/** `reuse-calc check DIR ...extra` in a fresh process; every copy must be consistent. */
function check(dir, extra) {
  return () => () => {
    const r = spawnSync(process.execPath, [BIN, 'check', dir, ...extra], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const total = r.stdout.trim().split('\n').pop();
    if (r.status !== 0 || total !== `checked ${COPIES} workbooks: ${COPIES} consistent`) throw new Error(`check ${extra.join(' ')} failed (${r.status}): ${total} ${r.stderr}`);
    return r.status;
  };
}

const CASES = {
  m: async () => {
    const dir = await districtFolder();
    try {
      return compare({
        name: `(m) check ${COPIES} flagships on ${os.availableParallelism()} cores vs --jobs 1`,
        target: 0.6,
        candidate: check(dir, []),
        baseline: check(dir, ['--jobs', '1']),
        repeats: 3,
        warmup: 0,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

module.exports = { CASES };
