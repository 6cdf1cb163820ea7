/** `npm run review`: see lib/cli/review-command.ts. */
import { reviewCommand } from "../lib/cli/review-command";

export function main(args: readonly string[]): number {
  return reviewCommand(args);
}

// Run directly (tsx bin/review.ts); bin/prebundled.cjs calls main itself.
if (require.main === module) process.exitCode = main(process.argv.slice(2));
