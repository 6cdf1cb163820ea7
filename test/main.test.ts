import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../lib/paths";
import { configFolder, exampleStage } from "./support/stage-files";

/** main.ts as the cdktf CLI runs it (`npx tsx main.ts`, output folder in CDKTF_OUTDIR). */
function app(config: string): { status: number | null; stdout: string; stderr: string; outdir: string } {
  const outdir = join(mkdtempSync(join(tmpdir(), "auth0-facade-app-")), "cdktf.out");
  const run = spawnSync(join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["main.ts"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: outdir, AUTH0_FACADE_CONFIG: config },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, outdir };
}

describe("the cdktf app (npx cdktf synth / diff / deploy)", () => {
  it("synthesizes one stack per stage file", () => {
    const run = app(configFolder({ "dev.json": exampleStage("dev") }));
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(existsSync(join(run.outdir, "stacks", "dev", "cdk.tf.json"))).toBe(true);
  });

  it("prints a bad stage file's problems as npm run synth does, without a stack trace, and writes no stack", () => {
    const stage = exampleStage("dev");
    stage.facade.url = "http://legacy-facade.dev.acme.example";
    const config = configFolder({ "dev.json": stage });
    const run = app(config);
    expect(run.stderr.trim().split("\n")).toEqual([
      "invalid stage configuration (1 problem):",
      `  ${config}/dev.json: facade.url: expected an https:// URL without credentials, query or fragment, found "http://legacy-facade.dev.acme.example"`,
    ]);
    expect(run.status).toBe(2);
    expect(existsSync(join(run.outdir, "stacks"))).toBe(false);
  });
});
