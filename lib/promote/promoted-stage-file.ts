import { InputError, problemCount } from "../input-error";
import { getPath, leafPaths, showJson, type JsonObject } from "../config/json-paths";
import { transplantOwnValues } from "./own-values";

/*
 * `promote --write`: the target's stage file built from the source's, and shown as field
 * changes; lib/config/stage-file.ts lays it out and swaps it in.
 */

/**
 * The target's stage file as promotion writes it: the source's file, field for field and
 * in its order, carrying the target's own values (see OWN_FIELDS). An approved client of
 * the source with no counterpart in the target stops it: only a person can say which
 * client that is in the target's tenant.
 */
export function promotedStageFile(source: JsonObject, target: JsonObject, names: { source: string; target: string; targetFile: string }): JsonObject {
  const { file, unpaired } = transplantOwnValues(source, target);
  if (unpaired.length > 0) {
    const problems = unpaired.map((description) => ({
      file: names.targetFile,
      field: "approvedClients",
      expected: `${names.source} approves "${description}", which has no client in ${names.target}: add ${names.target}'s client with that description (clients pair by description), then promote again`,
    }));
    throw new InputError(problems, `cannot write the promoted stage file (${problemCount(problems)})`);
  }
  return file;
}

/** What `--write` changes in the target's stage file, field by field, for the person reviewing it. */
export function stageFileChanges(before: JsonObject, after: JsonObject): string[] {
  const fields = [...new Set([...leafPaths(before), ...leafPaths(after)])];
  return fields.flatMap((field) => {
    const old = getPath(before, field);
    const now = getPath(after, field);
    return JSON.stringify(old) === JSON.stringify(now) ? [] : [`${field}: ${showJson(old)} -> ${showJson(now)}`];
  });
}
