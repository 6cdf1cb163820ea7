import { beforeEach, describe, expect, it } from "vitest";
import type { ReviewInput } from "../../../lib/review/review-input";
import { actionRuntimeNode22 } from "../../../lib/review/rules/action-runtime-node22";
import { actionSecretsWriteOnly } from "../../../lib/review/rules/action-secrets-write-only";
import { exchangeGuardBound } from "../../../lib/review/rules/exchange-guard-bound";
import { guardedTriggersOwned } from "../../../lib/review/rules/guarded-triggers-owned";
import { loginGuardBound } from "../../../lib/review/rules/login-guard-bound";
import { actionSecret, exampleInputs, exchangeGuard, messagesOf, mutated, resourceBody, violationsOf, weakenedStage } from "../support/review-inputs";

let examples: Record<"dev" | "prod", ReviewInput>;
beforeEach(() => {
  examples = exampleInputs();
});

const loginGuard = (document: any) => resourceBody(document, "auth0_action", "/LoginGuard/Guard/Action");

describe("exchange-guard-bound", () => {
  it("passes the example stages", () => {
    expect(messagesOf(exchangeGuardBound, examples.dev)).toEqual([]);
    expect(messagesOf(exchangeGuardBound, examples.prod)).toEqual([]);
  });

  it("catches a guard whose binding is gone", () => {
    const input = mutated(examples.dev, (document) => {
      delete document.resource.auth0_trigger_action.ExchangeGuard_Binding_6D66DE25;
    });
    expect(violationsOf(exchangeGuardBound, input)).toEqual([
      {
        path: "dev/ExchangeGuard/Guard/Action",
        address: "auth0_action.ExchangeGuard_Action_C256E679",
        message: "the credentials-exchange guard never runs: no binding of the stage's tenant binds it to credentials-exchange",
      },
    ]);
  });

  it("catches a guard that is not deployed", () => {
    const input = mutated(examples.dev, (document) => {
      exchangeGuard(document).deploy = false;
    });
    expect(messagesOf(exchangeGuardBound, input)).toEqual(["the credentials-exchange guard never runs: it is not deployed (deploy = false)"]);
  });

  it("catches a stack without the guard", () => {
    const input = mutated(examples.dev, (document) => {
      delete document.resource.auth0_action.ExchangeGuard_Action_C256E679;
      delete document.resource.auth0_trigger_action.ExchangeGuard_Binding_6D66DE25;
    });
    expect(violationsOf(exchangeGuardBound, input)).toEqual([
      { path: "dev", message: `no credentials-exchange Action of the stage's tenant guards the facade audience "https://legacy-facade.dev.acme.example/"` },
    ]);
  });

  it("does not take a guard of another audience for the facade's", () => {
    const input = mutated(examples.dev, (document) => {
      actionSecret(exchangeGuard(document), "FACADE_AUDIENCE").value = "https://other.example/";
    });
    expect(messagesOf(exchangeGuardBound, input)).toEqual([
      `no credentials-exchange Action of the stage's tenant guards the facade audience "https://legacy-facade.dev.acme.example/" (dev/ExchangeGuard/Guard/Action guards another audience)`,
    ]);
  });

  it("names a guard whose FACADE_AUDIENCE secret is gone, rather than calling the stack unguarded", () => {
    const input = mutated(examples.dev, (document) => {
      const guard = exchangeGuard(document);
      guard.secrets_wo = guard.secrets_wo.filter((secret: any) => secret.name !== "FACADE_AUDIENCE");
    });
    expect(violationsOf(exchangeGuardBound, input)).toEqual([
      {
        path: "dev/ExchangeGuard/Guard/Action",
        address: "auth0_action.ExchangeGuard_Action_C256E679",
        message: "the credentials-exchange Action's FACADE_AUDIENCE secret is missing or unreadable, so the review cannot tell that it guards the facade",
      },
    ]);
  });

  it("lists every reason a guard never runs", () => {
    const input = mutated(examples.dev, (document) => {
      exchangeGuard(document).deploy = false;
      document.resource.auth0_trigger_action.ExchangeGuard_Binding_6D66DE25.trigger = "post-login";
    });
    expect(messagesOf(exchangeGuardBound, input)).toEqual([
      'the credentials-exchange guard never runs: it is not deployed (deploy = false), and it is bound to "post-login", not to credentials-exchange',
    ]);
  });

  it("names every exchange Action that guards another audience", () => {
    const input = mutated(examples.dev, (document) => {
      actionSecret(exchangeGuard(document), "FACADE_AUDIENCE").value = "https://other.example/";
      const second = structuredClone(exchangeGuard(document));
      second["//"].metadata.path = "dev/Second/Action";
      document.resource.auth0_action.Second = second;
    });
    expect(messagesOf(exchangeGuardBound, input)).toEqual([
      `no credentials-exchange Action of the stage's tenant guards the facade audience "https://legacy-facade.dev.acme.example/" (dev/ExchangeGuard/Guard/Action, dev/Second/Action guards another audience)`,
    ]);
  });

  it("lists every trigger a guard is bound to instead of its own", () => {
    const input = mutated(examples.dev, (document) => {
      document.resource.auth0_trigger_action.ExchangeGuard_Binding_6D66DE25.trigger = "post-login";
      document.resource.auth0_trigger_action.Again = { action_id: "${auth0_action.ExchangeGuard_Action_C256E679.id}", trigger: "pre-user-registration" };
    });
    expect(messagesOf(exchangeGuardBound, input)).toEqual([
      'the credentials-exchange guard never runs: it is bound to "post-login", "pre-user-registration", not to credentials-exchange',
    ]);
  });
});

