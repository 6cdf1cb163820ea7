import { App, TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { makeBundle } from "../../lib/bundling/bundle";
import { BoundAction } from "../../lib/constructs/bound-action";
import { ConstructValidationError, type ValidationCode } from "../../lib/constructs/construct-error";
import { CustomDatabase, type CustomDatabaseProps } from "../../lib/constructs/custom-database";
import { ExchangeGuard } from "../../lib/constructs/exchange-guard";
import { ProtectedApi, type ProtectedApiProps } from "../../lib/constructs/protected-api";
import { ScriptsClient } from "../../lib/constructs/scripts-client";

const PIN = "5e2b791c0a8fd463b79011e42a6cf83d9b05c17248aef61d833c57e09ab2644f";
const script = (name: string) => makeBundle(name, `scripts/${name}.ts`, `function ${name}() {}`);

function stack(): TerraformStack {
  return new TerraformStack(new App({ outdir: "/nonexistent" }), "prod");
}

function api(scope: TerraformStack, props: Partial<ProtectedApiProps> = {}): ProtectedApi {
  return new ProtectedApi(scope, "ProtectedApi", {
    identifier: "https://legacy-facade.acme.example/",
    displayName: "facade",
    scopes: [{ name: "users:read", description: "lookup" }],
    ...props,
  });
}

const SETTINGS: CustomDatabaseProps["settings"] = {
  tokenUrl: "https://acme.eu.auth0.com/oauth/token",
  clientId: "${auth0_client.c.client_id}",
  clientSecret: "${auth0_client_credentials.c.client_secret}",
  clientAssertionKey: "",
  facadeUrl: "https://legacy-facade.acme.example",
  facadeAudience: "${auth0_resource_server.r.identifier}",
  certificatePins: [PIN],
  timeoutMs: 5000,
};

function database(props: Partial<CustomDatabaseProps> = {}): CustomDatabase {
  return new CustomDatabase(stack(), "CustomDatabase", {
    connectionName: "legacy-users",
    scripts: { login: script("login"), get_user: script("get_user") },
    importMode: true,
    enabledClientIds: ["Vq3hT8kLmZ2xR7nB4cWp9sYd6fGj1aEu"],
    settings: SETTINGS,
    ...props,
  });
}

/** The refusal `make` throws: its code and message. */
function refusal(make: () => unknown): { code: ValidationCode; message: string } {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ConstructValidationError);
    return { code: (error as ConstructValidationError).code, message: (error as Error).message };
  }
  throw new Error("expected the construct to refuse its props");
}

