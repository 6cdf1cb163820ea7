import { isJsonObject, type Json } from "./json-paths";

/**
 * Writes a stage file the way the examples are laid out, so a promoted file shows only
 * real changes in review: objects open one key per line, except a lone key with a plain
 * value (`{ "type": "local" }`); lists of plain values stay on one line when they have one
 * item or fit in LINE_WIDTH; lists of objects open one object per line.
 */
const LINE_WIDTH = 120;
const INDENT = "  ";

const isPlain = (value: Json): boolean => value === null || typeof value !== "object";

function inline(value: Json): string | undefined {
  if (isPlain(value)) return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (!value.every(isPlain)) return undefined;
    return `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
  }
  const entries = Object.entries(value as Record<string, Json>);
  if (entries.length === 0) return "{}";
  if (entries.length === 1 && isPlain(entries[0][1])) return `{ ${JSON.stringify(entries[0][0])}: ${JSON.stringify(entries[0][1])} }`;
  return undefined;
}

function render(value: Json, depth: number, prefixLength: number): string {
  const oneLine = inline(value);
  if (oneLine !== undefined) {
    const fits = prefixLength + oneLine.length <= LINE_WIDTH;
    const single = Array.isArray(value) && value.length <= 1;
    if (!Array.isArray(value) || fits || single) return oneLine;
  }
  const inner = INDENT.repeat(depth + 1);
  const close = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => `${inner}${render(item, depth + 1, inner.length)}`).join(",\n")}\n${close}]`;
  }
  const entries = Object.entries(value as Record<string, Json>);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([key, item]) => {
    const head = `${inner}${JSON.stringify(key)}: `;
    return `${head}${render(item, depth + 1, head.length)}`;
  });
  return `{\n${lines.join(",\n")}\n${close}}`;
}

export function formatStageFile(file: Json): string {
  if (!isJsonObject(file)) throw new Error("a stage file is a JSON object");
  return `${render(file, 0, 0)}\n`;
}
