import { COMPARABLE_FACTS, type Loosening } from "../facts/comparable-facts";
import type { Finding } from "../review/finding";
import { reviewStage, type StageReview } from "../review/review-stage";
import { checkIdentity, identityProblems, type IdentityCheck } from "./identity-check";
import type { PromotionInput, PromotionProblem } from "./promotion-input";
import { compareCode, type CodeComparison } from "./runtime-code";
import { setAsideValues, type SetAsideValue } from "./own-values";
import { diffStacks, type DeclarationDiff } from "./stack-diff";
import { missingFieldProblems } from "./stage-file-fields";

export interface PromotionReport {
  readonly source: { readonly stage: string; readonly file: string };
  readonly target: { readonly stage: string; readonly file: string };
  readonly setAside: readonly SetAsideValue[];
  /** What the target would apply differently, once its own values are set aside. */
  readonly differences: readonly DeclarationDiff[];
  readonly code: CodeComparison;
  /** Both stages reviewed, each against its own stage file and the repository's bundles. */
  readonly reviews: { readonly source: StageReview; readonly target: StageReview };
  /** Findings of the target that the source does not have (or has, but does not waive). */
  readonly newFindings: readonly Finding[];
  /** The facts compared across the stages, named by the review rule that judges them. */
  readonly facts: readonly { readonly id: string; readonly summary: string; readonly loosenings: readonly Loosening[] }[];
  /** The target's identity against what it was deployed or last synthesized from. */
  readonly identity: IdentityCheck;
  /** Every reason the promotion fails; empty when it passes. */
  readonly problems: readonly PromotionProblem[];
}

/** A finding as it would read in any stage: its rule and where, without the stage. */
function findingKey(stage: string, finding: Finding): string {
  const path = finding.resource.path === stage ? "(stack)" : finding.resource.path.replace(new RegExp(`^${stage}/`), "");
  return `${finding.ruleId} ${path}`;
}

/** Target findings the source lacks: a new error or warning, or one only the target waives. */
function findingsSourceLacks(source: StageReview, target: StageReview): Finding[] {
  const inSource = new Map(source.findings.map((finding) => [findingKey(source.input.config.stage, finding), finding]));
  return target.findings.filter((finding) => {
    const counterpart = inSource.get(findingKey(target.input.config.stage, finding));
    return counterpart === undefined || (finding.suppression !== undefined && counterpart.suppression === undefined);
  });
}

/**
 * Promotion is the review applied to two stages: the target may be promoted only when it
 * has no finding the source lacks, no compared fact looser than the source's, the very
 * code the source was tested with, and its own identity unchanged. Pure, over stacks
 * already synthesized.
 */
export function comparePromotion(input: PromotionInput): PromotionReport {
  const { source, target } = input;
  const code = compareCode(source.stack, target.stack);
  const reviews = { source: reviewStage(source), target: reviewStage(target) };
  const newFindings = findingsSourceLacks(reviews.source, reviews.target);
  const facts = COMPARABLE_FACTS.map((fact) => ({ id: fact.id, summary: fact.summary(source, target), loosenings: fact.loosenings(source, target) }));
  const identity = checkIdentity(input);
  const [from, to] = [source.config.stage, target.config.stage];
  return {
    source: { stage: from, file: source.config.sourceFile },
    target: { stage: to, file: target.config.sourceFile },
    setAside: setAsideValues(input),
    differences: diffStacks(source.stack.document, input.counterpart.document),
    code,
    reviews,
    newFindings,
    facts,
    identity,
    problems: [
      ...identityProblems(identity, to),
      ...missingFieldProblems(input),
      ...code.problems,
      ...newFindings.map((finding) => ({
        field: finding.ruleId,
        message: `${to} has a review ${finding.suppression === undefined ? finding.severity : `${finding.severity} it waives`} that ${from} does not: ${finding.resource.path}: ${finding.message}`,
      })),
      ...facts.flatMap((fact) => fact.loosenings.map((loosening) => ({ field: `${loosening.field} (${fact.id})`, message: loosening.message }))),
    ],
  };
}

export const passes = (report: PromotionReport): boolean => report.problems.length === 0;
