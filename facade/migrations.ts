import type { LegacyDatabase } from "./database/database";

/**
 * The tables the facade owns, beside the legacy ones: shared state of every facade
 * instance on one database (failed-attempt windows, migration progress, created emails), never in process
 * memory. `npm run facade -- migrate --config facade.json` creates them; it changes nothing of the legacy schema.
 * The same statements, for a DBA to review or run: docs/facade.md.
 */
export const MIGRATIONS: Readonly<Record<LegacyDatabase["engine"], readonly string[]>> = {
  postgres: [
    "CREATE TABLE IF NOT EXISTS facade_rate_limits (bucket VARCHAR(128) PRIMARY KEY, window_start BIGINT NOT NULL, hits INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS facade_migrated_users (user_id VARCHAR(255) PRIMARY KEY, first_authenticated_at TIMESTAMP NOT NULL)",
    "CREATE TABLE IF NOT EXISTS facade_email_claims (email_sha256 CHAR(64) PRIMARY KEY)",
  ],
  mysql: [
    "CREATE TABLE IF NOT EXISTS facade_rate_limits (bucket VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PRIMARY KEY, window_start BIGINT NOT NULL, hits INT NOT NULL) ENGINE=InnoDB",
    "CREATE TABLE IF NOT EXISTS facade_migrated_users (user_id VARCHAR(255) PRIMARY KEY, first_authenticated_at TIMESTAMP NOT NULL) ENGINE=InnoDB",
    "CREATE TABLE IF NOT EXISTS facade_email_claims (email_sha256 CHAR(64) PRIMARY KEY) ENGINE=InnoDB",
  ],
};

export async function migrate(database: LegacyDatabase): Promise<void> {
  for (const statement of MIGRATIONS[database.engine]) await database.execute(statement, []);
}
