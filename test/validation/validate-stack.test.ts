import { beforeAll, describe, expect, it } from "vitest";
import { loadStages } from "../../lib/config/load-stages";
import type { StackDocument } from "../../lib/synthesized/synthesized-stack";
import { readProviderSchema, type ProviderSchema } from "../../lib/validation/provider-schema";
import { formatSchemaProblem } from "../../lib/validation/schema-problem";
import { validateStack } from "../../lib/validation/validate-stack";
import { validateSynthesized } from "../../lib/validation/validate-synthesized";
import { configFolder, exampleStage } from "../support/stage-files";
import { legacyAuthenticationStage } from "../support/stage-variants";
import { synthesizeExamples, type SynthesizedExamples } from "../support/synthesized-examples";

let schema: ProviderSchema;
let examples: SynthesizedExamples;
beforeAll(() => {
  schema = readProviderSchema();
  examples = synthesizeExamples();
});

/** A deep copy of the dev stack, for a test to break. */
function devDocument(): Record<string, any> {
  return structuredClone(examples.stacks.dev.document) as Record<string, any>;
}

function only(document: Record<string, any>, type: string): Record<string, any> {
  const bodies = Object.values(document.resource[type] as Record<string, Record<string, any>>);
  expect(bodies).toHaveLength(1);
  return bodies[0];
}

function problems(document: Record<string, any>, stage = "dev"): string[] {
  return validateStack(stage, document as StackDocument, schema).map(formatSchemaProblem);
}

