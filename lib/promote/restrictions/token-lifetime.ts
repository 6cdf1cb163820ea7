import { resourceServer } from "../stack-facts";
import type { Restriction } from "./restriction";

const LIFETIMES = ["token_lifetime", "token_lifetime_for_web"] as const;

/** A leaked facade token opens the legacy store until it expires: the target's may not live longer. */
export const tokenLifetime: Restriction = {
  id: "token-lifetime",
  check(source, target) {
    const before = resourceServer(source.stack);
    const after = resourceServer(target.stack);
    const longer = LIFETIMES.filter((attribute) => Number(after[attribute]) > Number(before[attribute]));
    const loosenings =
      longer.length === 0
        ? []
        : [
            {
              field: "accessToken.lifetimeSeconds",
              message: `${target.config.stage}'s facade tokens live longer than ${source.config.stage}'s (${longer
                .map((attribute) => `${attribute} ${after[attribute]} s > ${before[attribute]} s`)
                .join(", ")})`,
            },
          ];
    return {
      summary: `facade token lifetime: ${source.config.stage} ${before.token_lifetime} s, ${target.config.stage} ${after.token_lifetime} s`,
      loosenings,
    };
  },
};
