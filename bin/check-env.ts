/** `npm run check-env -- <stage> [...]`: see lib/cli/check-env-command.ts. */
import { checkEnvCommand } from "../lib/cli/check-env-command";

process.exitCode = checkEnvCommand(process.argv.slice(2));
