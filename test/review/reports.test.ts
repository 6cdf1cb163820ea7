import { beforeEach, describe, expect, it } from "vitest";
import { jsonReport } from "../../lib/review/report/json-report";
import { markdownReport } from "../../lib/review/report/markdown-report";
import { sarifReport } from "../../lib/review/report/sarif-report";
import { stageReports, type StageReport } from "../../lib/review/report/stage-report";
import type { ReviewInput } from "../../lib/review/review-input";
import { reviewStage } from "../../lib/review/review-stage";
import { reviewResultLines } from "../../lib/review/review-stages";
import { connectionConfiguration, exampleInputs, facadeApi, mutated, weakenedStage } from "./support/review-inputs";
import { sarifValidator } from "./support/sarif-schema";

let examples: Record<"dev" | "prod", ReviewInput>;
let clean: StageReport[];
beforeEach(() => {
  examples = exampleInputs();
  clean = stageReports([reviewStage(examples.dev), reviewStage(examples.prod)]);
});

const REASON = "The login guard's only secret is the facade audience, a public identifier; runners move to Terraform 1.11 soon.";
const SECRET = "q8Xw2LmN4vB7cR1tY6uI0oP3aS5dF9gHjK2lZxC7vB4nM1qW8eR5tY3uI6oP0aSd";

/** A stage with open errors, an open warning, a suppressed warning and a stale suppression. */
function weakenedReport(): StageReport {
  const stage = weakenedStage((stageFile) => {
    stageFile.actionSecrets = "state";
    stageFile.suppressions = [
      { rule: "action-secrets-write-only", resource: "dev/LoginGuard/Guard/Action", reason: REASON },
      { rule: "facade-pins", resource: "dev/CustomDatabase/Connection", reason: REASON },
    ];
  });
  const input = mutated(stage, (document) => {
    facadeApi(document).subject_type_authorization.user.policy = "allow_all";
    connectionConfiguration(document).CLIENT_SECRET = SECRET;
  });
  return stageReports([reviewStage(input)])[0];
}

describe("the Markdown report", () => {
  it("opens with a one-screen summary: who gets facade tokens, users, applications, TLS, lifetime, differences", () => {
    const text = markdownReport(clean[0]);
    const summary = text.slice(0, text.indexOf("## Code Auth0 will run"));
    expect(summary.split("\n").length).toBeLessThan(40);
    expect(summary).toContain("# Security review: dev\n\n**PASSED**: 0 errors, 0 warnings, 0 suppressed.");
    expect(summary).toContain("| Client tokens | client policy `require_client_grant`; the clients below hold a facade grant |");
    expect(summary).toContain("| dev/FacadeClient/Client | users:authenticate, users:read | `dev/FacadeClient/Grant` | approved |");
    expect(summary).toContain(
      "| Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja (Support console: looks up legacy accounts while users migrate) | users:read | `dev/ProtectedApi/ApprovedClient-Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja` | approved |",
    );
    expect(summary).toContain("| User tokens | no: user policy deny_all, and the post-login guard denies the facade audience |");
    expect(summary).toContain("| Connection `legacy-users` | enabled for 1 application: `Vq3hT8kLmZ2xR7nB4cWp9sYd6fGj1aEu` |");
    expect(summary).toContain(
      "| Facade TLS | self-signed certificate; pinned, 1 pin (5e2b791c…9ab2644f): the exact SHA-256 fingerprint replaces chain validation |",
    );
    expect(summary).toContain("| Token lifetime | 600 s, no refresh tokens |");
    expect(summary).toContain(
      "Versus prod (only what differs):\n\n| | dev | prod |\n|---|---|---|\n| facade TLS | self-signed, 1 pin | self-signed, 2 pins |\n",
    );
    expect(text).toContain("No findings.");
  });

  it("gives each finding its rule, severity, resource, what is wrong, why it matters and how to fix it; suppressed ones with their reason", () => {
    const text = markdownReport(weakenedReport());
    expect(text).toContain("**FAILED**: 4 errors, 1 warning, 1 suppressed.");
    expect(text).toContain("| User tokens | only the post-login guard stops them: user policy allow_all |");
    expect(text).toMatch(
      /### 1\. `api-users-deny-all` \(error\): `dev\/ProtectedApi\/ResourceServer`\n\n- \*\*Resource:\*\* `dev\/ProtectedApi\/ResourceServer` \(`auth0_resource_server\.ProtectedApi_ResourceServer_3FE7FE31`\) in `.*cdk\.tf\.json`\n- \*\*What is wrong:\*\* the facade API's user policy is allow_all; it must be deny_all\n- \*\*Why it matters:\*\* With any other user policy, .*\n- \*\*How to fix:\*\* Declare the facade with `ProtectedApi`/,
    );
    expect(text).toMatch(
      /`action-secrets-write-only` \(warning, suppressed\): `dev\/LoginGuard\/Guard\/Action`[\s\S]*?- \*\*Suppressed in the stage file:\*\* The login guard's only secret/,
    );
    expect(text).toContain("| `suppression-matches-finding` | error | 1 open |");
    expect(text).toContain("| `action-secrets-write-only` | warning | 1 open, 1 suppressed |");
  });
});

