import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadStages } from "../config/load-stages";
import type { StageConfig } from "../config/stage-config";
import { IDENTITY_CHANGES } from "../config/stage-schema";
import { PROJECT_ROOT, displayPath } from "../paths";
import { comparePromotion, passes, type PromotionReport } from "../promote/compare-promotion";
import { formatPromotionReport } from "../promote/format-report";
import type { IdentityWaiver, PromotionInput, TargetBaseline } from "../promote/promotion-input";
import { formatStageFile, readStageFileJson, replaceStageFile } from "../config/stage-file";
import { promotedStageFile, stageFileChanges } from "../promote/promoted-stage-file";
import { synthesizePromotion, synthesizeStage } from "../promote/synthesize-promotion";
import { SynthesizedStack, stackFileOf } from "../synthesized/synthesized-stack";
import { UsageError, parseArguments } from "./arguments";
import { CONSOLE, type CommandOutput } from "./output";
import { EXIT, runCommand } from "./run-command";

const PROMOTE_USAGE =
  'usage: npm run promote -- <source stage> <target stage> [--write] [--config <folder>] [--outdir <cdktf.out folder>] [--tested <cdktf.out folder>] [--deployed <cdktf.out folder>] [--waive <change> --because "<reason>"]...';

interface PromoteArguments {
  readonly source: string;
  readonly target: string;
  readonly write: boolean;
  readonly configDir?: string;
  /** Where the stages were last synthesized; by default cdktf.out, for the default config folder only. */
  readonly outdir?: string;
  /** A synthesized output folder holding the stack the source stage was deployed from. */
  readonly testedDir?: string;
  /** A synthesized output folder holding the stack the target stage was deployed from. */
  readonly deployedDir?: string;
  readonly waivers: readonly IdentityWaiver[];
}

function promoteArguments(args: readonly string[]): PromoteArguments {
  const parsed = parseArguments(args, {
    usage: PROMOTE_USAGE,
    positionals: { name: "stage", min: 2, max: 2 },
    paths: ["--config", "--outdir", "--tested", "--deployed"],
    switches: ["--write"],
    waivers: {
      what: "change",
      check: (change) => (IDENTITY_CHANGES.includes(change as never) ? undefined : `--waive needs one of ${IDENTITY_CHANGES.join(", ")}`),
    },
  });
  const [source, target] = parsed.positionals;
  if (source === target) throw new UsageError(`promote a stage to another one, not ${source} to itself`, PROMOTE_USAGE);
  const configDir = parsed.paths["--config"];
  const defaultConfig = join(PROJECT_ROOT, "config");
  return {
    source,
    target,
    write: parsed.switches.has("--write"),
    configDir,
    outdir: parsed.paths["--outdir"] ?? (configDir === undefined || configDir === defaultConfig ? join(PROJECT_ROOT, "cdktf.out") : undefined),
    testedDir: parsed.paths["--tested"],
    deployedDir: parsed.paths["--deployed"],
    waivers: parsed.waivers.map((waiver) => ({ change: waiver.subject, reason: waiver.reason, source: "--waive" })),
  };
}

function stackIn(folder: string, option: string, stage: string): SynthesizedStack {
  if (!existsSync(stackFileOf(folder, stage))) throw new UsageError(`${option} ${displayPath(folder)} holds no stacks/${stage}/cdk.tf.json`, PROMOTE_USAGE);
  return SynthesizedStack.read(folder, stage);
}

function testedSource(args: PromoteArguments, stage: string): { stack: SynthesizedStack; file: string } | undefined {
  return args.testedDir === undefined
    ? undefined
    : { stack: stackIn(args.testedDir, "--tested", stage), file: displayPath(stackFileOf(args.testedDir, stage)) };
}

