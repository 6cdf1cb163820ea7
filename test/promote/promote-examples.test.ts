import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { comparePromotion, passes, type PromotionReport } from "../../lib/promote/compare-promotion";
import { formatPromotionReport } from "../../lib/promote/format-report";
import type { PromotionInput } from "../../lib/promote/promotion-input";
import { promoteCommand } from "../../lib/cli/promote-command";
import { synthesizeExamples } from "../support/synthesized-examples";
import { promotionInput } from "./support/promotion-fixtures";
import { FIXTURE_STAGES } from "../support/stage-files";

function run(args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = promoteCommand(args, { log: (line) => out.push(line), error: (line) => err.push(line) });
  return { code, out, err };
}

describe("promoting the example dev stage to prod", () => {
  let input: PromotionInput;
  let report: PromotionReport;
  beforeAll(() => {
    input = promotionInput(FIXTURE_STAGES);
  });
  // The comparison runs per test, so mutation testing credits it to the tests that check it.
  beforeEach(() => {
    report = comparePromotion(input);
  });

  it("passes: once the own values are set aside, prod applies exactly what dev applies", () => {
    expect(report.problems).toEqual([]);
    expect(report.differences).toEqual([]);
    expect(passes(report)).toBe(true);
  });

  it("sets aside exactly the values meant to differ, and shows both stages' value of each", () => {
    expect(report.setAside.map((value) => value.field)).toEqual([
      "tenant.domain",
      "tenant.region",
      "facade.url",
      "facade.audience",
      "facade.certificate.type",
      "facade.certificate.sha256Pins",
      "connection.enabledClients",
      "backend.type",
      "backend.bucket",
      "backend.key",
      "backend.region",
      'approvedClients["Support console: looks up legacy accounts while users migrate"].clientId',
    ]);
    expect(report.setAside.find((value) => value.field === "tenant.domain")).toEqual({
      field: "tenant.domain",
      source: "acme-dev.eu.auth0.com",
      target: "acme.eu.auth0.com",
    });
  });

  it("shows that both stages run the same script and Action bytes", () => {
    expect(report.code.target.map((code) => code.name)).toEqual([
      "script get_user",
      "script login",
      "action ExchangeGuard/Guard/Action",
      "action LoginGuard/Guard/Action",
    ]);
    expect(report.code.target).toEqual(report.code.source);
  });

  it("prints a readable report ending in its verdict", () => {
    const lines = formatPromotionReport(report);
    expect(lines[0]).toBe("promotion dev -> prod (test/fixtures/stages/dev.json -> test/fixtures/stages/prod.json)");
    expect(lines).toContain("  nothing: with its own values set aside, prod applies exactly what dev applies");
    expect(lines).toContain('  tenant.region: "EU" in both');
    expect(lines.filter((line) => /^ {2}(ok {2}|FAIL) {2}/.test(line))).toHaveLength(report.facts.length);
    expect(lines).toContain("Review (the same rules for both; prod may have no finding dev lacks):");
    expect(lines.at(-1)).toBe("promotion dev -> prod: passes");
  });

  it("runs as a command that exits 0, leaving cdktf.out and the stage files alone", () => {
    const config = mkdtempSync(join(tmpdir(), "auth0-facade-config-"));
    cpSync(FIXTURE_STAGES, config, { recursive: true });
    const before = readdirSync(config).map((name) => [name, statSync(join(config, name)).mtimeMs]);
    const { code, out } = run(["dev", "prod", "--config", config]);
    expect(code).toBe(0);
    expect(out.at(-1)).toBe("promotion dev -> prod: passes");
    const { code: writeCode, out: writeOut } = run(["dev", "prod", "--config", config, "--write"]);
    expect(writeCode).toBe(0);
    expect(writeOut[0]).toBe(`${config}/prod.json already holds dev's settings with prod's own values: nothing to write`);
    const after = readdirSync(config).map((name) => [name, statSync(join(config, name)).mtimeMs]);
    expect(after).toEqual(before);
  });

  it("answers a wrong command line with its usage and exit code 2", () => {
    expect(run(["dev"])).toMatchObject({ code: 2, err: ["expected 2 stages, got 1", expect.stringContaining("usage: npm run promote --")] });
    expect(run(["dev", "dev"]).err[0]).toBe("promote a stage to another one, not dev to itself");
    expect(run(["dev", "prod", "--force"]).err[0]).toBe("unknown option --force");
  });

  it("names a stage that has no stage file", () => {
    const { code, err } = run(["dev", "staging", "--config", FIXTURE_STAGES]);
    expect(code).toBe(2);
    expect(err.join("\n")).toContain("test/fixtures/stages/staging.json: expected a stage file for the requested stage");
  });
});

describe("promote --tested", () => {
  it("fails when prod would run code other than the stack dev was deployed from", () => {
    // A copy: the synthesized examples are shared by every test of this worker.
    const deployed = { outdir: join(mkdtempSync(join(tmpdir(), "auth0-facade-deployed-")), "cdktf.out") };
    cpSync(synthesizeExamples().outdir, deployed.outdir, { recursive: true });
    const file = join(deployed.outdir, "stacks", "dev", "cdk.tf.json");
    const document = JSON.parse(readFileSync(file, "utf8"));
    const connection = Object.values(document.resource.auth0_connection as Record<string, { options: { custom_scripts: Record<string, string> } }>)[0];
    connection.options.custom_scripts.login += "\n// an older build";
    writeFileSync(file, JSON.stringify(document));

    const { code, out } = run(["dev", "prod", "--config", FIXTURE_STAGES, "--tested", deployed.outdir]);
    expect(code).toBe(1);
    expect(out).toContain("promotion dev -> prod: FAILS (1 problem)");
    expect(out.at(-1)).toMatch(/^ {2}script login: prod would run different script login bytes than dev was tested with/);
    expect(run(["dev", "prod", "--config", FIXTURE_STAGES, "--tested", join(deployed.outdir, "nowhere")]).err[0]).toMatch(
      /^--tested .* holds no stacks\/dev\/cdk\.tf\.json$/,
    );
  });
});