describe("login-guard-bound", () => {
  it("passes the example stages", () => {
    expect(messagesOf(loginGuardBound, examples.dev)).toEqual([]);
    expect(messagesOf(loginGuardBound, examples.prod)).toEqual([]);
  });

  it("catches a post-login guard bound to another trigger", () => {
    const input = mutated(examples.dev, (document) => {
      document.resource.auth0_trigger_action.LoginGuard_Binding_E3CC0BF3.trigger = "post-user-registration";
    });
    expect(violationsOf(loginGuardBound, input)).toEqual([
      {
        path: "dev/LoginGuard/Guard/Action",
        address: "auth0_action.LoginGuard_Action_1DEF15BE",
        message: 'the post-login guard never runs: it is bound to "post-user-registration", not to post-login',
      },
    ]);
  });

  it("catches a stack without the post-login guard", () => {
    const input = mutated(examples.dev, (document) => {
      delete document.resource.auth0_action.LoginGuard_Action_1DEF15BE;
    });
    expect(messagesOf(loginGuardBound, input)).toEqual([
      `no post-login Action of the stage's tenant guards the facade audience "https://legacy-facade.dev.acme.example/"`,
    ]);
  });
});

describe("exchange-guard-bound, as Terraform reads the guard", () => {
  it('counts a guard deployed with the string "true", and a trigger written as an expression', () => {
    const input = mutated(examples.dev, (document) => {
      exchangeGuard(document).deploy = "true";
      exchangeGuard(document).supported_triggers.id = '${"credentials-exchange"}';
      document.resource.auth0_trigger_action.ExchangeGuard_Binding_6D66DE25.trigger = '${"credentials-exchange"}';
    });
    expect(messagesOf(exchangeGuardBound, input)).toEqual([]);
  });

  it("catches a guard whose deploy it cannot read, and one with no instance", () => {
    expect(
      messagesOf(
        exchangeGuardBound,
        mutated(examples.dev, (document) => (exchangeGuard(document).deploy = "${var.deploy}")),
      ),
    ).toEqual(['the credentials-exchange guard never runs: it is not deployed (deploy = "${var.deploy}")']);
    expect(
      messagesOf(
        exchangeGuardBound,
        mutated(examples.dev, (document) => (exchangeGuard(document).count = 0)),
      ),
    ).toEqual([`no credentials-exchange Action of the stage's tenant guards the facade audience "https://legacy-facade.dev.acme.example/"`]);
    expect(
      messagesOf(
        exchangeGuardBound,
        mutated(examples.dev, (document) => (exchangeGuard(document).for_each = {})),
      ),
    ).toEqual([`no credentials-exchange Action of the stage's tenant guards the facade audience "https://legacy-facade.dev.acme.example/"`]);
  });
});

