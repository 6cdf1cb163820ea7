import { describe, expect, it } from "vitest";
import { loadStages } from "../../lib/config/load-stages";
import { FIXTURE_STAGES, configFolder, exampleStage, problemsOf } from "../support/stage-files";

describe("stage files", () => {
  it("loads stage files with defaults applied", () => {
    const [dev, prod] = loadStages(FIXTURE_STAGES);
    expect(dev.stage).toBe("dev");
    expect(prod.stage).toBe("prod");
    expect(dev.sourceFile).toBe("test/fixtures/stages/dev.json");
    expect(dev.accessToken.lifetimeSeconds).toBe(600);
  });

  it("accepts a pin with or without colons, in any case, and stores one canonical form", () => {
    const pin = "5E:2B:79:1C:0A:8F:D4:63:B7:90:11:E4:2A:6C:F8:3D:9B:05:C1:72:48:AE:F6:1D:83:3C:57:E0:9A:B2:64:4F";
    const canonical = pin.replace(/:/g, "").toLowerCase();
    for (const spelling of [pin, pin.toLowerCase(), canonical, canonical.toUpperCase(), ` ${canonical} `]) {
      const stage = exampleStage();
      stage.facade.certificate.sha256Pins = [spelling];
      const [config] = loadStages(configFolder({ "dev.json": stage }));
      expect(config.facade.certificate).toEqual({ type: "self-signed", sha256Pins: [canonical] });
    }
  });

  it("lists every problem as file, field, what was expected and what was found", () => {
    const stage = exampleStage();
    stage.facade.url = "http://legacy-facade.dev.acme.example";
    stage.facade.certificate.sha256Pins = ["AB:CD"];
    stage.connection.scripts = ["login"];
    stage.accessToken.lifetimeSeconds = "600";
    stage.surprise = true;
    const dir = configFolder({ "dev.json": stage });
    expect(problemsOf(dir)).toEqual([
      'dev.json: facade.url: expected an https:// URL without credentials, query or fragment, found "http://legacy-facade.dev.acme.example"',
      'dev.json: facade.certificate.sha256Pins[0]: expected a SHA-256 fingerprint: 64 hex digits, with or without colons between byte pairs (it has 4 hex digits), found "AB:CD"',
      'dev.json: connection.scripts: expected at least login and get_user, found ["login"]',
      'dev.json: accessToken.lifetimeSeconds: expected number, found "600"',
      'dev.json: unknown field "surprise"; the fields here are tenant, facade, connection, approvedClients, adopt, clientAuthentication, accessToken, actionSecrets, backend, suppressions, planWaivers, promotionWaivers',
    ]);
  });

  it("reports invalid JSON, a stray file and a missing field in one go", () => {
    const missing = exampleStage();
    delete missing.tenant.region;
    const dir = configFolder({ "dev.json": "{ not json", "notes.txt": "hello", "qa.json": missing });
    expect(problemsOf(dir)).toEqual([
      "dev.json: expected valid JSON, found a syntax error at line 1, column 3: an unexpected character",
      "notes.txt: expected a file name like dev.json (lowercase letters, digits, hyphens)",
      'qa.json: tenant.region: missing (expected one of "US", "EU", "AU", "JP", "UK", "CA")',
    ]);
  });

  it("refuses scripts import mode never runs, since their scopes would be granted for nothing", () => {
    const stage = exampleStage();
    stage.connection.scripts = ["login", "get_user", "delete"];
    expect(problemsOf(configFolder({ "dev.json": stage }))).toEqual([
      'dev.json: connection.scripts: expected only login and get_user in import mode (Auth0 never calls delete there, so their facade scopes would be granted for nothing), found ["login","get_user","delete"]',
    ]);
  });

  it("refuses an approved client scope that no enabled script uses", () => {
    const stage = exampleStage();
    stage.approvedClients[0].scopes = ["users:read", "users:delete"];
    expect(problemsOf(configFolder({ "dev.json": stage }))).toEqual([
      'dev.json: approvedClients[0].scopes[1]: expected one of the scopes the enabled scripts use (users:authenticate, users:read), found "users:delete"',
    ]);
  });

  it("refuses a region that contradicts the tenant domain", () => {
    const stage = exampleStage();
    stage.tenant.region = "US";
    expect(problemsOf(configFolder({ "dev.json": stage }))).toEqual(['dev.json: tenant.region: expected "EU", the region in the tenant domain, found "US"']);
  });

  it("refuses two stages on one state or one tenant connection", () => {
    const dev = exampleStage();
    const qa = exampleStage();
    qa.backend = { type: "local", path: "terraform.dev.tfstate" };
    expect(problemsOf(configFolder({ "dev.json": dev, "qa.json": qa }))).toEqual([
      'qa.json: backend: expected a state location of its own, not shared with dev.json, found "local:terraform.dev.tfstate"',
      'qa.json: connection.name: expected a connection of its own, not shared with dev.json, found "acme-dev.eu.auth0.com/legacy-users"',
    ]);
  });
});
