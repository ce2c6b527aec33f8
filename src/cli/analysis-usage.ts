/**
 * The analysis commands' names and usage text, apart from their code (analysis.ts), so that
 * reuse-calc.ts can list them without loading the engine (\`eval\` must start fast).
 */
export const ANALYSIS_COMMANDS = ['sensitivity', 'goalseek', 'table', 'montecarlo'] as const;
export type AnalysisCommand = (typeof ANALYSIS_COMMANDS)[number];

export const ANALYSIS_USAGE = `analysis (inputs and outputs: defined names, Sheet!A1; outputs also min|max|sum|average(Sheet!A1:A9),
firstbelow|lastbelow|firstabove|lastabove(Sheet!B7:B31, THRESHOLD[, Sheet!A7:A31]); left out: the model stored in the workbook):
  reuse-calc sensitivity IN.xlsx [--input NAME[=LOW:HIGH]]... [--output EXPR]... [--delta 0.1] [--steps N]
      Each input to LOW and HIGH (default its value ∓ delta), the others as they are; every output's
      swing, largest first (a tornado). --steps N (odd) adds N points per input for a spider chart.
  reuse-calc goalseek IN.xlsx --output EXPR --target VALUE --input NAME [--between LOW:HIGH] [--tol 1e-9]
      The value of NAME that brings EXPR to VALUE, by Brent's method inside the bracket (default
      value/10 to value×10). No solution in the bracket, or an output that does not change, is exit 1.
      Example: reuse-calc goalseek 项目.xlsx --output "min('资本金现金流'!AC7:AC34)" --target 1.3 --input sewage_fee --between 1:3
  reuse-calc table IN.xlsx --input NAME=v1,v2,... [--input NAME=v1,v2,...] --output EXPR...
      A one- or two-way data table: every output at every value (pair).
  reuse-calc montecarlo IN.xlsx --input 'NAME~DIST'... --output EXPR... [--iterations 10000] [--seed 1]
                       [--threshold 'EXPR<VALUE']... [--correlate A,B=RHO]... [--sampling lhs|random] [--bins 20]
      DIST: uniform(min,max) triangular(min,mode,max) pert(min,mode,max[,lambda]) normal(mean,sd[,lower,upper])
      lognormal(mean,sd[,lower,upper]) discrete(v1:w1,v2:w2,...). Latin hypercube by default; the same
      seed repeats the run exactly. Reports mean, sd, P5 P10 P50 P90 P95 and P(threshold) per output.
  common: --json, -o OUT.xlsx (a copy of IN with a results sheet), --lang en-US|zh-CN, --no-progress.
      Exit 1 when the analysis has no answer (goal seek), 130 when cancelled (Ctrl-C); the workbook is never modified.`;
