import { createServer } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { ActionContainer } from "./auth0-sandbox";

export interface RegisteredClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly name?: string;
}

export interface ClientGrant {
  readonly clientId: string;
  readonly audience: string;
  readonly scopes: readonly string[];
}

export interface TokenEndpointOptions {
  /** A certificate the scripts trust as they trust Auth0's (issued by the test CA). */
  readonly tls: { readonly key: string; readonly cert: string };
  readonly clients: readonly RegisteredClient[];
  /** Client grants; APIs require one (`require_client_grant`). */
  readonly grants: readonly ClientGrant[];
  /** The synthesized credentials-exchange Action and its secrets, run on every exchange. */
  readonly exchangeAction?: { readonly container: ActionContainer; readonly secrets: Record<string, string> };
  /** @default 600 */
  readonly lifetimeSeconds?: number;
  /** The `iss` of every token, as a tenant's `https://<domain>/`. @default the endpoint's own base URL, with a slash */
  readonly issuer?: string;
}

export interface TokenEndpoint {
  /** `https://127.0.0.1:<port>/oauth/token`, what the stack puts in TOKEN_URL. */
  readonly tokenUrl: string;
  /** The `iss` of every token, with Auth0's trailing slash. */
  readonly issuer: string;
  /** Where the tenant's public keys are served, as `https://<domain>/.well-known/jwks.json`. */
  readonly jwksUrl: string;
  /** The public keys, as a facade would fetch them from the tenant's JWKS. */
  readonly keys: JWTVerifyGetKey;
  readonly stats: { requests: number; issued: number; denied: number; jwksRequests: number };
  /** Signs arbitrary claims with this tenant's key (for attack scenarios). */
  mint(claims: JWTPayload): Promise<string>;
  /** Replaces the signing key, as a tenant key rotation does; tokens signed before stop verifying. */
  rotateSigningKey(): Promise<void>;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}

async function readParameters(request: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if ((request.headers["content-type"] ?? "").includes("application/json")) {
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, String(value)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/**
 * A stand-in for the tenant's /oauth/token, doing for a client-credentials request what
 * Auth0 does: authenticate the client, require a client grant for the audience, run the
 * credentials-exchange Action and honour its deny, then issue an RS256 access token.
 */
export async function startTokenEndpoint(options: TokenEndpointOptions): Promise<TokenEndpoint> {
  let keyNumber = 0;
  const newSigningKey = async () => {
    const pair = await generateKeyPair("RS256");
    keyNumber++;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: `test-key-${keyNumber}`, alg: "RS256", use: "sig" };
    return { privateKey: pair.privateKey, jwk, verify: createLocalJWKSet({ keys: [jwk] }) };
  };
  let signing = await newSigningKey();
  const keys: JWTVerifyGetKey = (header, token) => signing.verify(header, token);
  const stats = { requests: 0, issued: 0, denied: 0, jwksRequests: 0 };
  const lifetime = options.lifetimeSeconds ?? 600;
  let issuer = "";

  const mint = (claims: JWTPayload) => new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: signing.jwk.kid, typ: "JWT" }).sign(signing.privateKey);

  async function exchange(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parameters = await readParameters(request);
    if (parameters.grant_type !== "client_credentials") {
      return send(response, 400, { error: "unsupported_grant_type" });
    }
    const client = options.clients.find((candidate) => candidate.clientId === parameters.client_id && candidate.clientSecret === parameters.client_secret);
    if (!client) return send(response, 401, { error: "access_denied", error_description: "Unauthorized" });
    const audience = parameters.audience;
    const grant = options.grants.find((candidate) => candidate.clientId === client.clientId && candidate.audience === audience);
    if (!audience || !grant) {
      return send(response, 403, { error: "access_denied", error_description: "Client has not been granted scopes" });
    }
    if (options.exchangeAction) {
      const decision = await options.exchangeAction.container.run("onExecuteCredentialsExchange", {
        client: { client_id: client.clientId, name: client.name ?? client.clientId, metadata: {} },
        resource_server: { identifier: audience },
        request: { ip: request.socket.remoteAddress, geoip: {} },
        transaction: { requested_scopes: [] },
        secrets: options.exchangeAction.secrets,
      });
      if (decision.error) {
        stats.denied++;
        return send(response, 500, { error: "server_error", error_description: "Action failed" });
      }
      if (decision.denies.length > 0) {
        stats.denied++;
        const [code, reason] = decision.denies[0] as [string, string];
        return send(response, 403, { error: code, error_description: reason });
      }
    }
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await mint({
      iss: issuer,
      sub: `${client.clientId}@clients`,
      aud: audience,
      iat: now,
      exp: now + lifetime,
      scope: grant.scopes.join(" "),
      azp: client.clientId,
      gty: "client-credentials",
    });
    stats.issued++;
    send(response, 200, { access_token: accessToken, token_type: "Bearer", expires_in: lifetime, scope: grant.scopes.join(" ") });
  }

  const server = createServer({ key: options.tls.key, cert: options.tls.cert }, (request, response) => {
    stats.requests++;
    if (request.method === "POST" && request.url === "/oauth/token") {
      exchange(request, response).catch(() => send(response, 500, { error: "server_error" }));
    } else if (request.method === "GET" && request.url === "/.well-known/jwks.json") {
      stats.jwksRequests++;
      send(response, 200, { keys: [signing.jwk] });
    } else {
      send(response, 404, { error: "not_found" });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  issuer = options.issuer ?? `${base}/`;

  return {
    tokenUrl: `${base}/oauth/token`,
    jwksUrl: `${base}/.well-known/jwks.json`,
    issuer,
    keys,
    stats,
    mint,
    rotateSigningKey: async () => {
      signing = await newSigningKey();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
