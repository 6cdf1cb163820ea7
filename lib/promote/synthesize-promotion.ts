import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readStageFileJson } from "../config/stage-file";
import type { StageConfig } from "../config/stage-config";
import { synthesizeStages } from "../stacks/synthesize-stages";
import { SynthesizedStack } from "../synthesized/synthesized-stack";
import { counterpartConfig } from "./own-values";
import type { JsonObject } from "../config/json-paths";
import type { PromotionInput } from "./promotion-input";

export interface PromotionSynthesisOptions {
  /** The stack the source stage was deployed and tested from, instead of a fresh synth, and its file. */
  readonly testedSource?: { readonly stack: SynthesizedStack; readonly file: string };
  /** The target's stage file, when it is not (yet) the file at `target.sourceFile`. */
  readonly targetFile?: JsonObject;
}

/**
 * Synthesizes both stages and the counterpart into a temporary folder, removed
 * afterwards: promotion never touches cdktf.out.
 */
export function synthesizePromotion(source: StageConfig, target: StageConfig, options: PromotionSynthesisOptions = {}): PromotionInput {
  const outdir = mkdtempSync(join(tmpdir(), "auth0-facade-promote-"));
  try {
    const bundles = synthesizeStages([source, target], { outdir: join(outdir, "stages") });
    synthesizeStages([counterpartConfig(source, target)], { outdir: join(outdir, "counterpart") });
    const side = (config: StageConfig, file: JsonObject, stack: SynthesizedStack, stackFile: string) => ({ config, file, stack, stackFile, bundles });
    return {
      source: side(
        source,
        readStageFileJson(source),
        options.testedSource?.stack ?? SynthesizedStack.read(join(outdir, "stages"), source.stage),
        options.testedSource?.file ?? `${source.stage} (synthesized for promotion)`,
      ),
      target: side(
        target,
        options.targetFile ?? readStageFileJson(target),
        SynthesizedStack.read(join(outdir, "stages"), target.stage),
        `${target.stage} (synthesized for promotion)`,
      ),
      counterpart: SynthesizedStack.read(join(outdir, "counterpart"), source.stage),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** One stage synthesized on its own, into a temporary folder removed afterwards. */
export function synthesizeStage(config: StageConfig): SynthesizedStack {
  const outdir = mkdtempSync(join(tmpdir(), "auth0-facade-promote-"));
  try {
    synthesizeStages([config], { outdir });
    return SynthesizedStack.read(outdir, config.stage);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
