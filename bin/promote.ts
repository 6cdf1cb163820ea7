/** `npm run promote -- <source> <target> [--write]`: see lib/cli/promote-command.ts. */
import { promoteCommand } from "../lib/cli/promote-command";

process.exitCode = promoteCommand(process.argv.slice(2));
