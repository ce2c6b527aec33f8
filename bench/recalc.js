/**
 * Whole-file cases (each run a fresh process, file in to file out, timed from spawn to exit):
 *   (k) `reuse-calc recalc` of 100 000 rows of REUSE.TARIFF.TIERED vs the I/O floor: a process
 *       that inflates the same package, parses nothing, and deflates it again (what any writer
 *       of the file has to do). The ratio is what reading, building, computing and patching add.
 *   (l) the same recalc of the REUSE rows vs LibreOffice headless converting (loading,
 *       recalculating, saving) the file with the bill written as built-in arithmetic (LibreOffice
 *       has no add-in) — run only where `soffice` is installed (`apt-get install
 *       libreoffice-calc-nogui`).
 *   (s) growth: `reuse-calc recalc` of 300 000 REUSE rows vs 10 000 rows. Linear work gives a
 *       ratio of 30; the target is 30^1.1 ≈ 42.2 (time growing no faster than n^1.1).
 *   (t) peak memory (MB, the largest resident set of the process tree, read by the kernel's
 *       rusage for waited-for children — python3 reads it) of `recalc` on 300 000 REUSE rows vs
 *       LibreOffice converting the built-in version; a memory ratio, not a time.
 * The files are generated in a temporary folder: one sheet, volumes in A, the formula in B
 * reading two shared price ranges.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const JSZip = require('jszip');
const { compare } = require('./lib');

const BIN = path.resolve(__dirname, '../bin/reuse-calc.js');
const M = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const P = 'http://schemas.openxmlformats.org/package/2006/relationships';

async function workbook(file, rows, builtin) {
  const body = [
    '<row r="1"><c r="D1"><v>180</v></c><c r="E1"><v>300</v></c></row><row r="2"><c r="D2"><v>3.04</v></c><c r="E2"><v>3.75</v></c><c r="F2"><v>5.88</v></c></row>',
  ];
  for (let r = 3; r < rows + 3; r++) {
    const f = builtin
      ? `MIN(A${r},$D$1)*$D$2+MAX(0,MIN(A${r},$E$1)-$D$1)*$E$2+MAX(0,A${r}-$E$1)*$F$2`
      : `_xldudf_REUSE_TARIFF_TIERED(A${r},$D$1:$E$1,$D$2:$F$2)`;
    body.push(`<row r="${r}"><c r="A${r}"><v>${100 + (r % 400)}</v></c><c r="B${r}"><f>${f}</f></c></row>`);
  }
  const z = new JSZip();
  z.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`
  );
  z.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${P}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
  );
  z.file(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${M}" xmlns:r="${R}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`
  );
  z.file(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${P}"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
  );
  z.file(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${M}"><sheetData>${body.join('')}</sheetData></worksheet>`
  );
  fs.writeFileSync(file, await z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

function proc(cmd, args) {
  return () => () => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    return r.status;
  };
}

const ROWS = 100_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reuse-bench-'));
const tiered = path.join(dir, 'tiered.xlsx');
const builtin = path.join(dir, 'builtin.xlsx');
let ready;
const prepare = () => (ready ??= Promise.all([workbook(tiered, ROWS, false), workbook(builtin, ROWS, true)]));
const floor = (file) =>
  proc(process.execPath, [
    '-e',
    `const J=require(${JSON.stringify(require.resolve('jszip'))});const fs=require('fs');J.loadAsync(fs.readFileSync(${JSON.stringify(file)})).then(async z=>{for(const n of Object.keys(z.files))if(!z.files[n].dir)z.file(n,await z.file(n).async('uint8array'));fs.writeFileSync(${JSON.stringify(file + '.floor.xlsx')},await z.generateAsync({type:'uint8array',compression:'DEFLATE'}))})`,
  ]);
const BIG = 300_000;
const SMALL = 10_000;
const tieredSmall = path.join(dir, 'tiered-10k.xlsx');
const tieredBig = path.join(dir, 'tiered-300k.xlsx');
const builtinBig = path.join(dir, 'builtin-300k.xlsx');
let readyGrowth;
const prepareGrowth = () =>
  (readyGrowth ??= Promise.all([
    workbook(tieredSmall, SMALL, false),
    workbook(tieredBig, BIG, false),
    workbook(builtinBig, BIG, true),
  ]));

/** Peak resident set (MB) of a command and everything it starts, from the kernel's rusage of waited-for children. */
function peakMb(cmd, args) {
  const py =
    'import resource,subprocess,sys\nr=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE)\nif r.returncode: sys.stderr.write(r.stderr.decode()); sys.exit(r.returncode)\nprint(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)';
  const r = spawnSync('python3', ['-c', py, cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return Number(r.stdout.trim()) / 1024;
}

const hasSoffice = () => spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).status === 0;

const CASES = {
  k: async () => {
    await prepare();
    return compare({
      name: `(k) recalc ${ROWS / 1000}k TIERED rows, file to file, vs inflate+deflate`,
      target: 15,
      candidate: proc(process.execPath, [BIN, 'recalc', tiered, '-o', path.join(dir, 'k.out.xlsx')]),
      baseline: floor(tiered),
      repeats: 3,
      warmup: 0,
    });
  },
  l: async () => {
    if (!hasSoffice())
      return {
        name: '(l) recalc vs LibreOffice headless — skipped: soffice not installed',
        candidateMs: 0,
        baselineMs: 0,
        ratio: 0,
      };
    await prepare();
    const out = path.join(dir, 'lo');
    return compare({
      name: `(l) recalc ${ROWS / 1000}k REUSE rows vs LibreOffice headless on the built-in version`,
      target: 1,
      candidate: proc(process.execPath, [BIN, 'recalc', tiered, '-o', path.join(dir, 'l.out.xlsx')]),
      baseline: proc('soffice', ['--headless', '--calc', '--convert-to', 'xlsx', '--outdir', out, builtin]),
      repeats: 3,
      warmup: 1,
    });
  },
  s: async () => {
    await prepareGrowth();
    return compare({
      name: `(s) recalc ${BIG / 1000}k vs ${SMALL / 1000}k REUSE rows (growth; linear = ${BIG / SMALL})`,
      target: Math.round((BIG / SMALL) ** 1.1 * 10) / 10,
      candidate: proc(process.execPath, [BIN, 'recalc', tieredBig, '-o', path.join(dir, 's.big.xlsx')]),
      baseline: proc(process.execPath, [BIN, 'recalc', tieredSmall, '-o', path.join(dir, 's.small.xlsx')]),
      repeats: 3,
      warmup: 0,
    });
  },
  t: async () => {
    if (!hasSoffice())
      return {
        name: '(t) peak memory vs LibreOffice — skipped: soffice not installed',
        candidateMs: 0,
        baselineMs: 0,
        ratio: 0,
      };
    await prepareGrowth();
    const ours = peakMb(process.execPath, [BIN, 'recalc', tieredBig, '-o', path.join(dir, 't.out.xlsx')]);
    const lo = peakMb('soffice', [
      '--headless',
      '--calc',
      '--convert-to',
      'xlsx',
      '--outdir',
      path.join(dir, 'lo-t'),
      builtinBig,
    ]);
    return {
      name: `(t) peak MB, recalc ${BIG / 1000}k REUSE rows vs LibreOffice (built-in) [MB, not ms]`,
      candidateMs: ours,
      baselineMs: lo,
      ratio: ours / lo,
      target: 2,
      ok: ours / lo <= 2,
    };
  },
};

module.exports = { CASES, workbook };
