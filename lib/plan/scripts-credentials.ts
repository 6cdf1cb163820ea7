import { createPrivateKey, createPublicKey } from "node:crypto";
import { SIGNING_KEY_VARIABLE } from "../config/stage-config";
import { type PlanValues, type ResourceChange, type TerraformPlan, asValues, blockOf } from "./terraform-plan";

/**
 * What authenticates whom, at every moment of an apply: which credentials the scripts'
 * M2M client accepts (`auth0_client_credentials`: the method, the secret, the registered
 * public keys) and which credential the scripts present (the connection configuration's
 * CLIENT_SECRET or CLIENT_ASSERTION_KEY, which for private_key_jwt is the variable
 * `facade_client_signing_key`).
 *
 * The moments are those Terraform really goes through: before the apply; between the two
 * resources' updates, in the order the configuration's references impose, or in both
 * orders when none does; and while the new configuration reaches the warm containers one
 * by one, during which some still present the old credential, also after the apply ends.
 */

/** One credential the client accepts or the scripts present; `unknown` is what the plan cannot show. */
export type Credential =
  | { readonly kind: "secret"; readonly secret: string }
  /** The client's own secret as the apply sets it (known only after apply), by the credentials resource's address. */
  | { readonly kind: "secret-of"; readonly address: string }
  | { readonly kind: "key"; readonly publicKey: string }
  /** The scripts present nothing usable: they fail closed on every call. */
  | { readonly kind: "none"; readonly why: string }
  /**
   * The configuration Auth0 runs is not in the state (an imported connection: the provider
   * never reads it back): the scripts present whatever the client accepted before the apply.
   */
  | { readonly kind: "as-before" }
  | { readonly kind: "unknown"; readonly why: string };

/** What the client's credentials accept at one moment. */
export interface Acceptance {
  readonly method: string | undefined;
  /** The secret, for client_secret_post / client_secret_basic. */
  readonly secret: Credential;
  /** The registered public keys (canonical SPKI PEM), for private_key_jwt. */
  readonly keys: readonly string[];
  /** The name each registered key has on the client, by public key. */
  readonly keyNames: Readonly<Record<string, string>>;
  /** Set when the plan cannot show what it accepts. */
  readonly unreadable?: string;
}

export interface Moment {
  /** When, as an operator reads it. */
  readonly label: string;
  readonly accepts: Acceptance;
  /** The configurations the warm containers hold at that moment, old first. */
  readonly presents: readonly { readonly which: "old" | "new"; readonly credential: Credential }[];
}

/** Why a presented credential gets no token at a moment, or undefined when it gets one. */
export type Verdict = { readonly refused: string } | { readonly unreadable: string } | undefined;

type Values = PlanValues;
const unknownAt = (marks: unknown, ...path: (string | number)[]): boolean => {
  let current = marks;
  for (const step of path) {
    if (current === true) return true;
    current = Array.isArray(current) && typeof step === "number" ? current[step] : asValues(current)?.[String(step)];
  }
  return current === true;
};

/** A PEM public key in one canonical form (SPKI), or undefined when the text is no public key. */
export function canonicalPublicKey(pem: string): string | undefined {
  try {
    return createPublicKey(pem).export({ type: "spki", format: "pem" }).toString();
  } catch {
    return undefined;
  }
}

/** The public half of a PEM private key, in the same canonical form, or undefined when the text is no private key. */
function publicHalfOf(privatePem: string): string | undefined {
  try {
    return createPublicKey(createPrivateKey(privatePem)).export({ type: "spki", format: "pem" }).toString();
  } catch {
    return undefined;
  }
}

const SECRET_METHODS = new Set(["client_secret_post", "client_secret_basic"]);

/** Every reference a resource's configuration makes, from the plan's `configuration` section. */
function referencesOf(plan: TerraformPlan, address: string): Set<string> {
  const resources = asValues(asValues(plan.configuration)?.root_module)?.resources;
  const resource = (Array.isArray(resources) ? resources : []).map(asValues).find((entry) => entry?.address === address);
  const found = new Set<string>();
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    const values = asValues(value);
    if (values === undefined) return;
    for (const [key, item] of Object.entries(values)) {
      if (key !== "references") collect(item);
      else if (Array.isArray(item)) for (const reference of item.filter((entry) => typeof entry === "string")) found.add(reference);
    }
  };
  collect(resource?.expressions);
  for (const dependency of Array.isArray(resource?.depends_on) ? resource.depends_on : []) if (typeof dependency === "string") found.add(dependency);
  return found;
}

