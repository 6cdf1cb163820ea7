import type { BuildOptions, Message, Metafile, OutputFile } from "esbuild";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { PROJECT_ROOT, RUNTIME_SOURCE_ROOT } from "../paths";
import { bundleError } from "./bundle";
import { readCachedBuild, writeCachedBuild } from "./build-cache";
import { typeCheckRuntimeSources } from "./type-check";

/**
 * Node built-ins that code running inside Auth0 may require. Nothing else: npm
 * packages would need Auth0's module allowlist, and `http`, `child_process`, `fs`, `vm`
 * have no business in a script that only calls an HTTPS facade.
 */
export const ALLOWED_BUILTINS: readonly string[] = ["buffer", "crypto", "events", "https", "tls", "url", "util"];

/** Folders whose sources may be bundled into runtime code. */
const RUNTIME_SOURCE_FOLDERS = ["scripts", "actions", "contract"];

function describe(message: Message): string {
  const where = message.location ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: ` : "";
  return `${where}${message.text}`;
}

/**
 * Bundles one entry into a single self-contained text with esbuild, allowing only the
 * project's runtime sources and `ALLOWED_BUILTINS`. The output is deterministic: paths in
 * it are relative to the project root, and nothing in it depends on the machine or stage.
 * A fresh build's sources are type-checked (esbuild only strips types), and `check` vets it before it is cached; a cached
 * build was checked and vetted when made.
 */
export interface RuntimeBuild {
  /** The source the build is for, relative to the project root (`scripts/login.ts`). */
  readonly sourceFile: string;
  readonly format: BuildOptions["format"];
  /**
   * Entry code to bundle instead of `sourceFile` itself, resolved from the project root
   * (a script's entry imports its source and calls it). Its text is part of the cache key.
   */
  readonly entry?: string;
}

/** The name esbuild gives a generated entry; it is not a file, so neither vetted nor cached as one. */
const GENERATED_ENTRY = "<entry>";

export function buildRuntimeCode(build: RuntimeBuild, root: string = RUNTIME_SOURCE_ROOT, check: (code: string) => void = () => undefined): string {
  const cacheKey = JSON.stringify({ ...build, esbuildVersion: esbuildVersion() });
  const cached = readCachedBuild(root, cacheKey);
  if (cached !== undefined) return cached;
  const { code, inputs } = esbuildRuntimeCode(build, root);
  typeCheckRuntimeSources(build.sourceFile, inputs, root);
  check(code);
  writeCachedBuild(root, cacheKey, inputs, code);
  return code;
}

// esbuild is loaded only when something must be built: a synth with every bundle cached
// never needs it. Resolved from the project, which also works from a startup snapshot.
const projectRequire = createRequire(join(PROJECT_ROOT, "package.json"));

function esbuildVersion(): string {
  return (projectRequire("esbuild/package.json") as { version: string }).version;
}

function esbuildRuntimeCode(build: RuntimeBuild, root: string): { code: string; inputs: string[] } {
  const { sourceFile } = build;
  const { buildSync } = projectRequire("esbuild") as typeof import("esbuild");
  let result: ReturnType<typeof buildSync> & { metafile: Metafile; outputFiles: OutputFile[] };
  try {
    result = buildSync({
      format: build.format,
      absWorkingDir: root,
      ...(build.entry === undefined
        ? { entryPoints: [resolve(root, sourceFile)] }
        : { stdin: { contents: build.entry, resolveDir: root, sourcefile: GENERATED_ENTRY, loader: "ts" } }),
      bundle: true,
      write: false,
      metafile: true,
      packages: "external",
      platform: "node",
      target: "node22",
      charset: "ascii",
      legalComments: "none",
      logLevel: "silent",
    });
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    const detail = messages?.length ? messages.map(describe).join("; ") : String(error);
    throw bundleError(sourceFile, `does not build: ${detail}`);
  }
  const forbidden = forbiddenImports(result.metafile);
  if (forbidden.length > 0) {
    throw bundleError(
      sourceFile,
      `code that runs inside Auth0 may import only the project's runtime sources (${RUNTIME_SOURCE_FOLDERS.join("/, ")}/) ` +
        `and the Node built-ins ${ALLOWED_BUILTINS.join(", ")} (by bare name); found: ${forbidden.join("; ")}`,
    );
  }
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs).filter((file) => file !== GENERATED_ENTRY) };
}

function forbiddenImports(metafile: Metafile): string[] {
  const found: string[] = [];
  for (const [file, input] of Object.entries(metafile.inputs)) {
    if (file !== GENERATED_ENTRY && !RUNTIME_SOURCE_FOLDERS.includes(file.split("/")[0])) found.push(`${file} is bundled`);
    for (const imported of input.imports) {
      if (imported.external && !ALLOWED_BUILTINS.includes(imported.path)) found.push(`${file} imports "${imported.path}"`);
    }
  }
  return found;
}
