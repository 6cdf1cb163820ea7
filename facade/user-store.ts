import { randomUUID } from "node:crypto";
import type { FacadeUserProfile } from "../contract/facade-contract";
import type { FacadeConfig } from "./config";
import { DuplicateRowError, type LegacyDatabase } from "./database/database";
import { type HashFormat, UnreadableHashError, decoyLike, hashFormat, hashNewPassword, verifyPassword } from "./passwords";
import { type FailedLogins, type FailureCount, emailDigest, unknownEmailKey, userKey } from "./rate-limits";

/** What a login attempt found; only `authenticated` lets anyone in. */
export type Authentication =
  | { readonly kind: "authenticated"; readonly profile: FacadeUserProfile }
  | { readonly kind: "wrong-password" }
  | { readonly kind: "unknown-user" }
  /** Too many failed attempts for this user (or this unknown email) in the window: nothing was checked. */
  | { readonly kind: "limited" };

/**
 * The one form of an email the facade uses for the lookup, the failure counter and the
 * record of a create: Unicode NFC, then lowercase as JavaScript lowercases it. The lookup
 * compares the column's lowercase with this form byte for byte, so no other spelling (a
 * dotted capital I, an accent, a trailing space a collation ignores) reaches a user's row.
 */
function canonicalEmail(email: string): string {
  return email.normalize("NFC").toLowerCase();
}

/** How expensive each format is to check, to pick the dearest as the unknown user's decoy. */
const FORMAT_COST: Readonly<Record<HashFormat, number>> = {
  "salted-digest": 0,
  "pbkdf2-django": 1,
  "pbkdf2-passlib": 1,
  "scrypt-passlib": 2,
  bcrypt: 3,
  argon2id: 3,
};
const DECOY_SAMPLE_ROWS = 200;

export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly username?: string;
}

/** The profile columns a config may map, and their names in the profile Auth0 stores. */
const PROFILE_FIELDS = [
  ["username", "username"],
  ["name", "name"],
  ["givenName", "given_name"],
  ["familyName", "family_name"],
  ["nickname", "nickname"],
  ["picture", "picture"],
] as const;

const ID_SHAPES: Record<FacadeConfig["users"]["idType"], RegExp> = {
  integer: /^\d{1,19}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  text: /^.{1,255}$/s,
};

/**
 * The legacy users table, as the facade may touch it: every statement parameterised, every
 * name a quoted identifier the config validated. It also records each user's first
 * successful login (migration progress), in a table the facade owns.
 */
const MAX_REMEMBERED_MIGRATIONS = 100_000;

export class SqlUserStore {
  private readonly users: FacadeConfig["users"];
  private decoy: Promise<{ stored: string; salt?: string }> | undefined;
  /** How long checking the decoy takes (a moving average): what every failed login costs. */
  private decoyMs: number | undefined;
  /** Users this instance has already recorded as migrated: one write per user, not per login. */
  private readonly recordedMigrations = new Set<string>();

  constructor(
    private readonly database: LegacyDatabase,
    config: FacadeConfig,
    /** Failed-attempt counters; none: attempts are not limited. */
    private readonly failures?: FailedLogins,
    /** Told each time a user is recorded as migrated (their first login through the facade). */
    private readonly migrated: () => void = () => undefined,
  ) {
    this.users = config.users;
  }

  /** `<lowercased email column> = ?`, compared byte for byte whatever the column's collation. */
  private emailIs(qualifier = ""): string {
    const lowered = `LOWER(${qualifier}${this.column("email")})`;
    // MariaDB and MySQL compare by collation (case and accent blind, trailing spaces ignored); bytes never are.
    return this.database.engine === "postgres" ? `${lowered} = ?` : `CAST(${lowered} AS BINARY) = CAST(? AS BINARY)`;
  }

  private column(name: keyof FacadeConfig["users"]["columns"]): string | undefined {
    const column = this.users.columns[name];
    return column === undefined ? undefined : this.database.quote(column);
  }

  private selectList(qualifier = ""): string {
    const { columns } = this.users;
    const names = [columns.id, columns.email, columns.passwordHash, columns.emailVerified, columns.salt, ...PROFILE_FIELDS.map(([field]) => columns[field])];
    return names
      .filter((name): name is string => name !== undefined)
      .map((name) => `${qualifier}${this.database.quote(name)}`)
      .join(", ");
  }

