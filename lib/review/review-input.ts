import { stageFileText } from "../config/stage-file";
import type { StageConfig } from "../config/stage-config";
import { displayPath } from "../paths";
import type { RuntimeBundles } from "../bundling/runtime-bundles";
import type { StageInput } from "../facts/stage-input";
import { SynthesizedStack, stackFileOf } from "../synthesized/synthesized-stack";

/** What a rule reads: what the stage will apply, what its stage file declares, what the repository builds. */
export type ReviewInput = StageInput;

/** Input the review cannot read. Each problem names the file and field. */
export { stackFileOf };

/**
 * Reads `<outdir>/stacks/<stage>/cdk.tf.json` for a stage. `shownAs` is the output
 * folder reports name (the final `cdktf.out` when reading from a staging folder).
 */
export function loadReviewInput(outdir: string, config: StageConfig, bundles: RuntimeBundles, shownAs: string = outdir): ReviewInput {
  const path = stackFileOf(outdir, config.stage);
  const stackFile = displayPath(stackFileOf(shownAs, config.stage));
  const text = SynthesizedStack.readText(path, stackFile, `run npm run synth to synthesize ${config.sourceFile}`);
  const stack = SynthesizedStack.parse(stackFile, config.stage, text);
  return { config, stack, stackFile, bundles, texts: { stack: text, stageFile: stageFileText(config) } };
}
