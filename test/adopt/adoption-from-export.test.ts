import { describe, expect, it } from "vitest";
import { adoptionFromExport } from "../../lib/adopt/adoption-from-export";
import type { DeployCliExport, ExportedConnection } from "../../lib/adopt/deploy-cli-export";
import { loadStages } from "../../lib/config/load-stages";
import { configFolder, exampleStage } from "../support/stage-files";

/** Exports as the reader returns them, to reach each decision directly; the commands' tests use deploy-cli's own files. */
const AUDIENCE = "https://legacy-facade.dev.acme.example/";
const SHOP = "Vq3hT8kLmZ2xR7nB4cWp9sYd6fGj1aEu";
const SCRIPTS = "Mm2Nn3Bb4Vv5Cc6Xx7Zz8Ll9Kk0Jj1Hh";

function exportOf(connection: Partial<ExportedConnection> = {}, more: Partial<DeployCliExport> = {}): DeployCliExport {
  return {
    source: "export",
    format: "yaml",
    connections: [
      {
        name: "legacy-users",
        id: "con_Lg4cY8uSeRs0Db1x",
        enabledClients: ["Storefront"],
        importMode: true,
        scripts: {},
        file: "export/tenant.yaml",
        ...connection,
      },
    ],
    clients: [
      { name: "Storefront", clientId: SHOP },
      { name: "facade client", clientId: SCRIPTS },
    ],
    apis: [{ name: "facade", identifier: AUDIENCE, id: "6530d4f1e2c3b4a5968778a9", scopes: ["users:authenticate", "users:read"] }],
    grants: [{ id: "cgr_Sc1Pt2Gr3An4T5x", client: "facade client", audience: AUDIENCE, scopes: ["users:authenticate", "users:read"] }],
    actions: [],
    ...more,
  };
}

function draft(exported: DeployCliExport, { scriptsClient }: { scriptsClient?: string } = { scriptsClient: "facade client" }) {
  const stage = exampleStage("dev");
  stage.approvedClients = [];
  const [config] = loadStages(configFolder({ "dev.json": stage }));
  return adoptionFromExport(exported, stage, config, { connection: "legacy-users", scriptsClient });
}

