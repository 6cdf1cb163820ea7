#!/usr/bin/env node
// Runs a TypeScript command-line entry (bin/*.ts) from one pre-bundled file, rebuilt only
// when a file it was built from changed. Loading one bundle with V8's code cache takes a
// fraction of what compiling TypeScript and resolving hundreds of modules does on every
// run, which is most of the time of a synth.
//
// Usage: node bin/prebundled.mjs bin/synth.ts [args...]
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { Script } from "node:vm";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const entry = process.argv[2];
if (!entry || !entry.endsWith(".ts")) {
  console.error("usage: node bin/prebundled.mjs <entry.ts> [args...]");
  process.exit(2);
}
const out = join(root, ".build", "bin", `${basename(entry, ".ts")}.cjs`);
const manifestFile = `${out}.inputs.json`;
const codeCacheFile = `${out}.v8-${process.version}`;

/** Size and modification time of every input: cheap to check on every run. */
function signature(file) {
  const stat = statSync(join(root, file));
  return `${stat.size}:${stat.mtimeMs}`;
}

function isFresh() {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    return Object.entries(manifest.inputs).every(([file, expected]) => signature(file) === expected);
  } catch {
    return false;
  }
}

function writeAtomically(file, data) {
  writeFileSync(`${file}.${process.pid}`, data);
  renameSync(`${file}.${process.pid}`, file);
}

async function rebuild() {
  const { build } = await import("esbuild");
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, entry)],
    outfile: out,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // esbuild bundles the scripts at synth time: its native binary is found at run time.
    external: ["esbuild"],
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  mkdirSync(dirname(out), { recursive: true });
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, signature(file)]));
  writeAtomically(out, result.outputFiles[0].contents);
  writeAtomically(manifestFile, JSON.stringify({ inputs }));
}

if (!isFresh()) await rebuild();

const source = readFileSync(out, "utf8");
const cachedData = existsSync(codeCacheFile) ? readFileSync(codeCacheFile) : undefined;
const script = new Script(Module.wrap(source), { filename: out, cachedData });
const compiled = script.runInThisContext();

const module = new Module(out, null);
module.filename = out;
module.paths = Module._nodeModulePaths(dirname(out));
process.argv = [process.argv[0], out, ...process.argv.slice(3)];
compiled.call(module.exports, module.exports, createRequire(out), module, out, dirname(out));

if (cachedData === undefined || script.cachedDataRejected) {
  try {
    writeAtomically(codeCacheFile, script.createCachedData());
  } catch {
    // read-only checkout: compile every time
  }
}
