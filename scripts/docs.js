#!/usr/bin/env node
// npm run docs: regenerates docs/functions.md from the registry (compiled to dist/ by tsc).
const fs = require('fs');
const path = require('path');
const { functionReference } = require('../dist/registry/reference.js');
const file = path.resolve(__dirname, '..', 'docs', 'functions.md');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, functionReference());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
