import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WarmContainer } from "../support/auth0-sandbox";
import { LocalTenant } from "../support/local-tenant";
import { synthesizeExamples } from "../support/synthesized-examples";

/**
 * Auth0 gives every script of a container one `global`, whichever connection it belongs
 * to, so two stages on one tenant (or two connections) can run in the same container.
 * A scrypt cost high enough that each password check takes a few milliseconds keeps
 * requests in flight while the other connection's calls arrive.
 */
const SLOW_ENOUGH = { scryptCost: 2 ** 13 };

let dev: LocalTenant;
let prod: LocalTenant;
beforeAll(async () => {
  const { stacks } = synthesizeExamples();
  [dev, prod] = await Promise.all([LocalTenant.start(stacks.dev, SLOW_ENOUGH), LocalTenant.start(stacks.prod, SLOW_ENOUGH)]);
  // The same email in both legacy stores, with different passwords: a login routed to the other connection would fail.
  await dev.store.add({ email: "ada@example.com", password: "the dev passphrase" });
  await prod.store.add({ email: "ada@example.com", password: "the prod passphrase" });
});
afterAll(() => Promise.all([dev.close(), prod.close()]));

describe("two connections' scripts in one warm container", () => {
  it("every login of both connections succeeds under concurrent load, each against its own facade with its own token", async () => {
    const container = new WarmContainer();
    const devLogin = dev.container("login", dev.configuration, { container });
    const prodLogin = prod.container("login", prod.configuration, { container });
    const logins = Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0 ? devLogin.call("ada@example.com", "the dev passphrase") : prodLogin.call("ada@example.com", "the prod passphrase"),
    );
    const outcomes = await Promise.all(logins);
    expect(outcomes.map((outcome) => outcome.error?.message ?? null)).toEqual(Array(60).fill(null));
    expect([dev.facade.stats.byOperation.authenticate, prod.facade.stats.byOperation.authenticate]).toEqual([30, 30]);
    expect([dev.tokenEndpoint.stats.issued, prod.tokenEndpoint.stats.issued]).toEqual([1, 1]);
    expect(container.scriptStates).toHaveLength(2);
  });

  it("logins in flight while a deploy changes the configuration finish on their own connections", async () => {
    const container = new WarmContainer();
    const before = dev.container("login", dev.configuration, { container });
    const after = dev.container("login", { ...dev.configuration, FACADE_TIMEOUT_MS: "4000" }, { container });
    const inFlight = Array.from({ length: 20 }, () => before.call("ada@example.com", "the dev passphrase"));
    // Let the first logins reach the facade before the deployed configuration's calls start.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const deployed = Array.from({ length: 20 }, () => after.call("ada@example.com", "the dev passphrase"));
    const outcomes = await Promise.all([...inFlight, ...deployed]);
    expect(outcomes.map((outcome) => outcome.error?.message ?? null)).toEqual(Array(40).fill(null));
  });
});
