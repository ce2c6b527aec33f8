#!/usr/bin/env node
// npm run docs:excel: regenerates docs/excel-compatibility.md from the compiled engine (tsc → dist/).
const fs = require('fs');
const path = require('path');
const { excelCompatibilityDoc } = require('../dist/engine/excel-builtins.js');
const file = path.resolve(__dirname, '..', 'docs', 'excel-compatibility.md');
fs.writeFileSync(file, excelCompatibilityDoc());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
