import { beforeEach, describe, expect, it } from "vitest";
import { describeClient } from "../../lib/facts/clients";
import { codeUnits } from "../../lib/facts/code-units";
import type { ReviewInput } from "../../lib/review/review-input";
import { exampleInputs, mutated, resourceBody } from "../review/support/review-inputs";

let dev: ReviewInput;
beforeEach(() => {
  dev = exampleInputs().dev;
});

describe("code units", () => {
  it("name an Action by its name, or by its address when the name is computed, and read only literal text", () => {
    const input = mutated(dev, (document) => {
      const guard = resourceBody(document, "auth0_action", "/LoginGuard/Guard/Action");
      guard.name = ["computed"];
      guard.code = 5;
    });
    const guard = codeUnits(input.stack).find((unit) => unit.resource.path === "dev/LoginGuard/Guard/Action");
    expect(guard).toMatchObject({ label: "Action auth0_action.LoginGuard_Action_1DEF15BE", code: undefined });
  });
});

describe("describeClient", () => {
  it("shows a reference to a client outside the stack as the reference itself", () => {
    expect(describeClient(dev, { reference: "auth0_client.Elsewhere.client_id" })).toBe("${auth0_client.Elsewhere.client_id}");
    expect(describeClient(dev, { reference: "auth0_client.FacadeClient_4960F1AA.client_id" })).toBe("dev/FacadeClient/Client");
    expect(describeClient(dev, { literal: "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp" })).toBe(
      "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp (not in test/fixtures/stages/dev.json)",
    );
  });
});
