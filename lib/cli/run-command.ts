import { InputError } from "../input-error";
import { HelpRequested, UsageError } from "./arguments";
import { CONSOLE, type CommandOutput } from "./output";

/** Every command's exit codes. */
export const EXIT = {
  /** It judged, and everything passed. */
  passed: 0,
  /** It judged, and found problems: review errors, promotion or plan refusals, validation problems. */
  findings: 1,
  /** It could not judge: a command line, or a file (stage file, stack, plan, source), it cannot read. */
  cannotJudge: 2,
} as const;

/**
 * Runs a command's body and turns a user's mistake into its message and exit code 2,
 * never a stack trace. Anything else is a bug, and propagates.
 */
export function runCommand(body: (output: CommandOutput) => number, output: CommandOutput = CONSOLE, onInputError?: () => void): number {
  try {
    return body(output);
  } catch (error) {
    if (error instanceof HelpRequested) {
      output.log(error.usage);
      return EXIT.passed;
    }
    if (error instanceof UsageError) {
      output.error(error.message);
      if (error.usage !== undefined) output.error(error.usage);
      return EXIT.cannotJudge;
    }
    if (error instanceof InputError) {
      output.error(error.message);
      onInputError?.();
      return EXIT.cannotJudge;
    }
    throw error;
  }
}
