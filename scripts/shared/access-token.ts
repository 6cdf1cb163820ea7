import { type KeyObject, randomUUID, sign } from "crypto";
import type { CachedToken, ContainerState } from "./container-state";
import { postJson } from "./post-json";
import type { FacadeSettings } from "./settings";

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Auth0 accepts client assertions of at most 5 minutes; each is used once, so one minute is plenty. */
const ASSERTION_LIFETIME_SECONDS = 60;

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * A private_key_jwt client assertion (RS256): issued by and about the client, for the
 * tenant (`https://<domain>/`, the token URL's origin), once (a fresh jti), for a minute.
 */
function clientAssertion(settings: FacadeSettings, signingKey: KeyObject): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: settings.clientId,
    sub: settings.clientId,
    aud: `${settings.tokenUrl.origin}/`,
    iat: now,
    exp: now + ASSERTION_LIFETIME_SECONDS,
    jti: randomUUID(),
  };
  const signed = `${base64url({ alg: "RS256", typ: "JWT" })}.${base64url(claims)}`;
  return `${signed}.${sign("sha256", Buffer.from(signed), signingKey).toString("base64url")}`;
}

/** The client's proof of identity in the token request body. */
function clientAuthentication(settings: FacadeSettings): Record<string, string> {
  const credential = settings.clientCredential;
  return "secret" in credential
    ? { client_secret: credential.secret }
    : { client_assertion_type: JWT_BEARER, client_assertion: clientAssertion(settings, credential.signingKey) };
}

/** Refresh this long before expiry (at most a quarter of the token's lifetime). */
const REFRESH_MARGIN_MS = 60_000;

function refusal(status: number, body: unknown): Error {
  const code = body && typeof body === "object" ? (body as { error?: unknown }).error : undefined;
  const named = typeof code === "string" && /^[a-z_]{1,64}$/.test(code) ? ` (${code})` : "";
  return new Error(`token endpoint answered ${status}${named} to the client-credentials request`);
}

async function fetchToken(state: ContainerState, deadline: number): Promise<CachedToken> {
  const { settings } = state;
  const requestedAt = Date.now();
  const response = await postJson(
    settings.tokenUrl,
    state.tokenAgent,
    {},
    {
      grant_type: "client_credentials",
      client_id: settings.clientId,
      ...clientAuthentication(settings),
      audience: settings.audience,
    },
    deadline,
    // Asking twice only issues a second token; but a client assertion is single-use, and
    // one that may have reached Auth0 would be refused as a replay if sent again.
    "secret" in settings.clientCredential,
  );
  const body = response.body as { access_token?: unknown; expires_in?: unknown; token_type?: unknown } | undefined;
  if (response.status !== 200) throw refusal(response.status, body);
  const valid =
    body &&
    typeof body.access_token === "string" &&
    body.access_token !== "" &&
    typeof body.expires_in === "number" &&
    body.expires_in > 0 &&
    (body.token_type === undefined || String(body.token_type).toLowerCase() === "bearer");
  if (!valid) throw new Error("token endpoint answered 200 without a usable bearer token");
  const lifetimeMs = (body.expires_in as number) * 1000;
  const refreshAt = requestedAt + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 4);
  return { value: body.access_token as string, refreshAt };
}

function beforeDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out waiting for the access token")), Math.max(0, deadline - Date.now()));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * A client-credentials access token for the facade, from the container's cache while it
 * is fresh. Concurrent callers share one fetch; a failed fetch caches nothing.
 */
export function accessToken(state: ContainerState, deadline: number): Promise<string> {
  if (state.token && Date.now() < state.token.refreshAt) return Promise.resolve(state.token.value);
  if (!state.tokenRequest) {
    const request = fetchToken(state, deadline).then(
      (token) => {
        if (state.tokenRequest === request) state.tokenRequest = undefined;
        state.token = token;
        return token;
      },
      (error: unknown) => {
        if (state.tokenRequest === request) state.tokenRequest = undefined;
        throw error;
      },
    );
    state.tokenRequest = request;
  }
  return beforeDeadline(state.tokenRequest, deadline).then((token) => token.value);
}

/** Forgets a token the facade refused, unless another call already replaced it. */
export function dropAccessToken(state: ContainerState, value: string): void {
  if (state.token?.value === value) state.token = undefined;
}
