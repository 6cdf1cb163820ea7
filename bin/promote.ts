/** `npm run promote -- <source> <target> [--write]`: see lib/promote/promote-command.ts. */
import { promoteCommand } from "../lib/promote/promote-command";

process.exitCode = promoteCommand(process.argv.slice(2));
