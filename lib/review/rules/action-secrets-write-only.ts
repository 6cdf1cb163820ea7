import { actionSecrets } from "../../facts/actions";
import { tenantResources } from "../../facts/resources";
import { resourceRef } from "../finding";
import type { Rule } from "../rule";

export const actionSecretsWriteOnly: Rule = {
  id: "action-secrets-write-only",
  checks: "Actions pass their secrets through write-only `secrets_wo`, not `secrets`.",
  threat:
    "`secrets` are written to the Terraform state and plan in plain text: anyone who reads the state reads them. A warning, not an error: " +
    "today these values are the facade audience and client IDs, identifiers rather than credentials, and the state must be protected anyway " +
    "(it holds the M2M client secret); but the next secret added to the Action would land in state unnoticed. A literal credential is an error of no-literal-secrets.",
  fix: 'Set `"actionSecrets": "write-only"` in the stage file (the default; needs Terraform 1.11 or later; an applied stage switches in the three steps of docs/provider-hazards.md).',
  check: (input) =>
    tenantResources(input.stack, "auth0_action").flatMap((action) => {
      const inState = actionSecrets(action).filter((secret) => secret.storage === "state");
      if (inState.length === 0) return [];
      return [
        {
          resource: resourceRef(action),
          message: `the Action keeps ${inState.length} secret${inState.length === 1 ? "" : "s"} (${inState.map((secret) => secret.name).join(", ")}) in Terraform state in plain text, although write-only secrets_wo is available`,
        },
      ];
    }),
};
