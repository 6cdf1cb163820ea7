import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { PROJECT_ROOT, RUNTIME_SOURCE_ROOT } from "../paths";
import { bundleError } from "./bundle";

/** The sources that become code Auth0 runs: esbuild strips types, so they are checked here. */
const RUNTIME_SOURCE_FOLDERS = ["scripts", "actions", "contract"];

/** The same strictness as the project's tsconfig.json, for the runtime sources alone. */
const COMPILER_OPTIONS = {
  target: "ES2022",
  module: "commonjs",
  moduleResolution: "node10",
  lib: ["ES2022"],
  types: ["node"],
  strict: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noFallthroughCasesInSwitch: true,
  esModuleInterop: true,
  skipLibCheck: true,
  isolatedModules: true,
  noEmit: true,
} as const;

function runtimeSources(root: string): string[] {
  return RUNTIME_SOURCE_FOLDERS.flatMap((folder) => {
    try {
      return readdirSync(join(root, folder), { recursive: true, encoding: "utf8" })
        .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
        .map((name) => join(root, folder, name));
    } catch {
      return [];
    }
  }).sort();
}

/** Type errors of the runtime sources, per source root, for the sources' bytes they were found in. */
const checked = new Map<string, { readonly sources: string; readonly errors: ReadonlyMap<string, readonly string[]> }>();

function typeErrors(root: string): ReadonlyMap<string, readonly string[]> {
  const files = runtimeSources(root);
  const digest = createHash("sha256");
  for (const file of files) digest.update(file).update("\0").update(readFileSync(file)).update("\0");
  const sources = digest.digest("hex");
  const known = checked.get(root);
  if (known?.sources === sources) return known.errors;

  // Resolved the way Node resolves them, so an installed copy of the toolkit finds them hoisted.
  const projectRequire = createRequire(join(PROJECT_ROOT, "package.json"));
  const ts = projectRequire("typescript") as typeof import("typescript");
  const typeRoots = [dirname(dirname(projectRequire.resolve("@types/node/package.json")))];
  const { options } = ts.convertCompilerOptionsFromJson({ ...COMPILER_OPTIONS, typeRoots }, root);
  const program = ts.createProgram(files, options);
  const errors = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
    const file = diagnostic.file === undefined ? "" : relative(root, diagnostic.file.fileName).split(sep).join("/");
    const position =
      diagnostic.file !== undefined && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
    const where = position === undefined ? "" : `${file}:${position.line + 1}:${position.character + 1}: `;
    errors.set(file, [...(errors.get(file) ?? []), `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ").replace(/\.$/, "")}`]);
  }
  checked.set(root, { sources, errors });
  return errors;
}

/**
 * Type-checks the runtime sources (scripts/, actions/, contract/) with TypeScript, since
 * esbuild only strips types. One program covers them all, made once per set of source
 * bytes and only when a bundle has to be rebuilt (never on a synth whose bundles are
 * all cached); a build fails on the errors in the files it bundles (`inputs`, relative
 * to `root`), or on errors that belong to no file.
 */
export function typeCheckRuntimeSources(sourceFile: string, inputs: readonly string[], root: string = RUNTIME_SOURCE_ROOT): void {
  const errors = typeErrors(root);
  const found = ["", ...inputs].flatMap((file) => errors.get(file) ?? []);
  if (found.length > 0) {
    const first = inputs.find((file) => errors.has(file)) ?? sourceFile;
    throw bundleError(first, `has type errors, so ${sourceFile} is not bundled (${found.length}): ${found.join("; ")}`);
  }
}
