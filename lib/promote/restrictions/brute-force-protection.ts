import { connectionOptions } from "../stack-facts";
import type { Restriction } from "./restriction";

export const bruteForceProtection: Restriction = {
  id: "brute-force-protection",
  check(source, target) {
    const before = connectionOptions(source.stack).brute_force_protection === true;
    const after = connectionOptions(target.stack).brute_force_protection === true;
    const loosenings =
      before && !after
        ? [
            {
              field: "auth0_connection.options.brute_force_protection",
              message: `${target.config.stage} turns brute-force protection off, ${source.config.stage} has it on`,
            },
          ]
        : [];
    const state = (on: boolean) => (on ? "on" : "off");
    return { summary: `brute-force protection: ${source.config.stage} ${state(before)}, ${target.config.stage} ${state(after)}`, loosenings };
  },
};
