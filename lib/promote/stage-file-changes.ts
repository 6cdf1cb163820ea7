import { getPath, leafPaths, showJson, type JsonObject } from "./json-paths";

/** What `--write` changes in the target's stage file, field by field, for the person reviewing it. */
export function stageFileChanges(before: JsonObject, after: JsonObject): string[] {
  const fields = [...new Set([...leafPaths(before), ...leafPaths(after)])];
  return fields.flatMap((field) => {
    const old = getPath(before, field);
    const now = getPath(after, field);
    return JSON.stringify(old) === JSON.stringify(now) ? [] : [`${field}: ${showJson(old)} -> ${showJson(now)}`];
  });
}
