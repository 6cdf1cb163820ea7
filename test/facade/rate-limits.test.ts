import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { LegacyDatabase } from "../../facade/database/database";
import { ClientBudgets, FailedLogins, emailDigest, unknownEmailKey, userKey } from "../../facade/rate-limits";

/** A database that records statements: the counter's SQL is checked on real servers in facade-service.test.ts. */
function recording(engine: LegacyDatabase["engine"]) {
  const statements: [string, readonly unknown[]][] = [];
  const database: LegacyDatabase = {
    engine,
    query: async () => [],
    execute: async (sql, parameters) => {
      statements.push([sql, parameters]);
      return 1;
    },
    quote: (name) => name,
    poolUse: () => ({ total: 0, idle: 0, waiting: 0 }),
    close: async () => undefined,
  };
  return { database, statements };
}

describe("failed-login limits", () => {
  const window = { max: 3, windowSeconds: 60 };
  const now = 1_800_000_030_000; // 30 s into a window
  const start = 1_800_000_000;

  it("is exhausted only at max failures within the current window", () => {
    const limits = new FailedLogins(recording("postgres").database, window, () => now);
    expect(limits.exhausted({})).toBe(false);
    expect(limits.exhausted({ hits: 2, windowStart: start })).toBe(false);
    expect(limits.exhausted({ hits: 3, windowStart: start })).toBe(true);
    expect(limits.exhausted({ hits: "4", windowStart: String(start) })).toBe(true);
    expect(limits.exhausted({ hits: 9, windowStart: start - 60 })).toBe(false);
    expect(limits.exhausted({ hits: null, windowStart: null })).toBe(false);
  });

  it("counts a failure in the current window's bucket, in each engine's upsert", async () => {
    for (const engine of ["postgres", "mysql"] as const) {
      const { database, statements } = recording(engine);
      await new FailedLogins(database, window, () => now).failed("user:7");
      expect(statements).toHaveLength(1);
      expect(statements[0][1]).toEqual(["user:7", start]);
      expect(statements[0][0]).toMatch(engine === "postgres" ? /ON CONFLICT \(bucket\) DO UPDATE/ : /ON DUPLICATE KEY UPDATE/);
    }
  });

  it("keys a user by id, and an unknown email by the SHA-256 of its canonical form, never in clear", () => {
    expect(userKey("42")).toBe("user:42");
    expect(emailDigest("ada@legacy.example")).toBe(createHash("sha256").update("ada@legacy.example").digest("hex"));
    expect(unknownEmailKey("ada@legacy.example")).toBe(`email:${emailDigest("ada@legacy.example")}`);
    expect(unknownEmailKey("ada@legacy.example")).not.toContain("ada");
  });
});

describe("client budgets", () => {
  it("lets each approved client spend its own budget, then refuses it alone", async () => {
    const budgets = new ClientBudgets({ max: 2, windowSeconds: 60 });
    expect([await budgets.spend("a"), await budgets.spend("a"), await budgets.spend("a")]).toEqual([true, true, false]);
    expect(await budgets.spend("b")).toBe(true);
  });
});
