import { after, before, type HazardEntry, isDelete, type PlanContext, type PlanHazard, quoted } from "../hazard";
import type { ResourceChange } from "../terraform-plan";

const secretsCount = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/**
 * The provider sends `secrets` when it changed and looks at `secrets_wo` only otherwise
 * (action/expand.go): an apply that empties `secrets` while setting `secrets_wo` sends the
 * empty set, and the next plan sees nothing left to do. The Action keeps no secret, so
 * its guard fails closed for good: every login (post-login) or every client-credentials
 * exchange but the Management API's (credentials-exchange) is denied.
 */
function actionSecretsEmptied(change: ResourceChange, context: PlanContext): PlanHazard[] {
  if (change.type !== "auth0_action" || isDelete(change) || !change.change.actions.includes("update")) return [];
  const had = secretsCount(before(change)?.secrets);
  if (had === 0 || secretsCount(after(change)?.secrets) > 0) return [];
  const writeOnly = secretsCount(after(change)?.secrets_wo) > 0 || after(change)?.secrets_wo_version != null;
  const id = before(change)?.id;
  const dir = context.stackDir;
  return [
    {
      address: change.address,
      kind: "locks users out",
      change: writeOnly ? `update: secrets (${had}) -> none, secrets_wo set` : `update: secrets (${had}) -> none`,
      loses: writeOnly
        ? `the provider sends the emptied secrets and never secrets_wo (it checks secrets first), so the Action ${quoted(before(change)?.name)} ends with no secrets and the next plan shows nothing to fix: its guard then denies everything it guards`
        : `the Action ${quoted(before(change)?.name)} ends with no secrets: its guard then denies everything it guards`,
      instead: writeOnly
        ? [
            "Switch to write-only secrets without losing them, in three steps (the Action keeps its secrets throughout):",
            `terraform -chdir=${dir} state rm '${change.address}'   # forget the Action; Auth0 keeps it, secrets included`,
            `terraform -chdir=${dir} import '${change.address}' '${typeof id === "string" ? id : "<the Action's id>"}'   # take it back: the state now holds no secrets`,
            `terraform -chdir=${dir} apply   # the provider now sees secrets_wo as new and sends it`,
          ]
        : ["Keep the Action's secrets; its guard cannot work without them."],
    },
  ];
}

export const actionSecretsEmptiedHazard: HazardEntry = {
  id: "action-secrets-emptied",
  protects: "the guards' secrets: an apply that empties them leaves a guard that denies every login or exchange for good",
  waiver: "address",
  scope: "change",
  find: (change, context) => actionSecretsEmptied(change, context),
};
