import { isBlocking, type Finding, type Severity } from "./finding";
import { PACK } from "./pack";
import type { ReviewInput } from "./review-input";
import { lineOfResource } from "./source-lines";
import { applySuppressions } from "./suppressions";

/** One stage's review: every finding, suppressed ones included. */
export interface StageReview {
  readonly input: ReviewInput;
  readonly findings: readonly Finding[];
}

export function reviewStage(input: ReviewInput): StageReview {
  const findings = PACK.flatMap(({ rule, severity }) =>
    rule.check(input).map(
      (violation): Finding => ({
        ruleId: rule.id,
        severity,
        resource: violation.resource,
        message: violation.message,
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
