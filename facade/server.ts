import type { Server } from "node:https";
import { BlockList, isIP } from "node:net";
import type { TLSSocket } from "node:tls";
import fastify, { type FastifyError, type FastifyReply, type FastifyRequest, LogController } from "fastify";
import { type JWTHeaderParameters, type JWTPayload, type JWTVerifyGetKey, errors, jwtVerify } from "jose";
import type { Logger } from "pino";
import { FACADE_ERRORS, FACADE_OPERATIONS, type FacadeOperationName, type FacadeUserProfile, type InvalidCredentials } from "../contract/facade-contract";
import { FACADE_REQUESTS, type FacadeRequests, MAX_REQUEST_BYTES } from "../contract/facade-requests";
import { DatabaseUnavailableError } from "./database/database";
import type { FacadeMetrics, RequestOutcome } from "./metrics";

/**
 * The facade's HTTP layer, on fastify: exactly the contract (contract/), over HTTPS. Its
 * routes and request schemas are generated from FACADE_OPERATIONS and FACADE_REQUESTS.
 * Every operation needs a client-credentials access token of the tenant (RS256 signature,
 * issuer, audience, expiry), from an approved client (`azp`), holding the operation's
 * scope. In front of that: the source allowlist; after the token: the client's request
 * budget; behind it: the store, which counts failed attempts per user. The token is checked
 * before the body is read.
 * Every decision on bad or missing input is a refusal, and every failure of ours (the
 * database, the tenant's keys, an unreadable hash) is a 5xx, which the scripts report as an
 * outage, never as a wrong password or an unknown user.
 */

/** What a store answers; `SqlUserStore` (legacy databases) and the example's in-memory store implement it. */
export interface FacadeStore {
  authenticate(
    email: string,
    password: string,
  ): Promise<{ kind: "authenticated"; profile: FacadeUserProfile } | { kind: "wrong-password" } | { kind: "unknown-user" } | { kind: "limited" }>;
  lookup(email: string): Promise<FacadeUserProfile | undefined>;
  create(user: { email: string; password: string; username?: string; user_metadata?: Record<string, unknown> }): Promise<FacadeUserProfile | "exists">;
  verifyEmail(email: string): Promise<boolean>;
  changePassword(email: string, newPassword: string): Promise<boolean>;
  remove(userId: string): Promise<"removed" | "invalid-id">;
}

/** One audit record per operation: who, what, and the outcome. Never a password, a token or a body. */
export interface AuditEntry {
  readonly time: string;
  readonly source: string;
  readonly client: string;
  readonly operation: string;
  readonly status: number;
  readonly outcome: string;
  readonly user_id?: string;
}

export interface FacadeServerOptions {
  readonly tls: { readonly key: string; readonly cert: string };
  readonly store: FacadeStore;
  /** Tokens must come from this issuer (`https://<tenant>/`), for this audience. */
  readonly issuer: string;
  readonly audience: string;
  /** The tenant's signing keys, e.g. `createRemoteJWKSet(new URL("https://<tenant>/.well-known/jwks.json"))`. */
  readonly keys: JWTVerifyGetKey;
  /** Client IDs whose tokens are accepted (the `azp` claim). */
  readonly approvedClientIds: readonly string[];
  /** The operations besides authenticate and lookup that are served. @default all */
  readonly operations?: Partial<Record<Exclude<FacadeOperationName, "authenticate" | "lookup">, boolean>>;
  /** Only these sources are served; `trustedProxies` are believed about X-Forwarded-For. @default every source */
  readonly allowlist?: { readonly sourceRanges: readonly string[]; readonly trustedProxies: readonly string[] };
  /** Each approved client's request budget, spent after its token is verified; `false` when spent. @default none */
  readonly clientBudgets?: { spend(clientId: string): Promise<boolean> };
  readonly audit?: (entry: AuditEntry) => void;
  /** Why no operation may be served now (its audit trail cannot be written): each is refused with 503. @default never */
  readonly outage?: () => string | undefined;
  /** Whether the facade can serve (its database answers): `/readyz`. @default always */
  readonly ready?: () => Promise<boolean>;
  /** The service log (pino): start, stop, and the reason of every 5xx. @default none */
  readonly log?: Logger;
  readonly metrics?: FacadeMetrics;
}

interface FacadeStats {
  /** TLS connections that completed a handshake. */
  connections: number;
  /** Of those, the ones that resumed an earlier TLS session. */
  resumedSessions: number;
  /** HTTP requests received, of any kind. */
  requests: number;
  readonly byOperation: Record<string, number>;
}

