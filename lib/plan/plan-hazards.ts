import { scriptsLockedOut } from "./scripts-lockout";
import { type PlanValues, type ResourceChange, type TerraformPlan, asValues, blockOf } from "./terraform-plan";

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

type Values = PlanValues;

const isDelete = (change: ResourceChange) => change.change.actions.includes("delete");
const isReplace = (change: ResourceChange) => isDelete(change) && change.change.actions.includes("create");
const before = (change: ResourceChange) => asValues(change.change.before);
const after = (change: ResourceChange) => asValues(change.change.after);
const quoted = (value: unknown) => (typeof value === "string" ? JSON.stringify(value) : "(unreadable)");

/** `replace: destroy, then create, because name cannot change in place`, in Terraform's own terms. */
function describeChange(change: ResourceChange): string {
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

const waiveLine = "If the loss is intended, waive this address for this apply (see below), at a quiet hour.";

/** The safe path for a resource Terraform would destroy or replace, by cause. */
function saferPath(change: ResourceChange, context: PlanContext, keep: Readonly<Record<string, string>>): string[] {
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

function stageField(context: PlanContext, field: string): string {
  return context.stageFile === undefined ? field : `${field} in ${context.stageFile}`;
}

/** Destroying a connection deletes every user in it, irreversibly. */
function connectionDeleted(change: ResourceChange, context: PlanContext): PlanHazard[] {
  if (change.type !== "auth0_connection" || !isDelete(change)) return [];
  const name = quoted(before(change)?.name);
  const imported = blockOf(before(change), "options")?.import_mode === true;
  return [
    {
      address: change.address,
      kind: "deletes users",
      change: describeChange(change),
      loses:
        `deletes every user of connection ${name}, irreversibly` +
        (imported ? ": in import mode, every user already migrated, with the password hash, metadata and MFA enrolments Auth0 holds for them" : ""),
      instead: saferPath(change, context, {
        name: `Keep the connection's name ${name} (${stageField(context, "connection.name")}); to change what users see on the login screen, set connection.displayName, which changes in place.`,
        strategy: `Keep strategy "auth0": a connection cannot change its strategy.`,
      }),
    },
  ];
}

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

/** The client IDs of the applications this stack manages: their grants and credentials are the scripts'. */
function managedClientIds(changes: readonly ResourceChange[]): Set<unknown> {
  return new Set(changes.filter((change) => change.type === "auth0_client").map((change) => before(change)?.client_id));
}

/** Replacing (or, for what the scripts need, destroying) a resource the logins depend on. */
function outageWindow(change: ResourceChange, context: PlanContext, scriptsClients: Set<unknown>): PlanHazard[] {
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

/** The option switches whose turning off locks users out. */
function connectionSwitchedOff(change: ResourceChange, context: PlanContext): PlanHazard[] {
  if (change.type !== "auth0_connection" || isDelete(change) || !change.change.actions.includes("update")) return [];
  const was = blockOf(before(change), "options");
  const will = blockOf(after(change), "options");
  const name = quoted(before(change)?.name);
  const hazards: PlanHazard[] = [];
  if (was?.import_mode === true && will?.import_mode !== true) {
    hazards.push({
      address: change.address,
      kind: "locks users out",
      change: `update: options.import_mode ${will?.import_mode === false ? "true -> false" : "true -> (unknown)"}`,
      loses:
        `connection ${name} stops importing users: every login, of users already migrated too, goes to the legacy store, ` +
        "where a user who changed their password in Auth0 after migrating no longer matches, and Auth0's migration guide says to leave import on",
      instead: [`Keep connection.importMode true (${stageField(context, "connection.importMode")}), also once every user has migrated.`],
    });
  }
  if (was?.enabled_database_customization === true && will?.enabled_database_customization !== true) {
    hazards.push({
      address: change.address,
      kind: "locks users out",
      change: "update: options.enabled_database_customization true -> false",
      loses: `connection ${name} stops running its scripts: every user not yet migrated can no longer log in`,
      instead: ["Keep enabled_database_customization on (CustomDatabase declares it); remove the override that turns it off."],
    });
  }
  return hazards;
}

/**
 * An application taken off the connection: its users can no longer log in with it. In an
 * adoption's first plan this is also how a wrong client ID shows: the import reads the
 * applications the connection really enables, and the stack's list lacks one of them.
 */
function enabledApplicationsRemoved(change: ResourceChange, context: PlanContext): PlanHazard[] {
  if (change.type !== "auth0_connection_clients" || isDelete(change) || !change.change.actions.includes("update")) return [];
  const listed = (values: Values | undefined) => (Array.isArray(values?.enabled_clients) ? values.enabled_clients : []);
  if (asValues(change.change.after_unknown)?.enabled_clients === true) {
    return [
      {
        address: change.address,
        kind: "unreadable",
        change: "update: enabled_clients is known only after apply",
        loses: "the plan gate cannot tell whether an application the connection enables now is taken off it, which locks its users out",
        instead: ["Plan again once the client IDs are known, or check the list by hand and waive this address."],
      },
    ];
  }
  const removed = listed(before(change)).filter((id) => !listed(after(change)).includes(id));
  if (removed.length === 0) return [];
  const ids = removed.map((id) => quoted(id)).join(", ");
  return [
    {
      address: change.address,
      kind: "locks users out",
      change: `update: enabled_clients loses ${ids}`,
      loses: `the connection is disabled for ${ids}: their users can no longer log in with it`,
      instead: [
        `Keep ${removed.length === 1 ? "it" : "them"} in connection.enabledClients (${stageField(context, "connection.enabledClients")}).`,
        "In an adoption, a client ID the export named wrongly shows here: correct it in the stage file (the Dashboard shows the connection's applications), synth and plan again.",
      ],
    },
  ];
}

/** Keys of a map in `after`, counting the ones whose value is unknown; `undefined` when the map itself is unknown. */
function keysAfterApply(change: ResourceChange): Set<string> | undefined {
  const known = asValues(blockOf(after(change), "options")?.configuration);
  const unknownOptions = Array.isArray(asValues(change.change.after_unknown)?.options)
    ? (asValues(change.change.after_unknown)!.options as unknown[])[0]
    : undefined;
  const unknown = asValues(unknownOptions)?.configuration;
  if (unknown === true) return undefined;
  const pending = Object.entries(asValues(unknown) ?? {})
    .filter(([, isUnknown]) => isUnknown === true)
    .map(([key]) => key);
  if (known === undefined && pending.length === 0) return blockOf(after(change), "options") === undefined ? undefined : new Set();
  return new Set([...Object.keys(known ?? {}), ...pending]);
}

/**
 * Auth0 keeps every configuration key it was ever given, and the provider fails an update
 * whose configuration lacks one ("Unmanaged Configuration Secret", connection/expand.go):
 * this apply, and every later one, until the key is back.
 */
function configurationKeyRemoved(change: ResourceChange): PlanHazard[] {
  if (change.type !== "auth0_connection" || isDelete(change) || !change.change.actions.includes("update")) return [];
  const had = Object.keys(asValues(blockOf(before(change), "options")?.configuration) ?? {});
  if (had.length === 0) return [];
  const keeps = keysAfterApply(change);
  if (keeps === undefined) {
    return [
      {
        address: change.address,
        kind: "unreadable",
        change: "update: options.configuration is unknown until apply",
        loses: "the plan gate cannot tell which configuration keys remain; a removed key fails this apply and every later one (Unmanaged Configuration Secret)",
        instead: ["Plan again once the values the configuration references are known, or check the keys by hand and waive this address."],
      },
    ];
  }
  const removed = had.filter((key) => !keeps.has(key)).sort();
  if (removed.length === 0) return [];
  return [
    {
      address: change.address,
      kind: "apply fails",
      change: `update: options.configuration loses ${removed.join(", ")}`,
      loses: `Auth0 still holds ${removed.join(", ")}: the provider fails this apply with "Unmanaged Configuration Secret", and every later one (secret rotation included) until the key is back`,
      instead: [
        `Keep ${removed.join(", ")} in the configuration: the scripts ignore keys they do not read.`,
        `To retire a key, follow "Retiring a configuration key" in docs/provider-hazards.md.`,
      ],
    },
  ];
}

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
  const scriptsClients = managedClientIds(changes);
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
    ...changes.flatMap((change) => [
      ...connectionDeleted(change, context),
      ...outageWindow(change, context, scriptsClients),
      ...connectionSwitchedOff(change, context),
      ...configurationKeyRemoved(change),
      ...enabledApplicationsRemoved(change, context),
      ...actionSecretsEmptied(change, context),
    ]),
    ...boundActionDeleted(changes, context),
    ...scriptsLockedOut(plan, changes, context),
  ];
}
