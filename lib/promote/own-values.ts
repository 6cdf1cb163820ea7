import type { StageConfig } from "../config/stage-config";
import { getPath, isJsonObject, leafPaths, setPath, type Json, type JsonObject } from "../config/json-paths";
import type { PromotionInput } from "./promotion-input";

/** A stage-file field whose value belongs to its stage and is set aside by promotion. */
interface OwnField {
  readonly path: string;
  readonly why: string;
}

/**
 * What is meant to differ between stages. Everything else in a stage file is shared:
 * promotion compares it, and `--write` copies it from the source stage. A field added to
 * the stage schema later is shared until it is listed here.
 */
const OWN_FIELDS: readonly OwnField[] = [
  { path: "tenant", why: "each stage deploys to its own tenant" },
  { path: "facade.url", why: "each stage calls its own facade" },
  { path: "facade.audience", why: "each facade is its own API" },
  { path: "facade.certificate", why: "each facade has its own certificate (pins rotate per stage; dropping pins still fails)" },
  { path: "connection.enabledClients", why: "application client IDs are per tenant" },
  { path: "backend", why: "never two stages on one state" },
  { path: "clientAuthentication.keys", why: "each stage's M2M client has its own signing keys (the method itself is shared)" },
  { path: "clientAuthentication.signingKey", why: "which of a stage's own keys signs" },
  { path: "accessToken.quota", why: "each stage's load, and its tenant's plan, set its own token budget" },
  { path: "adopt", why: "what a stage adopts are objects of its own tenant (import blocks for the first plan only)" },
  { path: "suppressions", why: "a waiver is a per-stage decision (one the source stage lacks still fails)" },
  { path: "planWaivers", why: "accepting a loss in one stage's apply never accepts it in another's" },
  { path: "promotionWaivers", why: "an identity change is accepted for one stage at a time" },
];

/** Approved clients are shared, but their IDs are per tenant: clients pair across stages by description. */
const APPROVED_CLIENTS = "approvedClients";
const PAIRING_KEY = "description";
const PAIRED_OWN_KEY = "clientId";

export function isOwnField(path: string): boolean {
  return OWN_FIELDS.some((own) => path === own.path || path.startsWith(`${own.path}.`));
}

function approvedClients(file: Json): JsonObject[] {
  const list = isJsonObject(file) ? file[APPROVED_CLIENTS] : undefined;
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

/** The client of `other` that plays the same role as `client` (same description). */
export function counterpartClient(client: Json, other: Json): JsonObject | undefined {
  const description = isJsonObject(client) ? client[PAIRING_KEY] : undefined;
  return approvedClients(other).find((candidate) => candidate[PAIRING_KEY] === description);
}

export interface Transplanted {
  readonly file: JsonObject;
  /** Descriptions of approved clients in `into` that have no counterpart in `from`. */
  readonly unpaired: readonly string[];
}

/**
 * A copy of `into` carrying the own values of `from`: its tenant, facade URL, audience,
 * certificate, applications, backend and waivers, and the ID of each approved client
 * `from` pairs with one of `into` (by description). Own fields `from` leaves unset are
 * removed, so its defaults apply.
 */
export function transplantOwnValues(into: JsonObject, from: JsonObject): Transplanted {
  const file = structuredClone(into);
  for (const { path } of OWN_FIELDS) setPath(file, path, structuredClone(getPath(from, path)));
  const unpaired: string[] = [];
  for (const client of approvedClients(file)) {
    const counterpart = counterpartClient(client, from);
    if (counterpart === undefined) unpaired.push(String(client[PAIRING_KEY]));
    else client[PAIRED_OWN_KEY] = counterpart[PAIRED_OWN_KEY];
  }
  return { file, unpaired };
}

/** An own value of each stage, shown for the record and never compared. */
export interface SetAsideValue {
  readonly field: string;
  /** `undefined` where the stage file does not set it. */
  readonly source?: Json;
  readonly target?: Json;
}

function ownLeaves(file: JsonObject): string[] {
  return OWN_FIELDS.flatMap(({ path }) => {
    const value = getPath(file, path);
    if (value === undefined) return [];
    return isJsonObject(value) ? leafPaths(value).map((leaf) => `${path}.${leaf}`) : [path];
  });
}

function clientIds(input: PromotionInput): SetAsideValue[] {
  const field = (client: JsonObject) => `${APPROVED_CLIENTS}[${JSON.stringify(client[PAIRING_KEY])}].${PAIRED_OWN_KEY}`;
  return [
    ...approvedClients(input.source.file).map((client) => ({
      field: field(client),
      source: client[PAIRED_OWN_KEY],
      target: counterpartClient(client, input.target.file)?.[PAIRED_OWN_KEY],
    })),
    ...approvedClients(input.target.file)
      .filter((client) => counterpartClient(client, input.source.file) === undefined)
      .map((client) => ({ field: field(client), target: client[PAIRED_OWN_KEY] })),
  ];
}

/** The values meant to differ between the two stage files, field by field. */
export function setAsideValues(input: PromotionInput): SetAsideValue[] {
  const { source, target } = input;
  const fields = [...new Set([...ownLeaves(source.file), ...ownLeaves(target.file)])];
  return [...fields.map((field) => ({ field, source: getPath(source.file, field), target: getPath(target.file, field) })), ...clientIds(input)];
}

/**
 * The target's settings with the source's own values and name (see PromotionInput).
 * Approved clients the source has no counterpart for keep the target's IDs, so they
 * show up in the diff as the extra clients they are.
 */
export function counterpartConfig(source: StageConfig, target: StageConfig): StageConfig {
  const { file } = transplantOwnValues(target as unknown as JsonObject, source as unknown as JsonObject);
  return { ...(file as unknown as StageConfig), stage: source.stage, sourceFile: source.sourceFile };
}
