import type { SynthesizedResource, SynthesizedStack } from "../../synthesized/synthesized-stack";
import { parseStringExpression } from "../../synthesized/terraform-expressions";

/** `auth0_client.X.client_id`: how a parsed expression names a resource attribute. */
export function attributeOf(resource: SynthesizedResource, attribute: string): string {
  return `${resource.address}.${attribute}`;
}

/** The resource a parsed reference (`auth0_client.X.client_id`) points at. */
export function resourceOfReference(stack: SynthesizedStack, reference: string): SynthesizedResource | undefined {
  const address = reference.split(".").slice(0, 2).join(".");
  return stack.resources.find((resource) => resource.address === address);
}

/**
 * One value read as either a literal or a single reference; `undefined` for anything
 * else (a join, a function call): the review does not guess what Terraform computes.
 */
export type ReadValue = { readonly literal: string } | { readonly reference: string };

export function readValue(value: unknown): ReadValue | undefined {
  const parsed = parseStringExpression(value);
  return parsed && parsed.separator === undefined && parsed.parts.length === 1 ? parsed.parts[0] : undefined;
}

/** Values of a `${join(",", [...])}` or a plain comma-separated literal, each read alone. */
export function readList(value: unknown): ReadValue[] | undefined {
  const parsed = parseStringExpression(value);
  if (parsed === undefined) return undefined;
  if (parsed.separator === undefined) {
    const only = parsed.parts[0];
    if ("reference" in only) return [only];
    return only.literal.trim() === "" ? [] : only.literal.split(",").map((item) => ({ literal: item.trim() }));
  }
  return parsed.separator === "," ? parsed.parts : undefined;
}

/** A read value as a comparable key: the reference, or the literal. */
export function keyOf(value: ReadValue): string {
  return "reference" in value ? `ref:${value.reference}` : `lit:${value.literal}`;
}
