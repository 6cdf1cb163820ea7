/**
 * The facade's loop: `authenticate` against the facade as it ships (the bundle of
 * `npm run build:facade`, run with plain node in its own process) over a real PostgreSQL
 * server, versus the bare work it cannot avoid, in the same run: the same parameterised
 * SELECT on a pinned-TLS pool of the same size, plus the same password check, with no
 * HTTP, token, allowlist, rate limit, audit or migration record. Once with a cheap bcrypt
 * cost (4, where the facade's own overhead shows) and once with a realistic one (10);
 * then, at 8 in flight, with 2 worker processes instead of 1, for how throughput grows
 * with cores. For sizing, what each login costs the facade's process: its CPU time (from
 * its own process_cpu_seconds_total) less the CPU of the hash check alone, and its
 * database round trips (facade_database_queries_total). Prints one JSON line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import pg from "pg";
import { issueServerCertificate } from "../examples/reference-facade/certificates";
import { verifyPassword } from "../facade/passwords";
import { buildFacade } from "../bin/build-facade";
import { PROJECT_ROOT } from "../lib/paths";
import { startPostgres } from "../test/support/database-servers";
import { legacyDatabase } from "../test/support/legacy-databases";
import { startTokenEndpoint } from "../test/support/token-endpoint";
import { percentile } from "./measure";

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000);
const POOL_SIZE = 8;
export const FACADE_BENCH_COSTS = { cheap: 4, realistic: 10 } as const;
const CLIENT = { clientId: "BenchFacadeClient000000000000000", clientSecret: "bench-client-secret" };
const AUDIENCE = "https://legacy-facade.bench.test/";

export interface AuthenticateLoad {
  readonly concurrency: number;
  readonly calls: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
}

/** Keeps `concurrency` calls in flight for DURATION_MS after a warm-up, recording each one's latency. */
async function load(call: () => Promise<boolean>, concurrency: number): Promise<AuthenticateLoad> {
  for (let i = 0; i < 2 * concurrency; i++) await call();
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() - started < DURATION_MS) {
      const begun = performance.now();
      if (!(await call())) failures++;
      latencies.push(performance.now() - begun);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  return {
    concurrency,
    calls: latencies.length,
    perSecond: (latencies.length / elapsed) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures,
  };
}

/** The bundle, inside the repository so that its packages resolve from the repo's node_modules. */
const BUNDLE = join(PROJECT_ROOT, ".build", "bench-facade");

