import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleScript } from "../../lib/bundling/bundle-script";
import { bundleAction } from "../../lib/bundling/bundle-action";
import { SynthesizedStack, type SynthesizedResource } from "../../lib/synthesized/synthesized-stack";
import { referenceOf, terraformValue } from "../../lib/synthesized/terraform-values";
import { loadStages } from "../../lib/config/load-stages";
import { configFolder, exampleStage } from "../support/stage-files";
import { boundAction, scriptText, synthesizeExamples, type SynthesizedExamples } from "../support/synthesized-examples";

let examples: SynthesizedExamples;
beforeAll(() => {
  examples = synthesizeExamples();
});

function only(stack: SynthesizedStack, type: string): SynthesizedResource {
  const found = stack.ofType(type);
  expect(found, `${stack.stage}: one ${type}`).toHaveLength(1);
  return found[0];
}

const ref = SynthesizedStack.reference;

describe.each(["dev", "prod"])("the %s stack", (stage) => {
  let stack: SynthesizedStack;
  beforeAll(() => {
    stack = examples.stacks[stage];
  });

  it("declares the facade API for users deny_all and clients require_client_grant, RS256, short tokens, no refresh tokens", () => {
    const api = only(stack, "auth0_resource_server");
    expect(api.values).toMatchObject({
      identifier: examples.configs[stage].facade.audience,
      signing_alg: "RS256",
      token_lifetime: 600,
      allow_offline_access: false,
      subject_type_authorization: { user: { policy: "deny_all" }, client: { policy: "require_client_grant" } },
    });
  });

  it("defines exactly the scopes of the operations the enabled scripts call, on the API by reference", () => {
    const scopes = only(stack, "auth0_resource_server_scopes");
    expect(scopes.values.resource_server_identifier).toBe(ref(only(stack, "auth0_resource_server"), "identifier"));
    expect((scopes.values.scopes as { name: string }[]).map((scope) => scope.name)).toEqual(["users:authenticate", "users:read"]);
  });

  it("declares a non-interactive M2M client with the client-credentials grant only", () => {
    const client = only(stack, "auth0_client");
    expect(client.values).toMatchObject({ app_type: "non_interactive", grant_types: ["client_credentials"] });
    const credentials = only(stack, "auth0_client_credentials");
    expect(credentials.values.client_id).toBe(ref(client, "client_id"));
  });

  it("grants the M2M client exactly the scripts' scopes, for the facade audience by reference", () => {
    const client = only(stack, "auth0_client");
    const grant = stack.ofType("auth0_client_grant").find((g) => g.values.client_id === ref(client, "client_id"));
    expect(grant?.values.audience).toBe(ref(only(stack, "auth0_resource_server"), "identifier"));
    expect(grant?.values.scopes).toEqual(["users:authenticate", "users:read"]);
  });

  it("grants each extra approved client only its configured scopes", () => {
    for (const approved of examples.configs[stage].approvedClients) {
      const grant = stack.ofType("auth0_client_grant").find((g) => g.values.client_id === approved.clientId);
      expect(grant?.values).toMatchObject({ scopes: approved.scopes, audience: ref(only(stack, "auth0_resource_server"), "identifier") });
    }
  });

  it("declares the custom database with brute-force protection, import mode, and sign-up off without a create script", () => {
    const connection = only(stack, "auth0_connection");
    expect(connection.values).toMatchObject({
      strategy: "auth0",
      options: {
        enabled_database_customization: true,
        import_mode: true,
        brute_force_protection: true,
        disable_signup: true,
      },
    });
    expect(Object.keys((connection.values.options as { custom_scripts: object }).custom_scripts)).toEqual(["get_user", "login"]);
  });

  it("wires the connection configuration to the other resources by reference, never by pasted value", () => {
    const configuration = (only(stack, "auth0_connection").values.options as { configuration: Record<string, string> }).configuration;
    const config = examples.configs[stage];
    expect(configuration).toEqual({
      TOKEN_URL: `https://${config.tenant.domain}/oauth/token`,
      CLIENT_ID: ref(only(stack, "auth0_client"), "client_id"),
      CLIENT_SECRET: ref(only(stack, "auth0_client_credentials"), "client_secret"),
      CLIENT_ASSERTION_KEY: "",
      FACADE_URL: config.facade.url,
      FACADE_AUDIENCE: ref(only(stack, "auth0_resource_server"), "identifier"),
      FACADE_CERT_SHA256: config.facade.certificate.type === "self-signed" ? config.facade.certificate.sha256Pins.join(",") : "",
      FACADE_TIMEOUT_MS: "5000",
    });
  });

  it("normalizes pins to 64 lowercase hex digits", () => {
    const configuration = (only(stack, "auth0_connection").values.options as { configuration: Record<string, string> }).configuration;
    for (const pin of configuration.FACADE_CERT_SHA256.split(",")) expect(pin).toMatch(/^[0-9a-f]{64}$/);
  });

  it("enables the connection only for the configured applications", () => {
    const enabled = only(stack, "auth0_connection_clients");
    expect(enabled.values.connection_id).toBe(ref(only(stack, "auth0_connection"), "id"));
    expect(enabled.values.enabled_clients).toEqual(examples.configs[stage].connection.enabledClients);
  });

  it("binds a node22 credentials-exchange v2 Action with one auth0_trigger_action, leaving other bindings alone", () => {
    const { values } = boundAction(stack, "credentials-exchange");
    expect(values).toMatchObject({ runtime: "node22", deploy: true, supported_triggers: { id: "credentials-exchange", version: "v2" } });
    expect(stack.ofType("auth0_trigger_actions")).toHaveLength(0);
  });

  it("gives the exchange guard the audience and the approved list by reference, as write-only secrets", () => {
    const { values } = boundAction(stack, "credentials-exchange");
    expect(values.secrets).toBeUndefined();
    const secrets = Object.fromEntries((values.secrets_wo as { name: string; value: string }[]).map((s) => [s.name, s.value]));
    expect(secrets.FACADE_AUDIENCE).toBe(ref(only(stack, "auth0_resource_server"), "identifier"));
    const approved = terraformValue(secrets.APPROVED_CLIENT_IDS);
    expect(approved).toMatchObject({ kind: "join", separator: "," });
    expect(approved.kind === "join" && approved.parts).toEqual([
      { reference: `${only(stack, "auth0_client").address}.client_id` },
      ...examples.configs[stage].approvedClients.map((client) => ({ literal: client.clientId })),
    ]);
    expect(values.secrets_wo_version).toMatch(/^\$\{parseint\(substr\(sha256\(/);
  });

  it("approves exactly the clients that hold a grant for the facade", () => {
    const { values } = boundAction(stack, "credentials-exchange");
    const approvedList = (values.secrets_wo as { name: string; value: string }[]).find((s) => s.name === "APPROVED_CLIENT_IDS");
    const approvedValue = terraformValue(approvedList?.value);
    if (approvedValue.kind !== "join") throw new Error("expected the approved list as a join");
    const approved = approvedValue.parts.map((part) => ("reference" in part ? `\${${part.reference}}` : part.literal));
    const granted = stack.ofType("auth0_client_grant").map((grant) => grant.values.client_id);
    expect(approved.sort()).toEqual([...granted].sort());
  });

  it("binds a post-login v3 guard with the facade audience", () => {
    const { values } = boundAction(stack, "post-login");
    expect(values).toMatchObject({ runtime: "node22", supported_triggers: { id: "post-login", version: "v3" } });
    expect(referenceOf(terraformValue((values.secrets_wo as { value: string }[])[0].value))).toBe(`${only(stack, "auth0_resource_server").address}.identifier`);
  });

  it("outputs the outbound IP ranges of the tenant's region from auth0_outbound_ips", () => {
    const data = stack.dataSources.find((source) => source.type === "auth0_outbound_ips");
    expect(data).toBeDefined();
    expect(stack.document.output?.facade_firewall_allowlist.value).toBe(`\${{ for r in ${data!.address}.regions : r.region => r.ipv4_cidrs }["EU"]}`);
  });

  it("pins the provider to the stage's tenant, with credentials left to the environment", () => {
    expect(stack.document.provider?.auth0).toEqual([{ domain: examples.configs[stage].tenant.domain }]);
    expect(stack.document.terraform?.required_providers).toEqual({ auth0: { source: "auth0/auth0", version: "1.55.0" } });
  });

  it("leaves Terraform nothing to interpolate in script and Action code", () => {
    const connection = only(stack, "auth0_connection");
    const scripts = Object.values((connection.values.options as { custom_scripts: Record<string, string> }).custom_scripts);
    for (const script of scripts) expect(script).toContain("$${");
    for (const text of [...scripts, ...stack.ofType("auth0_action").map((action) => action.values.code as string)]) {
      // Terraform reads "${" after anything but "$" as an interpolation ("$${" is a literal "${").
      expect(text).not.toMatch(/(^|[^$])\$\{/);
      expect(text).not.toMatch(/(^|[^%])%\{/);
    }
  });

  it("sends Auth0 the bundled bytes exactly, after Terraform's template unescaping", () => {
    expect(scriptText(stack, "login")).toBe(bundleScript("login").code);
    expect(scriptText(stack, "get_user")).toBe(bundleScript("get_user").code);
    expect(boundAction(stack, "credentials-exchange").code).toBe(bundleAction("credentials-exchange").code);
    expect(boundAction(stack, "post-login").code).toBe(bundleAction("post-login-guard").code);
  });
});

describe("across stages", () => {
  it("runs the same script and Action bytes in every stage", () => {
    const { dev, prod } = examples.stacks;
    expect(scriptText(prod, "login")).toBe(scriptText(dev, "login"));
    expect(boundAction(prod, "credentials-exchange").code).toBe(boundAction(dev, "credentials-exchange").code);
  });

  it("keeps no secret and no stage value in the synthesized JSON", () => {
    for (const stage of ["dev", "prod"]) {
      const text = readFileSync(`${examples.outdir}/stacks/${stage}/cdk.tf.json`, "utf8");
      expect(text).not.toMatch(/client_secret"\s*:\s*"(?!\$\{)/);
      const other = stage === "dev" ? examples.configs.prod : examples.configs.dev;
      expect(text).not.toContain(other.tenant.domain);
      const code = scriptText(examples.stacks[stage], "login");
      expect(code).not.toContain(examples.configs[stage].tenant.domain);
      expect(code).not.toContain(examples.configs[stage].facade.audience);
    }
  });

  it("sets the login screen's display name only when the stage file gives one, so renaming what users see never touches name", () => {
    expect(only(examples.stacks.dev, "auth0_connection").values.display_name).toBeUndefined();
    const stage = exampleStage("dev");
    stage.connection.displayName = "Acme accounts";
    const [config] = loadStages(configFolder({ "dev.json": stage }));
    const connection = only(synthesizeExamples([config]).stacks.dev, "auth0_connection");
    expect(connection.values).toMatchObject({ name: "legacy-users", display_name: "Acme accounts" });
  });

  it("keeps each stage's state apart, local state outside cdktf.out", () => {
    expect(examples.stacks.dev.document.terraform?.backend).toEqual({ local: { path: "../../../terraform.dev.tfstate" } });
    expect(examples.stacks.prod.document.terraform?.backend).toEqual({
      s3: { bucket: "acme-terraform-state", key: "auth0/legacy-facade/prod.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true },
    });
  });

  it("writes a relative local state path from the project root, tidied, and an absolute one as it is", () => {
    const backendOf = (path: string) => {
      const stage = exampleStage("dev");
      stage.backend = { type: "local", path };
      const [config] = loadStages(configFolder({ "dev.json": stage }));
      return synthesizeExamples([config]).stacks.dev.document.terraform?.backend;
    };
    expect(backendOf("./state/dev.tfstate")).toEqual({ local: { path: "../../../state/dev.tfstate" } });
    expect(backendOf("/var/lib/terraform/auth0-dev.tfstate")).toEqual({ local: { path: "/var/lib/terraform/auth0-dev.tfstate" } });
  });
  it("declares a token quota on the scripts' M2M client only when the stage file asks for one", () => {
    expect(only(examples.stacks.dev, "auth0_client").values.token_quota).toBeUndefined();
    const stage = exampleStage("dev");
    stage.accessToken = { lifetimeSeconds: 600, quota: { perHour: 200 } };
    const [config] = loadStages(configFolder({ "dev.json": stage }));
    expect(only(synthesizeExamples([config]).stacks.dev, "auth0_client").values.token_quota).toEqual({ client_credentials: { per_hour: 200, enforce: true } });
  });
});
