import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createFacadeServer } from "../../facade/server";
import { UserStore } from "../../examples/reference-facade/user-store";
import { createSelfSignedCertificate, issueServerCertificate, type TestCertificate } from "../../examples/reference-facade/certificates";
import { httpsJson } from "../support/https-json";
import { LocalTenant } from "../support/local-tenant";
import { synthesizeExamples } from "../support/synthesized-examples";
import { startTokenEndpoint } from "../support/token-endpoint";

const ADA = { email: "ada@example.com", password: "correct horse battery staple" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let tenant: LocalTenant;
beforeAll(async () => {
  tenant = await LocalTenant.start(synthesizeExamples().stacks.dev);
  await tenant.store.add(ADA);
});
afterAll(() => tenant.close());

function requestToken(clientId: string, clientSecret: string, audience = tenant.audience) {
  return httpsJson(tenant.tokenEndpoint.tokenUrl, { body: { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, audience } });
}

function callFacade(token: string, path = "/users/lookup", body: unknown = { email: ADA.email }) {
  return httpsJson(`${tenant.facadeUrl}${path}`, { body, ca: tenant.facadeCertificate.cert, headers: { authorization: `Bearer ${token}` } });
}

function claims(overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: tenant.tokenEndpoint.issuer,
    aud: tenant.audience,
    sub: `${tenant.m2m.clientId}@clients`,
    azp: tenant.m2m.clientId,
    gty: "client-credentials",
    scope: "users:read users:authenticate",
    iat: now,
    exp: now + 60,
    ...overrides,
  };
}

/** A second facade holding `certificate`, with its own user store, to count what reaches it (TCP connections included). */
async function impostorFacade(certificate: TestCertificate) {
  const store = new UserStore({ scryptCost: 1024 });
  const impostor = createFacadeServer({
    tls: certificate,
    store,
    issuer: tenant.tokenEndpoint.issuer,
    audience: tenant.audience,
    keys: tenant.tokenEndpoint.keys,
    approvedClientIds: [tenant.m2m.clientId],
  });
  let tcpConnections = 0;
  impostor.server.on("connection", () => tcpConnections++);
  return { impostor, store, url: await impostor.listen(), tcpConnections: () => tcpConnections };
}

describe("attack: a client that is not approved asks for a facade token", () => {
  it("is refused by the credentials-exchange guard even when the tenant granted it the facade", async () => {
    tenant.registerClient({ clientId: "RogueClientWithGrant000000000000", clientSecret: "rogue-secret-1" }, ["users:read"]);
    const { status, body } = await requestToken("RogueClientWithGrant000000000000", "rogue-secret-1");
    expect(status).toBe(403);
    expect(body).toEqual({ error: "invalid_request", error_description: "this client is not approved for the facade API" });
  });

  it("is refused by require_client_grant when it holds no grant", async () => {
    tenant.registerClient({ clientId: "RogueClientWithoutGrant000000000", clientSecret: "rogue-secret-2" });
    expect((await requestToken("RogueClientWithoutGrant000000000", "rogue-secret-2")).status).toBe(403);
  });

  it("does not stop the approved M2M client", async () => {
    const { status, body } = await requestToken(tenant.m2m.clientId, tenant.m2m.clientSecret as string);
    expect(status).toBe(200);
    expect((await callFacade(body.access_token)).status).toBe(200);
  });
});

