import { createHash } from "node:crypto";
import { CONFIGURATION_KEYS } from "../../contract/connection-configuration";
import { approvedClients, actionSecrets, workingGuards } from "../facts/actions";
import { describeClient } from "../facts/clients";
import { codeUnits, triggerOfAction } from "../facts/code-units";
import { configurationOf, connectionClientsOf, customDatabases, scriptsOf } from "../facts/connection";
import { expectedCode } from "../facts/expected";
import { facadeApis, facadeGrants } from "../facts/facade-api";
import { keyOf, readList, readValue, type ReadValue } from "../facts/references";
import { tenantResources } from "../facts/resources";
import { show, valueAt } from "../facts/values";
import type { SynthesizedResource } from "../synthesized/synthesized-stack";
import { asBoolean, asNumber, asString, asStringList, describeValue, type TerraformValue } from "../synthesized/terraform-values";
import type { ReviewInput } from "./review-input";

/** A client that holds a facade grant, and whether the exchange guard lets it through. */
interface ClientAccess {
  /** As a reviewer knows it: construct path, or client ID and its stage-file description. */
  readonly client: string;
  /** The same, without anything stage-specific, for comparing stages. */
  readonly role: string;
  readonly scopes: readonly string[];
  readonly grant: string;
  readonly guard: "approved" | "denied" | "no guard" | "unreadable list";
}

/** How the scripts reach the facade over TLS. */
export interface FacadeTls {
  /** What the stage file declares: `self-signed` or `ca-issued`. */
  readonly certificate: string;
  /** The pins the scripts check (none: CA verification); `undefined` when unreadable. */
  readonly pins: readonly string[] | undefined;
}

/** One piece of code Auth0 will run, by its hash, against the bundle the repository builds. */
interface CodeFact {
  readonly label: string;
  readonly sha256: string | undefined;
  readonly bytes: number | undefined;
  /** Whether the text is the repository's bundle, byte for byte. */
  readonly matchesBundle: boolean;
  /** The plain copy synth writes, relative to the output folder (`code/dev/scripts/login.js`). */
  readonly file: string | undefined;
}

/** What a reviewer wants to see first: who can get a facade token, and how the facade is reached. */
export interface StageSummary {
  readonly stage: string;
  readonly facadeApi: string;
  readonly clientPolicy: string;
  readonly clients: readonly ClientAccess[];
  readonly users: string;
  readonly connection: string;
  readonly applications: readonly string[];
  readonly tls: FacadeTls;
  readonly tokenLifetime: string;
  readonly actionSecrets: string;
  readonly scripts: string;
  readonly code: readonly CodeFact[];
}

function policy(value: TerraformValue | undefined): string {
  return value === undefined ? "not declared" : (asString(value) ?? `unreadable ${describeValue(value)}`);
}

/** What the credentials-exchange guards say to a client: all must approve it. Read once per stage, asked once per grant. */
function guardVerdicts(input: ReviewInput): (client: ReadValue | undefined) => ClientAccess["guard"] {
  const lists = workingGuards(input, "credentials-exchange").map((guard) => approvedClients(guard.action));
  if (lists.length === 0) return () => "no guard";
  if (lists.some((list) => list === undefined)) return () => "unreadable list";
  const approvedBy = lists.map((list) => new Set((list ?? []).map(keyOf)));
  return (client) => (client !== undefined && approvedBy.every((keys) => keys.has(keyOf(client))) ? "approved" : "denied");
}

function clientAccess(input: ReviewInput): ClientAccess[] {
  const guardVerdict = guardVerdicts(input);
  const descriptions = new Map(input.config.approvedClients.map((entry) => [entry.clientId, entry.description]));
  return facadeGrants(input).map((grant) => {
    const client = readValue(grant.values.client_id);
    return {
      client: client === undefined ? `unreadable ${show(grant.values.client_id)}` : describeClient(input, client),
      role: client === undefined ? "unreadable client" : stageNeutralName(input, client, descriptions),
      scopes: asStringList(valueAt(grant.values, "scopes")) ?? [`unreadable ${describeValue(valueAt(grant.values, "scopes"))}`],
      grant: grant.path,
      guard: guardVerdict(client),
    };
  });
}

/** A client's name without anything tenant-specific: its construct path below the stack, or its stage-file description. */
function stageNeutralName(input: ReviewInput, client: ReadValue, descriptions: ReadonlyMap<string, string>): string {
  if ("reference" in client) {
    const path = describeClient(input, client);
    return path.startsWith(`${input.config.stage}/`) ? path.slice(input.config.stage.length + 1) : path;
  }
  const description = descriptions.get(client.literal);
  return description === undefined ? "a client not in the stage file" : `approved client "${description}"`;
}

function users(input: ReviewInput, userPolicy: string): string {
  const guarded = workingGuards(input, "post-login").length > 0;
  if (userPolicy === "deny_all") {
    return guarded
      ? "no: user policy deny_all, and the post-login guard denies the facade audience"
      : "no: user policy deny_all (no post-login guard behind it)";
  }
  return guarded ? `only the post-login guard stops them: user policy ${userPolicy}` : `YES: user policy ${userPolicy} and no post-login guard`;
}

