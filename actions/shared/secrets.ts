/**
 * Reads an Action's secrets. Any secret that is missing, empty or malformed yields
 * `undefined`, and every caller treats that as "deny": a guard that cannot tell who is
 * approved must not let anyone through.
 */

export const SECRET_NAMES = {
  facadeAudience: "FACADE_AUDIENCE",
  approvedClientIds: "APPROVED_CLIENT_IDS",
} as const;

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

/**
 * The shape of a tenant's Management API audience, `https://<tenant host>/api/v2/`. A
 * facade audience may never have it (the stage file refuses one), so a guard that lets
 * it through while broken keeps the facade closed and Terraform able to log in.
 */
const MANAGEMENT_API = /^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\/api\/v2\/$/;

export function isManagementApiAudience(audience: unknown): boolean {
  return typeof audience === "string" && MANAGEMENT_API.test(audience);
}
