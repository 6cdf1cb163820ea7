import { beforeAll, describe, expect, it } from "vitest";
import { ActionContainer } from "../support/auth0-sandbox";
import { boundAction, synthesizeExamples } from "../support/synthesized-examples";

const AUDIENCE = "https://legacy-facade.dev.acme.example/";
const M2M = "M2mClientOfTheStack0000000000000";
const SUPPORT = "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja";
const secrets = { FACADE_AUDIENCE: AUDIENCE, APPROVED_CLIENT_IDS: `${M2M},${SUPPORT}` };

let guard: ActionContainer;
beforeAll(() => {
  guard = new ActionContainer(boundAction(synthesizeExamples().stacks.dev, "credentials-exchange").code);
});

function exchange(clientId: unknown, audience: unknown, withSecrets: Record<string, unknown> | undefined) {
  return guard.run("onExecuteCredentialsExchange", {
    client: { client_id: clientId, name: "some client" },
    resource_server: { identifier: audience },
    secrets: withSecrets,
  });
}

describe("the synthesized credentials-exchange guard", () => {
  it("lets the stack's M2M client and an approved extra client get a facade token", async () => {
    expect((await exchange(M2M, AUDIENCE, secrets)).denies).toEqual([]);
    expect((await exchange(SUPPORT, AUDIENCE, secrets)).denies).toEqual([]);
  });

  it("denies a client that is not on the approved list", async () => {
    expect((await exchange("SomeOtherClient0000000000000000", AUDIENCE, secrets)).denies).toEqual([
      ["invalid_request", "this client is not approved for the facade API"],
    ]);
  });

  it("leaves token requests for other APIs untouched", async () => {
    expect((await exchange("SomeOtherClient0000000000000000", "https://billing.example/", secrets)).denies).toEqual([]);
  });

  it.each([
    ["no secrets at all", undefined],
    ["no approved list", { FACADE_AUDIENCE: AUDIENCE }],
    ["an empty approved list", { FACADE_AUDIENCE: AUDIENCE, APPROVED_CLIENT_IDS: "" }],
    ["an empty entry in the list", { FACADE_AUDIENCE: AUDIENCE, APPROVED_CLIENT_IDS: `${M2M},,${SUPPORT}` }],
    ["a malformed entry in the list", { FACADE_AUDIENCE: AUDIENCE, APPROVED_CLIENT_IDS: `${M2M},not a client id` }],
    ["no audience", { APPROVED_CLIENT_IDS: M2M }],
    ["a blank audience", { FACADE_AUDIENCE: "  ", APPROVED_CLIENT_IDS: M2M }],
  ])("denies everything but the tenant's Management API, approved clients and other APIs alike, with %s", async (_, broken) => {
    for (const [client, audience] of [
      [M2M, AUDIENCE],
      [M2M, "https://billing.example/"],
      [M2M, undefined],
      [M2M, "https://acme-dev.eu.auth0.com/api/v2"],
    ]) {
      expect((await exchange(client, audience, broken)).denies).toEqual([["server_error", "the facade access guard is misconfigured"]]);
    }
    // The deployment application's token: Terraform can still log in and repair the guard.
    expect((await exchange("DeploymentApp0000000000000000000", "https://acme-dev.eu.auth0.com/api/v2/", broken)).denies).toEqual([]);
  });

  it("denies an unreadable client or audience, without throwing", async () => {
    expect(await exchange(undefined, AUDIENCE, secrets)).toEqual({
      denies: [["invalid_request", "this client is not approved for the facade API"]],
      customClaims: {},
    });
    expect(await exchange(M2M, undefined, secrets)).toEqual({ denies: [["invalid_request", "the requested audience is unreadable"]], customClaims: {} });
    const noClient = await guard.run("onExecuteCredentialsExchange", { resource_server: { identifier: AUDIENCE }, secrets });
    expect(noClient).toEqual({ denies: [["invalid_request", "this client is not approved for the facade API"]], customClaims: {} });
    const noResourceServer = await guard.run("onExecuteCredentialsExchange", { client: { client_id: M2M }, secrets });
    expect(noResourceServer).toEqual({ denies: [["invalid_request", "the requested audience is unreadable"]], customClaims: {} });
  });

  it("reads an approved list written with spaces around the commas", async () => {
    const spaced = { FACADE_AUDIENCE: ` ${AUDIENCE} `, APPROVED_CLIENT_IDS: ` ${M2M} , ${SUPPORT} ` };
    expect((await exchange(SUPPORT, AUDIENCE, spaced)).denies).toEqual([]);
    expect((await exchange("SomeOtherClient0000000000000000", AUDIENCE, spaced)).denies).toHaveLength(1);
  });
});
