import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { issueServerCertificate, type TestCertificate } from "../../examples/reference-facade/certificates";
import { faults, withFaultyServer, type Fault } from "../support/faulty-server";
import { httpsJson } from "../support/https-json";
import { LocalTenant } from "../support/local-tenant";
import { synthesizeExamples } from "../support/synthesized-examples";

/**
 * What the scripts accept from the token endpoint: only a usable bearer token. Anything
 * else is an outage error naming the endpoint's error code when it is a plain code, and
 * nothing is cached.
 */
const ADA = { email: "ada@example.com", password: "correct horse battery staple" };
const UNUSABLE = "token endpoint answered 200 without a usable bearer token";

let tenant: LocalTenant;
let tokenServerTls: TestCertificate;
beforeAll(async () => {
  tenant = await LocalTenant.start(synthesizeExamples().stacks.dev);
  await tenant.store.add(ADA);
  tokenServerTls = await issueServerCertificate(inject("testCa"), "tenant.test");
});
afterAll(() => tenant.close());

/** A login whose token endpoint answers with `fault`; what it ended with, and what it cached. */
async function loginWithTokenEndpoint(fault: Fault) {
  return withFaultyServer(tokenServerTls, fault, async (tokenServer) => {
    const login = tenant.container("login", { ...tenant.configuration, TOKEN_URL: `${tokenServer.url}/oauth/token` });
    const result = await login.call(ADA.email, ADA.password);
    const state = login.cachedState;
    return { ...result, cachedToken: state?.token, log: login.log };
  });
}

/** A token the local tenant really issued to the scripts' client, to hand out from a stand-in endpoint. */
async function realToken(): Promise<string> {
  const { body } = await httpsJson(tenant.tokenEndpoint.tokenUrl, {
    body: { grant_type: "client_credentials", client_id: tenant.m2m.clientId, client_secret: tenant.m2m.clientSecret, audience: tenant.audience },
  });
  return body.access_token;
}

describe("the token endpoint's answer", () => {
  it.each([
    ["no access_token", { expires_in: 600, token_type: "Bearer" }],
    ["an empty access_token", { access_token: "", expires_in: 600 }],
    ["an access_token that is not a string", { access_token: 5, expires_in: 600 }],
    ["no expires_in", { access_token: "abc" }],
    ["expires_in as a string", { access_token: "abc", expires_in: "600" }],
    ["expires_in 0", { access_token: "abc", expires_in: 0 }],
    ["a negative expires_in", { access_token: "abc", expires_in: -5 }],
    ["another token type", { access_token: "abc", expires_in: 600, token_type: "mac" }],
    ["null", null],
  ])("is refused with %s, and nothing is cached", async (_, body) => {
    const { error, cachedToken } = await loginWithTokenEndpoint(faults.status(200, JSON.stringify(body)));
    expect(error?.constructor.name).toBe("Error");
    expect(error?.message).toBe(UNUSABLE);
    expect(cachedToken).toBeUndefined();
  });

  it.each([
    ["without a token type", {}],
    ["with the token type in capitals", { token_type: "BEARER" }],
  ])("is a usable bearer token %s", async (_, extra) => {
    const token = await realToken();
    const { error, cachedToken } = await loginWithTokenEndpoint(faults.status(200, JSON.stringify({ access_token: token, expires_in: 600, ...extra })));
    expect(error).toBeNull();
    expect(cachedToken).toMatchObject({ value: token });
  });

  it.each([
    ["a plain error code", 403, { error: "unauthorized_client" }, "token endpoint answered 403 (unauthorized_client) to the client-credentials request"],
    ["an error that is not a plain code", 403, { error: "Evil_code" }, "token endpoint answered 403 to the client-credentials request"],
    ["a code followed by more", 403, { error: "access_denied; see https://evil.example" }, "token endpoint answered 403 to the client-credentials request"],
    ["more before a code", 403, { error: "see: access_denied" }, "token endpoint answered 403 to the client-credentials request"],
    ["an overlong code", 429, { error: "x".repeat(65) }, "token endpoint answered 429 to the client-credentials request"],
    ["a JSON null", 500, null, "token endpoint answered 500 to the client-credentials request"],
    ["a JSON string", 502, "bad gateway", "token endpoint answered 502 to the client-credentials request"],
  ])("names the refusal's status, and its error only when it is %s", async (_, status, body, message) => {
    const { error, cachedToken, log } = await loginWithTokenEndpoint(faults.status(status, JSON.stringify(body)));
    expect(error?.message).toBe(message);
    expect(cachedToken).toBeUndefined();
    expect(log.join("\n")).not.toContain(tenant.m2m.clientSecret);
  });
});
