/** One problem with a user's input: where, what was expected, what was found. */
export interface InputProblem {
  readonly file: string;
  /** Dotted field path (`facade.certificate.sha256Pins[1]`); empty for the whole file. */
  readonly field: string;
  readonly expected: string;
  /** The offending value as JSON, when there is one to show. */
  readonly found?: string;
}

function formatProblem(problem: InputProblem): string {
  const field = problem.field === "" ? "" : ` ${problem.field}:`;
  const found = problem.found === undefined ? "" : `, found ${problem.found}`;
  return `${problem.file}:${field} ${problem.expected}${found}`;
}

/** "1 problem", "3 problems": for a heading. */
export const problemCount = (problems: readonly unknown[]): string => `${problems.length} problem${problems.length === 1 ? "" : "s"}`;

/**
 * Input a command cannot use (a stage file, a stack, a plan, an export, a source file),
 * with every problem found in it: the one error `runCommand` prints as it is and turns into
 * exit 2. Every reader throws this and nothing else for the user's mistakes.
 */
export class InputError extends Error {
  constructor(
    readonly problems: readonly InputProblem[],
    /** What could not be done, shown above the problems (`invalid stage configuration (2 problems)`); none: the problems alone. */
    readonly heading?: string,
  ) {
    super(
      heading === undefined ? problems.map(formatProblem).join("\n") : `${heading}:\n${problems.map((problem) => `  ${formatProblem(problem)}`).join("\n")}`,
    );
    this.name = "InputError";
  }

  /** The same problems with each mention of `from` (a staged copy's folder) read as `to` (the folder the user knows). */
  renamed(from: string, to: string): InputError {
    const real = (text: string) => text.split(from).join(to);
    return new InputError(
      this.problems.map((problem) => ({
        ...problem,
        file: real(problem.file),
        expected: real(problem.expected),
        ...(problem.found === undefined ? {} : { found: real(problem.found) }),
      })),
      this.heading,
    );
  }
}
