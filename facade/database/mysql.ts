import { readFileSync } from "node:fs";
import mysql from "mysql2/promise";
import type { FacadeConfig } from "../config";
import { learnedPins } from "./certificate-pins";
import { type LegacyDatabase, withinTime } from "./database";
import { queryFailure } from "./query-failure";

/**
 * MySQL or MariaDB through a mysql2 pool, over TLS. mysql2 takes no `checkServerIdentity`,
 * so a pinned certificate is enforced as the only trust anchor (see certificate-pins.ts).
 */
export async function openMysql(config: FacadeConfig, password: string): Promise<LegacyDatabase> {
  const { database } = config;
  const pins = await learnedPins("mysql", database);
  const ssl: { rejectUnauthorized: true; ca?: string[] | string; verifyIdentity?: boolean } =
    database.tls.mode === "pinned"
      ? { rejectUnauthorized: true, ca: pins!.ca, verifyIdentity: false }
      : { rejectUnauthorized: true, verifyIdentity: true, ...(database.tls.caFile === undefined ? {} : { ca: readFileSync(database.tls.caFile, "utf8") }) };
  const pool = mysql.createPool({
    host: database.host,
    port: database.port,
    database: database.database,
    user: database.user,
    password,
    ssl,
    connectionLimit: database.pool.max,
    connectTimeout: database.pool.connectTimeoutMs,
    waitForConnections: true,
    queueLimit: database.pool.max * 20,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  pool.on("connection", (connection) => connection.on("error", () => undefined));

  async function run(sql: string, parameters: readonly unknown[]): Promise<unknown> {
    try {
      const [result] = await withinTime(
        pool.execute(sql, [...parameters] as never[]),
        database.pool.connectTimeoutMs + database.pool.queryTimeoutMs,
        "a query",
      );
      return result;
    } catch (error) {
      throw await queryFailure(error, "ER_DUP_ENTRY", pins, (ca) => (ssl.ca = ca));
    }
  }

  return {
    engine: "mysql",
    query: async (sql, parameters) => (await run(sql, parameters)) as Record<string, unknown>[],
    execute: async (sql, parameters) => ((await run(sql, parameters)) as { affectedRows: number }).affectedRows,
    quote: (name) => `\`${name}\``,
    poolUse: () => {
      // mysql2 has no public counters; these queues are what its pool itself reads.
      const core = pool.pool as unknown as Record<"_allConnections" | "_freeConnections" | "_connectionQueue", { length: number } | undefined>;
      return { total: core._allConnections?.length ?? 0, idle: core._freeConnections?.length ?? 0, waiting: core._connectionQueue?.length ?? 0 };
    },
    close: () => pool.end(),
  };
}
