import { describe, expect, it } from "vitest";
import { loadStages } from "../../lib/config/load-stages";
import { configFolder, exampleStage, problemsOf } from "../support/stage-files";

type Edit = (stage: Record<string, any>) => void;

function problemsAfter(edit: Edit): string[] {
  const stage = exampleStage();
  edit(stage);
  return problemsOf(configFolder({ "dev.json": stage }));
}

function acceptedAfter(edit: Edit): boolean {
  const stage = exampleStage();
  edit(stage);
  return loadStages(configFolder({ "dev.json": stage })).length === 1;
}

const suppressedWith =
  (reason: string): Edit =>
  (stage) => {
    stage.suppressions = [{ rule: "facade-pins", resource: "dev/CustomDatabase/Connection", reason }];
  };

const SENTENCE_EXPECTED = "expected a reason written as at least one full sentence (a capital first, several words, a full stop last)";

describe("a suppression's reason", () => {
  it.each([
    ["starts in lower case", "the legacy facade is retired next quarter."],
    ["starts in lower case, with a capital further on", "legacy Facade is retired next quarter."],
    ["has no full stop at the end", "Legacy facade. It is retired next quarter"],
    ["has three words", "Unavoidable legacy constraint."],
    ["has three words, spaced wide", "Unavoidable   legacy   constraint."],
  ])("is refused when it %s", (_, reason) => {
    expect(problemsAfter(suppressedWith(reason))).toEqual([`dev.json: suppressions[0].reason: ${SENTENCE_EXPECTED}, found ${JSON.stringify(reason)}`]);
  });

  it.each([
    ["four words and a full stop", "Legacy facade retires soon."],
    ["a question mark", "Why pin a CA-issued certificate at all?"],
    ["spaces around it (trimmed)", "  The facade's certificate is CA-issued here.  "],
  ])("is accepted with %s", (_, reason) => {
    expect(acceptedAfter(suppressedWith(reason))).toBe(true);
  });

  it("is refused when the same rule and resource are suppressed twice", () => {
    const reason = "The facade's certificate is CA-issued in this stage.";
    expect(
      problemsAfter((stage) => {
        stage.suppressions = [
          { rule: "facade-pins", resource: "dev/CustomDatabase/Connection", reason },
          { rule: "facade-pins", resource: "dev/CustomDatabase/Connection", reason },
        ];
      }),
    ).toEqual([
      'dev.json: suppressions[1]: expected each rule and resource at most once (this pair is already suppressed), found "dev/CustomDatabase/Connection"',
    ]);
  });
});

describe("stage file fields", () => {
  it("refuses an approved client listed twice", () => {
    expect(
      problemsAfter((stage) => {
        stage.approvedClients.push({ ...stage.approvedClients[0] });
      }),
    ).toEqual(['dev.json: approvedClients: expected each client at most once, found ["Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja","Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja"]']);
  });

  it.each([
    ["legacy-facade.dev.acme.example", '"legacy-facade.dev.acme.example"'],
    ["https://", '"https://"'],
    ["https://user:secret@legacy-facade.dev.acme.example", '"https://***@legacy-facade.dev.acme.example"'],
  ])("refuses the facade URL %s, never echoing its credentials", (url, shown) => {
    expect(
      problemsAfter((stage) => {
        stage.facade.url = url;
      }),
    ).toEqual([`dev.json: facade.url: expected an https:// URL without credentials, query or fragment, found ${shown}`]);
  });

  it("suggests the field a misspelt one most likely means", () => {
    expect(
      problemsAfter((stage) => {
        stage.facade.timout = 4000;
        stage.conection = {};
      }),
    ).toEqual(['dev.json: facade: unknown field "timout" (did you mean "timeoutMs"?)', 'dev.json: unknown field "conection" (did you mean "connection"?)']);
  });

  it("keeps the wrong end of a long value it cannot show whole", () => {
    const pin = "5E:2B:79:1C:0A:8F:D4:63:B7:90:11:E4:2A:6C:F8:3D:9B:05:C1:72:48:AE:F6:1D:83:3C:57:E0:9A:B2:64:4Z";
    expect(
      problemsAfter((stage) => {
        stage.facade.certificate.sha256Pins = [pin];
      }),
    ).toEqual([
      'dev.json: facade.certificate.sha256Pins[0]: expected a SHA-256 fingerprint: 64 hex digits, with or without colons between byte pairs ("Z" at character 95 is not a hex digit), found "5E:2B:79:1C:0A:8F:D4:63:B7:90:11:E4:2A...2:48:AE:F6:1D:83:3C:57:E0:9A:B2:64:4Z"',
    ]);
  });

  it("refuses an audience with a trailing space, which would never match a token request", () => {
    expect(
      problemsAfter((stage) => {
        stage.facade.audience = "https://legacy-facade.dev.acme.example/ ";
      }),
    ).toEqual(['dev.json: facade.audience: expected no leading or trailing spaces, found "https://legacy-facade.dev.acme.example/ "']);
  });

  it.each(["https://acme-dev.eu.auth0.com/api/v2/", "https://login.acme.example/api/v2/", "HTTPS://Legacy.Example/API/V2/"])(
    "refuses a facade audience shaped like a Management API (%s), which a broken exchange guard lets through",
    (audience) => {
      expect(
        problemsAfter((stage) => {
          stage.facade.audience = audience;
        }),
      ).toEqual([
        `dev.json: facade.audience: expected an audience of the facade's own, not one shaped like a tenant's Management API (https://<host>/api/v2/): a broken credentials-exchange guard still lets that shape through, so Terraform can repair it, found ${JSON.stringify(audience)}`,
      ]);
    },
  );

  it("takes a facade audience that merely resembles a Management API path", () => {
    expect(acceptedAfter((stage) => (stage.facade.audience = "https://legacy-facade.acme.example/api/v2/users"))).toBe(true);
  });

  it("takes any region for a domain that does not name one, and the named one otherwise", () => {
    expect(acceptedAfter((stage) => Object.assign(stage.tenant, { domain: "acme-dev.auth0.com", region: "US" }))).toBe(true);
    expect(acceptedAfter((stage) => Object.assign(stage.tenant, { domain: "acme-dev.jp.auth0.com", region: "JP" }))).toBe(true);
    expect(problemsAfter((stage) => Object.assign(stage.tenant, { domain: "acme-dev.us.auth0.com", region: "EU" }))).toEqual([
      'dev.json: tenant.region: expected "US", the region in the tenant domain, found "EU"',
    ]);
  });

  it("says which fields are missing, and shows a present value that is wrong", () => {
    expect(
      problemsAfter((stage) => {
        delete stage.facade.url;
        stage.actionSecrets = "plain";
        stage.facade.timeoutMs = 10;
        stage.extra = 1;
        stage.tenant.extra = 2;
        stage.tenant.other = 3;
      }),
    ).toEqual([
      'dev.json: tenant: unknown fields "extra", "other"; the fields here are domain, region',
      "dev.json: facade.url: missing (expected string)",
      "dev.json: facade.timeoutMs: expected number to be >=500, found 10",
      'dev.json: actionSecrets: expected one of "write-only", "state", found "plain"',
      'dev.json: unknown field "extra"; the fields here are tenant, facade, connection, approvedClients, adopt, clientAuthentication, accessToken, actionSecrets, backend, suppressions, planWaivers, promotionWaivers',
    ]);
  });
});