describe("guarded-triggers-owned", () => {
  it("passes the example stages, and a plural binding of another trigger", () => {
    expect(messagesOf(guardedTriggersOwned, examples.dev)).toEqual([]);
    const other = mutated(examples.dev, (document) => {
      document.resource.auth0_trigger_actions = { Flow: { "//": { metadata: { path: "dev/Flow" } }, trigger: "pre-user-registration", actions: [] } };
    });
    expect(messagesOf(guardedTriggersOwned, other)).toEqual([]);
  });

  it("catches a plural binding of a guarded trigger, of one it cannot read, and not one with no instance", () => {
    const input = mutated(examples.dev, (document) => {
      document.resource.auth0_trigger_actions = {
        Login: { "//": { metadata: { path: "dev/Login" } }, trigger: "post-login", actions: [] },
        Computed: { "//": { metadata: { path: "dev/Computed" } }, trigger: "${var.trigger}", actions: [] },
        Gone: { "//": { metadata: { path: "dev/Gone" } }, trigger: "post-login", actions: [], count: 0 },
      };
    });
    expect(violationsOf(guardedTriggersOwned, input)).toEqual([
      {
        path: "dev/Login",
        address: "auth0_trigger_actions.Login",
        message: "an auth0_trigger_actions owns the whole post-login trigger, which the guard holds",
      },
      {
        path: "dev/Computed",
        address: "auth0_trigger_actions.Computed",
        message: "an auth0_trigger_actions binds an unreadable trigger (${var.trigger}), which may be a guarded one",
      },
    ]);
  });
});

describe("action-runtime-node22", () => {
  it("passes the example stages", () => {
    expect(messagesOf(actionRuntimeNode22, examples.dev)).toEqual([]);
    expect(messagesOf(actionRuntimeNode22, examples.prod)).toEqual([]);
  });

  it("catches an Action on a deprecated runtime, or on none declared", () => {
    const input = mutated(examples.dev, (document) => {
      exchangeGuard(document).runtime = "node18";
      delete loginGuard(document).runtime;
    });
    expect(violationsOf(actionRuntimeNode22, input)).toEqual([
      {
        path: "dev/ExchangeGuard/Guard/Action",
        address: "auth0_action.ExchangeGuard_Action_C256E679",
        message: 'the Action runs on "node18"; it must be node22',
      },
      {
        path: "dev/LoginGuard/Guard/Action",
        address: "auth0_action.LoginGuard_Action_1DEF15BE",
        message: "the Action declares no runtime, so Auth0 picks one; it must be node22",
      },
    ]);
  });
});

describe("action-secrets-write-only", () => {
  it("passes the example stages", () => {
    expect(messagesOf(actionSecretsWriteOnly, examples.dev)).toEqual([]);
    expect(messagesOf(actionSecretsWriteOnly, examples.prod)).toEqual([]);
  });

  it('catches a stage file that keeps Action secrets in state ("actionSecrets": "state")', () => {
    const input = weakenedStage((stageFile) => {
      stageFile.actionSecrets = "state";
    });
    expect(violationsOf(actionSecretsWriteOnly, input)).toEqual([
      {
        path: "dev/ExchangeGuard/Guard/Action",
        address: "auth0_action.ExchangeGuard_Action_C256E679",
        message:
          "the Action keeps 2 secrets (APPROVED_CLIENT_IDS, FACADE_AUDIENCE) in Terraform state in plain text, although write-only secrets_wo is available",
      },
      {
        path: "dev/LoginGuard/Guard/Action",
        address: "auth0_action.LoginGuard_Action_1DEF15BE",
        message: "the Action keeps 1 secret (FACADE_AUDIENCE) in Terraform state in plain text, although write-only secrets_wo is available",
      },
    ]);
  });
});
