import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import pg from "pg";
import { type TestCertificate, createSelfSignedCertificate } from "../../examples/reference-facade/certificates";

/**
 * Real database servers for the facade's tests: PostgreSQL 15 and MariaDB, from the
 * machine's Debian packages, each started on loopback with its own data folder and a
 * self-signed certificate made at test time, and stopped (data deleted) afterwards.
 * `.ci/run` installs the packages when they are missing; a test that needs a server
 * the machine lacks fails, naming the package.
 */

export interface DatabaseServer {
  readonly engine: "postgres" | "mysql";
  readonly host: "127.0.0.1";
  readonly port: number;
  /** The certificate the server presents (its SHA-256 is the pin). */
  readonly certificate: TestCertificate;
  /** Runs a statement as the server's superuser (over its local socket), in `database` when given. */
  admin(sql: string, parameters?: readonly unknown[], database?: string): Promise<Record<string, unknown>[]>;
  /** A fresh database and a login that must use TLS, with a password, for one test file. */
  createDatabase(name: string): Promise<{ database: string; user: string; password: string }>;
  stop(): Promise<void>;
  /** Stops the server process without deleting its data, to be started again with `restart`. */
  kill(): Promise<void>;
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

const isRoot = process.getuid?.() === 0;

function required(path: string, debianPackage: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: install Debian's ${debianPackage} (.ci/run does)`);
  return path;
}

function postgresBin(tool: string): string {
  const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort() : [];
  return required(join("/usr/lib/postgresql", versions.at(-1) ?? "15", "bin", tool), "postgresql");
}

async function waitFor(what: string, attempt: () => Promise<unknown>, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw new Error(`${what} did not start: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** `signal` asks for a shutdown that disconnects clients (PostgreSQL's SIGTERM would wait for them). */
function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

/** PostgreSQL: initdb (as the postgres user when running as root, which postgres refuses), TLS on, hostssl only. */
export async function startPostgres(): Promise<DatabaseServer> {
  const root = mkdtempSync(join(tmpdir(), "auth0-facade-postgres-"));
  const data = join(root, "data");
  const certificate = await createSelfSignedCertificate("legacy-db.test", "ec");
  const port = await freePort();
  const asOwner = (command: string, args: string[]) =>
    (isRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args]) as [string, string[]];
  writeFileSync(join(root, "cert.pem"), certificate.cert);
  writeFileSync(join(root, "key.pem"), certificate.key, { mode: 0o600 });
  if (isRoot) {
    const { uid, gid } = { uid: Number(execFileSync("id", ["-u", "postgres"]).toString()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString()) };
    for (const path of [root, join(root, "cert.pem"), join(root, "key.pem")]) chownSync(path, uid, gid);
  }
  chmodSync(root, 0o700);
  execFileSync(...asOwner(postgresBin("initdb"), ["-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"]), {
    stdio: "pipe",
  });
  writeFileSync(join(data, "pg_hba.conf"), "local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 0.0.0.0/0 reject\n");
  const settings = [
    ["listen_addresses", "127.0.0.1"],
    ["port", String(port)],
    ["unix_socket_directories", root],
    ["ssl", "on"],
    ["ssl_cert_file", join(root, "cert.pem")],
    ["ssl_key_file", join(root, "key.pem")],
    ["fsync", "off"],
    ["max_connections", "100"],
  ].flatMap(([name, value]) => ["-c", `${name}=${value}`]);
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(...asOwner(postgresBin("postgres"), ["-D", data, ...settings]), { stdio: "ignore" });
    await waitFor("PostgreSQL", () => adminQuery("SELECT 1"));
  };
  const adminQuery = async (sql: string, parameters: readonly unknown[] = [], database = "postgres") => {
    const client = new pg.Client({ host: root, port, user: "postgres", database });
    await client.connect();
    try {
      return (await client.query(sql, [...parameters])).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  // pg_ctl, not a signal to the child: as root the child is runuser, which does not pass signals on.
  const fastShutdown = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      execFileSync(...asOwner(postgresBin("pg_ctl"), ["-D", data, "stop", "-m", "fast", "-w"]), { stdio: "pipe" });
    }
    await stopProcess(child);
  };
  await launch();
  return {
    engine: "postgres",
    host: "127.0.0.1",
    port,
    certificate,
    admin: adminQuery,
    createDatabase: async (name) => {
      const password = `pw-${Math.random().toString(36).slice(2)}`;
      await adminQuery(`CREATE ROLE ${name} LOGIN PASSWORD '${password}'`);
      await adminQuery(`CREATE DATABASE ${name} OWNER ${name}`);
      return { database: name, user: name, password };
    },
    kill: () => fastShutdown(),
    restart: launch,
    stop: async () => {
      await fastShutdown();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** MariaDB: mariadb-install-db into a fresh folder, TLS on, logins that REQUIRE SSL. */
export async function startMariadb(): Promise<DatabaseServer> {
  const root = mkdtempSync(join(tmpdir(), "auth0-facade-mariadb-"));
  const data = join(root, "data");
  mkdirSync(data);
  const certificate = await createSelfSignedCertificate("legacy-db.test", "rsa");
  const port = await freePort();
  const socketPath = join(root, "mariadb.sock");
  writeFileSync(join(root, "cert.pem"), certificate.cert);
  writeFileSync(join(root, "key.pem"), certificate.key, { mode: 0o600 });
  const user = isRoot ? ["--user=root"] : [];
  execFileSync(
    required("/usr/bin/mariadb-install-db", "mariadb-server"),
    ["--no-defaults", ...user, `--datadir=${data}`, "--auth-root-authentication-method=normal", "--skip-test-db"],
    { stdio: "pipe" },
  );
  let child: ChildProcess;
  const adminQuery = async (sql: string, parameters: readonly unknown[] = [], database?: string) => {
    const connection = await mysql.createConnection({ socketPath, user: "root", multipleStatements: false, ...(database === undefined ? {} : { database }) });
    try {
      const [rows] = await connection.query(sql, [...parameters]);
      return rows as Record<string, unknown>[];
    } finally {
      await connection.end();
    }
  };
  const launch = async () => {
    child = spawn(
      required("/usr/sbin/mariadbd", "mariadb-server"),
      [
        "--no-defaults",
        ...user,
        `--datadir=${data}`,
        `--port=${port}`,
        "--bind-address=127.0.0.1",
        `--socket=${socketPath}`,
        `--pid-file=${join(root, "mariadb.pid")}`,
        `--ssl-cert=${join(root, "cert.pem")}`,
        `--ssl-key=${join(root, "key.pem")}`,
        "--skip-log-bin",
        "--innodb-buffer-pool-size=32M",
        "--innodb-flush-log-at-trx-commit=0",
        "--max-connections=200",
      ],
      { stdio: "ignore" },
    );
    await waitFor("MariaDB", () => adminQuery("SELECT 1"));
  };
  await launch();
  return {
    engine: "mysql",
    host: "127.0.0.1",
    port,
    certificate,
    admin: adminQuery,
    createDatabase: async (name) => {
      const password = `pw-${Math.random().toString(36).slice(2)}`;
      await adminQuery(`CREATE DATABASE ${name}`);
      await adminQuery(`CREATE USER '${name}'@'127.0.0.1' IDENTIFIED BY '${password}' REQUIRE SSL`);
      await adminQuery(`GRANT ALL ON ${name}.* TO '${name}'@'127.0.0.1'`);
      return { database: name, user: name, password };
    },
    kill: () => stopProcess(child),
    restart: launch,
    stop: async () => {
      await stopProcess(child);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
