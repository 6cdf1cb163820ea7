import { FIXTURE_STAGES } from "../support/stage-files";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleAction } from "../../lib/bundling/bundle-action";
import { bundleScript } from "../../lib/bundling/bundle-script";
import { synthCommand } from "../../lib/cli/synth-command";
import { PROJECT_ROOT } from "../../lib/paths";
import { capturedOutput, folderDigest, scratchOutdir } from "../support/output-folder";
import { scratchProject } from "../support/scratch-project";

describe("determinism", () => {
  it("bundles the same bytes from two copies of the sources in different folders, without any cache", () => {
    const [first, second] = [scratchProject(), scratchProject()];
    expect(first).not.toBe(second);
    expect(bundleScript("login", second).code).toBe(bundleScript("login", first).code);
    expect(bundleAction("credentials-exchange", second).code).toBe(bundleAction("credentials-exchange", first).code);
  });

  it("synthesizes byte-identical stacks and reports twice", () => {
    const outdir = scratchOutdir();
    expect(synthCommand(["--config", FIXTURE_STAGES, "--outdir", outdir], capturedOutput())).toBe(0);
    const first = folderDigest(outdir);
    expect(Object.keys(first)).toEqual(expect.arrayContaining(["stacks/dev/cdk.tf.json", "stacks/prod/cdk.tf.json", "review/dev.md", "review/prod.sarif"]));
    expect(synthCommand(["--config", FIXTURE_STAGES, "--outdir", outdir], capturedOutput())).toBe(0);
    expect(folderDigest(outdir)).toEqual(first);
  });

  it("synthesizes the same output when `npm run synth` runs from another working directory", () => {
    const outdir = scratchOutdir();
    expect(synthCommand(["--config", FIXTURE_STAGES, "--outdir", outdir], capturedOutput())).toBe(0);
    const inProcess = folderDigest(outdir);
    const run = spawnSync(process.execPath, [join(PROJECT_ROOT, "bin", "prebundled.cjs"), "bin/synth.ts", "--config", FIXTURE_STAGES, "--outdir", outdir], {
      cwd: tmpdir(),
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(folderDigest(outdir)).toEqual(inProcess);
  });
});
