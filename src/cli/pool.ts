/**
 * A small pool of worker threads for independent tasks (one workbook each). Each worker runs one
 * task at a time and gets the next when it answers. A worker that dies with a task in hand —
 * an uncaught exception, `process.exit`, its heap limit reached — fails that task only: it is
 * replaced and the pool goes on. Tasks and results cross threads by structured clone, so they
 * must be plain data.
 *
 * A worker is handed its next task as soon as it answers, so a crash is charged to the task in
 * its hands: a stray exception left behind by a previous task would fail the next one (the
 * worker entry runs each task to completion, so this should not happen).
 *
 * The worker script speaks a two-message protocol (see worker.ts): it receives
 * `{ index, task }` and answers `{ index, result }`.
 */
import { Worker } from 'worker_threads';

export interface PoolOptions {
  /** Worker threads at most (never more than there are tasks). */
  size: number;
  /** The worker's compiled entry (a .js file). */
  script: string;
  /** Each worker's old-generation heap limit: a runaway file ends its own worker, not the process. */
  heapMb: number;
}

/** A task's result, or why its worker died before answering. */
export type Settled<R> = { ok: true; value: R } | { ok: false; reason: string };

/** Why a worker ended without answering, in words for the person who gave the file. */
function deathReason(error: (Error & { code?: string }) | undefined, exitCode: number, heapMb: number): string {
  if (error?.code === 'ERR_WORKER_OUT_OF_MEMORY')
    return `the worker ran out of memory (its heap is limited to ${heapMb} MB; try this file alone)`;
  if (error) return `the worker stopped: ${error.message}`;
  return `the worker exited with code ${exitCode}`;
}

/**
 * Runs every task on the pool and calls `settle(index, result)` as each one ends, in the order
 * they finish. Resolves once every task is settled and every worker has exited.
 */
export function runOnPool<T, R>(
  tasks: readonly T[],
  o: PoolOptions,
  settle: (index: number, result: Settled<R>) => void
): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    let settled = 0;
    let alive = 0;
    const finishIfDone = () => {
      if (settled === tasks.length && alive === 0) resolve();
    };
    const done = (index: number, result: Settled<R>) => {
      settled++;
      settle(index, result);
    };

    const start = () => {
      const worker = new Worker(o.script, { resourceLimits: { maxOldGenerationSizeMb: o.heapMb } });
      alive++;
      let current = -1;
      let error: Error | undefined;
      const give = () => {
        if (next < tasks.length) {
          current = next++;
          worker.postMessage({ index: current, task: tasks[current] });
        } else {
          current = -1;
          void worker.terminate();
        }
      };
      worker.on('message', (m: { index: number; result: R }) => {
        current = -1;
        done(m.index, { ok: true, value: m.result });
        give();
      });
      // 'error' (an uncaught exception, out of memory) always comes before 'exit'.
      worker.on('error', (e) => {
        error = e;
      });
      worker.on('exit', (code) => {
        alive--;
        if (current >= 0) {
          done(current, { ok: false, reason: deathReason(error, code, o.heapMb) });
          if (next < tasks.length) start();
        }
        finishIfDone();
      });
      give();
    };

    for (let k = 0; k < Math.min(o.size, tasks.length); k++) start();
    finishIfDone();
  });
}
