import { counterpartClient } from "../own-values";
import type { JsonObject } from "../json-paths";
import { facadeGrants } from "../stack-facts";
import type { Restriction } from "./restriction";

/** No client may get facade tokens in the target that has no counterpart in the source. */
export const approvedClients: Restriction = {
  id: "approved-clients",
  check(source, target) {
    const before = facadeGrants(source.stack).length;
    const after = facadeGrants(target.stack).length;
    const loosenings = target.config.approvedClients.flatMap((client, index) =>
      counterpartClient(client as unknown as JsonObject, source.config as unknown as JsonObject) === undefined
        ? [
            {
              field: `approvedClients[${index}]`,
              message: `${target.config.stage} approves "${client.description}" (${client.clientId}) for facade tokens, which ${source.config.stage} does not approve (approved clients pair across stages by description)`,
            },
          ]
        : [],
    );
    if (loosenings.length === 0 && after > before) {
      loosenings.push({
        field: "approvedClients",
        message: `${target.config.stage} grants ${after} clients facade access, ${source.config.stage} only ${before}`,
      });
    }
    return { summary: `${target.config.stage} grants ${after} client(s) facade access, ${source.config.stage} ${before}`, loosenings };
  },
};
