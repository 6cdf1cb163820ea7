import { facadeScopes } from "../../config/stage-config";
import { isFacadeAudience } from "../facts/facade-api";
import { resourceRef } from "../finding";
import type { Rule } from "../rule";
import { show, stringList } from "../values";

export const grantScopesNeededOnly: Rule = {
  id: "grant-scopes-needed-only",
  checks: "Every client grant for the facade holds only scopes that the enabled custom database scripts call.",
  threat:
    "A scope no enabled script needs (users:delete, users:create, ...) lets whoever holds the client's credentials, or a stolen facade token, " +
    "perform that operation on the legacy user store although nothing in Auth0 ever should.",
  fix: "Grant only the scopes of the enabled scripts (facade/contract.ts); for an approved client, list fewer scopes in the stage file's `approvedClients`.",
  check: (input) => {
    const needed = facadeScopes(input.config);
    return input.stack.ofType("auth0_client_grant").flatMap((grant) => {
      const forFacade = isFacadeAudience(input, grant.values.audience);
      if (forFacade === false) return [];
      if (forFacade === undefined) {
        return [{ resource: resourceRef(grant), message: `the grant's audience is unreadable (${show(grant.values.audience)}): the review cannot tell whether it opens the facade` }];
      }
      const scopes = stringList(grant.values.scopes);
      if (scopes === undefined) {
        return [{ resource: resourceRef(grant), message: `the facade grant's scopes are unreadable (${show(grant.values.scopes)})` }];
      }
      const extra = scopes.filter((scope) => !needed.includes(scope));
      if (extra.length === 0) return [];
      return [
        {
          resource: resourceRef(grant),
          message: `the facade grant includes ${extra.join(", ")}, which no enabled script calls (the scripts ${input.config.connection.scripts.join(", ")} need ${needed.join(", ")})`,
        },
      ];
    });
  },
};
