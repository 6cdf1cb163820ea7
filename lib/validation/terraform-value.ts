import { shownValue } from "../messages";

/**
 * Terraform reads every JSON string as a template. One holding an interpolation (`${`)
 * or a directive (`%{`) that is not escaped (`$${`, `%%{`) is an expression whose type
 * is only known to Terraform, so validation accepts it wherever a value may stand.
 */
export function isTemplateExpression(value: unknown): value is string {
  return typeof value === "string" && /(^|[^$%])[$%]\{/.test(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${shownValue(value, 40)}`;
}
