/**
 * Dependency rules, checked by `npm run deps` (part of `npm test`): no import cycles, and no
 * import upward in the layering. The layering, lowest first (a folder may import its own
 * layer and any layer below it, never one above):
 *
 *   1  core/        pure domain rules, errors, i18n, Excel date serials — imports nothing of ours
 *   2  registry/    one declarative entry per function
 *   3  xlsx/        the one package reader/writer, A1 references (below the engine)
 *   4  engine/      HyperFormula plugin and workbook loading     ┐ adapters of the registry,
 *      functions/   Excel custom-functions adapter                │ side by side
 *      wps/         WPS adapter                          ┘
 *   5  workbook/    WorkbookPort (Office.js and engine ports), refs, custom XML parts
 *      examples/    example workbook builders (the playground loads them)
 *   6  analysis/    sensitivity, goal seek, data tables, Monte Carlo over an abstract what-if port
 *   7  scenarios/   pure scenario model, store, compare, exchange (a scenario document stores
 *                   analysis settings, so it reads analysis' types and output parser)
 *   8  taskpane/    the pane
 *   9  playground/  the pane over the engine in a browser
 *  10  cli/, api/   on top (api/ may be used by analysis/, the engine API it is built on)
 *
 * Exceptions, each named: `src/examples/main.ts` is a script entry point (it writes the
 * example files through api/files); `src/engine/files.ts` re-exports api/files for one
 * release (deprecated; the CLI still imports it by the old path). Nothing else.
 */
const LAYERS = [
  ['core'],
  ['registry'],
  ['xlsx'],
  ['engine', 'functions', 'wps'],
  ['workbook', 'examples'],
  ['analysis'],
  ['scenarios'],
  ['taskpane'],
  ['playground'],
  ['cli', 'api'],
];

const EXCEPTIONS = ['^src/examples/main\\.ts$', '^src/engine/files\\.ts$'];

const folders = (names) => `^src/(${names.join('|')})/`;

/** One rule per layer: nothing in it imports a folder of a higher layer. */
const upward = LAYERS.slice(0, -1).map((layer, i) => {
  const above = LAYERS.slice(i + 1).flat();
  const allowed = layer.includes('analysis') ? above.filter((f) => f !== 'api') : above;
  return {
    name: `no-upward-from-${layer.join('-')}`,
    comment: `${layer.join(', ')} may not import ${allowed.join(', ')} (layers above it; see the table at the top of .dependency-cruiser.cjs)`,
    severity: 'error',
    from: { path: folders(layer), pathNot: EXCEPTIONS },
    to: { path: folders(allowed) },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle ties modules together so neither can change or load alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'api-not-cli',
      comment: 'The public API must not pull in the command-line program.',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that does not resolve is a broken build waiting to happen.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'folder-in-layering',
      comment: 'Every folder of src/ has a place in LAYERS (add a new folder there with its first file).',
      severity: 'error',
      from: { path: '^src/', pathNot: folders(LAYERS.flat()) },
      to: {},
    },
    {
      name: 'import-folder-in-layering',
      comment: 'Every folder of src/ has a place in LAYERS (add a new folder there with its first file).',
      severity: 'error',
      from: {},
      to: { path: '^src/', pathNot: folders(LAYERS.flat()) },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    moduleSystems: ['cjs', 'es6'],
  },
};
