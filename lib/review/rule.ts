import type { Violation } from "./finding";
import type { ReviewInput } from "./review-input";

/**
 * One check of the review: a pure function from what a stage declares to violations.
 * Its severity is not here but in the pack, so policy lives in one place.
 */
export interface Rule {
  /** Stable id, used in reports and suppressions; never derived from the file name. */
  readonly id: string;
  /** One line: what the rule checks. */
  readonly checks: string;
  /** Why a violation matters: the threat it opens. */
  readonly threat: string;
  /** How to fix a violation, unless the violation says more precisely. */
  readonly fix: string;
  readonly check: (input: ReviewInput) => Violation[];
}
