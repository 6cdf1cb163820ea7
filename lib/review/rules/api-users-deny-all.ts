import { facadeApis } from "../../facts/facade-api";
import { show, valueAt } from "../../facts/values";
import { asString, describeValue } from "../../synthesized/terraform-values";
import { resourceRef, stackRef } from "../finding";
import type { Rule } from "../rule";

export const apiUsersDenyAll: Rule = {
  id: "api-users-deny-all",
  checks: "The facade API's user policy (`subject_type_authorization.user.policy`) is `deny_all` (and a facade API is declared, in the stage's tenant).",
  threat:
    "With any other user policy, an attacker who intercepts a redirect to /authorize and adds the facade's audience gets a user token " +
    "for the facade through an ordinary login: the credentials-exchange guard never runs for a login, so nothing else stops it.",
  fix: 'Declare the facade with `ProtectedApi`, which sets `subject_type_authorization { user { policy = "deny_all" } }`; remove any override of it.',
  check: (input) => {
    const apis = facadeApis(input);
    if (apis.length === 0) {
      return [
        {
          resource: stackRef(input.config.stage),
          message:
            `no auth0_resource_server of the stage's tenant declares the facade audience ${show(input.config.facade.audience)} from ${input.config.sourceFile}, ` +
            "so nothing here denies users a facade token (the tenant default user policy is allow_all)",
        },
      ];
    }
    return apis.flatMap((api) => {
      const policy = valueAt(api.values, "subject_type_authorization", "user", "policy");
      if (asString(policy) === "deny_all") return [];
      const found =
        policy === undefined
          ? "not declared, so the tenant default applies: allow_all"
          : policy.kind === "known"
            ? String(asString(policy) ?? describeValue(policy))
            : `unreadable (${describeValue(policy)})`;
      return [{ resource: resourceRef(api), message: `the facade API's user policy is ${found}; it must be deny_all` }];
    });
  },
};
