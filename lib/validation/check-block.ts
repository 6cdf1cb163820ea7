import { checkType } from "./check-type";
import { nearestName } from "../messages";
import type { SchemaAttribute, SchemaBlock, SchemaBlockType } from "./provider-schema";
import { joinField, type FieldProblem } from "./schema-problem";
import { describeJson, isPlainObject, isTemplateExpression } from "./terraform-value";

/**
 * Keys Terraform handles itself, never the provider: meta-arguments, cdktf's `//`
 * metadata, and `dynamic` blocks (expanded by Terraform from an expression).
 */
export const RESOURCE_META_ARGUMENTS: readonly string[] = [
  "//",
  "count",
  "for_each",
  "depends_on",
  "lifecycle",
  "provider",
  "provisioner",
  "connection",
  "dynamic",
];
export const PROVIDER_META_ARGUMENTS: readonly string[] = ["//", "alias"];

const isReadOnly = (attribute: SchemaAttribute) => attribute.computed === true && !attribute.optional && !attribute.required;

function checkAttribute(value: unknown, attribute: SchemaAttribute, field: string): FieldProblem[] {
  if (isReadOnly(attribute)) return [{ field, message: "read-only attribute (computed by the provider), cannot be set" }];
  if (attribute.nested_type !== undefined) {
    const { attributes, nesting_mode } = attribute.nested_type;
    return checkBlockType(value, { nesting_mode: nesting_mode as SchemaBlockType["nesting_mode"], block: { attributes } }, field);
  }
  return attribute.type === undefined ? [] : checkType(value, attribute.type, field);
}

/** The block bodies a JSON value stands for: Terraform's JSON syntax takes one object or a list of them. */
function bodiesOf(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function checkBlockType(value: unknown, blockType: SchemaBlockType, field: string): FieldProblem[] {
  if (isTemplateExpression(value)) {
    return [{ field, message: "expected a nested block, found an expression (use a dynamic block instead)" }];
  }
  if (blockType.nesting_mode === "map") {
    if (!isPlainObject(value)) return [{ field, message: `expected a map of blocks, found ${describeJson(value)}` }];
    return Object.entries(value).flatMap(([label, body]) => checkBody(body, blockType.block, joinField(field, label)));
  }
  const bodies = bodiesOf(value);
  const single = blockType.nesting_mode === "single" || blockType.nesting_mode === "group";
  const max = single ? 1 : blockType.max_items;
  const min = blockType.min_items ?? 0;
  const problems: FieldProblem[] = [];
  if (max !== undefined && max > 0 && bodies.length > max) {
    problems.push({ field, message: `at most ${max} block${max === 1 ? "" : "s"} allowed (${blockType.nesting_mode} nesting), found ${bodies.length}` });
  }
  if (bodies.length < min) {
    problems.push({ field, message: `at least ${min} block${min === 1 ? "" : "s"} required, found ${bodies.length}` });
  }
  const many = Array.isArray(value) && !single;
  for (const [index, body] of bodies.entries()) problems.push(...checkBody(body, blockType.block, many ? joinField(field, index) : field));
  return problems;
}

/**
 * Checks one block body (a resource, a data source, the provider, or a nested block)
 * against its schema: unknown keys, read-only and missing required attributes, types,
 * and the count of each nested block.
 */
export function checkBody(body: unknown, block: SchemaBlock, field = "", metaArguments: readonly string[] = []): FieldProblem[] {
  if (!isPlainObject(body)) return [{ field, message: `expected a block body (an object), found ${describeJson(body)}` }];
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(body)) {
    const at = joinField(field, key);
    if (metaArguments.includes(key)) continue;
    if (key in attributes) problems.push(...checkAttribute(value, attributes[key], at));
    else if (key in blockTypes) problems.push(...checkBlockType(value, blockTypes[key], at));
    else {
      const suggestion = nearestName(key, [...Object.keys(attributes), ...Object.keys(blockTypes)]);
      problems.push({ field: at, message: `unknown attribute or block${suggestion ? ` (did you mean ${suggestion}?)` : ""}` });
    }
  }
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.required && (body[name] === undefined || body[name] === null)) {
      problems.push({ field: joinField(field, name), message: "required attribute is missing" });
    }
  }
  for (const [name, blockType] of Object.entries(blockTypes)) {
    const min = blockType.min_items ?? 0;
    if (min > 0 && (body[name] === undefined || body[name] === null)) {
      problems.push({ field: joinField(field, name), message: `required block is missing (at least ${min})` });
    }
  }
  return problems;
}