describe("adoption from an export", () => {
  it("carries over a tenant it can map whole, with nothing blocking", () => {
    const { blocking, stageFile } = draft(exportOf());
    expect(blocking).toEqual([]);
    expect(stageFile.adopt).toEqual({
      connectionId: "con_Lg4cY8uSeRs0Db1x",
      resourceServerId: "6530d4f1e2c3b4a5968778a9",
      scriptsClient: { clientId: SCRIPTS, grantId: "cgr_Sc1Pt2Gr3An4T5x" },
    });
    expect((stageFile.connection as Record<string, unknown>).enabledClients).toEqual([SHOP]);
  });

  it("takes an enabled application named by the client ID of an exported application as that application", () => {
    const { blocking, stageFile, notes } = draft(exportOf({ enabledClients: [SHOP] }));
    expect(blocking).toEqual([]);
    expect((stageFile.connection as Record<string, unknown>).enabledClients).toEqual([SHOP]);
    expect(notes.join("\n")).not.toContain("not among the exported applications");
  });

  it("blocks placeholders in the connection's name and display name, and in an enabled application", () => {
    const { blocking } = draft(exportOf({ name: "legacy-users", displayName: "@@BRAND@@", enabledClients: ["##SHOP##"] }));
    expect(blocking).toEqual([
      'the enabled application "##SHOP##" is a keyword placeholder, so adoption cannot tell which application it is: export again without keyword preservation (AUTH0_PRESERVE_KEYWORDS), so that the export holds the values Auth0 holds; without it the first apply disables it for the connection, and its users cannot log in',
      'the connection\'s display name "@@BRAND@@" is a keyword placeholder, and users would see it on the login screen: export again without keyword preservation (AUTH0_PRESERVE_KEYWORDS), so that the export holds the values Auth0 holds',
    ]);
    const named = exportOf({ name: "##DB##" });
    const adopted = adoptionFromExport(named, exampleStage("dev"), loadStages(configFolder({ "dev.json": exampleStage("dev") }))[0], { connection: "##DB##" });
    expect(adopted.blocking[0]).toBe(
      'the connection\'s name "##DB##" (export/tenant.yaml) is a keyword placeholder: export again without keyword preservation (AUTH0_PRESERVE_KEYWORDS), so that the export holds the values Auth0 holds',
    );
  });

  it("blocks a connection no application uses, and an application it cannot find", () => {
    expect(draft(exportOf({ enabledClients: [] })).blocking).toEqual([
      "the connection enables no application (export/tenant.yaml enabled_clients): a connection no application uses cannot be adopted as is",
    ]);
    expect(draft(exportOf({ enabledClients: ["Kiosk"] })).blocking).toEqual([
      'the enabled application "Kiosk" is not among the exported applications, nor a client ID: export again with the clients included; without it the first apply disables it for the connection, and its users cannot log in',
    ]);
  });

  it("blocks a grant without an ID (once, though it is the scripts client's), one holding only scopes the scripts do not use, and a scripts client without a grant", () => {
    const grants = [
      { client: "facade client", audience: AUDIENCE, scopes: ["users:authenticate", "users:read"] },
      { id: "cgr_Re1Po2Rt3In4G5x", client: "Reports", audience: AUDIENCE, scopes: ["users:export"] },
    ];
    const clients = [...exportOf().clients, { name: "Reports", clientId: "Rr1Ee2Pp3Oo4Rr5Tt6Ss7Aa8Bb9Cc0Dd" }];
    expect(draft(exportOf({}, { grants, clients })).blocking).toEqual([
      'the facade grant of "facade client" has no ID in the export, and the first apply would fail creating it again (409): run a0deploy export with --export_ids true (AUTH0_EXPORT_IDENTIFIERS)',
      'the facade grant of "Reports" holds users:export, which the scripts do not use and the stack does not grant: remove it from the grant in the Dashboard (or delete the grant), then export again',
    ]);
    expect(draft(exportOf({}, { grants: [] })).blocking).toEqual([
      `no facade grant (${AUDIENCE}) held by the application "facade client" (--scripts-client), with its client and grant IDs`,
    ]);
  });

  it("makes every other client with a facade grant an approved client, with the grant it adopts", () => {
    const grants = [...exportOf().grants, { id: "cgr_Su1Pp2Or3Tg4R5x", client: "Support", audience: AUDIENCE, scopes: ["users:read"] }];
    const clients = [...exportOf().clients, { name: "Support", clientId: "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja" }];
    const { blocking, stageFile, notes } = draft(exportOf({}, { grants, clients }));
    expect(blocking).toEqual([]);
    expect(stageFile.approvedClients).toEqual([
      { clientId: "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja", description: "Support: holds a facade grant in the tenant (adopted)", scopes: ["users:read"] },
    ]);
    expect((stageFile.adopt as Record<string, unknown>).approvedClientGrants).toEqual({ Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja: "cgr_Su1Pp2Or3Tg4R5x" });
    expect(notes).toContain('"Support" becomes an approved client: review its description and scopes in approvedClients');
  });

  it("blocks a guard Action without an ID, and adopts one with its ID and trigger", () => {
    const unknown = draft(exportOf({}, { actions: [{ name: "legacy-users-facade-login-guard", triggers: ["post-login"] }] }));
    expect(unknown.blocking).toEqual([
      "the Action legacy-users-facade-login-guard exists but cannot be adopted (no ID in the export: run a0deploy export with --export_ids true (AUTH0_EXPORT_IDENTIFIERS)), and the first apply would fail creating one of the same name",
    ]);
    const id = "0b6f3c1e-2d4a-4b8c-9e7f-1a2b3c4d5e6f";
    const adopted = draft(exportOf({}, { actions: [{ name: "legacy-users-facade-login-guard", id, triggers: ["post-login"] }] }));
    expect(adopted.blocking).toEqual([]);
    expect((adopted.stageFile.adopt as Record<string, unknown>).loginGuardActionId).toBe(id);
  });

  it("notes an API the tenant lacks, which the stack creates, but only when no placeholder could be it", () => {
    expect(draft(exportOf({}, { apis: [], grants: [] }), {}).notes).toContain(
      `no API with identifier ${AUDIENCE} (facade.audience) in the export: the stack creates it`,
    );
    const placeholder = draft(exportOf({}, { apis: [{ identifier: "##AUD##", scopes: [] }], grants: [] }), {});
    expect(placeholder.notes.join("\n")).not.toContain("the stack creates it");
    expect(placeholder.blocking).toEqual([
      `the API "##AUD##" has the identifier "##AUD##", a keyword placeholder, so adoption cannot tell whether it is the facade API (${AUDIENCE}): export again without keyword preservation (AUTH0_PRESERVE_KEYWORDS), so that the export holds the values Auth0 holds`,
    ]);
  });
});

