import { GUARDED_TRIGGERS } from "../../facts/actions";
import { liveResources } from "../../facts/resources";
import { valueAt } from "../../facts/values";
import { asString, describeValue } from "../../synthesized/terraform-values";
import { resourceRef } from "../finding";
import type { Rule } from "../rule";

export const guardedTriggersOwned: Rule = {
  id: "guarded-triggers-owned",
  checks: `No \`auth0_trigger_actions\` (which owns a trigger's whole list) binds ${GUARDED_TRIGGERS.join(" or ")}, the triggers the guards hold.`,
  threat:
    "`auth0_trigger_actions` replaces every binding of its trigger with its own list: one that lists another Action drops the guard, and one " +
    "that lists the guard decides its order, so an earlier Action can let a token through before the guard runs.",
  fix: "Bind the guards with `auth0_trigger_action`, one binding each (what `BoundAction` declares); bind other Actions the same way, never with the plural resource.",
  check: (input) =>
    liveResources(input.stack, "auth0_trigger_actions").flatMap((binding) => {
      const trigger = valueAt(binding.values, "trigger");
      const name = asString(trigger);
      if (name !== undefined && !(GUARDED_TRIGGERS as readonly string[]).includes(name)) return [];
      return [
        {
          resource: resourceRef(binding),
          message:
            name === undefined
              ? `an auth0_trigger_actions binds an unreadable trigger (${describeValue(trigger)}), which may be a guarded one`
              : `an auth0_trigger_actions owns the whole ${name} trigger, which the guard holds`,
        },
      ];
    }),
};
