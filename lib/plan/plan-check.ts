import { type AdoptedObject, formatAdoption } from "./adoption-check";
import type { PlanContext, PlanHazard } from "./hazard";
import { planHazards } from "./plan-hazards";
import type { TerraformPlan } from "./terraform-plan";

/** A refusal accepted for one address, with the reason a reviewer reads in the output. */
export interface PlanWaiver {
  readonly address: string;
  readonly reason: string;
  /** Where it was given: `--waive` or `config/prod.json planWaivers[0]`. */
  readonly source: string;
}

export interface PlanCheckResult {
  readonly hazards: readonly { readonly hazard: PlanHazard; readonly waiver?: PlanWaiver }[];
  /**
   * Waivers that match nothing in this plan. An error: left in a stage file after the
   * apply it was written for, a waiver would accept the next loss at that address unseen.
   */
  readonly unusedWaivers: readonly PlanWaiver[];
}

/**
 * Judges a plan: every hazard, each with the waiver that accepts it, if any. `alsoRefuse`
 * adds hazards of a stricter mode (an adoption's), for addresses not already refused.
 */
export function checkPlan(plan: TerraformPlan, context: PlanContext, waivers: readonly PlanWaiver[], alsoRefuse: readonly PlanHazard[] = []): PlanCheckResult {
  const found = planHazards(plan, context);
  const more = alsoRefuse.filter((hazard) => !found.some((other) => other.address === hazard.address));
  const hazards = [...found, ...more].map((hazard) => ({ hazard, waiver: waivers.find((waiver) => waiver.address === hazard.address) }));
  return { hazards, unusedWaivers: waivers.filter((waiver) => !hazards.some((entry) => entry.waiver === waiver)) };
}

export const planPasses = (result: PlanCheckResult): boolean =>
  result.hazards.every((entry) => entry.waiver !== undefined) && result.unusedWaivers.length === 0;

export interface PlanCheckReport {
  /** The plan file as shown. */
  readonly file: string;
  readonly terraformVersion: string;
  readonly stage?: string;
  /** Construct paths by Terraform address, when the synthesized stack is at hand. */
  readonly constructPaths: Readonly<Record<string, string>>;
  /** In adoption mode: the imported objects and what the apply changes on each. */
  readonly adopted?: readonly AdoptedObject[];
}

/** The verdict, one block per hazard: what the plan does, what it loses, the safe path, how to waive it. */
export function formatPlanCheck(result: PlanCheckResult, report: PlanCheckReport): string[] {
  const refused = result.hazards.filter((entry) => entry.waiver === undefined);
  const waived = result.hazards.filter((entry) => entry.waiver !== undefined);
  const stage = report.stage === undefined ? "" : `stage ${report.stage}, `;
  const mode = report.adopted === undefined ? "" : ", adoption";
  const lines = [`plan-check ${report.file} (${stage}Terraform ${report.terraformVersion}${mode})`];
  lines.push(...formatAdoption(report.adopted ?? [], report.constructPaths));
  for (const { hazard, waiver } of result.hazards) {
    const path = report.constructPaths[hazard.address];
    lines.push(
      "",
      `${waiver ? "WAIVED " : "REFUSED"} ${hazard.address}${path ? ` (${path})` : ""}: ${hazard.kind}`,
      `  plan:    ${hazard.change}`,
      `  loses:   ${hazard.loses}`,
      ...hazard.instead.map((line, index) => `  ${index === 0 ? "instead:" : "        "} ${line}`),
      waiver
        ? `  waived:  ${JSON.stringify(waiver.reason)} (${waiver.source})`
        : `  waive:   --waive '${hazard.address}' --because "<why this loss is intended>"${report.stage ? `, or planWaivers in the stage file of ${report.stage}` : ""}`,
    );
  }
  for (const waiver of result.unusedWaivers) {
    lines.push(
      "",
      `UNUSED  waiver for ${waiver.address} (${waiver.source}): it matches nothing in this plan; remove it, or the next loss at that address passes unseen`,
    );
  }
  lines.push("");
  if (planPasses(result)) {
    lines.push(
      result.hazards.length === 0
        ? "plan-check: nothing in this plan deletes users, opens an outage window or breaks an apply"
        : `plan-check: passes, with ${waived.length} waived`,
    );
    if (report.adopted !== undefined) {
      lines.push(
        `plan-check: adopts ${report.adopted.length} existing object(s) and destroys or replaces nothing; sign off the changes listed above before applying`,
      );
    }
  } else {
    const counts = [
      `${refused.length} refused`,
      ...(waived.length > 0 ? [`${waived.length} waived`] : []),
      ...(result.unusedWaivers.length > 0 ? [`${result.unusedWaivers.length} unused waiver(s)`] : []),
    ];
    lines.push(`plan-check: do not apply this plan (${counts.join(", ")})`);
  }
  return lines;
}
