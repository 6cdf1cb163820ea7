/**
 * The cdktf app (what `cdktf synth/diff/deploy` runs): one stack per stage file in
 * config/ (or the folder AUTH0_FACADE_CONFIG names). It reads configuration and
 * synthesizes stacks, nothing else; a bad stage file or source prints the same lines as
 * `npm run synth`, never a stack trace.
 */
import { runCommand } from "./lib/cli/run-command";
import { loadStages } from "./lib/config/load-stages";
import { synthesizeStages } from "./lib/stacks/synthesize-stages";

process.exitCode = runCommand(() => {
  synthesizeStages(loadStages(process.env.AUTH0_FACADE_CONFIG || undefined));
  return 0;
});