export interface FacadeServer {
  readonly server: Server;
  readonly stats: FacadeStats;
  /** Starts listening; resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops taking connections, lets requests in flight finish (at most `graceMs`), then closes every connection. */
  close(graceMs?: number): Promise<void>;
}

/** What jose finds wrong with a token itself: the only verification failures that are the caller's (401). */
const TOKEN_FAULTS = [
  errors.JWSInvalid,
  errors.JWTInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JWTExpired,
  errors.JWTClaimValidationFailed,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
];

/** The tenant's keys could not be had (its endpoint down, slow, or answering no key set): an outage, never the caller's token. */
class KeysUnavailableError extends Error {
  constructor(reason: string) {
    super(`the tenant's signing keys could not be used: ${reason}`);
    this.name = "KeysUnavailableError";
  }
}

/** A request the facade refuses, with its status, its `error` code and what the audit says. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly outcome: string = code,
  ) {
    super(code);
  }
}

/** What one request did, for its audit entry and its metrics. */
interface RequestRecord {
  /** The caller's address, read when the request arrives: the socket may be gone by the time it is audited. */
  readonly source: string;
  operation: string;
  name?: FacadeOperationName;
  client: string;
  outcome: string;
  result?: RequestOutcome;
  userId?: string;
  readonly started: number;
}

declare module "fastify" {
  interface FastifyRequest {
    facade: RequestRecord;
  }
  interface FastifyContextConfig {
    /** A health probe: outside the allowlist, the audit and the metrics. */
    probe?: boolean;
  }
}

const OTHER_METHODS = ["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/**
 * Tokens whose signature and claims were verified, so that the scripts' cached token (one
 * per container, reused for every call until it nears expiry) costs one RSA verification,
 * not one per login. An entry holds exactly the verified string, until the token expires
 * or for at most this long, whichever comes first, and only while the tenant's keys still
 * give the very key that verified it: a key the tenant removes is refused at once.
 */
const VERIFIED_TOKEN_MS = 5 * 60_000;
const VERIFIED_TOKENS_KEPT = 1_000;

