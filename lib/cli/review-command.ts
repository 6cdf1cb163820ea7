import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { bundleRuntimeCode } from "../bundling/runtime-bundles";
import { loadStages } from "../config/load-stages";
import type { StageConfig } from "../config/stage-config";
import { writeAtomically } from "../output/write-atomically";
import { writeCodeFiles } from "../output/code-files";
import { PROJECT_ROOT, displayPath } from "../paths";
import type { StageReport } from "../review/report/stage-report";
import { REVIEW_FOLDER, allPass, reviewAndWriteReports, reviewResultLines, reviewStages } from "../review/review-stages";
import { writeReports } from "../review/write-reports";
import { synthesizeStages } from "../stacks/synthesize-stages";
import { stackFileOf } from "../synthesized/synthesized-stack";
import { parseArguments } from "./arguments";
import { CONSOLE, type CommandOutput } from "./output";
import { EXIT, runCommand } from "./run-command";

const REVIEW_USAGE = "usage: npm run review [-- --config <folder of stage files>] [--outdir <cdktf.out folder>]";

/** A stack older than its stage file reviews what the stage file used to say. */
function staleWarnings(configs: readonly StageConfig[], outdir: string): string[] {
  return configs.flatMap((config) => {
    const stack = stackFileOf(outdir, config.stage);
    const stageFile = resolve(PROJECT_ROOT, config.sourceFile);
    return statSync(stageFile).mtimeMs > statSync(stack).mtimeMs
      ? [`warning: ${config.sourceFile} changed after ${displayPath(stack)} was synthesized; run npm run synth to review what it says now`]
      : [];
  });
}

/**
 * `npm run review`: the security review of what each stage will apply, against what its
 * stage file declares and what the repository's sources bundle to. Reads the stacks in
 * cdktf.out, writes cdktf.out/review/<stage>.md, .json and .sarif, and exits 1 on any
 * unsuppressed error. When a stage has no synthesized stack yet, it synthesizes every
 * stage first, as `npm run synth` does (which runs this same review afterwards).
 */
export function reviewCommand(args: readonly string[], output: CommandOutput = CONSOLE): number {
  return runCommand(() => {
    const parsed = parseArguments(args, { usage: REVIEW_USAGE, paths: ["--config", "--outdir"] });
    const outdir = parsed.paths["--outdir"] ?? join(PROJECT_ROOT, "cdktf.out");
    const configs = loadStages(parsed.paths["--config"]);
    const missing = configs.filter((config) => !existsSync(stackFileOf(outdir, config.stage)));
    let reports: StageReport[];
    if (missing.length > 0) {
      output.log(`${displayPath(outdir)} has no synthesized stack for ${missing.map((config) => config.stage).join(", ")}: synthesizing every stage first`);
      reports = writeAtomically(outdir, (staging) => {
        const bundles = synthesizeStages(configs, { outdir: staging });
        writeCodeFiles(staging, configs);
        return reviewAndWriteReports(configs, staging, bundles, outdir);
      });
    } else {
      for (const warning of staleWarnings(configs, outdir)) output.error(warning);
      const bundles = bundleRuntimeCode(configs.flatMap((config) => config.connection.scripts));
      reports = reviewStages(configs, outdir, bundles);
      writeAtomically(join(outdir, REVIEW_FOLDER), (staging) => writeReports(staging, reports));
    }
    for (const line of reviewResultLines(reports, outdir)) output.log(line);
    return allPass(reports) ? EXIT.passed : EXIT.findings;
  }, output);
}
