import { Agent, request } from "node:https";
import { httpsJson } from "../support/https-json";
import { seriesValue } from "../support/prometheus-text";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { FACADE_OPERATIONS } from "../../contract/facade-contract";
import { MAX_REQUEST_BYTES } from "../../contract/facade-requests";
import { createSelfSignedCertificate, issueServerCertificate } from "../../examples/reference-facade/certificates";
import { DatabaseUnavailableError } from "../../facade/database/database";
import { FacadeMetrics } from "../../facade/metrics";
import { serviceLog } from "../../facade/service-log";
import { type AuditEntry, type FacadeServer, type FacadeStore, createFacadeServer } from "../../facade/server";
import { type TokenEndpoint, startTokenEndpoint } from "../support/token-endpoint";

const CLIENT_ID = "Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk";
const AUDIENCE = "https://legacy-facade.test/";
const ADA = { user_id: "1", email: "ada@legacy.example", email_verified: true };

/** Raw HTTPS, so a test can send what no well-behaved client would. */
const send = (url: string, options: { method?: string; headers?: Record<string, string>; body?: string; ca: string }) =>
  httpsJson(url, { method: options.method ?? "POST", headers: options.headers, raw: options.body, ca: options.ca });

/**
 * The facade's HTTP layer against requests no script sends: every body trick is refused
 * before the store is touched, with the contract's error code, and the token is checked
 * before the body is read.
 */
