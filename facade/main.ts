/**
 * The facade service.
 *
 *   npm run facade -- --config facade.json            serve
 *   npm run facade -- migrate --config facade.json    create the facade's own tables
 *   npm run facade -- progress --config facade.json   how many legacy users have migrated
 *
 * The database password comes from the environment variable the config names.
 */
import cluster from "node:cluster";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { parseArgs } from "node:util";
import { type FetchImplementation, createRemoteJWKSet, customFetch } from "jose";
import type { Logger } from "pino";
import { type AuditSink, auditLog, auditTo } from "./audit-log";
import { FacadeConfigError, type FacadeConfig, checkFacadeFiles, databasePassword, loadFacadeConfig } from "./config";
import { type LegacyDatabase, withinTime } from "./database/database";
import { openDatabase } from "./database/open-database";
import { FacadeMetrics, reportToPrimary, serveMetrics, workersMetrics } from "./metrics";
import { migrate } from "./migrations";
import { ClientBudgets, FailedLogins } from "./rate-limits";
import { type AuditEntry, type FacadeServer, createFacadeServer } from "./server";
import { serviceLog } from "./service-log";
import { SqlUserStore } from "./user-store";

export interface RunningFacade {
  readonly url: string;
  readonly server: FacadeServer;
  readonly database: LegacyDatabase;
  readonly metrics: FacadeMetrics;
  /** Where Prometheus scrapes this process; none in a worker (the primary serves every worker's sum). */
  readonly metricsUrl?: string;
  /** Graceful: stops taking requests, finishes those in flight, closes the pool. */
  stop(graceMs?: number): Promise<void>;
}

export interface FacadeRuntime {
  /** Where the audit trail goes. @default the config's auditLog */
  readonly audit?: AuditSink | ((entry: AuditEntry) => void);
  /** The service log. @default pino on stderr at the config's logLevel */
  readonly log?: Logger;
}

const MAX_JWKS_BYTES = 512 * 1024;

/** Fetches the JWKS with Node's https (whose trust anchors the config can set), for jose; each fetch counted. */
function jwksFetch(caFile: string | undefined, metrics: FacadeMetrics): FetchImplementation {
  const ca = caFile === undefined ? undefined : readFileSync(caFile, "utf8");
  const fetched = (response: Promise<Response>) =>
    response.then(
      (answer) => {
        metrics.keysFetched(answer.ok);
        return answer;
      },
      (error: unknown) => {
        metrics.keysFetched(false);
        throw error;
      },
    );
  return (url, options) =>
    fetched(
      new Promise((resolve, reject) => {
        const request = httpsRequest(
          url,
          { method: options.method, headers: Object.fromEntries(options.headers), signal: options.signal, ...(ca === undefined ? {} : { ca }) },
          (response) => {
            const chunks: Buffer[] = [];
            let size = 0;
            response.on("data", (chunk: Buffer) => {
              size += chunk.length;
              if (size > MAX_JWKS_BYTES) request.destroy(new Error(`the JWKS at ${url} is larger than ${MAX_JWKS_BYTES} bytes`));
              else chunks.push(chunk);
            });
            response.on("end", () => resolve(new Response(Buffer.concat(chunks), { status: response.statusCode ?? 500 })));
            response.on("error", reject);
          },
        );
        request.on("error", reject);
        request.end();
      }),
    );
}

/** `listen()`, with an address the config names that cannot be had (taken, not this host's, not allowed) said as the config's problem. */
async function bound<T>(config: FacadeConfig, field: "listen" | "metrics", listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EADDRINUSE" && code !== "EADDRNOTAVAIL" && code !== "EACCES") throw error;
    const { host, port } = config[field];
    throw new FacadeConfigError(config.sourceFile, [`${field}.port: expected an address this process can listen on, found ${host}:${port} (${code})`]);
  }
}

/** Opens the database and serves the contract as the config says; resolves once listening. */
export async function startFacade(
  config: FacadeConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
  runtime: FacadeRuntime["audit"] | FacadeRuntime = {},
): Promise<RunningFacade> {
  const { audit, log = serviceLog(config.logLevel) } = typeof runtime === "function" || "write" in runtime ? { audit: runtime } : runtime;
  checkFacadeFiles(config);
  const metrics = new FacadeMetrics();
  const trail =
    audit === undefined
      ? auditLog(config.auditLog, { say: (line) => log.warn(line), state: (writable, lost) => metrics.auditState(writable, lost) })
      : typeof audit === "function"
        ? auditTo(audit)
        : audit;
  const database = metrics.observe(await openDatabase(config, databasePassword(config, env)));
  const store = new SqlUserStore(database, config, new FailedLogins(database, config.rateLimits.failedLogins), () => metrics.userMigrated());
  const problems = await store.schemaProblems().catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  if (problems.length > 0) {
    await database.close();
    throw new FacadeConfigError(config.sourceFile, problems);
  }
  const jwksUrl = new URL(config.auth0.jwksUrl ?? `https://${config.auth0.domain}/.well-known/jwks.json`);
  const server = createFacadeServer({
    tls: { key: readFileSync(config.tls.keyFile, "utf8"), cert: readFileSync(config.tls.certificateFile, "utf8") },
    store,
    issuer: `https://${config.auth0.domain}/`,
    audience: config.auth0.audience,
    // A kid not seen before triggers one refetch, at most once per cooldown; keys are kept 10 min.
    keys: createRemoteJWKSet(jwksUrl, {
      cooldownDuration: config.auth0.jwksRefetchCooldownSeconds * 1000,
      cacheMaxAge: 600_000,
      timeoutDuration: 5_000,
      [customFetch]: jwksFetch(config.auth0.jwksCaFile, metrics),
    }),
    approvedClientIds: config.auth0.approvedClientIds,
    operations: config.operations,
    allowlist: config.allowlist,
    clientBudgets: new ClientBudgets(config.rateLimits.perClient),
    log,
    metrics,
    audit: (entry) => trail.write(entry),
    outage: () => trail.failure(),
    ready: async () => {
      await withinTime(database.query("SELECT 1 AS ready", []), config.database.pool.queryTimeoutMs, "readiness");
      return true;
    },
  });
  let exposition: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  try {
    const url = await bound(config, "listen", () => server.listen(config.listen.port, config.listen.host));
    if (cluster.isWorker) reportToPrimary(metrics);
    else exposition = await bound(config, "metrics", () => serveMetrics(metrics, config.metrics.host, config.metrics.port));
    let stopped: Promise<void> | undefined;
    return {
      url,
      server,
      database,
      metrics,
      metricsUrl: exposition?.url,
      stop: (graceMs = 10_000) => {
        stopped ??= server
          .close(graceMs)
          .then(() => Promise.all([database.close(), trail.close(), exposition?.close()]))
          .then(() => undefined);
        return stopped;
      },
    };
  } catch (error) {
    await server.close();
    await database.close();
    throw error;
  }
}

