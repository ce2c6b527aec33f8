#!/usr/bin/env node
// reuse-calc: see `reuse-calc --help` (exit codes: 0 ok, 1 check found problems, 2 usage, 3 unreadable workbook, 4 internal). The TypeScript sources are compiled to dist/ by `npm install` (the prepare script).
const fs = require('fs');
const path = require('path');
/** The one-file bundle (scripts/bundle-cli.js) when it is at least as new as the compiled CLI, else dist/ itself. */
function entry(dir, name) {
  const plain = path.join(dir, `${name}.js`);
  const bundle = path.join(dir, `${name}.bundle.js`);
  try {
    if (fs.statSync(bundle).mtimeMs >= fs.statSync(plain).mtimeMs) return bundle;
  } catch {
    // no bundle (or no dist/ at all: the require below says so)
  }
  return plain;
}
let cli;
try {
  cli = require(entry(path.join(__dirname, '..', 'dist', 'cli'), 'reuse-calc'));
} catch {
  process.stderr.write(
    'reuse-calc: the compiled engine is missing (dist/). Run `npm install` (or `npm run prepare`) in the project first.\n'
  );
  process.exit(4);
}
cli.main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`reuse-calc: unexpected failure: ${e && e.message ? e.message : e}\n`);
    process.exit(4);
  }
);
