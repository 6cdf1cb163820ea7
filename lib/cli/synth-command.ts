import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StageConfig } from "../config/stage-config";
import { identityChanges } from "../facts/stage-identity";
import { PROJECT_ROOT, displayPath } from "../paths";
import { InputError } from "../input-error";
import { SynthesizedStack } from "../synthesized/synthesized-stack";
import { loadStages } from "../config/load-stages";
import { writeAtomically } from "../output/write-atomically";
import { allPass, reviewAndWriteReports, reviewResultLines } from "../review/review-stages";
import { synthesizeStages } from "../stacks/synthesize-stages";
import { parseArguments } from "./arguments";
import { writeCodeFiles } from "../output/code-files";
import { EXIT, runCommand } from "./run-command";
import { CONSOLE, type CommandOutput } from "./output";

/**
 * What changes the identity of a stage since its last synth (lib/facts/stage-identity.ts):
 * the apply would replace the connection or the API. Terraform (prevent_destroy) and
 * `npm run plan-check` stop it; this says so while the edit is fresh.
 */
function identityWarnings(configs: readonly StageConfig[], previousOutdir: string, nextOutdir: string): string[] {
  return configs.flatMap((config) => {
    if (!existsSync(join(previousOutdir, "stacks", config.stage, "cdk.tf.json"))) return [];
    let previous: SynthesizedStack;
    try {
      previous = SynthesizedStack.read(previousOutdir, config.stage);
    } catch (error) {
      return error instanceof InputError ? [`warning: ${error.message}: cannot tell whether ${config.sourceFile} changes what ${config.stage} is`] : [];
    }
    return identityChanges(previous, SynthesizedStack.read(nextOutdir, config.stage)).map(
      (change) =>
        `warning: ${config.sourceFile}: ${change.change} changes from ${change.before} to ${change.after} since the last synth: ${change.consequence} (npm run plan-check and Terraform's prevent_destroy refuse it; see docs/provider-hazards.md)`,
    );
  });
}

/** With SYNTH_PROFILE=<file>: the run's performance marks, for the benchmark's breakdown of where a synth's time goes. */
function writeProfile(file: string | undefined): void {
  if (file === undefined || file === "") return;
  const marks = performance.getEntriesByType("mark").map((mark) => ({ name: mark.name, atMs: mark.startTime }));
  writeFileSync(file, JSON.stringify(marks));
}

export const SYNTH_USAGE = "usage: npm run synth [-- --config <folder>] [--outdir <folder>] [--no-review] [--watch]";

/**
 * `npm run synth [-- --config <folder>] [--outdir <folder>] [--no-review]`: validates every
 * stage file, bundles the scripts and Actions, synthesizes <outdir>/stacks/<stage>/cdk.tf.json
 * without the cdktf CLI, writes each stage's code as plain files into <outdir>/code, then
 * runs the security review into <outdir>/review. Everything is built in a staging folder
 * swapped in at the end, so a bad stage file or script leaves the previous output
 * untouched. Unsuppressed review errors fail the command (exit 1), but the stacks and
 * reports are still written, for the reviewer to read. Returns the exit code.
 */
export function synthCommand(args: readonly string[], output: CommandOutput = CONSOLE, options: { readonly sourceRoot?: string } = {}): number {
  const started = performance.now();
  return runCommand(
    () => {
      const parsed = parseArguments(args, { usage: SYNTH_USAGE, paths: ["--config", "--outdir"], switches: ["--no-review"] });
      const outdir = parsed.paths["--outdir"] ?? join(PROJECT_ROOT, "cdktf.out");
      const configs = loadStages(parsed.paths["--config"]);
      performance.mark("stage files read");
      const review = !parsed.switches.has("--no-review");
      const { reports, warnings } = writeAtomically(outdir, (staging) => {
        const bundles = synthesizeStages(configs, { outdir: staging, sourceRoot: options.sourceRoot });
        writeCodeFiles(staging, configs);
        performance.mark("code files written");
        return { warnings: identityWarnings(configs, outdir, staging), reports: review ? reviewAndWriteReports(configs, staging, bundles, outdir) : [] };
      });
      performance.mark("reviewed and swapped in");
      writeProfile(process.env.SYNTH_PROFILE);
      for (const warning of warnings) output.error(warning);
      const stages = configs.map((config) => config.stage).join(", ");
      const elapsed = (performance.now() - started).toFixed(0);
      output.log(`synthesized ${configs.length} stage(s) (${stages}) into ${displayPath(outdir)}/stacks in ${elapsed} ms`);
      for (const line of reviewResultLines(reports, outdir)) output.log(line);
      return allPass(reports) ? EXIT.passed : EXIT.findings;
    },
    output,
    () => output.error("nothing was written"),
  );
}
