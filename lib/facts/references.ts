import type { SynthesizedResource, SynthesizedStack } from "../synthesized/synthesized-stack";
import { asString, terraformValue } from "../synthesized/terraform-values";

/** `auth0_client.X.client_id`: how a reference names a resource attribute. */
export function attributeOf(resource: SynthesizedResource, attribute: string): string {
  return `${resource.address}.${attribute}`;
}

/** The resource a reference (`auth0_client.X.client_id`) points at. */
export function resourceOfReference(stack: SynthesizedStack, reference: string): SynthesizedResource | undefined {
  const address = reference.split(".").slice(0, 2).join(".");
  return stack.resources.find((resource) => resource.address === address);
}

/**
 * One value as Terraform reads it, when it is a known string or exactly one reference;
 * `undefined` for anything else: the review never guesses what Terraform computes.
 */
export type ReadValue = { readonly literal: string } | { readonly reference: string };

export function readValue(raw: unknown): ReadValue | undefined {
  const value = terraformValue(raw);
  if (value.kind === "reference") return { reference: value.reference };
  const text = asString(value);
  return text === undefined ? undefined : { literal: text };
}

/** A variable's value is only known to Terraform: a list holding one cannot be read item by item. */
const isVariable = (reference: string) => reference.startsWith("var.");

/** The items of a comma-separated list: a known string, one reference, or a `join(",", [...])`. */
export function readList(raw: unknown): ReadValue[] | undefined {
  const value = terraformValue(raw);
  if (value.kind === "reference") return isVariable(value.reference) ? undefined : [{ reference: value.reference }];
  if (value.kind === "join") {
    if (value.separator !== "," || value.parts.some((part) => "reference" in part && isVariable(part.reference))) return undefined;
    return value.parts.map((part) => ("reference" in part ? part : { literal: part.literal.trim() }));
  }
  const text = asString(value);
  if (text === undefined) return undefined;
  return text.trim() === "" ? [] : text.split(",").map((item) => ({ literal: item.trim() }));
}

/** A read value as a comparable key: the reference, or the literal. */
export function keyOf(value: ReadValue): string {
  return "reference" in value ? `ref:${value.reference}` : `lit:${value.literal}`;
}

/** Whether a value is exactly a reference to `resource`'s `attribute`. */
export function refersTo(raw: unknown, resource: SynthesizedResource, attribute: string): boolean {
  const value = readValue(raw);
  return value !== undefined && "reference" in value && value.reference === attributeOf(resource, attribute);
}
