#!/usr/bin/env node
// reuse-calc: see `reuse-calc --help` (exit codes: 0 ok, 1 check found problems, 2 usage, 3 unreadable workbook, 4 internal). The TypeScript sources are compiled to dist/ by `npm install` (the prepare script).
let cli;
try {
  cli = require('../dist/cli/reuse-calc.js');
} catch (e) {
  process.stderr.write('reuse-calc: the compiled engine is missing (dist/). Run `npm install` (or `npm run prepare`) in the project first.\n');
  process.exit(4);
}
cli.main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  process.stderr.write(`reuse-calc: unexpected failure: ${e && e.message ? e.message : e}\n`);
  process.exit(4);
});
