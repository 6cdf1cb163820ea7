import { beforeAll, describe, expect, it } from "vitest";
import { ActionContainer } from "../support/auth0-sandbox";
import { boundAction, synthesizeExamples } from "../support/synthesized-examples";

const AUDIENCE = "https://legacy-facade.dev.acme.example/";

let guard: ActionContainer;
beforeAll(() => {
  guard = new ActionContainer(boundAction(synthesizeExamples().stacks.dev, "post-login").code);
});

const SECRETS = { FACADE_AUDIENCE: AUDIENCE };
const login = (event: Record<string, unknown>, secrets: Record<string, unknown> | undefined = SECRETS) =>
  guard.run("onExecutePostLogin", { ...event, secrets });

describe("the synthesized post-login guard", () => {
  it("denies a login that asks for the facade audience", async () => {
    expect((await login({ resource_server: { identifier: AUDIENCE } })).denies).toEqual([["the facade API does not accept user tokens"]]);
  });

  it("denies it when the audience only shows in the /authorize query or body", async () => {
    expect((await login({ request: { query: { audience: AUDIENCE } } })).denies).toHaveLength(1);
    expect((await login({ request: { body: { audience: ` ${AUDIENCE}` } } })).denies).toHaveLength(1);
  });

  it("lets ordinary logins through", async () => {
    expect((await login({ resource_server: { identifier: "https://app.example/" }, request: { query: {} } })).denies).toEqual([]);
  });

  it("denies every login when its secret is missing or blank (fail closed)", async () => {
    expect((await guard.run("onExecutePostLogin", {})).denies).toEqual([["the facade login guard is misconfigured"]]);
    expect((await login({}, { FACADE_AUDIENCE: "" })).denies).toEqual([["the facade login guard is misconfigured"]]);
  });
});