describe("what adoption notes for the reviewer", () => {
  it("keeps only login and get_user in import mode, and every script the project has otherwise", () => {
    const scripts = { login: "function login() {}", get_user: "function getUser() {}", create: "function create() {}", change_email: "function x() {}" };
    const imported = draft(exportOf({ scripts }));
    expect((imported.stageFile.connection as Record<string, unknown>).scripts).toEqual(["login", "get_user"]);
    expect(imported.notes).toContain(
      "script create is not carried over: in import mode Auth0 runs only login and get_user; the first apply removes it from the connection",
    );
    expect(imported.notes).toContain(
      "script change_email is not carried over: the project has no change_email script; the first apply removes it from the connection",
    );
    expect(imported.notes).toContainEqual(
      expect.stringMatching(/^script login \(19 bytes, sha256 [0-9a-f]{12}\) is replaced by the bundled one at the first apply$/),
    );
    const live = draft(exportOf({ scripts, importMode: false }));
    expect((live.stageFile.connection as Record<string, unknown>).scripts).toEqual(["login", "get_user", "create"]);
    expect((live.stageFile.connection as Record<string, unknown>).importMode).toBe(false);
    expect(live.notes).toContain(
      'the export holds no connection configuration (deploy-cli leaves it out as read-only): any key Auth0 holds besides TOKEN_URL, CLIENT_ID, CLIENT_SECRET, CLIENT_ASSERTION_KEY, FACADE_URL, FACADE_AUDIENCE, FACADE_CERT_SHA256, FACADE_TIMEOUT_MS fails the first apply with "Unmanaged Configuration Secret"; list the keys in the Dashboard and follow docs/adoption.md before applying',
    );
  });

  it("notes the guard whose code it replaces, and each other Action on a guarded trigger", () => {
    const id = "0b6f3c1e-2d4a-4b8c-9e7f-1a2b3c4d5e6f";
    const actions = [
      { name: "legacy-users-facade-exchange-guard", id, triggers: ["credentials-exchange"] },
      { name: "enrich-tokens", id: "1b6f3c1e-2d4a-4b8c-9e7f-1a2b3c4d5e6f", triggers: ["credentials-exchange", "post-login"] },
      { name: "send-sms", id: "2b6f3c1e-2d4a-4b8c-9e7f-1a2b3c4d5e6f", triggers: ["send-phone-message"] },
    ];
    const { notes, stageFile } = draft(exportOf({}, { actions }));
    expect((stageFile.adopt as Record<string, unknown>).exchangeGuardActionId).toBe(id);
    expect(notes).toContain("the Action legacy-users-facade-exchange-guard's code is replaced by the bundled guard at the first apply");
    expect(notes).toContain("the Action enrich-tokens also runs on credentials-exchange; the stack leaves it bound beside the guard (check what it allows)");
    expect(notes).toContain("the Action enrich-tokens also runs on post-login; the stack leaves it bound beside the guard (check what it allows)");
    expect(notes.join("\n")).not.toContain("send-sms");
  });

  it("refuses to read a connection that is not a database connection, or one the export does not hold", () => {
    expect(() => draft(exportOf({ strategy: "google-oauth2" }))).toThrow(/export\/tenant.yaml strategy: a database connection \(strategy "auth0"\)/);
    const stage = exampleStage("dev");
    const [config] = loadStages(configFolder({ "dev.json": stage }));
    expect(() => adoptionFromExport(exportOf(), stage, config, { connection: "other" })).toThrow(/databases: a database connection named "other"/);
  });
});

