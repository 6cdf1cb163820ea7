import { unescapeTerraformTemplate } from "../../bundling/terraform-template";
import type { SynthesizedResource, SynthesizedStack } from "../../synthesized/synthesized-stack";
import { asRecord, dig } from "../values";

/** One piece of code Auth0 will run: a custom database script or an Action. */
export interface CodeUnit {
  /** As a reviewer names it: `login script`, `Action legacy-users-facade-exchange-guard`. */
  readonly label: string;
  readonly resource: SynthesizedResource;
  /** The exact text Auth0 receives, or `undefined` when the synthesized value is not a literal. */
  readonly code: string | undefined;
}

/** `${` not preceded by `$` is an interpolation: Terraform would compute the text, not send it. */
const INTERPOLATION = /(^|[^$])\$\{|(^|[^%])%\{/;

function readCode(value: unknown): string | undefined {
  return typeof value === "string" && !INTERPOLATION.test(value) ? unescapeTerraformTemplate(value) : undefined;
}

export function codeUnits(stack: SynthesizedStack): CodeUnit[] {
  const scripts = stack.ofType("auth0_connection").flatMap((connection) =>
    Object.entries(asRecord(dig(connection.values, "options", "custom_scripts")) ?? {}).map(([name, text]) => ({
      label: `${name} script`,
      resource: connection,
      code: readCode(text),
    })),
  );
  const actions = stack.ofType("auth0_action").map((action) => ({
    label: `Action ${typeof action.values.name === "string" ? action.values.name : action.address}`,
    resource: action,
    code: readCode(action.values.code),
  }));
  return [...scripts, ...actions];
}
