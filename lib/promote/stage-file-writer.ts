import { closeSync, copyFileSync, fsyncSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { InputError, problemCount } from "../input-error";
import { displayPath } from "../paths";
import { join } from "node:path";
import { getPath, isJsonObject, leafPaths, showJson, type Json, type JsonObject } from "./json-paths";
import { transplantOwnValues } from "./own-values";

/*
 * `promote --write`: the target's stage file built from the source's, laid out like the
 * examples, shown as field changes, and swapped in only once the folder with it loads.
 */

/** `--write` cannot produce the target's stage file; the message says what to add. */
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
    return `[\n${value.map((item) => `${inner}${render(item, depth + 1, inner.length)}`).join(",\n")}\n${close}]`;
  }
  const entries = Object.entries(value as Record<string, Json>);
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

/**
 * Replaces `<dir>/<stage>.json` with `text` only after `validate` accepted the whole
 * folder as it would be (a copy, with the new file in it): nothing half-written and
 * nothing invalid ever lands in `dir`. The new text is written to a hidden file next
 * to the stage file, flushed, and renamed over it, which replaces it in one step.
 */
export function replaceStageFile<T>(dir: string, stage: string, text: string, validate: (stagedDir: string) => T): T {
  const staged = mkdtempSync(join(tmpdir(), "auth0-facade-promoted-config-"));
  let result: T;
  try {
    for (const name of readdirSync(dir)) {
      if (statSync(join(dir, name)).isFile()) copyFileSync(join(dir, name), join(staged, name));
    }
    writeFully(join(staged, `${stage}.json`), text);
    result = validate(staged);
  } catch (error) {
    // Problems found in the staged copy are named by the files the user knows.
    throw error instanceof InputError ? error.renamed(`${staged}/`, `${displayPath(dir)}/`) : error;
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
  const temporary = join(dir, `.${stage}.json.promote-${process.pid}`);
  try {
    writeFully(temporary, text);
    renameSync(temporary, join(dir, `${stage}.json`));
  } finally {
    rmSync(temporary, { force: true });
  }
  return result;
}

function writeFully(file: string, text: string): void {
  const descriptor = openSync(file, "w");
  try {
    writeSync(descriptor, text);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
