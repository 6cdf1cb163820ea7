import { checkIdentity, identityProblems, type IdentityCheck } from "./identity-check";
import { compareCode, type CodeComparison } from "./runtime-code";
import type { PromotionInput, PromotionProblem } from "./promotion-stages";
import { RESTRICTIONS } from "./restrictions";
import type { RestrictionResult } from "./restrictions/restriction";
import { setAsideValues, type SetAsideValue } from "./set-aside";
import { diffStacks, type DeclarationDiff } from "./stack-diff";
import { missingFieldProblems } from "./stage-file-fields";

export interface PromotionReport {
  readonly source: { readonly stage: string; readonly file: string };
  readonly target: { readonly stage: string; readonly file: string };
  readonly setAside: readonly SetAsideValue[];
  /** What the target would apply differently, once its own values are set aside. */
  readonly differences: readonly DeclarationDiff[];
  readonly code: CodeComparison;
  readonly restrictions: readonly (RestrictionResult & { readonly id: string })[];
  /** The target's identity against what it was deployed or last synthesized from. */
  readonly identity: IdentityCheck;
  /** Every reason the promotion fails; empty when it passes. */
  readonly problems: readonly PromotionProblem[];
}

/** Compares what two stages will apply: pure, over stacks already synthesized. */
export function comparePromotion(input: PromotionInput): PromotionReport {
  const { source, target } = input;
  const code = compareCode(source.stack, target.stack);
  const restrictions = RESTRICTIONS.map((restriction) => ({ id: restriction.id, ...restriction.check(source, target) }));
  const identity = checkIdentity(input);
  return {
    source: { stage: source.config.stage, file: source.config.sourceFile },
    target: { stage: target.config.stage, file: target.config.sourceFile },
    setAside: setAsideValues(input),
    differences: diffStacks(source.stack.document, input.counterpart.document),
    code,
    restrictions,
    identity,
    problems: [
      ...identityProblems(identity, target.config.stage),
      ...missingFieldProblems(input),
      ...code.problems,
      ...restrictions.flatMap((result) => result.loosenings),
    ],
  };
}

export const passes = (report: PromotionReport): boolean => report.problems.length === 0;
