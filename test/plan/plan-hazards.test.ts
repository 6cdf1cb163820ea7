import { describe, expect, it } from "vitest";
import { loadStages } from "../../lib/config/load-stages";
import { checkPlan, planPasses } from "../../lib/plan/plan-check";
import type { PlanContext, PlanHazard } from "../../lib/plan/hazard";
import { parsePlan, type TerraformPlan } from "../../lib/plan/terraform-plan";
import { SynthesizedStack, type StackDocument } from "../../lib/synthesized/synthesized-stack";
import { configFolder, exampleStage } from "../support/stage-files";
import { synthesizeExamples } from "../support/synthesized-examples";
import { TerraformPlanError, appliedState, planJson, type PlanOptions, type TerraformState } from "../support/terraform-plans";

const CONNECTION = "auth0_connection.CustomDatabase_Connection_F257C256";
const API = "auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31";
const CONTEXT: PlanContext = { stackDir: "cdktf.out/stacks/dev", stageFile: "config/dev.json" };

type Stage = Record<string, any>;

/** The dev example's stack, after an edit of its stage file and of the synthesized JSON (an override). */
function devStack(edit: (stage: Stage) => void = () => undefined, override: (document: any) => void = () => undefined): SynthesizedStack {
  const stage = exampleStage("dev");
  edit(stage);
  const stack = synthesizeExamples(loadStages(configFolder({ "dev.json": stage }))).stacks.dev;
  const document = structuredClone(stack.document) as any;
  override(document);
  return new SynthesizedStack("dev", document as StackDocument);
}

/** What Terraform's state holds once the dev example is applied. */
const deployed = (edit?: (stage: Stage) => void): TerraformState => appliedState(devStack(edit));

/** The plan from `prior` to `next`, read back as the gate reads `terraform show -json`. */
function plan(prior: TerraformState, next: SynthesizedStack | undefined, options?: PlanOptions): TerraformPlan {
  return parsePlan("plan.json", JSON.stringify(planJson(prior, next, options)));
}

function hazardsOf(planned: TerraformPlan): PlanHazard[] {
  return checkPlan(planned, CONTEXT, []).hazards.map((entry) => entry.hazard);
}

const withoutPreventDestroy = (document: any) => delete document.resource.auth0_connection.CustomDatabase_Connection_F257C256.lifecycle;

