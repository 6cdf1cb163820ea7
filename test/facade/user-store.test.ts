import { createHash, pbkdf2Sync } from "node:crypto";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import mysql from "mysql2/promise";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DatabaseUnavailableError, type LegacyDatabase } from "../../facade/database/database";
import { createSelfSignedCertificate } from "../../examples/reference-facade/certificates";
import { openDatabase } from "../../facade/database/open-database";
import { migrate } from "../../facade/migrations";
import { verifyPassword } from "../../facade/passwords";
import { FailedLogins } from "../../facade/rate-limits";
import { SqlUserStore } from "../../facade/user-store";
import { type DatabaseServer, startMariadb, startPostgres } from "../support/database-servers";
import { type LegacyDatabaseFixture, legacyDatabase } from "../support/legacy-databases";
import { startRogueDatabase, startSwitchableRelay } from "../support/rogue-database";

const AUTH0 = { domain: "tenant.test", audience: "https://legacy-facade.test/", approvedClientIds: ["Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk"] };

describe.each([
  ["PostgreSQL", startPostgres],
  ["MariaDB", startMariadb],
] as const)("the facade's store over %s", (_, start) => {
  let server: DatabaseServer;
  let fixture: LegacyDatabaseFixture;
  let database: LegacyDatabase;
  let store: SqlUserStore;

  beforeAll(async () => {
    server = await start();
    fixture = await legacyDatabase(server, "legacy_store", AUTH0);
    database = await openDatabase(fixture.config, fixture.env.FACADE_DB_PASSWORD);
    store = new SqlUserStore(database, fixture.config);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await server?.stop();
  });

  const serialId = () => (server.engine === "postgres" ? "id SERIAL PRIMARY KEY" : "id INT AUTO_INCREMENT PRIMARY KEY");
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };

  /** A users table of one test's own, declared as `columns` the way some legacy schema does, and a store over it. */
  async function storeOver(table: string, columns: string, users: Record<string, unknown>): Promise<SqlUserStore> {
    await database.execute(`DROP TABLE IF EXISTS ${table}`, []);
    await database.execute(`CREATE TABLE ${table} (${columns})${server.engine === "mysql" ? " ENGINE=InnoDB" : ""}`, []);
    return new SqlUserStore(database, { ...fixture.config, users: { ...fixture.config.users, table, ...users } } as typeof fixture.config);
  }
  async function insert(table: string, row: Record<string, unknown>): Promise<void> {
    const names = Object.keys(row);
    await database.execute(`INSERT INTO ${table} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`, Object.values(row));
  }
  const PLAIN_COLUMNS = { id: "id", email: "email", passwordHash: "password_hash" };

  it("logs in every legacy user with the password its hash was made from, in each hash format, and refuses a wrong one", async () => {
    for (const user of fixture.users) {
      const right = await store.authenticate(user.email.toUpperCase(), user.password);
      expect(right, user.format).toMatchObject({ kind: "authenticated", profile: { email: user.email, user_id: expect.stringMatching(/^\d+$/) } });
      expect(await store.authenticate(user.email, `${user.password}!`), user.format).toEqual({ kind: "wrong-password" });
    }
  });

  it("answers an unknown email as unknown, after the same kind of hash work", async () => {
    expect(await store.authenticate("nobody@legacy.example", "whatever")).toEqual({ kind: "unknown-user" });
  });

  it("returns profiles with the configured columns, and never the hash", async () => {
    const profile = await store.lookup(fixture.users[0].email);
    expect(profile).toEqual({ user_id: expect.any(String), email: fixture.users[0].email, email_verified: true, username: "user0", name: "Legacy User 0" });
    expect(await store.lookup("nobody@legacy.example")).toBeUndefined();
  });

  it("records each user's first login once, and reports how many have migrated", async () => {
    const before = await store.migrationProgress();
    expect(before.total).toBe(fixture.users.length);
    await store.authenticate(fixture.users[0].email, fixture.users[0].password);
    await store.authenticate(fixture.users[0].email, fixture.users[0].password);
    const after = await store.migrationProgress();
    expect(after.migrated).toBeGreaterThanOrEqual(1);
    expect(after.migrated).toBeLessThanOrEqual(after.total);
  });

  it("creates, verifies, changes the password of and deletes a user, with parameterised statements only", async () => {
    const created = await store.create({ email: "new'); DROP TABLE users; --@legacy.example", password: "a brand new passphrase", username: "newbie" });
    expect(created).toMatchObject({ email: "new'); DROP TABLE users; --@legacy.example", email_verified: false, username: "newbie" });
    expect(await store.create({ email: "NEW'); drop table users; --@legacy.example", password: "x".repeat(12) })).toBe("exists");
    expect(await store.verifyEmail("new'); DROP TABLE users; --@legacy.example")).toBe(true);
    expect(await store.changePassword("new'); DROP TABLE users; --@legacy.example", "another passphrase")).toBe(true);
    expect(await store.authenticate("new'); DROP TABLE users; --@legacy.example", "another passphrase")).toMatchObject({
      kind: "authenticated",
      profile: { email_verified: true },
    });
    const userId = (created as { user_id: string }).user_id;
    expect(await store.remove(userId)).toBe("removed");
    expect(await store.remove(userId)).toBe("removed");
    expect(await store.remove("1 OR 1=1")).toBe("invalid-id");
    expect(await store.lookup("new'); DROP TABLE users; --@legacy.example")).toBeUndefined();
    expect((await store.migrationProgress()).total).toBe(fixture.users.length);
  });

  it("moves a salted-digest user to a hash of its own at a password change, clearing the old salt", async () => {
    const user = fixture.users.find((candidate) => candidate.format === "salted-sha256");
    if (user === undefined) throw new Error("the fixture has no salted-digest user");
    const local = new SqlUserStore(database, fixture.config);
    expect(await local.changePassword(user.email.toUpperCase(), "a passphrase of its own")).toBe(true);
    const placeholder = server.engine === "postgres" ? "$1" : "?";
    const [row] = await server.admin(`SELECT salt, password_hash FROM users WHERE email = ${placeholder}`, [user.email], fixture.database);
    expect(row.salt).toBeNull();
    expect(String(row.password_hash)).toMatch(/^\$2b\$10\$/);
    expect(await local.authenticate(user.email, "a passphrase of its own")).toMatchObject({ kind: "authenticated" });
    expect(await local.authenticate(user.email, user.password)).toEqual({ kind: "wrong-password" });
  });

  it("answers an email no user has as not found when verifying it or changing its password, and writes nothing", async () => {
    const local = new SqlUserStore(database, fixture.config);
    expect(await local.verifyEmail("nobody@legacy.example")).toBe(false);
    expect(await local.changePassword("nobody@legacy.example", "whatever it is")).toBe(false);
    // Verifying an address twice is verifying it once: the second finds the row unchanged.
    expect(await local.verifyEmail(fixture.users[1].email)).toBe(true);
    expect(await local.verifyEmail(fixture.users[1].email)).toBe(true);
  });

  it("tells the metrics of each user's first migration once, across logins and instances", async () => {
    const user = fixture.users[2];
    let told = 0;
    const first = new SqlUserStore(database, fixture.config, undefined, () => told++);
    await server.admin("DELETE FROM facade_migrated_users", [], fixture.database);
    await first.authenticate(user.email, user.password);
    await first.authenticate(user.email, user.password);
    expect(told).toBe(1);
    const second = new SqlUserStore(database, fixture.config, undefined, () => told++);
    await second.authenticate(user.email, user.password);
    expect(told).toBe(1);
    // An instance writes a user's record once: a record removed behind its back is not written again by it.
    const other = fixture.users[3];
    await first.authenticate(other.email, other.password);
    await server.admin("DELETE FROM facade_migrated_users", [], fixture.database);
    await first.authenticate(user.email, user.password);
    await first.authenticate(other.email, other.password);
    expect((await first.migrationProgress()).migrated).toBe(0);
  });

  it("reaches a user's row only by the canonical form of its email: no collation, dotted capital I, accent or trailing space gets there", async () => {
    expect(await store.lookup("BCRYPT@LEGACY.EXAMPLE")).toMatchObject({ email: "bcrypt@legacy.example" });
    for (const spelling of ["bcrypt@legacy.example ", "bcrypt@legacy.exámple", "argon2\u0130d@legacy.example", "bcrypt@legacy.example\u200b"]) {
      expect(await store.lookup(spelling), JSON.stringify(spelling)).toBeUndefined();
      expect(await store.authenticate(spelling, fixture.users.find((user) => user.format === "bcrypt")!.password), JSON.stringify(spelling)).toEqual({
        kind: "unknown-user",
      });
    }
  });

  it("counts failed attempts per user in the database, whatever the spelling and whichever instance, and only failures", async () => {
    const second = await openDatabase(fixture.config, fixture.env.FACADE_DB_PASSWORD);
    try {
      const window = { max: 3, windowSeconds: 3600 };
      const [one, two] = [
        new SqlUserStore(database, fixture.config, new FailedLogins(database, window)),
        new SqlUserStore(second, fixture.config, new FailedLogins(second, window)),
      ];
      const user = fixture.users.find((candidate) => candidate.format === "pbkdf2-sha512-passlib")!;
      for (let i = 0; i < 5; i++) expect(await one.authenticate(user.email, user.password)).toMatchObject({ kind: "authenticated" });
      expect(await one.authenticate(user.email.toUpperCase(), "guess 1")).toEqual({ kind: "wrong-password" });
      expect(await two.authenticate(`${user.email[0].toUpperCase()}${user.email.slice(1)}`, "guess 2")).toEqual({ kind: "wrong-password" });
      // Another spelling that reaches no row counts for itself, not for the user.
      expect(await one.authenticate(`${user.email} `, "guess")).toEqual({ kind: "unknown-user" });
      expect(await two.authenticate(user.email, "guess 3")).toEqual({ kind: "wrong-password" });
      expect(await one.authenticate(user.email, user.password)).toEqual({ kind: "limited" });
      const other = fixture.users.find((candidate) => candidate.format === "bcrypt")!;
      expect(await two.authenticate(other.email, other.password)).toMatchObject({ kind: "authenticated" });
      for (let i = 0; i < 3; i++) await one.authenticate("nobody-limited@legacy.example", "guess");
      expect(await two.authenticate("NOBODY-LIMITED@legacy.example", "guess")).toEqual({ kind: "limited" });
    } finally {
      await second.close();
    }
  });

  it("creates one user when two creates of one address in two spellings race, and that user logs in", async () => {
    const results = await Promise.all([
      store.create({ email: "Racer@legacy.example", password: "the first passphrase" }),
      store.create({ email: "racer@legacy.example", password: "the second passphrase" }),
    ]);
    expect(results.filter((result) => result === "exists")).toHaveLength(1);
    const outcomes = await Promise.all(
      ["the first passphrase", "the second passphrase"].map((password) => store.authenticate("racer@legacy.example", password)),
    );
    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(["authenticated", "wrong-password"]);
    const [created] = results.filter((result) => result !== "exists") as { user_id: string }[];
    expect(await store.remove(created.user_id)).toBe("removed");
    expect(await store.create({ email: "RACER@legacy.example", password: "a third passphrase" })).toMatchObject({ email: "RACER@legacy.example" });
  });

  it("takes as long to refuse a wrong password as an unknown email, whatever formats the store mixes (medians within 40%)", async () => {
    const table = "mixed_users";
    await database.execute(
      server.engine === "postgres"
        ? `CREATE TABLE ${table} (id SERIAL PRIMARY KEY, email VARCHAR(255) NOT NULL, password_hash VARCHAR(255), salt VARCHAR(64))`
        : `CREATE TABLE ${table} (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL, password_hash VARCHAR(255), salt VARCHAR(64)) ENGINE=InnoDB`,
      [],
    );
    await database.execute(`INSERT INTO ${table} (email, password_hash, salt) VALUES (?, ?, ?)`, [
      "slow@legacy.example",
      await bcryptHash("slow secret", 9),
      null,
    ]);
    const digest = createHash("sha256").update("0ddba11fast secret").digest("hex");
    await database.execute(`INSERT INTO ${table} (email, password_hash, salt) VALUES (?, ?, ?)`, ["fast@legacy.example", digest, "0ddba11"]);
    const users = { ...fixture.config.users, table, columns: { id: "id", email: "email", passwordHash: "password_hash", salt: "salt" } };
    const mixed = new SqlUserStore(database, { ...fixture.config, users } as typeof fixture.config);
    const attempt = (email: string) => timed(() => mixed.authenticate(email, "a wrong guess"));
    // A fresh instance's first wrong password, before any unknown email has priced the decoy, is padded too.
    const first = await attempt("fast@legacy.example");
    await attempt("warm-up@legacy.example");
    const unknown: number[] = [];
    const cheap: number[] = [];
    for (let i = 0; i < 15; i++) {
      unknown.push(await attempt(`nobody-${i}@legacy.example`));
      cheap.push(await attempt("fast@legacy.example"));
    }
    // Without the padding the cheap digest answers in well under a tenth of the time; 40% leaves room for a loaded machine.
    expect(Math.abs(median(cheap) - median(unknown)) / median(unknown)).toBeLessThan(0.4);
    expect(first).toBeGreaterThan(median(unknown) * 0.6);
  });

  it("prices an unknown email at the dearest hash the store holds, passing over rows it cannot read", async () => {
    // New passwords far cheaper than the dearest row, so a decoy made as a new password would show.
    const priced = await storeOver("priced_users", `${serialId()}, email VARCHAR(255) NOT NULL, password_hash VARCHAR(255), salt VARCHAR(64)`, {
      columns: { ...PLAIN_COLUMNS, salt: "salt" },
      newPasswords: { algorithm: "bcrypt", cost: 4 },
    });
    const dear = await bcryptHash("the dear passphrase", 10);
    // In an order no sort (and no reversed sort) would make dearest first; the unreadable argon2 row ties with bcrypt and comes first.
    await insert("priced_users", {
      email: "pbkdf2@priced.example",
      password_hash: `pbkdf2_sha256$1000$s4lt$${pbkdf2Sync("p", "s4lt", 1000, 32, "sha256").toString("base64")}`,
    });
    await insert("priced_users", { email: "empty@priced.example", password_hash: "" });
    await insert("priced_users", { email: "broken@priced.example", password_hash: "$argon2id$v=19$broken" });
    await insert("priced_users", { email: "bcrypt@priced.example", password_hash: dear });
    await insert("priced_users", { email: "digest@priced.example", password_hash: createHash("sha256").update("s4ltp").digest("hex"), salt: "s4lt" });
    const bcryptMs = median(await Promise.all([0, 1, 2].map(() => timed(() => verifyPassword("a wrong guess", dear)))));
    const unknownMs: number[] = [];
    for (let i = 0; i < 5; i++) unknownMs.push(await timed(() => priced.authenticate(`nobody-${i}@priced.example`, "a wrong guess")));
    // Any cheaper decoy (the digest, the PBKDF2 row) answers in a small fraction of a cost-10 bcrypt check.
    expect(median(unknownMs)).toBeGreaterThan(bcryptMs * 0.5);
    // A digest row whose salt is missing cannot be checked: an error, never a guess at the salt.
    await insert("priced_users", { email: "nosalt@priced.example", password_hash: createHash("sha256").update("s4ltp").digest("hex"), salt: null });
    await expect(priced.authenticate("nosalt@priced.example", "p")).rejects.toThrow("a salted digest whose salt column is empty");
  });

  it("reads a legacy table's own spellings of a verified flag, leaves out empty profile fields, and lets no user without a password in", async () => {
    const flags = await storeOver(
      "flag_users",
      `${serialId()}, email VARCHAR(255) NOT NULL, password_hash VARCHAR(255), verified VARCHAR(5), nick VARCHAR(50), pic VARCHAR(200)`,
      { columns: { ...PLAIN_COLUMNS, emailVerified: "verified", nickname: "nick", picture: "pic" } },
    );
    const spellings: [string | null, boolean][] = [
      ["t", true],
      ["true", true],
      ["1", true],
      ["f", false],
      ["false", false],
      ["0", false],
      ["", false],
      [null, false],
    ];
    for (const [index, [verified]] of spellings.entries()) {
      await insert("flag_users", {
        email: `${index}@flags.example`,
        password_hash: index === 0 ? null : "",
        verified,
        nick: index % 2 ? "nick" : "",
        pic: null,
      });
    }
    for (const [index, [verified, expected]] of spellings.entries()) {
      const profile = await flags.lookup(`${index}@flags.example`);
      expect(profile?.email_verified, String(verified)).toBe(expected);
      expect(profile?.nickname, String(verified)).toBe(index % 2 ? "nick" : undefined);
      expect(profile && "picture" in profile).toBe(false);
    }
    // A NULL or empty hash (a user who signed up with a social login, say) is a wrong password for every guess, never an error.
    expect(await flags.authenticate("0@flags.example", "")).toEqual({ kind: "wrong-password" });
    expect(await flags.authenticate("1@flags.example", "")).toEqual({ kind: "wrong-password" });
    // A table without a salt column takes a password change as well.
    expect(await flags.changePassword("2@flags.example", "a passphrase at last")).toBe(true);
    expect(await flags.authenticate("2@flags.example", "a passphrase at last")).toMatchObject({ kind: "authenticated" });
    const unflagged = new SqlUserStore(database, {
      ...fixture.config,
      users: { ...fixture.config.users, table: "flag_users", columns: PLAIN_COLUMNS },
    } as typeof fixture.config);
    await expect(unflagged.verifyEmail("2@flags.example")).rejects.toThrow("users.columns.emailVerified is not configured");
    expect(await unflagged.lookup("2@flags.example")).toEqual({ user_id: expect.any(String), email: "2@flags.example", email_verified: false });
  });

  it.each(["uuid", "text"] as const)("creates users with %s keys it assigns itself, counts their migration, and deletes them by that key", async (idType) => {
    // A verified flag without a default, and an optional username that must stay unset when none is given.
    const flag = server.engine === "postgres" ? "BOOLEAN" : "TINYINT(1)";
    const keyed = await storeOver(
      `${idType}_users`,
      `id VARCHAR(64) PRIMARY KEY, email VARCHAR(255) NOT NULL, password_hash VARCHAR(255), verified ${flag} NOT NULL, username VARCHAR(50) UNIQUE`,
      { idType, columns: { ...PLAIN_COLUMNS, emailVerified: "verified", username: "username" } },
    );
    const created = await keyed.create({ email: `Keyed-${idType}@legacy.example`, password: "a keyed passphrase" });
    expect(created).toEqual({
      user_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      email: `Keyed-${idType}@legacy.example`,
      email_verified: false,
    });
    const userId = (created as { user_id: string }).user_id;
    expect(await keyed.authenticate(`keyed-${idType}@legacy.example`, "a keyed passphrase")).toMatchObject({
      kind: "authenticated",
      profile: { user_id: userId },
    });
    expect(await keyed.migrationProgress()).toEqual({ total: 1, migrated: 1 });
    expect(await keyed.remove(idType === "uuid" ? "not-a-uuid" : "x".repeat(256))).toBe("invalid-id");
    expect(await keyed.remove(userId)).toBe("removed");
    expect(await keyed.migrationProgress()).toEqual({ total: 0, migrated: 0 });
    expect(
      await server.admin(`SELECT user_id FROM facade_migrated_users WHERE user_id = ${server.engine === "postgres" ? "$1" : "?"}`, [userId], fixture.database),
    ).toEqual([]);
    // Its address is free again once the user is gone.
    expect(await keyed.create({ email: `keyed-${idType}@legacy.example`, password: "a keyed passphrase", username: "taken" })).toMatchObject({
      email_verified: false,
    });
    // A row the table's own unique key refuses exists already; its address stays free for a create that fits.
    expect(await keyed.create({ email: `other-${idType}@legacy.example`, password: "a keyed passphrase", username: "taken" })).toBe("exists");
    expect(await keyed.create({ email: `other-${idType}@legacy.example`, password: "a keyed passphrase", username: "free" })).toMatchObject({
      email: `other-${idType}@legacy.example`,
    });
  });

  it("keeps a user id beyond 2^53 exact, as Auth0 will store it", async () => {
    const big = await storeOver("big_users", "id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL, password_hash VARCHAR(255)", { columns: PLAIN_COLUMNS });
    await insert("big_users", { id: "9007199254740993", email: "big@legacy.example", password_hash: await bcryptHash("a big passphrase", 4) });
    expect(await big.authenticate("big@legacy.example", "a big passphrase")).toMatchObject({ kind: "authenticated", profile: { user_id: "9007199254740993" } });
    expect(await big.lookup("big@legacy.example")).toMatchObject({ user_id: "9007199254740993" });
  });

  it("makes no second row for an address a table without a unique email holds, and frees the claim of an insert that failed", async () => {
    const loose = await storeOver("loose_users", `${serialId()}, email VARCHAR(40) NOT NULL, password_hash VARCHAR(255)`, { columns: PLAIN_COLUMNS });
    await insert("loose_users", { email: "Kept@legacy.example", password_hash: "" });
    expect(await loose.create({ email: "kept@legacy.example", password: "a second passphrase" })).toBe("exists");
    expect(await database.query("SELECT id FROM loose_users", [])).toHaveLength(1);
    // Two rows whose emails differ only in case cannot be told apart: refused, never a guess.
    await insert("loose_users", { email: "kept@legacy.example", password_hash: "" });
    await expect(loose.lookup("KEPT@legacy.example")).rejects.toThrow("the legacy store holds more than one user for this email");
    await expect(loose.authenticate("kept@legacy.example", "a guess")).rejects.toThrow("the legacy store holds more than one user for this email");
    const long = `${"l".repeat(40)}@legacy.example`;
    await expect(loose.create({ email: long, password: "a long address's passphrase" })).rejects.toThrow();
    await database.execute(
      server.engine === "postgres"
        ? "ALTER TABLE loose_users ALTER COLUMN email TYPE VARCHAR(255)"
        : "ALTER TABLE loose_users MODIFY email VARCHAR(255) NOT NULL",
      [],
    );
    expect(await loose.create({ email: long, password: "a long address's passphrase" })).toMatchObject({ email: long });
    // Without its claims table (migrations not run) a create is an outage, never "exists".
    await database.execute("DROP TABLE facade_email_claims", []);
    try {
      await expect(loose.create({ email: "unclaimed@legacy.example", password: "a passphrase" })).rejects.toThrow();
    } finally {
      await migrate(database);
    }
  });

  it("checks at start what it requires of the users table: the table, each mapped column, a character email column", async () => {
    expect(await store.schemaProblems()).toEqual([]);
    const withUsers = (users: Record<string, unknown>) =>
      new SqlUserStore(database, { ...fixture.config, users: { ...fixture.config.users, ...users } } as typeof fixture.config);
    expect(await withUsers({ table: "no_such_table" }).schemaProblems()).toEqual([
      'users.table: expected a table "no_such_table" the facade\'s database login can see, found none',
    ]);
    expect(await withUsers({ columns: { ...fixture.config.users.columns, email: "mail" } }).schemaProblems()).toEqual([
      'users.columns.email: expected a column "mail" in users, found none',
    ]);
    expect(await withUsers({ columns: { ...fixture.config.users.columns, name: "nickname_x", email: "id" } }).schemaProblems()).toEqual([
      'users.columns.name: expected a column "nickname_x" in users, found none',
      `users.columns.email: expected a character column (varchar, text), found ${server.engine === "postgres" ? "integer" : "int"}`,
    ]);
  });

  it("answers an unknown email as unknown, never as an outage, when the rows it samples for the decoy hash cannot be read", async () => {
    const table = server.engine === "postgres" ? "odd_users" : "odd_users";
    await database.execute(
      server.engine === "postgres"
        ? `CREATE TABLE ${table} (id SERIAL PRIMARY KEY, email VARCHAR(255) NOT NULL, password_hash VARCHAR(255))`
        : `CREATE TABLE ${table} (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL, password_hash VARCHAR(255)) ENGINE=InnoDB`,
      [],
    );
    await database.execute(`INSERT INTO ${table} (email, password_hash) VALUES (?, ?)`, ["odd@legacy.example", "$argon2id$not-a-hash"]);
    await database.execute(`INSERT INTO ${table} (email, password_hash) VALUES (?, ?)`, ["digest@legacy.example", "0123456789abcdef"]);
    const users = { ...fixture.config.users, table, columns: { id: "id", email: "email", passwordHash: "password_hash" }, saltedDigest: undefined };
    const config = { ...fixture.config, users };
    const odd = new SqlUserStore(database, config as typeof fixture.config);
    expect(await odd.authenticate("nobody@legacy.example", "whatever")).toEqual({ kind: "unknown-user" });
  });

  it("refuses a database whose certificate is not pinned, before any login", async () => {
    const config = fixture.configWith((settings) => {
      settings.database.tls.sha256Pins = ["00".repeat(32)];
    });
    await expect(openDatabase(config, fixture.env.FACADE_DB_PASSWORD)).rejects.toThrow(/its certificate [0-9a-f]{64} is not pinned in database.tls.sha256Pins/);
  });

  it("sends a rogue database at its address no byte of a login: the probe refuses its certificate", async () => {
    const rogue = await startRogueDatabase(server.engine);
    try {
      const config = fixture.configWith((settings) => {
        settings.database.port = rogue.port;
      });
      await expect(openDatabase(config, fixture.env.FACADE_DB_PASSWORD)).rejects.toThrow(/is not pinned/);
      expect(rogue.bytesAfterHandshake()).toBe(0);
    } finally {
      await rogue.close();
    }
  });

  it("records what the seeds' recipe sends the same rogue: its login, because a self-signed chain is never checked", async () => {
    const rogue = await startRogueDatabase(server.engine);
    const seedsRecipe = { rejectUnauthorized: false, checkServerIdentity: () => new Error("fingerprint mismatch") };
    try {
      const login = {
        host: "127.0.0.1",
        port: rogue.port,
        user: "legacy",
        password: "secret-db-password",
        database: "legacy",
        ssl: seedsRecipe,
        connectTimeout: 2000,
      };
      if (server.engine === "postgres") {
        const client = new pg.Client({ ...login, connectionTimeoutMillis: 2000 });
        await client.connect().catch(() => undefined);
        await client.end().catch(() => undefined);
      } else {
        await mysql
          .createConnection(login)
          .then((connection) => connection.destroy())
          .catch(() => undefined);
      }
      expect(rogue.bytesAfterHandshake()).toBeGreaterThan(0);
    } finally {
      await rogue.close();
    }
  });

  it("keeps pinning every later pooled connection: a rogue switched in after start-up gets no login and no query", async () => {
    const relay = await startSwitchableRelay(server.port);
    const rogue = await startRogueDatabase(server.engine);
    const config = fixture.configWith((settings) => {
      settings.database.port = relay.port;
    });
    const pooled = await openDatabase(config, fixture.env.FACADE_DB_PASSWORD);
    try {
      expect(await pooled.query("SELECT 1 AS one", [])).toEqual([{ one: 1 }]);
      relay.sendTo(rogue.port);
      const results = await Promise.allSettled([pooled.query("SELECT 2 AS two", []), pooled.query("SELECT 3 AS three", [])]);
      expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
      for (const result of results) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(DatabaseUnavailableError);
      expect(rogue.bytesAfterHandshake()).toBe(0);
    } finally {
      await pooled.close();
      await Promise.all([relay.close(), rogue.close()]);
    }
  });

  it("learns a certificate rotated to the second pin while serving, and trusts it from the next connection on", async () => {
    // The same subject as the certificate it replaces, as a renewed self-signed certificate has.
    const rotated = await createSelfSignedCertificate("legacy-db.test", "ec");
    const relay = await startSwitchableRelay(server.port);
    const standIn = await startRogueDatabase(server.engine, rotated);
    const config = fixture.configWith((settings) => {
      settings.database.port = relay.port;
      settings.database.tls.sha256Pins = [server.certificate.sha256, rotated.sha256];
    });
    const pooled = await openDatabase(config, fixture.env.FACADE_DB_PASSWORD);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      expect(await pooled.query("SELECT 1 AS one", [])).toEqual([{ one: 1 }]);
      relay.sendTo(standIn.port);
      // Past the probe's cooldown: the refused handshake makes the facade look again, and it finds the other pinned certificate.
      vi.setSystemTime(Date.now() + 31_000);
      for (let attempt = 0; attempt < 4 && standIn.bytesAfterHandshake() === 0; attempt++) {
        await expect(pooled.query("SELECT 2 AS two", [])).rejects.toBeInstanceOf(DatabaseUnavailableError);
      }
      // The stand-in speaks no SQL, but the driver trusted its pinned certificate enough to send it a login.
      expect(standIn.bytesAfterHandshake()).toBeGreaterThan(0);
    } finally {
      vi.useRealTimers();
      await pooled.close();
      await Promise.all([relay.close(), standIn.close()]);
    }
  }, 30_000);

  it("takes the second pin, so a certificate can be rotated", async () => {
    const config = fixture.configWith((settings) => {
      settings.database.tls.sha256Pins = ["00".repeat(32), server.certificate.sha256];
    });
    const rotated = await openDatabase(config, fixture.env.FACADE_DB_PASSWORD);
    try {
      expect(await rotated.query("SELECT 1 AS one", [])).toEqual([{ one: 1 }]);
    } finally {
      await rotated.close();
    }
  });

  it("refuses a self-signed certificate in CA mode: the chain is verified", async () => {
    const config = fixture.configWith((settings) => {
      settings.database.tls = { mode: "ca" };
    });
    const verified = await openDatabase(config, fixture.env.FACADE_DB_PASSWORD);
    try {
      await expect(verified.query("SELECT 1 AS one", [])).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await verified.close();
    }
  });
});
