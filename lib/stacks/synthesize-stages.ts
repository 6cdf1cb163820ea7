import { App } from "cdktf";
import { bundleRuntimeCode, type RuntimeBundles } from "../bundling/runtime-bundles";
import type { StageConfig } from "../config/stage-config";
import { StageStack } from "./stage-stack";

export interface SynthesizeOptions {
  /** @default "cdktf.out" (or what the cdktf CLI asks for through CDKTF_OUTDIR) */
  readonly outdir?: string;
  /** The folder holding scripts/, actions/ and contract/. @default the project root */
  readonly sourceRoot?: string;
}

/**
 * Bundles the runtime code once, then synthesizes one StageStack per stage into
 * `<outdir>/stacks/<stage>/cdk.tf.json`. Bundling fails before any stack is written.
 * Returns the bundles, which the review compares the stacks' code with.
 */
export function synthesizeStages(configs: readonly StageConfig[], options: SynthesizeOptions = {}): RuntimeBundles {
  const bundles = bundleRuntimeCode(
    configs.flatMap((config) => config.connection.scripts),
    options.sourceRoot,
  );
  performance.mark("bundled");
  const app = new App(options.outdir === undefined ? {} : { outdir: options.outdir });
  for (const config of configs) new StageStack(app, config.stage, { config, bundles });
  app.synth();
  performance.mark("synthesized");
  return bundles;
}
