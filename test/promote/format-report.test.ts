import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PromotionReport } from "../../lib/promote/compare-promotion";
import { formatPromotionReport } from "../../lib/promote/format-report";
import type { Finding } from "../../lib/review/finding";

const finding = (ruleId: string, path: string, suppressed = false): Finding => ({
  ruleId,
  severity: "error",
  resource: { path },
  message: "the facade API's user policy is allow_all; it must be deny_all",
  threat: "t",
  fix: "f",
  file: "cdk.tf.json",
  ...(suppressed ? { suppression: { reason: "r" } } : {}),
});

const SHA = (char: string) => char.repeat(64);

/** A failing promotion with one of each thing the report shows, built by hand so each line is known. */
function failingReport(): PromotionReport {
  const waived = finding("api-users-deny-all", "prod/ProtectedApi/ResourceServer", true);
  return {
    source: { stage: "dev", file: "config/dev.json" },
    target: { stage: "production", file: "config/production.json" },
    setAside: [
      { field: "tenant.domain", source: "dev.eu.auth0.com", target: "prod.eu.auth0.com" },
      { field: "tenant.region", source: "EU", target: "EU" },
      { field: "backend.bucket", target: "state" },
    ],
    differences: [
      {
        address: "auth0_connection.C",
        path: "CustomDatabase/Connection",
        change: "changed",
        fields: [
          { field: "options.brute_force_protection", source: true, target: false },
          { field: "options.custom_scripts.login", source: "a".repeat(121), target: "a".repeat(120) },
          { field: "enabled_clients", source: ["x".repeat(60), "y".repeat(60)], target: undefined },
        ],
      },
      { address: "auth0_client.Old", change: "only-in-source", fields: [{ field: "name", source: "old" }] },
      { address: "auth0_client.New", path: "Extra/Client", change: "only-in-target", fields: [{ field: "name", target: "new" }] },
    ],
    code: {
      source: [
        { name: "script login", sha256: SHA("a"), bytes: 10 },
        { name: "script get_user", sha256: SHA("b"), bytes: 20 },
        { name: "action ExchangeGuard/Guard/Action", sha256: undefined, bytes: undefined },
      ],
      target: [
        { name: "script login", sha256: SHA("a"), bytes: 10 },
        { name: "script get_user", sha256: SHA("c"), bytes: 21 },
        { name: "script create", sha256: SHA("d"), bytes: 30 },
      ],
      problems: [],
    },
    reviews: {
      source: { findings: [finding("facade-pins", "dev"), finding("facade-pins", "dev", true)] },
      target: { findings: [waived, finding("connection-brute-force-protection", "prod/CustomDatabase/Connection")] },
    } as unknown as PromotionReport["reviews"],
    newFindings: [waived],
    facts: [
      { id: "facade-pins", summary: "facade certificate pins: dev 1, production 1", loosenings: [] },
      { id: "api-as-declared", summary: "facade token lifetime: dev 600 s, production 900 s", loosenings: [{ field: "f", message: "m" }] },
    ],
    identity: {
      baselines: ["the stack production was deployed from", "its last synthesis"],
      facts: [
        { change: "connection.name", value: "legacy-users" },
        { change: "facade.audience", value: "https://f/" },
        { change: "connection.importMode", value: "off" },
      ],
      changes: [
        { change: "facade.audience", before: "https://e/", after: "https://f/", consequence: "it replaces the API", baseline: "b" },
        {
          change: "connection.importMode",
          before: "on",
          after: "off",
          consequence: "logins go to the legacy store",
          baseline: "b",
          waiver: { change: "connection.importMode", reason: "migration done", source: "config/production.json promotionWaivers[0]" },
        },
      ],
    },
    problems: [{ field: "f (api-as-declared)", message: "m" }],
  };
}

describe("the promotion report as a reviewer reads it", () => {
  it("shows each section of a failing promotion, line by line", () => {
    const long = "a".repeat(121);
    expect(formatPromotionReport(failingReport())).toEqual([
      "promotion dev -> production (config/dev.json -> config/production.json)",
      "",
      "Set aside, each stage's own values (never compared):",
      "  tenant.domain:",
      '      dev:        "dev.eu.auth0.com"',
      '      production: "prod.eu.auth0.com"',
      '  tenant.region: "EU" in both',
      "  backend.bucket:",
      "      dev:        (not set)",
      '      production: "state"',
      "",
      "What production would apply differently from dev, resource by resource:",
      "  ~ auth0_connection.C  CustomDatabase/Connection",
      "      options.brute_force_protection  dev: true  ->  production: false",
      `      options.custom_scripts.login    dev: (text, 121 bytes, sha256 ${sha256Prefix(long)})  ->  production: "${"a".repeat(116)}...`,
      `      enabled_clients                 dev: ["${"x".repeat(60)}","${"y".repeat(52)}...  ->  production: (not set)`,
      "  - auth0_client.Old  (only in dev)",
      '      name  "old"',
      "  + auth0_client.New  Extra/Client  (only in production)",
      '      name  "new"',
      "",
      "Code Auth0 will run (sha256 of the text sent to Auth0):",
      `  script login                       ${"a".repeat(16)} (10 bytes)  same in dev and production`,
      `  script get_user                    dev: ${"b".repeat(16)} (20 bytes)  production: ${"c".repeat(16)} (21 bytes)  DIFFERENT`,
      "  action ExchangeGuard/Guard/Action  only in dev: (not literal text)",
      `  script create                      only in production: ${"d".repeat(16)} (30 bytes)`,
      "",
      "Review (the same rules for both; production may have no finding dev lacks):",
      "  dev:    1 error(s), 0 warning(s), 1 suppressed",
      "  production: 1 error(s), 0 warning(s), 1 suppressed",
      "  NEW   api-users-deny-all (error, waived) prod/ProtectedApi/ResourceServer: the facade API's user policy is allow_all; it must be deny_all",
      "",
      "Compared facts (production may be as strict as dev or stricter, never looser):",
      "  ok    facade-pins                 facade certificate pins: dev 1, production 1",
      "  FAIL  api-as-declared             facade token lifetime: dev 600 s, production 900 s",
      "",
      "Identity of production (never changes in place), against the stack production was deployed from and its last synthesis:",
      "  ok      connection.name        legacy-users",
      "  FAIL    facade.audience        https://e/ -> https://f/: it replaces the API",
      '  WAIVED  connection.importMode  on -> off: logins go to the legacy store; waived: "migration done" (config/production.json promotionWaivers[0])',
      "",
      "promotion dev -> production: FAILS (1 problem)",
      "  f (api-as-declared): m",
    ]);
  });

  it("counts problems in the plural, and says when there is nothing to compare identity with", () => {
    const report = {
      ...failingReport(),
      problems: [
        { field: "a", message: "x" },
        { field: "b", message: "y" },
      ],
      identity: { baselines: [], facts: [], changes: [] },
    };
    const lines = formatPromotionReport(report);
    expect(lines).toContain(
      "Identity of production: no earlier stack of production to compare with (a first deploy? pass --deployed <the cdktf.out folder production was deployed from>)",
    );
    expect(lines.slice(-3)).toEqual(["promotion dev -> production: FAILS (2 problems)", "  a: x", "  b: y"]);
  });
});

function sha256Prefix(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}