describe("state locations", () => {
  it.each([
    [{ type: "s3", bucket: "acme-state", key: "auth0/dev.tfstate", region: "eu-west-1" }, "s3://acme-state/auth0/dev.tfstate"],
    [{ type: "gcs", bucket: "acme-state", prefix: "auth0/dev" }, "gs://acme-state/auth0/dev"],
    [
      { type: "azurerm", resourceGroupName: "rg", storageAccountName: "acmestate", containerName: "tfstate", key: "auth0/dev" },
      "azurerm://acmestate/tfstate/auth0/dev",
    ],
    [{ type: "hcp-terraform", organization: "acme", workspace: "auth0-dev" }, "hcp://app.terraform.io/acme/auth0-dev"],
    [{ type: "hcp-terraform", organization: "acme", workspace: "auth0-dev", hostname: "tfe.acme.example" }, "hcp://tfe.acme.example/acme/auth0-dev"],
  ])("refuses two stages on one %o", (backend, location) => {
    const dev = exampleStage();
    const qa = exampleStage();
    dev.backend = backend;
    qa.backend = backend;
    qa.connection.name = "legacy-users-qa";
    expect(problemsOf(configFolder({ "dev.json": dev, "qa.json": qa }))).toEqual([
      `qa.json: backend: expected a state location of its own, not shared with dev.json, found ${JSON.stringify(location)}`,
    ]);
  });

  it("refuses a local path that names another stage's default state file in other words", () => {
    const dev = exampleStage();
    const qa = exampleStage();
    qa.backend = { type: "local", path: "./state/../terraform.dev.tfstate" };
    qa.connection.name = "legacy-users-qa";
    expect(problemsOf(configFolder({ "dev.json": dev, "qa.json": qa }))).toEqual([
      'qa.json: backend: expected a state location of its own, not shared with dev.json, found "local:terraform.dev.tfstate"',
    ]);
  });

  it("refuses local state inside cdktf.out, which every synth replaces", () => {
    const dev = exampleStage();
    dev.backend = { type: "local", path: "cdktf.out/dev.tfstate" };
    expect(problemsOf(configFolder({ "dev.json": dev }))).toEqual([
      'dev.json: backend.path: expected a state file outside cdktf.out, which every synth replaces, found "cdktf.out/dev.tfstate"',
    ]);
  });

  it("takes two stages that differ in any part of the location", () => {
    const dev = exampleStage();
    const qa = exampleStage();
    dev.backend = { type: "gcs", bucket: "acme-state", prefix: "auth0/dev" };
    qa.backend = { type: "gcs", bucket: "acme-state", prefix: "auth0/qa" };
    qa.connection.name = "legacy-users-qa";
    expect(loadStages(configFolder({ "dev.json": dev, "qa.json": qa })).map((config) => config.stage)).toEqual(["dev", "qa"]);
  });
});

describe("choosing stages", () => {
  it("names a requested stage that has no file", () => {
    expect(problemsOf(configFolder({ "dev.json": exampleStage() }), ["prod"])).toEqual(["prod.json: expected a stage file for the requested stage"]);
  });

  it("reports a requested stage's broken file once, by its own problem", () => {
    const dir = configFolder({ "dev.json": exampleStage(), "prod.json": "{" });
    expect(problemsOf(dir, ["prod"])).toEqual(["prod.json: expected valid JSON, found a syntax error at line 1, column 2: a closing } was expected"]);
  });

  it("returns only the requested stages", () => {
    const dev = exampleStage();
    const qa = exampleStage();
    qa.backend = { type: "local", path: "terraform.qa.tfstate" };
    qa.connection.name = "legacy-users-qa";
    expect(loadStages(configFolder({ "dev.json": dev, "qa.json": qa }), ["qa"]).map((config) => config.stage)).toEqual(["qa"]);
  });
});
