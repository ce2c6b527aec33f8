/**
 * Scenario exchange between workbooks (and bureaus), split by job:
 *
 *   exchange-format.ts   the `.reuse-scenarios.json` file: shape, export, file name
 *   json-gate.ts         the untrusted-input guards every JSON read passes (size, depth, keys)
 *   exchange-read.ts     reading an exchange file or another workbook's store as an import source
 *   exchange-merge.ts    planning and applying an import (nothing here is ever overwritten)
 *
 * The zip step of reading a workbook is ../workbook/scenario-part.ts (loaded on demand).
 *
 * @deprecated since 0.2 as an import path: import from the module that does the job. This
 * file re-exports them for one release so existing callers (the pane) keep compiling.
 */
export * from './exchange-format';
export * from './exchange-read';
export * from './exchange-merge';
export { clip, forbiddenKey, jsonDepth, MAX_JSON_DEPTH as MAX_EXCHANGE_DEPTH } from './json-gate';
