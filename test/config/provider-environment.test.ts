import { describe, expect, it } from "vitest";
import { FIXTURE_STAGES } from "../support/stage-files";
import { loadStages } from "../../lib/config/load-stages";
import { backendEnvironment, providerEnvironmentProblems } from "../../lib/config/provider-environment";

const [dev] = loadStages(FIXTURE_STAGES, ["dev"]);
const NONE_SET =
  "environment: no Auth0 credentials are set for stage dev (test/fixtures/stages/dev.json): expected AUTH0_CLIENT_ID with AUTH0_CLIENT_SECRET (or with AUTH0_CLIENT_ASSERTION_PRIVATE_KEY and AUTH0_CLIENT_ASSERTION_SIGNING_ALG), or AUTH0_API_TOKEN";
const SECRET_MISSING = NONE_SET.replace("no Auth0 credentials are set", "AUTH0_CLIENT_SECRET is missing");

describe("the provider's environment", () => {
  it.each([
    ["a client ID and secret", { AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_SECRET: "secret" }],
    ["a Management API token", { AUTH0_API_TOKEN: "token" }],
    [
      "a client ID with a private key and its algorithm",
      { AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: "key", AUTH0_CLIENT_ASSERTION_SIGNING_ALG: "RS256" },
    ],
  ])("is enough with %s", (_, env) => {
    expect(providerEnvironmentProblems(dev, env)).toEqual([]);
  });

  it.each([
    ["nothing", {}, NONE_SET],
    ["a client ID alone", { AUTH0_CLIENT_ID: "id" }, SECRET_MISSING],
    ["a blank secret", { AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_SECRET: "   " }, SECRET_MISSING],
    [
      "a private key without its algorithm",
      { AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: "key" },
      NONE_SET.replace("no Auth0 credentials are set", "AUTH0_CLIENT_ASSERTION_SIGNING_ALG is missing"),
    ],
    [
      "an algorithm without its private key",
      { AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_ASSERTION_SIGNING_ALG: "RS256" },
      NONE_SET.replace("no Auth0 credentials are set", "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY is missing"),
    ],
    [
      "a private key and algorithm without a client ID",
      { AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: "key", AUTH0_CLIENT_ASSERTION_SIGNING_ALG: "RS256" },
      NONE_SET.replace("no Auth0 credentials are set", "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY is set without AUTH0_CLIENT_ID"),
    ],
    [
      "a lone secret, without the client ID it belongs to",
      { AUTH0_CLIENT_SECRET: "secret" },
      NONE_SET.replace("no Auth0 credentials are set", "AUTH0_CLIENT_SECRET is set without AUTH0_CLIENT_ID"),
    ],
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

describe("the state backend's environment", () => {
  const [, prod] = loadStages(FIXTURE_STAGES, ["dev", "prod"]);
  const nothingOnDisk = () => false;
  const WHERE = "AWS credentials for the s3 backend of stage prod (test/fixtures/stages/prod.json)";

  it("needs nothing for local state", () => {
    expect(backendEnvironment(dev, {}, nothingOnDisk)).toEqual({ problems: [], notes: [] });
  });

  it.each([
    ["access keys", { AWS_ACCESS_KEY_ID: "AKIA", AWS_SECRET_ACCESS_KEY: "secret" }],
    ["a profile", { AWS_PROFILE: "deploy" }],
    ["web identity (GitHub OIDC)", { AWS_ROLE_ARN: "arn:aws:iam::1:role/deploy", AWS_WEB_IDENTITY_TOKEN_FILE: "/tmp/token" }],
  ])("takes %s for s3", (_, env) => {
    expect(backendEnvironment(prod, env, nothingOnDisk)).toEqual({ problems: [], notes: [] });
  });

  it("refuses half a credential, naming what is missing and never a value", () => {
    const result = backendEnvironment(prod, { AWS_ACCESS_KEY_ID: "AKIASECRETVALUE" }, nothingOnDisk);
    expect(result.problems).toEqual([`environment: AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY, ${WHERE}`]);
    expect(result.problems.join()).not.toContain("AKIASECRETVALUE");
  });

  it("notes, without failing, when nothing is visible: an instance role or a CLI login may provide them", () => {
    expect(backendEnvironment(prod, {}, nothingOnDisk).notes).toEqual([
      `environment: no ${WHERE} in the environment (AWS_ACCESS_KEY_ID with AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE, or AWS_CONTAINER_CREDENTIALS_FULL_URI, or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI): fine only where the machine's role or a CLI login provides them`,
    ]);
    expect(backendEnvironment(prod, {}, (path) => path === "/home/ci/.aws/credentials", "/home/ci").notes).toEqual([]);
  });

  it("reads the token HCP Terraform's CLI would use for the backend's host", () => {
    const hcp = { ...prod, backend: { type: "hcp-terraform" as const, organization: "acme", workspace: "auth0-prod", hostname: "tfe.acme-corp.example" } };
    expect(backendEnvironment(hcp, { TF_TOKEN_tfe_acme__corp_example: "token" }, nothingOnDisk)).toEqual({ problems: [], notes: [] });
  });
});