describe("the weakened stage's report, word for word", () => {
  const section = (text: string, from: string, to?: string) => text.slice(text.indexOf(from), to === undefined ? undefined : text.indexOf(to));

  it("summarizes what the stage would apply, and that no other stage was reviewed with it", () => {
    expect(section(markdownReport(weakenedReport()), "## Summary", "## Code Auth0 will run")).toBe(
      [
        "## Summary",
        "",
        "| | |",
        "|---|---|",
        "| Facade API | https://legacy-facade.dev.acme.example/ (dev/ProtectedApi/ResourceServer) |",
        "| Client tokens | client policy `require_client_grant`; the clients below hold a facade grant |",
        "| User tokens | only the post-login guard stops them: user policy allow_all |",
        "| Connection `legacy-users` | enabled for 1 application: `Vq3hT8kLmZ2xR7nB4cWp9sYd6fGj1aEu` |",
        "| Facade TLS | self-signed certificate; pinned, 1 pin (5e2b791c…9ab2644f): the exact SHA-256 fingerprint replaces chain validation |",
        "| Token lifetime | 600 s, no refresh tokens |",
        "| Action secrets | in state (secrets, plain text) |",
        "| Scripts | get_user, login; import mode (lazy migration); sign-up off; brute-force protection on |",
        "",
        "Clients that can ask for a facade token:",
        "",
        "| Client | Scopes | Grant | Credentials-exchange guard |",
        "|---|---|---|---|",
        "| dev/FacadeClient/Client | users:authenticate, users:read | `dev/FacadeClient/Grant` | approved |",
        "| Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja (Support console: looks up legacy accounts while users migrate) | users:read | `dev/ProtectedApi/ApprovedClient-Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja` | approved |",
        "",
        "Versus other stages: no other stage was reviewed with this one.",
        "",
        "",
      ].join("\n"),
    );
  });

  it("gives each rule its result: pass, open, suppressed", () => {
    const rules = section(markdownReport(weakenedReport()), "## Rules").split("\n");
    expect(rules).toContain(
      "| `api-users-deny-all` | error | 1 open | The facade API's user policy (`subject_type_authorization.user.policy`) is `deny_all` (and a facade API is declared, in the stage's tenant). |",
    );
    expect(rules).toContain(
      "| `api-clients-require-grant` | error | pass | The facade API's client policy (`subject_type_authorization.client.policy`) is `require_client_grant`. |",
    );
    expect(rules.filter((line) => line.startsWith("| `"))).toHaveLength(29);
  });

  it("tells the terminal the verdict, the counts, the report's place and each open error, never a suppressed one", () => {
    expect(reviewResultLines([weakenedReport()], "cdktf.out")).toEqual([
      "review dev: FAILED (4 errors, 1 warning, 1 suppressed), see cdktf.out/review/dev.md",
      "  error api-users-deny-all dev/ProtectedApi/ResourceServer (auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31): the facade API's user policy is allow_all; it must be deny_all",
      "  error connection-as-declared dev/CustomDatabase/Connection (auth0_connection.CustomDatabase_Connection_F257C256): configuration CLIENT_SECRET must reference the M2M client's credentials (auth0_client_credentials.<name>.client_secret), not a literal",
      "  error no-literal-secrets dev/CustomDatabase/Connection (auth0_connection.CustomDatabase_Connection_F257C256): options.configuration.CLIENT_SECRET is a literal value (64 characters) where a Terraform reference or a write-only input belongs",
      "  error suppression-matches-finding suppressions[1]: the suppression of facade-pins for dev/CustomDatabase/Connection matches no finding: facade-pins finds nothing on dev/CustomDatabase/Connection: the suppression is stale",
    ]);
    expect(reviewResultLines(clean, "cdktf.out")).toEqual([
      "review dev: passed (0 errors, 0 warnings, 0 suppressed), see cdktf.out/review/dev.md",
      "review prod: passed (0 errors, 0 warnings, 0 suppressed), see cdktf.out/review/prod.md",
    ]);
  });

  it("compares prod with dev, only where they differ", () => {
    const prod = markdownReport(clean[1]);
    expect(section(prod, "Versus", "## Code Auth0 will run")).toBe(
      "Versus dev (only what differs):\n\n| | prod | dev |\n|---|---|---|\n| facade TLS | self-signed, 2 pins | self-signed, 1 pin |\n\n",
    );
    expect(section(prod, "| Facade TLS", "| Token lifetime")).toBe(
      "| Facade TLS | self-signed certificate; pinned, 2 pins (c4d81f0e…38d6e1a2, 0b9e3a71…cbe4d812): the exact SHA-256 fingerprint replaces chain validation |\n",
    );
    expect(section(prod, "| Action secrets", "Clients that")).toBe(
      "| Action secrets | write-only (secrets_wo, not in state) |\n| Scripts | get_user, login; import mode (lazy migration); sign-up off; brute-force protection on |\n\n",
    );
  });
});