describe("the plan gate: a plan that deletes a connection deletes its users", () => {
  it("is stopped by Terraform itself while the connection keeps prevent_destroy: renaming it fails the plan", () => {
    expect(() =>
      plan(
        deployed(),
        devStack((stage) => (stage.connection.name = "customers")),
      ),
    ).toThrow(TerraformPlanError);
    expect(() =>
      plan(
        deployed(),
        devStack((stage) => (stage.connection.name = "customers")),
      ),
    ).toThrow(`Resource ${CONNECTION} has lifecycle.prevent_destroy set`);
  });

  it("refuses a rename that gets past Terraform (prevent_destroy overridden away), naming the attribute, the users lost and the safe path", () => {
    const renamed = plan(
      deployed(),
      devStack((stage) => (stage.connection.name = "customers"), withoutPreventDestroy),
    );
    const [connection] = hazardsOf(renamed).filter((hazard) => hazard.address === CONNECTION);
    expect(connection).toEqual({
      address: CONNECTION,
      kind: "deletes users",
      change: "replace: destroy, then create, because name cannot change in place (replace_paths: name)",
      loses:
        'deletes every user of connection "legacy-users", irreversibly: in import mode, every user already migrated, with the password hash, metadata and MFA enrolments Auth0 holds for them',
      instead: [
        'Keep the connection\'s name "legacy-users" (connection.name in config/dev.json); to change what users see on the login screen, set connection.displayName, which changes in place.',
      ],
    });
    // What follows the connection is replaced with it: the applications lose it in between.
    expect(hazardsOf(renamed).map((hazard) => [hazard.address, hazard.kind])).toContainEqual([
      "auth0_connection_clients.CustomDatabase_EnabledClients_74775949",
      "outage",
    ]);
  });

  it("refuses a connection removed from the stack, where prevent_destroy no longer applies, with the ways to stop managing it safely", () => {
    const removed = plan(
      deployed(),
      devStack(undefined, (document) => delete document.resource.auth0_connection),
    );
    const [hazard] = hazardsOf(removed).filter((entry) => entry.address === CONNECTION);
    expect(hazard.change).toBe("destroy, because the stack no longer declares it");
    expect(hazard.loses).toMatch(/^deletes every user of connection "legacy-users", irreversibly/);
    expect(hazard.instead).toEqual([
      "If its construct moved or was renamed, keep the address with cdktf's moveTo / moveFromId (a Terraform moved block).",
      `To stop managing it without deleting it: a removed block with lifecycle { destroy = false } (Terraform 1.7+), or terraform -chdir=cdktf.out/stacks/dev state rm '${CONNECTION}'.`,
    ]);
  });

  it("lets through a connection forgotten by a removed block (destroy = false): Terraform stops managing it, Auth0 keeps it and its users", () => {
    const removed = plan(
      deployed(),
      devStack(undefined, (document) => delete document.resource.auth0_connection),
    );
    const forgotten = structuredClone(removed);
    // As Terraform 1.11 plans `removed { from = ... lifecycle { destroy = false } }`.
    Object.assign(forgotten.resource_changes!.find((change) => change.address === CONNECTION)!.change, { actions: ["forget"] });
    expect(hazardsOf(forgotten).filter((hazard) => hazard.address === CONNECTION)).toEqual([]);
  });

  it("refuses a replacement in either order, and one asked for with -replace", () => {
    const createFirst = plan(
      deployed(),
      devStack(
        (stage) => (stage.connection.name = "customers"),
        (document) => (document.resource.auth0_connection.CustomDatabase_Connection_F257C256.lifecycle = { create_before_destroy: true }),
      ),
    );
    expect(hazardsOf(createFirst).find((hazard) => hazard.address === CONNECTION)?.change).toBe(
      "replace: create the new one, then destroy the old one (create_before_destroy), because name cannot change in place (replace_paths: name)",
    );
    const requested = plan(deployed(), devStack(undefined, withoutPreventDestroy), { replace: [CONNECTION] });
    const hazard = hazardsOf(requested).find((entry) => entry.address === CONNECTION);
    expect(hazard?.change).toBe("replace: destroy, then create, because -replace asked for it");
    expect(hazard?.instead).toEqual([`Plan again without -replace='${CONNECTION}'.`]);
  });

  it("refuses a destroy plan", () => {
    expect(hazardsOf(plan(deployed(), undefined)).map((hazard) => hazard.kind)).toContain("deletes users");
  });
});

