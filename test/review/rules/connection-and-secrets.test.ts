import { beforeEach, describe, expect, it } from "vitest";
import type { ReviewInput } from "../../../lib/review/review-input";
import { connectionBruteForceProtection } from "../../../lib/review/rules/connection-brute-force-protection";
import { connectionAsDeclared } from "../../../lib/review/rules/connection-as-declared";
import { facadePinsRule } from "../../../lib/review/rules/facade-pins";
import { noLiteralSecrets } from "../../../lib/review/rules/no-literal-secrets";
import {
  connectionConfiguration,
  connectionOptions,
  exampleInputs,
  messagesOf,
  mutated,
  resourceBody,
  violationsOf,
  weakenedStage,
} from "../support/review-inputs";

let examples: Record<"dev" | "prod", ReviewInput>;
beforeEach(() => {
  examples = exampleInputs();
});

const PIN = "5e2b791c0a8fd463b79011e42a6cf83d9b05c17248aef61d833c57e09ab2644f";
const OTHER_PIN = "c4d81f0e6a2b97354e1dd0a8f3b6c29e7051a4bf8d63e2c91075fa4b38d6e1a2";

describe("connection-brute-force-protection", () => {
  it("passes the example stages", () => {
    expect(messagesOf(connectionBruteForceProtection, examples.dev)).toEqual([]);
    expect(messagesOf(connectionBruteForceProtection, examples.prod)).toEqual([]);
  });

  it("catches brute-force protection turned off", () => {
    const input = mutated(examples.dev, (document) => {
      connectionOptions(document).brute_force_protection = false;
    });
    expect(violationsOf(connectionBruteForceProtection, input)).toEqual([
      {
        path: "dev/CustomDatabase/Connection",
        address: "auth0_connection.CustomDatabase_Connection_F257C256",
        message: "brute-force protection is false; it must be true",
      },
    ]);
  });

  it("catches brute-force protection left out of the options, which the provider replaces whole", () => {
    const input = mutated(examples.dev, (document) => {
      delete connectionOptions(document).brute_force_protection;
    });
    expect(messagesOf(connectionBruteForceProtection, input)).toEqual([
      "brute-force protection is not declared; the provider replaces options whole, so it is turned off on the next apply",
    ]);
  });
});

