import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadStages } from "../../lib/config/load-stages";
import { promoteCommand } from "../../lib/cli/promote-command";
import { synthesizeStages } from "../../lib/stacks/synthesize-stages";
import { exampleStagesFolder } from "./support/promotion-fixtures";

type Edit = (stage: Record<string, any>) => void;

function promote(dir: string, ...extra: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = promoteCommand(["dev", "prod", "--config", dir, ...extra], { log: (line) => out.push(line), error: (line) => err.push(line) });
  return { code, out, err };
}

/** A cdktf.out folder holding the example stages as deployed: what prod runs today. */
function deployedStacks(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "auth0-facade-deployed-")), "cdktf.out");
  synthesizeStages(loadStages(exampleStagesFolder()), { outdir });
  return outdir;
}

const both = (edit: Edit) => ({ dev: edit, prod: edit });

describe("promotion refuses changing what prod is, against the stack prod was deployed or last synthesized from", () => {
  it("a rename of the connection in both stage files: it would delete every user of prod's connection", () => {
    const dir = exampleStagesFolder(both((stage) => (stage.connection.name = "customers")));
    const { code, out } = promote(dir, "--deployed", deployedStacks());
    expect(code).toBe(1);
    expect(out).toContain(
      "  FAIL    connection.name        legacy-users -> customers: applying it deletes every user of connection legacy-users, every user migrated so far included",
    );
    expect(out.find((line) => line.startsWith("  connection.name: "))).toMatch(
      /^ {2}connection\.name: prod would change connection\.name from legacy-users to customers against the stack prod was deployed from \(.*\/stacks\/prod\/cdk\.tf\.json\): applying it deletes every user of connection legacy-users, every user migrated so far included \(if intended, waive it in promotionWaivers, with the reason\)$/,
    );
  });

  it("a new facade audience, and import mode turned off", () => {
    const dir = exampleStagesFolder({
      dev: (dev) => (dev.connection.importMode = false),
      prod: (prod) => {
        prod.connection.importMode = false;
        prod.facade.audience = "https://legacy-facade.acme.example/v2/";
      },
    });
    const { code, out } = promote(dir, "--deployed", deployedStacks());
    expect(code).toBe(1);
    const failed = out.filter((line) => line.startsWith("  FAIL    "));
    expect(failed).toEqual([
      "  FAIL    facade.audience        https://legacy-facade.acme.example/ -> https://legacy-facade.acme.example/v2/: applying it replaces the facade API, its scopes and every grant: every login fails until the apply ends",
      "  FAIL    connection.importMode  on -> off: every login of connection legacy-users, migrated users' too, would go to the legacy store, where a password changed in Auth0 no longer matches (Auth0's migration guide says to leave import on)",
    ]);
  });

  it("--write of a renamed dev into prod: prod's stage file today is a baseline too, and nothing is written", () => {
    const dir = exampleStagesFolder({ dev: (dev) => (dev.connection.name = "customers") });
    const before = readFileSync(join(dir, "prod.json"), "utf8");
    const { code, out, err } = promote(dir, "--write");
    expect(code).toBe(1);
    expect(out).toContain(
      `  FAIL    connection.name        legacy-users -> customers: applying it deletes every user of connection legacy-users, every user migrated so far included`,
    );
    expect(err).toEqual([`nothing was written: ${dir}/prod.json would not pass promotion even with dev's settings`]);
    expect(readFileSync(join(dir, "prod.json"), "utf8")).toBe(before);
  });

  it("--write --deployed: a change against both baselines is one change", () => {
    const dir = exampleStagesFolder({ dev: (dev) => (dev.connection.name = "customers") });
    const { code, out } = promote(dir, "--write", "--deployed", deployedStacks());
    expect(code).toBe(1);
    expect(out.filter((line) => line.startsWith("  FAIL    "))).toEqual([
      "  FAIL    connection.name        legacy-users -> customers: applying it deletes every user of connection legacy-users, every user migrated so far included",
    ]);
  });

  it("waives only the change a waiver names", () => {
    const dir = exampleStagesFolder({
      dev: (dev) => (dev.connection.name = "customers"),
      prod: (prod) => {
        prod.connection.name = "customers";
        prod.facade.audience = "https://legacy-facade.acme.example/v2/";
        prod.promotionWaivers = [{ change: "connection.name", reason: "Prod's connection holds no users yet: the launch is next week." }];
      },
    });
    const { code, out } = promote(dir, "--deployed", deployedStacks());
    expect(code).toBe(1);
    expect(out.filter((line) => /^ {2}(FAIL|WAIVED) /.test(line)).map((line) => line.split(/\s+/).slice(1, 3).join(" "))).toEqual([
      "WAIVED connection.name",
      "FAIL facade.audience",
    ]);
  });

  it("accepts a change waived with a reason, in prod's stage file or on the command line, and shows it", () => {
    const reason = "Prod's connection holds no users yet: the launch is next week.";
    const waived = exampleStagesFolder({
      dev: (dev) => (dev.connection.name = "customers"),
      prod: (prod) => {
        prod.connection.name = "customers";
        prod.promotionWaivers = [{ change: "connection.name", reason }];
      },
    });
    const fromFile = promote(waived, "--deployed", deployedStacks());
    expect(fromFile.out).toContain(
      `  WAIVED  connection.name        legacy-users -> customers: applying it deletes every user of connection legacy-users, every user migrated so far included; waived: ${JSON.stringify(reason)} (${waived}/prod.json promotionWaivers[0])`,
    );
    expect(fromFile.out.at(-1)).toBe("promotion dev -> prod: passes");

    const renamed = exampleStagesFolder(both((stage) => (stage.connection.name = "customers")));
    const fromCommandLine = promote(renamed, "--deployed", deployedStacks(), "--waive", "connection.name", "--because", reason);
    expect(fromCommandLine.code).toBe(0);
  });

  it("says when there is nothing earlier to compare with, and passes", () => {
    const { code, out } = promote(exampleStagesFolder());
    expect(code).toBe(0);
    expect(out).toContain(
      "Identity of prod: no earlier stack of prod to compare with (a first deploy? pass --deployed <the cdktf.out folder prod was deployed from>)",
    );
  });

  it("gives one clear line for a deployed stack it cannot read", () => {
    const outdir = mkdtempSync(join(tmpdir(), "auth0-facade-deployed-"));
    mkdirSync(join(outdir, "stacks", "prod"), { recursive: true });
    writeFileSync(join(outdir, "stacks", "prod", "cdk.tf.json"), '{"resource": {');
    const { code, err } = promote(exampleStagesFolder(), "--deployed", outdir);
    expect(code).toBe(2);
    expect(err).toEqual([
      `${outdir}/stacks/prod/cdk.tf.json: expected a synthesized stack (cdk.tf.json); it is not valid JSON at line 1, column 15: a closing } was expected`,
    ]);
    expect(promote(exampleStagesFolder(), "--deployed", join(outdir, "none")).err[0]).toBe(`--deployed ${outdir}/none holds no stacks/prod/cdk.tf.json`);
  });

  it.each([
    [["--waive", "connection.displayName"], "--waive needs one of connection.name, connection.strategy, facade.audience, connection.importMode"],
    [["--waive", "connection.name", "--because", "ok"], "--because for connection.name: expected a reason of at least 20 characters"],
  ])("refuses a malformed waiver %j", (args, message) => {
    const { code, err } = promote(exampleStagesFolder(), ...args);
    expect(code).toBe(2);
    expect(err[0]).toBe(message);
  });
});
