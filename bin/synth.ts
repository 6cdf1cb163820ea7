/** `npm run synth`: see lib/cli/synth-command.ts. `cdktf synth` runs main.ts instead (no review). */
import { synthCommand } from "../lib/cli/synth-command";

process.exitCode = synthCommand(process.argv.slice(2));
