/**
 * Webpack plugin: writes Excel's custom-functions metadata (functions.json and one file per
 * extra display language) from the registry, at build time, so the metadata can never drift
 * from the functions the bundle associates.
 *
 * The registry is TypeScript. Rather than depending on tsc's output in dist/ (which could be
 * stale) or on ts-node (not installed), the plugin transpiles the registry's modules on the
 * fly with `typescript.transpileModule` through a require hook scoped to this one load, and
 * drops them from the require cache afterwards so watch mode sees every edit.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const NAME = 'EmitFunctionsMetadataPlugin';

/** Requires a TypeScript module (and the .ts/.json files it imports under `root`) fresh. */
function requireTypeScript(entry, root) {
  const previous = require.extensions['.ts'];
  require.extensions['.ts'] = (module, filename) => {
    const source = fs.readFileSync(filename, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2020,
        esModuleInterop: true,
        resolveJsonModule: true,
      },
    });
    module._compile(outputText, filename);
  };
  try {
    return require(entry);
  } finally {
    if (previous) require.extensions['.ts'] = previous;
    else delete require.extensions['.ts'];
    const prefix = path.resolve(root) + path.sep;
    for (const key of Object.keys(require.cache)) if (key.startsWith(prefix)) delete require.cache[key];
  }
}

class EmitFunctionsMetadataPlugin {
  /**
   * @param {{ module: string, root: string, files: Record<string, 'en-US' | 'zh-CN'> }} options
   *   module: the TS module exporting `customFunctionsMetadata(lang)`; root: the source tree
   *   it may import from; files: output file name → display language.
   */
  constructor(options) {
    this.options = options;
  }

  apply(compiler) {
    const { Compilation, WebpackError, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
      compilation.hooks.processAssets.tap({ name: NAME, stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        let metadata;
        try {
          metadata = requireTypeScript(this.options.module, this.options.root).customFunctionsMetadata;
          if (typeof metadata !== 'function')
            throw new Error(`${this.options.module} does not export customFunctionsMetadata()`);
        } catch (e) {
          compilation.errors.push(new WebpackError(`${NAME}: ${e && e.stack ? e.stack : e}`));
          return;
        }
        for (const [file, lang] of Object.entries(this.options.files)) {
          const json = JSON.stringify(metadata(lang), null, 2) + '\n';
          compilation.emitAsset(file, new sources.RawSource(json));
        }
        compilation.fileDependencies.add(this.options.module);
      });
    });
  }
}

module.exports = { EmitFunctionsMetadataPlugin, requireTypeScript };
