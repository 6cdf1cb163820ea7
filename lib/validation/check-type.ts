import type { CtyType } from "./provider-schema";
import { joinField, type FieldProblem } from "./schema-problem";
import { describeJson, isPlainObject, isTemplateExpression } from "./terraform-value";

/** `["list", "string"]` -> `list of string`. */
function showType(type: CtyType): string {
  if (typeof type === "string") return type;
  const [kind, element] = type;
  if (kind === "object") return `object { ${Object.keys(element as object).join(", ")} }`;
  if (kind === "tuple") return `tuple of ${(element as CtyType[]).length}`;
  return `${kind} of ${showType(element as CtyType)}`;
}

/**
 * Primitive values Terraform converts on its own when it reads JSON configuration:
 * numbers and bools become strings, and numeric or "true"/"false" strings become
 * numbers and bools. Anything else is a type error at plan time.
 */
function fitsPrimitive(value: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    case "number":
      return typeof value === "number" || (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)));
    case "bool":
      return typeof value === "boolean" || value === "true" || value === "false";
    case "dynamic":
      return true;
    default:
      return false;
  }
}

/**
 * Checks a JSON value against a cty type. `null` stands for "not set" and fits any type;
 * a Terraform expression fits any type (only Terraform knows what it yields).
 */
export function checkType(value: unknown, type: CtyType, field: string): FieldProblem[] {
  if (value === null || value === undefined || isTemplateExpression(value)) return [];
  const mismatch = (): FieldProblem[] => [{ field, message: `expected ${showType(type)}, found ${describeJson(value)}` }];
  if (typeof type === "string") return fitsPrimitive(value, type) ? [] : mismatch();
  const [kind, element, optional] = type;
  switch (kind) {
    case "list":
    case "set":
      if (!Array.isArray(value)) return mismatch();
      return value.flatMap((item, index) => checkType(item, element as CtyType, joinField(field, index)));
    case "map":
      if (!isPlainObject(value)) return mismatch();
      return Object.entries(value).flatMap(([key, item]) => checkType(item, element as CtyType, joinField(field, key)));
    case "object": {
      if (!isPlainObject(value)) return mismatch();
      const attributes = element as Record<string, CtyType>;
      const optionalNames = new Set((optional as string[] | undefined) ?? []);
      const unknown = Object.keys(value)
        .filter((key) => !(key in attributes))
        .map((key) => ({ field: joinField(field, key), message: `unknown attribute of ${showType(type)}` }));
      const missing = Object.keys(attributes)
        .filter((key) => !(key in value) && !optionalNames.has(key))
        .map((key) => ({ field: joinField(field, key), message: "missing attribute of the object" }));
      const typed = Object.entries(value)
        .filter(([key]) => key in attributes)
        .flatMap(([key, item]) => checkType(item, attributes[key], joinField(field, key)));
      return [...unknown, ...missing, ...typed];
    }
    case "tuple": {
      const elements = element as CtyType[];
      if (!Array.isArray(value) || value.length !== elements.length) return mismatch();
      return value.flatMap((item, index) => checkType(item, elements[index], joinField(field, index)));
    }
    default:
      return [{ field, message: `the schema has a type this validator does not know (${JSON.stringify(type)})` }];
  }
}
