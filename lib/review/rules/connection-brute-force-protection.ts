import { databaseConnections } from "../facts/connection";
import { resourceRef } from "../finding";
import type { Rule } from "../rule";
import { dig, show } from "../values";

export const connectionBruteForceProtection: Rule = {
  id: "connection-brute-force-protection",
  checks: "Every database connection sets `options.brute_force_protection = true`.",
  threat:
    "Without it, Auth0 does not block an IP after repeated failed logins for one account: every guess is passed to the facade and the " +
    "legacy store, which makes password guessing and credential stuffing against legacy accounts cheap.",
  fix: "Set `brute_force_protection = true` in the connection's options (what `CustomDatabase` declares). `options` is replaced whole on update, so the option must be declared, not left to the tenant.",
  check: (input) =>
    databaseConnections(input.stack)
      .filter((connection) => dig(connection.values, "options", "brute_force_protection") !== true)
      .map((connection) => {
        const value = dig(connection.values, "options", "brute_force_protection");
        return {
          resource: resourceRef(connection),
          message:
            value === undefined
              ? "brute-force protection is not declared; the provider replaces options whole, so it is turned off on the next apply"
              : `brute-force protection is ${show(value)}; it must be true`,
        };
      }),
};
