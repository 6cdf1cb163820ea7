import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { synthCommand } from "../../lib/cli/synth-command";
import { exampleStagesFolder } from "../promote/support/promotion-fixtures";
import { scratchOutdir } from "../support/output-folder";
import { configFolder, exampleStage } from "../support/stage-files";
import { runCaptured } from "../support/captured-command";

const synth = (...args: string[]) => runCaptured(synthCommand, args);

describe("npm run synth", () => {
  it("warns, naming the stage file, when an edit changes what a stage is since the last synth", () => {
    const outdir = scratchOutdir();
    expect(synth("--config", exampleStagesFolder(), "--outdir", outdir, "--no-review").err).toEqual([]);
    const dev = exampleStage("dev");
    dev.connection.name = "customers";
    const renamed = configFolder({ "dev.json": dev, "prod.json": exampleStage("prod") });
    const { code, err } = synth("--config", renamed, "--outdir", outdir, "--no-review");
    expect(code).toBe(0);
    expect(err).toEqual([
      `warning: ${renamed}/dev.json: connection.name changes from legacy-users to customers since the last synth: applying it deletes every user of connection legacy-users, every user migrated so far included (npm run plan-check and Terraform's prevent_destroy refuse it; see docs/provider-hazards.md)`,
    ]);
  });

  it("says when it cannot compare with a last synth it cannot read", () => {
    const outdir = scratchOutdir();
    const config = exampleStagesFolder();
    synth("--config", config, "--outdir", outdir, "--no-review");
    writeFileSync(join(outdir, "stacks", "prod", "cdk.tf.json"), "{");
    expect(synth("--config", config, "--outdir", outdir, "--no-review").err).toEqual([
      `warning: ${outdir}/stacks/prod/cdk.tf.json: expected a synthesized stack (cdk.tf.json); it is not valid JSON at line 1, column 2: a closing } was expected: cannot tell whether ${config}/prod.json changes what prod is`,
    ]);
  });

  it("creates an output folder whose parents do not exist yet", () => {
    const outdir = join(scratchOutdir(), "not", "yet", "cdktf.out");
    const { code, err } = synth("--config", exampleStagesFolder(), "--outdir", outdir, "--no-review");
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(existsSync(join(outdir, "stacks", "dev", "cdk.tf.json"))).toBe(true);
  });
});