describe("attack: the facade is called with a token that is not a facade token", () => {
  it.each([
    ["another audience", { aud: "https://billing.example/" }, 401],
    ["another issuer", { iss: "https://evil.example/" }, 401],
    ["an expired token", { exp: Math.floor(Date.now() / 1000) - 10 }, 401],
    ["a user token (no client-credentials grant type)", { gty: undefined, sub: "auth0|user-1" }, 401],
    ["a client that is not approved", { azp: "RogueClientWithGrant000000000000" }, 403],
    ["a token without the operation's scope", { scope: "users:authenticate" }, 403],
  ])("rejects %s", async (_, overrides, status) => {
    const token = await tenant.tokenEndpoint.mint(claims(overrides));
    expect((await callFacade(token)).status).toBe(status);
  });

  it("rejects a token signed by another tenant's keys", async () => {
    const other = await startTokenEndpoint({ tls: await issueServerCertificate(inject("testCa"), "other.test"), clients: [], grants: [] });
    try {
      expect((await callFacade(await other.mint(claims()))).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it("rejects a request without a token", async () => {
    expect((await httpsJson(`${tenant.facadeUrl}/users/lookup`, { body: { email: ADA.email }, ca: tenant.facadeCertificate.cert })).status).toBe(401);
  });
});

describe("attack: an intercepted /authorize redirect with the facade audience added", () => {
  it("is denied by the post-login guard", async () => {
    const decision = await tenant.loginGuard.run("onExecutePostLogin", {
      resource_server: { identifier: tenant.audience },
      request: { query: { audience: tenant.audience } },
      secrets: tenant.loginGuardSecrets,
    });
    expect(decision.denies).toEqual([["the facade API does not accept user tokens"]]);
  });
});

describe("attack: something else answers at the facade's address", () => {
  it("gets the TLS handshake and zero HTTP requests when its certificate is not pinned, and the script reports an outage", async () => {
    const { impostor, url, tcpConnections } = await impostorFacade(await createSelfSignedCertificate("impostor.test"));
    try {
      const { error } = await tenant.container("login", { ...tenant.configuration, FACADE_URL: url }).call(ADA.email, ADA.password);
      expect(error?.constructor.name).toBe("Error");
      expect(error?.message).toBe("POST /users/authenticate failed: facade certificate matches no pinned SHA-256 fingerprint");
      expect(tcpConnections()).toBe(1);
      expect(impostor.stats.requests).toBe(0);
    } finally {
      await impostor.close();
    }
  });

  it("is refused even with a certificate from a trusted CA: pins override CA trust", async () => {
    const { impostor, url } = await impostorFacade(await issueServerCertificate(inject("testCa"), "impostor.test"));
    try {
      const { error } = await tenant.container("login", { ...tenant.configuration, FACADE_URL: url }).call(ADA.email, ADA.password);
      expect(error?.message).toMatch(/matches no pinned SHA-256 fingerprint/);
      expect(impostor.stats.requests).toBe(0);
    } finally {
      await impostor.close();
    }
  });

  it("is refused without pins when its certificate is self-signed (CA verification)", async () => {
    const { impostor, url } = await impostorFacade(await createSelfSignedCertificate("impostor.test"));
    try {
      const { error } = await tenant.container("login", { ...tenant.configuration, FACADE_URL: url, FACADE_CERT_SHA256: "" }).call(ADA.email, ADA.password);
      expect(error?.message).toMatch(/self.signed certificate/);
      expect(impostor.stats.requests).toBe(0);
    } finally {
      await impostor.close();
    }
  });
});

describe("pinning across connections and rotations", () => {
  it("reaches a facade with a CA-issued certificate through CA verification when the stage sets no pins", async () => {
    const { impostor: caFacade, store, url } = await impostorFacade(await issueServerCertificate(inject("testCa"), "facade.test"));
    try {
      await store.add(ADA);
      const { error, results } = await tenant
        .container("login", { ...tenant.configuration, FACADE_URL: url, FACADE_CERT_SHA256: "" })
        .call(ADA.email, ADA.password);
      expect(error).toBeNull();
      expect(results[0]).toMatchObject({ email: ADA.email });
      expect(caFacade.stats.requests).toBe(1);
    } finally {
      await caFacade.close();
    }
  });

  it("checks the pin on every new connection: no TLS session is ever resumed, and a swapped certificate is refused", async () => {
    const current = await createSelfSignedCertificate("facade-now.test");
    const { impostor: facade, url } = await impostorFacade(current);
    try {
      const login = tenant.container("login", { ...tenant.configuration, FACADE_URL: url, FACADE_CERT_SHA256: current.sha256 });
      expect((await login.call(ADA.email, ADA.password)).error?.name).toBe("WrongUsernameOrPasswordError"); // reached the facade: pin matched
      for (let i = 0; i < 3; i++) {
        facade.server.closeAllConnections();
        await sleep(20);
        await login.call(ADA.email, ADA.password);
      }
      expect(facade.stats.connections).toBe(4);
      expect(facade.stats.resumedSessions).toBe(0);

      const requestsBefore = facade.stats.requests;
      const swapped = await createSelfSignedCertificate("facade-swapped.test");
      facade.server.setSecureContext({ key: swapped.key, cert: swapped.cert });
      facade.server.closeAllConnections();
      await sleep(20);
      expect((await login.call(ADA.email, ADA.password)).error?.message).toMatch(/matches no pinned SHA-256 fingerprint/);
      expect(facade.stats.requests).toBe(requestsBefore);
    } finally {
      await facade.close();
    }
  });

  it("accepts either of two pins, so the facade certificate can be rotated without an outage", async () => {
    const [old, next, stranger] = await Promise.all(["old", "next", "stranger"].map((name) => createSelfSignedCertificate(`${name}.test`)));
    const { impostor: facade, url } = await impostorFacade(old);
    try {
      const login = tenant.container("login", { ...tenant.configuration, FACADE_URL: url, FACADE_CERT_SHA256: `${old.sha256WithColons},${next.sha256}` });
      const reachesFacade = async () => (await login.call(ADA.email, ADA.password)).error?.name === "WrongUsernameOrPasswordError";
      expect(await reachesFacade()).toBe(true);
      for (const certificate of [next, stranger]) {
        facade.server.setSecureContext({ key: certificate.key, cert: certificate.cert });
        facade.server.closeAllConnections();
        await sleep(20);
        expect(await reachesFacade()).toBe(certificate === next);
      }
    } finally {
      await facade.close();
    }
  });
});
