import type { RuntimeBundles } from "../bundling/runtime-bundles";
import type { StageConfig } from "../config/stage-config";
import type { SynthesizedStack } from "../synthesized/synthesized-stack";

/**
 * One stage as the facts read it: what its stage file declares, what the repository
 * builds for it (the bundles), and what it will apply (the synthesized stack).
 */
export interface StageInput {
  readonly config: StageConfig;
  readonly stack: SynthesizedStack;
  /** The synthesized file, as reports name it (`cdktf.out/stacks/dev/cdk.tf.json`). */
  readonly stackFile: string;
  /** The exact script and Action texts the repository's sources bundle to. */
  readonly bundles: RuntimeBundles;
  /** The texts findings point into, to give them a line; absent for stacks built in memory. */
  readonly texts?: { readonly stack?: string; readonly stageFile?: string };
}
