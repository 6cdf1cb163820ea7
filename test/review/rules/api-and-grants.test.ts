import { beforeEach, describe, expect, it } from "vitest";
import type { ReviewInput } from "../../../lib/review/review-input";
import { apiClientsRequireGrant } from "../../../lib/review/rules/api-clients-require-grant";
import { apiUsersDenyAll } from "../../../lib/review/rules/api-users-deny-all";
import { apiAsDeclared } from "../../../lib/review/rules/api-as-declared";
import { facadeAccessAsDeclared } from "../../../lib/review/rules/facade-access-as-declared";
import { guardApprovesGrantedClients } from "../../../lib/review/rules/guard-approves-granted-clients";
import { m2mClientCredentialsOnly } from "../../../lib/review/rules/m2m-client-credentials-only";
import { secretClientApproved } from "../../../lib/review/rules/secret-client-approved";
import { actionSecret, exampleInputs, exchangeGuard, facadeApi, messagesOf, mutated, resourceBody, violationsOf } from "../support/review-inputs";

let examples: Record<"dev" | "prod", ReviewInput>;
beforeEach(() => {
  examples = exampleInputs();
});

const APPROVED = "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja";

describe("api-users-deny-all", () => {
  it("passes the example stages", () => {
    expect(messagesOf(apiUsersDenyAll, examples.dev)).toEqual([]);
    expect(messagesOf(apiUsersDenyAll, examples.prod)).toEqual([]);
  });

  it("catches a facade API that lets users get tokens", () => {
    const input = mutated(examples.dev, (document) => {
      facadeApi(document).subject_type_authorization.user.policy = "allow_all";
    });
    expect(violationsOf(apiUsersDenyAll, input)).toEqual([
      {
        path: "dev/ProtectedApi/ResourceServer",
        address: "auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31",
        message: "the facade API's user policy is allow_all; it must be deny_all",
      },
    ]);
  });

  it("reads a missing policy as the tenant default, allow_all", () => {
    const input = mutated(examples.dev, (document) => {
      delete facadeApi(document).subject_type_authorization;
    });
    expect(messagesOf(apiUsersDenyAll, input)).toEqual([
      "the facade API's user policy is not declared, so the tenant default applies: allow_all; it must be deny_all",
    ]);
  });

  it("catches a stack that declares no facade API at all", () => {
    const input = mutated(examples.dev, (document) => {
      delete document.resource.auth0_resource_server;
    });
    expect(violationsOf(apiUsersDenyAll, input)).toEqual([
      {
        path: "dev",
        message:
          'no auth0_resource_server of the stage\'s tenant declares the facade audience "https://legacy-facade.dev.acme.example/" from test/fixtures/stages/dev.json, so nothing here denies users a facade token (the tenant default user policy is allow_all)',
      },
    ]);
  });
});

describe("api-clients-require-grant", () => {
  it("passes the example stages", () => {
    expect(messagesOf(apiClientsRequireGrant, examples.dev)).toEqual([]);
    expect(messagesOf(apiClientsRequireGrant, examples.prod)).toEqual([]);
  });

  it("catches a facade API that gives any client a token", () => {
    const input = mutated(examples.dev, (document) => {
      facadeApi(document).subject_type_authorization.client.policy = "allow_all";
    });
    expect(messagesOf(apiClientsRequireGrant, input)).toEqual(["the facade API's client policy is allow_all; it must be require_client_grant"]);
  });
});

