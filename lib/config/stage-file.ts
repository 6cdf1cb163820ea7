import { closeSync, copyFileSync, fsyncSync, mkdtempSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { InputError } from "../input-error";
import { PROJECT_ROOT, displayPath } from "../paths";
import { type Json, type JsonObject, isJsonObject } from "./json-paths";
import { parseJsonText } from "./json-text";
import type { StageConfig } from "./stage-config";

/*
 * A stage file as text and as JSON, apart from its validation (load-stages.ts): read raw,
 * laid out as the examples are, and replaced in one step once the folder with it loads.
 * Promotion and adoption write stage files through it.
 */

/** The stage file a loaded stage came from, as JSON; a file changed since into something else is an InputError. */
export function readStageFileJson(config: StageConfig): JsonObject {
  const parsed = parseJsonText(readFileSync(resolve(PROJECT_ROOT, config.sourceFile), "utf8"));
  if ("error" in parsed || !isJsonObject(parsed.value)) {
    throw new InputError([{ file: config.sourceFile, field: "", expected: "expected the stage file it was loaded from, a JSON object; it changed since" }]);
  }
  return parsed.value;
}

/** The stage file's text, to point findings at their line; a vanished file just loses the line. */
export function stageFileText(config: StageConfig): string | undefined {
  try {
    return readFileSync(resolve(PROJECT_ROOT, config.sourceFile), "utf8");
  } catch {
    return undefined;
  }
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
