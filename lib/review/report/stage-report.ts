import type { Finding, Severity } from "../finding";
import { PACK, UNUSED_SUPPRESSION } from "../pack";
import { comparableFacts, differences, type StageDifference } from "../compare-stages";
import { countFindings, passes, type FindingCounts, type StageReview } from "../review-stage";
import { summarize, type StageSummary } from "../summary";

export interface RuleResult {
  readonly id: string;
  readonly severity: Severity;
  readonly checks: string;
  readonly threat: string;
  readonly fix: string;
  /** Findings of this rule, suppressed ones included. */
  readonly findings: number;
  readonly suppressed: number;
}

/** Everything one stage's reports say, in one serializable object (the JSON report). */
export interface StageReport {
  readonly stage: string;
  readonly stageFile: string;
  readonly stackFile: string;
  readonly passed: boolean;
  readonly counts: FindingCounts;
  readonly summary: StageSummary;
  /** How this stage differs from the other stages reviewed with it. */
  readonly comparedWith: readonly string[];
  readonly differences: readonly StageDifference[];
  readonly findings: readonly Finding[];
  readonly rules: readonly RuleResult[];
}

function ruleResults(findings: readonly Finding[]): RuleResult[] {
  const rules = [
    ...PACK.map(({ rule, severity }) => ({ id: rule.id, severity, checks: rule.checks, threat: rule.threat, fix: rule.fix })),
    {
      id: UNUSED_SUPPRESSION.id,
      severity: UNUSED_SUPPRESSION.severity,
      checks: UNUSED_SUPPRESSION.checks,
      threat: UNUSED_SUPPRESSION.threat,
      fix: UNUSED_SUPPRESSION.fix,
    },
  ];
  return rules.map((rule) => {
    const own = findings.filter((finding) => finding.ruleId === rule.id);
    return { ...rule, findings: own.length, suppressed: own.filter((finding) => finding.suppression !== undefined).length };
  });
}

/** Reports for stages reviewed together: each one compares itself with the others. */
export function stageReports(reviews: readonly StageReview[]): StageReport[] {
  const summaries = reviews.map((review) => summarize(review.input));
  const counts = reviews.map((review) => countFindings(review.findings));
  const facts = new Map(reviews.map((review, index) => [review.input.config.stage, comparableFacts(summaries[index], counts[index])]));
  return reviews.map((review, index) => {
    const { stage, sourceFile } = review.input.config;
    return {
      stage,
      stageFile: sourceFile,
      stackFile: review.input.stackFile,
      passed: passes(review),
      counts: counts[index],
      summary: summaries[index],
      comparedWith: [...facts.keys()].filter((name) => name !== stage),
      differences: differences(stage, facts),
      findings: review.findings,
      rules: ruleResults(review.findings),
    };
  });
}
