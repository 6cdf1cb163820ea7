import { shownValue } from "../messages";
import { terraformValue, type TerraformValue } from "../synthesized/terraform-values";

/**
 * Defensive reading of synthesized attribute values: the review reads JSON that may have
 * been overridden or hand-edited, so nothing is assumed about its shape.
 */

export type Json = unknown;

export function asRecord(value: Json): Readonly<Record<string, Json>> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, Json>) : undefined;
}

export function asArray(value: Json): readonly Json[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** A nested block as cdktf writes it (an object), or as Terraform also accepts it (a one-element list). */
export function block(value: Json): Readonly<Record<string, Json>> | undefined {
  const list = asArray(value);
  return asRecord(list === undefined ? value : list.length === 1 ? list[0] : undefined);
}

/** `a.b.c` inside nested blocks; `undefined` as soon as a step is missing. */
export function dig(value: Json, ...keys: readonly string[]): Json {
  let current = value;
  for (const key of keys) {
    const record = block(current);
    if (record === undefined) return undefined;
    current = record[key];
  }
  return current;
}

/** How a value is shown in a message: short, and never a secret (callers never pass one). */
export function show(value: Json): string {
  return value === undefined ? "not declared" : shownValue(value);
}

/** A list of literal strings, or `undefined` when any entry is not one. */
export function stringList(value: Json): readonly string[] | undefined {
  const list = asArray(value);
  return list?.every((item) => typeof item === "string") ? (list as string[]) : undefined;
}

/**
 * The value at `a.b.c` inside nested blocks, as Terraform reads it; `undefined` when a
 * step is not declared. A step written as an expression is evaluated, so a block given
 * as `${jsondecode("...")}` reads like the object it is, and one computed by Terraform
 * reads as unknown.
 */
export function valueAt(values: Json, ...keys: readonly string[]): TerraformValue | undefined {
  let current: Json = values;
  for (const key of keys) {
    if (typeof current === "string") {
      const evaluated = terraformValue(current);
      if (evaluated.kind !== "known") return evaluated;
      current = evaluated.value;
    }
    const record = block(current);
    // Not a block: what lies below it cannot be read.
    if (record === undefined)
      return { kind: "unknown", expression: JSON.stringify(current) ?? String(current), reason: `not a block, so its ${key} cannot be read` };
    current = record[key];
    if (current === undefined) return undefined;
  }
  return terraformValue(current);
}
