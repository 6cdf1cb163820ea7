import { join, resolve } from "node:path";
import { adoptionFromExport } from "../adopt/adoption-from-export";
import { readDeployCliExport } from "../adopt/deploy-cli-export";
import { loadStages } from "../config/load-stages";
import { PROJECT_ROOT } from "../paths";
import { formatStageFile, readStageFileJson, replaceStageFile } from "../config/stage-file";
import { stageFileChanges } from "../promote/promoted-stage-file";
import { UsageError, parseArguments } from "./arguments";
import { CONSOLE, type CommandOutput } from "./output";
import { EXIT, runCommand } from "./run-command";

const ADOPT_USAGE =
  "usage: npm run adopt -- <deploy-cli export folder or tenant.yaml> --stage <stage> --connection <name> [--scripts-client <application name>] [--config <folder>] [--write]";

/**
 * `npm run adopt -- <export> --stage <stage> --connection <name> [--write]`: turns an
 * auth0-deploy-cli export into the stage file's connection, approved clients and `adopt`
 * (Terraform import blocks), starting from the stage file as it is (tenant, facade and
 * backend come from there). Prints what it could not carry over and what the first apply
 * changes; `--write` replaces the stage file once the config folder with it loads.
 * Then: npm run synth, terraform plan, npm run plan-check -- --adoption.
 */
export function adoptCommand(args: readonly string[], output: CommandOutput = CONSOLE): number {
  return runCommand(() => {
    const parsed = parseArguments(args, {
      usage: ADOPT_USAGE,
      positionals: { name: "export", min: 1, max: 1 },
      paths: ["--config"],
      words: ["--stage", "--connection", "--scripts-client"],
      switches: ["--write"],
    });
    const stage = parsed.words["--stage"];
    const connection = parsed.words["--connection"];
    if (stage === undefined || connection === undefined) throw new UsageError("--stage and --connection are required", ADOPT_USAGE);
    const configDir = parsed.paths["--config"] ?? join(PROJECT_ROOT, "config");
    const [base] = loadStages(configDir, [stage]);
    const exported = readDeployCliExport(resolve(parsed.positionals[0]));
    const before = readStageFileJson(base);
    const draft = adoptionFromExport(exported, before, base, { connection, scriptsClient: parsed.words["--scripts-client"] });

    output.log(`adopt ${connection} from ${exported.source} (${exported.format} export) into ${base.sourceFile}`);
    if (draft.blocking.length > 0) {
      output.log("");
      output.log("blocking: the stage file would lose these, so the first apply would lock users out or fail:");
      for (const problem of draft.blocking) output.log(`  - ${problem}`);
      output.log("");
      output.log(`adopt: ${draft.blocking.length} blocking problem(s); ${base.sourceFile} is left as it was`);
      return EXIT.findings;
    }
    output.log("");
    output.log("read before applying:");
    for (const note of draft.notes) output.log(`  - ${note}`);
    const changes = stageFileChanges(before, draft.stageFile);
    if (!parsed.switches.has("--write")) {
      output.log("");
      output.log(`would change ${base.sourceFile} (run again with --write):`);
      for (const change of changes) output.log(`  ${change}`);
      return EXIT.passed;
    }
    replaceStageFile(configDir, stage, formatStageFile(draft.stageFile), (staged) => loadStages(staged, [stage]));
    output.log("");
    output.log(`wrote ${base.sourceFile}:`);
    for (const change of changes) output.log(`  ${change}`);
    output.log("");
    output.log(
      `next: npm run synth, terraform -chdir=cdktf.out/stacks/${stage} plan -out=tfplan, terraform show -json tfplan > plan.json, npm run plan-check -- plan.json --adoption`,
    );
    return EXIT.passed;
  }, output);
}
