import { boundTriggers } from "../stack-facts";
import type { Restriction } from "./restriction";

/** A guard Action the source binds to a trigger must be bound in the target too. */
export const guardsBound: Restriction = {
  id: "guards-bound",
  check(source, target) {
    const before = boundTriggers(source.stack);
    const after = boundTriggers(target.stack);
    const loosenings = before
      .filter((trigger) => !after.includes(trigger))
      .map((trigger) => ({
        field: `auth0_trigger_action (${trigger})`,
        message: `${target.config.stage} binds no Action to ${trigger}, ${source.config.stage} does`,
      }));
    return { summary: `guards bound: ${source.config.stage} ${before.join(", ")}; ${target.config.stage} ${after.join(", ")}`, loosenings };
  },
};
