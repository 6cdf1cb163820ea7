import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScriptResult } from "../support/auth0-sandbox";
import { faults, withFaultyServer, type Fault } from "../support/faulty-server";
import { LocalTenant } from "../support/local-tenant";
import { synthesizeExamples } from "../support/synthesized-examples";

const ADA = { email: "ada@example.com", password: "correct horse battery staple" };

let tenant: LocalTenant;
beforeAll(async () => {
  tenant = await LocalTenant.start(synthesizeExamples().stacks.dev);
  await tenant.store.add(ADA);
});
afterAll(() => tenant.close());

/** Runs a login whose facade misbehaves with `fault`. */
async function loginAgainst(fault: Fault, overrides: Record<string, string> = {}): Promise<ScriptResult & { requests: number; log: string[] }> {
  return withFaultyServer(tenant.facadeCertificate, fault, async (faulty) => {
    const login = tenant.container("login", { ...tenant.configuration, FACADE_URL: faulty.url, ...overrides });
    const result = await login.call(ADA.email, ADA.password);
    return { ...result, requests: faulty.requests(), log: login.log };
  });
}

function cachedState(container: { containerGlobal: Readonly<Record<string, unknown>> }) {
  return container.containerGlobal.legacyFacadeState as { token?: unknown; tokenRequest?: unknown } | undefined;
}

/** Nothing secret may reach an error message or a log line. */
function expectNoSecretIn(texts: string[]): void {
  const secrets = [ADA.password, tenant.m2m.clientSecret, "Bearer ", "eyJ"];
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
}

describe("faults end in a prompt, clear outage error, never 'wrong password', never a leaked secret", () => {
  it("facade down", async () => {
    const login = tenant.container("login", { ...tenant.configuration, FACADE_URL: "https://127.0.0.1:9" });
    const { error, milliseconds } = await login.call(ADA.email, ADA.password);
    expect(error?.constructor.name).toBe("Error");
    expect(error?.message).toBe("POST /users/authenticate failed: connect ECONNREFUSED 127.0.0.1:9");
    expect(milliseconds).toBeLessThan(1000);
    expectNoSecretIn([error!.message, ...login.log]);
  });

  it("facade slower than the time budget: abandoned at the budget, far inside Auth0's 20 s", async () => {
    const { error, milliseconds, log } = await loginAgainst(faults.silence(), { FACADE_TIMEOUT_MS: "800" });
    expect(error?.message).toMatch(/^POST \/users\/authenticate failed: timed out after \d+ ms$/);
    expect(milliseconds).toBeGreaterThanOrEqual(700);
    expect(milliseconds).toBeLessThan(1500);
    expectNoSecretIn([error!.message, ...log]);
  });

  it.each([
    ["a 5xx answer", faults.status(503, '{"error":"unavailable"}'), "facade POST /users/authenticate answered 503"],
    ["a 403 answer", faults.status(403, '{"error":"insufficient_scope"}'), "facade POST /users/authenticate answered 403"],
    ["malformed JSON", faults.status(200, "<html>proxy error</html>"), "facade POST /users/authenticate answered 200 with malformed JSON"],
    ["a profile without user_id", faults.status(200, '{"email":"ada@example.com","email_verified":true}'), "facade answered a malformed user profile"],
    ["an answer too large to be legitimate", faults.status(200, `"${"x".repeat(70_000)}"`), "POST /users/authenticate failed: answer larger than 65536 bytes"],
  ])("%s", async (_, fault, message) => {
    const { error, log } = await loginAgainst(fault);
    expect(error?.constructor.name).toBe("Error");
    expect(error?.message).toBe(message);
    expectNoSecretIn([error!.message, ...log]);
  });

  it("token endpoint down: nothing is cached, and the next call tries again", async () => {
    const login = tenant.container("login", { ...tenant.configuration, TOKEN_URL: "https://127.0.0.1:9/oauth/token" });
    const { error } = await login.call(ADA.email, ADA.password);
    expect(error?.message).toBe("POST /oauth/token failed: connect ECONNREFUSED 127.0.0.1:9");
    expect(cachedState(login)?.token).toBeUndefined();
    expect(cachedState(login)?.tokenRequest).toBeUndefined();
    await expect(login.call(ADA.email, ADA.password)).resolves.toMatchObject({ error: { message: error?.message } });
    expectNoSecretIn([error!.message]);
  });

  it("token endpoint refusing the client: the reason, not the secret", async () => {
    const login = tenant.container("login", { ...tenant.configuration, CLIENT_SECRET: "not-the-secret" });
    const { error } = await login.call(ADA.email, ADA.password);
    expect(error?.message).toBe("token endpoint answered 401 (access_denied) to the client-credentials request");
    expect(error?.message).not.toContain("not-the-secret");
    expect(cachedState(login)?.token).toBeUndefined();
  });

  it("broken configuration: the key is named, its value never", async () => {
    for (const [key, value, expected] of [
      ["FACADE_URL", "http://legacy-facade.example", "connection configuration FACADE_URL is not an https:// URL"],
      ["FACADE_CERT_SHA256", "abcd", "connection configuration FACADE_CERT_SHA256 is malformed (expected comma-separated SHA-256 fingerprints of 64 hex digits)"],
      ["CLIENT_SECRET", "", "connection configuration CLIENT_SECRET is missing or empty"],
      ["FACADE_TIMEOUT_MS", "60000", "connection configuration FACADE_TIMEOUT_MS is not a whole number of milliseconds from 500 to 10000"],
    ]) {
      const { error } = await tenant.container("login", { ...tenant.configuration, [key]: value }).call(ADA.email, ADA.password);
      expect(error?.message).toBe(expected);
    }
  });

  it("after the facade restarts, the still-valid token stays cached and the next call succeeds on a fresh connection", async () => {
    const login = tenant.container("login");
    expect((await login.call(ADA.email, ADA.password)).error).toBeNull();
    const issued = tenant.tokenEndpoint.stats.issued;
    await tenant.facade.close();
    const restarted = await tenant.facade.listen(Number(new URL(tenant.facadeUrl).port));
    expect(restarted).toBe(tenant.facadeUrl);
    expect((await login.call(ADA.email, ADA.password)).error).toBeNull();
    expect(tenant.tokenEndpoint.stats.issued).toBe(issued);
  });
});
