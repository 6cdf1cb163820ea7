import { createHash, pbkdf2Sync, randomBytes, scryptSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hash as argon2Hash } from "@node-rs/argon2";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import { createSelfSignedCertificate } from "../../examples/reference-facade/certificates";
import { type FacadeConfig, parseFacadeConfig } from "../../facade/config";
import { openDatabase } from "../../facade/database/open-database";
import { migrate } from "../../facade/migrations";
import type { DatabaseServer } from "./database-servers";

/** A legacy user of the fixture tables, with the password its hash was made from. */
interface LegacyUser {
  readonly email: string;
  readonly password: string;
  /** The hash format of its row. */
  readonly format: string;
}

const ab64 = (bytes: Buffer) => bytes.toString("base64").replace(/=+$/, "").replace(/\+/g, ".");

/** One user per hash format a legacy store may hold, each hash made as that legacy system makes it. */
async function legacyRows(): Promise<{ user: LegacyUser; hash: string; salt: string | null }[]> {
  const salt = randomBytes(16);
  const made: [string, (password: string) => Promise<[string, string | null]>][] = [
    ["bcrypt", async (password) => [(await bcryptHash(password, 4)).replace(/^\$2y\$/, "$2b$"), null]],
    ["bcrypt-2y", async (password) => [await bcryptHash(password, 4), null]],
    ["argon2id", async (password) => [await argon2Hash(password, { memoryCost: 1024, timeCost: 2, parallelism: 1, algorithm: 2 }), null]],
    [
      "pbkdf2-sha256-django",
      async (password) => [`pbkdf2_sha256$1000$s4ltS4lt$${pbkdf2Sync(password, "s4ltS4lt", 1000, 32, "sha256").toString("base64")}`, null],
    ],
    ["pbkdf2-sha512-passlib", async (password) => [`$pbkdf2-sha512$1000$${ab64(salt)}$${ab64(pbkdf2Sync(password, salt, 1000, 64, "sha512"))}`, null]],
    [
      "scrypt-passlib",
      async (password) => [
        `$scrypt$ln=10,r=8,p=1$${salt.toString("base64")}$${scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 }).toString("base64")}`,
        null,
      ],
    ],
    ["salted-sha256", async (password) => [createHash("sha256").update(`0ddba11${password}`).digest("hex"), "0ddba11"]],
  ];
  return Promise.all(
    made.map(async ([format, make]) => {
      const password = `the ${format} passphrase`;
      const [hash, rowSalt] = await make(password);
      return { user: { email: `${format}@legacy.example`, password, format }, hash, salt: rowSalt };
    }),
  );
}

const SCHEMA: Record<DatabaseServer["engine"], string> = {
  postgres:
    "CREATE TABLE users (id SERIAL PRIMARY KEY, email VARCHAR(255) NOT NULL UNIQUE, password_hash VARCHAR(255), salt VARCHAR(64), email_verified BOOLEAN NOT NULL DEFAULT false, username VARCHAR(100), full_name VARCHAR(200))",
  mysql:
    "CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL UNIQUE, password_hash VARCHAR(255), salt VARCHAR(64), email_verified TINYINT(1) NOT NULL DEFAULT 0, username VARCHAR(100), full_name VARCHAR(200)) ENGINE=InnoDB",
};

export interface LegacyDatabaseFixture {
  /** A facade config for this database (pinned TLS to the server's certificate); `edit` it before parsing with `configWith`. */
  readonly settings: Record<string, any>;
  readonly config: FacadeConfig;
  /** What the facade's process environment holds: the database password. */
  readonly env: Record<string, string>;
  readonly users: readonly LegacyUser[];
  readonly database: string;
  /** The settings with `edit` applied, parsed as a config file would be. */
  configWith(edit: (settings: Record<string, any>) => void): FacadeConfig;
  /** The settings with `edit` applied, written as a config file named `name` beside the fixture's certificates; its path. */
  writeConfig(edit: (settings: Record<string, any>) => void, name: string): string;
}