describe("constructs refuse invalid props, naming the construct path, with a code", () => {
  it("take valid props", () => {
    expect(() => database()).not.toThrow();
  });

  it.each([
    ["an empty identifier", { identifier: " " }, "empty-identifier", "prod/ProtectedApi: identifier must not be empty"],
    ["no scopes", { scopes: [] }, "no-scopes", "prod/ProtectedApi: an API without scopes cannot be granted anything"],
    [
      "a scope twice",
      {
        scopes: [
          { name: "users:read", description: "a" },
          { name: "users:read", description: "b" },
        ],
      },
      "duplicate-scopes",
      "prod/ProtectedApi: scopes must be distinct, got users:read, users:read",
    ],
    [
      "a day-long token",
      { tokenLifetimeSeconds: 86400 },
      "token-lifetime-out-of-range",
      "prod/ProtectedApi: tokenLifetimeSeconds must be a whole number from 60 to 3600, got 86400",
    ],
    [
      "a fractional lifetime",
      { tokenLifetimeSeconds: 600.5 },
      "token-lifetime-out-of-range",
      "prod/ProtectedApi: tokenLifetimeSeconds must be a whole number from 60 to 3600, got 600.5",
    ],
  ] as const)("ProtectedApi: %s", (_, props, code, message) => {
    expect(refusal(() => api(stack(), props as Partial<ProtectedApiProps>))).toEqual({ code, message });
  });

  it("refuse an adoption ID of the wrong kind, before it becomes an import block", () => {
    expect(refusal(() => database({ adoptConnectionId: "legacy-users" }))).toEqual({
      code: "adopt-connection-id",
      message: 'prod/CustomDatabase: adoptConnectionId must be a connection ID (con_...), got "legacy-users"',
    });
    expect(refusal(() => api(stack(), { adoptResourceServerId: "https://legacy-facade.acme.example/" }))).toEqual({
      code: "adopt-resource-server-id",
      message: 'prod/ProtectedApi: adoptResourceServerId must be the API\'s ID (letters and digits), got "https://legacy-facade.acme.example/"',
    });
    const scope = stack();
    expect(refusal(() => api(scope).grantAccess(scope, "Grant", "client", ["users:read"], "grant-1"))).toEqual({
      code: "adopt-grant-id",
      message: 'prod: a grant to adopt needs a client grant ID (cgr_...), got "grant-1"',
    });
  });

  it("ScriptsClient: a token quota without a limit, or with one below 1", () => {
    const client = (tokenQuota: { perHour?: number; perDay?: number; enforce: boolean }) => () => {
      const scope = stack();
      return new ScriptsClient(scope, "FacadeClient", { api: api(scope), displayName: "facade client", scopes: ["users:read"], tokenQuota });
    };
    expect(refusal(client({ enforce: true }))).toEqual({
      code: "token-quota",
      message: 'prod/FacadeClient: tokenQuota needs perHour, perDay or both, each a whole number of at least 1, got {"enforce":true}',
    });
    expect(refusal(client({ perHour: 0, enforce: true })).code).toBe("token-quota");
    expect(client({ perDay: 1000, enforce: false })).not.toThrow();
  });

  it("ProtectedApi: a grant of a scope the API does not define", () => {
    const scope = stack();
    const facade = api(scope);
    expect(refusal(() => facade.grantAccess(scope, "Grant", "client", ["users:delete"]))).toEqual({
      code: "grant-scopes",
      message: "prod: a grant needs scopes of prod/ProtectedApi (users:read), got users:delete",
    });
  });

  it.each([
    ["no get_user script", { scripts: { login: script("login") } }, "script-required", "prod/CustomDatabase: the get_user script is required"],
    [
      "a create script in import mode",
      { scripts: { login: script("login"), get_user: script("get_user"), create: script("create") } },
      "import-mode-scripts",
      "prod/CustomDatabase: import mode runs only login and get_user, got login, get_user, create",
    ],
    ["no application", { enabledClientIds: [] }, "no-enabled-clients", "prod/CustomDatabase: enable the connection for at least one application"],
  ] as const)("CustomDatabase: %s", (_, props, code, message) => {
    expect(refusal(() => database(props as Partial<CustomDatabaseProps>))).toEqual({ code, message });
  });

  it.each([
    [
      "a timeout past Auth0's patience",
      { timeoutMs: 20000 },
      "timeout-out-of-range",
      "prod/CustomDatabase: settings.timeoutMs must be a whole number from 500 to 10000, got 20000",
    ],
    [
      "three pins",
      { certificatePins: [PIN, PIN.replace("5", "6"), PIN.replace("5", "7")] },
      "bad-pins",
      "prod/CustomDatabase: settings.certificatePins must be at most 2 canonical SHA-256 pins (64 lowercase hex digits), got 3",
    ],
    [
      "a pin with colons",
      { certificatePins: [PIN.match(/../g)!.join(":")] },
      "bad-pins",
      "prod/CustomDatabase: settings.certificatePins must be at most 2 canonical SHA-256 pins (64 lowercase hex digits), got 1",
    ],
  ] as const)("CustomDatabase: %s", (_, settings, code, message) => {
    expect(refusal(() => database({ settings: { ...SETTINGS, ...settings } }))).toEqual({ code, message });
  });

  it("BoundAction: more secrets than Auth0 holds on one Action", () => {
    const secrets = Object.fromEntries(Array.from({ length: 31 }, (_, index) => [`S${index}`, "v"]));
    expect(
      refusal(() => new BoundAction(stack(), "Guard", { actionName: "guard", trigger: { id: "post-login", version: "v3" }, bundle: script("guard"), secrets })),
    ).toEqual({ code: "action-secrets-count", message: "prod/Guard: an Action holds 1 to 30 secrets, got 31" });
  });

  it("ExchangeGuard: created before any grant, it would deny every client", () => {
    const scope = stack();
    const facade = api(scope);
    expect(refusal(() => new ExchangeGuard(scope, "ExchangeGuard", { api: facade, actionName: "guard", bundle: script("guard") }))).toEqual({
      code: "guard-before-grants",
      message: "prod/ExchangeGuard: prod/ProtectedApi grants no client yet: create the guard after the grants",
    });
  });
});
