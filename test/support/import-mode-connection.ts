import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import type { ScriptContainer } from "./auth0-sandbox";

/**
 * How Auth0 drives a connection in import mode (lazy migration), as far as the scripts
 * can tell: a user Auth0 already holds is authenticated by Auth0 alone; any other user
 * goes through `login`, and on success is copied into Auth0 with the password they used.
 */
export class ImportModeConnection {
  private readonly migrated = new Map<string, { profile: unknown; salt: Buffer; hash: Buffer }>();

  constructor(
    private readonly login: ScriptContainer,
    private readonly getUser: ScriptContainer,
  ) {}

  async authenticate(email: string, password: string): Promise<"auth0" | "migrated" | "wrong password" | Error> {
    const key = email.toLowerCase();
    const held = this.migrated.get(key);
    if (held) return timingSafeEqual(scryptSync(password, held.salt, 32), held.hash) ? "auth0" : "wrong password";
    const { error, results } = await this.login.call(email, password);
    if (error?.name === "WrongUsernameOrPasswordError") return "wrong password";
    if (error) return error;
    const salt = randomBytes(16);
    this.migrated.set(key, { profile: results[0], salt, hash: scryptSync(password, salt, 32) });
    return "migrated";
  }

  /** What sign-up and password reset ask before acting. */
  async exists(email: string): Promise<boolean> {
    if (this.migrated.has(email.toLowerCase())) return true;
    const { error, results } = await this.getUser.call(email);
    if (error) throw error;
    return results.length > 0;
  }
}
