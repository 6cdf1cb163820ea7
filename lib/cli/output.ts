/** Where a command writes: the console, or a test's capture. */
export interface CommandOutput {
  log(line: string): void;
  error(line: string): void;
}

export const CONSOLE: CommandOutput = {
  log: (line) => console.log(line),
  error: (line) => console.error(line),
};
