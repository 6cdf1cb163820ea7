import type { IncomingMessage, ServerResponse } from "node:http";
import { type Server, createServer } from "node:https";
import { BlockList, isIP } from "node:net";
import type { TLSSocket } from "node:tls";
import { type JWTPayload, type JWTVerifyGetKey, errors, jwtVerify } from "jose";
import { FACADE_ERRORS, FACADE_OPERATIONS, type FacadeOperationName, type FacadeUserProfile, type InvalidCredentials } from "../contract/facade-contract";

/**
 * The facade's HTTP layer: exactly the contract (contract/facade-contract.ts), over HTTPS.
 * Every operation needs a client-credentials access token of the tenant (RS256 signature,
 * issuer, audience, expiry), from an approved client (`azp`), holding the operation's
 * scope. In front of that: the source allowlist; after the token: the client's request
 * budget; behind it: the store, which counts failed attempts per user.
 * Every decision on bad or missing input is a refusal, and every failure of ours (the
 * database, an unreadable hash) is a 5xx, which the scripts report as an outage, never as
 * a wrong password or an unknown user.
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
}

export interface FacadeStats {
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

const MAX_BODY_BYTES = 16 * 1024;

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
const OPERATIONS_BY_PATH = new Map<string, FacadeOperationName>(
  Object.entries(FACADE_OPERATIONS).map(([name, operation]) => [operation.path, name as FacadeOperationName]),
);

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

function send(response: ServerResponse, status: number, body?: unknown): number {
  if (body === undefined) {
    response.writeHead(status).end();
  } else {
    const text = JSON.stringify(body);
    response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
  }
  return status;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, FACADE_ERRORS.invalidRequest);
    chunks.push(chunk as Buffer);
  }
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
    if (typeof body === "object" && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through: not JSON
  }
  throw new HttpError(400, FACADE_ERRORS.invalidRequest);
}

function text(body: Record<string, unknown>, field: string, maxLength = 512): string {
  const value = body[field];
  if (typeof value !== "string" || value === "" || value.length > maxLength) throw new HttpError(400, FACADE_ERRORS.invalidRequest);
  return value;
}

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

function matches(list: BlockList, address: string): boolean {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return list.check(plain, isIP(plain) === 6 ? "ipv6" : "ipv4");
}

export function createFacadeServer(options: FacadeServerOptions): FacadeServer {
  const stats: FacadeStats = { connections: 0, resumedSessions: 0, requests: 0, byOperation: {} };
  const approved = new Set(options.approvedClientIds);
  const allowed = options.allowlist && blockList(options.allowlist.sourceRanges);
  const proxies = options.allowlist && blockList(options.allowlist.trustedProxies);
  const audit = options.audit ?? (() => undefined);
  const served = (name: FacadeOperationName) => name === "authenticate" || name === "lookup" || options.operations?.[name] !== false;

  /** The caller's address: the peer, or, behind trusted proxies, the last address before them. */
  function sourceOf(request: IncomingMessage): string {
    let source = request.socket.remoteAddress ?? "";
    const forwarded = String(request.headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    while (proxies && matches(proxies, source) && forwarded.length > 0) source = forwarded.pop()!;
    return source;
  }

  async function authorize(request: IncomingMessage, scope: string): Promise<JWTPayload> {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(request.headers.authorization ?? "");
    if (!match) throw new HttpError(401, FACADE_ERRORS.invalidToken);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ["RS256"],
        requiredClaims: ["exp", "azp", "scope"],
      }));
    } catch (error) {
      if (TOKEN_FAULTS.some((fault) => error instanceof fault)) throw new HttpError(401, FACADE_ERRORS.invalidToken);
      // Anything else is ours (the tenant's keys endpoint down, slow, or answering no key set): an outage, never the caller's token.
      throw Object.assign(new Error(`the tenant's signing keys could not be used: ${(error as Error).message}`), { name: "KeysUnavailableError" });
    }
    // Only machine tokens: a user token for this audience must never work, whatever the tenant's policy.
    if (payload.gty !== "client-credentials") throw new HttpError(401, FACADE_ERRORS.invalidToken);
    if (typeof payload.azp !== "string" || !approved.has(payload.azp)) throw new HttpError(403, FACADE_ERRORS.clientNotApproved);
    const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
    if (!scopes.includes(scope)) throw new HttpError(403, FACADE_ERRORS.insufficientScope);
    return payload;
  }

  async function perform(name: FacadeOperationName, body: Record<string, unknown>): Promise<[number, unknown?, string?]> {
    const { store } = options;
    switch (name) {
      case "authenticate": {
        const email = text(body, "email");
        const password = text(body, "password", 1024);
        const outcome = await store.authenticate(email, password);
        if (outcome.kind === "authenticated") return [200, outcome.profile, outcome.profile.user_id];
        if (outcome.kind === "limited") return [429, { error: "rate_limited" }];
        const refusal: InvalidCredentials = { error: FACADE_ERRORS.invalidCredentials, user_exists: outcome.kind === "wrong-password" };
        return [422, refusal];
      }
      case "lookup": {
        const profile = await store.lookup(text(body, "email"));
        return profile ? [200, profile, profile.user_id] : [404, { error: FACADE_ERRORS.userNotFound }];
      }
      case "create": {
        const metadata = body.user_metadata;
        const created = await store.create({
          email: text(body, "email"),
          password: text(body, "password", 1024),
          ...(typeof body.username === "string" ? { username: body.username } : {}),
          ...(typeof metadata === "object" && metadata !== null ? { user_metadata: metadata as Record<string, unknown> } : {}),
        });
        return created === "exists" ? [409, { error: FACADE_ERRORS.userExists }] : [201, created, created.user_id];
      }
      case "verifyEmail":
        return (await store.verifyEmail(text(body, "email"))) ? [204] : [404, { error: FACADE_ERRORS.userNotFound }];
      case "changePassword": {
        const email = text(body, "email");
        const password = text(body, "new_password", 1024);
        return (await store.changePassword(email, password)) ? [204] : [404, { error: FACADE_ERRORS.userNotFound }];
      }
      case "remove": {
        const userId = text(body, "user_id", 255);
        return (await store.remove(userId)) === "removed" ? [204, undefined, userId] : [400, { error: FACADE_ERRORS.invalidRequest }];
      }
    }
  }

  /** Answers one request; resolves with what the audit records. */
  async function handle(request: IncomingMessage, response: ServerResponse, source: string): Promise<Omit<AuditEntry, "time" | "source">> {
    const path = (request.url ?? "").split("?")[0];
    const name = OPERATIONS_BY_PATH.get(path);
    const entry = (operation: string, status: number, outcome: string, client = "-", userId?: string) => ({
      operation,
      status,
      outcome,
      client,
      ...(userId === undefined ? {} : { user_id: userId }),
    });
    if (allowed && !matches(allowed, source)) return entry(path, send(response, 403, { error: "source_not_allowed" }), "source not in the allowlist");
    if (name === undefined || !served(name))
      return entry(path, send(response, 404, { error: "not_found" }), name === undefined ? "unknown path" : "operation not enabled");
    if (request.method !== FACADE_OPERATIONS[name].method) return entry(name, send(response, 405, { error: "method_not_allowed" }), "wrong method");
    stats.byOperation[name] = (stats.byOperation[name] ?? 0) + 1;
    const outage = options.outage?.();
    if (outage !== undefined) return entry(name, send(response, 503, { error: "server_error" }), `refused: ${outage}`);
    let client = "-";
    try {
      client = String((await authorize(request, FACADE_OPERATIONS[name].scope)).azp);
      // Counted only once the token is verified: nothing an unauthenticated caller sends moves a counter.
      if (options.clientBudgets && !(await options.clientBudgets.spend(client))) throw new HttpError(429, "rate_limited");
      const [status, body, userId] = await perform(name, await readJson(request));
      const outcome = status < 300 ? "ok" : ((body as { error?: string }).error ?? String(status));
      return entry(name, send(response, status, body), outcome, client, userId);
    } catch (error) {
      if (!(error instanceof HttpError)) throw Object.assign(error as Error, { client, operation: name });
      if (error.status === 401) response.setHeader("www-authenticate", `Bearer error="${error.code}"`);
      return entry(name, send(response, error.status, { error: error.code }), error.code, client);
    }
  }

  const inFlight = new Set<Promise<unknown>>();
  const server = createServer({ key: options.tls.key, cert: options.tls.cert }, (request, response) => {
    stats.requests++;
    const path = (request.url ?? "").split("?")[0];
    if (request.method === "GET" && (path === "/healthz" || path === "/readyz")) {
      const ready = async () => options.outage?.() === undefined && (await (options.ready ?? (() => Promise.resolve(true)))());
      const check = path === "/healthz" ? Promise.resolve(true) : ready().catch(() => false);
      void check.then((ok) => send(response, ok ? 200 : 503, { status: ok ? "ok" : "unavailable" }));
      return;
    }
    const source = sourceOf(request);
    const done = handle(request, response, source).then(
      (entry) => audit({ time: new Date().toISOString(), source, ...entry }),
      (error: Error & { client?: string; operation?: string }) => {
        const status = error.name === "DatabaseUnavailableError" || error.name === "KeysUnavailableError" ? 503 : 500;
        if (!response.headersSent) send(response, status, { error: "server_error" });
        audit({
          time: new Date().toISOString(),
          source,
          client: error.client ?? "-",
          operation: error.operation ?? path,
          status,
          outcome: `error: ${error.name}: ${error.message}`,
        });
      },
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });
  server.on("secureConnection", (socket: TLSSocket) => {
    stats.connections++;
    if (socket.isSessionReused()) stats.resumedSessions++;
  });

  return {
    server,
    stats,
    listen: (port = 0, host = "127.0.0.1") =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address() as { port: number };
          resolve(`https://${host.includes(":") ? `[${host}]` : host}:${address.port}`);
        });
      }),
    close: async (graceMs = 0) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (graceMs > 0) await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      server.closeAllConnections();
      await closed;
    },
  };
}
