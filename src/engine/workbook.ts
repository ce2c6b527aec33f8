/**
 * @deprecated since 0.2: renamed to ./load.ts (this name sat beside the src/workbook/ folder).
 * Re-exported here for one release; import from './load'.
 */
export * from './load';
