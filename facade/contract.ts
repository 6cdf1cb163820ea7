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

export interface FacadeOperation {
  readonly method: "POST";
  readonly path: string;
  /** The access-token scope the facade requires for this operation. */
  readonly scope: string;
  /** The script that calls it (one operation per script). */
  readonly script: ScriptName;
  /** Statuses the facade answers with, besides the common ones. */
  readonly statuses: Readonly<Record<number, string>>;
}

export const FACADE_OPERATIONS = {
  authenticate: {
    method: "POST",
    path: "/users/authenticate",
    scope: "users:authenticate",
    script: "login",
    statuses: {
      200: "credentials valid; body is the user profile",
      422: "invalid_credentials: unknown email or wrong password (never says which)",
    },
  },
  lookup: {
    method: "POST",
    path: "/users/lookup",
    scope: "users:read",
    script: "get_user",
    statuses: { 200: "found; body is the user profile", 404: "user_not_found" },
  },
  create: {
    method: "POST",
    path: "/users",
    scope: "users:create",
    script: "create",
    statuses: { 201: "created; body is the user profile", 409: "user_exists" },
  },
  verifyEmail: {
    method: "POST",
    path: "/users/verify-email",
    scope: "users:verify_email",
    script: "verify",
    statuses: { 204: "email marked verified", 404: "user_not_found" },
  },
  changePassword: {
    method: "POST",
    path: "/users/change-password",
    scope: "users:change_password",
    script: "change_password",
    statuses: { 204: "password changed", 404: "user_not_found" },
  },
  remove: {
    method: "POST",
    path: "/users/delete",
    scope: "users:delete",
    script: "delete",
    statuses: { 204: "deleted, or already absent" },
  },
} as const satisfies Record<string, FacadeOperation>;

export type FacadeOperationName = keyof typeof FACADE_OPERATIONS;

/** Statuses every operation may answer with. */
export const COMMON_STATUSES: Readonly<Record<number, string>> = {
  400: "invalid_request: the body does not match the operation's request shape",
  401: "invalid_token: missing, expired, or wrong issuer/audience/client; the script fetches a new token and retries once",
  403: "insufficient_scope: the token lacks the operation's scope; client_not_approved: the token's client (azp) is not approved",
  500: "the facade or the legacy store failed; the script reports an outage",
};

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

/** Request bodies, by operation. Passwords appear only here and only over TLS. */
export interface FacadeRequests {
  authenticate: { email: string; password: string };
  lookup: { email: string };
  create: { email: string; password: string; username?: string; user_metadata?: Record<string, unknown> };
  verifyEmail: { email: string };
  changePassword: { email: string; new_password: string };
  remove: { user_id: string };
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
