#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/cli/reuse-calc.js) and its worker (dist/cli/worker.js) into one
 * file each, so that a command's start-up reads one file instead of resolving and reading the
 * ~500 CommonJS modules of HyperFormula, Chevrotain and our own dist/ (issue 10, start-up: about
 * a third of `reuse-calc eval 1+1`'s CPU time was Node's module loader). Run after `tsc` and after
 * `patch-package` (the bundle carries the patched HyperFormula from node_modules).
 *
 * The .xlsx libraries stay outside the bundle (ExcelJS, JSZip: loaded lazily by the file commands
 * and large), as does anything optional. bin/reuse-calc.js and the worker pool use a bundle only
 * when it is at least as new as the compiled file it was made from, so a `tsc` run without this
 * step never leaves the CLI running stale code.
 */
const path = require('path');
const fs = require('fs');
const { spawnSync } = require('child_process');

let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  // A production install without dev dependencies: the unbundled dist/ works, only slower to start.
  process.stderr.write('bundle-cli: esbuild is not installed; the CLI runs from dist/ unbundled\n');
  process.exit(0);
}

const root = path.resolve(__dirname, '..');

/**
 * The analysis commands (sensitivity, goal seek, tables, Monte Carlo) stay outside the bundle:
 * they are loaded by `import('./analysis')` only when one of them runs (a run of seconds to
 * minutes), and bundled they doubled the file every other command reads at start-up (2.7 → 4 MB).
 * From dist/cli the bundle's require('./analysis') finds the compiled dist/cli/analysis.js.
 */
const leaveOut = {
  name: 'leave-out-analysis',
  setup(build) {
    build.onResolve({ filter: /^\.\/analysis$/ }, (args) =>
      path.dirname(args.importer) === path.join(root, 'dist', 'cli')
        ? { path: './analysis', external: true }
        : undefined
    );
  },
};
const entries = ['reuse-calc', 'worker'];

/**
 * Escapes every non-ASCII character of the bundle as \uXXXX. Node reads a module as UTF-8, and
 * a file that is all ASCII takes its fast path: reading this bundle took 23-47 ms with 34 lines
 * holding non-ASCII (regular expressions such as /^(value|数值)$/, which esbuild leaves as they
 * are), against 2-5 ms as ASCII, out of a `reuse-calc eval` of about 330 ms (bench (g)). Outside
 * comments (there are none left), \uXXXX means the same UTF-16 unit in a string, a template, an
 * identifier and a regular expression, with or without the u flag.
 */
function asciiOnly(file) {
  const text = fs.readFileSync(file, 'utf8');
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped !== text) fs.writeFileSync(file, escaped);
}

async function main() {
  for (const name of entries) {
    const entry = path.join(root, 'dist', 'cli', `${name}.js`);
    if (!fs.existsSync(entry)) {
      process.stderr.write(
        `bundle-cli: ${path.relative(root, entry)} is missing; run tsc -p tsconfig.node.json first\n`
      );
      process.exit(1);
    }
    const outfile = path.join(root, 'dist', 'cli', `${name}.bundle.js`);
    await esbuild.build({
      plugins: [leaveOut],
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['exceljs', 'jszip'],
      // No comments or indentation: 1.9 MB for V8 to scan instead of 2.8 MB. Stack traces still
      // name functions; nothing in the CLI prints a line number.
      minifyWhitespace: true,
      legalComments: 'none',
      logLevel: 'warning',
    });
    asciiOnly(outfile);
  }
  writeCodeCache();
}

/**
 * The V8 code cache bin/reuse-calc.js loads with the CLI's bundle: one `eval 1+1` run writes what
 * it compiled to dist/cli/reuse-calc.bundle.js.cache. A stale cache is removed first, so a failed
 * run leaves none (the CLI then compiles as before).
 */
function writeCodeCache() {
  const cache = path.join(root, 'dist', 'cli', 'reuse-calc.bundle.js.cache');
  fs.rmSync(cache, { force: true });
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'reuse-calc.js'), 'eval', '1+1'], {
    env: { ...process.env, REUSE_CALC_WRITE_CODE_CACHE: '1' },
    encoding: 'utf8',
  });
  if (r.status !== 0 || r.stdout.trim() !== '2' || !fs.existsSync(cache)) {
    fs.rmSync(cache, { force: true });
    process.stderr.write(`bundle-cli: no code cache (eval 1+1 gave ${r.status}: ${r.stderr || r.stdout})\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`bundle-cli: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
