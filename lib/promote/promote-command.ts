import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BundleError } from "../bundling/bundle";
import { ConfigError } from "../config/config-error";
import { loadStages } from "../config/load-stages";
import type { StageConfig } from "../config/stage-config";
import { PROJECT_ROOT, displayPath } from "../paths";
import { IDENTITY_CHANGES, waiverReason } from "../config/stage-schema";
import { StackFileError, SynthesizedStack } from "../synthesized/synthesized-stack";
import { comparePromotion, passes, type PromotionReport } from "./compare-promotion";
import { formatPromotionReport } from "./format-report";
import { PromotionWriteError, promotedStageFile } from "./promoted-stage-file";
import { replaceStageFile } from "./replace-stage-file";
import { stageFileChanges } from "./stage-file-changes";
import { formatStageFile } from "./stage-file-format";
import type { IdentityWaiver, PromotionInput, TargetBaseline } from "./promotion-stages";
import { readStageFile, synthesizePromotion, synthesizeStage } from "./synthesize-promotion";
import { UsageError } from "../cli/command-arguments";
import { CONSOLE, type CommandOutput } from "../cli/output";


export const USAGE =
  'usage: npm run promote -- <source stage> <target stage> [--write] [--config <folder>] [--outdir <cdktf.out folder>] [--tested <cdktf.out folder>] [--deployed <cdktf.out folder>] [--waive <change> --because "<reason>"]...';


interface PromoteArguments {
  readonly source: string;
  readonly target: string;
  readonly write: boolean;
  readonly configDir: string;
  /** Where the stages were last synthesized; by default cdktf.out, for the default config folder only. */
  readonly outdir?: string;
  /** A synthesized output folder holding the stack the source stage was deployed from. */
  readonly testedDir?: string;
  /** A synthesized output folder holding the stack the target stage was deployed from. */
  readonly deployedDir?: string;
  readonly waivers: readonly IdentityWaiver[];
}

function parseArguments(args: readonly string[]): PromoteArguments {
  const stages: string[] = [];
  const waivers: IdentityWaiver[] = [];
  let write = false;
  const folders: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--write") write = true;
    else if (["--config", "--outdir", "--tested", "--deployed"].includes(arg)) {
      const folder = args[++i];
      if (folder === undefined) throw new UsageError(`${arg} needs a folder`);
      folders[arg] = resolve(folder);
    } else if (arg === "--waive") {
      const change = args[++i];
      if (!IDENTITY_CHANGES.includes(change as never)) throw new UsageError(`--waive needs one of ${IDENTITY_CHANGES.join(", ")}`);
      if (args[++i] !== "--because" || args[i + 1] === undefined) throw new UsageError(`--waive ${change} needs --because "<why the change is intended>" right after it`);
      const reason = waiverReason.safeParse(args[++i]);
      if (!reason.success) throw new UsageError(`--because for ${change}: ${reason.error.issues[0].message}`);
      waivers.push({ change, reason: reason.data, source: "--waive" });
    } else if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
    else stages.push(arg);
  }
  const configDir = folders["--config"];
  if (stages.length !== 2) throw new UsageError(`expected two stages, got ${stages.length}`);
  if (stages[0] === stages[1]) throw new UsageError(`promote a stage to another one, not ${stages[0]} to itself`);
  const defaultConfig = join(PROJECT_ROOT, "config");
  return {
    source: stages[0],
    target: stages[1],
    write,
    configDir: configDir ?? defaultConfig,
    outdir: folders["--outdir"] ?? (configDir === undefined || configDir === defaultConfig ? join(PROJECT_ROOT, "cdktf.out") : undefined),
    testedDir: folders["--tested"],
    deployedDir: folders["--deployed"],
    waivers,
  };
}

function stackIn(folder: string, option: string, stage: string): SynthesizedStack {
  if (!existsSync(join(folder, "stacks", stage, "cdk.tf.json"))) {
    throw new UsageError(`${option} ${displayPath(folder)} holds no stacks/${stage}/cdk.tf.json`);
  }
  return SynthesizedStack.read(folder, stage);
}

function testedStack(testedDir: string | undefined, stage: string): SynthesizedStack | undefined {
  return testedDir === undefined ? undefined : stackIn(testedDir, "--tested", stage);
}

