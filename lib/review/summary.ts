import { CONFIGURATION_KEYS } from "../../scripts/shared/settings";
import { approvedClients, actionSecrets, workingGuards } from "./facts/actions";
import { describeClient } from "./facts/clients";
import { configurationOf, customDatabases } from "./facts/connection";
import { facadeApis, facadeGrants } from "./facts/facade-api";
import { attributeOf, keyOf, readList, readValue, type ReadValue } from "./facts/references";
import type { SynthesizedResource } from "../synthesized/synthesized-stack";
import type { ReviewInput } from "./review-input";
import { asRecord, dig, show, stringList } from "./values";

/** A client that holds a facade grant, and whether the exchange guard lets it through. */
export interface ClientAccess {
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
}

function policy(value: unknown): string {
  return value === undefined ? "not declared" : typeof value === "string" ? value : `unreadable ${show(value)}`;
}

/** What the credentials-exchange guards say to a client: all must approve it. */
function guardVerdict(input: ReviewInput, client: ReadValue | undefined): ClientAccess["guard"] {
  const lists = workingGuards(input, "credentials-exchange").map((guard) => approvedClients(guard.action));
  if (lists.length === 0) return "no guard";
  const readable = lists.filter((list) => list !== undefined);
  if (readable.length < lists.length) return "unreadable list";
  const approved = client !== undefined && readable.every((list) => list.some((entry) => keyOf(entry) === keyOf(client)));
  return approved ? "approved" : "denied";
}

function clientAccess(input: ReviewInput): ClientAccess[] {
  return facadeGrants(input).map((grant) => {
    const client = readValue(grant.values.client_id);
    return {
      client: client === undefined ? `unreadable ${show(grant.values.client_id)}` : describeClient(input, client),
      role: client === undefined ? "unreadable client" : stageNeutralName(input, client),
      scopes: stringList(grant.values.scopes) ?? [`unreadable ${show(grant.values.scopes)}`],
      grant: grant.path,
      guard: guardVerdict(input, client),
    };
  });
}

/** A client's name without anything tenant-specific: its construct path below the stack, or its stage-file description. */
function stageNeutralName(input: ReviewInput, client: ReadValue): string {
  if ("reference" in client) {
    const path = describeClient(input, client);
    return path.startsWith(`${input.config.stage}/`) ? path.slice(input.config.stage.length + 1) : path;
  }
  const approved = input.config.approvedClients.find((entry) => entry.clientId === client.literal);
  return approved === undefined ? "a client not in the stage file" : `approved client "${approved.description}"`;
}

function users(input: ReviewInput, userPolicy: string): string {
  const guarded = workingGuards(input, "post-login").length > 0;
  if (userPolicy === "deny_all") {
    return guarded ? "no: user policy deny_all, and the post-login guard denies the facade audience" : "no: user policy deny_all (no post-login guard behind it)";
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
  const ids = customDatabases(input.stack).map((connection) => attributeOf(connection, "id"));
  const forConnection = (value: unknown) => {
    const read = readValue(value);
    return read !== undefined && "reference" in read && ids.includes(read.reference);
  };
  const many = input.stack.ofType("auth0_connection_clients").filter((resource) => forConnection(resource.values.connection_id));
  const one = input.stack.ofType("auth0_connection_client").filter((resource) => forConnection(resource.values.connection_id));
  return [
    ...many.flatMap((resource) => stringList(resource.values.enabled_clients) ?? [`unreadable ${show(resource.values.enabled_clients)}`]),
    ...one.map((resource) => (typeof resource.values.client_id === "string" ? resource.values.client_id : show(resource.values.client_id))),
  ];
}

function scripts(input: ReviewInput): string {
  const connection = customDatabases(input.stack)[0];
  if (connection === undefined) return "no custom database connection";
  const options = asRecord(connection.values.options) ?? {};
  const names = Object.keys(asRecord(options.custom_scripts) ?? {});
  return [
    names.join(", "),
    options.import_mode === true ? "import mode (lazy migration)" : "no import mode",
    options.disable_signup === true ? "sign-up off" : "sign-up on",
    options.brute_force_protection === true ? "brute-force protection on" : "brute-force protection OFF",
  ].join("; ");
}

function tokenLifetime(api: SynthesizedResource): string {
  const lifetime = api.values.token_lifetime;
  const seconds = typeof lifetime === "number" ? `${lifetime} s` : policy(lifetime);
  return `${seconds}, ${api.values.allow_offline_access === false ? "no refresh tokens" : "refresh tokens allowed"}`;
}

function secretStorage(input: ReviewInput): string {
  const storages = new Set(input.stack.ofType("auth0_action").flatMap((action) => actionSecrets(action).map((secret) => secret.storage)));
  if (storages.size === 0) return "none";
  return [...storages].map((storage) => (storage === "write-only" ? "write-only (secrets_wo, not in state)" : "in state (secrets, plain text)")).join(" and ");
}

export function summarize(input: ReviewInput): StageSummary {
  const api = facadeApis(input)[0];
  const connections = customDatabases(input.stack).map((connection) => (typeof connection.values.name === "string" ? connection.values.name : show(connection.values.name)));
  return {
    stage: input.config.stage,
    facadeApi: api === undefined ? `none declares ${input.config.facade.audience}` : `${input.config.facade.audience} (${api.path})`,
    clientPolicy: api === undefined ? "no facade API" : policy(dig(api.values, "subject_type_authorization", "client", "policy")),
    clients: clientAccess(input),
    users: api === undefined ? "YES: no facade API declares deny_all" : users(input, policy(dig(api.values, "subject_type_authorization", "user", "policy"))),
    connection: connections.join(", ") || "none",
    applications: applications(input),
    tls: tls(input),
    tokenLifetime: api === undefined ? "no facade API" : tokenLifetime(api),
    actionSecrets: secretStorage(input),
    scripts: scripts(input),
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
