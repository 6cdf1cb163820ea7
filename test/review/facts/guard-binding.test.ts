import { beforeEach, describe, expect, it } from "vitest";
import { guardBindingViolations } from "../../../lib/review/facts/guard-binding";
import type { ReviewInput } from "../../../lib/review/review-input";
import { actionSecret, type Body, exampleInputs, exchangeGuard, mutated, resourceBody } from "../support/review-inputs";

let dev: ReviewInput;
beforeEach(() => {
  dev = exampleInputs().dev;
});

const messages = (change: (document: Body) => void) => guardBindingViolations(mutated(dev, change), "credentials-exchange").map((violation) => violation.message);

describe("guard binding", () => {
  it("names every exchange Action that guards another audience", () => {
    expect(
      messages((document) => {
        actionSecret(exchangeGuard(document), "FACADE_AUDIENCE").value = "https://other.example/";
        const second = structuredClone(exchangeGuard(document));
        second["//"].metadata.path = "dev/Second/Action";
        document.resource.auth0_action.Second = second;
      }),
    ).toEqual([
      'no credentials-exchange Action guards the facade audience "https://legacy-facade.dev.acme.example/" (dev/ExchangeGuard/Guard/Action, dev/Second/Action guards another audience)',
    ]);
  });

  it("lists every trigger a guard is bound to instead of its own", () => {
    expect(
      messages((document) => {
        resourceBody(document, "auth0_trigger_action", "/ExchangeGuard/Guard/Binding").trigger = "post-login";
        document.resource.auth0_trigger_action.Again = { action_id: "${auth0_action.ExchangeGuard_Action_C256E679.id}", trigger: "pre-user-registration" };
      }),
    ).toEqual(['the credentials-exchange guard never runs: it is bound to "post-login", "pre-user-registration", not to credentials-exchange']);
  });
});
