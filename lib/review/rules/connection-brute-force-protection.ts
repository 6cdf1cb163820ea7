import { databaseConnections } from "../../facts/connection";
import { valueAt } from "../../facts/values";
import { asBoolean, describeValue } from "../../synthesized/terraform-values";
import { resourceRef } from "../finding";
import type { Rule } from "../rule";

export const connectionBruteForceProtection: Rule = {
  id: "connection-brute-force-protection",
  checks: "Every database connection of the stage's tenant sets `options.brute_force_protection = true` (as Terraform reads it).",
  threat:
    "Without it, Auth0 does not block an IP after repeated failed logins for one account: every guess is passed to the facade and the " +
    "legacy store, which makes password guessing and credential stuffing against legacy accounts cheap.",
  fix: "Set `brute_force_protection = true` in the connection's options (what `CustomDatabase` declares). `options` is replaced whole on update, so the option must be declared, not left to the tenant.",
  check: (input) =>
    databaseConnections(input.stack).flatMap((connection) => {
      const value = valueAt(connection.values, "options", "brute_force_protection");
      if (asBoolean(value) === true) return [];
      return [
        {
          resource: resourceRef(connection),
          message:
            value === undefined
              ? "brute-force protection is not declared; the provider replaces options whole, so it is turned off on the next apply"
              : `brute-force protection is ${describeValue(value)}; it must be true`,
        },
      ];
    }),
};
