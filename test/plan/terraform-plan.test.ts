import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planCheckCommand } from "../../lib/cli/plan-check-command";
import { checkPlan } from "../../lib/plan/plan-check";
import { parsePlan } from "../../lib/plan/terraform-plan";
import { synthesizeExamples } from "../support/synthesized-examples";
import { appliedState, planJson } from "../support/terraform-plans";
import { runCaptured } from "../support/captured-command";

const FIXTURES = join(__dirname, "fixtures");
const realPlan = () => JSON.parse(readFileSync(join(FIXTURES, "terraform-1.11.4-plan.json"), "utf8"));

const run = (...args: string[]) => runCaptured(planCheckCommand, args);

function fileWith(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), "plan-check-")), name);
  writeFileSync(path, content);
  return path;
}

describe("reading terraform show -json", () => {
  it("reads a real Terraform 1.11 plan, and finds nothing of Auth0's in it to refuse", () => {
    const plan = parsePlan("plan.json", readFileSync(join(FIXTURES, "terraform-1.11.4-plan.json")));
    expect(plan.format_version).toBe("1.2");
    expect(plan.resource_changes?.map((change) => change.change.actions.join(","))).toEqual(["create,delete", "delete,create", "delete", "create"]);
    expect(checkPlan(plan, { stackDir: "." }, []).hazards).toEqual([]);
  });

  it("is given fixtures laid out exactly as Terraform lays out a real plan", () => {
    const real = realPlan();
    const { stacks } = synthesizeExamples();
    const ours = planJson(appliedState(stacks.dev), stacks.dev) as Record<string, any>;
    expect(Object.keys(ours).sort()).toEqual(Object.keys(real).sort());
    const replaced = real.resource_changes.find((change: any) => change.change.actions.join(",") === "delete,create");
    const ourReplace = planJson(appliedState(stacks.dev), stacks.dev, { replace: ["auth0_client_grant.FacadeClient_Grant_BF23A401"] }) as any;
    const ourReplaced = ourReplace.resource_changes.find((change: any) => change.change.actions.join(",") === "delete,create");
    expect(Object.keys(ourReplaced).sort()).toEqual(Object.keys(replaced).sort());
    expect(
      Object.keys(ourReplaced.change)
        .filter((key) => key !== "replace_paths")
        .sort(),
    ).toEqual(
      Object.keys(replaced.change)
        .filter((key: string) => key !== "replace_paths")
        .sort(),
    );
    const deleted = real.resource_changes.find((change: any) => change.change.actions.join(",") === "delete");
    expect(deleted.change.after_sensitive).toBe(false);
    expect(Object.keys(ours.prior_state).sort()).toEqual(Object.keys(real.prior_state).sort());
  });
});

describe("npm run plan-check on what is not a plan: one clear line, exit 2", () => {
  it.each([
    ["{}", "{}", "this is JSON without a format_version, not a plan"],
    ["a list", "[]", "this is a list"],
    ["a state file", readFileSync(join(FIXTURES, "terraform-1.11.4-state-file.json"), "utf8"), "this is a Terraform state file, not a plan"],
    [
      "the JSON of a state",
      readFileSync(join(FIXTURES, "terraform-1.11.4-state-show.json"), "utf8"),
      "this is the JSON of a state (terraform show -json without a plan file), not of a plan",
    ],
    ["the binary plan", Buffer.concat([Buffer.from("PK\u0003\u0004", "latin1"), Buffer.alloc(40)]), "this is the binary plan file itself"],
    ["JSON cut short", '{\n  "format_version": "1.2",\n  "resource_changes": [\n', "it is not valid JSON at line 4, column 1: a closing ] was expected"],
  ])("%s", (_, content, what) => {
    const file = fileWith("plan.json", content);
    const { code, out, err } = run(file);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([`${file}: expected the JSON of a saved plan (terraform show -json tfplan > plan.json); ${what}`]);
  });

  it("a missing file", () => {
    expect(run("/nonexistent/plan.json")).toEqual({
      code: 2,
      out: [],
      err: ["/nonexistent/plan.json: expected the JSON of a saved plan (terraform show -json tfplan > plan.json); the file cannot be read (ENOENT)"],
    });
  });

  it("a plan with a malformed change names the field and never shows a value (plans hold secrets in plain text)", () => {
    const plan = realPlan();
    plan.resource_changes[1].change.actions = "s3cr3t-value";
    const file = fileWith("plan.json", JSON.stringify(plan));
    const { code, err } = run(file);
    expect(code).toBe(2);
    expect(err).toEqual([`${file}: resource_changes[1].change.actions: expected array, as terraform show -json writes it`]);
    expect(err.join("\n")).not.toContain("s3cr3t");
  });

  it.each([
    [[], "expected 1 plan file, got 0"],
    [["a.json", "b.json"], "expected 1 plan file, got 2"],
    [["a.json", "--waive", "auth0_connection.X"], '--waive auth0_connection.X needs --because "<why it is intended>" right after it'],
    [["a.json", "--waive", "auth0_connection.X", "--because", "ok"], "--because for auth0_connection.X: expected a reason of at least 20 characters"],
    [["a.json", "--stage"], "--stage needs a value"],
    [["a.json", "--force"], "unknown option --force"],
  ])("a command line it cannot run: %j", (args, message) => {
    const { code, err } = run(...args);
    expect(code).toBe(2);
    expect(err[0]).toBe(message);
    expect(err[1]).toMatch(/^usage: npm run plan-check -- <plan.json>/);
  });
});
