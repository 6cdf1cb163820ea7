import { beforeEach, describe, expect, it } from "vitest";
import { escapeTerraformTemplate, unescapeTerraformTemplate } from "../../lib/bundling/terraform-template";
import type { ReviewInput } from "../../lib/review/review-input";
import { reviewStage } from "../../lib/review/review-stage";
import {
  actionSecret,
  connectionConfiguration,
  connectionOptions,
  exampleInputs,
  exchangeGuard,
  facadeApi,
  mutated,
  resourceBody,
  type Body,
} from "./support/review-inputs";

/**
 * Each edit an attacker with write access to the stack could make (an addOverride in
 * shared code, a Terraform override file, a careless Dashboard-inspired edit), and the
 * review's verdict on it: every one fails the review, with the message that says why.
 */

let dev: ReviewInput;
beforeEach(() => {
  dev = exampleInputs().dev;
});

/** Every open error of the review, as `rule: message`. */
function errors(input: ReviewInput): string[] {
  return reviewStage(input)
    .findings.filter((finding) => finding.severity === "error" && finding.suppression === undefined)
    .map((finding) => `${finding.ruleId}: ${finding.message}`);
}

const CONNECTION = "/CustomDatabase/Connection";
const connection = (document: Body) => resourceBody(document, "auth0_connection", CONNECTION);
const loginGuard = (document: Body) => resourceBody(document, "auth0_action", "/LoginGuard/Guard/Action");
const exchangeBinding = (document: Body) => resourceBody(document, "auth0_trigger_action", "/ExchangeGuard/Guard/Binding");

/** The login script with `edit` applied to its text as Auth0 would run it. */
function editedLogin(input: ReviewInput, edit: (code: string) => string): ReviewInput {
  return mutated(input, (document) => {
    const scripts = connectionOptions(document).custom_scripts;
    scripts.login = escapeTerraformTemplate(edit(unescapeTerraformTemplate(scripts.login)));
  });
}

/** The login script with a statement added right after its "use strict". */
const withStatement = (input: ReviewInput, statement: string) => editedLogin(input, (code) => code.replace('"use strict";\n', `"use strict";\n${statement}\n`));

describe("evasions of the guards", () => {
  it("the exchange guard's code replaced by a no-op", () => {
    const input = mutated(dev, (document) => (exchangeGuard(document).code = "exports.onExecuteCredentialsExchange = async () => {};\n"));
    expect(errors(input)).toEqual([
      expect.stringMatching(
        /^code-matches-bundle: the Action legacy-users-facade-exchange-guard \(sha256 [0-9a-f]{16}, 55 bytes\) is not the bundle of actions\/credentials-exchange\/index\.ts \(sha256 [0-9a-f]{16}, \d+ bytes\)$/,
      ),
    ]);
  });

  it("the login guard's code replaced by a no-op", () => {
    const input = mutated(dev, (document) => (loginGuard(document).code = "exports.onExecutePostLogin = async () => {};\n"));
    expect(errors(input)).toEqual([
      expect.stringMatching(/^code-matches-bundle: the Action legacy-users-facade-login-guard .* is not the bundle of actions\/post-login-guard\/index\.ts/),
    ]);
  });

  it("the deny made dead", () => {
    const input = mutated(dev, (document) => {
      const guard = exchangeGuard(document);
      guard.code = guard.code.replace("if (!approved.has(", "if (false && !approved.has(");
    });
    expect(errors(input)).toEqual([expect.stringMatching(/^code-matches-bundle: the Action legacy-users-facade-exchange-guard/)]);
  });

  it("the pin check made dead", () => {
    const input = editedLogin(dev, (code) => code.replace("if (!pinSet.has(fingerprintOf(socket))) {", "if (false && !pinSet.has(fingerprintOf(socket))) {"));
    expect(errors(input)).toEqual([
      expect.stringMatching(/^code-matches-bundle: the login script \(sha256 [0-9a-f]{16}, \d+ bytes\) is not the bundle of scripts\/login\.ts/),
    ]);
  });

  it("the exchange guard's binding given count = 0", () => {
    const input = mutated(dev, (document) => (exchangeBinding(document).count = 0));
    expect(errors(input)).toEqual([
      "exchange-guard-bound: the credentials-exchange guard never runs: no binding of the stage's tenant binds it to credentials-exchange",
      "terraform-meta-arguments: count = 0: Terraform makes no instance of it, so it does not exist",
    ]);
  });

  it("the guard and its binding moved to another provider alias (another tenant)", () => {
    const input = mutated(dev, (document) => {
      exchangeGuard(document).provider = "auth0.other";
      exchangeBinding(document).provider = "auth0.other";
      document.provider.auth0.push({ alias: "other", domain: "attacker.eu.auth0.com" });
    });
    expect(errors(input)).toEqual([
      'exchange-guard-bound: no credentials-exchange Action of the stage\'s tenant guards the facade audience "https://legacy-facade.dev.acme.example/"',
      'terraform-meta-arguments: provider = "auth0.other": it is applied with another provider configuration (another tenant), not the stage\'s',
      'terraform-meta-arguments: provider = "auth0.other": it is applied with another provider configuration (another tenant), not the stage\'s',
    ]);
  });

  it("an auth0_trigger_actions that owns the credentials-exchange trigger with another Action", () => {
    const input = mutated(dev, (document) => {
      document.resource.auth0_trigger_actions = {
        Flow: {
          "//": { metadata: { path: "dev/Flow" } },
          trigger: "credentials-exchange",
          actions: [{ id: "${auth0_action.Other.id}", display_name: "other" }],
        },
      };
    });
    expect(errors(input)).toEqual(["guarded-triggers-owned: an auth0_trigger_actions owns the whole credentials-exchange trigger, which the guard holds"]);
  });
});

