import { describe, expect, it } from "vitest";
import { FIXTURE_STAGES } from "../support/stage-files";
import { loadStages } from "../../lib/config/load-stages";
import { providerEnvironmentProblems } from "../../lib/config/provider-environment";

const [dev] = loadStages(FIXTURE_STAGES, ["dev"]);
const NONE_SET =
  "environment: no Auth0 credentials are set for stage dev (test/fixtures/stages/dev.json): expected AUTH0_CLIENT_ID with AUTH0_CLIENT_SECRET (or with AUTH0_CLIENT_ASSERTION_PRIVATE_KEY and AUTH0_CLIENT_ASSERTION_SIGNING_ALG), or AUTH0_API_TOKEN";
const SECRET_MISSING = NONE_SET.replace("no Auth0 credentials are set", "AUTH0_CLIENT_SECRET is missing");

describe("the provider's environment", () => {
  it.each([
    ["a client ID and secret", { AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_SECRET: "secret" }],
    ["a Management API token", { AUTH0_API_TOKEN: "token" }],
    ["a client ID with a private key and its algorithm", { AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: "key", AUTH0_CLIENT_ASSERTION_SIGNING_ALG: "RS256" }],
  ])("is enough with %s", (_, env) => {
    expect(providerEnvironmentProblems(dev, env)).toEqual([]);
  });

  it.each([
    ["nothing", {}, NONE_SET],
    ["a client ID alone", { AUTH0_CLIENT_ID: "id" }, SECRET_MISSING],
    ["a blank secret", { AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_SECRET: "   " }, SECRET_MISSING],
    ["a private key without its algorithm", { AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: "key" }, SECRET_MISSING],
    ["an algorithm without its private key", { AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_ASSERTION_SIGNING_ALG: "RS256" }, SECRET_MISSING],
    ["a private key and algorithm without a client ID", { AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: "key", AUTH0_CLIENT_ASSERTION_SIGNING_ALG: "RS256" }, NONE_SET],
  ])("is refused with %s", (_, env, problem) => {
    expect(providerEnvironmentProblems(dev, env)).toEqual([problem]);
  });

  it("refuses credentials meant for another tenant, naming the domains and never a secret", () => {
    const env = { AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_SECRET: "s3cr3t-value", AUTH0_DOMAIN: "acme-prod.eu.auth0.com" };
    const problems = providerEnvironmentProblems(dev, env);
    expect(problems).toEqual([
      "environment: AUTH0_DOMAIN is acme-prod.eu.auth0.com but stage dev (test/fixtures/stages/dev.json) deploys to acme-dev.eu.auth0.com: the credentials are probably for another tenant (unset AUTH0_DOMAIN or fix it)",
    ]);
    expect(problems.join()).not.toContain("s3cr3t-value");
  });

  it.each([" acme-dev.eu.auth0.com ", ""])("takes AUTH0_DOMAIN %j (the stage's own, or unset)", (domain) => {
    expect(providerEnvironmentProblems(dev, { AUTH0_API_TOKEN: "token", AUTH0_DOMAIN: domain })).toEqual([]);
  });
});
