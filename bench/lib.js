/**
 * A tiny benchmark harness: each case times a candidate against a baseline measured in the
 * same run, alternating the two so machine noise hits both alike, and reports the ratio of
 * medians. Absolute times are printed for context only; they are not comparable across machines.
 */
const { performance } = require('perf_hooks');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Times fn() once, after its setup (setup time is not counted). */
function timeOnce(make) {
  const run = make();
  const t0 = performance.now();
  const result = run();
  const ms = performance.now() - t0;
  if (result === undefined) throw new Error('benchmark step returned nothing; it may have been optimised away');
  return ms;
}

/**
 * @param {object} c  { name, target, candidate: () => () => any, baseline: () => () => any, repeats, warmup }
 *   candidate/baseline are factories: the outer call sets up (not timed), the inner call is timed.
 */
function compare(c) {
  const repeats = c.repeats ?? 7;
  for (let i = 0; i < (c.warmup ?? 1); i++) {
    timeOnce(c.candidate);
    timeOnce(c.baseline);
  }
  const a = [];
  const b = [];
  for (let i = 0; i < repeats; i++) {
    if (i % 2) {
      b.push(timeOnce(c.baseline));
      a.push(timeOnce(c.candidate));
    } else {
      a.push(timeOnce(c.candidate));
      b.push(timeOnce(c.baseline));
    }
  }
  const ratio = median(a) / median(b);
  return {
    name: c.name,
    candidateMs: median(a),
    baselineMs: median(b),
    ratio,
    target: c.target,
    ok: c.target === undefined || ratio <= c.target,
  };
}

/** Times an async step once, after its (async) setup. */
async function timeOnceAsync(make) {
  const run = await make();
  const t0 = performance.now();
  const result = await run();
  const ms = performance.now() - t0;
  if (result === undefined) throw new Error('benchmark step returned nothing; it may have been optimised away');
  return ms;
}

/** `compare` for steps that are async (or whose setup is): same alternation, same ratio of medians. */
async function compareAsync(c) {
  const repeats = c.repeats ?? 7;
  for (let i = 0; i < (c.warmup ?? 1); i++) {
    await timeOnceAsync(c.candidate);
    await timeOnceAsync(c.baseline);
  }
  const a = [];
  const b = [];
  for (let i = 0; i < repeats; i++) {
    if (i % 2) {
      b.push(await timeOnceAsync(c.baseline));
      a.push(await timeOnceAsync(c.candidate));
    } else {
      a.push(await timeOnceAsync(c.candidate));
      b.push(await timeOnceAsync(c.baseline));
    }
  }
  const ratio = median(a) / median(b);
  return {
    name: c.name,
    candidateMs: median(a),
    baselineMs: median(b),
    ratio,
    target: c.target,
    ok: c.target === undefined || ratio <= c.target,
  };
}

function report(rows, out = console.log) {
  const w = Math.max(...rows.map((r) => r.name.length));
  out(`${'case'.padEnd(w)}  candidate ms  baseline ms   ratio  target`);
  for (const r of rows) {
    out(
      `${r.name.padEnd(w)}  ${r.candidateMs.toFixed(1).padStart(12)}  ${r.baselineMs.toFixed(1).padStart(11)}  ${r.ratio.toFixed(3).padStart(6)}  ${r.target === undefined ? '' : `≤ ${r.target} ${r.ok ? 'ok' : 'MISSED'}`}`
    );
  }
}

module.exports = { compare, compareAsync, report, median };
