import { describe, expect, it } from "vitest";
import { declaredAccess, describeClient, scriptsClient } from "../../lib/facts/clients";
import { exampleInputs, mutated, resourceBody } from "../review/support/review-inputs";

const configuration = (document: Record<string, any>) => resourceBody(document, "auth0_connection", "/CustomDatabase/Connection").options.configuration;

describe("client facts", () => {
  it("know the scripts' client as the auth0_client their CLIENT_ID references, and who else the stage file approves", () => {
    const input = exampleInputs().dev;
    expect(scriptsClient(input)?.path).toBe("dev/FacadeClient/Client");
    expect(declaredAccess(input).map((access) => [access.who, access.scopes.join(" ")])).toEqual([
      ["the scripts' client dev/FacadeClient/Client", "users:authenticate users:read"],
      ["approved client Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja (Support console: looks up legacy accounts while users migrate)", "users:read"],
    ]);
  });

  it("know no scripts' client when CLIENT_ID is a literal ID or the configuration is missing, so no grant can pass as its", () => {
    const literal = mutated(exampleInputs().dev, (document) => (configuration(document).CLIENT_ID = "Mq9Wd1Zs6Hr3Lp8Jc5Ge0FyZz2Bv7Xk4"));
    expect(scriptsClient(literal)).toBeUndefined();
    expect(declaredAccess(literal).map((access) => access.who)).toEqual([
      "approved client Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja (Support console: looks up legacy accounts while users migrate)",
    ]);
    const missing = mutated(exampleInputs().dev, (document) => {
      delete resourceBody(document, "auth0_connection", "/CustomDatabase/Connection").options.configuration;
    });
    expect(scriptsClient(missing)).toBeUndefined();
  });

  it("describe a client by construct path, by reference, or by ID and the stage file's description", () => {
    const input = exampleInputs().dev;
    const reference = configuration(input.stack.document as Record<string, any>).CLIENT_ID.slice(2, -1);
    expect(describeClient(input, { reference })).toBe("dev/FacadeClient/Client");
    expect(describeClient(input, { reference: "var.client" })).toBe("${var.client}");
    expect(describeClient(input, { literal: "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja" })).toBe(
      "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja (Support console: looks up legacy accounts while users migrate)",
    );
    expect(describeClient(input, { literal: "Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8Oo9Pp0Aa" })).toBe(
      "Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8Oo9Pp0Aa (not in test/fixtures/stages/dev.json)",
    );
  });
});
