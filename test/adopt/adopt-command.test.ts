import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adoptCommand } from "../../lib/cli/adopt-command";
import { planCheckCommand } from "../../lib/cli/plan-check-command";
import { loadStages } from "../../lib/config/load-stages";
import { deployCliExport } from "../support/deploy-cli-export";
import { EXISTING, adoptArguments, configBeforeAdoption, existingTenant } from "../support/existing-tenant";
import { adoptionPlan } from "../support/adoption-plans";
import { runCaptured } from "../support/captured-command";

const run = (command: Parameters<typeof runCaptured>[0], ...args: string[]) => runCaptured(command, args);

const adopt = (exported: string, config: string, ...more: string[]) => run(adoptCommand, ...adoptArguments(exported, config, ...more));
const baseConfig = configBeforeAdoption;

describe("npm run adopt: a stage file from an auth0-deploy-cli export", () => {
  it("writes the connection, its applications, the approved clients and the adoption IDs from a directory export, and says what it cannot carry over", async () => {
    const exported = await deployCliExport(existingTenant(), { format: "directory", exportIds: true });
    const config = baseConfig();
    const { code, out, err } = adopt(exported, config, "--write");
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const written = JSON.parse(readFileSync(join(config, "dev.json"), "utf8"));
    expect(written.connection).toEqual({
      name: "legacy-users",
      displayName: "Acme account",
      importMode: true,
      scripts: ["login", "get_user"],
      enabledClients: [EXISTING.storefront.clientId],
    });
    expect(written.approvedClients).toEqual([
      { clientId: EXISTING.support.clientId, description: "Support console: holds a facade grant in the tenant (adopted)", scopes: ["users:read"] },
    ]);
    expect(written.adopt).toEqual({
      connectionId: EXISTING.connectionId,
      resourceServerId: EXISTING.resourceServerId,
      scriptsClient: { clientId: EXISTING.scriptsClient.clientId, grantId: EXISTING.scriptsGrantId },
      approvedClientGrants: { [EXISTING.support.clientId]: EXISTING.supportGrantId },
      exchangeGuardActionId: EXISTING.exchangeGuardId,
    });
    const notes = out.filter((line) => line.startsWith("  - "));
    expect(notes).toContainEqual(
      "  - script change_email is not carried over: the project has no change_email script; the first apply removes it from the connection",
    );
    expect(notes).toContainEqual(
      expect.stringMatching(
        /^ {2}- script login \(\d+ bytes, sha256 [0-9a-f]{12}\) is replaced by the bundled one at the first apply; it uses deploy-cli keyword placeholders/,
      ),
    );
    expect(notes).toContainEqual(expect.stringContaining('fails the first apply with "Unmanaged Configuration Secret"'));
    expect(loadStages(config)).toHaveLength(1);
  });

  it("reads the YAML format to the same stage file", async () => {
    const fromDirectory = baseConfig();
    const fromYaml = baseConfig();
    adopt(await deployCliExport(existingTenant(), { format: "directory", exportIds: true }), fromDirectory, "--write");
    const { code } = adopt(await deployCliExport(existingTenant(), { format: "yaml", exportIds: true }), fromYaml, "--write");
    expect(code).toBe(0);
    expect(readFileSync(join(fromYaml, "dev.json"), "utf8")).toBe(readFileSync(join(fromDirectory, "dev.json"), "utf8"));
  });

  it("refuses an export made without --export_ids, naming each ID it lacks and the file, and writes nothing", async () => {
    const exported = await deployCliExport(existingTenant(), { format: "directory", exportIds: false });
    const config = baseConfig();
    const before = readFileSync(join(config, "dev.json"), "utf8");
    const { code, out, err } = adopt(exported, config, "--write");
    expect(err).toEqual([]);
    expect(code).toBe(1);
    expect(out).toContainEqual(
      `  - the connection has no ID in the export (${exported}/database-connections/legacy-users/database.json), and adoption imports it by its ID: run a0deploy export with --export_ids true (AUTH0_EXPORT_IDENTIFIERS)`,
    );
    expect(out).toContainEqual(expect.stringMatching(/^ {2}- the API https:\/\/legacy-facade.dev.acme.example\/ exists but the export has no ID for it/));
    expect(out.at(-1)).toBe(`adopt: 6 blocking problem(s); ${config}/dev.json is left as it was`);
    expect(readFileSync(join(config, "dev.json"), "utf8")).toBe(before);
  });

  it("shows the changes without --write, and names a connection the export does not hold", async () => {
    const exported = await deployCliExport(existingTenant(), { format: "yaml", exportIds: true });
    const config = baseConfig();
    const dry = adopt(exported, config);
    expect(dry.code).toBe(0);
    expect(dry.out).toContainEqual('  adopt.connectionId: (not set) -> "con_Lg4cY8uSeRs0Db1x"');
    const missing = run(adoptCommand, exported, "--stage", "dev", "--connection", "other-db", "--config", config);
    expect(missing.code).toBe(2);
    expect(missing.err.join("\n")).toContain('databases: a database connection named "other-db", found ["legacy-users"]');
  });

  it("adopts so that the first plan imports what exists and creates only what the tenant lacks (the post-login guard), destroying nothing", async () => {
    const config = baseConfig();
    adopt(await deployCliExport(existingTenant(), { format: "directory", exportIds: true }), config, "--write");
    const { planFile, plan } = adoptionPlan(config);
    const created = plan.resource_changes.filter((change) => change.change.actions.includes("create")).map((change) => change.address);
    expect(created.sort()).toEqual(["auth0_action.LoginGuard_Action_1DEF15BE", "auth0_trigger_action.LoginGuard_Binding_E3CC0BF3"]);
    expect(plan.resource_changes.filter((change) => change.change.actions.includes("delete"))).toEqual([]);
    const check = run(planCheckCommand, planFile, "--adoption", "--config", config);
    expect(check.code).toBe(0);
    expect(check.out.at(-1)).toMatch(/^plan-check: adopts 10 existing object\(s\) and destroys or replaces nothing/);
  });
});
