import type { CommandOutput } from "../../lib/cli/output";

export interface CapturedRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** Runs a command's body as the CLI would, with what it prints captured line by line. */
export function runCaptured(command: (args: readonly string[], output: CommandOutput) => number, args: readonly string[]): CapturedRun {
  const out: string[] = [];
  const err: string[] = [];
  const code = command(args, { log: (line) => out.push(line), error: (line) => err.push(line) });
  return { code, out, err };
}
