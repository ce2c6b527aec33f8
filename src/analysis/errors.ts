/**
 * Errors of the analysis module: a stable code, and the message in both languages of the add-in.
 * `message` is the English text (what a script or the CLI in en-US prints); `zh` the Chinese one.
 */
export type AnalysisErrorCode =
  | 'bad-argument'
  | 'no-solution-in-bracket'
  | 'output-constant'
  | 'output-jumps'
  | 'not-converged'
  | 'not-a-number'
  | 'cancelled';

export class AnalysisError extends Error {
  constructor(
    readonly code: AnalysisErrorCode,
    message: string,
    readonly zh: string
  ) {
    super(message);
    this.name = 'AnalysisError';
  }

  /** The message in `lang` (`zh-CN` or anything else for English). */
  text(lang: string): string {
    return /^zh/i.test(lang) ? this.zh : this.message;
  }
}

/** A bad argument: names it in both languages. */
export function badArgument(en: string, zh: string): AnalysisError {
  return new AnalysisError('bad-argument', en, zh);
}

/** Shortest round-trip text of a number, for messages. */
export function num(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(12))) : String(x);
}
