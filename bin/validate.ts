/** `npm run validate`: see lib/cli/validate-command.ts. */
import { validateCommand } from "../lib/cli/validate-command";

process.exitCode = validateCommand(process.argv.slice(2));