describe("the plan gate: replacing what every login depends on opens an outage window", () => {
  it("refuses a new facade audience: the API, its scopes and every grant are replaced", () => {
    const moved = plan(
      deployed(),
      devStack((stage) => (stage.facade.audience = "https://legacy-facade.dev.acme.example/v2/")),
    );
    const refused = hazardsOf(moved);
    expect(refused.map((hazard) => hazard.address).sort()).toEqual([
      "auth0_client_grant.FacadeClient_Grant_BF23A401",
      "auth0_client_grant.ProtectedApi_ApprovedClient-Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja_5A9EDED9",
      API,
      "auth0_resource_server_scopes.ProtectedApi_Scopes_1EAE1DD7",
    ]);
    expect(refused.every((hazard) => hazard.kind === "outage")).toBe(true);
    expect(refused.find((hazard) => hazard.address === API)).toMatchObject({
      change: "replace: destroy, then create, because identifier cannot change in place (replace_paths: identifier)",
      loses: expect.stringMatching(
        /^the facade API "https:\/\/legacy-facade\.dev\.acme\.example\/": between the destroy and the create no client gets a facade token, so every login fails/,
      ),
      instead: [
        "Keep facade.audience as it was: an API identifier cannot change in place, and everything naming the API follows it.",
        "If the loss is intended, waive this address for this apply (see below), at a quiet hour.",
      ],
    });
    expect(refused.find((hazard) => hazard.address === "auth0_client_grant.FacadeClient_Grant_BF23A401")?.loses).toMatch(
      /the scripts' client gets no facade token: every login fails$/,
    );
  });

  it("refuses replacing the M2M client, which replaces its credentials and grant with it", () => {
    const rekeyed = plan(
      deployed(),
      devStack(undefined, (document) => (document.resource.auth0_client.FacadeClient_4960F1AA.jwt_configuration.secret_encoded = true)),
    );
    expect(
      hazardsOf(rekeyed)
        .map((hazard) => hazard.address)
        .sort(),
    ).toEqual([
      "auth0_client.FacadeClient_4960F1AA",
      "auth0_client_credentials.FacadeClient_Credentials_D1E82999",
      "auth0_client_grant.FacadeClient_Grant_BF23A401",
    ]);
  });

  it("refuses replacing a guard Action or its binding", () => {
    const rebound = plan(
      deployed(),
      devStack(undefined, (document) => (document.resource.auth0_trigger_action.LoginGuard_Binding_E3CC0BF3.trigger = "post-login-v2")),
    );
    expect(hazardsOf(rebound)).toEqual([
      expect.objectContaining({
        address: "auth0_trigger_action.LoginGuard_Binding_E3CC0BF3",
        kind: "outage",
        change: expect.stringContaining("trigger cannot change in place"),
      }),
    ]);
  });

  it("lets through removing an approved client: its grant goes, which opens nothing and breaks no login", () => {
    const revoked = plan(
      deployed(),
      devStack((stage) => (stage.approvedClients = [])),
    );
    expect(revoked.resource_changes?.find((change) => change.address.includes("ApprovedClient"))?.change.actions).toEqual(["delete"]);
    expect(hazardsOf(revoked)).toEqual([]);
  });

  it("refuses destroying what the scripts need: the facade API, the M2M client, its grant", () => {
    const gone = plan(
      deployed(),
      devStack(undefined, (document) => delete document.resource.auth0_client_grant.FacadeClient_Grant_BF23A401),
    );
    expect(hazardsOf(gone)).toEqual([
      expect.objectContaining({
        address: "auth0_client_grant.FacadeClient_Grant_BF23A401",
        kind: "outage",
        loses: expect.stringMatching(/once destroyed, every login fails$/),
      }),
    ]);
  });

  it("passes a plan that changes nothing, or only what changes in place", () => {
    expect(hazardsOf(plan(deployed(), devStack()))).toEqual([]);
    expect(
      hazardsOf(
        plan(
          deployed(),
          devStack((stage) => (stage.connection.displayName = "Acme accounts")),
        ),
      ),
    ).toEqual([]);
    expect(
      hazardsOf(
        plan(
          deployed(),
          devStack((stage) => (stage.accessToken.lifetimeSeconds = 300)),
        ),
      ),
    ).toEqual([]);
  });
});

