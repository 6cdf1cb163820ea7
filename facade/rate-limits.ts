import { createHash } from "node:crypto";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { FacadeConfig } from "./config";
import type { LegacyDatabase } from "./database/database";

type Window = FacadeConfig["rateLimits"]["failedLogins"];

/** A key's counter as the database holds it (both absent: no failure yet). */
export interface FailureCount {
  readonly hits?: unknown;
  readonly windowStart?: unknown;
}

/**
 * Failed password attempts, counted in the database (facade_rate_limits) so that every
 * facade instance counts the same ones: keyed on the user the row resolves to, or, for an
 * email no user has, on the SHA-256 of its canonical form (never the email in clear). Only
 * failures count, and the counter is read in the login's own query (SqlUserStore), so a
 * successful login costs one query and no write. Hand-written rather than
 * rate-limiter-flexible's SQL stores: those write on every check, and a login must read
 * its counter without moving it.
 */
export class FailedLogins {
  constructor(
    private readonly database: LegacyDatabase,
    private readonly window: Window,
    private readonly now: () => number = Date.now,
  ) {}

  private windowStart(): number {
    return Math.floor(this.now() / 1000 / this.window.windowSeconds) * this.window.windowSeconds;
  }

  /** Whether a counter read with the login has used up its failures in the current window. */
  exhausted(count: FailureCount): boolean {
    return count.hits != null && Number(count.windowStart) === this.windowStart() && Number(count.hits) >= this.window.max;
  }

  /** Counts one failed attempt against this key. */
  async failed(key: string): Promise<void> {
    const start = this.windowStart();
    const sql =
      this.database.engine === "postgres"
        ? "INSERT INTO facade_rate_limits (bucket, window_start, hits) VALUES (?, ?, 1) ON CONFLICT (bucket) DO UPDATE SET hits = CASE WHEN facade_rate_limits.window_start = EXCLUDED.window_start THEN facade_rate_limits.hits + 1 ELSE 1 END, window_start = EXCLUDED.window_start"
        : "INSERT INTO facade_rate_limits (bucket, window_start, hits) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE hits = IF(window_start = VALUES(window_start), hits + 1, 1), window_start = VALUES(window_start)";
    await this.database.execute(sql, [key, start]);
  }
}

/** The counter key of a user row, or of an email no row has. */
export const userKey = (userId: string): string => `user:${userId}`;
/** A canonical email as the facade's tables keep it: its SHA-256, never the email in clear. */
export const emailDigest = (canonicalEmail: string): string => createHash("sha256").update(canonicalEmail).digest("hex");
export const unknownEmailKey = (canonicalEmail: string): string => `email:${emailDigest(canonicalEmail)}`;

/**
 * Requests per approved client (the verified token's `azp`), per instance: the caller is
 * already authenticated, and a budget kept in memory costs no query. Nothing an
 * unauthenticated caller sends moves it.
 */
export class ClientBudgets {
  private readonly limiter: RateLimiterMemory;

  constructor(window: FacadeConfig["rateLimits"]["perClient"]) {
    this.limiter = new RateLimiterMemory({ points: window.max, duration: window.windowSeconds });
  }

  /** Spends one request of this client's budget; false when it is spent. */
  async spend(clientId: string): Promise<boolean> {
    try {
      await this.limiter.consume(clientId);
      return true;
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  }
}
