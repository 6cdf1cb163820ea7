import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A cache of runtime-code builds in `.build/runtime-code`, so an unchanged script is not
 * rebundled on every synth. An entry is used only when every file esbuild read for it
 * still has the same bytes (checked by SHA-256, not by timestamps), and the build
 * options and esbuild version are the same.
 */
interface CacheEntry {
  readonly inputs: Readonly<Record<string, string>>;
  readonly code: string;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

function entryFile(root: string, key: string): string {
  return join(root, ".build", "runtime-code", `${sha256(key)}.json`);
}

function digestOf(root: string, file: string): string | undefined {
  try {
    return sha256(readFileSync(join(root, file)));
  } catch {
    return undefined;
  }
}

export function readCachedBuild(root: string, key: string): string | undefined {
  let entry: CacheEntry;
  try {
    entry = JSON.parse(readFileSync(entryFile(root, key), "utf8")) as CacheEntry;
  } catch {
    return undefined;
  }
  const unchanged = Object.entries(entry.inputs).every(([file, digest]) => digestOf(root, file) === digest);
  return unchanged ? entry.code : undefined;
}

/** `inputs`: the files the build read, relative to `root`. Written atomically; a failure to write only costs the cache. */
export function writeCachedBuild(root: string, key: string, inputs: readonly string[], code: string): void {
  const file = entryFile(root, key);
  const entry: CacheEntry = { inputs: Object.fromEntries(inputs.map((input) => [input, digestOf(root, input) ?? ""])), code };
  try {
    mkdirSync(join(root, ".build", "runtime-code"), { recursive: true });
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(entry));
    renameSync(`${file}.${process.pid}`, file);
  } catch {
    // read-only checkout: build every time
  }
}
