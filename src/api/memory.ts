/**
 * A full garbage collection on demand, for Node (the engine layer calls it through
 * `onLargeEngineFreed` after freeing a large workbook's engine; see src/engine/load.ts).
 *
 * Node offers `gc` only under `--expose-gc`, which a library cannot ask of the process that
 * loads it: the flag is set at run time instead, and a fresh context hands out the function
 * (V8 installs `gc` in every context created after the flag is on). Where that fails (a runtime
 * that refuses the flag), nothing happens: memory is then what V8 decides, never an error.
 */
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

let collect: (() => void) | undefined | null = null;

function collector(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a full garbage collection where the runtime allows one; a no-op elsewhere. */
export function fullGarbageCollection(): void {
  if (collect === null) collect = collector();
  collect?.();
}
