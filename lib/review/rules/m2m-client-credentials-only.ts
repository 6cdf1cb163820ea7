import { resourceRef } from "../finding";
import type { Rule } from "../rule";
import { show, stringList } from "../values";

export const m2mClientCredentialsOnly: Rule = {
  id: "m2m-client-credentials-only",
  checks: "Every machine-to-machine client (`app_type = non_interactive`) allows the `client_credentials` grant type and nothing else.",
  threat:
    "A client that holds a facade grant and also allows password, authorization-code, implicit or refresh-token grants can obtain tokens " +
    "through user flows and long-lived refresh tokens, widening who and what can reach the legacy user store with its secret.",
  fix: 'Set `grant_types = ["client_credentials"]` (what `FacadeClient` declares).',
  check: (input) =>
    input.stack
      .ofType("auth0_client")
      .filter((client) => client.values.app_type === "non_interactive")
      .flatMap((client) => {
        const grantTypes = stringList(client.values.grant_types);
        if (grantTypes === undefined) {
          const found = client.values.grant_types === undefined ? "not declared, so Auth0 applies its default grant types" : `unreadable (${show(client.values.grant_types)})`;
          return [{ resource: resourceRef(client), message: `the M2M client's grant types are ${found}; it must allow client_credentials only` }];
        }
        const others = grantTypes.filter((type) => type !== "client_credentials");
        if (others.length === 0 && grantTypes.length > 0) return [];
        return [
          {
            resource: resourceRef(client),
            message:
              others.length === 0
                ? "the M2M client allows no grant type at all; it must allow client_credentials only"
                : `the M2M client allows ${others.join(", ")} besides client_credentials`,
          },
        ];
      }),
};
