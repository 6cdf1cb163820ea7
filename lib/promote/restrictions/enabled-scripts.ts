import type { PromotionProblem } from "../promotion-stages";
import { connectionOptions } from "../stack-facts";
import type { Restriction } from "./restriction";

function scripts(options: Readonly<Record<string, unknown>>): string[] {
  return Object.keys((options.custom_scripts as Record<string, unknown> | undefined) ?? {}).sort();
}

/** Each enabled script is a facade operation Auth0 may call: the target may not enable more, nor open sign-up. */
export const enabledScripts: Restriction = {
  id: "enabled-scripts",
  check(source, target) {
    const before = connectionOptions(source.stack);
    const after = connectionOptions(target.stack);
    const extra = scripts(after).filter((name) => !scripts(before).includes(name));
    const loosenings: PromotionProblem[] = [];
    if (extra.length > 0) {
      loosenings.push({ field: "connection.scripts", message: `${target.config.stage} enables ${extra.join(", ")}, which ${source.config.stage} does not` });
    }
    if (before.disable_signup === true && after.disable_signup !== true) {
      loosenings.push({
        field: "connection.scripts (auth0_connection.options.disable_signup)",
        message: `${target.config.stage} lets users sign up, ${source.config.stage} does not`,
      });
    }
    return {
      summary: `scripts: ${source.config.stage} ${scripts(before).join(", ")}; ${target.config.stage} ${scripts(after).join(", ")}`,
      loosenings,
    };
  },
};
