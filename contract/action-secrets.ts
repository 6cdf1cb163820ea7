/*
 * The guard Actions' secrets: their names, which the stack sets and the Actions read, and
 * the one audience a broken guard still lets through. Imported by the Actions (built-ins
 * only) and by lib/.
 */

/** The secrets each guard reads. */
export const SECRET_NAMES = {
  facadeAudience: "FACADE_AUDIENCE",
  approvedClientIds: "APPROVED_CLIENT_IDS",
} as const;

/**
 * The shape of a tenant's Management API audience, `https://<tenant host>/api/v2/`. A
 * facade audience may never have it (the stage file refuses one), so a guard that lets
 * it through while broken keeps the facade closed and Terraform able to log in.
 */
const MANAGEMENT_API = /^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\/api\/v2\/$/;

export function isManagementApiAudience(audience: unknown): boolean {
  return typeof audience === "string" && MANAGEMENT_API.test(audience);
}
