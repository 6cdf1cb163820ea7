/**
 * Hazards only a plan shows, read from `terraform show -json <planfile>`: what the
 * synthesized JSON cannot tell, because it depends on what the state already holds.
 *
 * The one checked: deleting an Action that a trigger binding still holds. Auth0 answers
 * HTTP 409 when an Action is deleted while bound, and the provider deletes in the same
 * apply even when the binding is destroyed first (terraform-provider-auth0 issues 883,
 * 1335, 1550, 1641), so the apply fails half-way. Unbinding in one apply and deleting
 * in the next avoids it.
 */

interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly change: { readonly actions: readonly string[]; readonly before?: Record<string, unknown> | null };
}

export interface TerraformPlan {
  readonly resource_changes?: readonly ResourceChange[];
}

export interface PlanHazard {
  readonly address: string;
  readonly message: string;
  /** What to run instead, one command per step. */
  readonly steps: readonly string[];
}

interface Binding {
  readonly address: string;
  readonly actionIds: readonly string[];
}

/** Bindings in the prior state: singular (`action_id`) and plural (`actions[].id`). */
function bindingsOf(changes: readonly ResourceChange[]): Binding[] {
  return changes.flatMap((change) => {
    const before = change.change.before;
    if (!before) return [];
    if (change.type === "auth0_trigger_action") return [{ address: change.address, actionIds: [String(before.action_id)] }];
    if (change.type === "auth0_trigger_actions") {
      const actions = Array.isArray(before.actions) ? (before.actions as { id?: unknown }[]) : [];
      return [{ address: change.address, actionIds: actions.map((action) => String(action.id)) }];
    }
    return [];
  });
}

export function planHazards(plan: TerraformPlan, stackDir: string): PlanHazard[] {
  const changes = plan.resource_changes ?? [];
  const bindings = bindingsOf(changes);
  return changes
    .filter((change) => change.type === "auth0_action" && change.change.actions.includes("delete"))
    .flatMap((action) => {
      const id = String(action.change.before?.id ?? "");
      const holders = bindings.filter((binding) => binding.actionIds.includes(id));
      if (holders.length === 0) return [];
      const targets = holders.map((binding) => `-target='${binding.address}'`).join(" ");
      return [
        {
          address: action.address,
          message: `this plan deletes ${action.address} while ${holders.map((binding) => binding.address).join(", ")} binds it: Auth0 refuses to delete a bound Action (HTTP 409) and the apply stops half-way`,
          steps: [`terraform -chdir=${stackDir} apply ${targets}`, `terraform -chdir=${stackDir} apply`],
        },
      ];
    });
}
