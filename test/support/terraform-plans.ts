import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { unescapeTerraformTemplate } from "../../lib/bundling/terraform-template";
import type { SynthesizedResource, SynthesizedStack } from "../../lib/synthesized/synthesized-stack";
import { readProviderSchema, type ProviderSchema, type SchemaBlock } from "../../lib/validation/provider-schema";

/**
 * Plans in the exact format of `terraform show -json` 1.11 (format_version 1.2), made
 * from synthesized stacks the way Terraform would plan them with auth0/auth0 v1.55.0:
 * values shaped by the committed provider schema (blocks as lists, every attribute
 * present), sensitive and unknown values marked, `replace_paths` and `action_reason` from
 * the attributes the provider's source marks ForceNew. The layout was checked against a
 * real plan of Terraform 1.11.4 (test/plan/fixtures/terraform-1.11.4-plan.json).
 */

/** Attributes that force a replacement, from the provider's v1.55.0 source (ForceNew). */
const FORCES_REPLACEMENT: Readonly<Record<string, readonly (readonly (string | number)[])[]>> = {
  auth0_connection: [["name"], ["strategy"]],
  auth0_connection_clients: [["connection_id"]],
  auth0_resource_server: [["identifier"]],
  auth0_resource_server_scopes: [["resource_server_identifier"]],
  auth0_client_grant: [["client_id"], ["audience"], ["subject_type"]],
  auth0_client_credentials: [["client_id"]],
  auth0_trigger_action: [["trigger"], ["action_id"]],
  auth0_trigger_actions: [["trigger"]],
  auth0_client: [["jwt_configuration", 0, "secret_encoded"]],
};

/** Attributes the provider fills in at create (Optional + Computed, which the schema file cannot say). */
const COMPUTED: Readonly<Record<string, readonly string[]>> = {
  auth0_client: ["client_id", "client_secret"],
  auth0_client_credentials: ["client_secret"],
  auth0_action: ["version_id"],
};

const META_ARGUMENTS = new Set(["//", "lifecycle", "depends_on", "provider", "count", "for_each"]);

const UNKNOWN = Symbol("known after apply");
type Planned = unknown;

/** A resource as the state holds it. */
export interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export type TerraformState = ReadonlyMap<string, StateResource>;

let schema: ProviderSchema | undefined;
const blockOf = (type: string): SchemaBlock => {
  schema ??= readProviderSchema();
  const block = schema.resources[type];
  if (block === undefined) throw new Error(`no schema for ${type}`);
  return block;
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Evaluates a synthesized string as Terraform would, references resolved by `resolve`. */
function evaluateString(text: string, resolve: (reference: string) => Planned): Planned {
  if (!/(^|[^$])\$\{/.test(text)) return unescapeTerraformTemplate(text);
  const variable = /^\$\{(var\.[a-z_][a-z0-9_]*)\}$/.exec(text);
  if (variable) return resolve(variable[1]);
  const whole = /^\$\{([a-z_][a-z0-9_]*\.[A-Za-z0-9_-]+\.[a-z_]+)\}$/.exec(text);
  if (whole) return resolve(whole[1]);
  const references = [...text.matchAll(/([a-z_][a-z0-9_]*\.[A-Za-z0-9_-]+\.[a-z_]+)/g)].map((match) => match[1]);
  const values = references.map(resolve);
  if (values.includes(UNKNOWN)) return UNKNOWN;
  const join = /^\$\{join\(("(?:[^"\\]|\\.)*"), \[(.*)\]\)\}$/s.exec(text);
  if (join && values.every((value) => typeof value === "string")) {
    const separator = JSON.parse(join[1]) as string;
    const parts = join[2].split(",").map((part) => part.trim());
    return parts.map((part) => (part.startsWith('"') ? (JSON.parse(part) as string) : (values[references.indexOf(part)] as string))).join(separator);
  }
  // Any other function of the references (a version hash): a value that changes exactly when they do.
  return Number.parseInt(
    createHash("sha256")
      .update(`${text}\u0000${JSON.stringify(values)}`)
      .digest("hex")
      .slice(0, 12),
    16,
  );
}

function evaluate(value: unknown, resolve: (reference: string) => Planned): Planned {
  if (typeof value === "string") return evaluateString(value, resolve);
  if (Array.isArray(value)) return value.map((item) => evaluate(item, resolve));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluate(item, resolve)]));
  return value;
}

