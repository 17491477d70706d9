/** One file of Cedar policies, as read from disk (or given in memory by tests). */
export interface PolicySource {
  /** Path shown in errors and used in generated policy ids. */
  readonly file: string;
  readonly text: string;
  /** `enforce`: decides; `shadow`: evaluated and recorded, never enforced. */
  readonly set: 'enforce' | 'shadow';
}

/** A problem found in a policy file, with its position. */
export interface PolicyProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly help?: string | undefined;
}

/** 1-based line and column of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

export function formatProblem(problem: PolicyProblem): string {
  const help = problem.help ? ` (${problem.help})` : '';
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}${help}`;
}
