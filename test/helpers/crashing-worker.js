/**
 * A batch worker that misbehaves on purpose, chosen by the workbook's file name, for the
 * tests of a crash inside the pool (test/engine/cli-many.test.ts). Other files run as in the
 * real worker (dist/cli/worker.js), through the same protocol.
 *   exit-*   the thread calls process.exit(9) (as if killed)
 *   throw-*  an exception escapes outside any promise
 *   oom-*    allocates until the worker's heap limit ends it
 */
'use strict';
const path = require('path');
const { serve } = require('../../dist/cli/worker.js');
const { runTask } = require('../../dist/cli/reuse-calc.js');

serve(async (task) => {
  const name = path.basename(task.input);
  if (name.startsWith('exit-')) process.exit(9);
  if (name.startsWith('throw-')) {
    setImmediate(() => {
      throw new Error('boom in the worker');
    });
    return new Promise(() => undefined);
  }
  if (name.startsWith('oom-')) {
    const hog = [];
    for (;;) hog.push(new Array(100_000).fill(hog.length));
  }
  return runTask(task);
});
