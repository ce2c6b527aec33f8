/**
 * Web bundle for the Excel add-in (shared runtime: one page, taskpane.html, hosts the custom
 * functions, the task pane and the ribbon command). Output goes to dist/web/ so it never
 * clashes with tsc's dist/{core,registry,engine,cli,examples} (npm run prepare).
 *
 *   npm run build                       production bundle, manifest with https://localhost:3000/ URLs
 *   ADDIN_BASE_URL=https://example.org/reuse/ npm run build
 *                                       same bundle, dist/web/manifest.xml pointing at that host
 *   npm run dev-server                  https://localhost:3000 with office-addin-dev-certs
 *   OFFICE_JS=local npm run build       Office.js served from the add-in's own host (dist/web/office-js/,
 *                                       from the pinned @microsoft/office-js) instead of Microsoft's CDN:
 *                                       for intranets without internet access (build/office-js.js)
 *
 * Two entries: `taskpane` (the Office page; never imports the engine, so it stays small) and
 * `playground` (the same pane over the headless engine in a plain browser page: HyperFormula,
 * ExcelJS's browser build and the flagship example; served by `npm run playground`).
 */
'use strict';
const path = require('path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const HtmlWebpackPlugin = require('html-webpack-plugin');

/**
 * JS minimizers: webpack's own (minimizer-webpack-plugin, resolved through webpack) for every
 * bundle except the playground, which is served from localhost only and would take most of
 * the build time to minify. Falls back to webpack's defaults if that plugin moves.
 */
function minimizers() {
  try {
    const MinimizerPlugin = require(
      require.resolve('minimizer-webpack-plugin', { paths: [path.dirname(require.resolve('webpack'))] })
    );
    return [
      new MinimizerPlugin({
        test: /^(?!playground)[^?#]*\.[cm]?js$/i,
        minify: MinimizerPlugin.terserMinify,
        minimizerOptions: { compress: { passes: 2 } },
      }),
    ];
  } catch {
    return ['...'];
  }
}
const { EmitFunctionsMetadataPlugin } = require('./build/emit-metadata-plugin');
const { rewriteManifest, normaliseBaseUrl } = require('./build/manifest-url');
const { officeJsOption } = require('./build/office-js');
const pkg = require('./package.json');

const PORT = Number(process.env.npm_package_config_dev_server_port || pkg.config.dev_server_port || 3000);
const OUT = path.resolve(__dirname, 'dist', 'web');

/**
 * Certificates for https://localhost. office-addin-dev-certs creates them and installs its CA
 * as trusted on first use (Windows and macOS ask for permission). Where it cannot install the
 * CA (Linux without sudo, a container), the generated certificates are still used, and we say
 * how to trust the CA by hand.
 */
async function devServerCertificates() {
  const devCerts = require('office-addin-dev-certs');
  try {
    return await devCerts.getHttpsServerOptions();
  } catch (e) {
    const fs = require('fs');
    const dir = path.join(require('os').homedir(), '.office-addin-dev-certs');
    const file = (name) => path.join(dir, name);
    if (!['localhost.crt', 'localhost.key', 'ca.crt'].every((n) => fs.existsSync(file(n)))) throw e;
    console.warn(
      `dev-server: could not install the development CA (${e.message.split('\n')[0]}).\n` +
        `dev-server: serving with the certificates in ${dir}; to trust them, add ${file('ca.crt')} to the system or browser trust store.`
    );
    return {
      ca: fs.readFileSync(file('ca.crt')),
      cert: fs.readFileSync(file('localhost.crt')),
      key: fs.readFileSync(file('localhost.key')),
    };
  }
}

module.exports = async (env = {}, argv = {}) => {
  const dev = argv.mode === 'development';
  const baseUrl = process.env.ADDIN_BASE_URL || '';
  if (baseUrl) normaliseBaseUrl(baseUrl); // fail fast on a bad value
  const officeJs = officeJsOption(process.env.OFFICE_JS);

  const config = {
    mode: dev ? 'development' : 'production',
    target: ['web', 'es2017'],
    devtool: 'source-map',
    context: __dirname,
    entry: {
      // Imports and associates the custom functions too (shared runtime).
      taskpane: './src/taskpane/taskpane.ts',
      // The pane over the headless engine, for browsers without Excel (scripts/playground.js).
      playground: './src/playground/playground.ts',
      // The WPS add-in's script (registers the functions with wps.AddCustomFunction): dist/web/wps/.
      'wps/functions': './src/wps/index.ts',
    },
    output: {
      path: OUT,
      filename: '[name].js',
      // The pane loads the engine chunk (snapshot for "prepare a copy for sharing") on demand only.
      chunkFilename: '[name].js',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.js', '.json'],
      // @stdlib probes for generators with eval at load time; the pages' CSP forbids eval.
      alias: {
        '@stdlib/assert-has-generator-support': path.resolve(__dirname, 'build/shims/stdlib-no-generator-support.js'),
      },
    },
    // The playground loads ExcelJS's self-contained browser build (vendor/exceljs.min.js, copied
    // below) with a script tag: its package entry is the Node build, and re-minifying the
    // already minified 0.9 MB file would triple the build time. Only the playground imports it.
    externals: { exceljs: 'ExcelJS' },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              configFile: path.resolve(__dirname, 'tsconfig.json'),
              // Type-check what the bundle contains, not every test and script in tsconfig's include.
              onlyCompileBundledFiles: true,
              // ES modules for tree shaking; ES2017 syntax so optional chaining and ?? are
              // down-levelled for older Office webviews.
              compilerOptions: { module: 'es2020', target: 'es2017', sourceMap: true },
            },
          },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane'],
        scriptLoading: 'defer',
        officeJs: officeJs.url,
      }),
      new HtmlWebpackPlugin({
        filename: 'playground.html',
        template: './src/playground/playground.html',
        chunks: ['playground'],
        scriptLoading: 'defer',
      }),
      new CopyWebpackPlugin({
        patterns: [
          // The WPS add-in folder (docs/wps.md): index.html (loads functions.js by a path relative to
          // itself, so the folder can be served anywhere), manifest.xml, ribbon.xml; functions.json below.
          { from: 'src/wps/addin/index.html', to: 'wps/index.html' },
          { from: 'src/wps/addin/manifest.xml', to: 'wps/manifest.xml' },
          { from: 'src/wps/addin/ribbon.xml', to: 'wps/ribbon.xml' },
          { from: 'assets', to: 'assets' },
          { from: 'src/taskpane/taskpane.css', to: 'taskpane.css' },
          { from: 'src/playground/playground.css', to: 'playground.css' },
          { from: 'node_modules/exceljs/dist/exceljs.min.js', to: 'vendor/exceljs.min.js', info: { minimized: true } },
          ...officeJs.copy,
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: (content) => rewriteManifest(content.toString('utf8'), baseUrl, PORT),
          },
        ],
      }),
      new EmitFunctionsMetadataPlugin({
        module: path.resolve(__dirname, 'src/registry/metadata.ts'),
        root: path.resolve(__dirname, 'src'),
        files: { 'functions.json': 'en-US', 'functions.zh-CN.json': 'zh-CN' },
      }),
      new EmitFunctionsMetadataPlugin({
        module: path.resolve(__dirname, 'src/wps/metadata.ts'),
        root: path.resolve(__dirname, 'src'),
        files: { 'wps/functions.json': 'zh-CN' },
      }),
    ],
    // The playground is served from localhost only: not minified, which keeps `npm run build` fast.
    // No shared vendor chunks: the pane's on-demand chunks (engine, xlsx) each carry what they need.
    optimization: { minimizer: minimizers(), splitChunks: { cacheGroups: { defaultVendors: false, default: false } } },
    // The Office bundle has a size budget; the playground carries the whole engine and is exempt,
    // as is the engine chunk the pane loads only when a copy for sharing is prepared.
    performance: {
      hints: dev ? false : 'warning',
      maxAssetSize: 400_000,
      maxEntrypointSize: 400_000,
      assetFilter: (file) =>
        /\.js$/.test(file) &&
        !file.startsWith('playground') &&
        !file.startsWith('engine') &&
        !file.startsWith('vendor/') &&
        !file.startsWith('office-js/'),
    },
  };

  if (env.WEBPACK_SERVE) {
    config.devServer = {
      port: PORT,
      hot: false,
      liveReload: true,
      headers: { 'Access-Control-Allow-Origin': '*' },
      server: { type: 'https', options: await devServerCertificates() },
      static: false,
      devMiddleware: { writeToDisk: false },
    };
  }
  return config;
};
