import { randomBytes, randomUUID, scrypt, timingSafeEqual } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { FacadeUserProfile } from "../../contract/facade-contract";
import type { FacadeStore } from "../../facade/server";

/** scrypt cost. 2^15 is a sound production setting; tests and benchmarks may lower it. */
const DEFAULT_SCRYPT_COST = 2 ** 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_BYTES = 32;

interface StoredUser extends FacadeUserProfile {
  /** `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`: each hash names its own parameters. */
  password_hash: string;
}

function derive(password: string, salt: Buffer, cost: number, blockSize: number, parallelism: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_BYTES, { N: cost, r: blockSize, p: parallelism, maxmem: 256 * cost * blockSize }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/**
 * The facade's minimal store: users in memory, optionally persisted to a JSON file,
 * passwords as salted scrypt hashes, emails matched case-insensitively. For trying the
 * facade and for tests of the scripts; a real deployment reads its legacy database
 * (`npm run facade -- --config facade.json`).
 */
export class UserStore implements FacadeStore {
  private readonly users = new Map<string, StoredUser>();
  /** Checked for unknown emails, so a miss costs the same time as a wrong password. */
  private decoyHash: Promise<string>;

  constructor(private readonly options: { file?: string; scryptCost?: number } = {}) {
    this.decoyHash = this.hash(randomBytes(16).toString("hex"));
    if (options.file) {
      let saved: StoredUser[] = [];
      try {
        saved = JSON.parse(readFileSync(options.file, "utf8")) as StoredUser[];
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`${options.file}: not a user store (${(error as Error).message})`);
      }
      for (const user of saved) this.users.set(user.email.toLowerCase(), user);
    }
  }

  private async hash(password: string): Promise<string> {
    const cost = this.options.scryptCost ?? DEFAULT_SCRYPT_COST;
    const salt = randomBytes(16);
    const key = await derive(password, salt, cost, BLOCK_SIZE, PARALLELISM);
    return ["scrypt", cost, BLOCK_SIZE, PARALLELISM, salt.toString("base64"), key.toString("base64")].join("$");
  }

  private async matches(password: string, stored: string): Promise<boolean> {
    const [scheme, cost, blockSize, parallelism, salt, hash] = stored.split("$");
    if (scheme !== "scrypt") return false;
    const expected = Buffer.from(hash, "base64");
    const actual = await derive(password, Buffer.from(salt, "base64"), Number(cost), Number(blockSize), Number(parallelism));
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  private save(): void {
    if (!this.options.file) return;
    const temporary = `${this.options.file}.tmp`;
    writeFileSync(temporary, JSON.stringify([...this.users.values()], null, 2), { mode: 0o600 });
    renameSync(temporary, this.options.file);
  }

  private static profile(user: StoredUser): FacadeUserProfile {
    const { password_hash: _hidden, ...profile } = user;
    return profile;
  }

  get size(): number {
    return this.users.size;
  }

  async add(user: {
    email: string;
    password: string;
    username?: string;
    email_verified?: boolean;
    user_metadata?: Record<string, unknown>;
  }): Promise<FacadeUserProfile | "exists"> {
    const key = user.email.toLowerCase();
    if (this.users.has(key)) return "exists";
    const stored: StoredUser = {
      user_id: randomUUID(),
      email: user.email,
      email_verified: user.email_verified ?? false,
      ...(user.username === undefined ? {} : { username: user.username }),
      ...(user.user_metadata === undefined ? {} : { user_metadata: user.user_metadata }),
      password_hash: await this.hash(user.password),
    };
    if (this.users.has(key)) return "exists";
    this.users.set(key, stored);
    this.save();
    return UserStore.profile(stored);
  }

  /**
   * The profile when the password is right; otherwise whether the email is known, for
   * Auth0's logs. Both misses cost the same hash work, so timing tells nobody which.
   */
  async authenticate(
    email: string,
    password: string,
  ): Promise<{ kind: "authenticated"; profile: FacadeUserProfile } | { kind: "wrong-password" } | { kind: "unknown-user" }> {
    const user = this.users.get(email.toLowerCase());
    const ok = await this.matches(password, user ? user.password_hash : await this.decoyHash);
    if (!user) return { kind: "unknown-user" };
    return ok ? { kind: "authenticated", profile: UserStore.profile(user) } : { kind: "wrong-password" };
  }

  find(email: string): FacadeUserProfile | undefined {
    const user = this.users.get(email.toLowerCase());
    return user ? UserStore.profile(user) : undefined;
  }

  async lookup(email: string): Promise<FacadeUserProfile | undefined> {
    return this.find(email);
  }

  create(user: { email: string; password: string; username?: string; user_metadata?: Record<string, unknown> }): Promise<FacadeUserProfile | "exists"> {
    return this.add(user);
  }

  async verifyEmail(email: string): Promise<boolean> {
    return this.markEmailVerified(email);
  }

  async changePassword(email: string, newPassword: string): Promise<boolean> {
    const user = this.users.get(email.toLowerCase());
    if (!user) return false;
    user.password_hash = await this.hash(newPassword);
    this.save();
    return true;
  }

  markEmailVerified(email: string): boolean {
    const user = this.users.get(email.toLowerCase());
    if (!user) return false;
    user.email_verified = true;
    this.save();
    return true;
  }

  async remove(userId: string): Promise<"removed"> {
    for (const [key, user] of this.users) if (user.user_id === userId) this.users.delete(key);
    this.save();
    return "removed";
  }
}
