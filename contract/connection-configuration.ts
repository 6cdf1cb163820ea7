/*
 * The custom database connection's `configuration`: the keys the stack writes and the
 * scripts read, and the limits of the scripts' time budget. Imported by the scripts (built-ins
 * only) and by lib/.
 */

/**
 * The keys of the connection's `configuration` the scripts read. The stack writes
 * exactly these keys (by Terraform reference), so both sides import them from here.
 */
export const CONFIGURATION_KEY_NAMES = [
  "TOKEN_URL",
  "CLIENT_ID",
  "CLIENT_SECRET",
  "CLIENT_ASSERTION_KEY",
  "FACADE_URL",
  "FACADE_AUDIENCE",
  "FACADE_CERT_SHA256",
  "FACADE_TIMEOUT_MS",
] as const;
export type ConfigurationKey = (typeof CONFIGURATION_KEY_NAMES)[number];

/**
 * The same keys by role, for the stack and the review. The scripts name keys directly,
 * so this table is not bundled: no text Auth0 runs holds a property like `clientSecret`
 * with a literal value, which scanners of tenant code read as a hard-coded secret.
 */
export const CONFIGURATION_KEYS = {
  tokenUrl: "TOKEN_URL",
  clientId: "CLIENT_ID",
  clientSecret: "CLIENT_SECRET",
  clientAssertionKey: "CLIENT_ASSERTION_KEY",
  facadeUrl: "FACADE_URL",
  facadeAudience: "FACADE_AUDIENCE",
  facadeCertSha256: "FACADE_CERT_SHA256",
  facadeTimeoutMs: "FACADE_TIMEOUT_MS",
} as const satisfies Record<string, ConfigurationKey>;

/**
 * Every facade call of one script run (token fetch, request, one retry) shares this
 * budget, so a run always ends well inside the ~20 s after which Auth0 abandons it.
 */
export const DEFAULT_TIMEOUT_MS = 5000;
export const MIN_TIMEOUT_MS = 500;
export const MAX_TIMEOUT_MS = 10000;
