import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, type LegacyDatabase } from "../../facade/database/database";
import { FacadeMetrics, serveMetrics } from "../../facade/metrics";
import { seriesValue } from "../support/prometheus-text";

const value = seriesValue;

/** A database that answers, or fails as told: what the facade's metrics wrap. */
function scripted(): LegacyDatabase & { fail: boolean } {
  const database = {
    fail: false,
    engine: "postgres" as const,
    query: async () => {
      if (database.fail) throw new DatabaseUnavailableError("a query", "ECONNREFUSED");
      return [{ ready: 1 }];
    },
    execute: async () => {
      if (database.fail) throw new Error("a bug, not an outage");
      return 1;
    },
    quote: (name: string) => `"${name}"`,
    poolUse: () => ({ total: 5, idle: 2, waiting: 1 }),
    close: async () => undefined,
  };
  return database;
}

describe("the facade's metrics", () => {
  it("counts each statement and each outage of the database, and reads the pool when scraped", async () => {
    const metrics = new FacadeMetrics({ processMetrics: false });
    const raw = scripted();
    const database = metrics.observe(raw);
    expect(await database.query("SELECT 1", [])).toEqual([{ ready: 1 }]);
    expect(await database.execute("DELETE", [])).toBe(1);
    raw.fail = true;
    await expect(database.query("SELECT 1", [])).rejects.toThrow(DatabaseUnavailableError);
    await expect(database.execute("DELETE", [])).rejects.toThrow("a bug, not an outage");
    expect(database.engine).toBe("postgres");
    expect(database.quote("users")).toBe('"users"');
    const text = await metrics.text();
    expect(value(text, "facade_database_queries_total")).toBe(4);
    expect(value(text, "facade_database_errors_total")).toBe(1);
    expect(["in_use", "idle", "waiting"].map((state) => value(text, `facade_database_pool_connections{state="${state}"}`))).toEqual([3, 2, 1]);
  });

  it("counts limits, keys fetches, migrations and the audit trail's state", async () => {
    const metrics = new FacadeMetrics({ processMetrics: false });
    metrics.limited("client_budget");
    metrics.limited("failed_logins");
    metrics.limited("failed_logins");
    metrics.keysFetched(true);
    metrics.keysFetched(false);
    metrics.userMigrated();
    metrics.auditState(false, 2);
    metrics.auditState(false, 0);
    metrics.answered("authenticate", "success", 0.02);
    metrics.answered("other", "refused", 0.001);
    const text = await metrics.text();
    expect(value(text, 'facade_limit_refusals_total{limit="client_budget"}')).toBe(1);
    expect(value(text, 'facade_limit_refusals_total{limit="failed_logins"}')).toBe(2);
    expect(value(text, 'facade_keys_fetches_total{result="ok"}')).toBe(1);
    expect(value(text, 'facade_keys_fetches_total{result="failed"}')).toBe(1);
    expect(value(text, "facade_users_migrated_total")).toBe(1);
    expect(value(text, "facade_audit_log_writable")).toBe(0);
    expect(value(text, "facade_audit_entries_lost_total")).toBe(2);
    expect(value(text, 'facade_request_duration_seconds_bucket{le="0.025",operation="authenticate"}')).toBe(1);
    expect(value(text, 'facade_request_duration_seconds_bucket{le="0.01",operation="authenticate"}')).toBe(0);
    expect(value(text, 'facade_requests_total{operation="other",outcome="refused"}')).toBe(1);
    expect(text).not.toMatch(/^process_cpu/m);
    metrics.auditState(true);
    expect(value(await metrics.text(), "facade_audit_log_writable")).toBe(1);
  });

  it("starts writable, with the process's own metrics unless told otherwise", async () => {
    const text = await new FacadeMetrics().text();
    expect(value(text, "facade_audit_log_writable")).toBe(1);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
  });

  it("serves them on a port of their own, in Prometheus's text format", async () => {
    const metrics = new FacadeMetrics({ processMetrics: false });
    metrics.userMigrated();
    const served = await serveMetrics(metrics, "127.0.0.1", 0);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const response = await fetch(served.url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(value(await response.text(), "facade_users_migrated_total")).toBe(1);
      expect((await fetch(served.url.replace("/metrics", "/"))).status).toBe(404);
    } finally {
      await served.close();
    }
  });
});
