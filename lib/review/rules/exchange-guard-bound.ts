import { guardBindingViolations } from "../guard-binding";
import type { Rule } from "../rule";

export const exchangeGuardBound: Rule = {
  id: "exchange-guard-bound",
  checks: "A deployed `credentials-exchange` Action whose FACADE_AUDIENCE is the facade is bound to the `credentials-exchange` trigger, in the stage's tenant.",
  threat:
    "Without the guard, the facade's grants are the only barrier: a grant added by hand in the Dashboard, or by another stack, silently " +
    "gives that client facade tokens; the guard is the layer that fails closed and approves only the clients this stack declares.",
  fix: "Declare the guard with `ExchangeGuard` (deployed, bound with `auth0_trigger_action`); keep `deploy = true`, its binding, and no count, for_each or provider override.",
  check: (input) => guardBindingViolations(input, "credentials-exchange"),
};
