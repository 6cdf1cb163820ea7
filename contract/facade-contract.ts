/**
 * The facade's HTTP contract: the only description of the API the custom database
 * scripts call. Scripts, the resource-server scopes, the client grant, the reference
 * facade and the tests all read it from here, so an operation cannot drift.
 *
 * Every operation is a POST with a JSON body: emails and user ids stay out of URLs,
 * and therefore out of proxy and access logs.
 *
 * This module is bundled into the scripts that run inside Auth0: plain data only.
 */

/** The custom database scripts Auth0 can call, by the names Auth0 uses. */
export const SCRIPT_NAMES = ["login", "get_user", "create", "verify", "change_password", "delete"] as const;
export type ScriptName = (typeof SCRIPT_NAMES)[number];

/** The scripts Auth0 calls for a connection in import (lazy migration) mode. */
export const IMPORT_MODE_SCRIPTS: readonly ScriptName[] = ["login", "get_user"];

/**
 * One answer of an operation. An error answer counts only with its `error` code in the
 * body: a 404 or 422 without it (a proxy's page, a misrouted request) is an outage, never
 * "no such user" or "wrong password".
 */
export type FacadeAnswer = { readonly body: "profile" | "none" } | { readonly error: FacadeErrorCode };

export interface FacadeOperation {
  /** Its key in FACADE_OPERATIONS. */
  readonly name: string;
  readonly method: "POST";
  readonly path: string;
  /** The access-token scope the facade requires for this operation. */
  readonly scope: string;
  /** The script that calls it (one operation per script). */
  readonly script: ScriptName;
  /**
   * Whether sending the request twice has the effect of sending it once. Requests that
   * carry a password are not: the legacy store would count two password attempts, or
   * write twice. Only a repeatable request is re-sent after a reused connection failed.
   */
  readonly repeatable: boolean;
  /** The answers the operation defines, by status, besides the common ones. */
  readonly answers: Readonly<Record<number, FacadeAnswer>>;
}

/** Error codes in `{ "error": code }` bodies. */
export const FACADE_ERRORS = {
  invalidRequest: "invalid_request",
  invalidToken: "invalid_token",
  insufficientScope: "insufficient_scope",
  clientNotApproved: "client_not_approved",
  invalidCredentials: "invalid_credentials",
  userNotFound: "user_not_found",
  userExists: "user_exists",
} as const;

type FacadeErrorCode = (typeof FACADE_ERRORS)[keyof typeof FACADE_ERRORS];

/*
 * One constant per operation, so that each script bundles only the operation it calls:
 * the text Auth0 runs carries no table it does not use.
 */

export const AUTHENTICATE = {
  name: "authenticate",
  method: "POST",
  path: "/users/authenticate",
  scope: "users:authenticate",
  script: "login",
  repeatable: false,
  // 422: unknown email or wrong password; `user_exists` tells Auth0's logs which (see InvalidCredentials).
  answers: { 200: { body: "profile" }, 422: { error: "invalid_credentials" } },
} as const satisfies FacadeOperation;

export const LOOKUP = {
  name: "lookup",
  method: "POST",
  path: "/users/lookup",
  scope: "users:read",
  script: "get_user",
  repeatable: true,
  answers: { 200: { body: "profile" }, 404: { error: "user_not_found" } },
} as const satisfies FacadeOperation;

export const CREATE = {
  name: "create",
  method: "POST",
  path: "/users",
  scope: "users:create",
  script: "create",
  repeatable: false,
  answers: { 201: { body: "profile" }, 409: { error: "user_exists" } },
} as const satisfies FacadeOperation;

export const VERIFY_EMAIL = {
  name: "verifyEmail",
  method: "POST",
  path: "/users/verify-email",
  scope: "users:verify_email",
  script: "verify",
  repeatable: true,
  answers: { 204: { body: "none" }, 404: { error: "user_not_found" } },
} as const satisfies FacadeOperation;

export const CHANGE_PASSWORD = {
  name: "changePassword",
  method: "POST",
  path: "/users/change-password",
  scope: "users:change_password",
  script: "change_password",
  repeatable: false,
  answers: { 204: { body: "none" }, 404: { error: "user_not_found" } },
} as const satisfies FacadeOperation;

export const REMOVE = {
  name: "remove",
  method: "POST",
  path: "/users/delete",
  scope: "users:delete",
  script: "delete",
  repeatable: true,
  // Also when the user is already absent: deleting twice is deleting once.
  answers: { 204: { body: "none" } },
} as const satisfies FacadeOperation;

/** Every operation, by name. */
export const FACADE_OPERATIONS = {
  authenticate: AUTHENTICATE,
  lookup: LOOKUP,
  create: CREATE,
  verifyEmail: VERIFY_EMAIL,
  changePassword: CHANGE_PASSWORD,
  remove: REMOVE,
} as const;

export type FacadeOperationName = keyof typeof FACADE_OPERATIONS;

/**
 * The body of `422 invalid_credentials`. `user_exists` is for Auth0's logs only: with
 * `true` the script names the user, so Auth0 logs a wrong password for a known user
 * (`fp`); otherwise an unknown user (`fu`). End users see the same message either way,
 * so the answer reveals nothing to them. A facade that leaves it out gets `fu` logs.
 */
export interface InvalidCredentials {
  error: "invalid_credentials";
  user_exists?: boolean;
}

/**
 * The profile the facade returns; Auth0 stores it as the user's normalized profile.
 * `user_id` must be stable forever for the same user and carry no connection prefix.
 */
export interface FacadeUserProfile {
  user_id: string;
  email: string;
  email_verified: boolean;
  username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  nickname?: string;
  picture?: string;
  user_metadata?: Record<string, unknown>;
  app_metadata?: Record<string, unknown>;
}

/** The operation each script calls. */
export function operationForScript(script: ScriptName): FacadeOperationName {
  const entry = Object.entries(FACADE_OPERATIONS).find(([, operation]) => operation.script === script);
  if (!entry) throw new Error(`no facade operation for script ${script}`);
  return entry[0] as FacadeOperationName;
}

/** The scopes the given scripts need, sorted and without duplicates. */
export function scopesForScripts(scripts: readonly ScriptName[]): string[] {
  const scopes = scripts.map((script) => FACADE_OPERATIONS[operationForScript(script)].scope);
  return [...new Set(scopes)].sort();
}