function announce(config: FacadeConfig, log: Logger, url: string, metricsUrl: string | undefined, workers = 1): void {
  const pem = readFileSync(config.tls.certificateFile, "utf8");
  const processes = workers === 1 ? "" : ` (${workers} worker processes)`;
  log.info({ url, metricsUrl, workers }, `facade listening on ${url}${processes}, for ${config.auth0.audience} of ${config.auth0.domain}`);
  const sha256 = new X509Certificate(pem).fingerprint256;
  log.info({ sha256 }, `SHA-256 pin for the stage file: ${sha256}`);
}

/**
 * `workers` > 1: forks that many processes, which share the port. A worker that dies
 * after it was serving is replaced; one that dies before it ever served (a bad key file,
 * an unreachable database) stops them all with its exit code, since a replacement would
 * fail the same way. SIGTERM or SIGINT stops every worker gracefully, then the primary.
 */
async function superviseWorkers(config: FacadeConfig, log: Logger): Promise<void> {
  let stopping = false;
  let serving = 0;
  const exposition = await bound(config, "metrics", () => serveMetrics(workersMetrics(), config.metrics.host, config.metrics.port));
  const fork = () => {
    const worker = cluster.fork();
    let listening = false;
    worker.once("listening", (address) => {
      listening = true;
      serving++;
      if (serving === config.workers)
        announce(
          config,
          log,
          `https://${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}`,
          exposition.url,
          config.workers,
        );
    });
    worker.once("exit", (code, signal) => {
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) void exposition.close();
        return;
      }
      if (!listening) {
        log.error(`a facade worker exited with ${code ?? signal} before it served: stopping`);
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
        process.exitCode = code || 1;
        void exposition.close();
        return;
      }
      log.warn(`a facade worker exited with ${code ?? signal}: starting another`);
      fork();
    });
  };
  for (let i = 0; i < config.workers; i++) fork();
  const stop = () => {
    // A group stop sends the signal twice (to npm, which forwards it, and to us): the second changes nothing.
    if (stopping) return;
    stopping = true;
    log.info("stopping: finishing requests in flight");
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

const USAGE = "usage: npm run facade -- [migrate | progress] --config <facade.json>";

/** The command and its config file, read with node:util's parseArgs (the facade ships apart from lib/ and its parser). */
function commandLine(args: readonly string[]): { command: "serve" | "migrate" | "progress"; file: string } {
  let parsed: { values: { config?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options: { config: { type: "string" } }, allowPositionals: true, strict: true });
  } catch {
    throw new FacadeConfigError("command line", [USAGE]);
  }
  const [command = "serve", ...extra] = parsed.positionals;
  const file = parsed.values.config;
  if (file === undefined || file.startsWith("-") || extra.length > 0 || !["serve", "migrate", "progress"].includes(command)) {
    throw new FacadeConfigError("command line", [USAGE]);
  }
  return { command: command as "serve" | "migrate" | "progress", file };
}

async function main(args: readonly string[]): Promise<void> {
  const { command, file } = commandLine(args);
  const config = loadFacadeConfig(file);
  if (command === "serve") {
    const log = serviceLog(config.logLevel);
    if (config.workers > 1 && cluster.isPrimary) return superviseWorkers(config, log);
    const facade = await startFacade(config, process.env, { log });
    let stopping = false;
    const stop = () => {
      // Once: a second signal (a group stop reaches npm and us) must not cut requests in flight.
      if (stopping) return;
      stopping = true;
      if (cluster.isPrimary) log.info("stopping: finishing requests in flight");
      void facade.stop().then(() => process.exit(0));
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
    if (cluster.isPrimary) announce(config, log, facade.url, facade.metricsUrl);
    return;
  }
  const database = await openDatabase(config, databasePassword(config));
  try {
    if (command === "migrate") {
      await migrate(database);
      console.log(`created the facade's tables (facade_rate_limits, facade_migrated_users, facade_email_claims) in ${config.database.database}`);
    } else {
      const { total, migrated } = await new SqlUserStore(database, config).migrationProgress();
      const share = total === 0 ? 100 : Math.floor((migrated / total) * 1000) / 10;
      console.log(`${migrated} of ${total} legacy users have logged in through the facade (${share}%); ${total - migrated} remain`);
    }
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    const expected = error instanceof FacadeConfigError || (error as Error).name === "DatabaseUnavailableError";
    console.error(expected ? (error as Error).message : error);
    process.exitCode = expected ? 2 : 1;
    // A worker's channel to the primary would keep it alive.
    if (cluster.isWorker) process.exit();
  });
}
