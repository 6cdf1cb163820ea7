import { stagelessPath } from "../stack-facts";
import type { Restriction } from "./restriction";

/** Secrets kept in state (`secrets`) are readable by anyone who reads the state; `secrets_wo` never lands there. */
export const actionSecrets: Restriction = {
  id: "action-secrets",
  check(source, target) {
    const writeOnly = new Set(
      source.stack
        .ofType("auth0_action")
        .filter((action) => action.values.secrets_wo !== undefined)
        .map(stagelessPath),
    );
    const inState = target.stack
      .ofType("auth0_action")
      .filter((action) => writeOnly.has(stagelessPath(action)) && action.values.secrets !== undefined)
      .map(stagelessPath);
    const loosenings =
      inState.length === 0
        ? []
        : [
            {
              field: "actionSecrets",
              message: `${target.config.stage} keeps Action secrets in state (${inState.join(", ")}), ${source.config.stage} never writes them there (write-only)`,
            },
          ];
    return {
      summary: `Action secrets: ${source.config.stage} ${source.config.actionSecrets}, ${target.config.stage} ${target.config.actionSecrets}`,
      loosenings,
    };
  },
};