  /**
   * A login's one query: the row whose email is `canonical`, if any, with the failure
   * counter of the key the login is limited by (the user's, or the unknown email's). One
   * row comes back whether or not a user has the email.
   */
  private async loginRow(canonical: string, unknownKey: string): Promise<{ row?: Record<string, unknown>; count: FailureCount }> {
    const id = `u.${this.column("id")}`;
    const keyOf = `CASE WHEN ${id} IS NULL THEN ? ELSE CONCAT('${userKey("")}', ${id}) END`;
    // On MySQL the key is compared in the counter table's own binary collation, whatever the users table's is.
    const bucket = this.database.engine === "postgres" ? keyOf : `CONVERT(${keyOf} USING utf8mb4) COLLATE utf8mb4_bin`;
    const sql =
      `SELECT ${this.selectList("u.")}, r.hits AS facade_failed_hits, r.window_start AS facade_failed_window ` +
      `FROM (SELECT 1 AS probe) AS probe LEFT JOIN ${this.database.quote(this.users.table)} u ON ${this.emailIs("u.")} ` +
      `LEFT JOIN facade_rate_limits r ON r.bucket = ${bucket}`;
    const rows = await this.database.query(sql, [canonical, unknownKey]);
    if (rows.length > 1) throw new Error("the legacy store holds more than one user for this email");
    const [found] = rows;
    const count = { hits: found?.facade_failed_hits, windowStart: found?.facade_failed_window };
    return found === undefined || found[this.users.columns.id] == null ? { count } : { row: found, count };
  }

  /** The row whose email is `canonical` (see canonicalEmail), if any. */
  private async rowByEmail(canonical: string): Promise<Record<string, unknown> | undefined> {
    const sql = `SELECT ${this.selectList()} FROM ${this.database.quote(this.users.table)} WHERE ${this.emailIs()}`;
    const rows = await this.database.query(sql, [canonical]);
    // Two legacy rows for one email (case variants) cannot be told apart: refuse rather than guess.
    if (rows.length > 1) throw new Error("the legacy store holds more than one user for this email");
    return rows[0];
  }

  private profile(row: Record<string, unknown>): FacadeUserProfile {
    const { columns } = this.users;
    const verified = columns.emailVerified === undefined ? false : row[columns.emailVerified];
    const profile: FacadeUserProfile = {
      user_id: String(row[columns.id]),
      email: String(row[columns.email]),
      email_verified: verified === true || verified === 1 || verified === "1" || verified === "t" || verified === "true",
    };
    for (const [field, key] of PROFILE_FIELDS) {
      const column = columns[field];
      const value = column === undefined ? undefined : row[column];
      if (typeof value === "string" && value !== "") (profile as unknown as Record<string, unknown>)[key] = value;
    }
    return profile;
  }

  /**
   * A hash like the store's dearest own, checked when no user has the email: an unknown
   * email costs at least the work of any user's wrong password. Rows whose hash cannot be
   * read are passed over (they are the store's problem, not an unknown user's).
   */
  private async decoyHash(): Promise<{ stored: string; salt?: string }> {
    this.decoy ??= (async () => {
      const column = this.column("passwordHash")!;
      const samples = await this.database.query(
        `SELECT ${column} AS sample FROM ${this.database.quote(this.users.table)} WHERE ${column} IS NOT NULL LIMIT ${DECOY_SAMPLE_ROWS}`,
        [],
      );
      const readable = samples
        .map((row) => row.sample)
        .filter((sample): sample is string => typeof sample === "string")
        .sort((a, b) => FORMAT_COST[hashFormat(b)] - FORMAT_COST[hashFormat(a)]);
      for (const sample of readable) {
        try {
          return await decoyLike(sample, { saltedDigest: this.users.saltedDigest });
        } catch (error) {
          if (!(error instanceof UnreadableHashError)) throw error;
        }
      }
      return { stored: await hashNewPassword(randomUUID(), this.users.newPasswords) };
    })().catch((error) => {
      this.decoy = undefined;
      throw error;
    });
    return this.decoy;
  }

