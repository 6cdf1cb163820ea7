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
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
}
