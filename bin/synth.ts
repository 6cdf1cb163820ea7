/** `npm run synth`: see lib/cli/synth-command.ts. `cdktf synth` runs main.ts instead (no review). */
import { synthCommand } from "../lib/cli/synth-command";

export function main(args: readonly string[]): number {
  return synthCommand(args);
}

// Run directly (tsx bin/synth.ts); bin/prebundled.cjs calls main itself.
if (require.main === module) process.exitCode = main(process.argv.slice(2));
