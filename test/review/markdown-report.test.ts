import { describe, expect, it } from "vitest";
import type { Finding } from "../../lib/review/finding";
import { markdownReport } from "../../lib/review/report/markdown-report";
import type { RuleResult, StageReport } from "../../lib/review/report/stage-report";

/** A report written by hand, so every line of its Markdown is known: a bare stage with odd values. */
function bareReport(overrides: Partial<StageReport> = {}): StageReport {
  const rule = (id: string, findings: number, suppressed: number): RuleResult => ({
    id,
    severity: "error",
    checks: `${id} checks | this\n  and that`,
    threat: "t",
    fix: "f",
    findings,
    suppressed,
  });
  return {
    stage: "qa",
    stageFile: "config/qa.json",
    stackFile: "cdktf.out/stacks/qa/cdk.tf.json",
    passed: true,
    counts: { errors: 0, warnings: 1, suppressed: 0 },
    summary: {
      stage: "qa",
      code: [],
      facadeApi: "none | declared\n  anywhere",
      clientPolicy: "a`b",
      clients: [],
      users: "u",
      connection: "c",
      applications: [],
      tls: { certificate: "ca-issued", pins: [] },
      tokenLifetime: "l",
      actionSecrets: "none",
      scripts: "s",
    },
    comparedWith: ["prod"],
    differences: [],
    findings: [],
    rules: [rule("quiet", 0, 0), rule("open-only", 2, 0), rule("mixed", 2, 1), rule("waived", 1, 1)],
    ...overrides,
  };
}

describe("the Markdown report of a bare stage", () => {
  it("says there is no client and no application, escapes table cells and fences code that holds backticks", () => {
    expect(markdownReport(bareReport())).toBe(
      [
        "# Security review: qa",
        "",
        "**PASSED**: 0 errors, 1 warning, 0 suppressed. `config/qa.json` as synthesized in `cdktf.out/stacks/qa/cdk.tf.json`, checked against 4 rules.",
        "",
        "## Summary",
        "",
        "| | |",
        "|---|---|",
        "| Facade API | none \\| declared anywhere |",
        "| Client tokens | client policy `` a`b ``; no client holds a facade grant |",
        "| User tokens | u |",
        "| Connection `c` | enabled for no application |",
        "| Facade TLS | ca-issued certificate; CA verification (Node's trusted CAs), no pins |",
        "| Token lifetime | l |",
        "| Action secrets | none |",
        "| Scripts | s |",
        "",
        "Versus prod: the same on every point above (tenant-specific IDs, URLs and pins aside).",
        "",
        "## Findings",
        "",
        "No findings.",
        "",
        "## Rules",
        "",
        "| Rule | Severity | Result | Checks |",
        "|---|---|---|---|",
        "| `quiet` | error | pass | quiet checks \\| this and that |",
        "| `open-only` | error | 2 open | open-only checks \\| this and that |",
        "| `mixed` | error | 1 open, 1 suppressed | mixed checks \\| this and that |",
        "| `waived` | error | 1 suppressed | waived checks \\| this and that |",
        "",
      ].join("\n"),
    );
  });

  it("lists every application, and every stage it was compared with, where they agree and where they differ", () => {
    const report = bareReport({ comparedWith: ["prod", "staging"] });
    const twoApps = { ...report, summary: { ...report.summary, applications: ["a", "b"] } };
    expect(markdownReport(twoApps)).toContain("| Connection `c` | enabled for 2 applications: `a`, `b` |");
    expect(markdownReport(twoApps)).toContain("Versus prod, staging: the same on every point above");
    const differing = bareReport({
      comparedWith: ["prod", "staging"],
      differences: [
        {
          label: "token lifetime",
          values: [
            { stage: "qa", value: "600 s" },
            { stage: "prod", value: "300 s" },
            { stage: "staging", value: "600 s" },
          ],
        },
      ],
    });
    expect(markdownReport(differing)).toContain(
      [
        "Versus prod, staging (only what differs):",
        "",
        "| | qa | prod | staging |",
        "|---|---|---|---|",
        "| token lifetime | 600 s | 300 s | 600 s |",
        "",
      ].join("\n"),
    );
  });

  it("places a finding at its resource's Terraform address and line", () => {
    const finding: Finding = {
      ruleId: "r",
      severity: "error",
      resource: { path: "qa/Api", address: "auth0_resource_server.Api_1" },
      message: "m",
      threat: "t",
      fix: "f",
      file: "cdk.tf.json",
      line: 12,
    };
    expect(markdownReport(bareReport({ findings: [finding] }))).toContain("- **Resource:** `qa/Api` (`auth0_resource_server.Api_1`) in `cdk.tf.json:12`");
  });

  it("places a finding without a Terraform address or line at its file", () => {
    const finding: Finding = {
      ruleId: "stale",
      severity: "warning",
      resource: { path: "suppressions[0]" },
      message: "m",
      threat: "t",
      fix: "f",
      file: "config/qa.json",
    };
    const text = markdownReport(bareReport({ passed: false, findings: [finding] }));
    expect(text).toContain("**FAILED**: 0 errors, 1 warning");
    expect(text).toContain(
      [
        "## Findings",
        "",
        "### 1. `stale` (warning): `suppressions[0]`",
        "",
        "- **Resource:** `suppressions[0]` in `config/qa.json`",
        "- **What is wrong:** m",
        "- **Why it matters:** t",
        "- **How to fix:** f",
        "",
        "## Rules",
      ].join("\n"),
    );
  });
});
