#!/usr/bin/env node
// Runs a TypeScript command-line entry (bin/*.ts, which exports `main(args)`) from one
// pre-bundled file, rebuilt only when a file it was built from changed, and loaded with
// V8's code cache. Compiling TypeScript and resolving hundreds of modules on every run
// (what tsx or the cdktf CLI do) is most of the time of a synth; this skips it.
//
// Usage: node bin/prebundled.cjs bin/synth.ts [args...]
// (CommonJS: the launcher itself must start fast.)
"use strict";
// Where a run's time goes (npm run bench prints it): node's own start ends here.
performance.mark("node started");
const { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { basename, dirname, join, resolve } = require("node:path");
const { Script } = require("node:vm");

const root = resolve(__dirname, "..");
const entry = process.argv[2];
if (!entry?.endsWith(".ts")) {
  console.error("usage: node bin/prebundled.cjs <entry.ts> [args...]");
  process.exit(2);
}
const args = process.argv.slice(3);
const name = basename(entry, ".ts");
const out = join(root, ".build", "bin", `${name}.cjs`);
const manifestFile = `${out}.inputs.json`;
// Tied to the Node binary that made it.
const codeCacheFile = `${out}.v8-${process.version}`;

/** The entry as bundled: a function that runs its main with this command line. */
const WRAPPER = `
const { main } = require(${JSON.stringify(join(root, entry))});
module.exports = (args) => Promise.resolve(main(args)).then((code) => { process.exitCode = code; });
`;

/**
 * Size and modification time of every project file the bundle was built from, of the
 * lockfile, which changes whenever node_modules does, and of this launcher: cheap to
 * check on every run.
 */
function signature(file) {
  const stat = statSync(join(root, file));
  return `${stat.size}:${stat.mtimeMs}`;
}

function isFresh() {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    return manifest.node === process.version && Object.entries(manifest.inputs).every(([file, expected]) => signature(file) === expected);
  } catch {
    return false;
  }
}

function writeAtomically(file, data) {
  writeFileSync(`${file}.${process.pid}`, data);
  renameSync(`${file}.${process.pid}`, file);
}

async function rebuild() {
  const { build } = require("esbuild");
  const result = await build({
    absWorkingDir: root,
    stdin: { contents: WRAPPER, resolveDir: root, sourcefile: `${name}-entry.cjs`, loader: "js" },
    outfile: out,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // esbuild bundles the scripts at synth time: its native binary is found at run time.
    external: ["esbuild"],
    // Its UMD main requires its own files dynamically, which a bundle cannot follow.
    alias: { "jsonc-parser": "jsonc-parser/lib/esm/main.js" },
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  mkdirSync(dirname(out), { recursive: true });
  writeAtomically(out, result.outputFiles[0].contents);
  const files = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith("node_modules/") && file !== `${name}-entry.cjs`);
  // The launcher itself too: its build options shape the bundle.
  const inputs = Object.fromEntries([...files, "package-lock.json", "bin/prebundled.cjs"].map((file) => [file, signature(file)]));
  writeAtomically(manifestFile, JSON.stringify({ node: process.version, inputs }));
}

function run() {
  const source = readFileSync(out, "utf8");
  const cachedData = existsSync(codeCacheFile) ? readFileSync(codeCacheFile) : undefined;
  const script = new Script(Module.wrap(source), { filename: out, cachedData });
  const bundle = new Module(out, null);
  bundle.filename = out;
  bundle.paths = Module._nodeModulePaths(dirname(out));
  script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(out), bundle, out, dirname(out));
  performance.mark("modules loaded");
  bundle.exports(args);
  if (cachedData === undefined || script.cachedDataRejected) {
    try {
      writeAtomically(codeCacheFile, script.createCachedData());
    } catch {
      // read-only checkout: compile every time
    }
  }
}

if (isFresh()) {
  run();
} else {
  rebuild().then(run, (error) => {
    console.error(`could not bundle ${entry}: ${error.message}`);
    process.exitCode = 1;
  });
}
