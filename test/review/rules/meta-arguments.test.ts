import { beforeEach, describe, expect, it } from "vitest";
import type { ReviewInput } from "../../../lib/review/review-input";
import { terraformMetaArguments } from "../../../lib/review/rules/terraform-meta-arguments";
import { exampleInputs, exchangeGuard, facadeApi, messagesOf, mutated, resourceBody, violationsOf } from "../support/review-inputs";

let dev: ReviewInput;
beforeEach(() => {
  dev = exampleInputs().dev;
});

describe("terraform-meta-arguments", () => {
  it("passes the example stages, and meta-arguments on what the facade's security does not rest on", () => {
    expect(messagesOf(terraformMetaArguments, dev)).toEqual([]);
    expect(messagesOf(terraformMetaArguments, exampleInputs().prod)).toEqual([]);
    const input = mutated(dev, (document) => {
      document.resource.auth0_email_template = { Welcome: { count: 0, lifecycle: { ignore_changes: ["body"] } } };
      facadeApi(document).depends_on = ["auth0_client.FacadeClient_4960F1AA"];
      facadeApi(document).lifecycle = { create_before_destroy: true };
    });
    expect(messagesOf(terraformMetaArguments, input)).toEqual([]);
  });

  it("catches count and for_each on a security resource, whatever they make", () => {
    const input = mutated(dev, (document) => {
      exchangeGuard(document).count = "${var.enabled ? 1 : 0}";
      facadeApi(document).count = 1;
      resourceBody(document, "auth0_client", "/FacadeClient/Client").for_each = { a: 1, b: 2 };
    });
    expect(messagesOf(terraformMetaArguments, input)).toEqual([
      "count = ${var.enabled ? 1 : 0} (unreadable: a condition on a computed value): an unknown number of instances, where the stack declares one",
      'for_each = {"a":1,"b":2}: 2 instances, where the stack declares one',
      "count = 1: one instance, but the count is a lever anyone can set to 0",
    ]);
  });

  it("counts instances as Terraform does: a count written as text, for_each keys and set items", () => {
    const input = mutated(dev, (document) => {
      exchangeGuard(document).count = "0";
      facadeApi(document).for_each = [];
      resourceBody(document, "auth0_client", "/FacadeClient/Client").for_each = ["a", "a", "b"];
    });
    expect(messagesOf(terraformMetaArguments, input)).toEqual([
      'count = "0": Terraform makes no instance of it, so it does not exist',
      'for_each = ["a","a","b"]: 2 instances, where the stack declares one',
      "for_each = []: Terraform makes no instance of it, so it does not exist",
    ]);
  });

  it("accepts the default provider named explicitly, and catches one it cannot read", () => {
    const named = mutated(dev, (document) => {
      exchangeGuard(document).provider = "auth0";
      facadeApi(document).provider = "${auth0}";
    });
    expect(messagesOf(terraformMetaArguments, named)).toEqual([]);
    const unreadable = mutated(dev, (document) => {
      exchangeGuard(document).provider = { name: "auth0" };
      facadeApi(document).provider = "${auth0}.x";
    });
    expect(messagesOf(terraformMetaArguments, unreadable)).toEqual([
      'provider = {"name":"auth0"}: it is applied with another provider configuration (another tenant), not the stage\'s',
      "provider = ${auth0}.x (unreadable: a template that mixes text with computed values): it is applied with another provider configuration (another tenant), not the stage's",
    ]);
  });

  it("catches another provider and ignore_changes, and the default provider pinned to another tenant", () => {
    const input = mutated(dev, (document) => {
      exchangeGuard(document).provider = "${auth0.other}";
      facadeApi(document).lifecycle = { ignore_changes: "all" };
      document.provider.auth0[0].domain = "attacker.eu.auth0.com";
    });
    expect(violationsOf(terraformMetaArguments, input)).toEqual([
      {
        path: "dev/ExchangeGuard/Guard/Action",
        address: "auth0_action.ExchangeGuard_Action_C256E679",
        message: "provider = ${auth0.other}: it is applied with another provider configuration (another tenant), not the stage's",
      },
      {
        path: "dev/ProtectedApi/ResourceServer",
        address: "auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31",
        message:
          "lifecycle.ignore_changes = [all]: Terraform would leave a drift of any attribute in place, so what the review read is not what the tenant holds",
      },
      { path: "dev", message: 'the auth0 provider\'s domain is "attacker.eu.auth0.com"; test/fixtures/stages/dev.json deploys to acme-dev.eu.auth0.com' },
    ]);
  });

  it("catches a stack with no default provider, or two", () => {
    expect(
      messagesOf(
        terraformMetaArguments,
        mutated(dev, (document) => (document.provider.auth0[0].alias = "only")),
      ),
    ).toEqual(["0 default auth0 provider configurations; exactly one, pinned to acme-dev.eu.auth0.com, must exist"]);
    expect(
      messagesOf(
        terraformMetaArguments,
        mutated(dev, (document) => document.provider.auth0.push({ domain: "acme-dev.eu.auth0.com" })),
      ),
    ).toEqual(["2 default auth0 provider configurations; exactly one, pinned to acme-dev.eu.auth0.com, must exist"]);
  });
});