/** The stacks the target was deployed or last synthesized from, which its identity may not leave. */
function targetBaselines(args: PromoteArguments, target: StageConfig): TargetBaseline[] {
  const baselines: TargetBaseline[] = [];
  if (args.deployedDir !== undefined) {
    const stack = stackIn(args.deployedDir, "--deployed", target.stage);
    baselines.push({ label: `the stack ${target.stage} was deployed from (${displayPath(join(args.deployedDir, "stacks", target.stage, "cdk.tf.json"))})`, stack });
  }
  if (args.outdir !== undefined && existsSync(join(args.outdir, "stacks", target.stage, "cdk.tf.json"))) {
    const file = displayPath(join(args.outdir, "stacks", target.stage, "cdk.tf.json"));
    baselines.push({ label: `the stack ${target.stage} was last synthesized from (${file})`, stack: SynthesizedStack.read(args.outdir, target.stage) });
  }
  return baselines;
}

/** Problems found in the staged copy of the config folder, named by the real files. */
function asRealFiles(error: unknown, staged: string, configDir: string): unknown {
  if (!(error instanceof ConfigError)) return error;
  const real = (text: string) => text.split(`${staged}/`).join(`${displayPath(configDir)}/`);
  return new ConfigError(
    error.problems.map((problem) => ({
      ...problem,
      file: real(problem.file),
      expected: real(problem.expected),
      ...(problem.found === undefined ? {} : { found: real(problem.found) }),
    })),
  );
}

class PromotionRefused extends Error {
  constructor(readonly report: PromotionReport) {
    super("the promoted stage file would not pass promotion");
  }
}

function write(args: PromoteArguments, source: StageConfig, target: StageConfig, output: CommandOutput): number {
  const before = readStageFile(target);
  const promoted = promotedStageFile(readStageFile(source), before, { source: source.stage, target: target.stage, targetFile: target.sourceFile });
  const text = formatStageFile(promoted);
  const tested = testedStack(args.testedDir, source.stage);
  const baselines = targetBaselines(args, target);
  const withBaselines = (input: PromotionInput): PromotionInput => ({ ...input, targetBaselines: baselines, waivers: args.waivers });
  if (text === readFileSync(resolve(PROJECT_ROOT, target.sourceFile), "utf8")) {
    output.log(`${target.sourceFile} already holds ${source.stage}'s settings with ${target.stage}'s own values: nothing to write`);
    return compare(comparePromotion(withBaselines(synthesizePromotion(source, target, { testedSource: tested }))), output);
  }
  // The file about to be replaced is what the target says today: its identity may not change either.
  baselines.push({ label: `the stack ${target.sourceFile} declares now`, stack: synthesizeStage(target) });
  try {
    const report = replaceStageFile(args.configDir, target.stage, text, (staged) => {
      let promotedTarget: StageConfig;
      try {
        promotedTarget = { ...loadStages(staged, [target.stage])[0], sourceFile: target.sourceFile };
      } catch (error) {
        throw asRealFiles(error, staged, args.configDir);
      }
      const result = comparePromotion(withBaselines(synthesizePromotion(source, promotedTarget, { testedSource: tested, targetFile: promoted })));
      if (!passes(result)) throw new PromotionRefused(result);
      return result;
    });
    for (const line of formatPromotionReport(report)) output.log(line);
    output.log("");
    output.log(`wrote ${target.sourceFile}:`);
    for (const change of stageFileChanges(before, promoted)) output.log(`  ${change}`);
    return 0;
  } catch (error) {
    if (!(error instanceof PromotionRefused)) throw error;
    for (const line of formatPromotionReport(error.report)) output.log(line);
    output.error(`nothing was written: ${target.sourceFile} would not pass promotion even with ${source.stage}'s settings`);
    return 1;
  }
}

function compare(report: PromotionReport, output: CommandOutput): number {
  for (const line of formatPromotionReport(report)) output.log(line);
  return passes(report) ? 0 : 1;
}

/**
 * `npm run promote -- <source> <target> [--write]`: prints what the target stage would
 * apply differently from the source, and fails when it would run other code or be
 * looser. `--write` rewrites the target's stage file from the source's plus the
 * target's own values, validated before it replaces the file. Returns the exit code.
 */
export function promoteCommand(args: readonly string[], output: CommandOutput = CONSOLE): number {
  try {
    const parsed = parseArguments(args);
    const configs = loadStages(parsed.configDir, [parsed.source, parsed.target]);
    const source = configs.find((config) => config.stage === parsed.source)!;
    const target = configs.find((config) => config.stage === parsed.target)!;
    if (parsed.write) return write(parsed, source, target, output);
    const input = synthesizePromotion(source, target, { testedSource: testedStack(parsed.testedDir, source.stage) });
    return compare(comparePromotion({ ...input, targetBaselines: targetBaselines(parsed, target), waivers: parsed.waivers }), output);
  } catch (error) {
    if (error instanceof UsageError) {
      output.error(error.message);
      output.error(USAGE);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof BundleError || error instanceof PromotionWriteError || error instanceof StackFileError) {
      output.error(error.message);
      return 1;
    }
    throw error;
  }
}
