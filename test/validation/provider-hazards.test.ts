import { beforeAll, describe, expect, it } from "vitest";
import { CLIENT_SECRET_ROTATION_VARIABLE } from "../../lib/constructs/scripts-client";
import { CONFIGURATION_KEYS } from "../../contract/connection-configuration";
import { legacyAuthenticationStage } from "../support/stage-variants";
import { synthesizeExamples, type SynthesizedExamples } from "../support/synthesized-examples";

/**
 * What the stack does about the Auth0 provider's known hazards (docs/provider-hazards.md),
 * pinned so that a refactor cannot quietly undo it.
 */
let examples: SynthesizedExamples;
beforeAll(() => {
  examples = synthesizeExamples();
});

/**
 * `auth0_connection.options` replaces the whole options object on every update: an
 * option the stack stops declaring is reset to Auth0's default, not left alone. These
 * are all the options the stack declares; removing one must be a decision, taken here.
 */
const CONNECTION_OPTIONS = [
  "brute_force_protection",
  "configuration",
  "custom_scripts",
  "disable_signup",
  "enabled_database_customization",
  "import_mode",
  "password_dictionary",
  "password_no_personal_info",
  "password_policy",
  "requires_username",
];

describe("provider hazards", () => {
  it("declares the complete set of connection options in every stage and shape, since the provider replaces the whole object", () => {
    const stacks = [...Object.values(examples.stacks), synthesizeExamples([legacyAuthenticationStage()]).stacks.dev];
    for (const stack of stacks) {
      const [connection] = stack.ofType("auth0_connection");
      expect(Object.keys(connection.values.options as object).sort(), stack.stage).toEqual(CONNECTION_OPTIONS);
    }
  });

  it("keeps the connection's Terraform address and has Terraform refuse to destroy it: destroying a connection deletes all its users", () => {
    for (const stack of Object.values(examples.stacks)) {
      const connections = stack.ofType("auth0_connection");
      expect(connections.map((connection) => connection.address)).toEqual(["auth0_connection.CustomDatabase_Connection_F257C256"]);
      expect(connections[0].meta.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  /**
   * Auth0 keeps every configuration key it was ever given, and the provider fails every
   * apply whose configuration lacks one of them ("Unmanaged Configuration Secret"): once
   * applied, a key cannot simply be renamed or removed. Changing this list is a migration
   * (docs/provider-hazards.md, "Retiring a configuration key"), not a refactor.
   */
  it("writes exactly the configuration keys the scripts read, a contract with every tenant already deployed", () => {
    // Keys may be added (CLIENT_ASSERTION_KEY was, for private_key_jwt), never removed or renamed: Auth0 keeps every key applied once.
    const keys = [
      "CLIENT_ASSERTION_KEY",
      "CLIENT_ID",
      "CLIENT_SECRET",
      "FACADE_AUDIENCE",
      "FACADE_CERT_SHA256",
      "FACADE_TIMEOUT_MS",
      "FACADE_URL",
      "TOKEN_URL",
    ];
    expect(Object.values(CONFIGURATION_KEYS).sort()).toEqual(keys);
    for (const stack of [...Object.values(examples.stacks), synthesizeExamples([legacyAuthenticationStage()]).stacks.dev]) {
      const [connection] = stack.ofType("auth0_connection");
      expect(Object.keys((connection.values.options as { configuration: object }).configuration).sort(), stack.stage).toEqual(keys);
    }
  });

  it("keeps the Terraform addresses of the Actions and their bindings, so no refactor turns into a delete of a bound Action", () => {
    for (const stack of Object.values(examples.stacks)) {
      expect([...stack.ofType("auth0_action"), ...stack.ofType("auth0_trigger_action")].map((resource) => resource.address).sort()).toEqual([
        "auth0_action.ExchangeGuard_Action_C256E679",
        "auth0_action.LoginGuard_Action_1DEF15BE",
        "auth0_trigger_action.ExchangeGuard_Binding_6D66DE25",
        "auth0_trigger_action.LoginGuard_Binding_E3CC0BF3",
      ]);
    }
  });

  it("rotates the M2M client's secret through one optional, sensitive variable, so one apply sets the secret and then the connection", () => {
    for (const stack of Object.values(examples.stacks)) {
      expect(stack.document).toMatchObject({
        variable: { [CLIENT_SECRET_ROTATION_VARIABLE]: { type: "string", sensitive: true, nullable: true, default: null } },
      });
      const [credentials] = stack.ofType("auth0_client_credentials");
      expect(credentials.values.client_secret).toBe(`\${var.${CLIENT_SECRET_ROTATION_VARIABLE}}`);
      const [connection] = stack.ofType("auth0_connection");
      // The connection reads the secret from the credentials, so Terraform updates it after them.
      expect((connection.values.options as { configuration: Record<string, string> }).configuration.CLIENT_SECRET).toBe(
        `\${${credentials.address}.client_secret}`,
      );
    }
  });
});