function tls(input: ReviewInput): FacadeTls {
  const value = customDatabases(input.stack).map((connection) => configurationOf(connection)?.[CONFIGURATION_KEYS.facadeCertSha256])[0];
  const pins = readList(value ?? "");
  const literal = pins?.every((pin) => "literal" in pin) ? pins.map((pin) => ("literal" in pin ? pin.literal : "")) : undefined;
  return { certificate: input.config.facade.certificate.type, pins: literal };
}

function applications(input: ReviewInput): string[] {
  return customDatabases(input.stack).flatMap((connection) =>
    connectionClientsOf(input.stack, connection).flatMap((resource) =>
      resource.type === "auth0_connection_clients"
        ? (asStringList(valueAt(resource.values, "enabled_clients")) ?? [`unreadable ${describeValue(valueAt(resource.values, "enabled_clients"))}`])
        : [asString(valueAt(resource.values, "client_id")) ?? describeValue(valueAt(resource.values, "client_id"))],
    ),
  );
}

function scripts(input: ReviewInput): string {
  const connection = customDatabases(input.stack)[0];
  if (connection === undefined) return "no custom database connection";
  const option = (name: string) => asBoolean(valueAt(connection.values, "options", name));
  return [
    Object.keys(scriptsOf(connection) ?? {}).join(", "),
    option("import_mode") === true ? "import mode (lazy migration)" : "no import mode",
    option("disable_signup") === true ? "sign-up off" : "sign-up on",
    option("brute_force_protection") === true ? "brute-force protection on" : "brute-force protection OFF",
  ].join("; ");
}

function tokenLifetime(api: SynthesizedResource): string {
  const lifetime = valueAt(api.values, "token_lifetime");
  const seconds = asNumber(lifetime) !== undefined ? `${asNumber(lifetime)} s` : policy(lifetime);
  return `${seconds}, ${asBoolean(valueAt(api.values, "allow_offline_access")) === false ? "no refresh tokens" : "refresh tokens allowed"}`;
}

/** Where synth writes the plain copy of a code unit, relative to the output folder. */
export function codeFileOf(stage: string, kind: "script" | "action", name: string): string {
  return `code/${stage}/${kind === "script" ? "scripts" : "actions"}/${name.replace(/[^A-Za-z0-9._-]/g, "_")}.js`;
}

function codeFacts(input: ReviewInput): CodeFact[] {
  return codeUnits(input.stack).map((unit) => {
    const expected = expectedCode(input, unit.kind, unit.kind === "script" ? unit.name : (triggerOfAction(unit.resource) ?? ""));
    const sha256 = unit.code === undefined ? undefined : createHash("sha256").update(unit.code).digest("hex");
    return {
      label: unit.label,
      sha256,
      bytes: unit.code === undefined ? undefined : Buffer.byteLength(unit.code, "utf8"),
      matchesBundle: sha256 !== undefined && sha256 === expected?.sha256,
      file: unit.code === undefined ? undefined : codeFileOf(input.config.stage, unit.kind, unit.name),
    };
  });
}

function secretStorage(input: ReviewInput): string {
  const storages = new Set(tenantResources(input.stack, "auth0_action").flatMap((action) => actionSecrets(action).map((secret) => secret.storage)));
  if (storages.size === 0) return "none";
  return [...storages].map((storage) => (storage === "write-only" ? "write-only (secrets_wo, not in state)" : "in state (secrets, plain text)")).join(" and ");
}

export function summarize(input: ReviewInput): StageSummary {
  const api = facadeApis(input)[0];
  const connections = customDatabases(input.stack).map(
    (connection) => asString(valueAt(connection.values, "name")) ?? describeValue(valueAt(connection.values, "name")),
  );
  const subjectPolicy = (subject: string) => policy(api === undefined ? undefined : valueAt(api.values, "subject_type_authorization", subject, "policy"));
  return {
    stage: input.config.stage,
    facadeApi: api === undefined ? `none declares ${input.config.facade.audience}` : `${input.config.facade.audience} (${api.path})`,
    clientPolicy: api === undefined ? "no facade API" : subjectPolicy("client"),
    clients: clientAccess(input),
    users: api === undefined ? "YES: no facade API declares deny_all" : users(input, subjectPolicy("user")),
    connection: connections.join(", ") || "none",
    applications: applications(input),
    tls: tls(input),
    tokenLifetime: api === undefined ? "no facade API" : tokenLifetime(api),
    actionSecrets: secretStorage(input),
    scripts: scripts(input),
    code: codeFacts(input),
  };
}

/** `self-signed certificate; pinned, 2 pins (5e2b791c…9ab2644f, ...)`. */
export function describeTls(tls: FacadeTls): string {
  const declared = `${tls.certificate} certificate`;
  if (tls.pins === undefined) return `${declared}; pins unreadable`;
  if (tls.pins.length === 0) return `${declared}; CA verification (Node's trusted CAs), no pins`;
  const shown = ` (${tls.pins.map((pin) => `${pin.slice(0, 8)}…${pin.slice(-8)}`).join(", ")})`;
  return `${declared}; pinned, ${tls.pins.length} pin${tls.pins.length === 1 ? "" : "s"}${shown}: the exact SHA-256 fingerprint replaces chain validation`;
}
