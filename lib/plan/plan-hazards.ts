import { type HazardEntry, type PlanContext, type PlanHazard, type PlanScope, before } from "./hazard";
import { actionSecretsEmptiedHazard } from "./hazards/action-secrets-emptied";
import { boundActionDeletedHazard } from "./hazards/bound-action-deleted";
import { configurationKeyRemovedHazard } from "./hazards/configuration-key-removed";
import { connectionDeletedHazard } from "./hazards/connection-deleted";
import { connectionSwitchedOffHazard } from "./hazards/connection-switched-off";
import { enabledApplicationsRemovedHazard } from "./hazards/enabled-applications-removed";
import { outageWindowHazard } from "./hazards/outage-window";
import { scriptsLockedOut } from "./scripts-lockout";
import type { ResourceChange, TerraformPlan } from "./terraform-plan";

const scriptsLockedOutHazard: HazardEntry = {
  id: "scripts-locked-out",
  protects: "the scripts' own access: a credential change after which, or during which, they cannot get a facade token",
  waiver: "address",
  scope: "plan",
  find: (plan, context) => scriptsLockedOut(plan.plan, plan.changes, context),
};

/**
 * The plan gate's policy: every hazard it looks for, in report order (the hazards of one
 * change first, change by change, then those of the whole plan). One hazard per file in
 * hazards/, as the review has one rule per file in rules/.
 */
export const HAZARDS: readonly HazardEntry[] = [
  connectionDeletedHazard,
  outageWindowHazard,
  connectionSwitchedOffHazard,
  configurationKeyRemovedHazard,
  enabledApplicationsRemovedHazard,
  actionSecretsEmptiedHazard,
  boundActionDeletedHazard,
  scriptsLockedOutHazard,
];

/** The client IDs of the applications this stack manages: their grants and credentials are the scripts'. */
function managedClientIds(changes: readonly ResourceChange[]): Set<unknown> {
  return new Set(changes.filter((change) => change.type === "auth0_client").map((change) => before(change)?.client_id));
}

/** Every hazard of a plan, in the plan's order. */
export function planHazards(plan: TerraformPlan, context: PlanContext): PlanHazard[] {
  if (plan.errored === true) {
    return [
      {
        address: "(the whole plan)",
        kind: "unreadable",
        change: "terraform plan failed (errored: true)",
        loses: "an errored plan is incomplete: what it would do cannot be judged",
        instead: ["Fix the errors terraform plan printed, and plan again."],
      },
    ];
  }
  const changes = (plan.resource_changes ?? []).filter((change) => change.mode === "managed");
  const scope: PlanScope = { plan, changes, scriptsClients: managedClientIds(changes) };
  const unknownActions = changes.filter((change) =>
    change.change.actions.some((action) => !["no-op", "create", "read", "update", "delete", "forget"].includes(action)),
  );
  return [
    ...unknownActions.map((change) => ({
      address: change.address,
      kind: "unreadable" as const,
      change: change.change.actions.join(","),
      loses: "the plan gate does not know these actions, so it cannot judge what they lose",
      instead: ["Check the change by hand (terraform show tfplan) and waive this address if it is safe."],
    })),
    ...changes.flatMap((change) => HAZARDS.flatMap((hazard) => (hazard.scope === "change" ? hazard.find(change, context, scope) : []))),
    ...HAZARDS.flatMap((hazard) => (hazard.scope === "plan" ? hazard.find(scope, context) : [])),
  ];
}