/** Whether Terraform applies `later` only after `earlier`: a reference from one to the other, directly or through others. */
export function appliedAfter(plan: TerraformPlan, later: string, earlier: string): boolean {
  const seen = new Set<string>();
  const visit = (address: string): boolean => {
    if (seen.has(address)) return false;
    seen.add(address);
    const references = [...referencesOf(plan, address)].map((reference) => reference.split(".").slice(0, 2).join("."));
    return references.includes(earlier) || references.some((reference) => reference !== address && visit(reference));
  };
  return visit(later);
}

/** What the credentials resource accepts in `values` (before or after), with its unknown marks. */
export function acceptanceOf(change: ResourceChange, side: "before" | "after"): Acceptance {
  const values = asValues(change.change[side]);
  const marks = side === "after" ? change.change.after_unknown : undefined;
  if (values === undefined)
    return { method: undefined, secret: { kind: "none", why: "no credentials" }, keys: [], keyNames: {}, unreadable: "the credentials do not exist" };
  const method = typeof values.authentication_method === "string" ? values.authentication_method : undefined;
  const secret: Credential = unknownAt(marks, "client_secret")
    ? { kind: "secret-of", address: change.address }
    : typeof values.client_secret === "string" && values.client_secret !== ""
      ? { kind: "secret", secret: values.client_secret }
      : { kind: "none", why: "no secret" };
  const credentials = blockOf(values, "private_key_jwt")?.credentials;
  const registered = (Array.isArray(credentials) ? credentials : []).map(asValues);
  const pems = registered.map((credential) => credential?.pem);
  const unreadable =
    method === undefined
      ? unknownAt(marks, "authentication_method")
        ? "its authentication_method is known only after apply"
        : "it has no authentication_method"
      : method === "private_key_jwt" &&
          (unknownAt(marks, "private_key_jwt") || pems.some((pem) => typeof pem !== "string" || canonicalPublicKey(pem) === undefined))
        ? "a registered key is unknown until apply or not a PEM public key"
        : undefined;
  const named = registered.flatMap((credential) => {
    const publicKey = typeof credential?.pem === "string" ? canonicalPublicKey(credential.pem) : undefined;
    return publicKey === undefined ? [] : [[publicKey, typeof credential?.name === "string" ? credential.name : "(unnamed)"] as const];
  });
  const keys = named.map(([publicKey]) => publicKey);
  return { method, secret, keys, keyNames: Object.fromEntries(named), ...(unreadable === undefined ? {} : { unreadable }) };
}

/** The credential the scripts present with the connection configuration of `side`. */
export function presentedBy(connection: ResourceChange, side: "before" | "after", plan: TerraformPlan, credentialsAddress?: string): Credential {
  const values = asValues(side === "before" ? connection.change.before : connection.change.after);
  const configuration = asValues(blockOf(values, "options")?.configuration);
  const marks = side === "after" ? connection.change.after_unknown : undefined;
  if (unknownAt(marks, "options", 0, "configuration")) return { kind: "unknown", why: "the connection configuration is known only after apply" };
  if (configuration === undefined || Object.keys(configuration).length === 0) {
    return side === "before" ? { kind: "as-before" } : { kind: "none", why: "the connection has no configuration" };
  }
  const secretUnknown = unknownAt(marks, "options", 0, "configuration", "CLIENT_SECRET");
  const keyUnknown = unknownAt(marks, "options", 0, "configuration", "CLIENT_ASSERTION_KEY");
  const secret = typeof configuration.CLIENT_SECRET === "string" ? configuration.CLIENT_SECRET.trim() : "";
  const pem = typeof configuration.CLIENT_ASSERTION_KEY === "string" ? configuration.CLIENT_ASSERTION_KEY.trim() : "";
  if (keyUnknown) return { kind: "unknown", why: "CLIENT_ASSERTION_KEY is known only after apply" };
  if (secretUnknown) {
    // Known only after apply: the client's new secret, when the configuration reads it from those credentials.
    return credentialsAddress !== undefined && referencesOf(plan, connection.address).has(`${credentialsAddress}.client_secret`)
      ? pem === ""
        ? { kind: "secret-of", address: credentialsAddress }
        : { kind: "none", why: "CLIENT_SECRET and CLIENT_ASSERTION_KEY are both set (the scripts refuse)" }
      : { kind: "unknown", why: "CLIENT_SECRET is known only after apply, and not read from the client's credentials" };
  }
  if (secret !== "" && pem !== "") return { kind: "none", why: "CLIENT_SECRET and CLIENT_ASSERTION_KEY are both set (the scripts refuse)" };
  if (secret !== "") return { kind: "secret", secret };
  if (pem !== "") {
    const publicKey = publicHalfOf(pem);
    return publicKey === undefined ? { kind: "none", why: "CLIENT_ASSERTION_KEY is not a PEM private key" } : { kind: "key", publicKey };
  }
  return { kind: "none", why: "CLIENT_SECRET is empty and there is no CLIENT_ASSERTION_KEY" };
}