describe("the Markdown report's code", () => {
  it("lists every script and Action by SHA-256, against the repository's bundle, each linked to its plain copy", () => {
    const lines = markdownReport(clean[0]).split("\n");
    const table = lines.slice(lines.indexOf("## Code Auth0 will run"), lines.indexOf("## Findings"));
    expect(table.slice(0, 4)).toEqual(["## Code Auth0 will run", "", "| Code | SHA-256 | Bytes | The repository's bundle |", "|---|---|---|---|"]);
    expect(table.slice(4, -1)).toEqual([
      expect.stringMatching(/^\| \[get_user script\]\(\.\.\/code\/dev\/scripts\/get_user\.js\) \| `[0-9a-f]{64}` \| \d+ \| yes, byte for byte \|$/),
      expect.stringMatching(/^\| \[login script\]\(\.\.\/code\/dev\/scripts\/login\.js\) \| `[0-9a-f]{64}` \| \d+ \| yes, byte for byte \|$/),
      expect.stringMatching(
        /^\| \[Action legacy-users-facade-exchange-guard\]\(\.\.\/code\/dev\/actions\/legacy-users-facade-exchange-guard\.js\) \| `[0-9a-f]{64}` \| \d+ \| yes, byte for byte \|$/,
      ),
      expect.stringMatching(
        /^\| \[Action legacy-users-facade-login-guard\]\(\.\.\/code\/dev\/actions\/legacy-users-facade-login-guard\.js\) \| `[0-9a-f]{64}` \| \d+ \| yes, byte for byte \|$/,
      ),
    ]);
    const tampered = mutated(examples.dev, (document) => {
      document.resource.auth0_action.LoginGuard_Action_1DEF15BE.code = '${file("x")}';
    });
    expect(markdownReport(stageReports([reviewStage(tampered)])[0])).toContain("| Action legacy-users-facade-login-guard | not literal text | - | **NO** |");
  });
});

describe("the JSON report", () => {
  it("holds the summary, the counts and every finding with its rule, resource, message, threat and fix", () => {
    const report = JSON.parse(jsonReport(weakenedReport()));
    expect(report).toMatchObject({ tool: "auth0-facade-review", stage: "dev", passed: false, counts: { errors: 4, warnings: 1, suppressed: 1 } });
    expect(report.findings[0]).toEqual({
      ruleId: "api-users-deny-all",
      severity: "error",
      resource: { path: "dev/ProtectedApi/ResourceServer", address: "auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31" },
      message: "the facade API's user policy is allow_all; it must be deny_all",
      threat: expect.stringContaining("intercepts a redirect to /authorize"),
      fix: expect.stringContaining("deny_all"),
      file: expect.stringMatching(/stacks\/dev\/cdk\.tf\.json$/),
    });
    expect(report.findings.find((finding: { suppression?: unknown }) => finding.suppression)).toMatchObject({
      ruleId: "action-secrets-write-only",
      suppression: { reason: REASON },
    });
  });
});

