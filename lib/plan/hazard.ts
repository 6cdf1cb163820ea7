import { type PlanValues, type ResourceChange, type TerraformPlan, asValues } from "./terraform-plan";

/**
 * What a plan would do that the stacks alone cannot show, because it depends on what the
 * tenant and the state already hold: each hazard names the resource, what the change
 * loses, and the safe path instead. Read from `terraform show -json` (see
 * terraform-plan.ts), with Terraform's own verdicts: `actions`, `action_reason` and
 * `replace_paths`. The provider facts are those of auth0/auth0 v1.55.0.
 */
export interface PlanHazard {
  readonly address: string;
  /** How bad it is: users deleted, a window in which logins fail, users locked out, or an apply that fails. */
  readonly kind: "deletes users" | "outage" | "locks users out" | "apply fails" | "unreadable";
  /** What Terraform plans, and why (`replace: destroy, then create, because name cannot change in place`). */
  readonly change: string;
  /** What is lost. */
  readonly loses: string;
  /** The safe path instead: advice, or one command per step. */
  readonly instead: readonly string[];
}

/** Where commands run, and the stage file, to write the safe path in the user's terms. */
export interface PlanContext {
  /** The stack folder, for `terraform -chdir=...`. */
  readonly stackDir: string;
  /** The stage file that declares the stack, when known. */
  readonly stageFile?: string;
  /** The key the stage file says the scripts sign with (private-key-jwt), when known. */
  readonly signingKey?: { readonly name: string; readonly publicKey: string };
}

export type Values = PlanValues;

export const isDelete = (change: ResourceChange) => change.change.actions.includes("delete");
export const isReplace = (change: ResourceChange) => isDelete(change) && change.change.actions.includes("create");
export const before = (change: ResourceChange) => asValues(change.change.before);
export const after = (change: ResourceChange) => asValues(change.change.after);
export const quoted = (value: unknown) => (typeof value === "string" ? JSON.stringify(value) : "(unreadable)");

/** `replace: destroy, then create, because name cannot change in place`, in Terraform's own terms. */
export function describeChange(change: ResourceChange): string {
  const { actions, replace_paths: paths } = change.change;
  const order = actions.join(",");
  const what =
    order === "delete,create"
      ? "replace: destroy, then create"
      : order === "create,delete"
        ? "replace: create the new one, then destroy the old one (create_before_destroy)"
        : order === "delete"
          ? "destroy"
          : order;
  const attributes = (paths ?? []).map((path) => path.join("."));
  const reason: Readonly<Record<string, string>> = {
    replace_because_cannot_update:
      attributes.length > 0
        ? `${attributes.join(", ")} cannot change in place (replace_paths: ${attributes.join(", ")})`
        : "an attribute cannot change in place",
    replace_because_tainted: "it is tainted",
    replace_by_request: "-replace asked for it",
    replace_by_triggers: "replace_triggered_by",
    delete_because_no_resource_config: "the stack no longer declares it",
    delete_because_no_module: "its module is gone",
    delete_because_wrong_repetition: "count or for_each changed how it repeats",
    delete_because_count_index: "its count index is gone",
    delete_because_each_key: "its for_each key is gone",
    delete_because_no_move_target: "its moved block points nowhere",
  };
  const why = change.action_reason === undefined ? "" : `, because ${reason[change.action_reason] ?? change.action_reason}`;
  return `${what}${why}`;
}

export const waiveLine = "If the loss is intended, waive this address for this apply (see below), at a quiet hour.";

/** The safe path for a resource Terraform would destroy or replace, by cause. */
export function saferPath(change: ResourceChange, context: PlanContext, keep: Readonly<Record<string, string>>): string[] {
  const attributes = (change.change.replace_paths ?? []).map((path) => String(path[0]));
  const kept = attributes.filter((attribute) => keep[attribute] !== undefined).map((attribute) => keep[attribute]);
  switch (change.action_reason) {
    case "replace_because_cannot_update":
      return kept.length > 0 ? kept : [`Undo the change to ${attributes.join(", ") || "the attribute that forces it"}.`];
    case "delete_because_no_resource_config":
      return [
        `If its construct moved or was renamed, keep the address with cdktf's moveTo / moveFromId (a Terraform moved block).`,
        `To stop managing it without deleting it: a removed block with lifecycle { destroy = false } (Terraform 1.7+), or terraform -chdir=${context.stackDir} state rm '${change.address}'.`,
      ];
    case "replace_because_tainted":
      return [`terraform -chdir=${context.stackDir} untaint '${change.address}'`];
    case "replace_by_request":
      return [`Plan again without -replace='${change.address}'.`];
    default:
      return [`Find what forces it in the plan (terraform show tfplan) and undo it.`];
  }
}

export function stageField(context: PlanContext, field: string): string {
  return context.stageFile === undefined ? field : `${field} in ${context.stageFile}`;
}

/** What every hazard may read besides its change: the whole plan, its managed changes, the scripts' clients. */
export interface PlanScope {
  readonly plan: TerraformPlan;
  readonly changes: readonly ResourceChange[];
  /** The client IDs of the applications this stack manages: their grants and credentials are the scripts'. */
  readonly scriptsClients: ReadonlySet<unknown>;
}

/**
 * One hazard of the plan gate, as the review's rules are: its id, what it protects, what
 * waives it, and how it finds itself. A hazard of one change is asked of each change in the
 * plan's order; a hazard of the whole plan, once.
 */
type HazardCheck =
  | { readonly scope: "change"; readonly find: (change: ResourceChange, context: PlanContext, plan: PlanScope) => PlanHazard[] }
  | { readonly scope: "plan"; readonly find: (plan: PlanScope, context: PlanContext) => PlanHazard[] };

export type HazardEntry = HazardCheck & {
  readonly id: string;
  /** What the hazard protects, in a line. */
  readonly protects: string;
  /** What a waiver names to accept it: always the resource's address, in planWaivers or --waive. */
  readonly waiver: "address";
};
