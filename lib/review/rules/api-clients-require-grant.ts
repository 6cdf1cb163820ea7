import { facadeApis } from "../../facts/facade-api";
import { valueAt } from "../../facts/values";
import { asString, describeValue } from "../../synthesized/terraform-values";
import { resourceRef } from "../finding";
import type { Rule } from "../rule";

export const apiClientsRequireGrant: Rule = {
  id: "api-clients-require-grant",
  checks: "The facade API's client policy (`subject_type_authorization.client.policy`) is `require_client_grant`.",
  threat:
    "With allow_all, every application of the tenant can exchange its credentials for a facade token, with every scope: " +
    "the grants stop meaning anything and the credentials-exchange Action becomes the only barrier to the legacy user store.",
  fix: 'Declare the facade with `ProtectedApi`, which sets `subject_type_authorization { client { policy = "require_client_grant" } }`.',
  // A missing facade API is reported once, by api-users-deny-all.
  check: (input) =>
    facadeApis(input).flatMap((api) => {
      const policy = valueAt(api.values, "subject_type_authorization", "client", "policy");
      if (asString(policy) === "require_client_grant") return [];
      const found =
        policy === undefined
          ? "not declared, so the tenant's setting applies, which this review cannot see"
          : policy.kind === "known"
            ? String(asString(policy) ?? describeValue(policy))
            : `unreadable (${describeValue(policy)})`;
      return [{ resource: resourceRef(api), message: `the facade API's client policy is ${found}; it must be require_client_grant` }];
    }),
};
