import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, DuplicateRowError, driverReason, withinTime } from "../../facade/database/database";

describe("the database layer's errors", () => {
  it("are named for what failed, so a log line says which", () => {
    const outage = new DatabaseUnavailableError("a query", "ECONNRESET");
    expect([outage.name, outage.message, outage.reason]).toEqual([
      "DatabaseUnavailableError",
      "the legacy database is unavailable: a query (ECONNRESET)",
      "ECONNRESET",
    ]);
    const duplicate = new DuplicateRowError();
    expect([duplicate.name, duplicate.message]).toEqual(["DuplicateRowError", "a row with this key already exists"]);
  });

  it.each([
    [Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" }), "23505"],
    [new Error("Connection terminated unexpectedly\n    at Client (pg/lib/client.js)"), "Connection terminated unexpectedly"],
    ["a thrown string", "a thrown string"],
  ])("gives a driver failure's reason as its code, else its first line, never more (%#)", (error, reason) => {
    expect(driverReason(error)).toBe(reason);
  });

  it("answers within the time, or reports the database as unavailable", async () => {
    await expect(withinTime(Promise.resolve("rows"), 50, "a query")).resolves.toBe("rows");
    const hung = new Promise(() => undefined);
    const started = performance.now();
    await expect(withinTime(hung, 50, "a query")).rejects.toThrow(new DatabaseUnavailableError("a query", "no answer within 50 ms"));
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });
});