describe("the plan gate: changes that lock users out or break every later apply", () => {
  it("refuses turning import mode off, which Auth0's migration guide says never to do", () => {
    const [hazard] = hazardsOf(
      plan(
        deployed(),
        devStack((stage) => (stage.connection.importMode = false)),
      ),
    );
    expect(hazard).toMatchObject({ address: CONNECTION, kind: "locks users out", change: "update: options.import_mode true -> false" });
    expect(hazard.instead).toEqual(["Keep connection.importMode true (connection.importMode in config/dev.json), also once every user has migrated."]);
  });

  it("refuses removing a connection configuration key, which Auth0 keeps and the provider then fails every apply over", () => {
    const [hazard] = hazardsOf(
      plan(
        deployed(),
        devStack(undefined, (document) => delete document.resource.auth0_connection.CustomDatabase_Connection_F257C256.options.configuration.FACADE_TIMEOUT_MS),
      ),
    );
    expect(hazard).toMatchObject({ address: CONNECTION, kind: "apply fails", change: "update: options.configuration loses FACADE_TIMEOUT_MS" });
    expect(hazard.loses).toContain('"Unmanaged Configuration Secret"');
  });

  it("counts a key whose value is unknown until apply as kept, and refuses a configuration it cannot read at all", () => {
    const rekeyed = plan(
      deployed(),
      devStack(undefined, (document) => (document.resource.auth0_client.FacadeClient_4960F1AA.jwt_configuration.secret_encoded = true)),
    );
    const connection = rekeyed.resource_changes!.find((change) => change.address === CONNECTION)!;
    expect((connection.change.after_unknown as any).options[0].configuration).toMatchObject({ CLIENT_ID: true });
    expect(hazardsOf(rekeyed).filter((hazard) => hazard.address === CONNECTION)).toEqual([]);
    (connection.change.after_unknown as any).options[0].configuration = true;
    delete (connection.change.after as any).options[0].configuration;
    expect(hazardsOf(rekeyed).filter((hazard) => hazard.address === CONNECTION)).toEqual([
      expect.objectContaining({ kind: "unreadable", change: "update: options.configuration is unknown until apply" }),
    ]);
  });

  it("refuses taking an application off the connection, whose users could no longer log in, and an enabled list it cannot read", () => {
    const ENABLED = "auth0_connection_clients.CustomDatabase_EnabledClients_74775949";
    const shop = "Vq3hT8kLmZ2xR7nB4cWp9sYd6fGj1aEu";
    const other = "Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8Oo9Pp0Aa";
    const swapped = plan(
      deployed(),
      devStack((stage) => (stage.connection.enabledClients = [other])),
    );
    expect(hazardsOf(swapped)).toEqual([
      {
        address: ENABLED,
        kind: "locks users out",
        change: `update: enabled_clients loses "${shop}"`,
        loses: `the connection is disabled for "${shop}": their users can no longer log in with it`,
        instead: [
          "Keep it in connection.enabledClients (connection.enabledClients in config/dev.json).",
          "In an adoption, a client ID the export named wrongly shows here: correct it in the stage file (the Dashboard shows the connection's applications), synth and plan again.",
        ],
      },
    ]);
    expect(
      hazardsOf(
        plan(
          deployed(),
          devStack((stage) => (stage.connection.enabledClients = [shop, other])),
        ),
      ),
    ).toEqual([]);
    const both = plan(
      deployed((stage) => (stage.connection.enabledClients = [shop, other])),
      devStack((stage) => (stage.connection.enabledClients = [shop])),
    );
    expect(
      hazardsOf(
        plan(
          deployed((stage) => (stage.connection.enabledClients = [shop, other])),
          devStack((stage) => (stage.connection.enabledClients = ["Zz1Yy2Xx3Ww4Vv5Uu6Tt7Ss8Rr9Qq0Pp"])),
        ),
      ).map((hazard) => hazard.change),
    ).toEqual([`update: enabled_clients loses "${shop}", "${other}"`]);
    expect(hazardsOf(both)[0].instead[0]).toBe("Keep it in connection.enabledClients (connection.enabledClients in config/dev.json).");
    const many = hazardsOf(
      plan(
        deployed((stage) => (stage.connection.enabledClients = [shop, other])),
        devStack((stage) => (stage.connection.enabledClients = ["Zz1Yy2Xx3Ww4Vv5Uu6Tt7Ss8Rr9Qq0Pp"])),
      ),
    );
    expect(many[0].instead[0]).toBe("Keep them in connection.enabledClients (connection.enabledClients in config/dev.json).");
    // Only an update takes applications off: a destroy or a no-op of the list is judged elsewhere.
    const deleted = structuredClone(swapped);
    const list = deleted.resource_changes!.find((entry) => entry.address === ENABLED)!;
    list.change.actions = ["delete"];
    expect(hazardsOf(deleted).filter((hazard) => hazard.change.startsWith("update: enabled_clients"))).toEqual([]);
    list.change.actions = ["no-op"];
    expect(hazardsOf(deleted)).toEqual([]);
    const unknown = structuredClone(swapped);
    const change = unknown.resource_changes!.find((entry) => entry.address === ENABLED)!;
    change.change.after_unknown = { enabled_clients: true };
    expect(hazardsOf(unknown)).toEqual([
      {
        address: ENABLED,
        kind: "unreadable",
        change: "update: enabled_clients is known only after apply",
        loses: "the plan gate cannot tell whether an application the connection enables now is taken off it, which locks its users out",
        instead: ["Plan again once the client IDs are known, or check the list by hand and waive this address."],
      },
    ]);
  });

  it("refuses an errored plan, and actions it does not know", () => {
    const planned = plan(deployed(), devStack());
    expect(hazardsOf({ ...planned, errored: true })).toEqual([expect.objectContaining({ address: "(the whole plan)", kind: "unreadable" })]);
    const odd = structuredClone(planned);
    odd.resource_changes![0].change.actions = ["mutate"];
    expect(hazardsOf(odd)).toEqual([expect.objectContaining({ address: odd.resource_changes![0].address, kind: "unreadable", change: "mutate" })]);
  });

  it("refuses deleting an Action a binding still holds, with the two applies to run instead", () => {
    const unguarded = plan(
      deployed(),
      devStack(undefined, (document) => {
        delete document.resource.auth0_action.LoginGuard_Action_1DEF15BE;
        delete document.resource.auth0_trigger_action.LoginGuard_Binding_E3CC0BF3;
      }),
    );
    const hazard = hazardsOf(unguarded).find((entry) => entry.kind === "apply fails");
    expect(hazard).toEqual({
      address: "auth0_action.LoginGuard_Action_1DEF15BE",
      kind: "apply fails",
      change: "destroy, because the stack no longer declares it",
      loses: "auth0_trigger_action.LoginGuard_Binding_E3CC0BF3 still binds it: Auth0 refuses to delete a bound Action (HTTP 409) and the apply stops half-way",
      instead: [
        "terraform -chdir=cdktf.out/stacks/dev apply -target='auth0_trigger_action.LoginGuard_Binding_E3CC0BF3'   # unbind first",
        "terraform -chdir=cdktf.out/stacks/dev apply",
      ],
    });
  });
});

describe("waivers", () => {
  const renamed = () =>
    plan(
      deployed(),
      devStack((stage) => (stage.connection.name = "customers"), withoutPreventDestroy),
    );
  const reason = "The old connection holds only test users, recreated by the seed job.";

  it("accept a refusal for one address only, and are shown with their source", () => {
    const result = checkPlan(renamed(), CONTEXT, [{ address: CONNECTION, reason, source: "--waive" }]);
    expect(result.hazards.find((entry) => entry.hazard.address === CONNECTION)?.waiver).toEqual({ address: CONNECTION, reason, source: "--waive" });
    expect(planPasses(result)).toBe(false); // the enabled applications are still refused
    const all = result.hazards.map((entry) => ({ address: entry.hazard.address, reason, source: "config/dev.json planWaivers[0]" }));
    expect(planPasses(checkPlan(renamed(), CONTEXT, all))).toBe(true);
  });

  it("that match nothing fail the check: a waiver left behind would accept the next loss unseen", () => {
    const result = checkPlan(plan(deployed(), devStack()), CONTEXT, [{ address: CONNECTION, reason, source: "config/dev.json planWaivers[0]" }]);
    expect(result.unusedWaivers).toHaveLength(1);
    expect(planPasses(result)).toBe(false);
  });
});
