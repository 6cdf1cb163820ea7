import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../../lib/paths";

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
}

const workflow = (name: string) => parse(readFileSync(join(PROJECT_ROOT, "examples", "github-actions", name), "utf8"));
const stageWorkflow = () => workflow("auth0-stage.yml");
const steps = (): Step[] => stageWorkflow().jobs.terraform.steps;
const usesSecrets = (env: Record<string, string> | undefined) => Object.values(env ?? {}).some((value) => String(value).includes("secrets."));

/** Where the README and the workflow write plans: every `-out=` and `show -json ... >` target. */
function planPaths(text: string): string[] {
  const outs = [...text.matchAll(/-out=("?)([^"\s]+)\1/g)].map((match) => match[2]);
  const shown = [...text.matchAll(/show -json [^>\n]*> *("?)([^"\s]+)\1/g)].map((match) => match[2]);
  return [...outs, ...shown].map((path) => path.replace(/^\$PWD\//, "").replace(/\$STAGE/g, "prod"));
}

const ignoredByGit = (path: string) => spawnSync("git", ["check-ignore", "--no-index", "-q", path], { cwd: PROJECT_ROOT }).status === 0;

describe("the GitHub Actions example is least-privilege", () => {
  it("gives the Auth0 credentials to no job or workflow, only to the steps that talk to Auth0", () => {
    const stage = stageWorkflow();
    expect(usesSecrets(stage.env)).toBe(false);
    expect(usesSecrets(stage.jobs.terraform.env)).toBe(false);
    const withSecrets = steps()
      .filter((step) => usesSecrets(step.env))
      .map((step) => step.run?.split("\n").find((line) => line.trim() !== ""));
    expect(withSecrets).toEqual([
      'npm run check-env -- "$STAGE"',
      "mkdir -p plans",
      'terraform -chdir="$STACK" apply -lock-timeout=5m "$PWD/plans/$STAGE.tfplan"',
    ]);
    expect(steps().find((step) => step.run === "npm ci")?.env).toBeUndefined();
  });

  it("sets up the state's credentials after every npm step, and runs the plan gate without them", () => {
    const all = steps();
    const credentials = all.findIndex((step) => step.uses?.startsWith("aws-actions/configure-aws-credentials"));
    const npmAfter = all.slice(credentials).filter((step) => step.run?.includes("npm "));
    expect(credentials).toBeGreaterThan(all.findIndex((step) => step.run === "npm ci"));
    expect(npmAfter.map((step) => step.run)).toEqual([
      'env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN npm run plan-check -- "plans/$STAGE.json" --chdir "$STACK"',
    ]);
  });

  it("plans pull requests in the read-only environments and applies only in the protected ones", () => {
    const { jobs } = workflow("auth0.yml");
    expect(jobs.plan.with).toMatchObject({ environment: "${{ matrix.stage }}-plan", apply: false });
    expect([jobs["apply-dev"].with, jobs["apply-prod"].with]).toEqual([
      expect.objectContaining({ environment: "dev", apply: true }),
      expect.objectContaining({ environment: "prod", apply: true }),
    ]);
  });

  it("runs the plan gate on the plan it applies, and applies only that plan", () => {
    const runs = steps().map((step) => step.run ?? "");
    const gate = runs.findIndex((run) => run.includes("npm run plan-check"));
    const apply = runs.findIndex((run) => run.includes(" apply "));
    expect(gate).toBeGreaterThan(runs.findIndex((run) => run.includes(" plan ")));
    expect(apply).toBeGreaterThan(gate);
    expect(runs[apply]).toContain('"$PWD/plans/$STAGE.tfplan"');
  });

  it("writes plans, which hold secrets in plain text, only where .gitignore covers them, in the docs and the workflow alike", () => {
    const paths = [
      ...planPaths(readFileSync(join(PROJECT_ROOT, "docs/real-tenant.md"), "utf8")),
      ...planPaths(readFileSync(join(PROJECT_ROOT, "examples/github-actions/auth0-stage.yml"), "utf8")),
    ];
    expect(paths.length).toBeGreaterThanOrEqual(4);
    for (const path of paths) expect(ignoredByGit(path), path).toBe(true);
  });
});
