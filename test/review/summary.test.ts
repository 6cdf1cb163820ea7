import { beforeEach, describe, expect, it } from "vitest";
import type { ReviewInput } from "../../lib/review/review-input";
import { describeTls, summarize } from "../../lib/review/summary";
import {
  actionSecret,
  type Body,
  connectionConfiguration,
  connectionOptions,
  exampleInputs,
  exchangeGuard,
  facadeApi,
  mutated,
  resourceBody,
} from "./support/review-inputs";

let dev: ReviewInput;
beforeEach(() => {
  dev = exampleInputs().dev;
});

const EXAMPLE_SUPPORT_CONSOLE = "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja";
const SUPPORT_CONSOLE = "Support console: looks up legacy accounts while users migrate";

const supportGrant = (document: Body) => resourceBody(document, "auth0_client_grant", `/ApprovedClient-${EXAMPLE_SUPPORT_CONSOLE}`);

describe("the stage summary", () => {
  it("says who gets facade tokens with which scopes, and how the facade is reached, for the example stage", () => {
    expect(summarize(dev)).toEqual({
      stage: "dev",
      facadeApi: "https://legacy-facade.dev.acme.example/ (dev/ProtectedApi/ResourceServer)",
      clientPolicy: "require_client_grant",
      clients: [
        {
          client: "dev/FacadeClient/Client",
          role: "FacadeClient/Client",
          scopes: ["users:authenticate", "users:read"],
          grant: "dev/FacadeClient/Grant",
          guard: "approved",
        },
        {
          client: `${EXAMPLE_SUPPORT_CONSOLE} (${SUPPORT_CONSOLE})`,
          role: `approved client "${SUPPORT_CONSOLE}"`,
          scopes: ["users:read"],
          grant: `dev/ProtectedApi/ApprovedClient-${EXAMPLE_SUPPORT_CONSOLE}`,
          guard: "approved",
        },
      ],
      users: "no: user policy deny_all, and the post-login guard denies the facade audience",
      connection: "legacy-users",
      applications: ["Vq3hT8kLmZ2xR7nB4cWp9sYd6fGj1aEu"],
      tls: { certificate: "self-signed", pins: ["5e2b791c0a8fd463b79011e42a6cf83d9b05c17248aef61d833c57e09ab2644f"] },
      tokenLifetime: "600 s, no refresh tokens",
      actionSecrets: "write-only (secrets_wo, not in state)",
      scripts: "get_user, login; import mode (lazy migration); sign-up off; brute-force protection on",
      code: ["get_user script", "login script", "Action legacy-users-facade-exchange-guard", "Action legacy-users-facade-login-guard"].map((label) => ({
        label,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        bytes: expect.any(Number),
        matchesBundle: true,
        file: expect.stringMatching(/^code\/dev\/(scripts|actions)\/[a-z_-]+\.js$/),
      })),
    });
  });

  it("says so plainly when nothing guards the exchange or the user flow", () => {
    const summary = summarize(
      mutated(dev, (document) => {
        delete document.resource.auth0_action;
        delete document.resource.auth0_trigger_action;
      }),
    );
    expect(summary.clients.map((client) => client.guard)).toEqual(["no guard", "no guard"]);
    expect(summary.users).toBe("no: user policy deny_all (no post-login guard behind it)");
    expect(summary.actionSecrets).toBe("none");
  });

  it("shouts when users can get facade tokens", () => {
    const allowed = (withLoginGuard: boolean) =>
      summarize(
        mutated(dev, (document) => {
          facadeApi(document).subject_type_authorization.user.policy = "allow_all";
          if (!withLoginGuard) delete resourceBody(document, "auth0_trigger_action", "/LoginGuard/Guard/Binding").trigger;
        }),
      ).users;
    expect(allowed(true)).toBe("only the post-login guard stops them: user policy allow_all");
    expect(allowed(false)).toBe("YES: user policy allow_all and no post-login guard");
  });

  it("names a missing facade API in every line that depends on it", () => {
    const summary = summarize(mutated(dev, (document) => delete document.resource.auth0_resource_server));
    expect(summary).toMatchObject({
      facadeApi: "none declares https://legacy-facade.dev.acme.example/",
      clientPolicy: "no facade API",
      users: "YES: no facade API declares deny_all",
      tokenLifetime: "no facade API",
    });
  });

  it("shows undeclared and unreadable policies, refresh tokens and a lifetime that is not a number", () => {
    const summary = summarize(
      mutated(dev, (document) => {
        facadeApi(document).subject_type_authorization = { client: { policy: "${var.policy}" } };
        facadeApi(document).allow_offline_access = true;
        facadeApi(document).token_lifetime = "${var.lifetime}";
      }),
    );
    expect(summary.clientPolicy).toBe("unreadable ${var.policy}");
    expect(summary.users).toBe("only the post-login guard stops them: user policy not declared");
    expect(summary.tokenLifetime).toBe("unreadable ${var.lifetime}, refresh tokens allowed");
    const undeclared = summarize(mutated(dev, (document) => delete facadeApi(document).token_lifetime));
    expect(undeclared.tokenLifetime).toBe("not declared, no refresh tokens");
  });

  it("tells an unapproved, an unreadable and a half-approved client from an approved one", () => {
    const summary = summarize(
      mutated(dev, (document) => {
        supportGrant(document).client_id = ["computed"];
        supportGrant(document).scopes = "users:read";
      }),
    );
    expect(summary.clients[1]).toEqual({
      client: 'unreadable ["computed"]',
      role: "unreadable client",
      scopes: ['unreadable "users:read"'],
      grant: `dev/ProtectedApi/ApprovedClient-${EXAMPLE_SUPPORT_CONSOLE}`,
      guard: "denied",
    });

    const stranger = summarize(mutated(dev, (document) => (supportGrant(document).client_id = "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp")));
    expect(stranger.clients[1]).toMatchObject({ role: "a client not in the stage file", guard: "denied" });

    // Every exchange guard must approve a client: a second guard that lists only the facade client denies the support console.
    const twoGuards = summarize(
      mutated(dev, (document) => {
        const second = structuredClone(exchangeGuard(document));
        second["//"].metadata.path = "dev/SecondGuard/Action";
        actionSecret(second, "APPROVED_CLIENT_IDS").value = "${auth0_client.FacadeClient_4960F1AA.client_id}";
        document.resource.auth0_action.SecondGuard = second;
        document.resource.auth0_trigger_action.SecondBinding = { action_id: "${auth0_action.SecondGuard.id}", trigger: "credentials-exchange" };
      }),
    );
    expect(twoGuards.clients.map((client) => client.guard)).toEqual(["approved", "denied"]);

    const unreadable = summarize(mutated(dev, (document) => (actionSecret(exchangeGuard(document), "APPROVED_CLIENT_IDS").value = ["list"])));
    expect(unreadable.clients.map((client) => client.guard)).toEqual(["unreadable list", "unreadable list"]);
    const missing = summarize(
      mutated(
        dev,
        (document) => (exchangeGuard(document).secrets_wo = exchangeGuard(document).secrets_wo.filter((secret: Body) => secret.name !== "APPROVED_CLIENT_IDS")),
      ),
    );
    expect(missing.clients.map((client) => client.guard)).toEqual(["unreadable list", "unreadable list"]);
  });

  it("reports a connection without its protections, and every way applications are enabled on it", () => {
    const summary = summarize(
      mutated(dev, (document) => {
        Object.assign(connectionOptions(document), { import_mode: false, disable_signup: false, brute_force_protection: false });
        document.resource.auth0_connection_client = {
          One: { connection_id: "${auth0_connection.CustomDatabase_Connection_F257C256.id}", client_id: "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv" },
          Two: { connection_id: "${auth0_connection.CustomDatabase_Connection_F257C256.id}", client_id: 9 },
          Elsewhere: { connection_id: "${auth0_connection.Other.id}", client_id: "Wx1Yz2Ab3Cd4Ef5Gh6Ij7Kl8Mn9Op0Qr" },
          Literal: { connection_id: "con_literal", client_id: "Wx1Yz2Ab3Cd4Ef5Gh6Ij7Kl8Mn9Op0Qr" },
          Unreadable: { connection_id: 5, client_id: "Wx1Yz2Ab3Cd4Ef5Gh6Ij7Kl8Mn9Op0Qr" },
        };
        document.resource.auth0_connection_clients.Unreadable = {
          connection_id: "${auth0_connection.CustomDatabase_Connection_F257C256.id}",
          enabled_clients: "all",
        };
        document.resource.auth0_connection_clients.Elsewhere = {
          connection_id: "${auth0_connection.Other.id}",
          enabled_clients: ["Wx1Yz2Ab3Cd4Ef5Gh6Ij7Kl8Mn9Op0Qr"],
        };
      }),
    );
    expect(summary.scripts).toBe("get_user, login; no import mode; sign-up on; brute-force protection OFF");
    expect(summary.applications).toEqual(["Vq3hT8kLmZ2xR7nB4cWp9sYd6fGj1aEu", 'unreadable "all"', "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv", "9"]);
  });

  it("says when there is no connection, or its name or pins cannot be read", () => {
    const none = summarize(mutated(dev, (document) => delete document.resource.auth0_connection));
    expect(none).toMatchObject({
      connection: "none",
      scripts: "no custom database connection",
      applications: [],
      tls: { certificate: "self-signed", pins: [] },
    });

    const odd = summarize(
      mutated(dev, (document) => {
        resourceBody(document, "auth0_connection", "/CustomDatabase/Connection").name = ["legacy"];
        connectionConfiguration(document).FACADE_CERT_SHA256 = "${var.pins}";
      }),
    );
    expect(odd.connection).toBe('["legacy"]');
    expect(odd.tls).toEqual({ certificate: "self-signed", pins: undefined });

    const noConfiguration = summarize(mutated(dev, (document) => delete connectionOptions(document).configuration));
    expect(noConfiguration.tls).toEqual({ certificate: "self-signed", pins: [] });
  });

  it("says where Action secrets are kept: write-only, in state, or both", () => {
    const inState = (both: boolean) =>
      summarize(
        mutated(dev, (document) => {
          for (const action of Object.values(document.resource.auth0_action) as Body[]) {
            if (!both || action === exchangeGuard(document)) {
              action.secrets = action.secrets_wo;
              delete action.secrets_wo;
            }
          }
        }),
      ).actionSecrets;
    expect(inState(false)).toBe("in state (secrets, plain text)");
    expect(inState(true)).toBe("in state (secrets, plain text) and write-only (secrets_wo, not in state)");
  });
});

describe("describeTls", () => {
  it("shows the declared certificate and the pins, each shortened, or why there are none", () => {
    const pin = (digit: string) => `${digit.repeat(8)}${"0".repeat(48)}${digit.repeat(8)}`;
    expect(describeTls({ certificate: "self-signed", pins: undefined })).toBe("self-signed certificate; pins unreadable");
    expect(describeTls({ certificate: "ca-issued", pins: [] })).toBe("ca-issued certificate; CA verification (Node's trusted CAs), no pins");
    expect(describeTls({ certificate: "self-signed", pins: [pin("a")] })).toBe(
      "self-signed certificate; pinned, 1 pin (aaaaaaaa…aaaaaaaa): the exact SHA-256 fingerprint replaces chain validation",
    );
    expect(describeTls({ certificate: "self-signed", pins: [pin("a"), pin("b")] })).toBe(
      "self-signed certificate; pinned, 2 pins (aaaaaaaa…aaaaaaaa, bbbbbbbb…bbbbbbbb): the exact SHA-256 fingerprint replaces chain validation",
    );
  });
});
