import { readFileSync } from "node:fs";
import pg from "pg";
import type { FacadeConfig } from "../config";
import { learnedPins } from "./certificate-pins";
import { type LegacyDatabase, withinTime } from "./database";
import { queryFailure } from "./query-failure";

/** `?` placeholders as PostgreSQL's `$1, $2, ...`. */
const numbered = (sql: string) => {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
};

/** PostgreSQL through a pg pool, over TLS: pinned (see certificate-pins.ts) or verified against a CA. */
export async function openPostgres(config: FacadeConfig, password: string): Promise<LegacyDatabase> {
  const { database } = config;
  const pins = await learnedPins("postgres", database);
  // One object for every pooled connection: a rotated certificate's PEM, once probed, is trusted by the next connection.
  const ssl: pg.ClientConfig["ssl"] & object =
    database.tls.mode === "pinned"
      ? { rejectUnauthorized: true, ca: pins!.ca, checkServerIdentity: (host, certificate) => pins!.check(host, certificate) }
      : { rejectUnauthorized: true, ...(database.tls.caFile === undefined ? {} : { ca: readFileSync(database.tls.caFile, "utf8") }) };
  const pool = new pg.Pool({
    host: database.host,
    port: database.port,
    database: database.database,
    user: database.user,
    password,
    ssl,
    max: database.pool.max,
    connectionTimeoutMillis: database.pool.connectTimeoutMs,
    query_timeout: database.pool.queryTimeoutMs,
    statement_timeout: database.pool.queryTimeoutMs,
  });
  // An idle connection the server drops is replaced by the pool; without a listener the error would crash the process.
  pool.on("error", () => undefined);

  async function run(sql: string, parameters: readonly unknown[]): Promise<pg.QueryResult> {
    try {
      return await withinTime(pool.query(numbered(sql), [...parameters]), database.pool.connectTimeoutMs + database.pool.queryTimeoutMs, "a query");
    } catch (error) {
      throw await queryFailure(error, "23505", pins, (ca) => (ssl.ca = ca));
    }
  }

  return {
    engine: "postgres",
    query: async (sql, parameters) => (await run(sql, parameters)).rows,
    execute: async (sql, parameters) => (await run(sql, parameters)).rowCount ?? 0,
    quote: (name) => `"${name}"`,
    poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}
