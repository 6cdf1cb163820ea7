import type { FacadeConfig } from "../config";
import type { LegacyDatabase } from "./database";
import { openMysql } from "./mysql";
import { openPostgres } from "./postgres";

/** The configured legacy database, pooled, over pinned or CA-verified TLS. */
export function openDatabase(config: FacadeConfig, password: string): Promise<LegacyDatabase> {
  return config.database.engine === "postgres" ? openPostgres(config, password) : openMysql(config, password);
}
