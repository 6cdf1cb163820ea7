/** `npm run plan-check -- <plan.json> [...]`: see lib/cli/plan-check-command.ts. */
import { planCheckCommand } from "../lib/cli/plan-check-command";

process.exitCode = planCheckCommand(process.argv.slice(2));
