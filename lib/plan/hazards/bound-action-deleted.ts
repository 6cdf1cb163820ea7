import { before, describeChange, type HazardEntry, isDelete, type PlanContext, type PlanHazard } from "../hazard";
import { asValues, type ResourceChange } from "../terraform-plan";

/**
 * Deleting an Action a trigger binding still holds: Auth0 answers HTTP 409, and the
 * provider deletes in the same apply even when the binding goes first
 * (terraform-provider-auth0 issues 883, 1335, 1550, 1641), so the apply stops half-way.
 */
function boundActionDeleted(changes: readonly ResourceChange[], context: PlanContext): PlanHazard[] {
  const bindings = changes.flatMap((change) => {
    const values = before(change);
    if (values === undefined) return [];
    if (change.type === "auth0_trigger_action") return [{ address: change.address, actionIds: [values.action_id] }];
    if (change.type === "auth0_trigger_actions") {
      const actions = Array.isArray(values.actions) ? values.actions : [];
      return [{ address: change.address, actionIds: actions.map((action) => asValues(action)?.id) }];
    }
    return [];
  });
  return changes
    .filter((change) => change.type === "auth0_action" && isDelete(change))
    .flatMap((action) => {
      const id = before(action)?.id;
      const holders = bindings.filter((binding) => binding.actionIds.includes(id));
      if (holders.length === 0) return [];
      const targets = holders.map((binding) => `-target='${binding.address}'`).join(" ");
      return [
        {
          address: action.address,
          kind: "apply fails",
          change: describeChange(action),
          loses: `${holders.map((binding) => binding.address).join(", ")} still binds it: Auth0 refuses to delete a bound Action (HTTP 409) and the apply stops half-way`,
          instead: [`terraform -chdir=${context.stackDir} apply ${targets}   # unbind first`, `terraform -chdir=${context.stackDir} apply`],
        },
      ];
    });
}

export const boundActionDeletedHazard: HazardEntry = {
  id: "bound-action-deleted",
  protects: "the apply itself: deleting an Action a trigger still binds fails half-way (HTTP 409)",
  waiver: "address",
  scope: "plan",
  find: (plan, context) => boundActionDeleted(plan.changes, context),
};