describe("the SARIF report", () => {
  const validate = sarifValidator();

  it("is valid SARIF 2.1.0, clean or not", () => {
    for (const report of [...clean, weakenedReport()]) {
      const log = JSON.parse(sarifReport(report));
      expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("describes every rule, and every finding as a result at its resource, suppressed ones marked", () => {
    const log = JSON.parse(sarifReport(weakenedReport()));
    const run = log.runs[0];
    expect(run.tool.driver.rules).toHaveLength(29);
    expect(run.automationDetails.id).toBe("auth0-facade-review/dev/");
    const denyAll = run.results.find((result: { ruleId: string }) => result.ruleId === "api-users-deny-all");
    expect(denyAll).toMatchObject({
      level: "error",
      ruleIndex: 0,
      message: { text: expect.stringMatching(/^the facade API's user policy is allow_all; it must be deny_all\. Why it matters: /) },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: expect.stringMatching(/^file:\/\/.*\/stacks\/dev\/cdk\.tf\.json$/) } },
          logicalLocations: [
            { fullyQualifiedName: "dev/ProtectedApi/ResourceServer", name: "auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31", kind: "resource" },
          ],
        },
      ],
    });
    const suppressed = run.results.filter((result: { suppressions?: unknown }) => result.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppressions).toEqual([{ kind: "external", status: "accepted", justification: REASON, location: expect.any(Object) }]);
  });
});

describe("SARIF results", () => {
  it("point at their rule by index, carry the stage, and keep a fingerprint that tells findings apart across runs", () => {
    const log = JSON.parse(sarifReport(weakenedReport()));
    const results: any[] = log.runs[0].results;
    const fingerprintOf = (item: any) => item.partialFingerprints["auth0-facade-review/v1"];
    for (const item of results) {
      expect(log.runs[0].tool.driver.rules[item.ruleIndex].id).toBe(item.ruleId);
      expect(item.properties).toEqual({ stage: "dev" });
      expect(Object.keys(item.partialFingerprints)).toEqual(["auth0-facade-review/v1"]);
      expect(fingerprintOf(item)).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(results.map(fingerprintOf)).size).toBe(results.length);
    expect(JSON.parse(sarifReport(weakenedReport())).runs[0].results.map(fingerprintOf)).toEqual(results.map(fingerprintOf));
  });

  it("leave out the line and the Terraform address when a finding has none", () => {
    const report = weakenedReport();
    const bare = { ...report, findings: [{ ...report.findings[0], line: undefined, resource: { path: "dev/ProtectedApi/ResourceServer" } }] };
    const [only] = JSON.parse(sarifReport(bare)).runs[0].results;
    expect(only.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: expect.stringMatching(/^file:/) } });
    expect(only.locations[0].logicalLocations).toEqual([{ fullyQualifiedName: "dev/ProtectedApi/ResourceServer", kind: "resource" }]);
    expect(only.suppressions).toBeUndefined();
  });
});

describe("finding locations", () => {
  it("point at the resource's line in cdk.tf.json, and at the suppression's line in the stage file", () => {
    const input = weakenedStage((stageFile) => {
      stageFile.actionSecrets = "state";
      stageFile.suppressions = [{ rule: "facade-pins", resource: "dev/CustomDatabase/Connection", reason: REASON }];
    });
    const log = JSON.parse(sarifReport(stageReports([reviewStage(input)])[0]));
    const lineAt = (text: string, line: number) => text.split("\n")[line - 1].trim();
    const [exchange, , stale] = log.runs[0].results;
    expect(lineAt(input.texts!.stack!, exchange.locations[0].physicalLocation.region.startLine)).toBe('"path": "dev/ExchangeGuard/Guard/Action",');
    expect(lineAt(input.texts!.stageFile!, stale.locations[0].physicalLocation.region.startLine)).toBe('"rule": "facade-pins",');
    expect(stale.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^file:\/\/.*\/dev\.json$/);
  });

  it("are project-relative URIs for files inside the project", () => {
    const log = JSON.parse(sarifReport({ ...clean[0], findings: [{ ...weakenedReport().findings[0], file: "cdktf.out/stacks/dev/cdk.tf.json" }] }));
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("cdktf.out/stacks/dev/cdk.tf.json");
  });
});

describe("SARIF rules and runs", () => {
  it("describe each rule with what it checks, why, how to fix it and its level, and the run with its stage files", () => {
    const report = weakenedReport();
    const run = JSON.parse(sarifReport(report)).runs[0];
    const rule = report.rules[0];
    expect(run.tool.driver.rules[0]).toEqual({
      id: rule.id,
      shortDescription: { text: rule.checks },
      fullDescription: { text: `${rule.checks} Why: ${rule.threat}` },
      help: { text: `How to fix: ${rule.fix}`, markdown: `**Why it matters:** ${rule.threat}\n\n**How to fix:** ${rule.fix}` },
      defaultConfiguration: { level: "error" },
      properties: { tags: ["security"] },
    });
    expect(run.properties).toEqual({ stage: "dev", stageFile: report.stageFile, stackFile: report.stackFile, passed: false });
  });

  it("give a suppression the stage file's place, and encode relative paths as URIs", () => {
    const report = { ...weakenedReport(), stageFile: "config files\\dev.json" };
    const suppressed = JSON.parse(sarifReport(report)).runs[0].results.find((result: { suppressions?: unknown }) => result.suppressions);
    expect(suppressed.suppressions[0].location).toEqual({ physicalLocation: { artifactLocation: { uri: "config%20files/dev.json" } } });
  });
});

describe("every report", () => {
  it("never contains a secret it found", () => {
    const report = weakenedReport();
    expect(report.findings.some((finding) => finding.ruleId === "no-literal-secrets")).toBe(true);
    for (const text of [markdownReport(report), jsonReport(report), sarifReport(report)]) expect(text).not.toContain(SECRET);
  });
});
