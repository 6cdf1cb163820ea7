import { displayPath } from "../paths";
import { BundleError } from "../bundling/bundle";
import { ConfigError } from "../config/config-error";
import { loadStages } from "../config/load-stages";
import { writeAtomically } from "../output/write-atomically";
import { ReviewInputError } from "../review/review-input";
import { allPass, reviewAndWriteReports, reviewResultLines } from "../review/review-stages";
import { synthesizeStages } from "../stacks/synthesize-stages";
import { UsageError, parseCommandArguments } from "./command-arguments";
import { CONSOLE, type CommandOutput } from "./output";

/**
 * `npm run synth [-- --config <folder>] [--outdir <folder>] [--no-review]`: validates every
 * stage file, bundles the scripts and Actions, synthesizes <outdir>/stacks/<stage>/cdk.tf.json
 * without the cdktf CLI, then runs the security review into <outdir>/review. Everything is
 * built in a staging folder swapped in at the end, so a bad stage file or script leaves
 * the previous output untouched. Unsuppressed review errors fail the command, but the
 * stacks and reports are still written, for the reviewer to read. Returns the exit code.
 */
export function synthCommand(
  args: readonly string[],
  output: CommandOutput = CONSOLE,
  options: { readonly sourceRoot?: string } = {},
): number {
  const started = performance.now();
  try {
    const { configDir, outdir, switches } = parseCommandArguments(args, ["--no-review"]);
    const review = !switches.has("--no-review");
    const configs = loadStages(configDir);
    const reports = writeAtomically(outdir, (staging) => {
      synthesizeStages(configs, { outdir: staging, sourceRoot: options.sourceRoot });
      return review ? reviewAndWriteReports(configs, staging, outdir) : [];
    });
    const stages = configs.map((config) => config.stage).join(", ");
    const elapsed = (performance.now() - started).toFixed(0);
    output.log(`synthesized ${configs.length} stage(s) (${stages}) into ${displayPath(outdir)}/stacks in ${elapsed} ms`);
    for (const line of reviewResultLines(reports, outdir)) output.log(line);
    return allPass(reports) ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      output.error(error.message);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof BundleError || error instanceof ReviewInputError) {
      output.error(error.message);
      output.error("nothing was written");
      return 1;
    }
    throw error;
  }
}
