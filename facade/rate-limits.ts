import { createHash } from "node:crypto";
import type { FacadeConfig } from "./config";
import type { LegacyDatabase } from "./database/database";

type Window = FacadeConfig["rateLimits"]["perSource"];

/**
 * Fixed-window counters in the database (facade_rate_limits), so that every facade
 * instance behind a load balancer counts the same attempts. An email is counted by its
 * SHA-256, never stored in clear.
 */
export class RateLimits {
  constructor(
    private readonly database: LegacyDatabase,
    private readonly limits: FacadeConfig["rateLimits"],
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt against `bucket`; whether it is still within the window's limit. */
  private async hit(bucket: string, window: Window): Promise<boolean> {
    const start = Math.floor(this.now() / 1000 / window.windowSeconds) * window.windowSeconds;
    if (this.database.engine === "postgres") {
      const [row] = await this.database.query(
        "INSERT INTO facade_rate_limits (bucket, window_start, hits) VALUES (?, ?, 1) ON CONFLICT (bucket) DO UPDATE SET hits = CASE WHEN facade_rate_limits.window_start = EXCLUDED.window_start THEN facade_rate_limits.hits + 1 ELSE 1 END, window_start = EXCLUDED.window_start RETURNING hits",
        [bucket, start],
      );
      return Number(row.hits) <= window.max;
    }
    await this.database.execute(
      "INSERT INTO facade_rate_limits (bucket, window_start, hits) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE hits = IF(window_start = VALUES(window_start), hits + 1, 1), window_start = VALUES(window_start)",
      [bucket, start],
    );
    const [row] = await this.database.query("SELECT hits FROM facade_rate_limits WHERE bucket = ?", [bucket]);
    return Number(row?.hits ?? Number.POSITIVE_INFINITY) <= window.max;
  }

  /** Whether one more request from this source address is allowed. */
  source(address: string): Promise<boolean> {
    return this.hit(`source:${address}`, this.limits.perSource);
  }

  /** Whether one more password attempt for this email is allowed. */
  email(email: string): Promise<boolean> {
    return this.hit(`email:${createHash("sha256").update(email.toLowerCase()).digest("hex")}`, this.limits.perEmail);
  }
}
