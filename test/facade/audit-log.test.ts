import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { auditLog } from "../../facade/audit-log";
import type { AuditEntry } from "../../facade/server";

const entry = (operation: string): AuditEntry => ({
  time: new Date().toISOString(),
  source: "127.0.0.1",
  client: "Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk",
  operation,
  status: 200,
  outcome: "ok",
});
const lines = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));

describe("the audit log", () => {
  it("appends one JSON object per entry to an owner-only file, and writes what is buffered when closed", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "audit-")), "audit.jsonl");
    const states: [boolean, number][] = [];
    const trail = auditLog(file, { say: () => undefined, state: (writable, lost) => states.push([writable, lost]) });
    trail.write(entry("authenticate"));
    trail.write(entry("lookup"));
    await trail.close();
    expect(lines(file).map((line) => line.operation)).toEqual(["authenticate", "lookup"]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(trail.failure()).toBeUndefined();
    expect(states).toEqual([]);
  });

  it("reports a folder that goes away, counts each entry it loses, and resumes with a record of the gap once it can write again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const folder = join(mkdtempSync(join(tmpdir(), "audit-")), "logs");
      mkdirSync(folder);
      rmSync(folder, { recursive: true });
      const said: string[] = [];
      const states: [boolean, number][] = [];
      const file = join(folder, "audit.jsonl");
      const trail = auditLog(file, { say: (line) => said.push(line), state: (writable, lost) => states.push([writable, lost]) });
      await vi.waitFor(() => expect(trail.failure()).toBe(`the audit log ${file} cannot be written (ENOENT)`));
      trail.write(entry("authenticate"));
      trail.write(entry("lookup"));
      expect(said).toEqual([
        `the audit log ${file} cannot be written (ENOENT): refusing operations until it can be written again`,
        "audit entry not written (1 so far): authenticate 200 from 127.0.0.1",
        "audit entry not written (2 so far): lookup 200 from 127.0.0.1",
      ]);
      expect(states).toEqual([
        [false, 0],
        [false, 1],
        [false, 1],
      ]);
      // Too soon to try again: still failing, no new attempt.
      vi.setSystemTime(Date.now() + 1_000);
      mkdirSync(folder);
      expect(trail.failure()).toMatch(/cannot be written/);
      vi.setSystemTime(Date.now() + 5_000);
      trail.failure();
      await vi.waitFor(() => expect(trail.failure()).toBeUndefined());
      trail.write(entry("create"));
      await trail.close();
      expect(lines(file).map((line) => [line.operation, line.outcome])).toEqual([
        ["audit", "resumed: 2 entries could not be written"],
        ["create", "ok"],
      ]);
      expect(said.at(-1)).toBe(`the audit log ${file} is writable again (2 entries were not written)`);
      expect(states.at(-1)).toEqual([true, 0]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("reports a full disk on the first write it cannot make, and refuses from then on", async () => {
    const said: string[] = [];
    const trail = auditLog("/dev/full", { say: (line) => said.push(line) });
    expect(trail.failure()).toBeUndefined();
    trail.write(entry("authenticate"));
    await vi.waitFor(() => expect(trail.failure()).toBe("the audit log /dev/full cannot be written (ENOSPC)"));
    expect(said).toEqual([
      "the audit log /dev/full cannot be written (ENOSPC): refusing operations until it can be written again",
      "audit entry not written (1 so far): authenticate 200 from 127.0.0.1",
    ]);
  });
});