function blockList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address, bits] = range.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/** Whether `address` is in `list`; an IPv4 caller of a dual-stack listener (::ffff:a.b.c.d) is checked against the IPv4 ranges. */
function matches(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

export function createFacadeServer(options: FacadeServerOptions): FacadeServer {
  const stats: FacadeStats = { connections: 0, resumedSessions: 0, requests: 0, byOperation: {} };
  const approved = new Set(options.approvedClientIds);
  const allowed = options.allowlist && blockList(options.allowlist.sourceRanges);
  const proxies = options.allowlist?.trustedProxies ?? [];
  const audit = options.audit ?? (() => undefined);
  const served = (name: FacadeOperationName) => name === "authenticate" || name === "lookup" || options.operations?.[name] !== false;
  let closing = false;

  const verifiedTokens = new Map<
    string,
    { readonly payload: JWTPayload; readonly header: JWTHeaderParameters; readonly key: unknown; readonly until: number }
  >();

  /** Whether the tenant's keys still give `key` for this token: a lookup in the keys already fetched, no signature check. */
  async function sameKey(token: string, header: JWTHeaderParameters, key: unknown): Promise<boolean> {
    const [encodedHeader, payload, signature] = token.split(".");
    try {
      return (await options.keys(header, { protected: encodedHeader, payload, signature })) === key;
    } catch {
      // Whatever went wrong, the full verification below says what it was.
      return false;
    }
  }

  /** The token's verified claims: from the cache while its entry lasts, else verified by jose and kept. */
  async function verified(token: string): Promise<JWTPayload> {
    const now = Date.now();
    const kept = verifiedTokens.get(token);
    if (kept !== undefined && now < kept.until && (await sameKey(token, kept.header, kept.key))) return kept.payload;
    let payload: JWTPayload;
    let header: JWTHeaderParameters;
    let key: unknown;
    try {
      ({
        payload,
        protectedHeader: header,
        key,
      } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ["RS256"],
        requiredClaims: ["exp", "azp", "scope"],
      }));
    } catch (error) {
      if (TOKEN_FAULTS.some((fault) => error instanceof fault)) throw new Refusal(401, FACADE_ERRORS.invalidToken);
      throw new KeysUnavailableError((error as Error).message);
    }
    if (verifiedTokens.size >= VERIFIED_TOKENS_KEPT) verifiedTokens.delete(verifiedTokens.keys().next().value as string);
    verifiedTokens.set(token, { payload, header, key, until: Math.min(Number(payload.exp) * 1000, now + VERIFIED_TOKEN_MS) });
    return payload;
  }

  async function authorize(request: FastifyRequest, scope: string): Promise<JWTPayload> {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(request.headers.authorization ?? "");
    if (!match) throw new Refusal(401, FACADE_ERRORS.invalidToken);
    const payload = await verified(match[1]);
    // Only machine tokens: a user token for this audience must never work, whatever the tenant's policy.
    if (payload.gty !== "client-credentials") throw new Refusal(401, FACADE_ERRORS.invalidToken);
    if (typeof payload.azp !== "string" || !approved.has(payload.azp)) throw new Refusal(403, FACADE_ERRORS.clientNotApproved);
    const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
    if (!scopes.includes(scope)) throw new Refusal(403, FACADE_ERRORS.insufficientScope);
    return payload;
  }

  type Answer = { status: number; body?: unknown; userId?: string; result?: RequestOutcome };
  const notFound = { status: 404, body: { error: FACADE_ERRORS.userNotFound }, result: "unknown_user" } as const;

  const perform: { [N in FacadeOperationName]: (body: FacadeRequests[N]) => Promise<Answer> } = {
    async authenticate({ email, password }) {
      const outcome = await options.store.authenticate(email, password);
      if (outcome.kind === "authenticated") return { status: 200, body: outcome.profile, userId: outcome.profile.user_id };
      if (outcome.kind === "limited") {
        options.metrics?.limited("failed_logins");
        return { status: 429, body: { error: "rate_limited" }, result: "refused" };
      }
      const known = outcome.kind === "wrong-password";
      const refusal: InvalidCredentials = { error: FACADE_ERRORS.invalidCredentials, user_exists: known };
      return { status: 422, body: refusal, result: known ? "wrong_password" : "unknown_user" };
    },
    async lookup({ email }) {
      const profile = await options.store.lookup(email);
      return profile ? { status: 200, body: profile, userId: profile.user_id } : notFound;
    },
    async create({ email, password, username, user_metadata }) {
      const created = await options.store.create({ email, password, username, user_metadata });
      return created === "exists"
        ? { status: 409, body: { error: FACADE_ERRORS.userExists }, result: "refused" }
        : { status: 201, body: created, userId: created.user_id };
    },
    async verifyEmail({ email }) {
      return (await options.store.verifyEmail(email)) ? { status: 204 } : notFound;
    },
    async changePassword({ email, new_password }) {
      return (await options.store.changePassword(email, new_password)) ? { status: 204 } : notFound;
    },
    async remove({ user_id }) {
      return (await options.store.remove(user_id)) === "removed"
        ? { status: 204, userId: user_id }
        : { status: 400, body: { error: FACADE_ERRORS.invalidRequest }, result: "refused" };
    },
  };

  function build() {
    const app = fastify({
      https: { key: options.tls.key, cert: options.tls.cert },
      bodyLimit: MAX_REQUEST_BYTES,
      // The caller is the last address before the trusted proxies in X-Forwarded-For.
      trustProxy: [...proxies],
      ...(options.log ? { loggerInstance: options.log } : {}),
      // The audit trail records every request; the service log keeps what an operator acts on.
      logController: new LogController({ disableRequestLogging: true }),
      // Request IDs are ours: a caller's header does not name log lines.
      requestIdHeader: false,
      // Requests still arriving on open connections while draining are served, then their connection closed.
      return503OnClosing: false,
      keepAliveTimeout: 5_000,
      requestTimeout: 30_000,
      // A number is not an email: no coercion, every field exactly as the contract types it. (A
      // __proto__ or constructor.prototype key is refused by fastify's JSON parser by default.)
      ajv: { customOptions: { coerceTypes: false } },
    });

    // JSON only: a body declared as anything else is refused with 415, never read as text.
    app.removeContentTypeParser("text/plain");
    app.decorateRequest("facade", null as unknown as RequestRecord);

    app.addHook("onRequest", async (request) => {
      stats.requests++;
      request.facade = { source: request.ip, operation: request.url.split("?")[0], client: "-", outcome: "", started: performance.now() };
      if (request.routeOptions.config.probe) return;
      if (allowed && !matches(allowed, request.ip)) throw new Refusal(403, "source_not_allowed", "source not in the allowlist");
    });

    for (const [name, operation] of Object.entries(FACADE_OPERATIONS) as [FacadeOperationName, (typeof FACADE_OPERATIONS)[FacadeOperationName]][]) {
      app.route({
        method: operation.method,
        url: operation.path,
        schema: { body: FACADE_REQUESTS[name] },
        onRequest: async (request) => {
          const record = request.facade;
          record.operation = name;
          record.name = name;
          if (!served(name)) throw new Refusal(404, "not_found", "operation not enabled");
          stats.byOperation[name] = (stats.byOperation[name] ?? 0) + 1;
          const outage = options.outage?.();
          if (outage !== undefined) throw new Refusal(503, "server_error", `refused: ${outage}`);
          record.client = String((await authorize(request, operation.scope)).azp);
          // Counted only once the token is verified: nothing an unauthenticated caller sends moves a counter.
          if (options.clientBudgets && !(await options.clientBudgets.spend(record.client))) {
            options.metrics?.limited("client_budget");
            throw new Refusal(429, "rate_limited");
          }
        },
        handler: async (request, reply) => {
          const answer = await (perform[name] as (body: unknown) => Promise<Answer>)(request.body);
          const record = request.facade;
          record.userId = answer.userId;
          record.result = answer.result;
          record.outcome = answer.status < 300 ? "ok" : ((answer.body as { error?: string }).error ?? String(answer.status));
          return reply.code(answer.status).send(answer.body);
        },
      });
      app.route({
        method: [...OTHER_METHODS],
        url: operation.path,
        handler: async (request) => {
          request.facade.operation = name;
          throw new Refusal(405, "method_not_allowed", "wrong method");
        },
      });
    }

    app.setNotFoundHandler(async () => {
      throw new Refusal(404, "not_found", "unknown path");
    });

    app.setErrorHandler(async (error: FastifyError | Refusal | Error, request: FastifyRequest, reply: FastifyReply) => {
      const record = request.facade;
      if (error instanceof Refusal) {
        if (error.status === 401) reply.header("www-authenticate", `Bearer error="${error.code}"`);
        record.outcome = error.outcome;
        return reply.code(error.status).send({ error: error.code });
      }
      const status = (error as FastifyError).statusCode ?? 500;
      if (status >= 400 && status < 500) {
        // fastify refused the body: not JSON, not declared JSON, too large, not the operation's schema.
        record.outcome = FACADE_ERRORS.invalidRequest;
        return reply.code(status).send({ error: FACADE_ERRORS.invalidRequest });
      }
      const outage = error instanceof DatabaseUnavailableError || error instanceof KeysUnavailableError;
      record.outcome = `error: ${error.name}: ${error.message}`;
      request.log.error({ err: error, operation: record.operation, client: record.client }, outage ? "outage" : "internal error");
      return reply.code(outage ? 503 : 500).send({ error: "server_error" });
    });

    app.addHook("onResponse", async (request, reply) => {
      if (request.routeOptions.config.probe) return;
      const record = request.facade;
      const status = reply.statusCode;
      audit({
        time: new Date().toISOString(),
        source: record.source,
        client: record.client,
        operation: record.operation,
        status,
        outcome: record.outcome,
        user_id: record.userId,
      });
      options.metrics?.answered(
        record.name ?? "other",
        status >= 500 ? "outage" : (record.result ?? (status < 400 ? "success" : "refused")),
        (performance.now() - record.started) / 1000,
      );
    });

    // Liveness: the process answers. Readiness: it can serve (not stopping, its audit trail writable, its database answering).
    app.get("/healthz", { config: { probe: true } }, async () => ({ status: "ok" }));
    app.get("/readyz", { config: { probe: true } }, async (_, reply) => {
      const ready = async () => !closing && options.outage?.() === undefined && (await (options.ready ?? (() => Promise.resolve(true)))());
      const ok = await ready().catch(() => false);
      return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : "unavailable" });
    });

    app.server.on("secureConnection", (socket: TLSSocket) => {
      stats.connections++;
      if (socket.isSessionReused()) stats.resumedSessions++;
    });
    return app;
  }

  // A closed fastify instance cannot listen again: a restart (same port, same stats) builds a new one.
  let app = build();
  let closed: Promise<void> | undefined;
  return {
    get server() {
      return app.server as Server;
    },
    stats,
    listen: async (port = 0, host = "127.0.0.1") => {
      if (closed !== undefined) {
        await closed;
        closed = undefined;
        closing = false;
        app = build();
      }
      await app.listen({ port, host });
      const address = app.server.address() as { port: number };
      return `https://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
    },
    close: async (graceMs = 0) => {
      closing = true;
      closed ??= app.close();
      if (graceMs > 0) await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      app.server.closeAllConnections();
      await closed;
    },
  };
}