describe("connection-as-declared", () => {
  it("passes the example stages, and every script a legacy-authentication stage enables", () => {
    expect(messagesOf(connectionAsDeclared, examples.dev)).toEqual([]);
    expect(messagesOf(connectionAsDeclared, examples.prod)).toEqual([]);
    const legacy = weakenedStage((stageFile) => {
      stageFile.connection.importMode = false;
      stageFile.connection.scripts = ["login", "get_user", "create", "verify", "change_password", "delete"];
      stageFile.approvedClients[0].scopes = ["users:read"];
    });
    expect(messagesOf(connectionAsDeclared, legacy)).toEqual([]);
  });

  it("catches URLs and a timeout other than the stage file implies, however they are written", () => {
    const input = mutated(examples.dev, (document) => {
      connectionConfiguration(document).FACADE_URL = "http://legacy-facade.dev.acme.example";
      connectionConfiguration(document).TOKEN_URL = "${var.token_url}";
      connectionConfiguration(document).FACADE_TIMEOUT_MS = "${5000 * 2}";
    });
    expect(messagesOf(connectionAsDeclared, input)).toEqual([
      'configuration TOKEN_URL is ${var.token_url}; test/fixtures/stages/dev.json implies "https://acme-dev.eu.auth0.com/oauth/token"',
      'configuration FACADE_URL is "http://legacy-facade.dev.acme.example"; test/fixtures/stages/dev.json implies "https://legacy-facade.dev.acme.example"',
      'configuration FACADE_TIMEOUT_MS is 10000; test/fixtures/stages/dev.json implies "5000"',
    ]);
  });

  it("reads a URL written as a literal expression as the URL it is", () => {
    const input = mutated(examples.dev, (document) => (connectionConfiguration(document).TOKEN_URL = '${"https://acme-dev.eu.auth0.com/oauth/token"}'));
    expect(messagesOf(connectionAsDeclared, input)).toEqual([]);
  });

  it("catches a missing key, a key the scripts never read, and a configuration it cannot read", () => {
    const input = mutated(examples.dev, (document) => {
      delete connectionConfiguration(document).FACADE_URL;
      connectionConfiguration(document).DEBUG = "1";
    });
    expect(messagesOf(connectionAsDeclared, input)).toEqual([
      "options.configuration lacks FACADE_URL",
      "options.configuration holds DEBUG, which the scripts never read (and Auth0 would keep for good)",
    ]);
    expect(
      messagesOf(
        connectionAsDeclared,
        mutated(examples.dev, (document) => (connectionOptions(document).configuration = "${var.configuration}")),
      ),
    ).toEqual(["options.configuration is ${var.configuration}: the scripts cannot run without theirs"]);
  });

  it("catches a CLIENT_ID, CLIENT_SECRET or FACADE_AUDIENCE that is not the stack's own resource", () => {
    const input = mutated(examples.dev, (document) => {
      connectionConfiguration(document).CLIENT_ID = "Cc1Ll2Ii3Ee4Nn5Tt6Ii7Dd8Xx9Yy0Zz";
      connectionConfiguration(document).CLIENT_SECRET = "${auth0_client_credentials.Elsewhere.client_secret}";
      connectionConfiguration(document).FACADE_AUDIENCE = "https://other.example/";
    });
    expect(messagesOf(connectionAsDeclared, input)).toEqual([
      'configuration FACADE_AUDIENCE is "https://other.example/"; it must name the facade API (by reference to its identifier)',
      "configuration CLIENT_ID must reference the stack's M2M client (auth0_client.<name>.client_id), not a literal",
      "configuration CLIENT_SECRET must reference the M2M client's credentials (auth0_client_credentials.<name>.client_secret), not ${auth0_client_credentials.Elsewhere.client_secret}",
    ]);
  });

  it("catches import mode, sign-up, customization and scripts other than declared", () => {
    const input = mutated(examples.dev, (document) => {
      Object.assign(connectionOptions(document), { import_mode: "false", disable_signup: false, enabled_database_customization: "${var.custom}" });
      connectionOptions(document).custom_scripts.create = connectionOptions(document).custom_scripts.login;
    });
    expect(messagesOf(connectionAsDeclared, input)).toEqual([
      "options.enabled_database_customization is ${var.custom}; it must be true, or the connection stops running the scripts",
      'options.import_mode is "false"; test/fixtures/stages/dev.json sets connection.importMode true',
      "options.disable_signup is false; without a create script, sign-up must be off",
      "the connection runs the scripts create, get_user, login; test/fixtures/stages/dev.json enables get_user, login",
    ]);
  });

  it("catches applications other than declared, a second enabling resource, and applications it cannot read", () => {
    const clients = (document: any) => resourceBody(document, "auth0_connection_clients", "/CustomDatabase/EnabledClients");
    expect(
      messagesOf(
        connectionAsDeclared,
        mutated(examples.dev, (document) => clients(document).enabled_clients.push("Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk")),
      ),
    ).toEqual([
      "the connection is enabled for Vq3hT8kLmZ2xR7nB4cWp9sYd6fGj1aEu, Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk; test/fixtures/stages/dev.json enables Vq3hT8kLmZ2xR7nB4cWp9sYd6fGj1aEu",
    ]);
    expect(
      messagesOf(
        connectionAsDeclared,
        mutated(examples.dev, (document) => (clients(document).enabled_clients = "${var.apps}")),
      ),
    ).toEqual(["the enabled applications are unreadable (${var.apps})"]);
    expect(
      messagesOf(
        connectionAsDeclared,
        mutated(examples.dev, (document) => delete document.resource.auth0_connection_clients),
      ),
    ).toEqual(["0 auth0_connection_clients resources enable applications for the connection; exactly one must, with connection.enabledClients"]);
  });

  it("catches a second custom database connection, and a stack without the declared one", () => {
    const input = mutated(examples.dev, (document) => {
      document.resource.auth0_connection.Second = {
        ...structuredClone(resourceBody(document, "auth0_connection", "/CustomDatabase/Connection")),
        name: "shadow-users",
        "//": { metadata: { path: "dev/Second" } },
      };
    });
    expect(violationsOf(connectionAsDeclared, input)).toEqual([
      {
        path: "dev/Second",
        address: "auth0_connection.Second",
        message: 'a custom database connection named "shadow-users", which test/fixtures/stages/dev.json does not declare (it declares "legacy-users")',
      },
    ]);
    expect(
      messagesOf(
        connectionAsDeclared,
        mutated(examples.dev, (document) => (resourceBody(document, "auth0_connection", "/CustomDatabase/Connection").name = "renamed")),
      ),
    ).toEqual([
      'a custom database connection named "renamed", which test/fixtures/stages/dev.json does not declare (it declares "legacy-users")',
      'no custom database connection of the stage\'s tenant is named "legacy-users"',
    ]);
  });
});

