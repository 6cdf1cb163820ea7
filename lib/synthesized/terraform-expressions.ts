/**
 * Just enough of Terraform's expression syntax to read what this project synthesizes:
 * a whole-string reference (`${auth0_client.X.client_id}`, `${var.facade_client_signing_key}`) and a join of references and
 * literals (`${join(",", [auth0_client.X.client_id, "abc"])}`). Anything else is
 * reported as unreadable, never guessed at.
 */

export type ExpressionPart = { readonly reference: string } | { readonly literal: string };

/** A resource attribute (`type.name.attribute`) or an input variable (`var.name`). */
const REFERENCE = /^(?:[a-z_][a-z0-9_]*\.[A-Za-z0-9_-]+\.[a-z_][a-z0-9_]*|var\.[a-z_][a-z0-9_]*)$/;

function parsePart(text: string): ExpressionPart | undefined {
  const trimmed = text.trim();
  if (REFERENCE.test(trimmed)) return { reference: trimmed };
  if (/^"(?:[^"\\]|\\.)*"$/.test(trimmed)) return { literal: JSON.parse(trimmed) as string };
  return undefined;
}

/** A synthesized string: a literal, one reference, or a join; `undefined` when unreadable. */
export function parseStringExpression(value: unknown): { separator?: string; parts: ExpressionPart[] } | undefined {
  if (typeof value !== "string") return undefined;
  if (!value.includes("${")) return { parts: [{ literal: value }] };
  const whole = /^\$\{(.*)\}$/s.exec(value)?.[1];
  if (whole === undefined) return undefined;
  const single = parsePart(whole);
  if (single) return { parts: [single] };
  const join = /^join\(("(?:[^"\\]|\\.)*"),\s*\[(.*)\]\)$/s.exec(whole.trim());
  if (!join) return undefined;
  const items = join[2].trim() === "" ? [] : join[2].split(",").map(parsePart);
  if (items.some((item) => item === undefined)) return undefined;
  return { separator: JSON.parse(join[1]) as string, parts: items as ExpressionPart[] };
}

/** `${type.name.attribute}` -> `type.name.attribute`, when the value is exactly one reference. */
export function referenceOf(value: unknown): string | undefined {
  const parsed = parseStringExpression(value);
  const only = parsed && parsed.separator === undefined && parsed.parts.length === 1 ? parsed.parts[0] : undefined;
  return only && "reference" in only ? only.reference : undefined;
}

/**
 * Evaluates a synthesized string the way Terraform would after apply, given the
 * attributes the references point at (`{ "auth0_client.X.client_id": "..." }`).
 */
export function evaluateStringExpression(value: unknown, applied: Readonly<Record<string, string>>): string {
  const parsed = parseStringExpression(value);
  if (!parsed) throw new Error(`cannot evaluate ${JSON.stringify(value)}`);
  const values = parsed.parts.map((part) => {
    if ("literal" in part) return part.literal;
    const resolved = applied[part.reference];
    if (resolved === undefined) throw new Error(`no applied value for ${part.reference}`);
    return resolved;
  });
  return values.join(parsed.separator ?? "");
}
