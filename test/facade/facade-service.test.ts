import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AddressInfo, createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FacadeConfigError } from "../../facade/config";
import { inject } from "vitest";
import { auditLog } from "../../facade/audit-log";
import { type RunningFacade, startFacade } from "../../facade/main";
import type { AuditEntry } from "../../facade/server";
import { serviceLog } from "../../facade/service-log";
import type { Logger } from "pino";
import { issueServerCertificate } from "../../examples/reference-facade/certificates";
import { type DatabaseServer, startMariadb, startPostgres } from "../support/database-servers";
import { httpsJson } from "../support/https-json";
import { seriesValue } from "../support/prometheus-text";
import { type LegacyDatabaseFixture, legacyDatabase } from "../support/legacy-databases";
import { type DatabaseRelay, startSwitchableRelay } from "../support/rogue-database";
import { withFaultyServer } from "../support/faulty-server";
import { type TokenEndpoint, startTokenEndpoint } from "../support/token-endpoint";

const CLIENT_ID = "Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk";
const AUDIENCE = "https://legacy-facade.test/";

/** An authenticate request as the scripts send it, from `source` when a trusted proxy forwards it. */
async function authenticate(facade: RunningFacade & { certificatePem: string }, token: string, body: unknown, forwardedFor?: string) {
  return httpsJson(`${facade.url}/users/authenticate`, {
    body,
    ca: facade.certificatePem,
    headers: { authorization: `Bearer ${token}`, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
  });
}

describe.each([
  ["PostgreSQL", startPostgres],
  ["MariaDB", startMariadb],
] as const)("the facade service over %s", (_, start) => {
  let server: DatabaseServer;
  let fixture: LegacyDatabaseFixture;
  let tokens: TokenEndpoint;
  let relay: DatabaseRelay;
  const running: RunningFacade[] = [];
  const audit: AuditEntry[] = [];
  let caFile: string;

  const token = () =>
    tokens.mint({
      iss: "https://tenant.test/",
      aud: AUDIENCE,
      azp: CLIENT_ID,
      gty: "client-credentials",
      scope: "users:authenticate users:read",
      exp: Math.floor(Date.now() / 1000) + 300,
    });

  async function facade(edit: (settings: Record<string, any>) => void = () => undefined, log?: Logger): Promise<RunningFacade & { certificatePem: string }> {
    const config = fixture.configWith((settings) => {
      settings.auth0 = { domain: "tenant.test", audience: AUDIENCE, approvedClientIds: [CLIENT_ID], jwksUrl: tokens.jwksUrl, jwksCaFile: caFile };
      settings.database.port = relay.port;
      edit(settings);
    });
    const started = await startFacade(config, fixture.env, { audit: (entry) => audit.push(entry), ...(log ? { log } : {}) });
    running.push(started);
    const { readFileSync } = await import("node:fs");
    return Object.assign(started, { certificatePem: readFileSync(config.tls.certificateFile, "utf8") });
  }

  beforeAll(async () => {
    const ca = inject("testCa");
    caFile = join(mkdtempSync(join(tmpdir(), "facade-ca-")), "ca.pem");
    writeFileSync(caFile, ca.cert);
    server = await start();
    fixture = await legacyDatabase(server, "facade_service", { domain: "tenant.test", audience: AUDIENCE, approvedClientIds: [CLIENT_ID] });
    tokens = await startTokenEndpoint({ tls: await issueServerCertificate(ca, "tenant.test"), clients: [], grants: [], issuer: "https://tenant.test/" });
    relay = await startSwitchableRelay(server.port);
  }, 90_000);
  afterAll(async () => {
    await Promise.all(running.map((facade) => facade.stop(0)));
    await tokens?.close();
    await relay?.close();
    await server?.stop();
  }, 60_000);

  it("fetches the tenant's keys itself, refetches once for a kid it has not seen, and no more often than its cooldown", async () => {
    const service = await facade((settings) => {
      settings.auth0.jwksRefetchCooldownSeconds = 1;
    });
    const [user] = fixture.users;
    expect((await authenticate(service, await token(), { email: user.email, password: user.password })).status).toBe(200);
    const fetched = tokens.stats.jwksRequests;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await tokens.rotateSigningKey();
    expect((await authenticate(service, await token(), { email: user.email, password: user.password })).status).toBe(200);
    expect(tokens.stats.jwksRequests).toBe(fetched + 1);
    await tokens.rotateSigningKey();
    const refused = await authenticate(service, await token(), { email: user.email, password: user.password });
    expect(refused).toMatchObject({ status: 401, body: { error: "invalid_token" } });
    expect(tokens.stats.jwksRequests).toBe(fetched + 1);
  });

  it("says a port it cannot have as the config's problem, naming the field, and leaves nothing open", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      for (const field of ["listen", "metrics"] as const) {
        const config = fixture.configWith((settings) => {
          settings.auth0 = { domain: "tenant.test", audience: AUDIENCE, approvedClientIds: [CLIENT_ID], jwksUrl: tokens.jwksUrl, jwksCaFile: caFile };
          settings[field] = { host: "127.0.0.1", port };
        });
        const refused = await startFacade(config, fixture.env, () => undefined).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(FacadeConfigError);
        expect((refused as FacadeConfigError).problems).toEqual([
          `${field}.port: expected an address this process can listen on, found 127.0.0.1:${port} (EADDRINUSE)`,
        ]);
      }
    } finally {
      taken.close();
    }
  });

  it("answers with an outage, not a refused token, when the tenant's keys cannot be fetched", async () => {
    const service = await facade((settings) => {
      settings.auth0.jwksUrl = "https://127.0.0.1:9/.well-known/jwks.json";
    });
    const answer = await authenticate(service, await token(), { email: fixture.users[0].email, password: fixture.users[0].password });
    expect(answer.status).toBeGreaterThanOrEqual(500);
  });

  it.each([
    ["answers 503", (_: unknown, response: import("node:http").ServerResponse) => response.writeHead(503).end("unavailable")],
    [
      "answers HTML",
      (_: unknown, response: import("node:http").ServerResponse) => response.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>"),
    ],
    ["answers JSON that is no key set", (_: unknown, response: import("node:http").ServerResponse) => response.writeHead(200).end('{"keys": "none"}')],
  ])("answers 503, never 401, and blames no caller when the tenant's keys endpoint %s", async (_, fault) => {
    const tls = await issueServerCertificate(inject("testCa"), "tenant.test");
    await withFaultyServer(tls, fault, async (keys) => {
      const service = await facade((settings) => {
        settings.auth0.jwksUrl = `${keys.url}/.well-known/jwks.json`;
      });
      audit.length = 0;
      const answer = await authenticate(service, await token(), { email: fixture.users[0].email, password: fixture.users[0].password });
      expect(answer).toMatchObject({ status: 503, body: { error: "server_error" } });
      expect(keys.requests()).toBeGreaterThan(0);
      expect(audit).toEqual([
        expect.objectContaining({
          status: 503,
          client: "-",
          outcome: expect.stringMatching(/^error: KeysUnavailableError: the tenant's signing keys could not be used: /),
        }),
      ]);
    });
  });

  it("still refuses a token that is really wrong with 401: another signer, another audience, expired", async () => {
    const service = await facade();
    const body = { email: fixture.users[0].email, password: fixture.users[0].password };
    const claims = { iss: "https://tenant.test/", aud: AUDIENCE, azp: CLIENT_ID, gty: "client-credentials", scope: "users:authenticate" };
    const { SignJWT, generateKeyPair } = await import("jose");
    const stranger = await generateKeyPair("RS256");
    const forged = await new SignJWT({ ...claims }).setProtectedHeader({ alg: "RS256", kid: "test-key-1" }).setExpirationTime("5m").sign(stranger.privateKey);
    expect((await authenticate(service, forged, body)).status).toBe(401);
    expect((await authenticate(service, await tokens.mint({ ...claims, aud: "https://other/", exp: Math.floor(Date.now() / 1000) + 300 }), body)).status).toBe(
      401,
    );
    expect((await authenticate(service, await tokens.mint({ ...claims, exp: Math.floor(Date.now() / 1000) - 300 }), body)).status).toBe(401);
  });

  it("turns unready and refuses operations with 503 when its audit log cannot be written (a full disk), never crashing, and says what it lost", async () => {
    const said: string[] = [];
    const trail = auditLog("/dev/full", { say: (line) => said.push(line) });
    const config = fixture.configWith((settings) => {
      settings.auth0 = { domain: "tenant.test", audience: AUDIENCE, approvedClientIds: [CLIENT_ID], jwksUrl: tokens.jwksUrl, jwksCaFile: caFile };
      settings.database.port = relay.port;
    });
    const service = await startFacade(config, fixture.env, trail);
    running.push(service);
    const certificatePem = readFileSync(config.tls.certificateFile, "utf8");
    const body = { email: fixture.users[0].email, password: fixture.users[0].password };
    expect((await authenticate({ ...service, certificatePem }, await token(), body)).status).toBe(200);
    await expect.poll(() => trail.failure()).toMatch(/^the audit log \/dev\/full cannot be written \(ENOSPC\)$/);
    expect(await authenticate({ ...service, certificatePem }, await token(), body)).toMatchObject({ status: 503, body: { error: "server_error" } });
    expect((await httpsJson(`${service.url}/readyz`, { method: "GET", ca: certificatePem })).status).toBe(503);
    expect(said[0]).toBe("the audit log /dev/full cannot be written (ENOSPC): refusing operations until it can be written again");
    expect(said).toContainEqual(expect.stringMatching(/^audit entry not written \(\d+ so far\): /));
    expect(said.join("\n")).not.toContain(fixture.users[0].password);
  });

  it("serves only the allowlisted sources, believing X-Forwarded-For only from a trusted proxy", async () => {
    const service = await facade((settings) => {
      settings.allowlist = { sourceRanges: ["203.0.113.0/24"], trustedProxies: ["127.0.0.1/32"] };
    });
    const [user] = fixture.users;
    const body = { email: user.email, password: user.password };
    expect((await authenticate(service, await token(), body)).status).toBe(403);
    expect((await authenticate(service, await token(), body, "198.51.100.7")).status).toBe(403);
    expect((await authenticate(service, await token(), body, "198.51.100.7, 203.0.113.10")).status).toBe(200);
    const untrusting = await facade((settings) => {
      settings.allowlist = { sourceRanges: ["203.0.113.0/24"], trustedProxies: [] };
    });
    expect((await authenticate(untrusting, await token(), body, "203.0.113.10")).status).toBe(403);
  });

  it("limits failed password attempts per user across two instances on one database, as one service", async () => {
    const limits = (settings: Record<string, any>) => {
      settings.rateLimits = { failedLogins: { max: 3, windowSeconds: 3600 } };
    };
    const [first, second] = [await facade(limits), await facade(limits)];
    const user = fixture.users[1];
    const statuses: number[] = [];
    for (const instance of [first, second, first, second])
      statuses.push((await authenticate(instance, await token(), { email: user.email, password: "a wrong guess" })).status);
    expect(statuses).toEqual([422, 422, 422, 429]);
    expect((await authenticate(first, await token(), { email: fixture.users[2].email, password: fixture.users[2].password })).status).toBe(200);
  });

  it("lets no unauthenticated caller move a counter, and spends each approved client's budget only after its token", async () => {
    const service = await facade((settings) => {
      settings.rateLimits = { perClient: { max: 3, windowSeconds: 3600 }, failedLogins: { max: 3, windowSeconds: 3600 } };
    });
    const user = fixture.users[4];
    const body = { email: user.email, password: "a wrong guess" };
    // Any tenant's script at Auth0's shared addresses, or anyone else, with no valid token.
    for (let i = 0; i < 10; i++) expect((await authenticate(service, "not.a.token", body)).status).toBe(401);
    const right = { email: user.email, password: user.password };
    expect((await authenticate(service, await token(), right)).status).toBe(200);
    expect((await authenticate(service, await token(), right)).status).toBe(200);
    expect((await authenticate(service, await token(), right)).status).toBe(200);
    expect(await authenticate(service, await token(), right)).toMatchObject({ status: 429, body: { error: "rate_limited" } });
  });

  it("is healthy while the database hangs, but not ready; and finishes a request in flight before it stops", async () => {
    const service = await facade();
    const ready = () => httpsJson(`${service.url}/readyz`, { method: "GET", ca: service.certificatePem });
    expect((await ready()).status).toBe(200);
    relay.stall();
    let inFlight: Promise<{ status: number }>;
    try {
      expect((await ready()).status).toBe(503);
      expect((await httpsJson(`${service.url}/healthz`, { method: "GET", ca: service.certificatePem })).status).toBe(200);
      inFlight = authenticate(service, await token(), { email: fixture.users[3].email, password: fixture.users[3].password });
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      relay.flow();
    }
    const [answer] = await Promise.all([inFlight, service.stop(10_000)]);
    expect(answer.status).toBe(200);
    await expect(authenticate(service, await token(), {})).rejects.toThrow(/ECONNREFUSED/);
  });

  it("serves Prometheus metrics on a port of its own: each outcome, limits, keys, migrations, and one query per login", async () => {
    const service = await facade((settings) => {
      settings.rateLimits = { failedLogins: { max: 2, windowSeconds: 3600 } };
      settings.database.pool = { max: 2, connectTimeoutMs: 400, queryTimeoutMs: 400 };
    });
    const scrape = async () => {
      const response = await fetch(service.metricsUrl as string);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      return response.text();
    };
    const value = (text: string, series: string) => seriesValue(text, series) ?? 0;
    const queries = async () => value(await scrape(), "facade_database_queries_total");
    const [user, other] = [fixture.users[5], fixture.users[6]];
    // The unknown user's decoy is sampled once per process: take that query out of what is measured.
    expect((await authenticate(service, await token(), { email: "nobody@legacy.example", password: "guess" })).status).toBe(422);

    let before = await queries();
    expect((await authenticate(service, await token(), { email: user.email, password: user.password })).status).toBe(200);
    expect((await queries()) - before).toBe(2); // the login's query, and the record of a first migration
    before = await queries();
    expect((await authenticate(service, await token(), { email: user.email, password: user.password })).status).toBe(200);
    expect((await queries()) - before).toBe(1);
    before = await queries();
    expect((await authenticate(service, await token(), { email: other.email, password: "a wrong guess" })).status).toBe(422);
    expect((await queries()) - before).toBe(2); // the login's query and one counter write
    before = await queries();
    expect((await authenticate(service, await token(), { email: "nobody@legacy.example", password: "guess" })).status).toBe(422);
    expect((await queries()) - before).toBe(2);

    expect((await authenticate(service, await token(), { email: other.email, password: "a wrong guess" })).status).toBe(422);
    expect((await authenticate(service, await token(), { email: other.email, password: other.password })).status).toBe(429);
    expect((await authenticate(service, "not.a.token", { email: user.email, password: user.password })).status).toBe(401);
    relay.stall();
    try {
      expect((await authenticate(service, await token(), { email: user.email, password: user.password })).status).toBe(503);
    } finally {
      relay.flow();
    }

    // Counted as each answer leaves: the last one's count may trail its answer by a moment.
    await expect.poll(async () => value(await scrape(), 'facade_request_duration_seconds_count{operation="authenticate"}')).toBe(9);
    const text = await scrape();
    const requests = (outcome: string) => value(text, `facade_requests_total{operation="authenticate",outcome="${outcome}"}`);
    expect([requests("success"), requests("wrong_password"), requests("unknown_user"), requests("refused"), requests("outage")]).toEqual([2, 2, 2, 2, 1]);
    expect(value(text, 'facade_limit_refusals_total{limit="failed_logins"}')).toBe(1);
    expect(value(text, "facade_users_migrated_total")).toBe(1);
    expect(value(text, "facade_database_errors_total")).toBeGreaterThanOrEqual(1);
    expect(value(text, 'facade_keys_fetches_total{result="ok"}')).toBe(1);
    expect(value(text, 'facade_request_duration_seconds_count{operation="authenticate"}')).toBe(9);
    expect(value(text, "facade_audit_log_writable")).toBe(1);
    expect(text).toMatch(/^facade_database_pool_connections\{state="idle"\} \d+$/m);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
  });

  it("logs each outage with its reason as JSON on the service log, and never a password, a token or an email", async () => {
    const lines: string[] = [];
    const service = await facade(
      (settings) => {
        settings.database.pool = { max: 2, connectTimeoutMs: 400, queryTimeoutMs: 400 };
      },
      serviceLog("info", { write: (line: string) => void lines.push(line) }),
    );
    const [user] = fixture.users;
    const bearer = await token();
    expect((await authenticate(service, bearer, { email: user.email, password: user.password })).status).toBe(200);
    relay.stall();
    try {
      expect((await authenticate(service, bearer, { email: user.email, password: user.password })).status).toBe(503);
    } finally {
      relay.flow();
    }
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: "error",
        msg: "outage",
        operation: "authenticate",
        client: CLIENT_ID,
        err: expect.objectContaining({ type: "DatabaseUnavailableError", message: expect.stringMatching(/^the legacy database is unavailable: /) }),
      }),
    );
    const written = lines.join("\n");
    expect(written).not.toContain(user.password);
    expect(written).not.toContain(user.email);
    expect(written).not.toContain(bearer);
    expect(written).not.toContain(fixture.env.FACADE_DB_PASSWORD);
  });

  it("audits what it refused and why, and never a password or a token", () => {
    expect(audit.some((entry) => entry.outcome === "source not in the allowlist" && entry.status === 403)).toBe(true);
    expect(audit.some((entry) => entry.outcome === "rate_limited" && entry.status === 429)).toBe(true);
    const written = JSON.stringify(audit);
    expect(written).not.toContain("a wrong guess");
    for (const user of fixture.users) expect(written).not.toContain(user.password);
    expect(written).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});
