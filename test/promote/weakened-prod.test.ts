import { beforeAll, describe, expect, it } from "vitest";
import { comparePromotion, passes } from "../../lib/promote/compare-promotion";
import type { PromotionInput } from "../../lib/promote/promotion-input";
import { loadStages } from "../../lib/config/load-stages";
import { synthesizeStage } from "../../lib/promote/synthesize-promotion";
import { SynthesizedStack, type StackDocument } from "../../lib/synthesized/synthesized-stack";
import { leftInTmpdir } from "../support/output-folder";
import { exampleStagesFolder, onlyResource, problemLines, promotionInput, promotionOf, withTamperedProdStack } from "./support/promotion-fixtures";

const DEV_PIN = "5e2b791c0a8fd463b79011e42a6cf83d9b05c17248aef61d833c57e09ab2644f";

describe("promotion fails, naming the field, when prod would be looser than dev", () => {
  it("approves a client dev does not approve", () => {
    const report = promotionOf({
      prod: (prod) =>
        prod.approvedClients.push({ clientId: "Zz2Bv7Xk4Mq9Wd1Zs6Hr3Lp8Jc5Ge0Fy", description: "Reporting job that reads users", scopes: ["users:read"] }),
    });
    expect(problemLines(report)).toEqual([
      'approvedClients (facade-access-as-declared): prod gives "Reporting job that reads users" facade tokens, which dev does not (approved clients pair across stages by description)',
    ]);
    expect(report.differences.map((diff) => `${diff.change} ${diff.path}`)).toContain(
      "only-in-target ProtectedApi/ApprovedClient-Zz2Bv7Xk4Mq9Wd1Zs6Hr3Lp8Jc5Ge0Fy",
    );
    // Its ID is prod's own value, set aside like the IDs of clients both stages approve.
    expect(report.setAside.filter((value) => value.field.startsWith("approvedClients["))).toEqual([
      {
        field: 'approvedClients["Support console: looks up legacy accounts while users migrate"].clientId',
        source: "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja",
        target: "Tn2Bv7Xk4Mq9Wd1Zs6Hr3Lp8Jc5Ge0Fy",
      },
      { field: 'approvedClients["Reporting job that reads users"].clientId', target: "Zz2Bv7Xk4Mq9Wd1Zs6Hr3Lp8Jc5Ge0Fy" },
    ]);
  });

  it("grants an approved client more scopes", () => {
    const report = promotionOf({ prod: (prod) => (prod.approvedClients[0].scopes = ["users:read", "users:authenticate"]) });
    expect(problemLines(report)).toEqual([
      'approvedClients (facade-access-as-declared): "Support console: looks up legacy accounts while users migrate" holds users:authenticate in prod, not in dev',
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
      "connection.scripts (facade-access-as-declared): the scripts' M2M client holds users:verify_email in prod, not in dev",
      "connection.scripts (connection-as-declared): prod enables verify, which dev does not",
    ]);
  });

  it("opens sign-up by enabling the create script", () => {
    const report = promotionOf({
      prod: (prod) => {
        prod.connection.importMode = false;
        prod.connection.scripts = ["login", "get_user", "create"];
      },
    });
    expect(problemLines(report)).toContain("connection.scripts (connection-as-declared): prod lets users sign up, dev does not");
  });

  it("drops the certificate pins", () => {
    const report = promotionOf({ prod: (prod) => (prod.facade.certificate = { type: "ca-issued" }) });
    expect(problemLines(report)).toEqual([
      "facade.certificate (facade-pins): prod trusts any CA-issued facade certificate where dev pins 1 (keep a self-signed certificate with sha256Pins)",
    ]);
  });

  it("lets facade tokens live longer", () => {
    const report = promotionOf({ prod: (prod) => (prod.accessToken.lifetimeSeconds = 900) });
    expect(problemLines(report)).toEqual([
      "accessToken.lifetimeSeconds (api-as-declared): prod's facade tokens live longer than dev's (token_lifetime 900 s > 600 s, token_lifetime_for_web 900 s > 600 s)",
    ]);
  });

  it("keeps Action secrets in state where dev keeps them write-only", () => {
    const report = promotionOf({ prod: (prod) => (prod.actionSecrets = "state") });
    expect(problemLines(report)).toEqual([
      "action-secrets-write-only: prod has a review warning that dev does not: prod/ExchangeGuard/Guard/Action: the Action keeps 2 secrets (APPROVED_CLIENT_IDS, FACADE_AUDIENCE) in Terraform state in plain text, although write-only secrets_wo is available",
      "action-secrets-write-only: prod has a review warning that dev does not: prod/LoginGuard/Guard/Action: the Action keeps 1 secret (FACADE_AUDIENCE) in Terraform state in plain text, although write-only secrets_wo is available",
    ]);
  });

  it("keeps its state, which holds the scripts' credential, in a local file where dev keeps it in an encrypted remote store", () => {
    const report = promotionOf({
      dev: (dev) => (dev.backend = { type: "s3", bucket: "acme-terraform-state", key: "auth0/legacy-facade/dev.tfstate", region: "eu-west-1" }),
      prod: (prod) => (prod.backend = { type: "local" }),
    });
    expect(problemLines(report)).toEqual([
      "backend (state-backend): prod keeps its Terraform state, which holds the scripts' credential in plain text, in a local file, where dev keeps it in s3, encrypted",
    ]);
  });

  it("keeps its state unencrypted, in a backend it cannot read, or with no backend at all, where dev's is remote and encrypted", () => {
    const input = promotionInput(exampleStagesFolder({ dev: (dev) => (dev.backend = { type: "gcs", bucket: "acme-terraform-state", prefix: "auth0/dev" }) }));
    const looser = (edit: (document: Record<string, any>) => void) => problemLines(comparePromotion(withTamperedProdStack(input, edit)));
    expect(looser((document) => (document.terraform.backend.s3.encrypt = false))).toEqual([
      "backend (state-backend): prod keeps its Terraform state, which holds the scripts' credential in plain text, in s3, not encrypted, where dev keeps it in gcs",
    ]);
    expect(looser((document) => (document.terraform.backend = { http: { address: "https://state.example" } }))).toEqual([
      "backend (state-backend): prod's state backend cannot be read, where dev keeps its Terraform state, which holds the scripts' credential in plain text, in gcs",
    ]);
    expect(looser((document) => delete document.terraform.backend)).toEqual([
      "backend (state-backend): prod keeps its Terraform state, which holds the scripts' credential in plain text, in local (no backend declared), where dev keeps it in gcs",
    ]);
    expect(looser((document) => (document.terraform.backend = { remote: { organization: "acme" } }))).toEqual([]);
    expect(
      looser((document) => {
        delete document.terraform.backend;
        document.terraform.cloud = { organization: "acme", workspaces: { name: "prod" } };
      }),
    ).toEqual([]);
    expect(comparePromotion(input).facts.find((fact) => fact.id === "state-backend")?.summary).toBe("state: dev gcs, prod s3, encrypted");
  });

  it("reads each backend as Terraform would: HCP Terraform, azurerm, and a backend block that is no single backend", () => {
    const input = promotionInput(exampleStagesFolder({ dev: (dev) => (dev.backend = { type: "gcs", bucket: "acme-terraform-state", prefix: "auth0/dev" }) }));
    const summary = (edit: (document: Record<string, any>) => void) =>
      comparePromotion(withTamperedProdStack(input, edit)).facts.find((fact) => fact.id === "state-backend")?.summary;
    expect(
      summary((document) => {
        delete document.terraform.backend;
        document.terraform.cloud = { organization: "acme", workspaces: { name: "prod" } };
      }),
    ).toBe("state: dev gcs, prod HCP Terraform");
    expect(summary((document) => (document.terraform.backend = { azurerm: { key: "prod" } }))).toBe("state: dev gcs, prod azurerm");
    expect(summary((document) => (document.terraform.backend = { s3: {}, gcs: {} }))).toBe("state: dev gcs, prod unreadable");
    expect(summary((document) => (document.terraform.backend = "s3"))).toBe("state: dev gcs, prod unreadable");
    expect(summary((document) => (document.terraform.backend = { s3: null }))).toBe("state: dev gcs, prod s3, not encrypted");
  });

  it("holds no prod to more than a dev that keeps its state in a local file", () => {
    const input = promotionInput(exampleStagesFolder({}));
    const unreadable = withTamperedProdStack(input, (document) => (document.terraform.backend = { http: {} }));
    expect(comparePromotion(unreadable).facts.find((fact) => fact.id === "state-backend")).toEqual({
      id: "state-backend",
      summary: "state: dev a local file, prod unreadable",
      loosenings: [],
    });
  });

  it("cannot show its state as protected as dev's when dev's backend cannot be read", () => {
    const input = promotionInput(exampleStagesFolder({ dev: (dev) => (dev.backend = { type: "gcs", bucket: "acme-terraform-state", prefix: "auth0/dev" }) }));
    const devUnreadable = {
      ...input,
      source: {
        ...input.source,
        stack: new SynthesizedStack("dev", { ...structuredClone(input.source.stack.document), terraform: { backend: { http: {} } } } as StackDocument),
      },
    };
    expect(problemLines(comparePromotion(devUnreadable))).toEqual([
      "backend (state-backend): dev's state backend cannot be read, so prod's cannot be shown to protect its Terraform state, which holds the scripts' credential in plain text, as well",
    ]);
  });

  it("approves, under dev's description, one of prod's own applications that users log in to", () => {
    const report = promotionOf({ prod: (prod) => (prod.approvedClients[0].clientId = prod.connection.enabledClients[0]) });
    expect(problemLines(report)).toEqual([
      expect.stringMatching(
        /^facade-clients-not-user-facing: prod has a review error that dev does not: prod\/ProtectedApi\/ApprovedClient-Pm4Wx8Rt1Yz6Kb3Nq9Lc2Vh7Dj5Fs0Ga: Pm4Wx8Rt1Yz6Kb3Nq9Lc2Vh7Dj5Fs0Ga \(Support console: looks up legacy accounts while users migrate\) holds a facade grant and is enabled for the connection/,
      ),
    ]);
  });

  it("waives a review finding dev does not waive", () => {
    const waiver = {
      rule: "action-secrets-write-only",
      resource: "prod/LoginGuard/Guard/Action",
      reason: "The login guard's only secret is the facade audience, a public identifier.",
    };
    const report = promotionOf({
      dev: (dev) => (dev.actionSecrets = "state"),
      prod: (prod) => {
        prod.actionSecrets = "state";
        prod.suppressions = [waiver];
      },
    });
    expect(problemLines(report)).toEqual([
      "action-secrets-write-only: prod has a review warning it waives that dev does not: prod/LoginGuard/Guard/Action: the Action keeps 1 secret (FACADE_AUDIENCE) in Terraform state in plain text, although write-only secrets_wo is available",
    ]);
    const both = promotionOf({
      dev: (dev) => {
        dev.actionSecrets = "state";
        dev.suppressions = [{ ...waiver, resource: "dev/LoginGuard/Guard/Action" }];
      },
      prod: (prod) => {
        prod.actionSecrets = "state";
        prod.suppressions = [waiver];
      },
    });
    expect(both.problems).toEqual([]);
  });

  it("keeps a waiver that matches nothing, which the review calls an error", () => {
    const report = promotionOf({
      prod: (prod) =>
        (prod.suppressions = [
          { rule: "facade-pins", resource: "prod/CustomDatabase/Connection", reason: "The facade moves to a public CA certificate next week." },
        ]),
    });
    expect(problemLines(report)).toEqual([
      "suppression-matches-finding: prod has a review error that dev does not: suppressions[0]: the suppression of facade-pins for prod/CustomDatabase/Connection matches no finding: facade-pins finds nothing on prod/CustomDatabase/Connection: the suppression is stale",
    ]);
  });

  describe("in what no stage file can express, read from what prod will apply", () => {
    let input: PromotionInput;
    beforeAll(() => {
      input = promotionInput();
    });
    const failures = (edit: (document: Record<string, any>) => void) => problemLines(comparePromotion(withTamperedProdStack(input, edit)));

    it("lets users get facade tokens", () => {
      expect(failures((document) => (onlyResource(document, "auth0_resource_server").subject_type_authorization.user.policy = "allow_all"))).toEqual([
        "api-users-deny-all: prod has a review error that dev does not: prod/ProtectedApi/ResourceServer: the facade API's user policy is allow_all; it must be deny_all",
      ]);
    });

    it("lets clients without a grant get facade tokens", () => {
      expect(failures((document) => delete onlyResource(document, "auth0_resource_server").subject_type_authorization.client)).toEqual([
        "api-clients-require-grant: prod has a review error that dev does not: prod/ProtectedApi/ResourceServer: the facade API's client policy is not declared, so the tenant's setting applies, which this review cannot see; it must be require_client_grant",
      ]);
    });

    it("turns brute-force protection off", () => {
      expect(failures((document) => (onlyResource(document, "auth0_connection").options.brute_force_protection = false))).toEqual([
        "connection-brute-force-protection: prod has a review error that dev does not: prod/CustomDatabase/Connection: brute-force protection is false; it must be true",
      ]);
    });

    it("binds no login guard", () => {
      expect(failures((document) => delete document.resource.auth0_trigger_action.LoginGuard_Binding_E3CC0BF3)).toEqual([
        "login-guard-bound: prod has a review error that dev does not: prod/LoginGuard/Guard/Action: the post-login guard never runs: no binding of the stage's tenant binds it to post-login",
      ]);
    });

    it("deploys no exchange guard", () => {
      expect(failures((document) => (document.resource.auth0_action.ExchangeGuard_Action_C256E679.deploy = false))).toEqual([
        "exchange-guard-bound: prod has a review error that dev does not: prod/ExchangeGuard/Guard/Action: the credentials-exchange guard never runs: it is not deployed (deploy = false)",
      ]);
    });

    it("has its login guard watch another audience", () => {
      const lines = failures((document) => {
        const secret = document.resource.auth0_action.LoginGuard_Action_1DEF15BE.secrets_wo.find((entry: { name: string }) => entry.name === "FACADE_AUDIENCE");
        secret.value = "https://another-api.acme.example/";
      });
      expect(lines).toEqual([
        'login-guard-bound: prod has a review error that dev does not: prod: no post-login Action of the stage\'s tenant guards the facade audience "https://legacy-facade.acme.example/" (prod/LoginGuard/Guard/Action guards another audience)',
      ]);
    });

    it("adds a second connection with brute-force protection off", () => {
      const lines = failures((document) => {
        const connection = onlyResource(document, "auth0_connection");
        document.resource.auth0_connection.Shadow = { ...structuredClone(connection), name: "shadow-users", "//": { metadata: { path: "prod/Shadow" } } };
        document.resource.auth0_connection.Shadow.options.brute_force_protection = false;
      });
      expect(lines).toEqual([
        expect.stringMatching(
          /^connection-as-declared: prod has a review error that dev does not: prod\/Shadow: a custom database connection named "shadow-users", which .*prod\.json does not declare \(it declares "legacy-users"\)$/,
        ),
        "connection-brute-force-protection: prod has a review error that dev does not: prod/Shadow: brute-force protection is false; it must be true",
      ]);
    });

    const withTamperedBoth = (edit: (document: Record<string, any>, stage: string) => void) => {
      const tampered = withTamperedProdStack(input, (document) => edit(document, "prod"));
      const source = structuredClone(input.source.stack.document) as Record<string, any>;
      edit(source, "dev");
      return { ...tampered, source: { ...tampered.source, stack: new SynthesizedStack("dev", source as StackDocument) } };
    };

    it("pairs the findings both stages have, on the stack or on the same resource, and no others", () => {
      const sameOnBoth = comparePromotion(withTamperedBoth((document) => delete document.provider));
      expect(sameOnBoth.reviews.target.findings.map((finding) => finding.resource.path)).toContain("prod");
      expect(sameOnBoth.newFindings).toEqual([]);
      const otherResource = comparePromotion(
        withTamperedBoth((document, stage) => {
          const guard = stage === "dev" ? "ExchangeGuard_Action_C256E679" : "LoginGuard_Action_1DEF15BE";
          document.resource.auth0_action[guard].count = 1;
        }),
      );
      expect(otherResource.newFindings.map((finding) => `${finding.ruleId} ${finding.resource.path}`)).toEqual([
        "terraform-meta-arguments prod/LoginGuard/Guard/Action",
      ]);
    });

    it("compares facts it cannot read as looser, never as equal", () => {
      const report = comparePromotion(
        withTamperedProdStack(input, (document) => {
          const api = onlyResource(document, "auth0_resource_server");
          api.token_lifetime = "${var.lifetime}";
          onlyResource(document, "auth0_connection").options.configuration.FACADE_CERT_SHA256 = "${var.pins}";
          const grant = Object.values(document.resource.auth0_client_grant as Record<string, Record<string, unknown>>).find(
            (body) => body.client_id === "Tn2Bv7Xk4Mq9Wd1Zs6Hr3Lp8Jc5Ge0Fy",
          )!;
          grant.scopes = "${var.scopes}";
        }),
      );
      const facts = Object.fromEntries(report.facts.map((fact) => [fact.id, fact]));
      expect(facts["facade-pins"].summary).toBe("facade certificate pins: dev 1, prod unreadable");
      expect(facts["facade-pins"].loosenings.map((loosening) => loosening.message)).toEqual([
        "prod's facade certificate pins cannot be read, where dev pins 1",
      ]);
      expect(facts["api-as-declared"].summary).toBe("facade token lifetime: dev 600 s, prod unreadable s");
      expect(facts["api-as-declared"].loosenings.map((loosening) => loosening.message)).toEqual([
        "prod's facade tokens cannot be shown to live no longer than dev's (token_lifetime: dev 600 s, prod unreadable)",
      ]);
      expect(facts["facade-access-as-declared"].loosenings.map((loosening) => loosening.message)).toEqual([
        '"Support console: looks up legacy accounts while users migrate" holds (unreadable) in prod, not in dev',
      ]);
    });

    it("compares facts dev leaves unreadable as looser too, and a grant for a client it cannot read as a new client", () => {
      const report = comparePromotion(
        withTamperedBoth((document, stage) => {
          if (stage === "dev") {
            onlyResource(document, "auth0_resource_server").token_lifetime_for_web = "${var.lifetime}";
            onlyResource(document, "auth0_connection").options.configuration.FACADE_CERT_SHA256 = "${var.pins}";
            return;
          }
          const grant = Object.values(document.resource.auth0_client_grant as Record<string, Record<string, unknown>>).find(
            (body) => body.client_id === "Tn2Bv7Xk4Mq9Wd1Zs6Hr3Lp8Jc5Ge0Fy",
          )!;
          grant.client_id = '${lookup(var.clients, "support")}';
        }),
      );
      const loosenings = Object.fromEntries(report.facts.map((fact) => [fact.id, fact.loosenings.map((loosening) => loosening.message)]));
      expect(loosenings["facade-pins"]).toEqual(["dev's facade certificate pins cannot be read, so prod's cannot be shown to be as strict"]);
      expect(loosenings["api-as-declared"]).toEqual([
        "prod's facade tokens cannot be shown to live no longer than dev's (token_lifetime_for_web: dev unreadable, prod 600 s)",
      ]);
      expect(loosenings["facade-access-as-declared"]).toEqual([
        'prod gives a client it cannot read (${lookup(var.clients, "support")} (unreadable: the function lookup, which this review does not evaluate)) facade tokens, which dev does not (approved clients pair across stages by description)',
      ]);
    });

    it("never passes code Terraform computes, even when dev computes it too", () => {
      const report = comparePromotion(
        withTamperedBoth((document, stage) => {
          const scripts = onlyResource(document, "auth0_connection").options.custom_scripts;
          scripts.login = '${file("login.js")}';
          if (stage === "dev") scripts.get_user = '${file("get_user.js")}';
        }),
      );
      expect(report.code.problems.map((problem) => `${problem.field}: ${problem.message}`)).toEqual([
        "script get_user: prod would run different script get_user bytes than dev was tested with " +
          `(sha256 ${report.code.target.find((code) => code.name === "script get_user")?.sha256?.slice(0, 12)}, ` +
          `${report.code.target.find((code) => code.name === "script get_user")?.bytes} bytes; dev: not literal text)`,
        "script login: prod's script login is not literal text, so it cannot be shown to be the bytes dev was tested with",
      ]);
      expect(report.code.source.find((code) => code.name === "script login")).toEqual({ name: "script login", sha256: undefined, bytes: undefined });
    });

    it("counts more pins than a rotation needs as looser", () => {
      const report = comparePromotion(
        withTamperedProdStack(input, (document) => {
          onlyResource(document, "auth0_connection").options.configuration.FACADE_CERT_SHA256 = [DEV_PIN, "a".repeat(64), "b".repeat(64)].join(",");
        }),
      );
      expect(report.facts.find((fact) => fact.id === "facade-pins")?.loosenings.map((loosening) => loosening.message)).toEqual([
        "prod pins 3 facade certificates, more than the 2 a rotation needs, where dev pins 1",
      ]);
    });

    it("names a client it does not know by its ID, and passes fewer scripts, scopes and pins", () => {
      const report = comparePromotion(
        withTamperedProdStack(input, (document) => {
          const grant = Object.values(document.resource.auth0_client_grant as Record<string, Record<string, unknown>>).find(
            (body) => body.client_id === "Tn2Bv7Xk4Mq9Wd1Zs6Hr3Lp8Jc5Ge0Fy",
          )!;
          grant.client_id = "Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8Oo9Pp0Aa";
          delete onlyResource(document, "auth0_connection").options.custom_scripts.get_user;
        }),
      );
      const facts = Object.fromEntries(report.facts.map((fact) => [fact.id, fact]));
      expect(facts["facade-access-as-declared"].loosenings.map((loosening) => loosening.message)).toEqual([
        "prod gives client Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8Oo9Pp0Aa facade tokens, which dev does not (approved clients pair across stages by description)",
      ]);
      expect(facts["connection-as-declared"].summary).toBe("scripts: dev get_user, login; prod login");
      expect(facts["connection-as-declared"].loosenings).toEqual([]);
    });

    it("runs different script or Action bytes than dev was tested with", () => {
      const lines = failures((document) => {
        const connection = onlyResource(document, "auth0_connection");
        connection.options.custom_scripts.login = connection.options.custom_scripts.login.replace("callback", "callback /* changed */");
        document.resource.auth0_action.ExchangeGuard_Action_C256E679.code += "\n// changed";
      });
      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatch(
        /^script login: prod would run different script login bytes than dev was tested with \(sha256 [0-9a-f]{12}, \d+ bytes; dev: [0-9a-f]{12}, \d+ bytes\)$/,
      );
      expect(lines[1]).toMatch(
        /^action ExchangeGuard\/Guard\/Action: prod would run different action ExchangeGuard\/Guard\/Action bytes than dev was tested with/,
      );
      // And the review of prod finds that neither is the repository's bundle.
      expect(lines.slice(2).map((line) => line.split(":")[0])).toEqual(["code-matches-bundle", "code-matches-bundle"]);
    });
  });
});

