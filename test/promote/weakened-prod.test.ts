import { beforeAll, describe, expect, it } from "vitest";
import { comparePromotion, passes } from "../../lib/promote/compare-promotion";
import type { PromotionInput } from "../../lib/promote/promotion-stages";
import { onlyResource, problemLines, promotionInput, promotionOf, withTamperedProdStack } from "./support/promotion-fixtures";

const DEV_PIN = "5e2b791c0a8fd463b79011e42a6cf83d9b05c17248aef61d833c57e09ab2644f";

describe("promotion fails, naming the field, when prod would be looser than dev", () => {
  it("approves a client dev does not approve", () => {
    const report = promotionOf({
      prod: (prod) =>
        prod.approvedClients.push({ clientId: "Zz2Bv7Xk4Mq9Wd1Zs6Hr3Lp8Jc5Ge0Fy", description: "Reporting job that reads users", scopes: ["users:read"] }),
    });
    expect(problemLines(report)).toEqual([
      'approvedClients[1]: prod approves "Reporting job that reads users" (Zz2Bv7Xk4Mq9Wd1Zs6Hr3Lp8Jc5Ge0Fy) for facade tokens, which dev does not approve (approved clients pair across stages by description)',
    ]);
    expect(report.differences.map((diff) => `${diff.change} ${diff.path}`)).toContain(
      "only-in-target ProtectedApi/ApprovedClient-Zz2Bv7Xk4Mq9Wd1Zs6Hr3Lp8Jc5Ge0Fy",
    );
  });

  it("grants an approved client more scopes", () => {
    const report = promotionOf({ prod: (prod) => (prod.approvedClients[0].scopes = ["users:read", "users:authenticate"]) });
    expect(problemLines(report)).toEqual([
      'approvedClients[0].scopes: "Support console: looks up legacy accounts while users migrate" holds users:authenticate in prod, not in dev',
    ]);
  });

  it("enables more scripts (and so grants the scripts' client more scopes)", () => {
    const report = promotionOf({
      prod: (prod) => {
        prod.connection.importMode = false;
        prod.connection.scripts = ["login", "get_user", "verify"];
      },
    });
    expect(problemLines(report)).toEqual([
      "connection.scripts: the scripts' M2M client (its scopes follow the enabled scripts) holds users:verify_email in prod, not in dev",
      "connection.scripts: prod enables verify, which dev does not",
    ]);
  });

  it("opens sign-up by enabling the create script", () => {
    const report = promotionOf({
      prod: (prod) => {
        prod.connection.importMode = false;
        prod.connection.scripts = ["login", "get_user", "create"];
      },
    });
    expect(problemLines(report)).toContain("connection.scripts (auth0_connection.options.disable_signup): prod lets users sign up, dev does not");
  });

  it("drops the certificate pins", () => {
    const report = promotionOf({ prod: (prod) => (prod.facade.certificate = { type: "ca-issued" }) });
    expect(problemLines(report)).toEqual([
      "facade.certificate: prod trusts any CA-issued facade certificate where dev pins 1 (keep a self-signed certificate with sha256Pins)",
    ]);
  });

  it("lets facade tokens live longer", () => {
    const report = promotionOf({ prod: (prod) => (prod.accessToken.lifetimeSeconds = 900) });
    expect(problemLines(report)).toEqual([
      "accessToken.lifetimeSeconds: prod's facade tokens live longer than dev's (token_lifetime 900 s > 600 s, token_lifetime_for_web 900 s > 600 s)",
    ]);
  });

  it("keeps Action secrets in state where dev keeps them write-only", () => {
    const report = promotionOf({ prod: (prod) => (prod.actionSecrets = "state") });
    expect(problemLines(report)).toEqual([
      "actionSecrets: prod keeps Action secrets in state (ExchangeGuard/Guard/Action, LoginGuard/Guard/Action), dev never writes them there (write-only)",
    ]);
  });

  it("waives a review finding dev does not waive", () => {
    const waiver = { rule: "facade-pins", resource: "prod/CustomDatabase/Connection", reason: "The facade moves to a public CA certificate next week." };
    expect(problemLines(promotionOf({ prod: (prod) => (prod.suppressions = [waiver]) }))).toEqual([
      "suppressions[0]: prod waives facade-pins for prod/CustomDatabase/Connection, which dev does not waive",
    ]);
    const both = promotionOf({ dev: (dev) => (dev.suppressions = [{ ...waiver, resource: "dev/CustomDatabase/Connection" }]), prod: (prod) => (prod.suppressions = [waiver]) });
    expect(both.problems).toEqual([]);
  });

  describe("in what no stage file can express, read from what prod will apply", () => {
    let input: PromotionInput;
    beforeAll(() => {
      input = promotionInput();
    });
    const failures = (edit: (document: Record<string, any>) => void) => problemLines(comparePromotion(withTamperedProdStack(input, edit)));

    it("lets users get facade tokens", () => {
      expect(failures((document) => (onlyResource(document, "auth0_resource_server").subject_type_authorization.user.policy = "allow_all"))).toEqual([
        "auth0_resource_server.subject_type_authorization.user.policy: prod sets allow_all where dev sets deny_all (users must never get facade tokens)",
      ]);
    });

    it("lets clients without a grant get facade tokens", () => {
      expect(failures((document) => delete onlyResource(document, "auth0_resource_server").subject_type_authorization.client)).toEqual([
        "auth0_resource_server.subject_type_authorization.client.policy: prod sets (tenant default) where dev sets require_client_grant (a client needs an explicit grant for facade tokens)",
      ]);
    });

    it("turns brute-force protection off", () => {
      expect(failures((document) => (onlyResource(document, "auth0_connection").options.brute_force_protection = false))).toEqual([
        "auth0_connection.options.brute_force_protection: prod turns brute-force protection off, dev has it on",
      ]);
    });

    it("binds no login guard", () => {
      expect(failures((document) => delete document.resource.auth0_trigger_action.LoginGuard_Binding_E3CC0BF3)).toEqual([
        "auth0_trigger_action (post-login): prod binds no Action to post-login, dev does",
      ]);
    });

    it("runs different script or Action bytes than dev was tested with", () => {
      const lines = failures((document) => {
        const connection = onlyResource(document, "auth0_connection");
        connection.options.custom_scripts.login = connection.options.custom_scripts.login.replace("callback", "callback /* changed */");
        document.resource.auth0_action.ExchangeGuard_Action_C256E679.code += "\n// changed";
      });
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^script login: prod would run different script login bytes than dev was tested with \(sha256 [0-9a-f]{12}, \d+ bytes; dev: [0-9a-f]{12}, \d+ bytes\)$/);
      expect(lines[1]).toMatch(/^action ExchangeGuard\/Guard\/Action: prod would run different action ExchangeGuard\/Guard\/Action bytes than dev was tested with/);
    });
  });
});

