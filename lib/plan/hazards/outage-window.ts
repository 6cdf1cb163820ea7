import {
  before,
  describeChange,
  type HazardEntry,
  isDelete,
  isReplace,
  type PlanContext,
  type PlanHazard,
  quoted,
  saferPath,
  type Values,
  waiveLine,
} from "../hazard";
import type { ResourceChange } from "../terraform-plan";

const KEEP_AUDIENCE = "Keep facade.audience as it was: an API identifier cannot change in place, and everything naming the API follows it.";

/** What replacing each resource the logins depend on costs while it happens, and what to keep instead. */
const OUTAGE: Readonly<
  Record<
    string,
    { readonly what: (values: Values | undefined) => string; readonly loses: (forScripts: boolean) => string; readonly keep?: Readonly<Record<string, string>> }
  >
> = {
  auth0_resource_server: {
    what: (values) => `the facade API ${quoted(values?.identifier)}`,
    loses: () =>
      "between the destroy and the create no client gets a facade token, so every login fails; the grants, the scopes and the guards' secrets that name it are replaced with it",
    keep: { identifier: KEEP_AUDIENCE },
  },
  auth0_resource_server_scopes: {
    what: () => "the facade API's scopes",
    loses: () => "between the destroy and the create, tokens for the scripts' scopes are refused, so every login fails",
    keep: { resource_server_identifier: KEEP_AUDIENCE },
  },
  auth0_client_grant: {
    what: (values) => `the facade grant of client ${quoted(values?.client_id)}`,
    loses: (forScripts) =>
      forScripts
        ? "between the destroy and the create the scripts' client gets no facade token: every login fails"
        : "between the destroy and the create that client gets no facade token",
    keep: {
      audience: KEEP_AUDIENCE,
      client_id: "Keep the client: its grant follows its client ID.",
      subject_type: 'Keep subject_type "client".',
    },
  },
  auth0_client: {
    what: (values) => `the application ${quoted(values?.name)}`,
    loses: () => "the replacement gets a new client ID and secret: every login fails until the connection configuration and the guards hold the new ones",
    keep: { jwt_configuration: "Keep jwt_configuration.secret_encoded as it was." },
  },
  auth0_client_credentials: {
    what: () => "the M2M client's credentials",
    loses: () => "the secret changes: logins fail until the connection configuration holds the new one",
    keep: { client_id: "Keep the client: its credentials follow its client ID." },
  },
  auth0_connection_clients: {
    what: () => "the applications enabled for the connection",
    loses: () => "between the destroy and the create no application can use the connection: nobody can log in with it",
    keep: { connection_id: "Keep the connection: its enabled applications follow it." },
  },
  auth0_action: {
    what: (values) => `the Action ${quoted(values?.name)}`,
    loses: () =>
      "while it is replaced its trigger runs without it (the facade unguarded), and while bound Auth0 refuses the destroy (HTTP 409), stopping the apply half-way",
  },
  auth0_trigger_action: {
    what: (values) => `the binding of an Action to ${quoted(values?.trigger)}`,
    loses: () => "between the destroy and the create the guard does not run",
    keep: {
      action_id: "Keep the Action's Terraform address (cdktf moveTo / moveFromId when its construct moves): the binding follows its id.",
      trigger: "Keep the trigger.",
    },
  },
  auth0_trigger_actions: {
    what: (values) => `the Actions bound to ${quoted(values?.trigger)}`,
    loses: () => "between the destroy and the create no Action runs on that trigger",
    keep: { trigger: "Keep the trigger." },
  },
};

/** Replacing (or, for what the scripts need, destroying) a resource the logins depend on. */
function outageWindow(change: ResourceChange, context: PlanContext, scriptsClients: ReadonlySet<unknown>): PlanHazard[] {
  const outage = OUTAGE[change.type];
  if (outage === undefined || !isDelete(change)) return [];
  // Destroying only an approved client's grant or a guard is a decision the review judges; the scripts' own resources are needed.
  const neededByScripts =
    ["auth0_resource_server", "auth0_resource_server_scopes", "auth0_client", "auth0_client_credentials", "auth0_connection_clients"].includes(change.type) ||
    (change.type === "auth0_client_grant" && scriptsClients.has(before(change)?.client_id));
  if (!isReplace(change) && !neededByScripts) return [];
  const forScripts = scriptsClients.has(before(change)?.client_id);
  return [
    {
      address: change.address,
      kind: "outage",
      change: describeChange(change),
      loses: `${outage.what(before(change))}: ${isReplace(change) ? outage.loses(forScripts) : "once destroyed, every login fails"}`,
      instead: [...saferPath(change, context, outage.keep ?? {}), waiveLine],
    },
  ];
}

export const outageWindowHazard: HazardEntry = {
  id: "outage-window",
  protects:
    "logins while the apply runs: replacing the API, its scopes or grants, the scripts' client or its credentials, a guard or its binding opens a window in which they fail",
  waiver: "address",
  scope: "change",
  find: (change, context, plan) => outageWindow(change, context, plan.scriptsClients),
};
