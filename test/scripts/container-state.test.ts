import { afterEach, describe, expect, it } from "vitest";
import { GLOBAL_SLOT, MAX_CONFIGURATIONS, containerState, facadeUrl, withContainerState, type ContainerState } from "../../scripts/shared/container-state";

function configuration(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    TOKEN_URL: "https://tenant.example/oauth/token",
    CLIENT_ID: "id",
    CLIENT_SECRET: "secret",
    FACADE_URL: "https://facade.example",
    FACADE_AUDIENCE: "https://facade.example/",
    ...overrides,
  };
}

function states(): Map<string, ContainerState> {
  return (globalThis as Record<string, unknown>)[GLOBAL_SLOT] as Map<string, ContainerState>;
}

/** Whether an agent was destroyed: a destroyed agent refuses nothing, but its destroy is observable. */
function watchDestroy(state: ContainerState): () => boolean {
  let destroyed = false;
  const original = state.facadeAgent.destroy.bind(state.facadeAgent);
  state.facadeAgent.destroy = () => {
    destroyed = true;
    original();
  };
  return () => destroyed;
}

afterEach(() => {
  for (const state of states()?.values() ?? []) {
    state.facadeAgent.destroy();
    state.tokenAgent.destroy();
  }
  delete (globalThis as Record<string, unknown>)[GLOBAL_SLOT];
});

describe("facade URLs", () => {
  it.each([
    ["https://facade.example", "https://facade.example/users/authenticate"],
    ["https://facade.example/", "https://facade.example/users/authenticate"],
    ["https://facade.example/legacy/v1", "https://facade.example/legacy/v1/users/authenticate"],
    ["https://facade.example/legacy/v1//", "https://facade.example/legacy/v1/users/authenticate"],
  ])("put the operation's path under the base URL %s", (facade, expected) => {
    expect(facadeUrl(containerState(configuration({ FACADE_URL: facade })), "/users/authenticate").href).toBe(expected);
  });
});

describe("the state a container keeps, per connection configuration", () => {
  it("keeps one state per configuration, so two connections sharing a container never use each other's", () => {
    const dev = containerState(configuration());
    const prod = containerState(configuration({ CLIENT_ID: "prod-id", FACADE_URL: "https://prod.example" }));
    expect(prod).not.toBe(dev);
    expect(containerState(configuration())).toBe(dev);
    expect(containerState(configuration({ CLIENT_ID: "prod-id", FACADE_URL: "https://prod.example" }))).toBe(prod);
    expect(states().size).toBe(2);
  });

  it("ignores configuration keys the scripts do not read", () => {
    expect(containerState(configuration({ SOMETHING_ELSE: "x" }))).toBe(containerState(configuration()));
  });

  it(`keeps at most ${MAX_CONFIGURATIONS} configurations, retiring the least recently used and closing its idle connections`, () => {
    const first = containerState(configuration({ CLIENT_SECRET: "secret-0" }));
    const firstClosed = watchDestroy(first);
    const second = containerState(configuration({ CLIENT_SECRET: "secret-1" }));
    const secondClosed = watchDestroy(second);
    for (let i = 2; i < MAX_CONFIGURATIONS; i++) containerState(configuration({ CLIENT_SECRET: `secret-${i}` }));
    containerState(configuration({ CLIENT_SECRET: "secret-0" })); // used again: now the most recent
    expect(firstClosed() || secondClosed()).toBe(false);
    containerState(configuration({ CLIENT_SECRET: "one-more" }));
    expect(states().size).toBe(MAX_CONFIGURATIONS);
    expect([firstClosed(), secondClosed()]).toEqual([false, true]);
    expect(second.retired).toBe(true);
    expect([...states().values()]).not.toContain(second);
  });

  it("never closes the connections of a call still in flight: a retired state closes them when its last call ends", async () => {
    let finish: () => void = () => undefined;
    let closedDuringCall = true;
    const call = withContainerState(configuration({ CLIENT_SECRET: "rotated-away" }), async (state) => {
      const closed = watchDestroy(state);
      for (let i = 0; i < MAX_CONFIGURATIONS; i++) containerState(configuration({ CLIENT_SECRET: `newer-${i}` }));
      expect(state.retired).toBe(true);
      await new Promise<void>((resolve) => (finish = resolve));
      closedDuringCall = closed();
      return closed;
    });
    await new Promise((resolve) => setImmediate(resolve));
    finish();
    const closed = await call;
    expect(closedDuringCall).toBe(false);
    expect(closed()).toBe(true);
  });

  it("leaves nothing behind for a configuration that does not check out", () => {
    expect(() => containerState(configuration({ FACADE_URL: "http://facade.example" }))).toThrow("connection configuration FACADE_URL is not an https:// URL");
    expect(states()?.size ?? 0).toBe(0);
  });
});
