/**
 * Many workbooks at once (a department checking every district's submission):
 *   (o) `reuse-calc check DIR` over 100 copies of the flagship workbook, on the machine's cores
 *       (one worker thread per core, the default), vs 100 sequential runs of `reuse-calc check
 *       FILE`, one after another — what a bureau without the folder form would script, and the
 *       issue's measure ("÷ 100 sequential runs"). Every run is a fresh process, timed from
 *       spawn to exit, so the baseline pays Node's start-up and a cold JIT 100 times; the pool
 *       pays them once per worker.
 *   (u) the same folder on the machine's cores vs the same command with --jobs 1 (the 100
 *       workbooks one after another in one process): what the pool itself adds, reported without
 *       a target. On 2 cores it cannot approach 0.5: the sequential run is not single-threaded
 *       (V8 compiles HyperFormula's code and marks garbage on background threads, measured at
 *       about a quarter of its main thread's time), and each worker compiles the code again.
 *       Other processes on the machine move it a lot: run it on a quiet machine.
 * The flagship is built with the example builder and recalculated once, so every copy is a
 * consistent workbook (check exits 0) with its cached values, as a district would send it.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { buildFlagshipWorkbook } = require('../dist/examples/flagship.js');
const { workbookBytes } = require('../dist/examples/xlsx-bytes.js');
const { recalcFile } = require('../dist/api/files.js');
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
  for (let i = 2; i <= COPIES; i++)
    fs.copyFileSync(first, path.join(dir, `district-${String(i).padStart(3, '0')}.xlsx`));
  return dir;
}

/** `reuse-calc check DIR ...extra` in a fresh process; every copy must be consistent. */
function check(dir, extra) {
  return () => () => {
    const r = spawnSync(process.execPath, [BIN, 'check', dir, ...extra], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const total = r.stdout.trim().split('\n').pop();
    if (r.status !== 0 || total !== `checked ${COPIES} workbooks: ${COPIES} consistent`)
      throw new Error(`check ${extra.join(' ')} failed (${r.status}): ${total} ${r.stderr}`);
    return r.status;
  };
}

/** 100 runs of `reuse-calc check FILE`, one after another; every one must say consistent. */
function checkEach(dir) {
  return () => () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xlsx'));
    if (files.length !== COPIES) throw new Error(`expected ${COPIES} workbooks in ${dir}, found ${files.length}`);
    for (const f of files) {
      const r = spawnSync(process.execPath, [BIN, 'check', path.join(dir, f)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`check ${f} failed (${r.status}): ${r.stdout} ${r.stderr}`);
    }
    return files.length;
  };
}

let folder;
const districts = async () => (folder ??= await districtFolder());
process.on('exit', () => folder && fs.rmSync(folder, { recursive: true, force: true }));

const CASES = {
  o: async () => {
    const dir = await districts();
    return compare({
      name: `(o) check ${COPIES} flagships on ${os.availableParallelism()} cores vs ${COPIES} sequential runs`,
      target: 0.6,
      candidate: check(dir, []),
      baseline: checkEach(dir),
      repeats: 3,
      warmup: 0,
    });
  },
  u: async () => {
    const dir = await districts();
    return compare({
      name: `(u) check ${COPIES} flagships on ${os.availableParallelism()} cores vs --jobs 1 (no target)`,
      candidate: check(dir, []),
      baseline: check(dir, ['--jobs', '1']),
      repeats: 3,
      warmup: 0,
    });
  },
};

module.exports = { CASES };