describe("the facade's HTTP contract", () => {
  let tokens: TokenEndpoint;
  let facade: FacadeServer;
  let url: string;
  let ca: string;
  const reached: string[] = [];
  const store: FacadeStore = {
    async authenticate(email) {
      reached.push(`authenticate ${email}`);
      // Limited without any metrics to count it: the refusal still answers.
      return email === "limited@legacy.example" ? { kind: "limited" } : { kind: "authenticated", profile: ADA };
    },
    async lookup(email) {
      reached.push(`lookup ${email}`);
      return ADA;
    },
    async create(user) {
      reached.push(`create ${user.email} ${user.username ?? "-"} ${JSON.stringify(user.user_metadata ?? null)}`);
      return ADA;
    },
    verifyEmail: async () => true,
    changePassword: async () => true,
    remove: async () => "removed",
  };
  const token = () =>
    tokens.mint({
      iss: tokens.issuer,
      aud: AUDIENCE,
      azp: CLIENT_ID,
      gty: "client-credentials",
      scope: Object.values(FACADE_OPERATIONS)
        .map((operation) => operation.scope)
        .join(" "),
      exp: Math.floor(Date.now() / 1000) + 300,
    });
  const post = async (path: string, body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
    send(`${url}${path}`, { body, ca, headers: { authorization: `Bearer ${await token()}`, ...headers } });

  let tls: { key: string; cert: string };
  let audit: AuditEntry[] = [];
  beforeAll(async () => {
    tokens = await startTokenEndpoint({ tls: await issueServerCertificate(inject("testCa"), "tenant.test"), clients: [], grants: [] });
    tls = await createSelfSignedCertificate("facade.test");
    ca = tls.cert;
  });
  /**
   * Runs `body` against a facade made for it, inside the test itself: Stryker credits code
   * run in hooks (beforeAll, beforeEach) to no test, and would not run these against the
   * mutants of the facade's set-up.
   */
  async function withFacade(body: () => Promise<void>): Promise<void> {
    // Its own list: a late entry of the previous test's facade cannot land in it.
    const entries: AuditEntry[] = [];
    audit = entries;
    facade = createFacadeServer({
      tls,
      store,
      issuer: tokens.issuer,
      audience: AUDIENCE,
      keys: tokens.keys,
      approvedClientIds: [CLIENT_ID],
      audit: (entry) => entries.push(entry),
    });
    url = await facade.listen();
    try {
      await body();
    } finally {
      await facade.close();
    }
  }
  afterAll(async () => {
    await tokens?.close();
  });

  it("serves every operation of the contract at its path, each behind a token", () =>
    withFacade(async () => {
      for (const operation of Object.values(FACADE_OPERATIONS)) {
        const answer = await send(`${url}${operation.path}`, { body: "{}", ca, headers: { "content-type": "application/json" } });
        expect([operation.path, answer]).toEqual([operation.path, { status: 401, body: { error: "invalid_token" } }]);
      }
    }));

  it.each([
    ["not JSON", "email=ada@legacy.example", 400],
    ["a JSON array", '["ada@legacy.example", "pw"]', 400],
    ["a JSON string", '"ada@legacy.example"', 400],
    ["an empty body", "", 400],
    ["a number for the email (never coerced)", '{"email": 12345, "password": "pw"}', 400],
    ["an empty email", '{"email": "", "password": "pw"}', 400],
    ["no password", '{"email": "ada@legacy.example"}', 400],
    ["an email longer than the contract allows", JSON.stringify({ email: `${"a".repeat(511)}@x`, password: "pw" }), 400],
    ["a password longer than the contract allows", JSON.stringify({ email: "ada@legacy.example", password: "p".repeat(1025) }), 400],
    ["a __proto__ key", '{"email": "ada@legacy.example", "password": "pw", "__proto__": {"admin": true}}', 400],
    ["a constructor.prototype key", '{"email": "ada@legacy.example", "password": "pw", "constructor": {"prototype": {"admin": true}}}', 400],
    ["a body over the limit", JSON.stringify({ email: "ada@legacy.example", password: "p".repeat(MAX_REQUEST_BYTES) }), 413],
  ])("refuses %s with invalid_request before the store sees it", (_, body, status) =>
    withFacade(async () => {
      reached.length = 0;
      expect(await post("/users/authenticate", body)).toEqual({ status, body: { error: "invalid_request" } });
      expect(reached).toEqual([]);
    }),
  );

  it("refuses a body that is not declared JSON, and ignores fields the contract does not name", () =>
    withFacade(async () => {
      reached.length = 0;
      const body = JSON.stringify({ email: "ada@legacy.example", password: "pw" });
      expect(await post("/users/authenticate", body, { "content-type": "text/plain" })).toEqual({ status: 415, body: { error: "invalid_request" } });
      expect(reached).toEqual([]);
      expect((await post("/users/authenticate", JSON.stringify({ email: "ada@legacy.example", password: "pw", remember: true }))).status).toBe(200);
      expect(reached).toEqual(["authenticate ada@legacy.example"]);
    }));

  it("passes user_metadata through only as an object", () =>
    withFacade(async () => {
      reached.length = 0;
      expect((await post("/users", JSON.stringify({ email: "new@legacy.example", password: "pw", user_metadata: "text" }))).status).toBe(400);
      expect((await post("/users", JSON.stringify({ email: "new@legacy.example", password: "pw", user_metadata: { plan: "gold" } }))).status).toBe(201);
      expect((await post("/users", JSON.stringify({ email: "named@legacy.example", password: "pw", username: "named" }))).status).toBe(201);
      expect(reached).toEqual(['create new@legacy.example - {"plan":"gold"}', "create named@legacy.example named null"]);
    }));

  it("answers a wrong method with 405 and an unknown path with 404, in the contract's error shape", () =>
    withFacade(async () => {
      for (const method of ["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
        const answer = await send(`${url}/users/authenticate`, { method, ca });
        expect([method, answer.status]).toEqual([method, 405]);
      }
      expect(await send(`${url}/users/authenticate`, { method: "GET", ca })).toEqual({ status: 405, body: { error: "method_not_allowed" } });
      expect(await send(`${url}/users/everyone?all=1`, { body: "{}", ca })).toEqual({ status: 404, body: { error: "not_found" } });
      await expect.poll(() => audit.length).toBe(8);
      expect(audit.slice(-2).map((entry) => [entry.operation, entry.status, entry.outcome])).toEqual([
        ["authenticate", 405, "wrong method"],
        ["/users/everyone", 404, "unknown path"],
      ]);
    }));

  it("refuses a login over the failed-attempt limit with 429, with or without metrics to count it", () =>
    withFacade(async () => {
      expect(await post("/users/authenticate", JSON.stringify({ email: "limited@legacy.example", password: "pw" }))).toEqual({
        status: 429,
        body: { error: "rate_limited" },
      });
    }));

  it("reads only a well-formed Bearer header, and ignores a query string on the path", () =>
    withFacade(async () => {
      const bearer = await token();
      const body = JSON.stringify({ email: "ada@legacy.example", password: "pw" });
      const headers = (authorization: string) => ({ "content-type": "application/json", authorization });
      expect((await send(`${url}/users/authenticate?debug=1`, { body, ca, headers: headers(`Bearer ${bearer}`) })).status).toBe(200);
      for (const authorization of [`Bearer ${bearer} extra`, `xBearer ${bearer}`, `Bearer  ${bearer}`, `bearer ${bearer}`, bearer]) {
        const answer = await send(`${url}/users/authenticate`, { body, ca, headers: headers(authorization) });
        expect([authorization.slice(0, 12), answer.status]).toEqual([authorization.slice(0, 12), 401]);
      }
      await expect.poll(() => audit.length).toBe(6);
      expect(audit[0].operation).toBe("authenticate");
    }));

  it("checks the token before it reads the body: an oversized body from a caller without one gets 401", () =>
    withFacade(async () => {
      reached.length = 0;
      const answer = await send(`${url}/users/authenticate`, {
        body: JSON.stringify({ email: "ada@legacy.example", password: "p".repeat(4 * MAX_REQUEST_BYTES) }),
        ca,
        headers: { "content-type": "application/json" },
      });
      expect(answer).toEqual({ status: 401, body: { error: "invalid_token" } });
      expect(reached).toEqual([]);
    }));
});

/**
 * Every decision of the HTTP layer, with what the audit and the metrics record of it: a
 * store that answers as told, so each outcome and each failure of ours can be had on demand.
 */
describe("the facade's decisions, audit entries and metrics", () => {
  let tokens: TokenEndpoint;
  let ca: string;
  let tls: { key: string; cert: string };
  const running: FacadeServer[] = [];
  let answer: () => Promise<Awaited<ReturnType<FacadeStore["authenticate"]>>>;
  const store: FacadeStore = {
    authenticate: () => answer(),
    lookup: async (email) => (email === ADA.email ? ADA : undefined),
    create: async (user) => (user.email === ADA.email ? "exists" : { ...ADA, email: user.email, user_id: "2" }),
    verifyEmail: async (email) => email === ADA.email,
    changePassword: async (email) => email === ADA.email,
    remove: async (userId) => (userId === "bad id" ? "invalid-id" : "removed"),
  };
  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: tokens.issuer,
    aud: AUDIENCE,
    azp: CLIENT_ID,
    gty: "client-credentials",
    scope: "users:authenticate users:read users:create users:verify_email users:change_password users:delete",
    exp: Math.floor(Date.now() / 1000) + 300,
    ...overrides,
  });

  async function serve(options: Partial<Parameters<typeof createFacadeServer>[0]> = {}) {
    const audit: AuditEntry[] = [];
    const metrics = new FacadeMetrics({ processMetrics: false });
    const server = createFacadeServer({
      tls,
      store,
      issuer: tokens.issuer,
      audience: AUDIENCE,
      keys: tokens.keys,
      approvedClientIds: [CLIENT_ID],
      audit: (entry) => audit.push(entry),
      metrics,
      ...options,
    });
    running.push(server);
    const base = await server.listen();
    const call = async (path: string, body: unknown, bearer?: string, headers: Record<string, string> = {}) =>
      send(`${base}${path}`, {
        body: JSON.stringify(body),
        ca,
        headers: { "content-type": "application/json", authorization: `Bearer ${bearer ?? (await tokens.mint(claims()))}`, ...headers },
      });
    // A series not yet written counts as 0, as Prometheus reads an absent counter.
    const counted = async (series: string) => seriesValue(await metrics.text(), series) ?? 0;
    return { server, base, audit, call, counted };
  }
  const login = { email: ADA.email, password: "pw" };

  beforeAll(async () => {
    tokens = await startTokenEndpoint({ tls: await issueServerCertificate(inject("testCa"), "tenant.test"), clients: [], grants: [] });
    tls = await createSelfSignedCertificate("facade.test");
    ca = tls.cert;
  });
  afterAll(async () => {
    await Promise.all(running.map((server) => server.close()));
    await tokens?.close();
  });

  it("answers each outcome of a login as the contract says, and counts it as a dashboard groups it", async () => {
    const { call, audit, counted } = await serve();
    const outcomes: [Awaited<ReturnType<FacadeStore["authenticate"]>>, number, unknown][] = [
      [{ kind: "authenticated", profile: ADA }, 200, ADA],
      [{ kind: "wrong-password" }, 422, { error: "invalid_credentials", user_exists: true }],
      [{ kind: "unknown-user" }, 422, { error: "invalid_credentials", user_exists: false }],
      [{ kind: "limited" }, 429, { error: "rate_limited" }],
    ];
    for (const [outcome, status, body] of outcomes) {
      answer = async () => outcome;
      expect(await call("/users/authenticate", login)).toEqual({ status, body });
    }
    await expect.poll(() => audit.length).toBe(4);
    expect(audit.map((entry) => [entry.operation, entry.status, entry.outcome, entry.client, entry.user_id])).toEqual([
      ["authenticate", 200, "ok", CLIENT_ID, "1"],
      ["authenticate", 422, "invalid_credentials", CLIENT_ID, undefined],
      ["authenticate", 422, "invalid_credentials", CLIENT_ID, undefined],
      ["authenticate", 429, "rate_limited", CLIENT_ID, undefined],
    ]);
    expect(audit.map((entry) => [entry.source, Number.isNaN(Date.parse(entry.time))])).toEqual(audit.map(() => ["127.0.0.1", false]));
    const requests = (outcome: string) => counted(`facade_requests_total{operation="authenticate",outcome="${outcome}"}`);
    expect([await requests("success"), await requests("wrong_password"), await requests("unknown_user"), await requests("refused")]).toEqual([1, 1, 1, 1]);
    expect(await counted('facade_limit_refusals_total{limit="failed_logins"}')).toBe(1);
    expect(await counted('facade_request_duration_seconds_count{operation="authenticate"}')).toBe(4);
    // Seconds, not milliseconds: four answers from a store that answers at once, each well under a second.
    expect(await counted('facade_request_duration_seconds_bucket{le="1",operation="authenticate"}')).toBe(4);
    expect(await counted('facade_request_duration_seconds_sum{operation="authenticate"}')).toBeGreaterThan(0);
  });

  it("answers the other operations as the contract says", async () => {
    const { call, audit, counted } = await serve();
    const cases: [string, unknown, number, unknown][] = [
      ["/users/lookup", { email: ADA.email }, 200, ADA],
      ["/users/lookup", { email: "nobody@legacy.example" }, 404, { error: "user_not_found" }],
      ["/users", { email: ADA.email, password: "pw" }, 409, { error: "user_exists" }],
      ["/users", { email: "new@legacy.example", password: "pw", username: "new" }, 201, { ...ADA, email: "new@legacy.example", user_id: "2" }],
      ["/users/verify-email", { email: ADA.email }, 204, undefined],
      ["/users/verify-email", { email: "nobody@legacy.example" }, 404, { error: "user_not_found" }],
      ["/users/change-password", { email: ADA.email, new_password: "pw2" }, 204, undefined],
      ["/users/change-password", { email: "nobody@legacy.example", new_password: "pw2" }, 404, { error: "user_not_found" }],
      ["/users/delete", { user_id: "7" }, 204, undefined],
      ["/users/delete", { user_id: "bad id" }, 400, { error: "invalid_request" }],
    ];
    for (const [path, body, status, answered] of cases) expect([path, await call(path, body)]).toEqual([path, { status, body: answered }]);
    await expect.poll(() => audit.length).toBe(cases.length);
    expect(audit.map((entry) => [entry.operation, entry.outcome, entry.user_id])).toEqual([
      ["lookup", "ok", "1"],
      ["lookup", "user_not_found", undefined],
      ["create", "user_exists", undefined],
      ["create", "ok", "2"],
      ["verifyEmail", "ok", undefined],
      ["verifyEmail", "user_not_found", undefined],
      ["changePassword", "ok", undefined],
      ["changePassword", "user_not_found", undefined],
      ["remove", "ok", "7"],
      ["remove", "invalid_request", undefined],
    ]);
    expect(await counted('facade_requests_total{operation="lookup",outcome="unknown_user"}')).toBe(1);
    expect(await counted('facade_requests_total{operation="create",outcome="refused"}')).toBe(1);
    expect(await counted('facade_requests_total{operation="remove",outcome="refused"}')).toBe(1);
    expect(await counted('facade_requests_total{operation="verifyEmail",outcome="success"}')).toBe(1);
    expect(await counted('facade_requests_total{operation="verifyEmail",outcome="unknown_user"}')).toBe(1);
  });

  it("refuses tokens that are not the facade's with 401 or 403, with the reason in WWW-Authenticate and the audit", async () => {
    const { call, audit, counted } = await serve();
    answer = async () => ({ kind: "authenticated", profile: ADA });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ gty: undefined }, 401, "invalid_token"],
      [{ aud: "https://other.example/" }, 401, "invalid_token"],
      [{ azp: "SomeOtherClient00000000000000000" }, 403, "client_not_approved"],
      [{ scope: "users:read" }, 403, "insufficient_scope"],
      [{ scope: undefined }, 401, "invalid_token"],
      [{ scope: ["users:authenticate"] }, 403, "insufficient_scope"],
      [{ azp: 12345 }, 403, "client_not_approved"],
    ];
    for (const [overrides, status, code] of cases) {
      const answered = await call("/users/authenticate", login, await tokens.mint(claims(overrides)));
      expect([overrides, answered]).toEqual([overrides, { status, body: { error: code } }]);
    }
    await expect.poll(() => audit.length).toBe(cases.length);
    expect(audit.map((entry) => [entry.status, entry.outcome, entry.client])).toEqual(cases.map(([, status, code]) => [status, code, "-"]));
    expect(await counted('facade_requests_total{operation="authenticate",outcome="refused"}')).toBe(cases.length);
  });

  it("says which token fault it was in WWW-Authenticate", async () => {
    const { base } = await serve();
    const header = await new Promise<string | undefined>((resolve, reject) => {
      const outgoing = request(`${base}/users/authenticate`, { method: "POST", ca, agent: false, headers: { authorization: "Bearer x.y.z" } }, (response) => {
        response.resume();
        resolve(response.headers["www-authenticate"]);
      });
      outgoing.on("error", reject);
      outgoing.end("{}");
    });
    expect(header).toBe('Bearer error="invalid_token"');
    const forbidden = await new Promise<string | undefined>((resolve, reject) => {
      const outgoing = request(
        `${base}/users/authenticate`,
        { method: "POST", ca, agent: false, headers: { authorization: `Bearer ${"x".repeat(8)}`, "content-type": "application/json" } },
        (response) => {
          response.resume();
          resolve(response.headers["www-authenticate"]);
        },
      );
      outgoing.on("error", reject);
      outgoing.end("{}");
    });
    expect(forbidden).toBe('Bearer error="invalid_token"');
  });

  it("sends WWW-Authenticate with a 401 only", async () => {
    const { base } = await serve();
    const bearer = await tokens.mint(claims({ scope: "users:read" }));
    const header = await new Promise<string | undefined>((resolve, reject) => {
      const outgoing = request(
        `${base}/users/authenticate`,
        { method: "POST", ca, agent: false, headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" } },
        (response) => {
          response.resume();
          resolve(`${response.statusCode} ${response.headers["www-authenticate"]}`);
        },
      );
      outgoing.on("error", reject);
      outgoing.end(JSON.stringify(login));
    });
    expect(header).toBe("403 undefined");
  });

  it("refuses a token it verified before as soon as the tenant's keys no longer hold its key", async () => {
    const { call } = await serve();
    answer = async () => ({ kind: "authenticated", profile: ADA });
    const bearer = await tokens.mint(claims({ exp: Math.floor(Date.now() / 1000) + 3600 }));
    for (let i = 0; i < 2; i++) expect((await call("/users/authenticate", login, bearer)).status).toBe(200);
    await tokens.rotateSigningKey();
    expect(await call("/users/authenticate", login, bearer)).toEqual({ status: 401, body: { error: "invalid_token" } });
    expect((await call("/users/authenticate", login)).status).toBe(200);
  });

  it("asks the tenant's keys about a verified token again after 5 minutes", async () => {
    let failing = false;
    const { call } = await serve({
      keys: async (header, token) => {
        if (failing) throw new Error("connect ECONNREFUSED");
        return tokens.keys(header, token);
      },
    });
    answer = async () => ({ kind: "authenticated", profile: ADA });
    const bearer = await tokens.mint(claims({ exp: Math.floor(Date.now() / 1000) + 3600 }));
    expect((await call("/users/authenticate", login, bearer)).status).toBe(200);
    failing = true;
    // Within the bound a cached token still needs its key: with the keys unavailable, nothing verifies.
    expect((await call("/users/authenticate", login, bearer)).status).toBe(503);
    failing = false;
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 5 * 60_000 + 1_000 });
    try {
      expect((await call("/users/authenticate", login, bearer)).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it("always serves authenticate and lookup, whatever the operations say", async () => {
    answer = async () => ({ kind: "authenticated", profile: ADA });
    const { call } = await serve({ operations: { authenticate: false, lookup: false } as never });
    expect((await call("/users/authenticate", login)).status).toBe(200);
    expect((await call("/users/lookup", { email: ADA.email })).status).toBe(200);
  });

  it("matches exact addresses, IPv6 ranges and IPv4 callers of a dual-stack listener against the allowlist", async () => {
    answer = async () => ({ kind: "authenticated", profile: ADA });
    const exact = await serve({ allowlist: { sourceRanges: ["127.0.0.1"], trustedProxies: [] } });
    expect((await exact.call("/users/authenticate", login)).status).toBe(200);
    const dual = createFacadeServer({
      tls,
      store,
      issuer: tokens.issuer,
      audience: AUDIENCE,
      keys: tokens.keys,
      approvedClientIds: [CLIENT_ID],
      allowlist: { sourceRanges: ["127.0.0.0/8", "::1/128"], trustedProxies: [] },
    });
    running.push(dual);
    const port = new URL(await dual.listen(0, "::")).port;
    const bearer = await tokens.mint(claims());
    const headers = { "content-type": "application/json", authorization: `Bearer ${bearer}` };
    for (const host of ["127.0.0.1", "[::1]"]) {
      expect([host, (await send(`https://${host}:${port}/users/authenticate`, { body: JSON.stringify(login), ca, headers })).status]).toEqual([host, 200]);
    }
    const elsewhere = await serve({ allowlist: { sourceRanges: ["2001:db8::/32"], trustedProxies: [] } });
    expect((await elsewhere.call("/users/authenticate", login)).status).toBe(403);
  });

  it("re-checks a verified token's expiry at every call", async () => {
    const { call } = await serve();
    answer = async () => ({ kind: "authenticated", profile: ADA });
    const shortLived = await tokens.mint(claims({ exp: Math.floor(Date.now() / 1000) + 2 }));
    expect((await call("/users/authenticate", login, shortLived)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await call("/users/authenticate", login, shortLived)).toEqual({ status: 401, body: { error: "invalid_token" } });
  });

  it("reports our own failures as outages with their reason in the audit and the service log, and logs nothing else", async () => {
    const lines: string[] = [];
    const { call, audit, counted } = await serve({ log: serviceLog("info", { write: (line: string) => void lines.push(line) }) });
    answer = async () => {
      throw new DatabaseUnavailableError("a query", "ECONNREFUSED");
    };
    expect(await call("/users/authenticate", login, undefined, { "request-id": "chosen-by-the-caller" })).toEqual({
      status: 503,
      body: { error: "server_error" },
    });
    answer = async () => {
      throw new Error("the legacy store holds more than one user for this email");
    };
    expect(await call("/users/authenticate", login)).toEqual({ status: 500, body: { error: "server_error" } });
    const keysDown = await serve({
      keys: async () => {
        throw new Error("connect ECONNREFUSED");
      },
    });
    expect(await keysDown.call("/users/authenticate", login)).toEqual({ status: 503, body: { error: "server_error" } });
    await expect.poll(() => audit.length + keysDown.audit.length).toBe(3);
    expect([...audit, ...keysDown.audit].map((entry) => [entry.status, entry.outcome, entry.client])).toEqual([
      [503, "error: DatabaseUnavailableError: the legacy database is unavailable: a query (ECONNREFUSED)", CLIENT_ID],
      [500, "error: Error: the legacy store holds more than one user for this email", CLIENT_ID],
      [503, "error: KeysUnavailableError: the tenant's signing keys could not be used: connect ECONNREFUSED", "-"],
    ]);
    expect(await counted('facade_requests_total{operation="authenticate",outcome="outage"}')).toBe(2);
    const all = lines.map((line) => JSON.parse(line));
    // fastify says where it listens; every other line is an error of ours: no line per request.
    const logged = all.filter((entry) => !String(entry.msg).startsWith("Server listening at "));
    expect(logged.map((entry) => [entry.level, entry.msg, entry.operation, entry.client, entry.err?.type])).toEqual([
      ["error", "outage", "authenticate", CLIENT_ID, "DatabaseUnavailableError"],
      ["error", "internal error", "authenticate", CLIENT_ID, "Error"],
    ]);
    expect(logged.map((entry) => entry.reqId)).not.toContain("chosen-by-the-caller");
  });

  it("refuses every operation with 503 and turns unready while its audit trail cannot be written, and serves probes to anyone", async () => {
    let outage: string | undefined = "the audit log cannot be written (ENOSPC)";
    let databaseAnswers = true;
    const { call, base, audit } = await serve({
      outage: () => outage,
      ready: async () => databaseAnswers,
      allowlist: { sourceRanges: ["203.0.113.0/24"], trustedProxies: [] },
    });
    const probe = (path: string) => send(`${base}${path}`, { method: "GET", ca });
    expect(await call("/users/authenticate", login, undefined, { "x-forwarded-for": "203.0.113.9" })).toEqual({
      status: 403,
      body: { error: "source_not_allowed" },
    });
    expect(await probe("/healthz")).toEqual({ status: 200, body: { status: "ok" } });
    expect(await probe("/readyz")).toEqual({ status: 503, body: { status: "unavailable" } });
    outage = undefined;
    expect(await probe("/readyz")).toEqual({ status: 200, body: { status: "ok" } });
    databaseAnswers = false;
    expect(await probe("/readyz")).toEqual({ status: 503, body: { status: "unavailable" } });
    await expect.poll(() => audit.length).toBe(1);
    expect(audit.map((entry) => [entry.status, entry.outcome])).toEqual([[403, "source not in the allowlist"]]);
  });

  it("refuses operations with 503 while the audit trail is down, before looking at the token", async () => {
    const { call, audit } = await serve({ outage: () => "the audit log cannot be written (ENOSPC)" });
    expect(await call("/users/authenticate", login, "not-a-token")).toEqual({ status: 503, body: { error: "server_error" } });
    await expect.poll(() => audit.length).toBe(1);
    expect(audit.map((entry) => entry.outcome)).toEqual(["refused: the audit log cannot be written (ENOSPC)"]);
  });

  it("believes X-Forwarded-For only from a trusted proxy", async () => {
    answer = async () => ({ kind: "authenticated", profile: ADA });
    const { call, audit } = await serve({ allowlist: { sourceRanges: ["203.0.113.0/24"], trustedProxies: ["127.0.0.1/32", "::1/128"] } });
    expect((await call("/users/authenticate", login, undefined, { "x-forwarded-for": "198.51.100.7, 203.0.113.10" })).status).toBe(200);
    expect((await call("/users/authenticate", login, undefined, { "x-forwarded-for": "203.0.113.10, 198.51.100.7" })).status).toBe(403);
    await expect.poll(() => audit.length).toBe(2);
    expect(audit.map((entry) => entry.source)).toEqual(["203.0.113.10", "198.51.100.7"]);
  });

  it("serves only the operations it is told to, spends a client's budget only after its token, and counts the refusal", async () => {
    let left = 1;
    const spent: string[] = [];
    const { call, audit, counted } = await serve({
      operations: { create: false, remove: true },
      clientBudgets: {
        spend: async (client) => {
          spent.push(client);
          return left-- > 0;
        },
      },
    });
    expect(await call("/users", { email: "new@legacy.example", password: "pw" })).toEqual({ status: 404, body: { error: "not_found" } });
    expect(await call("/users/lookup", { email: ADA.email }, "not-a-token")).toEqual({ status: 401, body: { error: "invalid_token" } });
    expect((await call("/users/lookup", { email: ADA.email })).status).toBe(200);
    expect(await call("/users/lookup", { email: ADA.email })).toEqual({ status: 429, body: { error: "rate_limited" } });
    expect(spent).toEqual([CLIENT_ID, CLIENT_ID]);
    await expect.poll(() => audit.length).toBe(4);
    expect(audit.map((entry) => entry.outcome)).toEqual(["operation not enabled", "invalid_token", "ok", "rate_limited"]);
    expect(await counted('facade_requests_total{operation="create",outcome="refused"}')).toBe(1);
    expect(await counted('facade_limit_refusals_total{limit="client_budget"}')).toBe(1);
    expect((await call("/users/everyone", {})).status).toBe(404);
    await expect.poll(() => counted('facade_requests_total{operation="other",outcome="refused"}')).toBe(1);
  });

  it("restarts on the same port with its counts kept, and turns unready while it stops", async () => {
    let release: () => void = () => undefined;
    answer = () => new Promise((resolve) => (release = () => resolve({ kind: "authenticated", profile: ADA })));
    const { server, base, call } = await serve();
    const inFlight = call("/users/authenticate", login);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopping = server.close(5_000);
    release();
    expect((await inFlight).status).toBe(200);
    await stopping;
    const again = await server.listen(Number(new URL(base).port));
    expect(again).toBe(base);
    expect(server.server.listening).toBe(true);
    expect(await send(`${base}/readyz`, { method: "GET", ca })).toEqual({ status: 200, body: { status: "ok" } });
    answer = async () => ({ kind: "authenticated", profile: ADA });
    expect((await call("/users/authenticate", login)).status).toBe(200);
    expect(server.stats.byOperation.authenticate).toBe(2);
    expect(server.stats.requests).toBe(3);
    expect([server.stats.connections, server.stats.resumedSessions]).toEqual([3, 0]);
  });

  it("is ready by default, and unready when its readiness check fails", async () => {
    const plain = await serve();
    expect(await send(`${plain.base}/readyz`, { method: "GET", ca })).toEqual({ status: 200, body: { status: "ok" } });
    const failing = await serve({
      ready: async () => {
        throw new Error("the database did not answer");
      },
    });
    expect(await send(`${failing.base}/readyz`, { method: "GET", ca })).toEqual({ status: 503, body: { status: "unavailable" } });
  });

  it("counts the TLS connections it takes and the sessions resumed among them", async () => {
    answer = async () => ({ kind: "authenticated", profile: ADA });
    const { server, base } = await serve();
    const agent = new Agent({ ca, keepAlive: false, maxCachedSessions: 10 });
    try {
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((resolve, reject) => {
          const outgoing = request(`${base}/healthz`, { agent }, (response) => {
            response.resume();
            response.on("end", () => resolve());
          });
          outgoing.on("error", reject);
          outgoing.end();
        });
      }
    } finally {
      agent.destroy();
    }
    expect(server.stats.connections).toBe(3);
    expect(server.stats.resumedSessions).toBeGreaterThanOrEqual(1);
  });
});
