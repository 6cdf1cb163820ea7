import { SECRET_NAMES } from "../../contract/action-secrets";

/**
 * Reads an Action's secrets. Any secret that is missing, empty or malformed yields
 * `undefined`, and every caller treats that as "deny": a guard that cannot tell who is
 * approved must not let anyone through.
 */

/** Auth0 client IDs are URL-safe tokens; anything else in the list is corruption. */
const CLIENT_ID = /^[A-Za-z0-9_-]{1,128}$/;

type Secrets = Readonly<Record<string, unknown>> | undefined;

export function facadeAudience(secrets: Secrets): string | undefined {
  const value = secrets?.[SECRET_NAMES.facadeAudience];
  if (typeof value !== "string") return undefined;
  const audience = value.trim();
  return audience === "" ? undefined : audience;
}

/** Parses a comma-separated list of client IDs; one bad entry rejects the whole list. */
export function parseClientIdList(value: unknown): ReadonlySet<string> | undefined {
  if (typeof value !== "string") return undefined;
  const entries = value.split(",").map((entry) => entry.trim());
  if (!entries.every((entry) => CLIENT_ID.test(entry))) return undefined;
  return new Set(entries);
}
