import { tenantResources } from "../../facts/resources";
import { asString, describeValue } from "../../synthesized/terraform-values";
import { valueAt } from "../../facts/values";
import { resourceRef } from "../finding";
import type { Rule } from "../rule";

/** The runtime Auth0 runs Actions on; node18 is deprecated (docs: Actions limits). */
const SUPPORTED_RUNTIME = "node22";

export const actionRuntimeNode22: Rule = {
  id: "action-runtime-node22",
  checks: `Every Action declares runtime \`${SUPPORTED_RUNTIME}\`.`,
  threat:
    "A deprecated runtime stops receiving security fixes, and Auth0 eventually migrates or stops such Actions: a guard that no longer runs " +
    "leaves the facade open to the attacks it was there to stop.",
  fix: `Set \`runtime = "${SUPPORTED_RUNTIME}"\` (what \`BoundAction\` declares).`,
  check: (input) =>
    tenantResources(input.stack, "auth0_action").flatMap((action) => {
      const runtime = valueAt(action.values, "runtime");
      if (asString(runtime) === SUPPORTED_RUNTIME) return [];
      return [
        {
          resource: resourceRef(action),
          message:
            runtime === undefined
              ? `the Action declares no runtime, so Auth0 picks one; it must be ${SUPPORTED_RUNTIME}`
              : `the Action runs on ${describeValue(runtime)}; it must be ${SUPPORTED_RUNTIME}`,
        },
      ];
    }),
};
