import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ConfigError } from "../config/config-error";
import { loadStages } from "../config/load-stages";
import type { StageConfig } from "../config/stage-config";
import { waiverReason } from "../config/stage-schema";
import { PROJECT_ROOT, displayPath } from "../paths";
import { checkPlan, formatPlanCheck, planPasses, type PlanWaiver } from "../plan/plan-check";
import { PlanInputError, readPlanFile } from "../plan/terraform-plan";
import { SynthesizedStack } from "../synthesized/synthesized-stack";
import { UsageError } from "./command-arguments";
import { CONSOLE, type CommandOutput } from "./output";

export const PLAN_CHECK_USAGE =
  "usage: npm run plan-check -- <plan.json> [--chdir <stack folder>] [--stage <stage>] [--config <folder>] [--waive <address> --because \"<reason>\"]...";

interface PlanCheckArguments {
  readonly planFile: string;
  readonly stackDir: string;
  readonly stage?: string;
  readonly configDir: string;
  readonly waivers: readonly PlanWaiver[];
}

function parseArguments(args: readonly string[]): PlanCheckArguments {
  const files: string[] = [];
  const waivers: PlanWaiver[] = [];
  let stackDir: string | undefined;
  let stage: string | undefined;
  let configDir = join(PROJECT_ROOT, "config");
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === "--chdir") stackDir = value();
    else if (arg === "--stage") stage = value();
    else if (arg === "--config") configDir = resolve(value());
    else if (arg === "--waive") {
      const address = value();
      if (args[i + 1] !== "--because") throw new UsageError(`--waive ${address} needs --because "<why this loss is intended>" right after it`);
      i++;
      const reason = waiverReason.safeParse(value());
      if (!reason.success) throw new UsageError(`--because for ${address}: ${reason.error.issues[0].message}`);
      waivers.push({ address, reason: reason.data, source: "--waive" });
    } else if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new UsageError(files.length === 0 ? "expected the plan's JSON file" : `expected one plan file, got ${files.length}`);
  const planFile = files[0];
  return { planFile, stackDir: stackDir ?? dirname(planFile), stage, configDir, waivers };
}

/** The stage a stack folder belongs to: `cdktf.out/stacks/<stage>`. */
function stageOfFolder(folder: string): string | undefined {
  const absolute = resolve(folder);
  return basename(dirname(absolute)) === "stacks" ? basename(absolute) : undefined;
}

function stageConfig(args: PlanCheckArguments): StageConfig | undefined {
  const stage = args.stage ?? stageOfFolder(args.stackDir);
  if (stage === undefined) return undefined;
  if (args.stage === undefined && !existsSync(join(args.configDir, `${stage}.json`))) return undefined;
  return loadStages(args.configDir, [stage])[0];
}

/** Construct paths by address, from the stack in the folder; none when it is not there or not readable. */
function constructPaths(stackDir: string): Record<string, string> {
  try {
    const stack = new SynthesizedStack(basename(stackDir), SynthesizedStack.read(dirname(dirname(stackDir)), basename(stackDir)).document);
    return Object.fromEntries(stack.resources.map((resource) => [resource.address, resource.path]));
  } catch {
    return {};
  }
}

/**
 * `npm run plan-check -- <plan.json>`: refuses a saved plan that deletes users, opens a
 * window in which logins fail, locks users out or breaks every later apply, naming for
 * each the resource, the cause, the loss and the safe path. Waivers are per address, with
 * a reason, on the command line or in the stage file. Returns the exit code: 0 passes,
 * 1 refused, 2 for a command line or file that cannot be judged.
 */
export function planCheckCommand(args: readonly string[], output: CommandOutput = CONSOLE): number {
  try {
    const parsed = parseArguments(args);
    const plan = readPlanFile(parsed.planFile);
    const config = stageConfig(parsed);
    const fromStageFile = (config?.planWaivers ?? []).map((waiver, index) => ({
      ...waiver,
      source: `${config!.sourceFile} planWaivers[${index}]`,
    }));
    const context = { stackDir: displayPath(parsed.stackDir), stageFile: config?.sourceFile };
    const result = checkPlan(plan, context, [...parsed.waivers, ...fromStageFile]);
    const lines = formatPlanCheck(result, {
      file: displayPath(parsed.planFile),
      terraformVersion: plan.terraform_version,
      stage: config?.stage,
      constructPaths: constructPaths(parsed.stackDir),
    });
    for (const line of lines) output.log(line);
    return planPasses(result) ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      output.error(error.message);
      output.error(PLAN_CHECK_USAGE);
      return 2;
    }
    if (error instanceof PlanInputError || error instanceof ConfigError) {
      output.error(error.message);
      return 2;
    }
    throw error;
  }
}
