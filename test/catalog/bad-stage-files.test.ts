import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkEnvCommand } from "../../lib/cli/check-env-command";
import { synthCommand } from "../../lib/cli/synth-command";
import { capturedOutput, folderDigest, previousGoodOutput } from "../support/output-folder";
import { unmutatedSources } from "../support/synthesized-examples";
import { FIXTURE_STAGES, configFolder, exampleStage } from "../support/stage-files";

const SHA1 = "a9:99:3e:36:47:06:81:6a:ba:3e:25:71:78:50:c2:6c:9c:d0:d8:9d";
const NOT_HEX = "g".repeat(64);

type Stage = Record<string, any>;
const edit = (change: (stage: Stage) => void) => (): Record<string, unknown> => {
  const stage = exampleStage();
  change(stage);
  return { "dev.json": stage };
};

/** Each malformed input, and exactly what the user reads ($ is the config folder). */
const CASES: [string, () => Record<string, unknown>, string[]][] = [
  ["a wrong type", edit((s) => (s.accessToken.lifetimeSeconds = "600")), ['$/dev.json: accessToken.lifetimeSeconds: expected number, found "600"']],
  [
    "an unknown field",
    edit((s) => (s.facade.tlsMode = "strict")),
    ['$/dev.json: facade: unknown field "tlsMode"; the fields here are url, audience, certificate, timeoutMs'],
  ],
  [
    "an http facade URL",
    edit((s) => (s.facade.url = "http://legacy-facade.dev.acme.example")),
    ['$/dev.json: facade.url: expected an https:// URL without credentials, query or fragment, found "http://legacy-facade.dev.acme.example"'],
  ],
  [
    "a fingerprint of the wrong length (SHA-1)",
    edit((s) => (s.facade.certificate.sha256Pins = [SHA1])),
    [
      `$/dev.json: facade.certificate.sha256Pins[0]: expected a SHA-256 fingerprint: 64 hex digits, with or without colons between byte pairs (it has 40 hex digits), found "${SHA1}"`,
    ],
  ],
  [
    "a fingerprint with non-hex digits",
    edit((s) => (s.facade.certificate.sha256Pins = [NOT_HEX])),
    [
      `$/dev.json: facade.certificate.sha256Pins[0]: expected a SHA-256 fingerprint: 64 hex digits, with or without colons between byte pairs ("g" at character 1 is not a hex digit), found "${NOT_HEX}"`,
    ],
  ],
  // Long values are cut at 80 characters.
  [
    "three pins",
    edit((s) => (s.facade.certificate.sha256Pins = ["a".repeat(64), "b".repeat(64), "c".repeat(64)])),
    [`$/dev.json: facade.certificate.sha256Pins: expected 1 or 2 pins (two while a certificate is rotated), found ["${"a".repeat(37)}...${"c".repeat(36)}"]`],
  ],
  [
    "a self-signed certificate without pins",
    edit((s) => (s.facade.certificate.sha256Pins = [])),
    ["$/dev.json: facade.certificate.sha256Pins: expected 1 or 2 pins (two while a certificate is rotated), found []"],
  ],
  [
    "an empty list of applications",
    edit((s) => (s.connection.enabledClients = [])),
    ["$/dev.json: connection.enabledClients: expected at least one application (a connection no application uses is dead config), found []"],
  ],
  [
    "an approved client with no scopes",
    edit((s) => (s.approvedClients[0].scopes = [])),
    ["$/dev.json: approvedClients[0].scopes: expected at least one scope, found []"],
  ],
  [
    "an empty approved client ID",
    edit((s) => (s.approvedClients[0].clientId = "")),
    ['$/dev.json: approvedClients[0].clientId: expected an Auth0 client ID (32 letters and digits), found ""'],
  ],
  [
    "a suppression without a written reason",
    edit((s) => (s.suppressions = [{ rule: "action-secrets-write-only", resource: "dev/LoginGuard/Guard/Action", reason: "ok" }])),
    [expect.stringMatching(/^\$\/dev\.json: suppressions\[0\]\.reason: expected .*, found "ok"$/)] as unknown as string[],
  ],
  [
    "invalid JSON",
    () => ({ "dev.json": "{ not json" }),
    ["$/dev.json: expected valid JSON, found a syntax error at line 1, column 3: an unexpected character"],
  ],
  ["an unreadable stage file", () => ({}), ["$/dev.json: expected a readable file (EISDIR)"]],
  [
    "a stray file",
    () => ({ "dev.json": exampleStage(), "Dev.json": exampleStage() }),
    ["$/Dev.json: expected a file name like dev.json (lowercase letters, digits, hyphens)"],
  ],
  [
    "duplicate stages on one state and one tenant connection",
    () => ({ "dev.json": exampleStage(), "dev-copy.json": { ...exampleStage(), backend: { type: "local", path: "terraform.dev.tfstate" } } }),
    [
      '$/dev.json: backend: expected a state location of its own, not shared with $/dev-copy.json, found "local:terraform.dev.tfstate"',
      '$/dev.json: connection.name: expected a connection of its own, not shared with $/dev-copy.json, found "acme-dev.eu.auth0.com/legacy-users"',
    ],
  ],
  ["no stage file at all", () => ({}), ["$: expected at least one stage file (<stage>.json)"]],
];