describe("adoption's reading of names and IDs", () => {
  it("names a grant's application by its exported name when the export gives its raw client ID", () => {
    const grants = [
      ...exportOf().grants,
      { id: "cgr_Su1Pp2Or3Tg4R5x", client: "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja", audience: AUDIENCE, scopes: ["users:read"] },
    ];
    const clients = [...exportOf().clients, { name: "Support", clientId: "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja" }];
    const { stageFile, notes } = draft(exportOf({}, { grants, clients }));
    expect(stageFile.approvedClients).toEqual([
      { clientId: "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja", description: "Support: holds a facade grant in the tenant (adopted)", scopes: ["users:read"] },
    ]);
    expect(notes.join("\n")).not.toContain("not among the exported applications");
  });

  it("lists every application sharing a name, with or without an ID, and ignores grants for other APIs", () => {
    const clients = [...exportOf().clients, { name: "Storefront" }];
    expect(draft(exportOf({}, { clients })).blocking).toEqual([
      `the enabled application "Storefront" names 2 applications ((no ID in the export), ${SHOP}), and adoption never guesses which: rename all but one in the Dashboard, then export again; without it the first apply disables it for the connection, and its users cannot log in`,
    ]);
    const grants = [
      ...exportOf().grants,
      { id: "cgr_Mg1Mt2Ap3Ii4X5x", client: "Storefront", audience: "https://acme.eu.auth0.com/api/v2/", scopes: ["read:users"] },
    ];
    const { blocking, stageFile } = draft(exportOf({}, { grants }));
    expect(blocking).toEqual([]);
    expect(stageFile.approvedClients).toEqual([]);
  });

  it("carries the display name over when the export has one, and leaves the stage file's otherwise", () => {
    expect((draft(exportOf({ displayName: "Acme account" })).stageFile.connection as Record<string, unknown>).displayName).toBe("Acme account");
    expect((draft(exportOf()).stageFile.connection as Record<string, unknown>).displayName).toBeUndefined();
    expect((draft(exportOf()).stageFile.connection as Record<string, unknown>).name).toBe("legacy-users");
  });

  it("keeps an approved client the stage file already has, with its own description", () => {
    const stage = exampleStage("dev");
    stage.approvedClients = [{ clientId: "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja", description: "Support console: our words", scopes: ["users:read"] }];
    const [config] = loadStages(configFolder({ "dev.json": stage }));
    const grants = [...exportOf().grants, { id: "cgr_Su1Pp2Or3Tg4R5x", client: "Support", audience: AUDIENCE, scopes: ["users:read"] }];
    const clients = [...exportOf().clients, { name: "Support", clientId: "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja" }];
    const adopted = adoptionFromExport(exportOf({}, { grants, clients }), stage, config, { connection: "legacy-users", scriptsClient: "facade client" });
    expect(adopted.stageFile.approvedClients).toEqual(stage.approvedClients);
    expect(adopted.notes.join("\n")).not.toContain("becomes an approved client");
  });
});
