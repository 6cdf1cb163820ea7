import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InputError, problemCount } from "../input-error";
import type { StageConfig } from "../config/stage-config";
import { PROJECT_ROOT, displayPath } from "../paths";
import type { RuntimeBundles } from "../bundling/runtime-bundles";
import type { StageInput } from "../facts/stage-input";
import { SynthesizedStack, stackFileOf } from "../synthesized/synthesized-stack";

/** What a rule reads: what the stage will apply, what its stage file declares, what the repository builds. */
export type ReviewInput = StageInput;

/** Input the review cannot read. Each problem names the file and field. */
export { stackFileOf };

/** The stage file's text, to point suppression findings at their line; a vanished file just loses the line. */
function stageFileText(config: StageConfig): string | undefined {
  try {
    return readFileSync(resolve(PROJECT_ROOT, config.sourceFile), "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Reads `<outdir>/stacks/<stage>/cdk.tf.json` for a stage. `shownAs` is the output
 * folder reports name (the final `cdktf.out` when reading from a staging folder).
 */
export function loadReviewInput(outdir: string, config: StageConfig, bundles: RuntimeBundles, shownAs: string = outdir): ReviewInput {
  const path = stackFileOf(outdir, config.stage);
  const stackFile = displayPath(stackFileOf(shownAs, config.stage));
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const problems = [{ file: stackFile, field: "", expected: `expected the synthesized stack of ${config.sourceFile} (${code}; run npm run synth)` }];
    throw new InputError(problems, `cannot review (${problemCount(problems)})`);
  }
  const stack = SynthesizedStack.parse(stackFile, config.stage, text);
  return { config, stack, stackFile, bundles, texts: { stack: text, stageFile: stageFileText(config) } };
}