  async authenticate(email: string, password: string): Promise<Authentication> {
    const canonical = canonicalEmail(email);
    const unknownKey = unknownEmailKey(canonical);
    const { row, count } = await this.loginRow(canonical, unknownKey);
    const key = row === undefined ? unknownKey : userKey(String(row[this.users.columns.id]));
    if (this.failures?.exhausted(count)) return { kind: "limited" };
    const outcome = await this.check(row, password);
    if (outcome.kind !== "authenticated") await this.failures?.failed(key);
    return outcome;
  }

  /** Checks the password against the decoy; how long that took. */
  private async checkDecoy(password: string): Promise<number> {
    const decoy = await this.decoyHash();
    const started = performance.now();
    await verifyPassword(password, decoy.stored, { salt: decoy.salt, saltedDigest: this.users.saltedDigest });
    const took = performance.now() - started;
    this.decoyMs = this.decoyMs === undefined ? took : this.decoyMs * 0.8 + took * 0.2;
    return took;
  }

  private async check(row: Record<string, unknown> | undefined, password: string): Promise<Authentication> {
    if (row === undefined) {
      await this.checkDecoy(password);
      return { kind: "unknown-user" };
    }
    const started = performance.now();
    const { columns } = this.users;
    const stored = row[columns.passwordHash];
    const salt = columns.salt === undefined ? undefined : row[columns.salt];
    const matches =
      typeof stored === "string" &&
      stored !== "" &&
      (await verifyPassword(password, stored, { salt: typeof salt === "string" ? salt : undefined, saltedDigest: this.users.saltedDigest }));
    if (!matches) {
      // A wrong password takes as long as an unknown email, whatever format this user's hash is in: the answer's timing tells nothing.
      const target = this.decoyMs ?? (await this.checkDecoy(password));
      const left = target - (performance.now() - started);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
      return { kind: "wrong-password" };
    }
    const profile = this.profile(row);
    await this.recordFirstLogin(profile.user_id);
    return { kind: "authenticated", profile };
  }

  async lookup(email: string): Promise<FacadeUserProfile | undefined> {
    const row = await this.rowByEmail(canonicalEmail(email));
    return row === undefined ? undefined : this.profile(row);
  }

  /**
   * Creates the user once per canonical email, even when two creates of one address (in
   * two spellings) race: each first claims the canonical form in facade_email_claims, and
   * only the one whose claim lands inserts the row.
   */
  async create(user: NewUser): Promise<FacadeUserProfile | "exists"> {
    const canonical = canonicalEmail(user.email);
    if ((await this.rowByEmail(canonical)) !== undefined) return "exists";
    const claim = emailDigest(canonical);
    try {
      await this.database.execute("INSERT INTO facade_email_claims (email_sha256) VALUES (?)", [claim]);
    } catch (error) {
      if (error instanceof DuplicateRowError) return "exists";
      throw error;
    }
    const { columns, table } = this.users;
    const names = [columns.email, columns.passwordHash];
    const values: unknown[] = [user.email, await hashNewPassword(user.password, this.users.newPasswords)];
    if (columns.emailVerified !== undefined) {
      names.push(columns.emailVerified);
      values.push(false);
    }
    if (columns.username !== undefined && user.username !== undefined) {
      names.push(columns.username);
      values.push(user.username);
    }
    if (this.users.idType !== "integer") {
      // Text and UUID keys are not generated by every schema: the facade assigns one.
      names.push(columns.id);
      values.push(randomUUID());
    }
    const sql = `INSERT INTO ${this.database.quote(table)} (${names.map((name) => this.database.quote(name)).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`;
    try {
      await this.database.execute(sql, values);
    } catch (error) {
      await this.database.execute("DELETE FROM facade_email_claims WHERE email_sha256 = ?", [claim]);
      if (error instanceof DuplicateRowError) return "exists";
      throw error;
    }
    const created = await this.rowByEmail(canonical);
    if (created === undefined) throw new Error("the new user is not in the legacy store after its insert");
    return this.profile(created);
  }

  async verifyEmail(email: string): Promise<boolean> {
    const verified = this.column("emailVerified");
    if (verified === undefined) throw new Error("users.columns.emailVerified is not configured");
    const changed = await this.database.execute(`UPDATE ${this.database.quote(this.users.table)} SET ${verified} = ? WHERE ${this.emailIs()}`, [
      true,
      canonicalEmail(email),
    ]);
    return changed > 0 || (await this.rowByEmail(canonicalEmail(email))) !== undefined;
  }

