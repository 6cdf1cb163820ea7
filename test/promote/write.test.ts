import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadStages } from "../../lib/config/load-stages";
import { promoteCommand } from "../../lib/cli/promote-command";
import { formatStageFile } from "../../lib/config/stage-file";
import { FIXTURE_STAGES, exampleStage } from "../support/stage-files";
import { exampleStagesFolder } from "./support/promotion-fixtures";

function promote(dir: string, ...extra: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = promoteCommand(["dev", "prod", "--config", dir, ...extra], { log: (line) => out.push(line), error: (line) => err.push(line) });
  return { code, out, err };
}

const read = (dir: string, stage: string) => readFileSync(join(dir, `${stage}.json`), "utf8");

describe("promote --write", () => {
  it("writes prod's stage file from dev's settings and prod's own values, then passes", () => {
    const dir = exampleStagesFolder({
      dev: (dev) => {
        dev.accessToken.lifetimeSeconds = 300;
        dev.facade.timeoutMs = 4000;
      },
      prod: (prod) => delete prod.actionSecrets,
    });
    expect(promote(dir).code).toBe(1); // prod lacks a field dev sets

    const { code, out } = promote(dir, "--write");

    const expected = exampleStage("prod");
    expected.accessToken.lifetimeSeconds = 300;
    expected.facade.timeoutMs = 4000;
    expect(code).toBe(0);
    expect(read(dir, "prod")).toBe(formatStageFile(expected));
    expect(out.slice(-4)).toEqual([
      `wrote ${join(dir, "prod.json")}:`,
      "  facade.timeoutMs: 5000 -> 4000",
      "  accessToken.lifetimeSeconds: 600 -> 300",
      '  actionSecrets: (not set) -> "write-only"',
    ]);
    expect(out).toContain("promotion dev -> prod: passes");
    expect(readdirSync(dir).sort()).toEqual(["dev.json", "prod.json"]);
    expect(promote(dir).code).toBe(0);
  });

  it("keeps dev's field order and layout, so the reviewed diff holds only what changed", () => {
    const dir = exampleStagesFolder({
      prod: (prod) => (prod.facade = { timeoutMs: 5000, certificate: prod.facade.certificate, audience: prod.facade.audience, url: prod.facade.url }),
    });
    expect(promote(dir, "--write").code).toBe(0);
    expect(read(dir, "prod")).toBe(readFileSync(join(FIXTURE_STAGES, "prod.json"), "utf8"));
  });

  it("refuses, writing nothing, when a client dev approves has no counterpart in prod", () => {
    const dir = exampleStagesFolder({
      dev: (dev) =>
        dev.approvedClients.push({ clientId: "Zz2Bv7Xk4Mq9Wd1Zs6Hr3Lp8Jc5Ge0Fy", description: "Reporting job that reads users", scopes: ["users:read"] }),
    });
    const before = read(dir, "prod");
    const { code, err } = promote(dir, "--write");
    expect(code).toBe(2);
    expect(err[0]).toContain('approvedClients: dev approves "Reporting job that reads users", which has no client in prod');
    expect(read(dir, "prod")).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(["dev.json", "prod.json"]);
  });

  it("refuses, writing nothing, when the promoted file would still be looser than dev (its own values)", () => {
    const dir = exampleStagesFolder({ prod: (prod) => (prod.facade.certificate = { type: "ca-issued" }) });
    const before = read(dir, "prod");
    const { code, out, err } = promote(dir, "--write");
    expect(code).toBe(1);
    expect(out).toContain(
      "  facade.certificate (facade-pins): prod trusts any CA-issued facade certificate where dev pins 1 (keep a self-signed certificate with sha256Pins)",
    );
    expect(err).toEqual([`nothing was written: ${join(dir, "prod.json")} would not pass promotion even with dev's settings`]);
    expect(read(dir, "prod")).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(["dev.json", "prod.json"]);
  });

  it("validates the whole folder with the promoted file in it, and names the real file when it fails", () => {
    // Two stages in one tenant: promoting dev's connection name would make prod take over dev's connection.
    const dir = exampleStagesFolder({
      dev: (dev) => (dev.connection.name = "legacy-users-next"),
      prod: (prod) => {
        prod.tenant.domain = "acme-dev.eu.auth0.com";
        prod.connection.name = "legacy-users";
      },
    });
    expect(loadStages(dir)).toHaveLength(2);
    const before = read(dir, "prod");
    const { code, err } = promote(dir, "--write");
    expect(code).toBe(2);
    expect(err.join("\n")).toContain(
      `${join(dir, "prod.json")}: connection.name: expected a connection of its own, not shared with ${join(dir, "dev.json")}, found "acme-dev.eu.auth0.com/legacy-users-next"`,
    );
    expect(read(dir, "prod")).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(["dev.json", "prod.json"]);
  });
});