describe("api-as-declared", () => {
  it("passes the example stages", () => {
    expect(messagesOf(apiAsDeclared, examples.dev)).toEqual([]);
    expect(messagesOf(apiAsDeclared, examples.prod)).toEqual([]);
  });

  it("catches lifetimes other than the stage file's, refresh tokens and another signing algorithm", () => {
    const input = mutated(examples.dev, (document) => {
      Object.assign(facadeApi(document), {
        token_lifetime: 900,
        token_lifetime_for_web: "${var.lifetime}",
        allow_offline_access: "true",
        signing_alg: "HS256",
      });
    });
    expect(violationsOf(apiAsDeclared, input)).toEqual(
      [
        "token_lifetime is 900; test/fixtures/stages/dev.json sets 600 s (accessToken.lifetimeSeconds): a leaked facade token opens the legacy store until it expires",
        "token_lifetime_for_web is ${var.lifetime}; test/fixtures/stages/dev.json sets 600 s (accessToken.lifetimeSeconds): a leaked facade token opens the legacy store until it expires",
        'allow_offline_access is "true"; it must be false: a refresh token keeps facade access alive indefinitely',
        'signing_alg is "HS256"; it must be RS256, which the facade verifies against the tenant\'s public keys',
      ].map((message) => ({ path: "dev/ProtectedApi/ResourceServer", address: "auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31", message })),
    );
  });

  it("catches a second resource server for the facade audience", () => {
    const input = mutated(examples.dev, (document) => {
      document.resource.auth0_resource_server.Second = { ...structuredClone(facadeApi(document)), "//": { metadata: { path: "dev/Second" } } };
    });
    expect(messagesOf(apiAsDeclared, input)).toContain('a second resource server declares the facade audience "https://legacy-facade.dev.acme.example/"');
  });

  it("catches scopes other than the scripts', a second scopes resource, and scopes it cannot read", () => {
    const scopes = (document: any) => resourceBody(document, "auth0_resource_server_scopes", "/ProtectedApi/Scopes");
    expect(
      messagesOf(
        apiAsDeclared,
        mutated(examples.dev, (document) => scopes(document).scopes.push({ name: "users:delete" })),
      ),
    ).toEqual([
      "the facade API defines users:authenticate, users:read, users:delete; it must define exactly the scripts' scopes (users:authenticate, users:read)",
    ]);
    expect(
      messagesOf(
        apiAsDeclared,
        mutated(examples.dev, (document) => (scopes(document).scopes = "${var.scopes}")),
      ),
    ).toEqual(["the facade API's scopes are unreadable: the review cannot tell which operations a grant may hold"]);
    expect(
      messagesOf(
        apiAsDeclared,
        mutated(examples.dev, (document) => {
          document.resource.auth0_resource_server_scopes.Again = { ...structuredClone(scopes(document)), "//": { metadata: { path: "dev/Again" } } };
        }),
      ),
    ).toEqual(["2 auth0_resource_server_scopes resources name the facade API; exactly one must, with the scripts' scopes (users:authenticate, users:read)"]);
    expect(
      messagesOf(
        apiAsDeclared,
        mutated(examples.dev, (document) => delete document.resource.auth0_resource_server_scopes),
      ),
    ).toEqual(["0 auth0_resource_server_scopes resources name the facade API; exactly one must, with the scripts' scopes (users:authenticate, users:read)"]);
  });

  it("leaves scope resources of other APIs alone, and a stack without a facade API to api-users-deny-all", () => {
    const input = mutated(examples.dev, (document) => {
      document.resource.auth0_resource_server_scope = { Billing: { resource_server_identifier: "https://billing.example/", scope: "billing:write" } };
    });
    expect(messagesOf(apiAsDeclared, input)).toEqual([]);
    expect(
      messagesOf(
        apiAsDeclared,
        mutated(examples.dev, (document) => delete document.resource.auth0_resource_server),
      ),
    ).toEqual([]);
  });
});

describe("facade-access-as-declared", () => {
  const grant = (document: any, suffix = `/ApprovedClient-${APPROVED}`) => resourceBody(document, "auth0_client_grant", suffix);

  it("passes the example stages", () => {
    expect(messagesOf(facadeAccessAsDeclared, examples.dev)).toEqual([]);
    expect(messagesOf(facadeAccessAsDeclared, examples.prod)).toEqual([]);
  });

  it("catches a grant with scopes other than the declared ones, for the approved client and the scripts' client", () => {
    const input = mutated(examples.dev, (document) => {
      grant(document).scopes.push("users:delete");
      grant(document, "/FacadeClient/Grant").scopes = ["users:read"];
    });
    expect(violationsOf(facadeAccessAsDeclared, input)).toEqual([
      {
        path: "dev/FacadeClient/Grant",
        address: "auth0_client_grant.FacadeClient_Grant_BF23A401",
        message: "the facade grant gives the scripts' client dev/FacadeClient/Client users:read; the stage file declares users:authenticate, users:read",
      },
      {
        path: `dev/ProtectedApi/ApprovedClient-${APPROVED}`,
        address: expect.stringMatching(/^auth0_client_grant\./),
        message: `the facade grant gives approved client ${APPROVED} (Support console: looks up legacy accounts while users migrate) users:read, users:delete; the stage file declares users:read`,
      },
    ]);
  });

  it("reports a grant whose audience, client or scopes it cannot read instead of guessing", () => {
    const input = mutated(examples.dev, (document) => {
      grant(document, "/FacadeClient/Grant").audience = '${lookup(var.apis, "facade")}';
      grant(document).client_id = "${var.support}";
    });
    expect(messagesOf(facadeAccessAsDeclared, input)).toEqual([
      'the grant\'s audience is unreadable (${lookup(var.apis, "facade")} (unreadable: the function lookup, which this review does not evaluate)): the review cannot tell whether it opens the facade',
      `the facade grant is for \${var.support}, which test/fixtures/stages/dev.json does not approve`,
      "the scripts' client dev/FacadeClient/Client holds 0 facade grants; exactly one belongs to it",
      `approved client ${APPROVED} (Support console: looks up legacy accounts while users migrate) holds 0 facade grants; exactly one belongs to it`,
    ]);
    expect(
      messagesOf(
        facadeAccessAsDeclared,
        mutated(examples.dev, (document) => (grant(document).scopes = "${var.scopes}")),
      ),
    ).toEqual(["the facade grant's scopes are unreadable (${var.scopes})"]);
  });

  it("catches two grants for one client, another subject type, and allow_all_scopes however it is written", () => {
    const input = mutated(examples.dev, (document) => {
      document.resource.auth0_client_grant.Again = { ...structuredClone(grant(document)), "//": { metadata: { path: "dev/Again" } } };
      grant(document).subject_type = "user";
      grant(document, "/FacadeClient/Grant").allow_all_scopes = "${true}";
    });
    expect(messagesOf(facadeAccessAsDeclared, input)).toEqual([
      "the facade grant sets allow_all_scopes = true: every scope of the API, the password check included",
      'the facade grant\'s subject_type is "user"; it must be client',
      `approved client ${APPROVED} (Support console: looks up legacy accounts while users migrate) holds 2 facade grants; exactly one belongs to it`,
    ]);
  });

  it("leaves grants for other APIs alone, and takes allow_all_scopes = false", () => {
    const input = mutated(examples.dev, (document) => {
      grant(document, "/FacadeClient/Grant").allow_all_scopes = false;
      document.resource.auth0_client_grant.Billing = {
        client_id: "Bb1Ii2Ll3Ll4Ii5Nn6Gg7Cc8Ll9Ii0Ee",
        audience: "https://other.example/",
        scopes: ["billing:write"],
      };
    });
    expect(messagesOf(facadeAccessAsDeclared, input)).toEqual([]);
  });
});

