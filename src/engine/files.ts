/**
 * @deprecated since 0.2: moved to src/api/files.ts (file-system glue over the engine and the
 * engine port sits above both, beside the public API). This re-export is the one upward
 * import left in src/engine and goes with it after one release; .dependency-cruiser.cjs
 * names it as the only exception.
 */
export * from '../api/files';
