import type { JsonObject } from "../json-paths";
import { counterpartClient } from "../own-values";
import type { PromotionProblem } from "../promotion-stages";
import { grantOf, scopesOf, scriptsGrant } from "../stack-facts";
import type { Restriction } from "./restriction";

function extraScopes(field: string, who: string, target: string[], source: string[], stages: string): PromotionProblem[] {
  const extra = target.filter((scope) => !source.includes(scope));
  return extra.length === 0 ? [] : [{ field, message: `${who} holds ${extra.join(", ")} in ${stages}` }];
}

/** No grant for the facade may hold a scope in the target that its counterpart lacks in the source. */
export const grantScopes: Restriction = {
  id: "grant-scopes",
  check(source, target) {
    const stages = `${target.config.stage}, not in ${source.config.stage}`;
    const loosenings = extraScopes(
      "connection.scripts",
      "the scripts' M2M client (its scopes follow the enabled scripts)",
      scopesOf(scriptsGrant(target.stack)),
      scopesOf(scriptsGrant(source.stack)),
      stages,
    );
    target.config.approvedClients.forEach((client, index) => {
      const counterpart = counterpartClient(client as unknown as JsonObject, source.config as unknown as JsonObject);
      if (counterpart === undefined) return; // an unpaired client is the approved-clients restriction's finding
      loosenings.push(
        ...extraScopes(
          `approvedClients[${index}].scopes`,
          `"${client.description}"`,
          scopesOf(grantOf(target.stack, client.clientId)),
          scopesOf(grantOf(source.stack, counterpart.clientId)),
          stages,
        ),
      );
    });
    return { summary: `scopes of ${target.config.approvedClients.length + 1} grant(s) compared with their ${source.config.stage} counterparts`, loosenings };
  },
};