describe("m2m-client-credentials-only", () => {
  it("passes the example stages", () => {
    expect(messagesOf(m2mClientCredentialsOnly, examples.dev)).toEqual([]);
    expect(messagesOf(m2mClientCredentialsOnly, examples.prod)).toEqual([]);
  });

  it("looks only at machine-to-machine clients", () => {
    const input = mutated(examples.dev, (document) => {
      document.resource.auth0_client.Spa = { "//": { metadata: { path: "dev/Spa" } }, app_type: "spa", grant_types: ["authorization_code", "refresh_token"] };
    });
    expect(messagesOf(m2mClientCredentialsOnly, input)).toEqual([]);
  });

  it("catches an M2M client that also allows user grants", () => {
    const input = mutated(examples.dev, (document) => {
      resourceBody(document, "auth0_client", "/FacadeClient/Client").grant_types = ["client_credentials", "password", "refresh_token"];
    });
    expect(violationsOf(m2mClientCredentialsOnly, input)).toEqual([
      {
        path: "dev/FacadeClient/Client",
        address: "auth0_client.FacadeClient_4960F1AA",
        message: "the scripts' M2M client allows password, refresh_token besides client_credentials",
      },
    ]);
  });

  it("catches an M2M client that leaves its grant types to Auth0's defaults", () => {
    const input = mutated(examples.dev, (document) => {
      delete resourceBody(document, "auth0_client", "/FacadeClient/Client").grant_types;
    });
    expect(messagesOf(m2mClientCredentialsOnly, input)).toEqual([
      "the scripts' M2M client's grant types are not declared, so Auth0 applies its default grant types; it must allow client_credentials only",
    ]);
  });
});

/** A second confidential client with a secret, declared in the stack but approved by nobody. */
function withUnapprovedSecretClient(document: any): void {
  document.resource.auth0_client.Reporting_1 = {
    "//": { metadata: { path: "dev/Reporting/Client" } },
    name: "reporting",
    app_type: "non_interactive",
    grant_types: ["client_credentials"],
  };
  document.resource.auth0_client_credentials.Reporting_Credentials_1 = {
    "//": { metadata: { path: "dev/Reporting/Credentials" } },
    client_id: "${auth0_client.Reporting_1.client_id}",
    authentication_method: "client_secret_post",
  };
}

