/**
 * Every limit that more than one part enforces, in one place: the stage schema refuses a
 * stage file outside them, the constructs refuse props outside them, bundling and the
 * review refuse code over them. Limits the scripts also check at run time live with
 * the scripts (they import nothing from lib/) and are re-exported here.
 */
export { MAX_PINS } from "../contract/fingerprints";
export { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from "../contract/connection-configuration";

/** Auth0 rejects script and Action code larger than this. */
export const AUTH0_CODE_LIMIT_BYTES = 100 * 1024;

/**
 * Facade access-token lifetime, in seconds. Short, because a leaked token opens the
 * legacy store until it expires; at least a minute, so a script's token outlives its run.
 */
export const TOKEN_LIFETIME_SECONDS = { min: 60, max: 3600, default: 600 } as const;

/** Auth0 accepts at most this many secrets on one Action. */
export const MAX_ACTION_SECRETS = 30;

/** The shapes of Auth0 IDs a stage file names: the stage schema and the constructs refuse anything else. */
export const AUTH0_ID_PATTERNS = {
  client: /^[A-Za-z0-9]{32}$/,
  connection: /^con_[A-Za-z0-9]{8,64}$/,
  clientGrant: /^cgr_[A-Za-z0-9]{8,64}$/,
  resourceServer: /^[A-Za-z0-9]{8,64}$/,
  action: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
} as const;

/** Smallest RSA key private_key_jwt accepts (RS256). */
export const MIN_RSA_BITS = 2048;
