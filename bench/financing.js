/** Benchmark cases added by the pricing and financing functions (filled in as they land). */
module.exports = { CASES: {} };
