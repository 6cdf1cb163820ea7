import { unescapeTerraformTemplate } from "../bundling/terraform-template";
import type { SynthesizedResource, SynthesizedStack } from "../synthesized/synthesized-stack";
import { asString } from "../synthesized/terraform-values";
import { scriptsOf } from "./connection";
import { valueAt } from "./values";

/** One piece of code Auth0 will run: a custom database script or an Action. */
export interface CodeUnit {
  readonly kind: "script" | "action";
  /** The script name (`login`) or the Action's name. */
  readonly name: string;
  /** As a reviewer names it: `login script`, `Action legacy-users-facade-exchange-guard`. */
  readonly label: string;
  readonly resource: SynthesizedResource;
  /** The exact text Auth0 receives, or `undefined` when the synthesized value is not literal text. */
  readonly code: string | undefined;
}

/** `${` or `%{` not escaped is an interpolation or a directive: Terraform would compute the text, not send it. */
const TEMPLATE = /(^|[^$])\$\{|(^|[^%])%\{/;

function readCode(value: unknown): string | undefined {
  return typeof value === "string" && !TEMPLATE.test(value) ? unescapeTerraformTemplate(value) : undefined;
}

/** Every script of every database connection and every Action, on any provider: code is code wherever it runs. */
export function codeUnits(stack: SynthesizedStack): CodeUnit[] {
  const scripts = stack
    .ofType("auth0_connection")
    .flatMap((connection) =>
      Object.entries(scriptsOf(connection) ?? {}).map(
        ([name, text]): CodeUnit => ({ kind: "script", name, label: `${name} script`, resource: connection, code: readCode(text) }),
      ),
    );
  const actions = stack.ofType("auth0_action").map((action): CodeUnit => {
    const name = typeof action.values.name === "string" ? action.values.name : action.address;
    return { kind: "action", name, label: `Action ${name}`, resource: action, code: readCode(action.values.code) };
  });
  return [...scripts, ...actions];
}

/** The trigger an Action is written for (`supported_triggers.id`), as Terraform reads it. */
export function triggerOfAction(action: SynthesizedResource): string | undefined {
  return asString(valueAt(action.values, "supported_triggers", "id"));
}