/** A resource's planned values: every attribute of its schema, blocks as lists, write-only values null. */
function shape(
  block: SchemaBlock,
  config: Record<string, unknown>,
  resolve: (reference: string) => Planned,
  computed: (name: string) => Planned,
): Record<string, Planned> {
  const values: Record<string, Planned> = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.write_only) values[name] = null;
    else if (config[name] !== undefined) {
      // A null value (an unset optional variable) leaves an Optional + Computed attribute to the provider.
      const value = evaluate(config[name], resolve);
      values[name] = value === null ? computed(name) : value;
    } else values[name] = computed(name);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const given = config[name];
    const items = given === undefined ? [] : Array.isArray(given) ? given : [given];
    const shaped = items.map((item) => shape(nested.block, isObject(item) ? item : {}, resolve, () => null));
    values[name] = nested.nesting_mode === "single" || nested.nesting_mode === "group" ? (shaped[0] ?? null) : shaped;
  }
  return values;
}

/** Terraform's `*_sensitive` and `after_unknown`: true where marked, lists element by element, objects without the unmarked. */
function marks(value: Planned, block: SchemaBlock | undefined, isMarked: (value: Planned, sensitive: boolean) => boolean, sensitive = false): unknown {
  if (isMarked(value, sensitive)) return true;
  if (Array.isArray(value)) return value.map((item) => marks(item, block, isMarked));
  if (!isObject(value)) return false;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const attribute = block?.attributes?.[key];
    const nested = block?.block_types?.[key]?.block;
    const mark = marks(item, nested, isMarked, attribute?.sensitive === true);
    if (mark !== false) result[key] = mark;
  }
  return result;
}

const sensitiveMarks = (values: Planned, type: string) => (values === null ? false : marks(values, blockOf(type), (_, sensitive) => sensitive));
const unknownMarks = (values: Planned, type: string) => (values === null ? {} : marks(values, blockOf(type), (value) => value === UNKNOWN));

function hasUnknown(value: Planned): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  return isObject(value) && Object.values(value).some(hasUnknown);
}

/** The value as `after` shows it: unknown values left out of objects, null in lists. */
function withoutUnknowns(value: Planned): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === UNKNOWN ? null : withoutUnknowns(item)));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== UNKNOWN)
      .map(([key, item]) => [key, withoutUnknowns(item)]),
  );
}

function valueAt(values: Planned, path: readonly (string | number)[]): Planned {
  let current = values;
  for (const step of path) current = isObject(current) || Array.isArray(current) ? (current as Record<string | number, Planned>)[step] : undefined;
  return current;
}

const configOf = (resource: SynthesizedResource) =>
  Object.fromEntries(Object.entries(resource.values).filter(([key]) => !META_ARGUMENTS.has(key))) as Record<string, unknown>;
const lifecycleOf = (resource: SynthesizedResource | undefined) => (isObject(resource?.meta.lifecycle) ? resource!.meta.lifecycle : {});

/** Raised where Terraform's plan itself fails (a `prevent_destroy` resource it would destroy). */
export class TerraformPlanError extends Error {}

export interface PlanOptions {
  /** Addresses planned with `-replace`. */
  readonly replace?: readonly string[];
  /**
   * The tenant's objects, which the stack's import blocks read: the values the provider's
   * Read returns for the import ID (`undefined`: no such object, and the plan fails).
   */
  readonly tenant?: (address: string, id: string) => Readonly<Record<string, unknown>> | undefined;
  /** Input variables (`TF_VAR_...`): `${var.name}` reads these; any other is unknown. */
  readonly variables?: Readonly<Record<string, string>>;
}

/** The import blocks Terraform carries out: those whose address the state does not hold yet. */
function importsOf(
  prior: TerraformState,
  next: SynthesizedStack | undefined,
  options: PlanOptions,
): Map<string, { id: string; values: Record<string, unknown> }> {
  const blocks = ((next?.document as { import?: { to: string; id: string }[] } | undefined)?.import ?? []).filter((block) => !prior.has(block.to));
  return new Map(
    blocks.map((block) => {
      const values = options.tenant?.(block.to, block.id);
      if (values === undefined) {
        throw new TerraformPlanError(`Error: Cannot import non-existent remote object: ${block.to} (id ${JSON.stringify(block.id)})`);
      }
      return [block.to, { id: block.id, values: { ...values } }];
    }),
  );
}

type Status = "create" | "keep" | "replace" | "delete";

interface PlannedResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly status: Status;
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, Planned> | null;
  readonly replacePaths: (string | number)[][];
  readonly reason?: string;
  readonly createBeforeDestroy: boolean;
  /** The import ID, when this plan imports the resource. */
  readonly importing?: string;
}

