import { createServer } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, importSPKI, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { ActionContainer } from "./auth0-sandbox";

export interface RegisteredClient {
  readonly clientId: string;
  /** Its secret (client_secret_post); absent for a private_key_jwt client. */
  readonly clientSecret?: string;
  /**
   * private_key_jwt: the PEM public keys whose signatures it accepts, read on every
   * request, so that an apply changing them takes effect at once.
   */
  publicKeys?: string[];
  readonly name?: string;
}

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Auth0 refuses client assertions that live longer than this. */
const MAX_ASSERTION_SECONDS = 300;

interface ClientGrant {
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
  readonly stats: { requests: number; issued: number; denied: number; jwksRequests: number; assertionsRefused: number };
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
  const stats = { requests: 0, issued: 0, denied: 0, jwksRequests: 0, assertionsRefused: 0 };
  const usedAssertionIds = new Set<string>();
  let base = "";

  /**
   * The client a request authenticates as, as Auth0 checks private_key_jwt: an RS256
   * assertion by and about the client, for the tenant, signed by one of its registered
   * keys, at most five minutes long, never seen before; or the client's secret.
   */
  async function authenticatedClient(parameters: Record<string, string>): Promise<RegisteredClient | undefined> {
    const client = options.clients.find((candidate) => candidate.clientId === parameters.client_id);
    if (client === undefined) return undefined;
    if (parameters.client_assertion_type !== undefined || parameters.client_assertion !== undefined) {
      if (client.publicKeys === undefined || parameters.client_assertion_type !== JWT_BEARER || parameters.client_secret !== undefined) return undefined;
      for (const pem of client.publicKeys) {
        try {
          const { payload } = await jwtVerify(parameters.client_assertion, await importSPKI(pem, "RS256"), {
            algorithms: ["RS256"],
            issuer: client.clientId,
            subject: client.clientId,
            audience: [`${base}/`, issuer],
            requiredClaims: ["exp", "jti"],
          });
          const lifetime = (payload.exp as number) - (payload.iat ?? Math.floor(Date.now() / 1000));
          if (lifetime > MAX_ASSERTION_SECONDS || usedAssertionIds.has(payload.jti as string)) break;
          usedAssertionIds.add(payload.jti as string);
          return client;
        } catch {
          // Not signed by this key: try the next one.
        }
      }
      stats.assertionsRefused++;
      return undefined;
    }
    return client.publicKeys === undefined && client.clientSecret !== undefined && client.clientSecret === parameters.client_secret ? client : undefined;
  }
  const lifetime = options.lifetimeSeconds ?? 600;
  let issuer = "";

  const mint = (claims: JWTPayload) => new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: signing.jwk.kid, typ: "JWT" }).sign(signing.privateKey);

  async function exchange(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parameters = await readParameters(request);
    if (parameters.grant_type !== "client_credentials") {
      return send(response, 400, { error: "unsupported_grant_type" });
    }
    const client = await authenticatedClient(parameters);
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
  base = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
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