describe("bad stage files: one clear error each, and nothing written", () => {
  let outdir: string;
  let before: Record<string, string>;
  beforeAll(() => {
    ({ outdir, digest: before } = previousGoodOutput());
  });

  it.each(CASES)("%s", (name, files, expected) => {
    const dir = configFolder(files());
    if (name === "an unreadable stage file") mkdirSync(join(dir, "dev.json"));
    const output = capturedOutput();
    expect(synthCommand(["--config", dir, "--outdir", outdir], output, { sourceRoot: unmutatedSources() })).toBe(2);
    const [headline, ...problems] = output.errors[0].split("\n");
    expect(headline).toBe(`invalid stage configuration (${expected.length} problem${expected.length === 1 ? "" : "s"}):`);
    expect(problems.map((line) => line.trim().replaceAll(dir, "$"))).toEqual(expected);
    expect(output.errors[1]).toBe("nothing was written");
    expect(folderDigest(outdir)).toEqual(before);
  });

  it("a missing config folder", () => {
    const output = capturedOutput();
    expect(synthCommand(["--config", "/nonexistent/config", "--outdir", outdir], output)).toBe(2);
    expect(output.errors[0]).toBe("invalid stage configuration (1 problem):\n  /nonexistent/config: expected a readable folder of stage files (ENOENT)");
    expect(folderDigest(outdir)).toEqual(before);
  });

  it("missing credentials for the provider", () => {
    const output = capturedOutput();
    expect(checkEnvCommand(["dev", "--config", FIXTURE_STAGES], {}, output)).toBe(1);
    expect(output.errors).toEqual([
      "environment: no Auth0 credentials are set for stage dev (test/fixtures/stages/dev.json): expected AUTH0_CLIENT_ID with AUTH0_CLIENT_SECRET (or with AUTH0_CLIENT_ASSERTION_PRIVATE_KEY and AUTH0_CLIENT_ASSERTION_SIGNING_ALG), or AUTH0_API_TOKEN",
    ]);
    const half = capturedOutput();
    expect(checkEnvCommand(["dev", "--config", FIXTURE_STAGES], { AUTH0_CLIENT_ID: "deployer" }, half)).toBe(1);
    expect(half.errors[0]).toMatch(/^environment: AUTH0_CLIENT_SECRET is missing for stage dev/);
    expect(checkEnvCommand(["dev", "--config", FIXTURE_STAGES], { AUTH0_CLIENT_ID: "deployer", AUTH0_CLIENT_SECRET: "s3cret" }, capturedOutput())).toBe(0);
  });

  it("credentials for another tenant", () => {
    const output = capturedOutput();
    expect(checkEnvCommand(["dev", "--config", FIXTURE_STAGES], { AUTH0_API_TOKEN: "token-value", AUTH0_DOMAIN: "acme.eu.auth0.com" }, output)).toBe(1);
    expect(output.errors).toEqual([
      "environment: AUTH0_DOMAIN is acme.eu.auth0.com but stage dev (test/fixtures/stages/dev.json) deploys to acme-dev.eu.auth0.com: the credentials are probably for another tenant (unset AUTH0_DOMAIN or fix it)",
    ]);
    expect(output.errors.join("")).not.toContain("token-value");
  });
});
