import { declaredAccess, describeClient } from "../../facts/clients";
import { facadeGrants, unreadableGrants } from "../../facts/facade-api";
import { keyOf, readValue } from "../../facts/references";
import { valueAt } from "../../facts/values";
import { asBoolean, asString, asStringList, describeValue } from "../../synthesized/terraform-values";
import { resourceRef, stackRef, type Violation } from "../finding";
import type { Rule } from "../rule";

export const facadeAccessAsDeclared: Rule = {
  id: "facade-access-as-declared",
  checks:
    "Every client grant for the facade belongs to the scripts' M2M client or to a client the stage file approves, with exactly its declared scopes and never allow_all_scopes; each declared client holds exactly one.",
  threat:
    "A grant is what lets a client ask for a facade token. A grant for a client no stage file declares, a scope beyond what is declared " +
    "(users:delete, users:authenticate: the password check), or allow_all_scopes opens the legacy user store to whoever holds that client's credentials.",
  fix: "Grant facade access only through the stage file: the scripts' scopes come from `connection.scripts`, other clients from `approvedClients`; remove hand-written or overridden grants.",
  check: (input) => {
    const declared = declaredAccess(input);
    const declaredByClient = new Map(declared.map((entry) => [keyOf(entry.client), entry]));
    const violations: Violation[] = unreadableGrants(input).map((grant) => ({
      resource: resourceRef(grant),
      message: `the grant's audience is unreadable (${describeValue(valueAt(grant.values, "audience"))}): the review cannot tell whether it opens the facade`,
    }));
    const granted = new Map<string, number>();
    for (const grant of facadeGrants(input)) {
      const client = readValue(grant.values.client_id);
      if (client === undefined) {
        violations.push({
          resource: resourceRef(grant),
          message: `the facade grant's client_id is unreadable (${describeValue(valueAt(grant.values, "client_id"))})`,
        });
        continue;
      }
      const key = keyOf(client);
      granted.set(key, (granted.get(key) ?? 0) + 1);
      const access = declaredByClient.get(key);
      if (access === undefined) {
        violations.push({
          resource: resourceRef(grant),
          message: `the facade grant is for ${describeClient(input, client)}, which ${input.config.sourceFile} does not approve`,
        });
        continue;
      }
      const allScopes = valueAt(grant.values, "allow_all_scopes");
      if (allScopes !== undefined && asBoolean(allScopes) !== false) {
        violations.push({
          resource: resourceRef(grant),
          message: `the facade grant sets allow_all_scopes = ${describeValue(allScopes)}: every scope of the API, the password check included`,
        });
      }
      const scopes = asStringList(valueAt(grant.values, "scopes"));
      if (scopes === undefined) {
        violations.push({
          resource: resourceRef(grant),
          message: `the facade grant's scopes are unreadable (${describeValue(valueAt(grant.values, "scopes"))})`,
        });
      } else if ([...scopes].sort().join() !== access.scopes.join()) {
        violations.push({
          resource: resourceRef(grant),
          message: `the facade grant gives ${access.who} ${scopes.join(", ") || "no scope"}; the stage file declares ${access.scopes.join(", ")}`,
        });
      }
      const subject = valueAt(grant.values, "subject_type");
      if (subject !== undefined && asString(subject) !== "client") {
        violations.push({ resource: resourceRef(grant), message: `the facade grant's subject_type is ${describeValue(subject)}; it must be client` });
      }
    }
    for (const access of declared) {
      const count = granted.get(keyOf(access.client)) ?? 0;
      if (count !== 1)
        violations.push({ resource: stackRef(input.config.stage), message: `${access.who} holds ${count} facade grants; exactly one belongs to it` });
    }
    return violations;
  },
};