/** What `terraform plan` decides for each resource, going from `prior` to the stack. */
function planResources(priorState: TerraformState, next: SynthesizedStack | undefined, options: PlanOptions): PlannedResource[] {
  const imported = importsOf(priorState, next, options);
  const prior = new Map(priorState);
  for (const [address, { values }] of imported) {
    const [type, name] = address.split(".");
    prior.set(address, { address, type, name, values });
  }
  const declared = new Map((next?.resources ?? []).map((resource) => [resource.address, resource]));
  const addresses = [...new Set([...prior.keys(), ...declared.keys()])];
  const status = new Map<string, Status>(addresses.map((address) => [address, !declared.has(address) ? "delete" : prior.has(address) ? "keep" : "create"]));
  for (const address of options.replace ?? []) if (status.get(address) === "keep") status.set(address, "replace");

  const plannedOf = (address: string): Record<string, Planned> => {
    const resource = declared.get(address)!;
    const before = prior.get(address)?.values;
    const fresh = status.get(address) !== "keep";
    const resolve = (reference: string): Planned => {
      if (reference.startsWith("var.")) {
        const name = reference.slice(4);
        const declared = (next?.document as { variable?: Record<string, { default?: unknown }> } | undefined)?.variable?.[name];
        return options.variables?.[name] ?? (declared !== undefined && declared.default === null ? null : UNKNOWN);
      }
      const [type, name, attribute] = reference.split(".");
      const target = `${type}.${name}`;
      // An attribute of a resource this plan updates reads as planned: the new value where the configuration sets it.
      if (status.get(target) === "keep") return declared.has(target) ? (plannedOf(target)[attribute] ?? null) : (prior.get(target)!.values[attribute] ?? null);
      const config = declared.has(target) ? configOf(declared.get(target)!) : {};
      return config[attribute] !== undefined && typeof config[attribute] === "string" && !String(config[attribute]).includes("${")
        ? config[attribute]
        : UNKNOWN;
    };
    const computed = (attribute: string): Planned => {
      if (attribute !== "id" && !(COMPUTED[resource.type] ?? []).includes(attribute)) return null;
      return fresh ? UNKNOWN : (before?.[attribute] ?? null);
    };
    return shape(blockOf(resource.type), configOf(resource), resolve, computed);
  };

  // Replacements cascade (a new client ID forces a new grant): plan until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const address of addresses) {
      if (status.get(address) !== "keep") continue;
      const type = declared.get(address)!.type;
      const planned = plannedOf(address);
      const forced = (FORCES_REPLACEMENT[type] ?? []).some((path) => !isDeepStrictEqual(valueAt(planned, path), valueAt(prior.get(address)!.values, path)));
      if (forced) {
        status.set(address, "replace");
        changed = true;
      }
    }
  }

  return addresses.map((address) => {
    const resource = declared.get(address);
    const state = prior.get(address);
    const [type, name] = [resource?.type ?? state!.type, resource?.address.split(".")[1] ?? state!.name];
    const current = status.get(address)!;
    const after = current === "delete" ? null : plannedOf(address);
    const before = state ? { ...state.values } : null;
    const replacePaths =
      current === "replace" && !(options.replace ?? []).includes(address)
        ? (FORCES_REPLACEMENT[type] ?? []).filter((path) => !isDeepStrictEqual(valueAt(after, path), valueAt(before, path))).map((path) => [...path])
        : [];
    if ((current === "replace" || current === "delete") && lifecycleOf(resource).prevent_destroy === true) {
      throw new TerraformPlanError(
        `Error: Instance cannot be destroyed: Resource ${address} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed.`,
      );
    }
    const reason =
      current === "delete"
        ? "delete_because_no_resource_config"
        : current === "replace"
          ? replacePaths.length > 0
            ? "replace_because_cannot_update"
            : "replace_by_request"
          : undefined;
    return {
      address,
      type,
      name,
      status: current,
      before,
      after,
      replacePaths,
      reason,
      createBeforeDestroy: lifecycleOf(resource).create_before_destroy === true,
      importing: imported.get(address)?.id,
    };
  });
}

function actionsOf(resource: PlannedResource): string[] {
  switch (resource.status) {
    case "create":
      return ["create"];
    case "delete":
      return ["delete"];
    case "replace":
      return resource.createBeforeDestroy ? ["create", "delete"] : ["delete", "create"];
    case "keep":
      return !hasUnknown(resource.after) && isDeepStrictEqual(resource.after, resource.before) ? ["no-op"] : ["update"];
  }
}

const PROVIDER = "registry.terraform.io/auth0/auth0";

function stateResource(resource: { address: string; type: string; name: string; values: unknown }) {
  return {
    address: resource.address,
    mode: "managed",
    type: resource.type,
    name: resource.name,
    provider_name: PROVIDER,
    schema_version: 0,
    values: resource.values,
    sensitive_values: sensitiveMarks(resource.values, resource.type),
  };
}

