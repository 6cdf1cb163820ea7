import { describe, expect, it } from "vitest";
import { containerState, facadeUrl } from "../../scripts/shared/container-state";

describe("facade URLs", () => {
  it.each([
    ["https://facade.example", "https://facade.example/users/authenticate"],
    ["https://facade.example/", "https://facade.example/users/authenticate"],
    ["https://facade.example/legacy/v1", "https://facade.example/legacy/v1/users/authenticate"],
    ["https://facade.example/legacy/v1//", "https://facade.example/legacy/v1/users/authenticate"],
  ])("put the operation's path under the base URL %s", (facade, expected) => {
    const state = containerState({
      TOKEN_URL: "https://tenant.example/oauth/token",
      CLIENT_ID: "id",
      CLIENT_SECRET: "secret",
      FACADE_URL: facade,
      FACADE_AUDIENCE: "https://facade.example/",
    });
    try {
      expect(facadeUrl(state, "/users/authenticate").href).toBe(expected);
    } finally {
      state.facadeAgent.destroy();
      state.tokenAgent.destroy();
      delete (globalThis as Record<string, unknown>).legacyFacadeState;
    }
  });
});
