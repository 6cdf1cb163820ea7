import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BundleError } from "../bundling/bundle";
import { ConfigError } from "../config/config-error";
import { loadStages } from "../config/load-stages";
import type { StageConfig } from "../config/stage-config";
import { PROJECT_ROOT, displayPath } from "../paths";
import { SynthesizedStack } from "../synthesized/synthesized-stack";
import { comparePromotion, passes, type PromotionReport } from "./compare-promotion";
import { formatPromotionReport } from "./format-report";
import { PromotionWriteError, promotedStageFile } from "./promoted-stage-file";
import { replaceStageFile } from "./replace-stage-file";
import { stageFileChanges } from "./stage-file-changes";
import { formatStageFile } from "./stage-file-format";
import { readStageFile, synthesizePromotion } from "./synthesize-promotion";
import { UsageError } from "../cli/command-arguments";
import { CONSOLE, type CommandOutput } from "../cli/output";


export const USAGE = "usage: npm run promote -- <source stage> <target stage> [--write] [--config <folder>] [--tested <cdktf.out folder>]";


interface PromoteArguments {
  readonly source: string;
  readonly target: string;
  readonly write: boolean;
  readonly configDir: string;
  /** A synthesized output folder holding the stack the source stage was deployed from. */
  readonly testedDir?: string;
}

function parseArguments(args: readonly string[]): PromoteArguments {
  const stages: string[] = [];
  let write = false;
  let configDir = join(PROJECT_ROOT, "config");
  let testedDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--write") write = true;
    else if (arg === "--config" || arg === "--tested") {
      const folder = args[++i];
      if (folder === undefined) throw new UsageError(`${arg} needs a folder`);
      if (arg === "--config") configDir = resolve(folder);
      else testedDir = resolve(folder);
    } else if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
    else stages.push(arg);
  }
  if (stages.length !== 2) throw new UsageError(`expected two stages, got ${stages.length}`);
  if (stages[0] === stages[1]) throw new UsageError(`promote a stage to another one, not ${stages[0]} to itself`);
  return { source: stages[0], target: stages[1], write, configDir, testedDir };
}

function testedStack(testedDir: string | undefined, stage: string): SynthesizedStack | undefined {
  if (testedDir === undefined) return undefined;
  if (!existsSync(join(testedDir, "stacks", stage, "cdk.tf.json"))) {
    throw new UsageError(`--tested ${displayPath(testedDir)} holds no stacks/${stage}/cdk.tf.json`);
  }
  return SynthesizedStack.read(testedDir, stage);
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
  if (text === readFileSync(resolve(PROJECT_ROOT, target.sourceFile), "utf8")) {
    output.log(`${target.sourceFile} already holds ${source.stage}'s settings with ${target.stage}'s own values: nothing to write`);
    return compare(comparePromotion(synthesizePromotion(source, target, { testedSource: tested })), output);
  }
  try {
    const report = replaceStageFile(args.configDir, target.stage, text, (staged) => {
      let promotedTarget: StageConfig;
      try {
        promotedTarget = { ...loadStages(staged, [target.stage])[0], sourceFile: target.sourceFile };
      } catch (error) {
        throw asRealFiles(error, staged, args.configDir);
      }
      const result = comparePromotion(synthesizePromotion(source, promotedTarget, { testedSource: tested, targetFile: promoted }));
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
    return compare(comparePromotion(synthesizePromotion(source, target, { testedSource: testedStack(parsed.testedDir, source.stage) })), output);
  } catch (error) {
    if (error instanceof UsageError) {
      output.error(error.message);
      output.error(USAGE);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof BundleError || error instanceof PromotionWriteError) {
      output.error(error.message);
      return 1;
    }
    throw error;
  }
}
