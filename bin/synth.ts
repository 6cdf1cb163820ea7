/**
 * `npm run synth`: validates every stage file, bundles the scripts and Actions, and
 * synthesizes cdktf.out/stacks/<stage>/cdk.tf.json, without the cdktf CLI (which adds
 * seconds and needs nothing here). `cdktf synth` runs the same app through main.ts.
 */
import { join } from "node:path";
import { BundleError } from "../lib/bundling/bundle";
import { ConfigError } from "../lib/config/config-error";
import { loadStages } from "../lib/config/load-stages";
import { writeAtomically } from "../lib/output/write-atomically";
import { PROJECT_ROOT } from "../lib/paths";
import { synthesizeStages } from "../lib/stacks/synthesize-stages";

export const OUTDIR = join(PROJECT_ROOT, "cdktf.out");

function main(): number {
  const started = performance.now();
  try {
    const configs = loadStages();
    writeAtomically(OUTDIR, (staging) => synthesizeStages(configs, { outdir: staging }));
    const stages = configs.map((config) => config.stage).join(", ");
    console.log(`synthesized ${configs.length} stage(s) (${stages}) into cdktf.out/stacks in ${(performance.now() - started).toFixed(0)} ms`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof BundleError) {
      console.error(error.message);
      console.error("nothing was written");
      return 1;
    }
    throw error;
  }
}

process.exitCode = main();
