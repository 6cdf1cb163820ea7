import { describe, expect, it } from "vitest";
import { facadeClientsNotUserFacing } from "../../../lib/review/rules/facade-clients-not-user-facing";
import { exampleInputs, messagesOf, mutated, resourceBody, violationsOf, weakenedStage } from "../support/review-inputs";

const SHOP = "Pm4Wx8Rt1Yz6Kb3Nq9Lc2Vh7Dj5Fs0Ga";

describe("facade-clients-not-user-facing", () => {
  it("passes the example stages", () => {
    const examples = exampleInputs();
    expect(messagesOf(facadeClientsNotUserFacing, examples.dev)).toEqual([]);
    expect(messagesOf(facadeClientsNotUserFacing, examples.prod)).toEqual([]);
  });

  it("catches an application users log in to, approved for facade tokens in the stage file", () => {
    const input = weakenedStage((stage) => {
      stage.connection.enabledClients = [SHOP];
      stage.approvedClients.push({ clientId: SHOP, description: "Storefront: reads profiles", scopes: ["users:read"] });
    });
    expect(violationsOf(facadeClientsNotUserFacing, input)).toEqual([
      expect.objectContaining({
        message: `${SHOP} (Storefront: reads profiles) holds a facade grant and is enabled for the connection: users log in to it, so it must never hold facade tokens`,
      }),
    ]);
  });

  it("catches it by reference too: a client of the stack both enabled and granted", () => {
    const input = mutated(exampleInputs().prod, (document) => {
      const grant = resourceBody(document, "auth0_client_grant", "FacadeClient/Grant");
      const enabled = Object.values(document.resource.auth0_connection_clients)[0] as { enabled_clients: string[] };
      enabled.enabled_clients.push(grant.client_id);
    });
    expect(messagesOf(facadeClientsNotUserFacing, input)).toEqual([
      "prod/FacadeClient/Client holds a facade grant and is enabled for the connection: users log in to it, so it must never hold facade tokens",
    ]);
  });

  it("reads the enabled list item by item, and judges only the clients it enables", () => {
    const input = mutated(exampleInputs().prod, (document) => {
      const grant = resourceBody(document, "auth0_client_grant", "FacadeClient/Grant");
      const enabled = Object.values(document.resource.auth0_connection_clients)[0] as { enabled_clients: unknown[] };
      enabled.enabled_clients = ["${var.other}", { not: "a string" }, grant.client_id];
    });
    expect(messagesOf(facadeClientsNotUserFacing, input)).toEqual([
      "prod/FacadeClient/Client holds a facade grant and is enabled for the connection: users log in to it, so it must never hold facade tokens",
    ]);
    const grantUnread = mutated(exampleInputs().prod, (document) => {
      resourceBody(document, "auth0_client_grant", "FacadeClient/Grant").client_id = "${lookup(var.x, 1)}";
    });
    expect(messagesOf(facadeClientsNotUserFacing, grantUnread)).toEqual([]);
  });

  it("leaves an enabled list it cannot read to connection-as-declared", () => {
    const input = mutated(exampleInputs().prod, (document) => {
      const enabled = Object.values(document.resource.auth0_connection_clients)[0] as { enabled_clients: unknown };
      enabled.enabled_clients = "${var.clients}";
    });
    expect(messagesOf(facadeClientsNotUserFacing, input)).toEqual([]);
  });
});