/**
 * A legacy users table in a fresh database of `server`, one user per hash format, the
 * facade's own tables migrated, and a facade config pointing at it.
 */
export async function legacyDatabase(
  server: DatabaseServer,
  name: string,
  auth0: { domain: string; audience: string; approvedClientIds: string[]; jwksUrl?: string },
): Promise<LegacyDatabaseFixture> {
  const { database, user, password } = await server.createDatabase(name);
  const admin = (sql: string, parameters?: unknown[]) => server.admin(sql, parameters, database);
  if (server.engine === "postgres") {
    await admin(SCHEMA.postgres);
    await admin(`ALTER TABLE users OWNER TO ${user}`);
  } else {
    await admin(SCHEMA.mysql);
  }
  const rows = await legacyRows();
  for (const [index, row] of rows.entries()) {
    await admin(
      server.engine === "postgres"
        ? "INSERT INTO users (email, password_hash, salt, email_verified, username, full_name) VALUES ($1, $2, $3, $4, $5, $6)"
        : "INSERT INTO users (email, password_hash, salt, email_verified, username, full_name) VALUES (?, ?, ?, ?, ?, ?)",
      [row.user.email, row.hash, row.salt, index % 2 === 0, `user${index}`, `Legacy User ${index}`],
    );
  }
  const folder = mkdtempSync(join(tmpdir(), "auth0-facade-config-"));
  const facadeCertificate = await createSelfSignedCertificate("legacy-facade.test", "ec");
  writeFileSync(join(folder, "facade-cert.pem"), facadeCertificate.cert);
  writeFileSync(join(folder, "facade-key.pem"), facadeCertificate.key, { mode: 0o600 });
  const settings: Record<string, any> = {
    listen: { host: "127.0.0.1", port: 0 },
    tls: { certificateFile: "facade-cert.pem", keyFile: "facade-key.pem" },
    auth0,
    database: {
      engine: server.engine,
      host: server.host,
      port: server.port,
      database,
      user,
      passwordEnv: "FACADE_DB_PASSWORD",
      tls: { mode: "pinned", sha256Pins: [server.certificate.sha256WithColons] },
      pool: { max: 4, connectTimeoutMs: 2_000, queryTimeoutMs: 1_500 },
    },
    users: {
      table: "users",
      idType: "integer",
      columns: {
        id: "id",
        email: "email",
        passwordHash: "password_hash",
        salt: "salt",
        emailVerified: "email_verified",
        username: "username",
        name: "full_name",
      },
      saltedDigest: { algorithm: "sha256", order: "salt-then-password", encoding: "hex", salt: "column" },
      newPasswords: { algorithm: "bcrypt", cost: 10 },
    },
    allowlist: { sourceRanges: ["127.0.0.1/32", "::1/128"] },
    auditLog: "-",
    metrics: { host: "127.0.0.1", port: 0 },
    // Tests read the audit trail; the service log would only be noise on the runner.
    logLevel: "fatal",
  };
  const configWith = (edit: (settings: Record<string, any>) => void) => {
    const copy = structuredClone(settings);
    edit(copy);
    return parseFacadeConfig(copy, join(folder, "facade.json"));
  };
  const writeConfig = (edit: (settings: Record<string, any>) => void, name: string) => {
    const copy = structuredClone(settings);
    edit(copy);
    const file = join(folder, name);
    writeFileSync(file, JSON.stringify(copy, null, 2));
    return file;
  };
  const config = configWith(() => undefined);
  const env = { FACADE_DB_PASSWORD: password };
  const facadeDatabase = await openDatabase(config, password);
  try {
    await migrate(facadeDatabase);
  } finally {
    await facadeDatabase.close();
  }
  return { settings, config, env, users: rows.map((row) => row.user), database, configWith, writeConfig };
}