describe("promotion fails when a stage file sets a field the other lacks", () => {
  it("names a setting prod leaves to its default", () => {
    const report = promotionOf({ prod: (prod) => delete prod.accessToken });
    expect(problemLines(report)).toEqual([
      expect.stringMatching(/^accessToken\.lifetimeSeconds: .*prod\.json lacks accessToken\.lifetimeSeconds, which .*dev\.json sets \(a default would decide prod's value\)$/),
    ]);
  });

  it("names a setting only prod has", () => {
    const report = promotionOf({ dev: (dev) => delete dev.actionSecrets });
    expect(problemLines(report)).toEqual([
      expect.stringMatching(/^actionSecrets: .*prod\.json sets actionSecrets, which .*dev\.json lacks \(dev never tested it\)$/),
    ]);
  });

  it("does not count the values meant to differ, nor the editor's $schema", () => {
    const report = promotionOf({
      prod: (prod) => {
        delete prod.backend;
        delete prod.$schema;
        prod.facade.certificate.sha256Pins = [DEV_PIN];
      },
    });
    expect(report.problems).toEqual([]);
  });
});

describe("promotion passes what is stricter, or only different where it may be", () => {
  it("passes a stricter prod, and still shows every difference", () => {
    const report = promotionOf({
      prod: (prod) => {
        prod.accessToken.lifetimeSeconds = 300;
        prod.approvedClients = [];
        prod.facade.timeoutMs = 8000;
      },
    });
    expect(passes(report)).toBe(true);
    expect(report.differences.map((diff) => `${diff.change} ${diff.path}: ${diff.fields.map((field) => field.field).join(", ")}`)).toEqual([
      "changed ExchangeGuard/Guard/Action: secrets_wo[0].value, secrets_wo_version",
      "only-in-source ProtectedApi/ApprovedClient-Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja: audience, client_id, scopes[0], subject_type",
      "changed CustomDatabase/Connection: options.configuration.FACADE_TIMEOUT_MS",
      "changed ProtectedApi/ResourceServer: token_lifetime, token_lifetime_for_web",
    ]);
  });
});