describe("evasions of the connection", () => {
  it("TOKEN_URL pointed at another host: the M2M client secret would be POSTed there", () => {
    const input = mutated(dev, (document) => (connectionConfiguration(document).TOKEN_URL = "https://collector.attacker.example/oauth/token"));
    expect(errors(input)).toEqual([
      'connection-as-declared: configuration TOKEN_URL is "https://collector.attacker.example/oauth/token"; test/fixtures/stages/dev.json implies "https://acme-dev.eu.auth0.com/oauth/token"',
    ]);
  });

  it("FACADE_URL pointed elsewhere: every password would be sent there", () => {
    const input = mutated(dev, (document) => (connectionConfiguration(document).FACADE_URL = "https://legacy-facade.attacker.example"));
    expect(errors(input)).toEqual([
      'connection-as-declared: configuration FACADE_URL is "https://legacy-facade.attacker.example"; test/fixtures/stages/dev.json implies "https://legacy-facade.dev.acme.example"',
    ]);
  });

  it('enabled_database_customization written as the string "true" and strategy as ${"auth0"}: read as Terraform converts them, not skipped', () => {
    const input = mutated(dev, (document) => {
      connection(document).strategy = '${"auth0"}';
      connectionOptions(document).enabled_database_customization = "true";
      connectionOptions(document).brute_force_protection = false;
      connectionConfiguration(document).FACADE_URL = "http://legacy-facade.dev.acme.example";
      connectionConfiguration(document).FACADE_CERT_SHA256 = "";
    });
    expect(errors(input)).toEqual([
      'connection-as-declared: configuration FACADE_URL is "http://legacy-facade.dev.acme.example"; test/fixtures/stages/dev.json implies "https://legacy-facade.dev.acme.example"',
      "connection-brute-force-protection: brute-force protection is false; it must be true",
      "facade-pins: FACADE_CERT_SHA256 is empty although test/fixtures/stages/dev.json declares the facade certificate self-signed: nothing pins it",
    ]);
  });

  it("an extra auth0_connection_client enabling another application", () => {
    const input = mutated(dev, (document) => {
      document.resource.auth0_connection_client = {
        Extra: {
          "//": { metadata: { path: "dev/Extra" } },
          connection_id: "${auth0_connection.CustomDatabase_Connection_F257C256.id}",
          client_id: "Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk",
        },
      };
    });
    expect(errors(input)).toEqual([
      'connection-as-declared: an auth0_connection_client enables "Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk" for the connection, beyond connection.enabledClients',
    ]);
  });

  it.each([
    ["base64decode", '${base64decode("bXktbGl0ZXJhbC1tMm0tc2VjcmV0LXZhbHVl")}'],
    ["join", '${join("", ["my-literal-", "m2m-secret-value"])}'],
  ])("a literal CLIENT_SECRET hidden in %s", (_, value) => {
    const input = mutated(dev, (document) => (connectionConfiguration(document).CLIENT_SECRET = value));
    expect(errors(input)).toEqual([
      "connection-as-declared: configuration CLIENT_SECRET must reference the M2M client's credentials (auth0_client_credentials.<name>.client_secret), not a literal",
      "no-literal-secrets: options.configuration.CLIENT_SECRET is a literal value (27 characters) where a Terraform reference or a write-only input belongs",
    ]);
  });
});

