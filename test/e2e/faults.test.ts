import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScriptContainer, type ScriptResult } from "../support/auth0-sandbox";
import { faults, withFaultyServer, type Fault } from "../support/faulty-server";
import { LocalTenant } from "../support/local-tenant";
import { legacyAuthenticationStage } from "../support/stage-variants";
import { scriptText, synthesizeExamples } from "../support/synthesized-examples";

/** The stack of a stage with every script enabled, for the scripts the dev example leaves out. */
const everyScript = () => synthesizeExamples([legacyAuthenticationStage()]).stacks.dev;

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

function cachedState(container: ScriptContainer) {
  return container.cachedState;
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

  it.each([
    ["a 422 with another error code", faults.status(422, '{"error":"unprocessable_entity"}')],
    ["a 422 with no body", faults.status(422)],
    ["a 422 whose body is not an object", faults.status(422, '"invalid_credentials"')],
  ])("%s is an outage, never 'wrong password', so brute-force protection never counts our failure against the user", async (_, fault) => {
    const { error } = await loginAgainst(fault);
    expect(error?.constructor.name).toBe("Error");
    expect(error?.message).toBe(`facade POST /users/authenticate answered 422 without the contract's "invalid_credentials" body`);
  });

  it("the contract's invalid_credentials without user_exists is a wrong password for no named user (Auth0 logs fu)", async () => {
    const { error } = await loginAgainst(faults.status(422, '{"error":"invalid_credentials"}'));
    expect(error).toMatchObject({ name: "WrongUsernameOrPasswordError", emailOrUserId: undefined, message: "wrong email or password" });
  });

  it.each([
    { script: "get_user", args: [ADA.email], status: 404, body: '{"error":"not_found"}', path: "/users/lookup", code: "user_not_found" },
    { script: "get_user", args: [ADA.email], status: 404, body: "", path: "/users/lookup", code: "user_not_found" },
    { script: "create", args: [{ email: ADA.email, password: ADA.password }], status: 409, body: '{"error":"conflict"}', path: "/users", code: "user_exists" },
    { script: "verify", args: [ADA.email], status: 404, body: "<html>not here</html>", path: "/users/verify-email", code: "user_not_found" },
  ])(
    "$script: a $status without the contract's error body is an outage, never 'no such user' or 'user exists'",
    async ({ script, args, status, body, path, code }) => {
      await withFaultyServer(tenant.facadeCertificate, faults.status(status, body), async (faulty) => {
        const container = new ScriptContainer(scriptText(everyScript(), script), { ...tenant.configuration, FACADE_URL: faulty.url });
        try {
          const { error, results } = await container.call(...args);
          expect(error?.constructor.name).toBe("Error");
          expect(error?.message).toBe(
            `facade POST ${path} answered ${status}${body.startsWith("<") ? " with malformed JSON" : ` without the contract's "${code}" body`}`,
          );
          expect(results).toEqual([]);
        } finally {
          container.close();
        }
      });
    },
  );

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
      [
        "FACADE_CERT_SHA256",
        "abcd",
        "connection configuration FACADE_CERT_SHA256 is malformed (expected comma-separated SHA-256 fingerprints of 64 hex digits)",
      ],
      ["CLIENT_SECRET", "", "connection configuration CLIENT_SECRET is missing or empty, and so is CLIENT_ASSERTION_KEY (expected exactly one)"],
      ["FACADE_TIMEOUT_MS", "60000", "connection configuration FACADE_TIMEOUT_MS is not a whole number of milliseconds from 500 to 10000"],
    ]) {
      const { error } = await tenant.container("login", { ...tenant.configuration, [key]: value }).call(ADA.email, ADA.password);
      expect(error?.message).toBe(expected);
    }
  });

  it("after the facade restarts, the still-valid token stays cached, a password check never goes out twice, and logins succeed on a fresh connection", async () => {
    const login = tenant.container("login");
    expect((await login.call(ADA.email, ADA.password)).error).toBeNull();
    const issued = tenant.tokenEndpoint.stats.issued;
    const checked = tenant.facade.stats.byOperation.authenticate;
    await tenant.facade.close();
    const restarted = await tenant.facade.listen(Number(new URL(tenant.facadeUrl).port));
    expect(restarted).toBe(tenant.facadeUrl);
    // The first login may be written to the connection the facade dropped before this
    // process saw it close: then it is an outage, never re-sent (it may have been checked).
    const first = await login.call(ADA.email, ADA.password);
    if (first.error !== null) {
      expect(first.error.constructor.name).toBe("Error");
      expect(first.error.message).toMatch(/^POST \/users\/authenticate failed: the reused connection broke after the request was sent; not sent again/);
    }
    expect((await login.call(ADA.email, ADA.password)).error).toBeNull();
    expect(tenant.facade.stats.byOperation.authenticate - checked).toBe(first.error === null ? 2 : 1);
    expect(tenant.tokenEndpoint.stats.issued).toBe(issued);
  });
});
