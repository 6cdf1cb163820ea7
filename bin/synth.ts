/**
 * `npm run synth`: validates every stage file, bundles the scripts and Actions,
 * synthesizes cdktf.out/stacks/<stage>/cdk.tf.json without the cdktf CLI (which adds
 * seconds and needs nothing here), then runs the security review into
 * cdktf.out/review (`--no-review` skips it). Unsuppressed review errors fail the command,
 * but the stacks and the reports are still written, for the reviewer to read.
 * `cdktf synth` runs the same app through main.ts, without the review.
 */
import { join } from "node:path";
import { BundleError } from "../lib/bundling/bundle";
import { ConfigError } from "../lib/config/config-error";
import { loadStages } from "../lib/config/load-stages";
import { writeAtomically } from "../lib/output/write-atomically";
import { PROJECT_ROOT } from "../lib/paths";
import { ReviewInputError } from "../lib/review/review-input";
import { allPass, reviewAndWriteReports, reviewResultLines } from "../lib/review/review-stages";
import { synthesizeStages } from "../lib/stacks/synthesize-stages";

export const OUTDIR = join(PROJECT_ROOT, "cdktf.out");

function main(args: readonly string[]): number {
  const unknown = args.filter((arg) => arg !== "--no-review");
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown[0]} (expected --no-review)`);
    return 1;
  }
  const review = !args.includes("--no-review");
  const started = performance.now();
  try {
    const configs = loadStages();
    const reports = writeAtomically(OUTDIR, (staging) => {
      synthesizeStages(configs, { outdir: staging });
      return review ? reviewAndWriteReports(configs, staging, OUTDIR) : [];
    });
    const stages = configs.map((config) => config.stage).join(", ");
    console.log(`synthesized ${configs.length} stage(s) (${stages}) into cdktf.out/stacks in ${(performance.now() - started).toFixed(0)} ms`);
    for (const line of reviewResultLines(reports, OUTDIR)) console.log(line);
    return allPass(reports) ? 0 : 1;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof BundleError || error instanceof ReviewInputError) {
      console.error(error.message);
      console.error("nothing was written");
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