describe("evasions of who may get a facade token", () => {
  it("allow_all_scopes = true on a grant: the password-check scope for the support console", () => {
    const input = mutated(
      dev,
      (document) => (resourceBody(document, "auth0_client_grant", "/ApprovedClient-Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja").allow_all_scopes = true),
    );
    expect(errors(input)).toEqual([
      "facade-access-as-declared: the facade grant sets allow_all_scopes = true: every scope of the API, the password check included",
    ]);
  });

  it("a new client granted and added to APPROVED_CLIENT_IDS, which no stage file declares", () => {
    const input = mutated(dev, (document) => {
      document.resource.auth0_client_grant.Rogue = {
        "//": { metadata: { path: "dev/Rogue" } },
        client_id: "Rr1Oo2Gg3Uu4Ee5Cc6Ll7Ii8Ee9Nn0Tt",
        audience: "${auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31.identifier}",
        scopes: ["users:authenticate"],
        subject_type: "client",
      };
      const secret = actionSecret(exchangeGuard(document), "APPROVED_CLIENT_IDS");
      secret.value = secret.value.replace('"])}', '", "Rr1Oo2Gg3Uu4Ee5Cc6Ll7Ii8Ee9Nn0Tt"])}');
    });
    expect(errors(input)).toEqual([
      "facade-access-as-declared: the facade grant is for Rr1Oo2Gg3Uu4Ee5Cc6Ll7Ii8Ee9Nn0Tt (not in test/fixtures/stages/dev.json), which test/fixtures/stages/dev.json does not approve",
      "guard-approves-granted-clients: the guard approves Rr1Oo2Gg3Uu4Ee5Cc6Ll7Ii8Ee9Nn0Tt (not in test/fixtures/stages/dev.json), which test/fixtures/stages/dev.json does not let get facade tokens",
    ]);
  });

  it("an extra auth0_resource_server_scope", () => {
    const input = mutated(dev, (document) => {
      document.resource.auth0_resource_server_scope = {
        Delete: {
          "//": { metadata: { path: "dev/Delete" } },
          resource_server_identifier: "${auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31.identifier}",
          scope: "users:delete",
        },
      };
    });
    expect(errors(input)).toEqual(['api-as-declared: an auth0_resource_server_scope adds "users:delete" to the facade API, beyond the scopes the scripts use']);
  });

  it("the M2M client re-typed regular_web with password grants", () => {
    const input = mutated(dev, (document) => {
      const client = resourceBody(document, "auth0_client", "/FacadeClient/Client");
      client.app_type = "regular_web";
      client.grant_types = ["client_credentials", "password"];
    });
    expect(errors(input)).toEqual([
      'm2m-client-credentials-only: the scripts\' M2M client has app_type "regular_web"; it must be non_interactive (machine to machine, no user flows)',
      "m2m-client-credentials-only: the scripts' M2M client allows password besides client_credentials",
    ]);
  });
});

