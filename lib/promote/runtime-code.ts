import { createHash } from "node:crypto";
import { unescapeTerraformTemplate } from "../bundling/terraform-template";
import type { SynthesizedStack } from "../synthesized/synthesized-stack";
import type { PromotionProblem } from "./promotion-stages";

/** One text Auth0 will run: a custom database script or an Action. */
export interface CodeUnit {
  /** `script login`, `action ExchangeGuard/Guard/Action`: the same in every stage. */
  readonly name: string;
  readonly sha256: string;
  readonly bytes: number;
}

function unit(name: string, synthesized: unknown): CodeUnit {
  // Hash what Terraform sends to Auth0, not the escaped template in cdk.tf.json.
  const text = unescapeTerraformTemplate(String(synthesized));
  return { name, sha256: createHash("sha256").update(text).digest("hex"), bytes: Buffer.byteLength(text, "utf8") };
}

export function codeUnits(stack: SynthesizedStack): CodeUnit[] {
  const scripts = stack.ofType("auth0_connection").flatMap((connection) => {
    const custom = (connection.values.options as { custom_scripts?: Record<string, unknown> } | undefined)?.custom_scripts ?? {};
    return Object.entries(custom).map(([name, code]) => unit(`script ${name}`, code));
  });
  const actions = stack.ofType("auth0_action").map((action) => unit(`action ${action.path.split("/").slice(1).join("/")}`, action.values.code));
  return [...scripts, ...actions];
}

export interface CodeComparison {
  readonly source: readonly CodeUnit[];
  readonly target: readonly CodeUnit[];
  readonly problems: readonly PromotionProblem[];
}

/**
 * The target must run the very bytes the source was tested with. Code only one stage
 * runs is listed, and judged by the restriction on enabled scripts.
 */
export function compareCode(source: SynthesizedStack, target: SynthesizedStack): CodeComparison {
  const before = codeUnits(source);
  const after = codeUnits(target);
  const problems = after.flatMap((code) => {
    const tested = before.find((other) => other.name === code.name);
    if (tested === undefined || tested.sha256 === code.sha256) return [];
    return [
      {
        field: code.name,
        message: `${target.stage} would run different ${code.name} bytes than ${source.stage} was tested with (sha256 ${code.sha256.slice(0, 12)}, ${code.bytes} bytes; ${source.stage}: ${tested.sha256.slice(0, 12)}, ${tested.bytes} bytes)`,
      },
    ];
  });
  return { source: before, target: after, problems };
}
