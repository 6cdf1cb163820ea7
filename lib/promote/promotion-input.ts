import type { StageInput } from "../facts/stage-input";
import type { SynthesizedStack } from "../synthesized/synthesized-stack";
import type { JsonObject } from "../config/json-paths";

/** One side of a promotion: the stage as the review reads it, and its stage file as written. */
interface PromotionSide extends StageInput {
  /** The stage file's JSON as written, before defaults. */
  readonly file: JsonObject;
}

export interface PromotionInput {
  /** The stage promoted from (dev), whose settings were tested. */
  readonly source: PromotionSide;
  /** The stage promoted to (prod). */
  readonly target: PromotionSide;
  /**
   * The target's settings synthesized with the source's own values and name: what the
   * source would apply if its stage file said what the target's does. Diffing it against
   * the source leaves exactly the differences that are not meant to be there.
   */
  readonly counterpart: SynthesizedStack;
  /**
   * Stacks the target was deployed or last synthesized from: its identity (connection
   * name and strategy, facade audience, import mode) may not change against any of them.
   */
  readonly targetBaselines?: readonly TargetBaseline[];
  /** Identity changes accepted on the command line (`--waive <change> --because ...`). */
  readonly waivers?: readonly IdentityWaiver[];
}

export interface TargetBaseline {
  /** How the report names it: `the stack prod was last synthesized from (cdktf.out/stacks/prod/cdk.tf.json)`. */
  readonly label: string;
  readonly stack: SynthesizedStack;
}

export interface IdentityWaiver {
  readonly change: string;
  readonly reason: string;
  /** `--waive`, or `config/prod.json promotionWaivers[0]`. */
  readonly source: string;
}

/** A reason the promotion fails, naming the field it is about. */
export interface PromotionProblem {
  readonly field: string;
  readonly message: string;
}
