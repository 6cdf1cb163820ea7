/** `npm run adopt -- <export> --stage <stage> --connection <name> [--write]`: see lib/cli/adopt-command.ts. */
import { adoptCommand } from "../lib/cli/adopt-command";

process.exitCode = adoptCommand(process.argv.slice(2));
