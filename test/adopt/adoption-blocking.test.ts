import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adoptCommand } from "../../lib/cli/adopt-command";
import { planCheckCommand } from "../../lib/cli/plan-check-command";
import { adoptionPlan } from "../support/adoption-plans";
import { runCaptured } from "../support/captured-command";
import { type KeywordPreservation, type TenantAssets, deployCliExport } from "../support/deploy-cli-export";
import { EXISTING, adoptArguments, configBeforeAdoption, existingTenant } from "../support/existing-tenant";

/**
 * Tenants whose export the stage file cannot carry over whole: each is refused with exit 1,
 * every problem named with what to do, and the stage file left as it was. Exports are
 * written by deploy-cli 8.44.0's own code, in both formats, with IDs.
 */

async function adopt(tenant: TenantAssets, format: "directory" | "yaml", keywords?: KeywordPreservation) {
  const exported = await deployCliExport(tenant, { format, exportIds: true, keywords });
  const config = configBeforeAdoption();
  const before = readFileSync(join(config, "dev.json"), "utf8");
  const args = adoptArguments(exported, config, "--write");
  const result = runCaptured(adoptCommand, args);
  const after = readFileSync(join(config, "dev.json"), "utf8");
  return { ...result, config, blocking: result.out.filter((line) => line.startsWith("  - ")), written: after === before ? undefined : JSON.parse(after) };
}

const FORMATS = ["directory", "yaml"] as const;
const OTHER_SHOP = "Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8Oo9Pp0Aa";
const UNEXPORTED = "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp";

describe.each(FORMATS)("npm run adopt from a %s export", (format) => {
  it("carries over an enabled application the export names by its raw client ID (not among the exported applications)", async () => {
    const tenant = existingTenant();
    (tenant.databases[0].enabled_clients as string[]).push(UNEXPORTED);
    const { code, out, written } = await adopt(tenant, format);
    expect(code).toBe(0);
    expect(written.connection.enabledClients).toEqual([EXISTING.storefront.clientId, UNEXPORTED]);
    expect(out).toContainEqual(
      `  - the enabled application ${UNEXPORTED} is not among the exported applications (deploy-cli keeps its client ID): it stays enabled, by that ID`,
    );
    expect(out.join("\n")).not.toContain("--export_ids");
  });

  it("refuses keyword placeholders kept by keyword preservation in the API identifier and the grants", async () => {
    const local = {
      resourceServers: [{ name: "legacy-users facade", identifier: "##FACADE_AUDIENCE##" }],
      clientGrants: [
        { client_id: EXISTING.scriptsClient.name, audience: "##FACADE_AUDIENCE##", scope: ["users:authenticate", "users:read"] },
        { client_id: EXISTING.support.name, audience: "##FACADE_AUDIENCE##", scope: ["users:read"] },
      ],
    };
    const { code, blocking, written } = await adopt(existingTenant(), format, { mappings: { FACADE_AUDIENCE: EXISTING.audience }, local });
    expect(code).toBe(1);
    expect(written).toBeUndefined();
    expect(blocking[0]).toBe(
      `  - the API "legacy-users facade" has the identifier "##FACADE_AUDIENCE##", a keyword placeholder, so adoption cannot tell whether it is the facade API (${EXISTING.audience}): export again without keyword preservation (AUTH0_PRESERVE_KEYWORDS), so that the export holds the values Auth0 holds`,
    );
    expect(blocking.filter((line) => line.includes('for the audience "##FACADE_AUDIENCE##"'))).toHaveLength(2);
    expect(blocking.join("\n")).not.toContain("the stack creates it");
  });

  it("refuses scopes the stack would remove from the API and from the grants holding them", async () => {
    const tenant = existingTenant();
    (tenant.resourceServers[0].scopes as object[]).push({ value: "users:export", description: "bulk export" });
    (tenant.clientGrants[1].scope as string[]).push("users:export");
    const { code, blocking } = await adopt(tenant, format);
    expect(code).toBe(1);
    expect(blocking).toEqual([
      `  - the API ${EXISTING.audience} has scope(s) users:export, which the scripts do not use: the stack owns the API's scopes, so the first apply removes them and every grant holding them loses them; remove them in the Dashboard once nothing uses them, then export again`,
      '  - the facade grant of "Support console" holds users:export, which the scripts do not use and the stack does not grant: remove it from the grant in the Dashboard, then export again',
    ]);
  });

  it("refuses an application users log in to that holds a facade grant, and a guard Action it cannot adopt", async () => {
    const tenant = existingTenant();
    tenant.clientGrants.push({ id: "cgr_St0Re1Fr2On3T4x", client_id: EXISTING.storefront.clientId, audience: EXISTING.audience, scope: ["users:read"] });
    tenant.actions[0].supported_triggers = [{ id: "post-login", version: "v3" }];
    const { code, blocking } = await adopt(tenant, format);
    expect(code).toBe(1);
    expect(blocking).toEqual([
      '  - "Storefront" holds a facade grant and is enabled for the connection: an application users log in to must never hold facade tokens; delete its facade grant in the Dashboard (or disable it for the connection), then export again',
      "  - the Action legacy-users-facade-exchange-guard exists but cannot be adopted (it is not a credentials-exchange Action: rename or delete it in the Dashboard), and the first apply would fail creating one of the same name",
    ]);
  });
});

describe("two applications of one name, only one of them enabled for the connection", () => {
  const tenantWithTwoShops = () => {
    const tenant = existingTenant();
    tenant.clients.push({ client_id: OTHER_SHOP, name: EXISTING.storefront.name, app_type: "spa" });
    return tenant;
  };

  it("are refused from a YAML export, which shows both, instead of picking one", async () => {
    const { code, blocking, written } = await adopt(tenantWithTwoShops(), "yaml");
    expect(code).toBe(1);
    expect(written).toBeUndefined();
    expect(blocking).toEqual([
      `  - the enabled application "Storefront" names 2 applications (${[OTHER_SHOP, EXISTING.storefront.clientId].sort().join(", ")}), and adoption never guesses which: rename all but one in the Dashboard, then export again; without it the first apply disables it for the connection, and its users cannot log in`,
    ]);
  });

  it("are caught by plan-check --adoption from a directory export, where deploy-cli writes one file per name and the last one wins", async () => {
    const { code, written, config } = await adopt(tenantWithTwoShops(), "directory");
    // The export holds one "Storefront", the other one's: adopt cannot know.
    expect(code).toBe(0);
    expect(written.connection.enabledClients).toEqual([OTHER_SHOP]);
    // The import reads the applications the connection really enables.
    const { planFile } = adoptionPlan(config, {
      "auth0_connection_clients.CustomDatabase_EnabledClients_74775949": { enabled_clients: [EXISTING.storefront.clientId] },
    });
    const check = runCaptured(planCheckCommand, [planFile, "--adoption", "--config", config]);
    expect(check.code).toBe(1);
    expect(check.out).toContainEqual(`  plan:    update: enabled_clients loses "${EXISTING.storefront.clientId}"`);
  });
});
