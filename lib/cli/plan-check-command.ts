import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { loadStages } from "../config/load-stages";
import type { StageConfig } from "../config/stage-config";
import { PROJECT_ROOT, displayPath } from "../paths";
import { stackImports } from "../facts/imports";
import { checkAdoption, type ExpectedImport } from "../plan/adoption-check";
import { checkPlan, formatPlanCheck, planPasses, type PlanWaiver } from "../plan/plan-check";
import { readPlanFile } from "../plan/terraform-plan";
import { SynthesizedStack } from "../synthesized/synthesized-stack";
import { parseArguments } from "./arguments";
import { EXIT, runCommand } from "./run-command";
import { CONSOLE, type CommandOutput } from "./output";

const PLAN_CHECK_USAGE =
  'usage: npm run plan-check -- <plan.json> [--chdir <stack folder>] [--stage <stage>] [--config <folder>] [--adoption] [--waive <address> --because "<reason>"]...';

interface PlanCheckArguments {
  readonly planFile: string;
  readonly stackDir: string;
  readonly stage?: string;
  readonly configDir?: string;
  readonly waivers: readonly PlanWaiver[];
  /** The first plan of an adoption: every import block imported, nothing destroyed or replaced. */
  readonly adoption: boolean;
}

function planCheckArguments(args: readonly string[]): PlanCheckArguments {
  const parsed = parseArguments(args, {
    usage: PLAN_CHECK_USAGE,
    positionals: { name: "plan file", min: 1, max: 1 },
    paths: ["--chdir", "--config"],
    words: ["--stage"],
    switches: ["--adoption"],
    waivers: { what: "address" },
  });
  const planFile = parsed.positionals[0];
  return {
    planFile,
    stackDir: parsed.paths["--chdir"] ?? dirname(resolve(planFile)),
    stage: parsed.words["--stage"],
    configDir: parsed.paths["--config"],
    waivers: parsed.waivers.map((waiver) => ({ address: waiver.subject, reason: waiver.reason, source: "--waive" })),
    adoption: parsed.switches.has("--adoption"),
  };
}

/** The stage a stack folder belongs to: `cdktf.out/stacks/<stage>`. */
function stageOfFolder(folder: string): string | undefined {
  const absolute = resolve(folder);
  return basename(dirname(absolute)) === "stacks" ? basename(absolute) : undefined;
}

function stageConfig(args: PlanCheckArguments): StageConfig | undefined {
  const stage = args.stage ?? stageOfFolder(args.stackDir);
  if (stage === undefined) return undefined;
  if (args.stage === undefined && !existsSync(join(args.configDir ?? join(PROJECT_ROOT, "config"), `${stage}.json`))) return undefined;
  return loadStages(args.configDir, [stage])[0];
}

/** The synthesized stack in the stack folder: `<stackDir>/cdk.tf.json`; an unreadable one is an InputError naming that file. */
function readStackFolder(stackDir: string): SynthesizedStack {
  const file = join(stackDir, "cdk.tf.json");
  const text = SynthesizedStack.readText(file, displayPath(file), "run npm run synth, or point --chdir at cdktf.out/stacks/<stage>");
  return SynthesizedStack.parse(displayPath(file), basename(resolve(stackDir)), text);
}

/** The key the stage file says the scripts sign with, for private-key-jwt. */
function declaredSigningKey(config: StageConfig | undefined): { name: string; publicKey: string } | undefined {
  const authentication = config?.clientAuthentication;
  if (authentication?.method !== "private-key-jwt") return undefined;
  const key = authentication.keys.find((candidate) => candidate.name === authentication.signingKey);
  return key === undefined ? undefined : { name: key.name, publicKey: key.publicKey };
}

/** Construct paths by address, from the stack in the folder; none when it is not there. */
function constructPaths(stack: SynthesizedStack | undefined): Record<string, string> {
  return Object.fromEntries((stack?.resources ?? []).map((resource) => [resource.address, resource.path]));
}

/** The stack's import blocks, which an adoption's plan must carry out. */
function expectedImports(stack: SynthesizedStack): ExpectedImport[] {
  return stackImports(stack).map((block) =>
    typeof block.to === "string" && typeof block.id === "string" && block.otherKeys.length === 0
      ? { address: block.to, id: block.id }
      : {
          address: `(import block ${block.index})`,
          id: "",
          unreadable: `an import block the gate cannot read (to ${JSON.stringify(block.to)}, id ${JSON.stringify(block.id)}${block.otherKeys.length > 0 ? `, ${block.otherKeys.join(", ")}` : ""})`,
        },
  );
}

/**
 * `npm run plan-check -- <plan.json>`: refuses a saved plan that deletes users, opens a
 * window in which logins fail, locks users out or breaks every later apply, naming for
 * each the resource, the cause, the loss and the safe path. Waivers are per address, with
 * a reason, on the command line or in the stage file. Returns the exit code: 0 passes,
 * 1 refused, 2 for a command line or file that cannot be judged.
 */
export function planCheckCommand(args: readonly string[], output: CommandOutput = CONSOLE): number {
  return runCommand(() => {
    const parsed = planCheckArguments(args);
    const plan = readPlanFile(parsed.planFile);
    const config = stageConfig(parsed);
    const fromStageFile = (config?.planWaivers ?? []).map((waiver, index) => ({
      ...waiver,
      source: `${config!.sourceFile} planWaivers[${index}]`,
    }));
    const context = { stackDir: displayPath(parsed.stackDir), stageFile: config?.sourceFile, signingKey: declaredSigningKey(config) };
    // Only for names in the output, except in adoption mode: there the gate cannot judge without the stack's import blocks.
    let stack: SynthesizedStack | undefined;
    try {
      stack = readStackFolder(parsed.stackDir);
    } catch (error) {
      if (parsed.adoption) throw error;
    }
    const adoption = parsed.adoption && stack !== undefined ? checkAdoption(plan, expectedImports(stack)) : undefined;
    const result = checkPlan(plan, context, [...parsed.waivers, ...fromStageFile], adoption?.hazards);
    const lines = formatPlanCheck(result, {
      file: displayPath(parsed.planFile),
      terraformVersion: plan.terraform_version,
      stage: config?.stage,
      constructPaths: constructPaths(stack),
      adopted: adoption?.adopted,
    });
    for (const line of lines) output.log(line);
    return planPasses(result) ? EXIT.passed : EXIT.findings;
  }, output);
}
