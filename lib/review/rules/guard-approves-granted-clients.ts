import { approvedClients, guardStates } from "../../facts/actions";
import { declaredAccess, describeClient } from "../../facts/clients";
import { keyOf } from "../../facts/references";
import { resourceRef, type Violation } from "../finding";
import type { Rule } from "../rule";

export const guardApprovesGrantedClients: Rule = {
  id: "guard-approves-granted-clients",
  checks:
    "The credentials-exchange guard's approved list (APPROVED_CLIENT_IDS) is exactly the clients the stage file lets get facade tokens: the scripts' M2M client and the approved clients.",
  threat:
    "The two layers must say the same thing. A client approved that the stage file does not declare gets facade tokens the day someone " +
    "grants it in the Dashboard, with no review; a declared client the guard denies is either dead configuration or the scripts' own client, whose logins then fail.",
  fix: "Let `ExchangeGuard` build the list from the API's grants (by reference), and grant clients only through the stage file's `approvedClients`.",
  check: (input) => {
    const declared = declaredAccess(input);
    const declaredKeys = new Set(declared.map((access) => keyOf(access.client)));
    const violations: Violation[] = [];
    for (const { action } of guardStates(input, "credentials-exchange").filter((state) => state.guardsFacade === true)) {
      const approved = approvedClients(action);
      if (approved === undefined) {
        violations.push({
          resource: resourceRef(action),
          message:
            "the guard's APPROVED_CLIENT_IDS secret is missing or unreadable: it denies every facade token (fail closed), or approves what this review cannot see",
        });
        continue;
      }
      const approvedKeys = new Set(approved.map(keyOf));
      for (const client of approved.filter((entry) => !declaredKeys.has(keyOf(entry)))) {
        violations.push({
          resource: resourceRef(action),
          message: `the guard approves ${describeClient(input, client)}, which ${input.config.sourceFile} does not let get facade tokens`,
        });
      }
      for (const access of declared.filter((entry) => !approvedKeys.has(keyOf(entry.client)))) {
        violations.push({ resource: resourceRef(action), message: `the guard does not approve ${access.who}, which ${input.config.sourceFile} declares` });
      }
    }
    return violations;
  },
};
