import { beforeEach, describe, expect, it } from "vitest";
import type { ReviewInput } from "../../../lib/review/review-input";
import type { Rule } from "../../../lib/review/rule";
import { apiClientsRequireGrant } from "../../../lib/review/rules/api-clients-require-grant";
import { apiUsersDenyAll } from "../../../lib/review/rules/api-users-deny-all";
import { connectionAsDeclared } from "../../../lib/review/rules/connection-as-declared";
import { facadeAccessAsDeclared } from "../../../lib/review/rules/facade-access-as-declared";
import { facadePinsRule } from "../../../lib/review/rules/facade-pins";
import { m2mClientCredentialsOnly } from "../../../lib/review/rules/m2m-client-credentials-only";
import { type Body, connectionConfiguration, exampleInputs, facadeApi, messagesOf, mutated, resourceBody } from "../support/review-inputs";

/**
 * Synthesized JSON can be overridden or hand-edited: each rule reports an attribute that
 * is missing or of the wrong type by name, instead of passing it or crashing.
 */
let dev: ReviewInput;
beforeEach(() => {
  dev = exampleInputs().dev;
});

const client = (document: Body) => resourceBody(document, "auth0_client", "/FacadeClient/Client");
const grant = (document: Body) => resourceBody(document, "auth0_client_grant", "/FacadeClient/Grant");

const CASES: readonly (readonly [string, Rule, (document: Body) => void, string])[] = [
  [
    "an undeclared user policy",
    apiUsersDenyAll,
    (document) => delete facadeApi(document).subject_type_authorization.user.policy,
    "the facade API's user policy is not declared, so the tenant default applies: allow_all; it must be deny_all",
  ],
  [
    "a user policy of another type",
    apiUsersDenyAll,
    (document) => (facadeApi(document).subject_type_authorization.user.policy = 7),
    "the facade API's user policy is 7; it must be deny_all",
  ],
  [
    "an unreadable user policy",
    apiUsersDenyAll,
    (document) => (facadeApi(document).subject_type_authorization.user.policy = "${var.policy}"),
    "the facade API's user policy is unreadable (${var.policy}); it must be deny_all",
  ],
  [
    "an undeclared client policy",
    apiClientsRequireGrant,
    (document) => delete facadeApi(document).subject_type_authorization.client,
    "the facade API's client policy is not declared, so the tenant's setting applies, which this review cannot see; it must be require_client_grant",
  ],
  [
    "an allow_all client policy",
    apiClientsRequireGrant,
    (document) => (facadeApi(document).subject_type_authorization.client.policy = "allow_all"),
    "the facade API's client policy is allow_all; it must be require_client_grant",
  ],
  [
    "an unreadable client policy",
    apiClientsRequireGrant,
    (document) => (facadeApi(document).subject_type_authorization.client.policy = ["x"]),
    'the facade API\'s client policy is ["x"]; it must be require_client_grant',
  ],
  [
    "undeclared grant types",
    m2mClientCredentialsOnly,
    (document) => delete client(document).grant_types,
    "the scripts' M2M client's grant types are not declared, so Auth0 applies its default grant types; it must allow client_credentials only",
  ],
  [
    "unreadable grant types",
    m2mClientCredentialsOnly,
    (document) => (client(document).grant_types = "client_credentials"),
    "the scripts' M2M client's grant types are unreadable (\"client_credentials\"); it must allow client_credentials only",
  ],
  [
    "no grant type",
    m2mClientCredentialsOnly,
    (document) => (client(document).grant_types = []),
    "the scripts' M2M client allows no grant type at all; it must allow client_credentials only",
  ],
  [
    "an undeclared facade URL",
    connectionAsDeclared,
    (document) => delete connectionConfiguration(document).FACADE_URL,
    "options.configuration lacks FACADE_URL",
  ],
  [
    "a facade URL that is no URL",
    connectionAsDeclared,
    (document) => (connectionConfiguration(document).FACADE_URL = "legacy facade"),
    'configuration FACADE_URL is "legacy facade"; test/fixtures/stages/dev.json implies "https://legacy-facade.dev.acme.example"',
  ],
  [
    "pins that are a reference, not a literal",
    facadePinsRule,
    (document) => (connectionConfiguration(document).FACADE_CERT_SHA256 = "${var.pins}"),
    'configuration FACADE_CERT_SHA256 is not a literal ("${var.pins}"): the review cannot check the pins',
  ],
  [
    "undeclared pins for a self-signed certificate",
    facadePinsRule,
    (document) => delete connectionConfiguration(document).FACADE_CERT_SHA256,
    "FACADE_CERT_SHA256 is empty although test/fixtures/stages/dev.json declares the facade certificate self-signed: nothing pins it",
  ],
  [
    "unreadable grant scopes",
    facadeAccessAsDeclared,
    (document) => (grant(document).scopes = "users:read"),
    'the facade grant\'s scopes are unreadable ("users:read")',
  ],
  [
    "an unreadable grant client",
    facadeAccessAsDeclared,
    (document) => (grant(document).client_id = ["x"]),
    'the facade grant\'s client_id is unreadable (["x"])',
  ],
];

describe("rules on odd shapes", () => {
  it.each(CASES)("name %s", (_, rule, change, message) => {
    expect(messagesOf(rule, mutated(dev, change))).toContain(message);
  });
});
