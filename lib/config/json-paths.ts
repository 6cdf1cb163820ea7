/** Field paths in stage-file JSON, written as the config errors write them (`facade.certificate.sha256Pins`). */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function getPath(root: Json, path: string): Json | undefined {
  let node: Json | undefined = root;
  for (const key of path.split(".")) {
    if (!isJsonObject(node) || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Sets (or, with `undefined`, deletes) the value at `path`, creating objects on the way. */
export function setPath(root: JsonObject, path: string, value: Json | undefined): void {
  const keys = path.split(".");
  let node: JsonObject = root;
  for (const key of keys.slice(0, -1)) {
    if (!isJsonObject(node[key])) {
      if (value === undefined) return;
      node[key] = {};
    }
    node = node[key] as JsonObject;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/**
 * Every field a stage file sets, as dotted paths to its leaves. Arrays are leaves: what
 * matters is that a file sets a field, not how many items it lists.
 */
export function leafPaths(value: Json, prefix = ""): string[] {
  if (!isJsonObject(value)) return prefix === "" ? [] : [prefix];
  const entries = Object.entries(value);
  if (entries.length === 0) return prefix === "" ? [] : [prefix];
  return entries.flatMap(([key, child]) => leafPaths(child, prefix === "" ? key : `${prefix}.${key}`));
}

/** Compact JSON for one line of a report, cut at `max` characters. */
export function showJson(value: Json | undefined, max = 100): string {
  if (value === undefined) return "(not set)";
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
