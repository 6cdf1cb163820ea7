import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
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
      // Let anything the trail started settle: asking whether it is failing must not itself try again before its time.
      await new Promise((resolve) => setTimeout(resolve, 100));
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
      vi.setSystemTime(Date.now() + 4_000);
      mkdirSync(folder);
      expect(trail.failure()).toMatch(/cannot be written/);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(trail.failure()).toMatch(/cannot be written/);
      expect(existsSync(file)).toBe(false);
      vi.setSystemTime(Date.now() + 5_000);
      trail.failure();
      // While that attempt is under way, asking again (even later) starts no second one.
      vi.setSystemTime(Date.now() + 5_000);
      trail.failure();
      await vi.waitFor(() => expect(trail.failure()).toBeUndefined());
      trail.write(entry("create"));
      await trail.close();
      expect(lines(file).map((line) => [line.operation, line.outcome, line.source, line.client, line.status])).toEqual([
        ["audit", "resumed: 2 entries could not be written", "-", "-", 0],
        ["create", "ok", "127.0.0.1", "Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk", 200],
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

  it("writes to stdout for -, and says its troubles on stderr unless told where", async () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const stdout = auditLog("-");
      stdout.write(entry("lookup"));
      expect(stdout.failure()).toBeUndefined();
      await stdout.close();
      expect(out.mock.calls.map(([line]) => JSON.parse(String(line)).operation)).toEqual(["lookup"]);
      const full = auditLog("/dev/full");
      full.write(entry("authenticate"));
      await vi.waitFor(() => expect(full.failure()).toMatch(/ENOSPC/));
      expect(err.mock.calls.map(([line]) => String(line))).toEqual([
        "the audit log /dev/full cannot be written (ENOSPC): refusing operations until it can be written again\n",
        "audit entry not written (1 so far): authenticate 200 from 127.0.0.1\n",
      ]);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });

  it("counts each entry written while the file is failing, and its state for the metrics", async () => {
    const states: [boolean, number][] = [];
    const said: string[] = [];
    const trail = auditLog("/dev/full", { say: (line) => said.push(line), state: (writable, lost) => states.push([writable, lost]) });
    trail.write(entry("authenticate"));
    await vi.waitFor(() => expect(trail.failure()).toMatch(/ENOSPC/));
    trail.write(entry("lookup"));
    expect(said.slice(1)).toEqual([
      "audit entry not written (1 so far): authenticate 200 from 127.0.0.1",
      "audit entry not written (2 so far): lookup 200 from 127.0.0.1",
    ]);
    expect(states).toEqual([
      [false, 0],
      [false, 1],
      [false, 1],
    ]);
    await trail.close();
  });

  it("says its failure once however many attempts fail, and comes back for an observer that does not watch its state", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const folder = join(mkdtempSync(join(tmpdir(), "audit-")), "logs");
      const file = join(folder, "audit.jsonl");
      const said: string[] = [];
      const trail = auditLog(file, { say: (line) => said.push(line) });
      await vi.waitFor(() => expect(trail.failure()).toMatch(/ENOENT/));
      // Two more attempts while the folder is still missing: each fails, neither is said again.
      for (let attempt = 0; attempt < 2; attempt++) {
        vi.setSystemTime(Date.now() + 5_000);
        trail.failure();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(said).toEqual([`the audit log ${file} cannot be written (ENOENT): refusing operations until it can be written again`]);
      mkdirSync(folder);
      vi.setSystemTime(Date.now() + 5_000);
      trail.failure();
      await vi.waitFor(() => expect(trail.failure()).toBeUndefined());
      expect(said.at(-1)).toBe(`the audit log ${file} is writable again (0 entries were not written)`);
      await trail.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it("counts an entry written after it was closed as lost, and says so", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "audit-")), "audit.jsonl");
    const said: string[] = [];
    const states: [boolean, number][] = [];
    const trail = auditLog(file, { say: (line) => said.push(line), state: (writable, lost) => states.push([writable, lost]) });
    await trail.close();
    trail.write(entry("lookup"));
    expect(said).toEqual(["audit entry not written (1 so far): lookup 200 from 127.0.0.1"]);
    expect(states).toEqual([[false, 1]]);
    expect(readFileSync(file, "utf8")).toBe("");
  });
});