describe("facade-pins", () => {
  it("passes the example stages", () => {
    expect(messagesOf(facadePinsRule, examples.dev)).toEqual([]);
    expect(messagesOf(facadePinsRule, examples.prod)).toEqual([]);
  });

  it("catches a self-signed facade without pins", () => {
    const input = mutated(examples.dev, (document) => {
      connectionConfiguration(document).FACADE_CERT_SHA256 = "";
    });
    expect(violationsOf(facadePinsRule, input)).toEqual([
      {
        path: "dev/CustomDatabase/Connection",
        address: "auth0_connection.CustomDatabase_Connection_F257C256",
        message: "FACADE_CERT_SHA256 is empty although test/fixtures/stages/dev.json declares the facade certificate self-signed: nothing pins it",
      },
    ]);
  });

  it("catches malformed pins and too many of them", () => {
    const input = mutated(examples.dev, (document) => {
      connectionConfiguration(document).FACADE_CERT_SHA256 = `${PIN},AB:CD,${OTHER_PIN}`;
    });
    expect(messagesOf(facadePinsRule, input)).toEqual([
      'pin 2 of FACADE_CERT_SHA256 is malformed ("AB:CD"): expected a SHA-256 fingerprint of 64 hex digits',
      "FACADE_CERT_SHA256 holds 3 pins; at most 2 (the current certificate and its successor)",
    ]);
  });

  it("catches pins that differ from the stage file (a stale synthesis)", () => {
    const input = mutated(examples.dev, (document) => {
      connectionConfiguration(document).FACADE_CERT_SHA256 = OTHER_PIN;
    });
    expect(messagesOf(facadePinsRule, input)).toEqual([
      "the pins in FACADE_CERT_SHA256 differ from those test/fixtures/stages/dev.json declares (re-run npm run synth)",
    ]);
  });

  it("reports pins given by reference, and reads blank or missing pins as none", () => {
    const messages = (change: (document: any) => void) => messagesOf(facadePinsRule, mutated(examples.dev, change));
    expect(messages((document) => (connectionConfiguration(document).FACADE_CERT_SHA256 = "${auth0_x.y.pins}"))).toEqual([
      'configuration FACADE_CERT_SHA256 is not a literal ("${auth0_x.y.pins}"): the review cannot check the pins',
    ]);
    const empty = "FACADE_CERT_SHA256 is empty although test/fixtures/stages/dev.json declares the facade certificate self-signed: nothing pins it";
    expect(messages((document) => (connectionConfiguration(document).FACADE_CERT_SHA256 = "   "))).toEqual([empty]);
    expect(messages((document) => delete connectionOptions(document).configuration)).toEqual([empty]);
  });

  it("accepts no pins for a CA-issued facade certificate", () => {
    const input = mutated(examples.dev, (document) => (connectionConfiguration(document).FACADE_CERT_SHA256 = ""));
    const caIssued = { ...input, config: { ...input.config, facade: { ...input.config.facade, certificate: { type: "ca-issued" as const } } } };
    expect(messagesOf(facadePinsRule, caIssued)).toEqual([]);
  });
});

