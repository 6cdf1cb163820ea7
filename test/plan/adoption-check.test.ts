import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planCheckCommand } from "../../lib/cli/plan-check-command";
import { loadStages } from "../../lib/config/load-stages";
import { checkAdoption } from "../../lib/plan/adoption-check";
import { parsePlan } from "../../lib/plan/terraform-plan";
import type { SynthesizedStack } from "../../lib/synthesized/synthesized-stack";
import { configFolder, exampleStage } from "../support/stage-files";
import { synthesizeExamples } from "../support/synthesized-examples";
import { type StateResource, TerraformPlanError, appliedState, planJson } from "../support/terraform-plans";
import { runCaptured } from "../support/captured-command";

const CONNECTION = "auth0_connection.CustomDatabase_Connection_F257C256";
const API = "auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31";
const SCRIPTS_CLIENT = "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp";

/** Everything the dev fixture declares, adopted: what an existing tenant made in the Dashboard holds. */
function adoptingStage(edit: (stage: Record<string, any>) => void = () => undefined): Record<string, any> {
  const stage = exampleStage("dev");
  stage.adopt = {
    connectionId: "con_Ab12Cd34Ef56Gh78",
    resourceServerId: "64f1a2b3c4d5e6f7a8b9c0d1",
    scriptsClient: { clientId: SCRIPTS_CLIENT, grantId: "cgr_Ab12Cd34Ef56Gh78" },
    approvedClientGrants: { [stage.approvedClients[0].clientId]: "cgr_Zz12Yy34Xx56Ww78" },
    exchangeGuardActionId: "12f4f21b-017a-319d-92e7-2291c1ca36c4",
    loginGuardActionId: "28b5c8fa-d371-5734-acf6-d0cf80ead918",
  };
  edit(stage);
  return stage;
}

function synthesized(stage: Record<string, any>): { stack: SynthesizedStack; config: string; stackDir: string } {
  const config = configFolder({ "dev.json": stage });
  const examples = synthesizeExamples(loadStages(config));
  return { stack: examples.stacks.dev, config, stackDir: join(examples.outdir, "stacks", "dev") };
}

/**
 * The tenant before the adoption: the objects the stage declares, as the provider reads
 * them back, made by hand earlier, so they differ from the stack where `edit` says.
 */
function tenantOf(stage: Record<string, any>, edit: (objects: Map<string, Record<string, any>>) => void = () => undefined) {
  const { adopt: _none, ...withoutAdopt } = structuredClone(stage);
  const objects = new Map<string, Record<string, any>>(
    [...appliedState(synthesized(withoutAdopt).stack).values()].map((resource: StateResource) => [
      resource.address,
      structuredClone(resource.values) as Record<string, any>,
    ]),
  );
  // Configuration values are sensitive and never read back: the provider's Read leaves them out.
  objects.get(CONNECTION)!.options[0].configuration = null;
  objects.get(CONNECTION)!.options[0].custom_scripts = {
    login: "function login(email, password, callback) { /* legacy */ }",
    get_user: "function getByEmail(email, callback) {}",
  };
  edit(objects);
  return (address: string) => objects.get(address);
}

const run = (...args: string[]) => runCaptured(planCheckCommand, args);

