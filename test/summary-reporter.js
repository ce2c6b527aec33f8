/**
 * Prints one plain closing line, "tests: N passed, N failed[, N skipped]", after Jest's own
 * summary, so CI logs can be read the same way whatever the runner.
 */
class SummaryReporter {
  onRunComplete(_contexts, r) {
    const skipped = r.numPendingTests + r.numTodoTests;
    const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
    process.stdout.write(
      `\ntests: ${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`
    );
  }
}
module.exports = SummaryReporter;