describe("secret-client-approved", () => {
  it("passes the example stages", () => {
    expect(messagesOf(secretClientApproved, examples.dev)).toEqual([]);
    expect(messagesOf(secretClientApproved, examples.prod)).toEqual([]);
  });

  it("catches a client with a secret that the exchange guard does not approve", () => {
    const input = mutated(examples.dev, withUnapprovedSecretClient);
    expect(violationsOf(secretClientApproved, input)).toEqual([
      {
        path: "dev/Reporting/Credentials",
        address: "auth0_client_credentials.Reporting_Credentials_1",
        message: "dev/Reporting/Client holds a client secret, but the credentials-exchange guard dev/ExchangeGuard/Guard/Action does not approve it",
      },
    ]);
  });

  const addClient = (document: any, name: string, appType: string, method?: string) => {
    document.resource.auth0_client[name] = { "//": { metadata: { path: `dev/${name}/Client` } }, name, app_type: appType };
    if (method === undefined) return;
    document.resource.auth0_client_credentials[`${name}_Credentials`] = {
      "//": { metadata: { path: `dev/${name}/Credentials` } },
      client_id: `\${auth0_client.${name}.client_id}`,
      ...(method === "undeclared" ? {} : { authentication_method: method }),
    };
  };
  const flagged = (change: (document: any) => void) => violationsOf(secretClientApproved, mutated(examples.dev, change)).map((violation) => violation.path);

  it("flags an M2M app even without a credentials resource, and a web app whose credentials use a client secret", () => {
    expect(flagged((document) => addClient(document, "Batch", "non_interactive"))).toEqual(["dev/Batch/Client"]);
    expect(flagged((document) => addClient(document, "Web", "regular_web", "client_secret_basic"))).toEqual(["dev/Web/Credentials"]);
    expect(flagged((document) => addClient(document, "Web", "regular_web", "undeclared"))).toEqual(["dev/Web/Credentials"]);
  });

  it("leaves alone a web app that signs its requests with a private key, and one without credentials", () => {
    expect(flagged((document) => addClient(document, "Web", "regular_web", "private_key_jwt"))).toEqual([]);
    expect(flagged((document) => addClient(document, "Spa", "spa"))).toEqual([]);
  });

  it("leaves credentials for a client it cannot read to the other rules", () => {
    expect(
      flagged((document) => {
        document.resource.auth0_client_credentials.Odd = {
          "//": { metadata: { path: "dev/Odd/Credentials" } },
          client_id: ["computed"],
          authentication_method: "client_secret_post",
        };
      }),
    ).toEqual([]);
  });

  it("leaves an unreadable approved list, and Actions that guard another audience, to guard-approves-granted-clients", () => {
    expect(flagged((document) => (actionSecret(exchangeGuard(document), "APPROVED_CLIENT_IDS").value = "${var.approved}"))).toEqual([]);
    expect(
      flagged((document) => {
        withUnapprovedSecretClient(document);
        actionSecret(exchangeGuard(document), "FACADE_AUDIENCE").value = "https://other.example/";
      }),
    ).toEqual([]);
  });
});

describe("guard-approves-granted-clients", () => {
  it("passes the example stages", () => {
    expect(messagesOf(guardApprovesGrantedClients, examples.dev)).toEqual([]);
    expect(messagesOf(guardApprovesGrantedClients, examples.prod)).toEqual([]);
  });

  it("leaves alone an exchange Action that guards another audience", () => {
    const input = mutated(examples.dev, (document) => {
      const other = structuredClone(exchangeGuard(document));
      other["//"].metadata.path = "dev/OtherGuard/Action";
      other.secrets_wo = [
        { name: "FACADE_AUDIENCE", value: "https://other.example/" },
        { name: "APPROVED_CLIENT_IDS", value: "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp" },
      ];
      document.resource.auth0_action.OtherGuard = other;
      document.resource.auth0_trigger_action.OtherBinding = { action_id: "${auth0_action.OtherGuard.id}", trigger: "credentials-exchange" };
    });
    expect(messagesOf(guardApprovesGrantedClients, input)).toEqual([]);
  });

  it("catches a granted client that the guard does not approve, and an approved one without a grant", () => {
    const input = mutated(examples.dev, (document) => {
      const list = actionSecret(exchangeGuard(document), "APPROVED_CLIENT_IDS");
      list.value = '${join(",", [auth0_client.FacadeClient_4960F1AA.client_id, "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp"])}';
    });
    expect(violationsOf(guardApprovesGrantedClients, input)).toEqual([
      {
        path: "dev/ExchangeGuard/Guard/Action",
        address: "auth0_action.ExchangeGuard_Action_C256E679",
        message:
          "the guard approves Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp (not in test/fixtures/stages/dev.json), which test/fixtures/stages/dev.json does not let get facade tokens",
      },
      {
        path: "dev/ExchangeGuard/Guard/Action",
        address: "auth0_action.ExchangeGuard_Action_C256E679",
        message: `the guard does not approve approved client ${APPROVED} (Support console: looks up legacy accounts while users migrate), which test/fixtures/stages/dev.json declares`,
      },
    ]);
  });

  it("catches an approved list it cannot read", () => {
    const input = mutated(examples.dev, (document) => {
      actionSecret(exchangeGuard(document), "APPROVED_CLIENT_IDS").value = "${var.approved}";
    });
    expect(messagesOf(guardApprovesGrantedClients, input)).toEqual([
      "the guard's APPROVED_CLIENT_IDS secret is missing or unreadable: it denies every facade token (fail closed), or approves what this review cannot see",
    ]);
  });
});