const sameSecret = (presented: Credential, accepted: Credential): boolean | undefined => {
  if (accepted.kind === "none") return false;
  if (presented.kind === "secret-of") return accepted.kind === "secret-of" && accepted.address === presented.address ? true : undefined;
  if (presented.kind !== "secret") return false;
  if (accepted.kind === "secret") return accepted.secret === presented.secret;
  return undefined;
};

/**
 * Whether `presented` gets a token from a client that accepts `accepts`; `before` is what
 * it accepted before the apply (for a configuration the state does not hold).
 */
export function verdict(presented: Credential, accepts: Acceptance, before: Acceptance): Verdict {
  if (presented.kind === "none") return { refused: presented.why };
  if (presented.kind === "unknown") return { unreadable: presented.why };
  if (accepts.unreadable !== undefined) return { unreadable: `the client's credentials cannot be read: ${accepts.unreadable}` };
  if (presented.kind === "as-before") {
    if (before.unreadable !== undefined) return { unreadable: `the client's credentials before the apply cannot be read: ${before.unreadable}` };
    if (accepts.method !== before.method)
      return { refused: `the scripts Auth0 runs now authenticate with ${before.method}, which the client no longer accepts` };
    if (SECRET_METHODS.has(accepts.method ?? "")) {
      const same = sameSecret(before.secret, accepts.secret);
      return same === true
        ? undefined
        : same === false
          ? { refused: "the client's secret changes under the scripts Auth0 runs now" }
          : { unreadable: "the client's secret is known only after apply" };
    }
    const dropped = before.keys.filter((key) => !accepts.keys.includes(key));
    return dropped.length === 0
      ? undefined
      : { refused: "a key the scripts Auth0 runs now may sign with is unregistered (the state does not show which one they use)" };
  }
  if (presented.kind === "key") {
    if (accepts.method !== "private_key_jwt") return { refused: `they sign a client assertion, and the client accepts only ${accepts.method}` };
    return accepts.keys.includes(presented.publicKey) ? undefined : { refused: "they sign with a key the client does not have registered" };
  }
  if (!SECRET_METHODS.has(accepts.method ?? "")) return { refused: `they send the client secret, and the client accepts only ${accepts.method}` };
  if (accepts.method !== "client_secret_post") return { refused: `they send the secret in the request body, and the client accepts only ${accepts.method}` };
  const same = sameSecret(presented, accepts.secret);
  return same === true
    ? undefined
    : same === false
      ? { refused: "they send a secret the client no longer holds" }
      : { unreadable: "the secret they send is known only after apply" };
}

/** The scripts' connection and the credentials of the client it names. */
export interface ScriptsCredentials {
  readonly connection: ResourceChange;
  readonly credentials: ResourceChange;
}

const clientIdOf = (values: Values | undefined): unknown => asValues(blockOf(values, "options")?.configuration)?.CLIENT_ID;

/**
 * Each connection whose scripts authenticate as a client (CLIENT_ID in its configuration)
 * with that client's credentials: matched by client ID where the plan knows it, by the
 * configuration's references where it is known only after apply.
 */
