import { describe, expect, it } from "vitest";
import { InputError } from "../../lib/input-error";
import { loadStages } from "../../lib/config/load-stages";
import { countFindings, passes, reviewStage } from "../../lib/review/review-stage";
import { configFolder, exampleStage } from "../support/stage-files";
import { weakenedStage } from "./support/review-inputs";

const REASON = "The guard's only secret is the facade audience, a public identifier; runners move to Terraform 1.11 next quarter.";

function stageProblems(suppressions: unknown): string[] {
  const stage = exampleStage();
  stage.suppressions = suppressions;
  const dir = configFolder({ "dev.json": stage });
  try {
    loadStages(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems.map(
      (problem) => `${problem.field}: ${problem.expected}${problem.found === undefined ? "" : `, found ${problem.found}`}`,
    );
  }
  throw new Error("expected the stage file to be rejected");
}

describe("suppressions in a stage file", () => {
  it("need a rule id, a resource and a reason written as a sentence", () => {
    expect(
      stageProblems([
        { rule: "Users Deny", resource: "", reason: "ok" },
        { rule: "action-secrets-write-only", resource: "dev/LoginGuard/Guard/Action", reason: "terraform on our runners is too old for it" },
      ]),
    ).toEqual([
      'suppressions[0].rule: expected a review rule id like api-users-deny-all (see the rule table in docs/review.md), found "Users Deny"',
      'suppressions[0].resource: expected a construct path (dev/ProtectedApi/ResourceServer) or a Terraform address, found ""',
      'suppressions[0].reason: expected a reason of at least 20 characters, found "ok"',
      'suppressions[1].reason: expected a reason written as at least one full sentence (a capital first, several words, a full stop last), found "terraform on our runners is too old for it"',
    ]);
  });

  it("waive a rule for a resource only once", () => {
    const entry = { rule: "action-secrets-write-only", resource: "dev/LoginGuard/Guard/Action", reason: REASON };
    expect(stageProblems([entry, entry])).toEqual([
      'suppressions[1]: expected each rule and resource at most once (this pair is already suppressed), found "dev/LoginGuard/Guard/Action"',
    ]);
  });

  it("mark the findings they match, by construct path or Terraform address, with the reason, and keep them", () => {
    const input = weakenedStage((stageFile) => {
      stageFile.actionSecrets = "state";
      stageFile.suppressions = [
        { rule: "action-secrets-write-only", resource: "dev/ExchangeGuard/Guard/Action", reason: REASON },
        { rule: "action-secrets-write-only", resource: "auth0_action.LoginGuard_Action_1DEF15BE", reason: REASON },
      ];
    });
    const review = reviewStage(input);
    expect(review.findings.map((finding) => [finding.ruleId, finding.resource.path, finding.suppression])).toEqual([
      ["action-secrets-write-only", "dev/ExchangeGuard/Guard/Action", { reason: REASON }],
      ["action-secrets-write-only", "dev/LoginGuard/Guard/Action", { reason: REASON }],
    ]);
    expect(countFindings(review.findings)).toEqual({ errors: 0, warnings: 0, suppressed: 2 });
    expect(passes(review)).toBe(true);
  });

  it("are errors themselves when they match nothing, saying why, at their line in the stage file", () => {
    const input = weakenedStage((stageFile) => {
      stageFile.suppressions = [
        { rule: "code-tls-verification", resource: "dev/CustomDatabase/Connection", reason: REASON },
        { rule: "api-users-allow", resource: "dev/ProtectedApi/ResourceServer", reason: REASON },
        { rule: "api-users-deny-all", resource: "dev/ProtectedApi/Server", reason: REASON },
        { rule: "suppression-matches-finding", resource: "suppressions[0]", reason: REASON },
      ];
    });
    const review = reviewStage(input);
    expect(
      review.findings.map((finding) => ({
        rule: finding.ruleId,
        severity: finding.severity,
        path: finding.resource.path,
        message: finding.message,
        line: finding.line,
      })),
    ).toEqual([
      {
        rule: "suppression-matches-finding",
        severity: "error",
        path: "suppressions[0]",
        message:
          "the suppression of code-tls-verification for dev/CustomDatabase/Connection matches no finding: code-tls-verification finds nothing on dev/CustomDatabase/Connection: the suppression is stale",
        line: expect.any(Number),
      },
      {
        rule: "suppression-matches-finding",
        severity: "error",
        path: "suppressions[1]",
        message: 'the suppression of api-users-allow for dev/ProtectedApi/ResourceServer matches no finding: no review rule has the id "api-users-allow"',
        line: expect.any(Number),
      },
      {
        rule: "suppression-matches-finding",
        severity: "error",
        path: "suppressions[2]",
        message:
          'the suppression of api-users-deny-all for dev/ProtectedApi/Server matches no finding: no resource of stage dev has the construct path or Terraform address "dev/ProtectedApi/Server"',
        line: expect.any(Number),
      },
      {
        rule: "suppression-matches-finding",
        severity: "error",
        path: "suppressions[3]",
        message: "the suppression of suppression-matches-finding for suppressions[0] matches no finding: suppression-matches-finding cannot be suppressed",
        line: expect.any(Number),
      },
    ]);
    const lines = review.findings.map((finding) => input.texts!.stageFile!.split("\n")[finding.line! - 1].trim());
    expect(lines).toEqual([
      '"rule": "code-tls-verification",',
      '"rule": "api-users-allow",',
      '"rule": "api-users-deny-all",',
      '"rule": "suppression-matches-finding",',
    ]);
    expect(review.findings[0].file).toBe(input.config.sourceFile);
    expect(passes(review)).toBe(false);
  });

  it("know the stage itself, data sources and Terraform addresses as resources, so a stale one is called stale", () => {
    const input = weakenedStage((stageFile) => {
      stageFile.suppressions = [
        { rule: "exchange-guard-bound", resource: "dev", reason: REASON },
        { rule: "connection-as-declared", resource: "dev/OutboundIpAllowlist/Ranges", reason: REASON },
        { rule: "facade-pins", resource: "auth0_connection.CustomDatabase_Connection_F257C256", reason: REASON },
      ];
    });
    expect(reviewStage(input).findings.map((finding) => finding.message)).toEqual([
      "the suppression of exchange-guard-bound for dev matches no finding: exchange-guard-bound finds nothing on dev: the suppression is stale",
      "the suppression of connection-as-declared for dev/OutboundIpAllowlist/Ranges matches no finding: connection-as-declared finds nothing on dev/OutboundIpAllowlist/Ranges: the suppression is stale",
      "the suppression of facade-pins for auth0_connection.CustomDatabase_Connection_F257C256 matches no finding: facade-pins finds nothing on auth0_connection.CustomDatabase_Connection_F257C256: the suppression is stale",
    ]);
  });

  it("still review a stack read without its texts, only without lines", () => {
    const input = weakenedStage((stageFile) => {
      stageFile.suppressions = [{ rule: "facade-pins", resource: "dev", reason: REASON }];
    });
    const findings = reviewStage({ ...input, texts: undefined }).findings;
    expect(findings.map((finding) => [finding.ruleId, finding.line])).toEqual([["suppression-matches-finding", undefined]]);
  });
});
