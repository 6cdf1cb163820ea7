import { isBlocking, stackRef, type Finding, type Severity, type Violation } from "./finding";
import type { Rule } from "./rule";
import { PACK } from "./pack";
import type { ReviewInput } from "./review-input";
import { lineOfResource } from "./source-lines";
import { applySuppressions } from "./suppressions";
import { maskCredentials } from "../messages";

/** One stage's review: every finding, suppressed ones included. */
export interface StageReview {
  readonly input: ReviewInput;
  readonly findings: readonly Finding[];
}

/**
 * A rule that throws cannot vouch for what it checks: its failure is an error finding on
 * the stage (the cdk-nag habit), and the other rules still run.
 */
function violationsOf(rule: Rule, severity: Severity, input: ReviewInput): { violation: Violation; severity: Severity }[] {
  try {
    return rule.check(input).map((violation) => ({ violation, severity }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const violation = {
      resource: stackRef(input.config.stage),
      message: `the rule failed (${reason}), so the review cannot vouch for what it checks`,
      fix: "Report this as a bug of the review, with the stack it failed on.",
    };
    return [{ violation, severity: "error" }];
  }
}

export function reviewStage(input: ReviewInput): StageReview {
  const findings = PACK.flatMap(({ rule, severity }) =>
    violationsOf(rule, severity, input).map(
      ({ violation, severity: reported }): Finding => ({
        ruleId: rule.id,
        severity: reported,
        resource: violation.resource,
        message: maskCredentials(violation.message),
        threat: rule.threat,
        fix: violation.fix ?? rule.fix,
        file: input.stackFile,
        line: lineOfResource(input.texts?.stack, violation.resource.path),
      }),
    ),
  );
  return { input, findings: applySuppressions(input, findings) };
}

export interface FindingCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const open = (severity: Severity) => findings.filter((finding) => finding.severity === severity && finding.suppression === undefined).length;
  return { errors: open("error"), warnings: open("warning"), suppressed: findings.filter((finding) => finding.suppression !== undefined).length };
}

export function passes(review: StageReview): boolean {
  return !review.findings.some(isBlocking);
}
