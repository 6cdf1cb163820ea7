import { beforeEach, describe, expect, it } from "vitest";
import { facadeApis, facadeGrants, isFacadeAudience } from "../../lib/facts/facade-api";
import type { ReviewInput } from "../../lib/review/review-input";
import { exampleInputs, mutated } from "../review/support/review-inputs";

let input: ReviewInput;
beforeEach(() => {
  // A second API on the tenant, with a grant of its own: neither is the facade.
  input = mutated(exampleInputs().dev, (document) => {
    document.resource.auth0_resource_server.Billing = { "//": { metadata: { path: "dev/Billing" } }, identifier: "https://billing.example/" };
    document.resource.auth0_client_grant.BillingGrant = {
      "//": { metadata: { path: "dev/BillingGrant" } },
      audience: "${auth0_resource_server.Billing.identifier}",
      client_id: "x",
    };
  });
});

describe("the facade API facts", () => {
  it("know the facade API by its audience, and its grants by reference or literal audience", () => {
    expect(facadeApis(input).map((api) => api.path)).toEqual(["dev/ProtectedApi/ResourceServer"]);
    expect(facadeGrants(input).map((grant) => grant.path)).toEqual([
      "dev/FacadeClient/Grant",
      "dev/ProtectedApi/ApprovedClient-Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja",
    ]);
  });

  it("tell the facade audience from another API's, and from what they cannot read", () => {
    expect(isFacadeAudience(input, "https://legacy-facade.dev.acme.example/")).toBe(true);
    expect(isFacadeAudience(input, "https://billing.example/")).toBe(false);
    expect(isFacadeAudience(input, "${auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31.identifier}")).toBe(true);
    expect(isFacadeAudience(input, "${auth0_resource_server.Billing.identifier}")).toBe(false);
    expect(isFacadeAudience(input, "${var.audience}")).toBeUndefined();
    expect(isFacadeAudience(input, 42)).toBe(false);
    expect(isFacadeAudience(input, ["https://legacy-facade.dev.acme.example/"])).toBeUndefined();
    expect(isFacadeAudience(input, '${"https://legacy-facade.dev.acme.example/"}')).toBe(true);
  });
});
