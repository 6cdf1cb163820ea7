/**
 * `npm run pack`: builds the toolkit's two npm packages into `.build/packages` and packs
 * each with `npm pack`:
 *
 * - `auth0-legacy-facade-cdktf`: the library (lib/index.ts): the stage stack and its
 *   constructs, stage validation, bundling of the code Auth0 runs, the review. It ships
 *   the runtime sources (scripts/, actions/, contract/) it bundles at synth time, and the
 *   generated bindings it is built on.
 * - `cdktf-auth0-provider`: the Auth0 provider bindings alone, generated offline from the
 *   committed schema (no prebuilt `@cdktf/provider-auth0` exists).
 *
 * Both compile with TypeScript to CommonJS with declarations. A package is rebuilt only
 * when one of its inputs changed (their SHA-256 is stamped next to the tarball).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as ts from "typescript";
import { PACKAGE_NAME, PROJECT_ROOT } from "../lib/paths";
import { PROVIDER_VERSION } from "./generate-bindings";

export const PACKAGES_DIR = join(PROJECT_ROOT, ".build", "packages");
export const BINDINGS_PACKAGE = "cdktf-auth0-provider";

const rootPackage = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as {
  version: string;
  license: string;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const versionOf = (name: string) => rootPackage.dependencies[name] ?? rootPackage.devDependencies[name];
const pick = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, versionOf(name)]));

interface PackageSpec {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** TypeScript entry points, relative to the project root; everything they import is compiled. */
  readonly entries: readonly string[];
  /** The folder that becomes the package's root, relative to the project root. */
  readonly rootDir: string;
  /** Files or folders copied as they are, relative to the project root. */
  readonly copies: readonly string[];
  /** Folders of TypeScript the library bundles at synth time, shipped as sources under runtime-sources/. */
  readonly runtimeSources: readonly string[];
  /** Every file or folder the package is made from: a change to one rebuilds it. */
  readonly inputs: readonly string[];
  /** The package's README, from packages/<name>/README.md. */
  readonly main: string;
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
}

const SPECS: readonly PackageSpec[] = [
  {
    name: BINDINGS_PACKAGE,
    version: PROVIDER_VERSION,
    description: `cdktf bindings for the Auth0 Terraform provider ${PROVIDER_VERSION} (auth0/auth0), generated from its schema`,
    entries: [".gen/providers/auth0/index.ts"],
    rootDir: ".gen/providers/auth0",
    copies: [],
    runtimeSources: [],
    inputs: [".gen/providers/auth0"],
    main: "index.js",
    dependencies: {},
    peerDependencies: pick(["cdktf", "constructs"]),
  },
  {
    name: PACKAGE_NAME,
    version: rootPackage.version,
    description: "Constructs, validation, bundling and security review for an Auth0 custom database connection behind a least-privilege facade (Terraform CDK)",
    entries: ["lib/index.ts"],
    rootDir: ".",
    copies: ["config/stage.schema.json"],
    runtimeSources: ["scripts", "actions", "contract"],
    inputs: ["lib", "scripts", "actions", "contract", ".gen/providers/auth0", "config/stage.schema.json"],
    main: "lib/index.js",
    dependencies: pick(["acorn", "acorn-walk", "esbuild", "jsonc-parser", "typescript", "@types/node", "zod"]),
    peerDependencies: pick(["cdktf", "constructs"]),
  },
];

function filesUnder(path: string): string[] {
  const absolute = join(PROJECT_ROOT, path);
  if (!statSync(absolute).isDirectory()) return [path];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(PROJECT_ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

function compile(spec: PackageSpec, outDir: string): void {
  const program = ts.createProgram(
    spec.entries.map((entry) => join(PROJECT_ROOT, entry)),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      lib: ["lib.es2022.d.ts"],
      types: ["node"],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      declaration: true,
      rootDir: join(PROJECT_ROOT, spec.rootDir),
      outDir,
    },
  );
  const emitted = program.emit();
  const errors = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    throw new Error(
      `${spec.name} does not compile:\n${ts.formatDiagnostics(errors, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => PROJECT_ROOT, getNewLine: () => "\n" })}`,
    );
  }
}

function inputsDigest(spec: PackageSpec): string {
  const digest = createHash("sha256")
    .update(JSON.stringify({ spec, rootPackage }))
    .update(readFileSync(join(PROJECT_ROOT, "packages", spec.name, "README.md")));
  for (const file of spec.inputs.flatMap(filesUnder))
    digest
      .update(file)
      .update("\0")
      .update(readFileSync(join(PROJECT_ROOT, file)))
      .update("\0");
  return digest.digest("hex");
}

export interface BuiltPackage {
  readonly name: string;
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  readonly rebuilt: boolean;
}

/** Builds and packs one package, unless its tarball is from the same inputs. */
function buildPackage(spec: PackageSpec): BuiltPackage {
  const staging = join(PACKAGES_DIR, spec.name);
  const tarball = join(PACKAGES_DIR, `${spec.name}-${spec.version}.tgz`);
  const stamp = `${tarball}.sha256`;
  const digest = inputsDigest(spec);
  if (existsSync(tarball) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === digest) return { name: spec.name, tarball, rebuilt: false };

  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  compile(spec, staging);
  for (const copy of spec.copies) cpSync(join(PROJECT_ROOT, copy), join(staging, copy), { recursive: true });
  for (const folder of spec.runtimeSources) cpSync(join(PROJECT_ROOT, folder), join(staging, "runtime-sources", folder), { recursive: true });
  cpSync(join(PROJECT_ROOT, "packages", spec.name, "README.md"), join(staging, "README.md"));
  cpSync(join(PROJECT_ROOT, "LICENSE"), join(staging, "LICENSE"));
  const manifest = {
    name: spec.name,
    version: spec.version,
    description: spec.description,
    license: rootPackage.license,
    engines: rootPackage.engines,
    main: spec.main,
    types: spec.main.replace(/\.js$/, ".d.ts"),
    dependencies: spec.dependencies,
    peerDependencies: spec.peerDependencies,
  };
  writeFileSync(join(staging, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const packed = spawnSync("npm", ["pack", "--pack-destination", PACKAGES_DIR, "--silent"], { cwd: staging, encoding: "utf8" });
  if (packed.status !== 0) throw new Error(`npm pack failed for ${spec.name}: ${packed.stderr}`);
  writeFileSync(stamp, `${digest}\n`);
  return { name: spec.name, tarball, rebuilt: true };
}

export function buildPackages(): BuiltPackage[] {
  mkdirSync(PACKAGES_DIR, { recursive: true });
  return SPECS.map(buildPackage);
}

if (require.main === module) {
  for (const built of buildPackages()) console.log(`${built.rebuilt ? "packed" : "up to date"}: ${relative(process.cwd(), built.tarball)}`);
}