/** The stacks the target was deployed or last synthesized from, which its identity may not leave. */
function targetBaselines(args: PromoteArguments, target: StageConfig): TargetBaseline[] {
  const baselines: TargetBaseline[] = [];
  if (args.deployedDir !== undefined) {
    const stack = stackIn(args.deployedDir, "--deployed", target.stage);
    baselines.push({ label: `the stack ${target.stage} was deployed from (${displayPath(stackFileOf(args.deployedDir, target.stage))})`, stack });
  }
  if (args.outdir !== undefined && existsSync(stackFileOf(args.outdir, target.stage))) {
    baselines.push({
      label: `the stack ${target.stage} was last synthesized from (${displayPath(stackFileOf(args.outdir, target.stage))})`,
      stack: SynthesizedStack.read(args.outdir, target.stage),
    });
  }
  return baselines;
}

class PromotionRefused extends Error {
  constructor(readonly report: PromotionReport) {
    super("the promoted stage file would not pass promotion");
  }
}

function compare(report: PromotionReport, output: CommandOutput): number {
  for (const line of formatPromotionReport(report)) output.log(line);
  return passes(report) ? EXIT.passed : EXIT.findings;
}

function write(args: PromoteArguments, source: StageConfig, target: StageConfig, output: CommandOutput): number {
  const configDir = args.configDir ?? join(PROJECT_ROOT, "config");
  const before = readStageFileJson(target);
  const promoted = promotedStageFile(readStageFileJson(source), before, { source: source.stage, target: target.stage, targetFile: target.sourceFile });
  const text = formatStageFile(promoted);
  const tested = testedSource(args, source.stage);
  const baselines = targetBaselines(args, target);
  const withBaselines = (input: PromotionInput): PromotionInput => ({ ...input, targetBaselines: baselines, waivers: args.waivers });
  if (text === readFileSync(resolve(PROJECT_ROOT, target.sourceFile), "utf8")) {
    output.log(`${target.sourceFile} already holds ${source.stage}'s settings with ${target.stage}'s own values: nothing to write`);
    return compare(comparePromotion(withBaselines(synthesizePromotion(source, target, { testedSource: tested }))), output);
  }
  // The file about to be replaced is what the target says today: its identity may not change either.
  baselines.push({ label: `the stack ${target.sourceFile} declares now`, stack: synthesizeStage(target) });
  try {
    const report = replaceStageFile(configDir, target.stage, text, (staged) => {
      const promotedTarget: StageConfig = { ...loadStages(staged, [target.stage])[0], sourceFile: target.sourceFile };
      const result = comparePromotion(withBaselines(synthesizePromotion(source, promotedTarget, { testedSource: tested, targetFile: promoted })));
      if (!passes(result)) throw new PromotionRefused(result);
      return result;
    });
    for (const line of formatPromotionReport(report)) output.log(line);
    output.log("");
    output.log(`wrote ${target.sourceFile}:`);
    for (const change of stageFileChanges(before, promoted)) output.log(`  ${change}`);
    return EXIT.passed;
  } catch (error) {
    if (!(error instanceof PromotionRefused)) throw error;
    for (const line of formatPromotionReport(error.report)) output.log(line);
    output.error(`nothing was written: ${target.sourceFile} would not pass promotion even with ${source.stage}'s settings`);
    return EXIT.findings;
  }
}

/**
 * `npm run promote -- <source> <target> [--write]`: the review applied to two stages.
 * Prints what the target stage would apply differently from the source, and fails when
 * it would run other code, have a review finding the source lacks, be looser on a
 * compared fact, or change what it is. `--write` rewrites the target's stage file from
 * the source's plus the target's own values, validated before it replaces the file.
 */
export function promoteCommand(args: readonly string[], output: CommandOutput = CONSOLE): number {
  return runCommand(() => {
    const parsed = promoteArguments(args);
    const configs = loadStages(parsed.configDir, [parsed.source, parsed.target]);
    const source = configs.find((config) => config.stage === parsed.source)!;
    const target = configs.find((config) => config.stage === parsed.target)!;
    if (parsed.write) return write(parsed, source, target, output);
    const input = synthesizePromotion(source, target, { testedSource: testedSource(parsed, source.stage) });
    return compare(comparePromotion({ ...input, targetBaselines: targetBaselines(parsed, target), waivers: parsed.waivers }), output);
  }, output);
}
