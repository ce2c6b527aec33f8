/**
 * Where the pane loads Office.js from: `OFFICE_JS=cdn` (the default) keeps Microsoft's CDN, as
 * Microsoft recommends for add-ins on the internet; `OFFICE_JS=local npm run build` serves it
 * from the add-in's own host, for government intranets without internet access.
 *
 * The local copy comes from the npm package @microsoft/office-js, pinned in package.json (its
 * version is the Office.js the add-in is tested with; raise it deliberately). It is copied to
 * dist/web/office-js/: office.js loads its host files (excel-web-16.00.js, excel-win32-16.01.js,
 * …), its locale strings (zh-cn/office_strings.js, …) and the custom functions runtime from the
 * folder it was loaded from, so the whole folder goes along — without the debug builds, the type
 * definitions and the other Office applications' host files (an Excel add-in never loads them).
 */
'use strict';
const path = require('path');

const CDN_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const LOCAL_DIR = 'office-js';

/** Other Office applications' host files: never loaded in Excel. */
const OTHER_HOSTS = [
  'access',
  'onenote',
  'outlook',
  'outlookwebapp',
  'powerpoint',
  'powerpointios',
  'project',
  'visio',
  'word',
  'wordios',
];

/**
 * The Office.js option of a build: where the page's script tag points and what to copy.
 * `value` is process.env.OFFICE_JS: undefined, '' or 'cdn' for the CDN, 'local' for this host.
 */
function officeJsOption(value) {
  const mode = (value || 'cdn').trim().toLowerCase();
  if (mode === 'cdn') return { mode, url: CDN_URL, copy: [] };
  if (mode !== 'local')
    throw new Error(
      `OFFICE_JS must be "cdn" (the default: Microsoft's CDN) or "local" (served from the add-in's own host) (got "${value}")`
    );
  const from = path.dirname(require.resolve('@microsoft/office-js/dist/office.js'));
  return {
    mode,
    url: `${LOCAL_DIR}/office.js`,
    copy: [
      {
        from,
        to: LOCAL_DIR,
        globOptions: {
          ignore: ['**/*.debug.js', '**/*.d.ts', '**/office-vsdoc.js', ...OTHER_HOSTS.map((h) => `**/${h}-*.js`)],
        },
        // Microsoft's files as shipped: never re-minified (they are, and it would take minutes).
        info: { minimized: true },
      },
    ],
  };
}

module.exports = { officeJsOption, CDN_URL, LOCAL_DIR };
