import { guardBindingViolations } from "../guard-binding";
import type { Rule } from "../rule";

export const loginGuardBound: Rule = {
  id: "login-guard-bound",
  checks: "A deployed `post-login` Action whose FACADE_AUDIENCE is the facade is bound to the `post-login` trigger, in the stage's tenant.",
  threat:
    "The post-login guard is the defence in depth behind the API's deny_all user policy: if that policy is ever reset (by a Dashboard " +
    "edit, an import, a provider change), an intercepted /authorize request with the facade's audience yields a user token for the facade.",
  fix: "Declare the guard with `LoginGuard` (deployed, bound with `auth0_trigger_action`); keep no count, for_each or provider override.",
  check: (input) => guardBindingViolations(input, "post-login"),
};
