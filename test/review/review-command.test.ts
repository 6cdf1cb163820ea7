import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadStages } from "../../lib/config/load-stages";
import { PROJECT_ROOT } from "../../lib/paths";
import { reviewAndWriteReports, reviewResultLines } from "../../lib/review/review-stages";
import { synthesizeStages } from "../../lib/stacks/synthesize-stages";
import { FIXTURE_STAGES } from "../support/stage-files";

const FIXTURE = join(__dirname, "fixtures", "weakened-config");

function review(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["bin/review.ts", ...args], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function freshOutdir(): string {
  return join(mkdtempSync(join(tmpdir(), "auth0-facade-review-cli-")), "cdktf.out");
}

describe("npm run review", () => {
  it("synthesizes first when a stack is missing, writes the three reports, and fails on an unsuppressed error", () => {
    const outdir = freshOutdir();
    const first = review("--config", FIXTURE, "--outdir", outdir);
    expect(first.stdout).toContain(`${outdir} has no synthesized stack for dev: synthesizing every stage first`);
    expect(first.stdout).toContain(`review dev: FAILED (1 error, 1 warning, 1 suppressed), see ${join(outdir, "review", "dev.md")}`);
    expect(first.stdout).toContain(
      "  error suppression-matches-finding suppressions[1]: the suppression of code-tls-verification for dev/CustomDatabase/Connection matches no finding: code-tls-verification finds nothing on dev/CustomDatabase/Connection: the suppression is stale",
    );
    expect(first.status).toBe(1);
    expect(readdirSync(join(outdir, "review")).sort()).toEqual(["dev.json", "dev.md", "dev.sarif"]);
    expect(readFileSync(join(outdir, "review", "dev.md"), "utf8")).toContain(
      "**Suppressed in the stage file:** The login guard's only secret is the facade audience",
    );

    const again = review("--config", FIXTURE, "--outdir", outdir);
    expect(again.stdout).not.toContain("synthesizing");
    expect(again.status).toBe(1);
  });

  it("passes the fixture stages", () => {
    const outdir = freshOutdir();
    const run = review("--config", FIXTURE_STAGES, "--outdir", outdir);
    expect(run.stdout).toContain("review dev: passed (0 errors, 0 warnings, 0 suppressed)");
    expect(run.stdout).toContain("review prod: passed (0 errors, 0 warnings, 0 suppressed)");
    expect(run.status).toBe(0);
  });

  it("names a bad stage file and its field, and writes nothing", () => {
    const outdir = freshOutdir();
    const run = review("--config", join(PROJECT_ROOT, "test"), "--outdir", outdir);
    expect(run.stderr).toMatch(/^invalid stage configuration/);
    expect(run.status).toBe(2);
    expect(existsSync(outdir)).toBe(false);
  });

  it("refuses an unknown argument", () => {
    const run = review("--strict");
    expect(run.stderr.trim().split("\n")).toEqual([
      "unknown option --strict",
      "usage: npm run review [-- --config <folder of stage files>] [--outdir <cdktf.out folder>]",
    ]);
    expect(run.status).toBe(2);
  });
});

describe("reviewing a staging folder (what npm run synth does)", () => {
  it("writes the reports into the staging folder, naming the folder that will replace cdktf.out", () => {
    const configs = loadStages(FIXTURE_STAGES);
    const final = freshOutdir();
    const staging = `${final}.staging-test`;
    const bundles = synthesizeStages(configs, { outdir: staging });
    const reports = reviewAndWriteReports(configs, staging, bundles, final);
    expect(readdirSync(join(staging, "review")).sort()).toEqual(["dev.json", "dev.md", "dev.sarif", "prod.json", "prod.md", "prod.sarif"]);
    expect(reports[0].stackFile).toBe(join(final, "stacks", "dev", "cdk.tf.json"));
    expect(readFileSync(join(staging, "review", "dev.md"), "utf8")).not.toContain("staging");
    expect(reviewResultLines(reports, final)).toEqual([
      `review dev: passed (0 errors, 0 warnings, 0 suppressed), see ${join(final, "review", "dev.md")}`,
      `review prod: passed (0 errors, 0 warnings, 0 suppressed), see ${join(final, "review", "prod.md")}`,
    ]);
  });
});
