/**
 * Stand-in for @stdlib/assert-has-generator-support in the web bundles (webpack.config.js
 * resolve.alias). The original tests for generators by evaluating a string at module load, which
 * the pages' Content-Security-Policy (no 'unsafe-eval') refuses and reports as a violation. Saying
 * "no" makes @stdlib's continued fractions and series (incomplete beta for PERT quantiles) take
 * their plain-function implementation, which computes the same numbers.
 */
'use strict';
module.exports = function hasGeneratorSupport() {
  return false;
};
