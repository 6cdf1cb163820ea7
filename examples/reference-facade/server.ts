import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { FACADE_ERRORS, FACADE_OPERATIONS, type FacadeOperationName, type InvalidCredentials } from "../../contract/facade-contract";
import type { UserStore } from "./user-store";

export interface FacadeServerOptions {
  readonly tls: { readonly key: string; readonly cert: string };
  readonly store: UserStore;
  /** Who may call: tokens must come from this issuer, for this audience. */
  readonly issuer: string;
  readonly audience: string;
  /** The tenant's signing keys, e.g. `createRemoteJWKSet(new URL("https://<tenant>/.well-known/jwks.json"))`. */
  readonly keys: JWTVerifyGetKey;
  /** Client IDs whose tokens are accepted (the `azp` claim): the stack's M2M client and the approved extras. */
  readonly approvedClientIds: readonly string[];
  /** One line per request: method, path, status, client. Never a body. */
  readonly log?: (line: string) => void;
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
  /** Starts listening on loopback; resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024;
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

/**
 * The reference facade: the least-privilege API in front of the legacy user store that
 * the custom database scripts call. Every request needs a client-credentials access
 * token from the tenant (signature, issuer, audience, expiry), from an approved client
 * (`azp`), holding the operation's scope. Start from it for your own facade.
 */
export function createFacadeServer(options: FacadeServerOptions): FacadeServer {
  const stats: FacadeStats = { connections: 0, resumedSessions: 0, requests: 0, byOperation: {} };
  const approved = new Set(options.approvedClientIds);
  const log = options.log ?? (() => undefined);

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
      if (error instanceof errors.JOSEError) throw new HttpError(401, FACADE_ERRORS.invalidToken);
      throw error;
    }
    // Only machine tokens: a user token for this audience must never work, whatever the tenant's policy.
    if (payload.gty !== "client-credentials") throw new HttpError(401, FACADE_ERRORS.invalidToken);
    if (typeof payload.azp !== "string" || !approved.has(payload.azp)) throw new HttpError(403, FACADE_ERRORS.clientNotApproved);
    const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
    if (!scopes.includes(scope)) throw new HttpError(403, FACADE_ERRORS.insufficientScope);
    return payload;
  }

  async function perform(name: FacadeOperationName, body: Record<string, unknown>): Promise<[number, unknown?]> {
    const { store } = options;
    switch (name) {
      case "authenticate": {
        const outcome = await store.authenticate(text(body, "email"), text(body, "password", 1024));
        if (typeof outcome === "object") return [200, outcome];
        const refusal: InvalidCredentials = { error: FACADE_ERRORS.invalidCredentials, user_exists: outcome === "wrong-password" };
        return [422, refusal];
      }
      case "lookup": {
        const profile = store.find(text(body, "email"));
        return profile ? [200, profile] : [404, { error: FACADE_ERRORS.userNotFound }];
      }
      case "create": {
        const metadata = body.user_metadata;
        const created = await store.add({
          email: text(body, "email"),
          password: text(body, "password", 1024),
          ...(typeof body.username === "string" ? { username: body.username } : {}),
          ...(typeof metadata === "object" && metadata !== null ? { user_metadata: metadata as Record<string, unknown> } : {}),
        });
        return created === "exists" ? [409, { error: FACADE_ERRORS.userExists }] : [201, created];
      }
      case "verifyEmail":
        return store.markEmailVerified(text(body, "email")) ? [204] : [404, { error: FACADE_ERRORS.userNotFound }];
      case "changePassword":
        return (await store.changePassword(text(body, "email"), text(body, "new_password", 1024))) ? [204] : [404, { error: FACADE_ERRORS.userNotFound }];
      case "remove":
        store.remove(text(body, "user_id"));
        return [204];
    }
  }

  /** Answers one request; resolves with the status and the calling client, for the log. */
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<[number, string]> {
    const name = OPERATIONS_BY_PATH.get((request.url ?? "").split("?")[0]);
    if (name === undefined) return [send(response, 404, { error: "not_found" }), "-"];
    if (request.method !== FACADE_OPERATIONS[name].method) return [send(response, 405, { error: "method_not_allowed" }), "-"];
    stats.byOperation[name] = (stats.byOperation[name] ?? 0) + 1;
    let client = "-";
    try {
      client = String((await authorize(request, FACADE_OPERATIONS[name].scope)).azp);
      const [status, body] = await perform(name, await readJson(request));
      return [send(response, status, body), client];
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (error.status === 401) response.setHeader("www-authenticate", `Bearer error="${error.code}"`);
      return [send(response, error.status, { error: error.code }), client];
    }
  }

  const server = createServer({ key: options.tls.key, cert: options.tls.cert }, (request, response) => {
    stats.requests++;
    handle(request, response).then(
      ([status, client]) => log(`${request.method} ${request.url} ${status} ${client}`),
      () => {
        log(`${request.method} ${request.url} 500`);
        if (!response.headersSent) send(response, 500, { error: "server_error" });
      },
    );
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
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
