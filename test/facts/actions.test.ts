import { beforeEach, describe, expect, it } from "vitest";
import { actionSecrets, approvedClients, bindingsOf, workingGuards } from "../../lib/facts/actions";
import type { ReviewInput } from "../../lib/review/review-input";
import { actionSecret, type Body, exampleInputs, exchangeGuard, mutated, resourceBody } from "../review/support/review-inputs";

let dev: ReviewInput;
beforeEach(() => {
  dev = exampleInputs().dev;
});

const exchangeBinding = (document: Body) => resourceBody(document, "auth0_trigger_action", "/ExchangeGuard/Guard/Binding");
const guardPaths = (input: ReviewInput, trigger: string) => workingGuards(input, trigger).map((state) => state.action.path);
const action = (input: ReviewInput, path: string) => input.stack.ofType("auth0_action").find((resource) => resource.path === path)!;

describe("Action facts", () => {
  it("read named secrets from secrets_wo and secrets, skipping entries without a name", () => {
    const input = mutated(dev, (document) => {
      exchangeGuard(document).secrets_wo = ["x", { name: 5, value: "v" }, { name: "A", value: 1 }];
      exchangeGuard(document).secrets = [{ name: "B" }];
    });
    expect(actionSecrets(action(input, "dev/ExchangeGuard/Guard/Action"))).toEqual([
      { name: "A", value: 1, storage: "write-only" },
      { name: "B", value: undefined, storage: "state" },
    ]);
    expect(approvedClients(action(input, "dev/ExchangeGuard/Guard/Action"))).toBeUndefined();
  });

  it("find an Action's bindings in auth0_trigger_action and in auth0_trigger_actions lists", () => {
    const input = mutated(dev, (document) => {
      delete document.resource.auth0_trigger_action;
      document.resource.auth0_trigger_actions = {
        Flow: {
          "//": { metadata: { path: "dev/Flow" } },
          trigger: "credentials-exchange",
          actions: ["junk", { id: "${auth0_action.ExchangeGuard_Action_C256E679.id}" }],
        },
        Other: { "//": { metadata: { path: "dev/Other" } }, trigger: "credentials-exchange", actions: [{ id: "${auth0_action.Elsewhere.id}" }] },
        Broken: { "//": { metadata: { path: "dev/Broken" } }, trigger: "credentials-exchange", actions: "all" },
      };
    });
    expect(bindingsOf(input.stack, action(input, "dev/ExchangeGuard/Guard/Action")).map((binding) => [binding.resource.path, binding.trigger])).toEqual([
      ["dev/Flow", "credentials-exchange"],
    ]);
    expect(guardPaths(input, "credentials-exchange")).toEqual(["dev/ExchangeGuard/Guard/Action"]);
  });

  it("count a guard only when it names the facade, is deployed and is bound to its own trigger", () => {
    expect(guardPaths(dev, "credentials-exchange")).toEqual(["dev/ExchangeGuard/Guard/Action"]);
    const broken = (change: (document: Body) => void) => guardPaths(mutated(dev, change), "credentials-exchange");
    expect(broken((document) => (exchangeGuard(document).deploy = false))).toEqual([]);
    expect(broken((document) => (exchangeBinding(document).trigger = "post-login"))).toEqual([]);
    expect(broken((document) => (exchangeBinding(document).action_id = "${auth0_action.Elsewhere.id}"))).toEqual([]);
    expect(
      broken((document) => {
        actionSecret(exchangeGuard(document), "FACADE_AUDIENCE").value = "https://other.example/";
      }),
    ).toEqual([]);
  });
});
