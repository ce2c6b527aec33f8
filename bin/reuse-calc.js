#!/usr/bin/env node
// reuse-calc: see `reuse-calc --help` (exit codes: 0 ok, 1 check found problems, 2 usage, 3 unreadable workbook, 4 internal). The TypeScript sources are compiled to dist/ by `npm install` (the prepare script).
const fs = require('fs');
const path = require('path');

const mtime = (file) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

/** The one-file bundle (scripts/bundle-cli.js) when it is at least as new as the compiled CLI, else dist/ itself. */
function entry(dir, name) {
  const plain = path.join(dir, `${name}.js`);
  const bundle = path.join(dir, `${name}.bundle.js`);
  const b = mtime(bundle);
  return b !== undefined && b >= (mtime(plain) ?? Infinity) ? bundle : plain;
}

/**
 * Loads the bundle as `require` would, but with the V8 code cache that scripts/bundle-cli.js wrote
 * beside it (`.cache`, made by one `eval 1+1` run): V8 then skips compiling what start-up runs
 * (bench (g): about 40 ms of 330). The cache is used only when it is at least as new as the bundle
 * (V8 itself checks the source's length, its own version and flags, not the text), and V8 ignores
 * one that does not fit. With REUSE_CALC_WRITE_CODE_CACHE set, the cache is written after the
 * command has run, so it holds what the command compiled.
 */
function loadBundle(file) {
  const vm = require('vm');
  const Module = require('module');
  const cacheFile = `${file}.cache`;
  const writing = Boolean(process.env.REUSE_CALC_WRITE_CODE_CACHE);
  const c = mtime(cacheFile);
  const cachedData = !writing && c !== undefined && c >= mtime(file) ? fs.readFileSync(cacheFile) : undefined;
  // The bundle is ASCII (bundle-cli escapes the rest), so latin1 reads it as UTF-8 would, only faster.
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'latin1')), { filename: file, cachedData });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  const done = writing ? () => fs.writeFileSync(cacheFile, script.createCachedData()) : () => undefined;
  return { cli: mod.exports, done };
}

let cli;
let done = () => undefined;
try {
  const file = entry(path.join(__dirname, '..', 'dist', 'cli'), 'reuse-calc');
  if (file.endsWith('.bundle.js')) ({ cli, done } = loadBundle(file));
  else cli = require(file);
} catch {
  process.stderr.write(
    'reuse-calc: the compiled engine is missing (dist/). Run `npm install` (or `npm run prepare`) in the project first.\n'
  );
  process.exit(4);
}
cli.main(process.argv.slice(2)).then(
  (code) => {
    done();
    process.exit(code);
  },
  (e) => {
    process.stderr.write(`reuse-calc: unexpected failure: ${e && e.message ? e.message : e}\n`);
    process.exit(4);
  }
);