describe("no-literal-secrets", () => {
  const SECRET = "q8Xw2LmN4vB7cR1tY6uI0oP3aS5dF9gHjK2lZxC7vB4nM1qW8eR5tY3uI6oP0aSd";

  it("passes the example stages", () => {
    expect(messagesOf(noLiteralSecrets, examples.dev)).toEqual([]);
    expect(messagesOf(noLiteralSecrets, examples.prod)).toEqual([]);
  });

  it("catches a literal CLIENT_SECRET in the connection configuration, without quoting it", () => {
    const input = mutated(examples.dev, (document) => {
      connectionConfiguration(document).CLIENT_SECRET = "correct horse battery staple";
    });
    expect(violationsOf(noLiteralSecrets, input)).toEqual([
      {
        path: "dev/CustomDatabase/Connection",
        address: "auth0_connection.CustomDatabase_Connection_F257C256",
        message: "options.configuration.CLIENT_SECRET is a literal value (28 characters) where a Terraform reference or a write-only input belongs",
      },
    ]);
  });

  it("catches a literal client_secret, a credential-looking Action secret and a provider secret", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    const input = mutated(examples.dev, (document) => {
      resourceBody(document, "auth0_client_credentials", "/FacadeClient/Credentials").client_secret = SECRET;
      resourceBody(document, "auth0_action", "/LoginGuard/Guard/Action").secrets_wo.push({ name: "DEBUG", value: jwt });
      document.provider.auth0[0].client_secret = SECRET;
    });
    const violations = violationsOf(noLiteralSecrets, input);
    expect(violations).toEqual([
      { path: "dev/LoginGuard/Guard/Action", address: "auth0_action.LoginGuard_Action_1DEF15BE", message: "secrets_wo[1].value holds what looks like a JWT" },
      {
        path: "dev/FacadeClient/Credentials",
        address: "auth0_client_credentials.FacadeClient_Credentials_D1E82999",
        message: "client_secret is a literal value (64 characters) where a Terraform reference or a write-only input belongs",
      },
      {
        path: "provider.auth0",
        message: "provider.auth0[0].client_secret is a literal value (64 characters) where a Terraform reference or a write-only input belongs",
      },
    ]);
    expect(JSON.stringify(violations)).not.toContain(SECRET);
    expect(JSON.stringify(violations)).not.toContain(jwt);
  });

  it("catches a high-entropy token under an innocent name, but not client IDs, pins or references", () => {
    const input = mutated(examples.dev, (document) => {
      connectionConfiguration(document).FACADE_TIMEOUT_MS = SECRET;
    });
    expect(messagesOf(noLiteralSecrets, input)).toEqual(["options.configuration.FACADE_TIMEOUT_MS holds what looks like a high-entropy token"]);
  });

  it("names an Action secret by its name, and leaves empty values, references and code to other rules, but not a secret it cannot read", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    const input = mutated(examples.dev, (document) => {
      const guard = resourceBody(document, "auth0_action", "/LoginGuard/Guard/Action");
      guard.secrets_wo.push({ name: "CLIENT_SECRET", value: "hunter2" }, { name: "API_TOKEN", value: "" }, { name: "value", value: "${var.token}" });
      guard.code = `const token = "${jwt}";`;
      connectionOptions(document).custom_scripts.login = `const token = "${jwt}";`;
      resourceBody(document, "auth0_client_credentials", "/FacadeClient/Credentials").client_secret = '${join("", [auth0_client.A.client_secret, "abc"])}';
      connectionConfiguration(document).CLIENT_SECRET = "${lookup(var.secrets, 0)}";
    });
    expect(messagesOf(noLiteralSecrets, input)).toEqual([
      "secrets_wo[1].value is a literal value (7 characters) where a Terraform reference or a write-only input belongs",
      // Computed from a variable by a function: it may be a literal the review cannot see.
      "options.configuration.CLIENT_SECRET is computed in a way the review cannot read (not one reference): it may hold a literal secret",
    ]);
  });

  it("names every kind of credential one value holds", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    const input = mutated(examples.dev, (document) => {
      connectionConfiguration(document).FACADE_TIMEOUT_MS = `${jwt} ${SECRET}`;
    });
    expect(messagesOf(noLiteralSecrets, input)).toEqual(["options.configuration.FACADE_TIMEOUT_MS holds what looks like a JWT and a high-entropy token"]);
  });

  it("reads data sources once, and never the synthesizer's metadata", () => {
    const input = mutated(examples.dev, (document) => {
      document.data = { auth0_client: { Lookup: { "//": { metadata: { path: "dev/Lookup", note: SECRET } }, name: "lookup", client_secret: SECRET } } };
      document["//"].note = SECRET;
    });
    expect(messagesOf(noLiteralSecrets, input)).toEqual([
      "client_secret is a literal value (64 characters) where a Terraform reference or a write-only input belongs",
    ]);
  });

  it("catches a literal secret in the state backend", () => {
    const input = mutated(examples.prod, (document) => {
      document.terraform.backend.s3.secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    });
    expect(violationsOf(noLiteralSecrets, input)).toEqual([
      {
        path: "terraform.backend",
        message: "terraform.backend.s3.secret_key is a literal value (40 characters) where a Terraform reference or a write-only input belongs",
      },
    ]);
  });
});