export function scriptsCredentials(plan: TerraformPlan, changes: readonly ResourceChange[]): ScriptsCredentials[] {
  // Credentials destroyed or replaced go with their client, which the outage hazards refuse on their own.
  const credentials = changes.filter((change) => change.type === "auth0_client_credentials" && !change.change.actions.includes("delete"));
  return changes
    .filter((change) => change.type === "auth0_connection" && change.change.before !== null && !change.change.actions.includes("delete"))
    .flatMap((connection) => {
      const ids = [clientIdOf(asValues(connection.change.before)), clientIdOf(asValues(connection.change.after))];
      if (ids.every((id) => id === undefined)) return [];
      const byValue = credentials.find(
        (candidate) => ids.includes(asValues(candidate.change.after)?.client_id) || ids.includes(asValues(candidate.change.before)?.client_id),
      );
      const references = referencesOf(plan, connection.address);
      const byReference = credentials.find((candidate) => references.has(candidate.address) || references.has(`${candidate.address}.client_secret`));
      const found = byValue ?? byReference;
      return found === undefined ? [] : [{ connection, credentials: found }];
    });
}

const isChange = (change: ResourceChange) => change.change.actions.some((action) => action !== "no-op" && action !== "read");

/** The moments of the apply at which the scripts must still get tokens. */
export function momentsOf(plan: TerraformPlan, pair: ScriptsCredentials): Moment[] {
  const { connection, credentials } = pair;
  const accepted = { before: acceptanceOf(credentials, "before"), after: acceptanceOf(credentials, "after") };
  const presented = {
    old: presentedBy(connection, "before", plan, credentials.address),
    next: presentedBy(connection, "after", plan, credentials.address),
  };
  const both = [
    { which: "old" as const, credential: presented.old },
    { which: "new" as const, credential: presented.next },
  ];
  const connectionChanges = isChange(connection);
  const credentialsChange = isChange(credentials) && credentials.change.before !== null;
  const rollout = "during and after the apply, while the new connection configuration reaches the warm containers one by one";
  if (!credentialsChange) return connectionChanges ? [{ label: rollout, accepts: accepted.after, presents: both }] : [];
  if (!connectionChanges)
    return [{ label: "once the client's credentials change", accepts: accepted.after, presents: [{ which: "old", credential: presented.old }] }];
  const credentialsFirst = appliedAfter(plan, connection.address, credentials.address);
  const connectionFirst = appliedAfter(plan, credentials.address, connection.address);
  const moments: Moment[] = [];
  if (!connectionFirst) {
    moments.push({
      label: `between the two updates: the client's credentials changed, the connection configuration not yet${credentialsFirst ? "" : " (Terraform may apply them in this order)"}`,
      accepts: accepted.after,
      presents: [{ which: "old", credential: presented.old }],
    });
  }
  if (!credentialsFirst) {
    moments.push({
      label: `between the two updates: the connection configuration changed, the client's credentials not yet${connectionFirst ? "" : " (Terraform may apply them in this order)"}`,
      accepts: accepted.before,
      presents: both,
    });
  }
  moments.push({ label: rollout, accepts: accepted.after, presents: both });
  return moments;
}

/** A moment at which a credential the scripts present gets no token. */
export interface Lockout {
  readonly moment: string;
  readonly which: "old" | "new";
  readonly verdict: NonNullable<Verdict>;
  /** The new configuration gets no token once the apply is done: logins fail until another apply. */
  readonly forGood: boolean;
}

/**
 * Every moment at which a presented credential that worked before the apply (or the new
 * one) gets no token, the lasting ones first. A credential that already failed before the
 * apply is not this plan's doing.
 */
export function lockouts(plan: TerraformPlan, pair: ScriptsCredentials): Lockout[] {
  const before = acceptanceOf(pair.credentials, "before");
  const workedBefore = verdict(presentedBy(pair.connection, "before", plan, pair.credentials.address), before, before) === undefined;
  const moments = momentsOf(plan, pair);
  const found = moments.flatMap((moment, index) =>
    moment.presents.flatMap(({ which, credential }) => {
      if (which === "old" && !workedBefore) return [];
      const result = verdict(credential, moment.accepts, before);
      return result === undefined ? [] : [{ moment: moment.label, which, verdict: result, forGood: which === "new" && index === moments.length - 1 }];
    }),
  );
  return [...found.filter((lockout) => lockout.forGood), ...found.filter((lockout) => !lockout.forGood)];
}

/** The signing key's public half from the plan's recorded variables, when `terraform show -json` recorded it. */
export function signingKeyVariable(plan: TerraformPlan): { readonly publicKey?: string; readonly recorded: boolean } {
  const entry = asValues(asValues(plan.variables)?.[SIGNING_KEY_VARIABLE]);
  if (entry === undefined || typeof entry.value !== "string") return { recorded: false };
  return { recorded: true, publicKey: publicHalfOf(entry.value) };
}
