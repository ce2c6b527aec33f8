/**
 * The worker thread of a batch (see batch.ts and pool.ts): receives `{ index, task }`, runs the
 * task exactly as `--jobs 1` would in the main thread, and answers `{ index, result }` with the
 * lines it printed and its exit code. A failure inside the task is already part of its result;
 * only a crash of the thread itself (out of memory, a stray exception) ends it, and the pool
 * reports that.
 */
import { parentPort } from 'worker_threads';
import type { FileTask, Outcome } from './batch';
import { runTask } from './reuse-calc';

/** Answers tasks with `run` (tests wrap it to crash on purpose). */
export function serve(run: (task: FileTask) => Promise<Outcome> = runTask): void {
  const port = parentPort;
  if (!port) throw new Error('worker.js runs in a worker thread');
  port.on('message', async ({ index, task }: { index: number; task: FileTask }) =>
    port.postMessage({ index, result: await run(task) })
  );
}

if (require.main === module) serve();