describe("promotion fails when a stage file sets a field the other lacks", () => {
  it("names a setting prod leaves to its default", () => {
    const report = promotionOf({ prod: (prod) => delete prod.accessToken });
    expect(problemLines(report)).toEqual([
      expect.stringMatching(
        /^accessToken\.lifetimeSeconds: .*prod\.json lacks accessToken\.lifetimeSeconds, which .*dev\.json sets \(a default would decide prod's value\)$/,
      ),
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
  it("passes a prod that trusts CA-issued certificates when dev does too", () => {
    const caIssued = (stage: Record<string, any>) => (stage.facade.certificate = { type: "ca-issued" });
    const report = promotionOf({ dev: caIssued, prod: caIssued });
    expect(report.facts.find((fact) => fact.id === "facade-pins")).toEqual({
      id: "facade-pins",
      summary: "facade certificate pins: dev 0, prod 0",
      loosenings: [],
    });
    expect(passes(report)).toBe(true);
  });

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

describe("what promotion leaves behind", () => {
  it("synthesizes both stages, and the stage file's stack for --write, in temporary folders it removes", () => {
    const stages = exampleStagesFolder();
    let input: PromotionInput | undefined;
    expect(leftInTmpdir(() => (input = promotionInput(stages)))).toEqual([]);
    expect(input?.source.stackFile).toBe("dev (synthesized for promotion)");
    expect(input?.target.stackFile).toBe("prod (synthesized for promotion)");
    const prod = loadStages(stages).find((stage) => stage.stage === "prod")!;
    let stack: SynthesizedStack | undefined;
    expect(leftInTmpdir(() => (stack = synthesizeStage(prod)))).toEqual([]);
    expect(stack?.stage).toBe("prod");
    expect(stack?.ofType("auth0_connection")).toHaveLength(1);
  });
});