describe("offline validation against the committed provider schema", () => {
  it("finds nothing to report in the example stacks", () => {
    const { stages, problems: found } = validateSynthesized(examples.outdir, schema);
    expect(stages).toEqual(["dev", "prod"]);
    expect(found).toEqual([]);
  });

  it("finds nothing to report in the other shapes a stage can take: every script, secrets in state, a CA-issued facade", () => {
    const state = exampleStage("dev");
    state.actionSecrets = "state";
    state.facade.certificate = { type: "ca-issued" };
    const variants = [legacyAuthenticationStage(), loadStages(configFolder({ "dev.json": state }))[0]];
    for (const config of variants) {
      const { stacks } = synthesizeExamples([config]);
      expect(problems(stacks.dev.document as Record<string, any>)).toEqual([]);
    }
  });

  it("catches a misspelled attribute, naming the construct, the address and the likely intent", () => {
    const document = devDocument();
    const client = only(document, "auth0_client");
    client.grant_typse = client.grant_types;
    delete client.grant_types;
    expect(problems(document)).toEqual([
      "dev/FacadeClient/Client (auth0_client.FacadeClient_4960F1AA): grant_typse: unknown attribute or block (did you mean grant_types?)",
    ]);
  });

  it("catches a missing required attribute, naming the construct and the address", () => {
    const document = devDocument();
    delete only(document, "auth0_connection").strategy;
    expect(problems(document)).toEqual([
      "dev/CustomDatabase/Connection (auth0_connection.CustomDatabase_Connection_F257C256): strategy: required attribute is missing",
    ]);
  });

  it("catches a misspelled option deep inside a nested block, with its full field path", () => {
    const document = devDocument();
    only(document, "auth0_connection").options.password_dictionary = { enabled: true };
    expect(problems(document)).toEqual([
      "dev/CustomDatabase/Connection (auth0_connection.CustomDatabase_Connection_F257C256): options.password_dictionary.enabled: unknown attribute or block (did you mean enable?)",
    ]);
  });

  it("catches wrong types, and accepts what Terraform converts on its own or computes from an expression", () => {
    const document = devDocument();
    const api = only(document, "auth0_resource_server");
    api.token_lifetime = "ten minutes";
    api.allow_offline_access = "no";
    api.token_lifetime_for_web = "600"; // Terraform converts a numeric string
    api.signing_alg = 256; // and a number to a string
    only(document, "auth0_client").grant_types = "client_credentials";
    only(document, "auth0_connection").options.configuration = { TIMEOUT: 5000, NESTED: { no: "maps of maps" } };
    Object.values(document.resource.auth0_client_grant as Record<string, Record<string, unknown>>)[0].scopes = "${var.scopes}";
    expect(problems(document)).toEqual([
      'dev/FacadeClient/Client (auth0_client.FacadeClient_4960F1AA): grant_types: expected list of string, found string "client_credentials"',
      "dev/CustomDatabase/Connection (auth0_connection.CustomDatabase_Connection_F257C256): options.configuration.NESTED: expected string, found an object",
      'dev/ProtectedApi/ResourceServer (auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31): allow_offline_access: expected bool, found string "no"',
      'dev/ProtectedApi/ResourceServer (auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31): token_lifetime: expected number, found string "ten minutes"',
    ]);
  });

  it("checks how many nested blocks a block type takes", () => {
    const document = devDocument();
    const actions = Object.values(document.resource.auth0_action as Record<string, Record<string, any>>);
    actions[0].supported_triggers = [
      { id: "credentials-exchange", version: "v2" },
      { id: "post-login", version: "v3" },
    ];
    delete actions[1].supported_triggers;
    only(document, "auth0_resource_server_scopes").scopes = [];
    expect(problems(document)).toEqual([
      "dev/ExchangeGuard/Guard/Action (auth0_action.ExchangeGuard_Action_C256E679): supported_triggers: at most 1 block allowed (list nesting), found 2",
      "dev/LoginGuard/Guard/Action (auth0_action.LoginGuard_Action_1DEF15BE): supported_triggers: required block is missing (at least 1)",
      "dev/ProtectedApi/Scopes (auth0_resource_server_scopes.ProtectedApi_Scopes_1EAE1DD7): scopes: at least 1 block required, found 0",
    ]);
  });

  it("rejects setting a read-only attribute, an unknown resource type, and a resource of a provider without a schema", () => {
    const document = devDocument();
    only(document, "auth0_client").client_id = "Vq3hT8kLmZ2xR7nB4cWp9sYd6fGj1aEu";
    document.resource.auth0_resourceserver = { Api: { identifier: "x" } };
    document.resource.random_password = { Secret: { length: 48 } };
    expect(problems(document)).toEqual([
      "dev/FacadeClient/Client (auth0_client.FacadeClient_4960F1AA): client_id: read-only attribute (computed by the provider), cannot be set",
      "dev/auth0_resourceserver.Api (auth0_resourceserver.Api): unknown resource type auth0_resourceserver in auth0 1.55.0 (did you mean auth0_resource_server?)",
      "dev/random_password.Secret (random_password.Secret): no committed schema for the provider of random_password (only auth0 1.55.0): commit its schema to validate it",
    ]);
  });

  it("checks the provider block and the data sources too", () => {
    const document = devDocument();
    document.provider.auth0 = [{ domian: "acme-dev.eu.auth0.com", alias: "dev" }];
    Object.values(document.data.auth0_outbound_ips as Record<string, Record<string, unknown>>)[0].regions = [];
    expect(problems(document)).toEqual([
      "dev (stack) (provider.auth0): domian: unknown attribute or block (did you mean domain?)",
      "dev/OutboundIpAllowlist/Ranges (data.auth0_outbound_ips.OutboundIpAllowlist_Ranges_B74128F2): regions: read-only attribute (computed by the provider), cannot be set",
    ]);
  });

  it("ignores Terraform's meta-arguments and cdktf's metadata", () => {
    const document = devDocument();
    Object.assign(only(document, "auth0_client"), {
      depends_on: ["auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31"],
      lifecycle: { prevent_destroy: true },
      count: 1,
      provider: "auth0.other",
    });
    expect(problems(document)).toEqual([]);
  });

  it("refuses to vouch for a provider version other than the committed schema's", () => {
    const document = devDocument();
    document.terraform.required_providers.auth0.version = "1.60.0";
    expect(problems(document)).toEqual([
      "dev (stack) (terraform.required_providers.auth0): version: the stack requires auth0 1.60.0 but is validated against the committed schema of 1.55.0: commit that version's schema (terraform providers schema -json)",
    ]);
  });
});
