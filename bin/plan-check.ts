/**
 * `npm run plan-check -- <plan.json> [--chdir <stack folder>]`: fails, with the commands
 * to run instead, when a saved plan would hit a provider hazard (see
 * lib/validation/plan-hazards.ts). Make the JSON with
 * `terraform -chdir=cdktf.out/stacks/<stage> show -json tfplan > plan.json`.
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { planHazards, type TerraformPlan } from "../lib/validation/plan-hazards";

function main(args: readonly string[]): number {
  const [file, flag, folder] = args;
  if (file === undefined || (flag !== undefined && (flag !== "--chdir" || folder === undefined)) || args.length > 3) {
    console.error("usage: npm run plan-check -- <plan.json> [--chdir <stack folder>]");
    return 2;
  }
  const plan = JSON.parse(readFileSync(file, "utf8")) as TerraformPlan;
  const hazards = planHazards(plan, folder ?? dirname(file));
  for (const hazard of hazards) {
    console.error(`${hazard.address}: ${hazard.message}. Apply in ${hazard.steps.length} steps instead:`);
    hazard.steps.forEach((step, index) => console.error(`  ${index + 1}. ${step}`));
  }
  console.log(hazards.length === 0 ? `${file}: no known provider hazard in this plan` : `${file}: ${hazards.length} hazard(s), do not apply this plan`);
  return hazards.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