  async changePassword(email: string, newPassword: string): Promise<boolean> {
    const hash = await hashNewPassword(newPassword, this.users.newPasswords);
    const salt = this.column("salt");
    // A salt column belongs to the old digests: the new hash carries its own salt.
    const clearSalt = salt === undefined ? "" : `, ${salt} = NULL`;
    const changed = await this.database.execute(
      `UPDATE ${this.database.quote(this.users.table)} SET ${this.column("passwordHash")} = ?${clearSalt} WHERE ${this.emailIs()}`,
      [hash, canonicalEmail(email)],
    );
    return changed > 0;
  }

  /** Deletes the user, if there; deleting twice is deleting once. Refuses an id of the wrong shape before any query. */
  async remove(userId: string): Promise<"removed" | "invalid-id"> {
    if (!ID_SHAPES[this.users.idType].test(userId)) return "invalid-id";
    const table = this.database.quote(this.users.table);
    const rows = await this.database.query(`SELECT ${this.column("email")} AS email FROM ${table} WHERE ${this.column("id")} = ?`, [userId]);
    await this.database.execute(`DELETE FROM ${table} WHERE ${this.column("id")} = ?`, [userId]);
    for (const row of rows) {
      if (typeof row.email === "string")
        await this.database.execute("DELETE FROM facade_email_claims WHERE email_sha256 = ?", [emailDigest(canonicalEmail(row.email))]);
    }
    await this.database.execute("DELETE FROM facade_migrated_users WHERE user_id = ?", [userId]);
    return "removed";
  }

  private async recordFirstLogin(userId: string): Promise<void> {
    if (this.recordedMigrations.has(userId)) return;
    const sql =
      this.database.engine === "postgres"
        ? "INSERT INTO facade_migrated_users (user_id, first_authenticated_at) VALUES (?, CURRENT_TIMESTAMP) ON CONFLICT (user_id) DO NOTHING"
        : "INSERT IGNORE INTO facade_migrated_users (user_id, first_authenticated_at) VALUES (?, CURRENT_TIMESTAMP)";
    if ((await this.database.execute(sql, [userId])) > 0) this.migrated();
    if (this.recordedMigrations.size >= MAX_REMEMBERED_MIGRATIONS) this.recordedMigrations.clear();
    this.recordedMigrations.add(userId);
  }

  /**
   * What the facade requires of the users table, checked before it serves: the table and
   * each mapped column exist, and the email is a character column (the lookup compares its
   * lowercase byte for byte). Each problem names the config field.
   */
  async schemaProblems(): Promise<string[]> {
    const schema = this.database.engine === "postgres" ? "current_schema()" : "DATABASE()";
    const rows = await this.database.query(
      `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = ${schema} AND table_name = ?`,
      [this.users.table],
    );
    if (rows.length === 0) return [`users.table: expected a table ${JSON.stringify(this.users.table)} the facade's database login can see, found none`];
    const types = new Map(rows.map((row) => [String(row.name ?? row.NAME).toLowerCase(), String(row.type ?? row.TYPE).toLowerCase()]));
    const problems = Object.entries(this.users.columns).flatMap(([field, column]) =>
      column === undefined || types.has(column.toLowerCase())
        ? []
        : [`users.columns.${field}: expected a column ${JSON.stringify(column)} in ${this.users.table}, found none`],
    );
    const emailType = types.get(this.users.columns.email.toLowerCase());
    if (emailType !== undefined && !/char|text|string/.test(emailType)) {
      problems.push(`users.columns.email: expected a character column (varchar, text), found ${emailType}`);
    }
    return problems;
  }

  /** How many users exist in the legacy table, and how many of them have logged in through the facade. */
  async migrationProgress(): Promise<{ readonly total: number; readonly migrated: number }> {
    const table = this.database.quote(this.users.table);
    const id = this.column("id")!;
    const [totals] = await this.database.query(`SELECT COUNT(*) AS total FROM ${table}`, []);
    const [migrated] = await this.database.query(
      `SELECT COUNT(*) AS migrated FROM facade_migrated_users m JOIN ${table} u ON CAST(u.${id} AS ${this.database.engine === "postgres" ? "TEXT" : "CHAR"}) = m.user_id`,
      [],
    );
    return { total: Number(totals.total), migrated: Number(migrated.migrated) };
  }
}
