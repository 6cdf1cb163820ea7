import type { PromotionProblem, PromotionSide } from "../promotion-stages";

export interface RestrictionResult {
  /** What was compared, in words, for the report (`prod grants 2 clients, dev 2`). */
  readonly summary: string;
  /** Each way the target is looser than the source; empty when it is not. */
  readonly loosenings: readonly PromotionProblem[];
}

/**
 * One restriction the security review knows, compared across two stages: the target
 * may be as strict as the source or stricter, never looser.
 */
export interface Restriction {
  readonly id: string;
  check(source: PromotionSide, target: PromotionSide): RestrictionResult;
}
