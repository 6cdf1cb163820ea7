import fastify from "fastify";
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { FacadeOperationName } from "../contract/facade-contract";
import { DatabaseUnavailableError, type LegacyDatabase } from "./database/database";

/** What an answer meant, as a dashboard groups it. */
export type RequestOutcome = "success" | "wrong_password" | "unknown_user" | "refused" | "outage";

/** Why a request was refused by a limit. */
export type LimitName = "client_budget" | "failed_logins";

/**
 * The facade's Prometheus metrics, in a registry of its own (served on the metrics port,
 * see metrics-server.ts). Every name is listed in docs/facade.md; labels take only the
 * values their types allow, so no caller can grow a series.
 */
export class FacadeMetrics {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: "facade_requests_total",
    help: "Requests answered, by contract operation (or other) and outcome.",
    labelNames: ["operation", "outcome"] as const,
    registers: [this.registry],
  });

  private readonly duration = new Histogram({
    name: "facade_request_duration_seconds",
    help: "Time from a request's arrival to its answer, by operation (a login includes its password hash).",
    labelNames: ["operation"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly limitRefusals = new Counter({
    name: "facade_limit_refusals_total",
    help: "Requests refused with 429, by limit: an approved client's request budget, or a user's failed logins.",
    labelNames: ["limit"] as const,
    registers: [this.registry],
  });

  private readonly keysFetches = new Counter({
    name: "facade_keys_fetches_total",
    help: "Fetches of the tenant's signing keys (JWKS), by result.",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });

  private readonly queries = new Counter({
    name: "facade_database_queries_total",
    help: "Statements sent to the legacy database (round trips).",
    registers: [this.registry],
  });

  private readonly databaseErrors = new Counter({
    name: "facade_database_errors_total",
    help: "Statements the legacy database did not answer (down, slow, refused TLS or credentials).",
    registers: [this.registry],
  });

  private readonly migrated = new Counter({
    name: "facade_users_migrated_total",
    help: "Users recorded as migrated at their first successful login through this process.",
    registers: [this.registry],
  });

  private readonly auditLost = new Counter({
    name: "facade_audit_entries_lost_total",
    help: "Audit entries that could not be written (each also refused its operation or said so on the service log).",
    registers: [this.registry],
  });

  private readonly auditWritable = new Gauge({
    name: "facade_audit_log_writable",
    help: "1 while the audit log can be written; 0 while it cannot (operations are refused with 503).",
    registers: [this.registry],
  });

  constructor(options: { readonly processMetrics?: boolean } = {}) {
    this.auditWritable.set(1);
    // CPU, memory, event-loop lag and handles of this process (process_*, nodejs_*).
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  answered(operation: FacadeOperationName | "other", outcome: RequestOutcome, seconds: number): void {
    this.requests.inc({ operation, outcome });
    this.duration.observe({ operation }, seconds);
  }

  limited(limit: LimitName): void {
    this.limitRefusals.inc({ limit });
  }

  keysFetched(ok: boolean): void {
    this.keysFetches.inc({ result: ok ? "ok" : "failed" });
  }

  userMigrated(): void {
    this.migrated.inc();
  }

  auditState(writable: boolean, lost = 0): void {
    this.auditWritable.set(writable ? 1 : 0);
    if (lost > 0) this.auditLost.inc(lost);
  }

  /** The database, counted: each statement and each failure, and the pool's connections when scraped. */
  observe(database: LegacyDatabase): LegacyDatabase {
    new Gauge({
      name: "facade_database_pool_connections",
      help: "Connections of the database pool, by state: in_use, idle, and requests waiting for one (waiting).",
      labelNames: ["state"] as const,
      registers: [this.registry],
      collect() {
        const { total, idle, waiting } = database.poolUse();
        this.set({ state: "in_use" }, total - idle);
        this.set({ state: "idle" }, idle);
        this.set({ state: "waiting" }, waiting);
      },
    });
    const counted =
      <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        this.queries.inc();
        try {
          return await run(...args);
        } catch (error) {
          if (error instanceof DatabaseUnavailableError) this.databaseErrors.inc();
          throw error;
        }
      };
    return { ...database, query: counted(database.query), execute: counted(database.execute) };
  }

  /** The metrics in Prometheus's text format; with workers, the primary's sum of every worker's. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** In a worker process: answer the primary's requests for metrics with this registry. */
export function reportToPrimary(metrics: FacadeMetrics): void {
  AggregatorRegistry.setRegistries([metrics.registry]);
}

/** In the primary of several workers: every worker's metrics, summed (gauges of the pool too). */
export function workersMetrics(): { text(): Promise<string>; readonly contentType: string } {
  const aggregator = new AggregatorRegistry();
  return { text: () => aggregator.clusterMetrics(), contentType: aggregator.contentType };
}

/** Serves `GET /metrics` over plain HTTP on a port of its own, for Prometheus; resolves with its URL. */
export async function serveMetrics(
  source: { text(): Promise<string>; readonly contentType?: string },
  host: string,
  port: number,
): Promise<{ readonly url: string; close(): Promise<void> }> {
  const app = fastify({ logger: false, exposeHeadRoutes: false });
  app.get("/metrics", async (_, reply) => reply.type(source.contentType ?? Registry.PROMETHEUS_CONTENT_TYPE).send(await source.text()));
  await app.listen({ host, port });
  const address = app.server.address() as { port: number };
  return { url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}/metrics`, close: () => app.close() };
}