describe("adopting what the tenant already has", () => {
  it("synthesizes one import block per adopted object, with the provider's import ID for each", () => {
    const { stack } = synthesized(adoptingStage());
    const blocks = (stack.document as { import?: { to: string; id: string }[] }).import ?? [];
    const byType = Object.fromEntries(
      blocks.map((block) => [block.to.split(".")[0] + (block.to.includes("Binding") ? `:${block.id.split("::")[0]}` : ""), block.id]),
    );
    expect(byType).toMatchObject({
      auth0_connection: "con_Ab12Cd34Ef56Gh78",
      auth0_connection_clients: "con_Ab12Cd34Ef56Gh78",
      auth0_resource_server: "64f1a2b3c4d5e6f7a8b9c0d1",
      auth0_resource_server_scopes: "https://legacy-facade.dev.acme.example/",
      auth0_client: SCRIPTS_CLIENT,
      auth0_client_credentials: SCRIPTS_CLIENT,
      "auth0_trigger_action:credentials-exchange": "credentials-exchange::12f4f21b-017a-319d-92e7-2291c1ca36c4",
      "auth0_trigger_action:post-login": "post-login::28b5c8fa-d371-5734-acf6-d0cf80ead918",
    });
    expect(blocks).toHaveLength(12);
  });

  it("passes a first plan that imports everything in place, and lists what the apply changes on each adopted object", () => {
    const stage = adoptingStage();
    const { stack, config, stackDir } = synthesized(stage);
    const planFile = join(stackDir, "plan.json");
    writeFileSync(planFile, JSON.stringify(planJson(undefined, stack, { tenant: tenantOf(stage) })));
    const { code, out, err } = run(planFile, "--adoption", "--config", config);
    expect(err).toEqual([]);
    expect(out.at(-1)).toBe("plan-check: adopts 12 existing object(s) and destroys or replaces nothing; sign off the changes listed above before applying");
    expect(code).toBe(0);
    const connection = out.findIndex((line) =>
      line.startsWith(`ADOPTS  ${CONNECTION} (dev/CustomDatabase/Connection) = "con_Ab12Cd34Ef56Gh78": imported, then changed in place`),
    );
    expect(connection).toBeGreaterThan(0);
    const listed = out.slice(connection + 1, out.indexOf("", connection + 1));
    expect(listed).toEqual([
      "  options[0].configuration: (sensitive) -> (sensitive, changes)",
      expect.stringMatching(/^ {2}options\[0\]\.custom_scripts\.get_user: "function getByEmail\(email, callback\) \{\}" -> \d+ bytes, sha256 [0-9a-f]{12}$/),
      expect.stringMatching(
        /^ {2}options\[0\]\.custom_scripts\.login: "function login\(email, password, callback\) \{ \/\* legacy \*\/ \}" -> \d+ bytes, sha256 [0-9a-f]{12}$/,
      ),
    ]);
    expect(out).toContainEqual(
      expect.stringMatching(/^ADOPTS {2}auth0_client_credentials\.\S+ \(dev\/FacadeClient\/Credentials\) = "Zz9Y\w+": imported unchanged$/),
    );
    // The client secret Auth0 holds is read back, never printed.
    expect(out.join("\n")).not.toMatch(/client_secret: "/);
  });

  it("refuses a first plan that replaces an adopted object: the existing API has another identifier", () => {
    const stage = adoptingStage();
    const { stack, config, stackDir } = synthesized(stage);
    const tenant = tenantOf(stage, (objects) => {
      objects.get(API)!.identifier = "https://legacy-api.acme.example/";
    });
    const planFile = join(stackDir, "plan.json");
    writeFileSync(planFile, JSON.stringify(planJson(undefined, stack, { tenant })));
    const { code, out } = run(planFile, "--adoption", "--config", config);
    expect(code).toBe(1);
    expect(out).toContainEqual(`REFUSED ${API} (dev/ProtectedApi/ResourceServer): outage`);
    expect(out.at(-1)).toMatch(/^plan-check: do not apply this plan/);
  });

  it("never gets as far as a plan that would destroy an adopted connection of another name: prevent_destroy stops Terraform", () => {
    const stage = adoptingStage();
    const { stack } = synthesized(stage);
    const tenant = tenantOf(stage, (objects) => {
      objects.get(CONNECTION)!.name = "legacy-db";
    });
    expect(() => planJson(undefined, stack, { tenant })).toThrow(TerraformPlanError);
  });

  it("refuses a plan that creates a new connection where the stage file adopts one (planned from a stack without the import blocks)", () => {
    const stage = adoptingStage();
    const { config, stackDir } = synthesized(stage);
    const { adopt: _none, ...withoutAdopt } = structuredClone(stage);
    const planFile = join(stackDir, "plan.json");
    writeFileSync(planFile, JSON.stringify(planJson(undefined, synthesized(withoutAdopt).stack)));
    const { code, out } = run(planFile, "--adoption", "--config", config);
    expect(code).toBe(1);
    expect(out).toContainEqual(`REFUSED ${CONNECTION} (dev/CustomDatabase/Connection): deletes users`);
    expect(out).toContainEqual('  plan:    create without importing "con_Ab12Cd34Ef56Gh78"');
  });

  it("cannot judge --adoption without the stack folder, and says which file it looked for", () => {
    const folder = mkdtempSync(join(tmpdir(), "plan-check-adoption-"));
    const planFile = join(folder, "plan.json");
    writeFileSync(planFile, JSON.stringify(planJson(undefined, synthesized(adoptingStage()).stack, { tenant: tenantOf(adoptingStage()) })));
    const { code, out, err } = run(planFile, "--adoption", "--stage", "dev");
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([
      `${join(folder, "cdk.tf.json")}: expected a synthesized stack (cdk.tf.json); it cannot be read (ENOENT; run npm run synth, or point --chdir at cdktf.out/stacks/<stage>)`,
    ]);
  });

  it("refuses --adoption for a stack that adopts nothing, instead of passing it", () => {
    const { stack, config, stackDir } = synthesized(exampleStage("dev"));
    const planFile = join(stackDir, "plan.json");
    writeFileSync(planFile, JSON.stringify(planJson(undefined, stack)));
    const { code, out } = run(planFile, "--adoption", "--config", config);
    expect(code).toBe(1);
    expect(out).toContainEqual("REFUSED (the whole stack): unreadable");
  });

  it("reads the import of a real Terraform 1.11 plan, and never prints a sensitive value nested in what it adds", () => {
    const fixtures = join(__dirname, "fixtures");
    const plan = parsePlan("plan.json", readFileSync(join(fixtures, "terraform-1.11.4-import-plan.json")));
    const { hazards, adopted } = checkAdoption(plan, [{ address: "terraform_data.conn", id: "con_Ab12Cd34Ef56Gh78" }]);
    expect(hazards).toEqual([]);
    expect(adopted).toEqual([
      {
        address: "terraform_data.conn",
        id: "con_Ab12Cd34Ef56Gh78",
        action: "update",
        changes: [
          { path: "input.configuration.CLIENT_SECRET", from: "(sensitive)", to: "(sensitive, changes)" },
          { path: "input.name", from: "(unset)", to: '"legacy-users"' },
          { path: "output", from: "null", to: "(known after apply)" },
        ],
      },
    ]);
    expect(JSON.stringify(adopted)).not.toContain("s3cr3t");
  });
});
