import { approvedClients, guardStates } from "../facts/actions";
import { describeClient } from "../facts/clients";
import { facadeGrants } from "../facts/facade-api";
import { keyOf, readValue, type ReadValue } from "../facts/references";
import { resourceRef, type Violation } from "../finding";
import type { Rule } from "../rule";
import { show } from "../values";

export const guardApprovesGrantedClients: Rule = {
  id: "guard-approves-granted-clients",
  checks: "The credentials-exchange guard's approved list (APPROVED_CLIENT_IDS) is exactly the clients that hold a grant for the facade.",
  threat:
    "The two layers must say the same thing. A client approved without a grant shows the list is maintained by hand and will drift: the day " +
    "someone grants it in the Dashboard it gets facade tokens with no review. A granted client the guard denies is either dead configuration " +
    "or the scripts' own client, whose logins then fail.",
  fix: "Let `ExchangeGuard` build the list from the API's grants (by reference), and grant clients only through `ProtectedApi.grantAccess` or the stage file's `approvedClients`.",
  check: (input) => {
    const grants = facadeGrants(input);
    const granted: { client: ReadValue; grantPath: string }[] = [];
    const violations: Violation[] = [];
    for (const grant of grants) {
      const client = readValue(grant.values.client_id);
      if (client === undefined) violations.push({ resource: resourceRef(grant), message: `the facade grant's client_id is unreadable (${show(grant.values.client_id)})` });
      else granted.push({ client, grantPath: grant.path });
    }
    const guards = guardStates(input, "credentials-exchange").filter((state) => state.guardsFacade === true);
    for (const { action } of guards) {
      const approved = approvedClients(action);
      if (approved === undefined) {
        violations.push({
          resource: resourceRef(action),
          message: "the guard's APPROVED_CLIENT_IDS secret is missing or unreadable: it denies every facade token (fail closed), or approves what this review cannot see",
        });
        continue;
      }
      const approvedKeys = new Set(approved.map(keyOf));
      const grantedKeys = new Set(granted.map((entry) => keyOf(entry.client)));
      for (const client of approved.filter((entry) => !grantedKeys.has(keyOf(entry)))) {
        violations.push({ resource: resourceRef(action), message: `the guard approves ${describeClient(input, client)}, which holds no grant for the facade` });
      }
      for (const entry of granted.filter((item) => !approvedKeys.has(keyOf(item.client)))) {
        violations.push({
          resource: resourceRef(action),
          message: `the guard does not approve ${describeClient(input, entry.client)}, which holds a facade grant (${entry.grantPath})`,
        });
      }
    }
    return violations;
  },
};