function expressionsOf(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => {
      const text = JSON.stringify(value);
      const references = [...new Set([...text.matchAll(/([a-z_][a-z0-9_]*\.[A-Za-z0-9_-]+)\.[a-z_]+/g)].map((match) => match[0]))];
      return [key, references.length > 0 ? { references } : { constant_value: value }];
    }),
  );
}

/**
 * The JSON `terraform show -json tfplan` prints for a plan from `prior` (an applied state,
 * see `appliedState`) to the synthesized `next` (none: every resource removed).
 */
export function planJson(prior: TerraformState | undefined, next: SynthesizedStack | undefined, options: PlanOptions = {}): Record<string, unknown> {
  const planned = planResources(prior ?? new Map(), next, options);
  const declared = new Map((next?.resources ?? []).map((resource) => [resource.address, resource]));
  const changes = planned.map((resource) => {
    const actions = actionsOf(resource);
    return {
      address: resource.address,
      mode: "managed",
      type: resource.type,
      name: resource.name,
      provider_name: PROVIDER,
      change: {
        actions,
        before: resource.before,
        after: resource.after === null ? null : withoutUnknowns(resource.after),
        after_unknown: unknownMarks(resource.after, resource.type),
        before_sensitive: resource.before === null ? false : sensitiveMarks(resource.before, resource.type),
        after_sensitive: resource.after === null ? false : sensitiveMarks(resource.after, resource.type),
        ...(resource.replacePaths.length > 0 ? { replace_paths: resource.replacePaths } : {}),
        ...(resource.importing === undefined ? {} : { importing: { id: resource.importing } }),
      },
      ...(resource.reason ? { action_reason: resource.reason } : {}),
    };
  });
  const domain = (next?.document.provider?.auth0 as { domain?: string }[] | undefined)?.[0]?.domain;
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    // As Terraform records them: every root variable with the value the plan was made with, sensitive ones in plain text.
    variables: Object.fromEntries(
      Object.entries((next?.document as { variable?: Record<string, { default?: unknown }> } | undefined)?.variable ?? {}).map(([name, declared]) => [
        name,
        { value: options.variables?.[name] ?? declared.default ?? null },
      ]),
    ),
    planned_values: {
      root_module: {
        resources: planned
          .filter((resource) => resource.after !== null)
          .map((resource) => ({
            ...stateResource({ ...resource, values: withoutUnknowns(resource.after) }),
            sensitive_values: sensitiveMarks(resource.after, resource.type),
          })),
      },
    },
    resource_changes: changes,
    prior_state: {
      format_version: "1.0",
      terraform_version: "1.11.4",
      values: { root_module: { resources: [...(prior ?? new Map()).values()].map(stateResource) } },
    },
    configuration: {
      provider_config: { auth0: { name: "auth0", full_name: PROVIDER, version_constraint: "1.55.0", expressions: { domain: { constant_value: domain } } } },
      root_module: {
        resources: [...declared.values()].map((resource) => ({
          address: resource.address,
          mode: "managed",
          type: resource.type,
          name: resource.address.split(".")[1],
          provider_config_key: "auth0",
          expressions: expressionsOf(configOf(resource)),
          schema_version: 0,
        })),
      },
    },
    timestamp: "2026-12-01T12:00:00Z",
    applyable: changes.some((change) => !isDeepStrictEqual(change.change.actions, ["no-op"])),
    complete: true,
    errored: false,
  };
}

let serial = 0;
/** What the provider returns for a value known only after apply. */
function appliedValue(type: string, attribute: string): string {
  serial++;
  if (attribute === "client_id") return `${type.replace(/^auth0_/, "")}${serial}`.padEnd(32, "x").slice(0, 32);
  if (attribute === "client_secret") return createHash("sha256").update(`secret ${serial}`).digest("base64url");
  return `${type.replace(/^auth0_/, "")}_${serial.toString(36).padStart(6, "0")}`;
}

function fill(value: Planned, type: string, attribute: string): unknown {
  if (value === UNKNOWN) return appliedValue(type, attribute);
  if (Array.isArray(value)) return value.map((item) => fill(item, type, attribute));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, type, key)]));
  return value;
}

/**
 * The state after applying `next` on top of `prior`: what Terraform learns at apply
 * (ids, client IDs, secrets) made up, everything else as planned.
 */
export function appliedState(next: SynthesizedStack, prior: TerraformState = new Map(), options: PlanOptions = {}): Map<string, StateResource> {
  const state = new Map<string, StateResource>(prior);
  for (let pass = 0; pass < 4; pass++) {
    for (const resource of planResources(state, next, options)) {
      if (resource.after === null) state.delete(resource.address);
      else
        state.set(resource.address, {
          address: resource.address,
          type: resource.type,
          name: resource.name,
          values: fill(resource.after, resource.type, "") as Record<string, unknown>,
        });
    }
  }
  return state;
}