function startFacadeProcess(configFile: string, env: Record<string, string>): Promise<{ child: ChildProcess; metricsUrl: string }> {
  // FACADE_CPU_PROF=<folder>: the facade writes a CPU profile there when it stops, for `node --cpu-prof`'s viewers.
  const profile = process.env.FACADE_CPU_PROF === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${process.env.FACADE_CPU_PROF}`];
  const child = spawn(process.execPath, [...profile, join(BUNDLE, "main.js"), "--config", configFile], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let said = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      said += chunk.toString();
      const metricsUrl = /"metricsUrl":"([^"]+)"/.exec(said)?.[1];
      if (said.includes("SHA-256 pin") && metricsUrl !== undefined) resolve({ child, metricsUrl });
    });
    child.once("exit", (code) => reject(new Error(`the facade exited with ${code}:\n${said}`)));
  });
}

/** One series of the facade's metrics, summed over its labels. */
async function scraped(metricsUrl: string, name: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

/** CPU seconds (every thread of this process, the hashing pool's included) per check of `password` against `hash`. */
async function hashCpuSeconds(password: string, hash: string, checks: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < checks; i++) await verifyPassword(password, hash);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6 / checks;
}

async function main(): Promise<void> {
  const ca = JSON.parse(process.env.BENCH_CA ?? "null");
  if (!ca) throw new Error("run through `npm run bench`: BENCH_CA is missing");
  await buildFacade(BUNDLE);
  const folder = mkdtempSync(join(tmpdir(), "auth0-facade-bench-"));
  const server = await startPostgres();
  const tokens = await startTokenEndpoint({
    tls: await issueServerCertificate(ca, "tenant.test"),
    clients: [CLIENT],
    grants: [{ clientId: CLIENT.clientId, audience: AUDIENCE, scopes: ["users:authenticate"] }],
    issuer: "https://tenant.test/",
  });
  let facade: ChildProcess | undefined;
  let metricsUrl = "";
  const stopFacade = async () => {
    if (facade && facade.exitCode === null) {
      const exited = new Promise((resolve) => facade?.once("exit", resolve));
      facade.kill("SIGTERM");
      await exited;
    }
  };
  let bare: pg.Pool | undefined;
  try {
    writeFileSync(join(folder, "tenant-ca.pem"), ca.cert);
    const fixture = await legacyDatabase(server, "bench", { domain: "tenant.test", audience: AUDIENCE, approvedClientIds: [CLIENT.clientId] });
    const users = Object.entries(FACADE_BENCH_COSTS).map(([name, cost]) => ({
      name,
      cost,
      email: `${name}@bench.example`,
      password: `the ${name} passphrase`,
    }));
    for (const user of users) {
      const hash = (await bcryptHash(user.password, user.cost)).replace(/^\$2y\$/, "$2b$");
      await server.admin("INSERT INTO users (email, password_hash) VALUES ($1, $2)", [user.email, hash], fixture.database);
    }

    const settings = structuredClone(fixture.settings);
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    settings.listen = { host: "127.0.0.1", port };
    settings.tls = { certificateFile: fixture.config.tls.certificateFile, keyFile: fixture.config.tls.keyFile };
    settings.auth0 = { ...settings.auth0, jwksUrl: tokens.jwksUrl, jwksCaFile: join(folder, "tenant-ca.pem") };
    settings.database.pool = { max: POOL_SIZE, connectTimeoutMs: 3000, queryTimeoutMs: 3000 };
    settings.rateLimits = { perClient: { max: 10_000_000, windowSeconds: 60 }, failedLogins: { max: 10_000_000, windowSeconds: 60 } };
    settings.auditLog = join(folder, "audit.jsonl");
    settings.logLevel = "info";
    const startWith = async (workers: number) => {
      writeFileSync(join(folder, "facade.json"), JSON.stringify({ ...settings, workers }));
      ({ child: facade, metricsUrl } = await startFacadeProcess(join(folder, "facade.json"), fixture.env));
    };
    await startWith(1);

    const now = Math.floor(Date.now() / 1000);
    const token = await tokens.mint({
      iss: tokens.issuer,
      iat: now,
      exp: now + 3600,
      aud: AUDIENCE,
      azp: CLIENT.clientId,
      gty: "client-credentials",
      scope: "users:authenticate",
      sub: `${CLIENT.clientId}@clients`,
    });
    const facadeCertificate = readFileSync(fixture.config.tls.certificateFile, "utf8");
    const facadePin = new X509Certificate(facadeCertificate).fingerprint256;
    const agent = new Agent({
      keepAlive: true,
      maxSockets: 8,
      ca: facadeCertificate,
      checkServerIdentity: (_host, certificate) => (certificate.fingerprint256 === facadePin ? undefined : new Error("not the facade")),
    });
    const viaFacade = (email: string, password: string) => () =>
      new Promise<boolean>((resolve) => {
        const body = JSON.stringify({ email, password });
        const call = request(
          {
            host: "127.0.0.1",
            port,
            path: "/users/authenticate",
            method: "POST",
            agent,
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
          },
          (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode === 200));
          },
        );
        call.on("error", () => resolve(false));
        call.end(body);
      });

    const databaseCertificate = server.certificate.cert;
    bare = new pg.Pool({
      host: server.host,
      port: server.port,
      database: fixture.database,
      user: fixture.config.database.user,
      password: fixture.env.FACADE_DB_PASSWORD,
      max: POOL_SIZE,
      ssl: { ca: databaseCertificate, rejectUnauthorized: true, checkServerIdentity: () => undefined },
    });
    const pool = bare;
    const queryAndHash = (email: string, password: string) => async () => {
      const { rows } = await pool.query("SELECT id, email, password_hash FROM users WHERE email = $1", [email]);
      return rows.length === 1 && (await verifyPassword(password, rows[0].password_hash as string));
    };

    const results: Record<string, unknown> = {};
    for (const user of users) {
      for (const concurrency of [1, 8]) {
        const cpuBefore = await scraped(metricsUrl, "process_cpu_seconds_total");
        const queriesBefore = await scraped(metricsUrl, "facade_database_queries_total");
        const ours = await load(viaFacade(user.email, user.password), concurrency);
        // The warm-up calls are counted too: 2 per call in flight.
        const logins = ours.calls + 2 * concurrency;
        const cpuPerLogin = ((await scraped(metricsUrl, "process_cpu_seconds_total")) - cpuBefore) / logins;
        const queriesPerLogin = ((await scraped(metricsUrl, "facade_database_queries_total")) - queriesBefore) / logins;
        const baseline = await load(queryAndHash(user.email, user.password), concurrency);
        const [row] = await server.admin("SELECT password_hash FROM users WHERE email = $1", [user.email], fixture.database);
        const hashCpu = await hashCpuSeconds(user.password, String(row.password_hash), 200);
        results[`${user.name}${concurrency}`] = {
          cost: user.cost,
          ours,
          baseline,
          sizing: { cpuMsPerLogin: cpuPerLogin * 1000, hashCpuMs: hashCpu * 1000, queriesPerLogin, cores: availableParallelism() },
        };
      }
    }
    await stopFacade();
    await startWith(2);
    for (const user of users) {
      const ours = await load(viaFacade(user.email, user.password), 8);
      results[`${user.name}8TwoWorkers`] = { cost: user.cost, ours, oneWorker: (results[`${user.name}8`] as { ours: AuthenticateLoad }).ours };
    }
    console.log(JSON.stringify(results));
    agent.destroy();
  } finally {
    await bare?.end();
    await stopFacade();
    await tokens.close();
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
