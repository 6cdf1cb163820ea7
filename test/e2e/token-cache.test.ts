import { afterEach, describe, expect, it } from "vitest";
import { faults, withFaultyServer } from "../support/faulty-server";
import { LocalTenant, type LocalTenantOptions } from "../support/local-tenant";
import { synthesizeExamples } from "../support/synthesized-examples";

const ADA = { email: "ada@example.com", password: "correct horse battery staple" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let tenant: LocalTenant | undefined;
afterEach(() => tenant?.close());

async function startTenant(options: LocalTenantOptions = {}): Promise<LocalTenant> {
  tenant = await LocalTenant.start(synthesizeExamples().stacks.dev, options);
  await tenant.store.add(ADA);
  return tenant;
}

describe("the client-credentials token, cached in the container's global", () => {
  it("is fetched exactly once for many concurrent logins on one warm container", async () => {
    const { tokenEndpoint, container } = await startTenant();
    const login = container("login");
    const outcomes = await Promise.all(Array.from({ length: 40 }, () => login.call(ADA.email, ADA.password)));
    expect(outcomes.map((outcome) => outcome.error?.message ?? null)).toEqual(Array(40).fill(null));
    expect(tokenEndpoint.stats.issued).toBe(1);
    await login.call(ADA.email, ADA.password);
    expect(tokenEndpoint.stats.issued).toBe(1);
  });

  it("is fetched again by a cold container", async () => {
    const { tokenEndpoint, container } = await startTenant();
    const login = container("login");
    await login.call(ADA.email, ADA.password);
    login.restart();
    await login.call(ADA.email, ADA.password);
    expect(tokenEndpoint.stats.issued).toBe(2);
  });

  it("is refreshed once, shortly before it expires, so the facade never sees an expired token", async () => {
    // A 4 s token is refreshed after 3 s: a quarter of its lifetime early.
    const { tokenEndpoint, facade, container } = await startTenant({ tokenLifetimeSeconds: 4 });
    const login = container("login");
    await login.call(ADA.email, ADA.password);
    await sleep(2000);
    await login.call(ADA.email, ADA.password);
    expect(tokenEndpoint.stats.issued).toBe(1);
    await sleep(1300);
    await Promise.all(Array.from({ length: 10 }, () => login.call(ADA.email, ADA.password)));
    await login.call(ADA.email, ADA.password);
    expect(tokenEndpoint.stats.issued).toBe(2);
    // One facade call per login: no 401 and retry, which an expired cached token would cause.
    expect(facade.stats.byOperation.authenticate).toBe(13);
  });

  it("is kept per configuration: a rotated secret takes effect on a warm container, never reusing the other configuration's token", async () => {
    const { tokenEndpoint, container, configuration } = await startTenant();
    const login = container("login");
    expect((await login.call(ADA.email, ADA.password)).error).toBeNull();
    login.reconfigure({ ...configuration, CLIENT_SECRET: "a-secret-the-tenant-never-issued" });
    const { error } = await login.call(ADA.email, ADA.password);
    expect(error?.message).toBe("token endpoint answered 401 (access_denied) to the client-credentials request");
    login.reconfigure(configuration);
    expect((await login.call(ADA.email, ADA.password)).error).toBeNull();
    // The first configuration still holds its own token: two connections of one container each keep theirs.
    expect(tokenEndpoint.stats.issued).toBe(1);
  });

  it("is dropped when the facade answers 401, and the call retried once with a fresh one", async () => {
    const { tokenEndpoint, facade, container } = await startTenant();
    const login = container("login");
    await login.call(ADA.email, ADA.password);
    await tokenEndpoint.rotateSigningKey(); // the cached token no longer verifies
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => login.call(ADA.email, ADA.password)));
    expect(outcomes.map((outcome) => outcome.error)).toEqual(Array(10).fill(null));
    expect(tokenEndpoint.stats.issued).toBe(2);
    expect(facade.stats.byOperation.authenticate).toBe(1 + 10 * 2);
  });

  it("is retried once, never in a loop, when the facade keeps answering 401", async () => {
    const { tokenEndpoint, facadeCertificate, configuration, container } = await startTenant();
    await withFaultyServer(facadeCertificate, faults.status(401, '{"error":"invalid_token"}'), async (refusing) => {
      const { error } = await container("login", { ...configuration, FACADE_URL: refusing.url }).call(ADA.email, ADA.password);
      expect(error?.message).toBe("facade POST /users/authenticate answered 401");
      expect(refusing.requests()).toBe(2);
      expect(tokenEndpoint.stats.issued).toBe(2);
    });
  });
});
