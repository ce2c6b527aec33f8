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

async function main() {
  for (const name of entries) {
    const entry = path.join(root, 'dist', 'cli', `${name}.js`);
    if (!fs.existsSync(entry)) {
      process.stderr.write(
        `bundle-cli: ${path.relative(root, entry)} is missing; run tsc -p tsconfig.node.json first\n`
      );
      process.exit(1);
    }
    await esbuild.build({
      plugins: [leaveOut],
      entryPoints: [entry],
      outfile: path.join(root, 'dist', 'cli', `${name}.bundle.js`),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['exceljs', 'jszip'],
      logLevel: 'warning',
    });
  }
}

main().catch((e) => {
  process.stderr.write(`bundle-cli: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
