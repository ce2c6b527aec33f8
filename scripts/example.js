#!/usr/bin/env node
// The README's main job: build the example workbooks, recalculate them headlessly, print the headline figures.
require('../dist/examples/main.js')
  .runExamples(require('path').resolve(__dirname, '..', 'examples'))
  .then(
    (code) => process.exit(code),
    (e) => {
      console.error(`example: ${e && e.message ? e.message : e}`);
      process.exit(1);
    }
  );
