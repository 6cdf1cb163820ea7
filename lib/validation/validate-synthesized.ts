import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { SynthesizedStack } from "../synthesized/synthesized-stack";
import { readProviderSchema, type ProviderSchema } from "./provider-schema";
import type { SchemaProblem } from "./schema-problem";
import { validateStack } from "./validate-stack";

export interface SynthesizedValidation {
  /** The stages whose `cdk.tf.json` was found and validated. */
  readonly stages: readonly string[];
  readonly problems: readonly SchemaProblem[];
}

/** Validates every `<outdir>/stacks/<stage>/cdk.tf.json` against the provider schema. */
export function validateSynthesized(outdir: string, schema: ProviderSchema = readProviderSchema()): SynthesizedValidation {
  const stacksDir = join(outdir, "stacks");
  const stages = existsSync(stacksDir)
    ? readdirSync(stacksDir)
        .filter((stage) => existsSync(join(stacksDir, stage, "cdk.tf.json")))
        .sort()
    : [];
  const problems = stages.flatMap((stage) => {
    return validateStack(stage, SynthesizedStack.read(outdir, stage).document, schema);
  });
  return { stages, problems };
}