describe("evasions of the facade API", () => {
  it("lifecycle.ignore_changes on subject_type_authorization", () => {
    const input = mutated(dev, (document) => (facadeApi(document).lifecycle = { ignore_changes: ["subject_type_authorization"] }));
    expect(errors(input)).toEqual([
      "terraform-meta-arguments: lifecycle.ignore_changes = [subject_type_authorization]: Terraform would leave a drift of subject_type_authorization in place, so what the review read is not what the tenant holds",
    ]);
  });

  it("a 24 h token lifetime, written as Terraform would convert it", () => {
    const input = mutated(dev, (document) => {
      facadeApi(document).token_lifetime = "${60 * 60 * 24}";
      facadeApi(document).token_lifetime_for_web = "86400";
    });
    expect(errors(input)).toEqual([
      "api-as-declared: token_lifetime is 86400; test/fixtures/stages/dev.json sets 600 s (accessToken.lifetimeSeconds): a leaked facade token opens the legacy store until it expires",
      'api-as-declared: token_lifetime_for_web is "86400"; test/fixtures/stages/dev.json sets 600 s (accessToken.lifetimeSeconds): a leaked facade token opens the legacy store until it expires',
    ]);
  });

  it("allow_offline_access", () => {
    const input = mutated(dev, (document) => (facadeApi(document).allow_offline_access = true));
    expect(errors(input)).toEqual(["api-as-declared: allow_offline_access is true; it must be false: a refresh token keeps facade access alive indefinitely"]);
  });
});

describe("code obfuscations, read from the syntax tree", () => {
  it.each([
    [
      "process.env['NODE_TLS_' + 'REJECT_UNAUTHORIZED'] = '0';",
      [
        "code-no-process: login script, line 3: touches process",
        "code-tls-verification: login script, line 3: names NODE_TLS_REJECT_UNAUTHORIZED, which disables certificate verification for the whole process",
      ],
    ],
    [
      "const weak = { rejectUnauthorized: !!0 };",
      [
        'code-tls-verification: login script, line 3: sets or names rejectUnauthorized other than as the pinned agent\'s "rejectUnauthorized: <pins>.size === 0", which can disable certificate verification',
      ],
    ],
    [
      "const weak = { ['reject' + 'Unauthorized']: false };",
      [
        'code-tls-verification: login script, line 3: sets or names rejectUnauthorized other than as the pinned agent\'s "rejectUnauthorized: <pins>.size === 0", which can disable certificate verification',
      ],
    ],
    ["globalThis['ev' + 'al']('1');", ["code-no-dynamic-code: login script, line 3: reaches eval through a member (globalThis.eval, ...)"]],
    [
      "[].constructor.constructor('return 1')();",
      [
        "code-no-dynamic-code: login script, line 3: reaches a constructor through .constructor, which builds functions from text",
        "code-no-dynamic-code: login script, line 3: reaches a constructor through .constructor, which builds functions from text",
      ],
    ],
    ["require('v' + 'm');", ['code-modules-allowed: login script, line 3: uses require other than as require("<allowed built-in>") with a literal name']],
    ["require('ht' + 'tp');", ['code-modules-allowed: login script, line 3: uses require other than as require("<allowed built-in>") with a literal name']],
    ["console['log'](password);", ["code-no-secret-logging: login script, line 3: console.log(...) writes password to the logs"]],
    [
      "const l = console.log; l(password);",
      ["code-no-secret-logging: login script, line 3: uses console other than by calling console.<method>(...) directly, so what it logs cannot be read"],
    ],
    // A hand-written lexer reads `/\//` as a comment start and skips the rest of the line.
    ["if (1) /\\//.test(''), require('http');", ['code-modules-allowed: login script, line 3: loads "http", which is not an allowed built-in']],
  ])("%s", (statement, expected) => {
    const found = errors(withStatement(dev, statement));
    expect(found.filter((line) => !line.startsWith("code-matches-bundle:"))).toEqual(expected);
    expect(found.some((line) => line.startsWith("code-matches-bundle: the login script"))).toBe(true);
  });
});

describe("the review of the example stages", () => {
  it("is clean", () => {
    const { dev: development, prod } = exampleInputs();
    expect([...errors(development), ...errors(prod)]).toEqual([]);
  });
});
