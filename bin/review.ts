/**
 * `npm run review`: the security review of what each stage will apply. Reads the stacks
 * in cdktf.out, writes cdktf.out/review/<stage>.md, .json and .sarif, and exits non-zero
 * on any unsuppressed error. When a stage has no synthesized stack yet, it synthesizes
 * every stage first, as `npm run synth` does (which runs this same review afterwards).
 *
 *   npm run review [-- --config <folder of stage files>] [--outdir <cdktf.out folder>]
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { BundleError } from "../lib/bundling/bundle";
import { ConfigError } from "../lib/config/config-error";
import { loadStages } from "../lib/config/load-stages";
import type { StageConfig } from "../lib/config/stage-config";
import { writeAtomically } from "../lib/output/write-atomically";
import { PROJECT_ROOT, displayPath } from "../lib/paths";
import type { StageReport } from "../lib/review/report/stage-report";
import { ReviewInputError, stackFileOf } from "../lib/review/review-input";
import { REVIEW_FOLDER, allPass, reviewAndWriteReports, reviewResultLines, reviewStages } from "../lib/review/review-stages";
import { writeReports } from "../lib/review/write-reports";
import { synthesizeStages } from "../lib/stacks/synthesize-stages";
import { UsageError, parseCommandArguments } from "../lib/cli/command-arguments";


/** A stack older than its stage file reviews what the stage file used to say. */
function warnIfStale(configs: readonly StageConfig[], outdir: string): void {
  for (const config of configs) {
    const stack = stackFileOf(outdir, config.stage);
    const stageFile = resolve(PROJECT_ROOT, config.sourceFile);
    if (statSync(stageFile).mtimeMs > statSync(stack).mtimeMs) {
      console.warn(`warning: ${config.sourceFile} changed after ${displayPath(stack)} was synthesized; run npm run synth to review what it says now`);
    }
  }
}

function review(configs: readonly StageConfig[], outdir: string): StageReport[] {
  const missing = configs.filter((config) => !existsSync(stackFileOf(outdir, config.stage)));
  if (missing.length > 0) {
    console.log(`${displayPath(outdir)} has no synthesized stack for ${missing.map((config) => config.stage).join(", ")}: synthesizing every stage first`);
    return writeAtomically(outdir, (staging) => {
      synthesizeStages(configs, { outdir: staging });
      return reviewAndWriteReports(configs, staging, outdir);
    });
  }
  warnIfStale(configs, outdir);
  const reports = reviewStages(configs, outdir);
  writeAtomically(join(outdir, REVIEW_FOLDER), (staging) => writeReports(staging, reports));
  return reports;
}

export function main(args: readonly string[]): number {
  try {
    const { configDir, outdir } = parseCommandArguments(args);
    const reports = review(loadStages(configDir), outdir);
    for (const line of reviewResultLines(reports, outdir)) console.log(line);
    return allPass(reports) ? 0 : 1;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof BundleError || error instanceof ReviewInputError || error instanceof UsageError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

// Run directly (tsx bin/review.ts); bin/prebundled.cjs calls main itself.
if (require.main === module) process.exitCode = main(process.argv.slice(2));
