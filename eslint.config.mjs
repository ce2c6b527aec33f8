// ESLint as the Office add-in templates set it up: eslint-plugin-office-addins' recommended config
// (ESLint's recommended rules, the Office.js rules such as load-object-before-read and
// call-sync-before-read, and prettier/prettier, which reads .prettierrc.js).
// Two adjustments, both for TypeScript: the parser is the project's own typescript-eslint (the
// plugin bundles an older one that does not know our TypeScript 5.9), and `no-undef` is off in .ts
// files, where the compiler already checks every name (typescript-eslint's advice).
import officeAddins from 'eslint-plugin-office-addins';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default [
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'out/**',
      'node_modules/**',
      'bench/results/**',
      'test/fixtures/generated/**',
      'src/scenarios/validators.generated.ts',
    ],
  },
  ...officeAddins.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs,ts,cts,mts}'],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 'latest',
      globals: { ...globals.node, ...globals.browser, ...globals.jest },
    },
  },
  {
    files: ['**/*.{ts,cts,mts}'],
    rules: { 'no-undef': 'off' },
  },
  {
    // `const { [k]: _, ...rest } = o` drops a key on purpose.
    rules: { '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }] },
  },
  {
    // The Office.js rules recognise proxy objects by shape, not by type: in code that never touches
    // Office.js (ExcelJS cells, our package reader, tests of them) every `cell.row` is a false alarm.
    // They stay on where Office.js is used: the Office ports, the pane, the Excel adapter.
    files: ['**/*.{js,mjs,cjs,ts}'],
    ignores: ['src/workbook/office-*.ts', 'src/taskpane/**', 'src/functions/**'],
    rules: {
      'office-addins/load-object-before-read': 'off',
      'office-addins/call-sync-before-read': 'off',
      'office-addins/no-navigational-load': 'off',
    },
  },
];
