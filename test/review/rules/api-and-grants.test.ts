import { beforeEach, describe, expect, it } from "vitest";
import type { ReviewInput } from "../../../lib/review/review-input";
import { apiClientsRequireGrant } from "../../../lib/review/rules/api-clients-require-grant";
import { apiUsersDenyAll } from "../../../lib/review/rules/api-users-deny-all";
import { grantScopesNeededOnly } from "../../../lib/review/rules/grant-scopes-needed-only";
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
    expect(messagesOf(apiUsersDenyAll, input)).toEqual(["the facade API's user policy is not declared, so the tenant default applies: allow_all; it must be deny_all"]);
  });

  it("catches a stack that declares no facade API at all", () => {
    const input = mutated(examples.dev, (document) => {
      delete document.resource.auth0_resource_server;
    });
    expect(violationsOf(apiUsersDenyAll, input)).toEqual([
      {
        path: "dev",
        message:
          'no auth0_resource_server declares the facade audience "https://legacy-facade.dev.acme.example/" from config/dev.json, so nothing here denies users a facade token (the tenant default user policy is allow_all)',
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

describe("grant-scopes-needed-only", () => {
  it("passes the example stages", () => {
    expect(messagesOf(grantScopesNeededOnly, examples.dev)).toEqual([]);
    expect(messagesOf(grantScopesNeededOnly, examples.prod)).toEqual([]);
  });

  it("catches a facade grant with a scope no enabled script calls", () => {
    const input = mutated(examples.dev, (document) => {
      resourceBody(document, "auth0_client_grant", `/ApprovedClient-${APPROVED}`).scopes.push("users:delete");
    });
    expect(violationsOf(grantScopesNeededOnly, input)).toEqual([
      {
        path: `dev/ProtectedApi/ApprovedClient-${APPROVED}`,
        address: expect.stringMatching(/^auth0_client_grant\./),
        message: "the facade grant includes users:delete, which no enabled script calls (the scripts login, get_user need users:authenticate, users:read)",
      },
    ]);
  });

  it("reports a grant whose audience it cannot read instead of guessing", () => {
    const input = mutated(examples.dev, (document) => {
      resourceBody(document, "auth0_client_grant", "/FacadeClient/Grant").audience = '${lookup(var.apis, "facade")}';
    });
    expect(messagesOf(grantScopesNeededOnly, input)).toEqual([
      'the grant\'s audience is unreadable ("${lookup(var.apis, \\"facade\\")}"): the review cannot tell whether it opens the facade',
    ]);
  });

  it("leaves grants for other APIs alone", () => {
    const input = mutated(examples.dev, (document) => {
      const grant = resourceBody(document, "auth0_client_grant", "/FacadeClient/Grant");
      grant.audience = "https://other.example/";
      grant.scopes.push("billing:write");
    });
    expect(messagesOf(grantScopesNeededOnly, input)).toEqual([]);
  });

  it("lists every extra scope of a facade grant", () => {
    const input = mutated(examples.dev, (document) => {
      resourceBody(document, "auth0_client_grant", `/ApprovedClient-${APPROVED}`).scopes.push("users:delete", "users:write");
    });
    expect(messagesOf(grantScopesNeededOnly, input)).toEqual([
      "the facade grant includes users:delete, users:write, which no enabled script calls (the scripts login, get_user need users:authenticate, users:read)",
    ]);
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
        message: "the M2M client allows password, refresh_token besides client_credentials",
      },
    ]);
  });

  it("catches an M2M client that leaves its grant types to Auth0's defaults", () => {
    const input = mutated(examples.dev, (document) => {
      delete resourceBody(document, "auth0_client", "/FacadeClient/Client").grant_types;
    });
    expect(messagesOf(m2mClientCredentialsOnly, input)).toEqual([
      "the M2M client's grant types are not declared, so Auth0 applies its default grant types; it must allow client_credentials only",
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
        document.resource.auth0_client_credentials.Odd = { "//": { metadata: { path: "dev/Odd/Credentials" } }, client_id: 7, authentication_method: "client_secret_post" };
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
        message: "the guard approves Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp (not in config/dev.json), which holds no grant for the facade",
      },
      {
        path: "dev/ExchangeGuard/Guard/Action",
        address: "auth0_action.ExchangeGuard_Action_C256E679",
        message: `the guard does not approve ${APPROVED} (Support console: looks up legacy accounts while users migrate), which holds a facade grant (dev/ProtectedApi/ApprovedClient-${APPROVED})`,
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
