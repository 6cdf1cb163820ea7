/**
 * `npm run build:facade [-- --out <folder>]`: the facade as an operations team deploys it,
 * in `.build/facade` unless `--out` says otherwise:
 *
 *   main.js                 the facade, bundled (esbuild), run with plain `node main.js`
 *   package.json            only the packages main.js imports, at the versions this repo pins
 *   facade.example.json     the documented example config
 *   migrations/*.sql        the facade's own tables, per engine, for a DBA to review
 *   deploy/                 the systemd unit and the Kubernetes manifests (docs/facade.md)
 *
 * npm packages stay outside the bundle (native hashing, pino's workers), so the artifact
 * is installed with `npm install --omit=dev` from its own package.json: no CDK, test or
 * build tooling. The build fails if main.js imports a package the repo does not list as
 * a runtime dependency.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { MIGRATIONS } from "../facade/migrations";
import { UsageError, parseArguments } from "../lib/cli/arguments";
import { runCommand } from "../lib/cli/run-command";
import { PROJECT_ROOT } from "../lib/paths";

const USAGE = "usage: npm run build:facade [-- --out <folder>]";

interface RootPackage {
  readonly version: string;
  readonly license: string;
  readonly engines: Record<string, string>;
  readonly dependencies: Record<string, string>;
  readonly overrides?: Record<string, string>;
}

/** `@scope/name/sub` and `name/sub` as the package they come from. */
const packageOf = (specifier: string) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

export async function buildFacade(out: string): Promise<{ readonly folder: string; readonly dependencies: Record<string, string> }> {
  const root = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as RootPackage;
  const staging = `${out}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const result = await build({
    entryPoints: [join(PROJECT_ROOT, "facade", "main.ts")],
    outfile: join(staging, "main.js"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    sourcemap: "linked",
    metafile: true,
    logLevel: "silent",
  });
  const imported = new Set(
    Object.values(result.metafile.outputs)
      .flatMap((output) => output.imports)
      .filter((entry) => entry.external && !entry.path.startsWith("node:"))
      .map((entry) => packageOf(entry.path)),
  );
  const unlisted = [...imported].filter((name) => root.dependencies[name] === undefined);
  if (unlisted.length > 0) {
    throw new UsageError(`package.json: dependencies: expected every package the facade imports at run time, found ${unlisted.join(", ")} missing`);
  }
  const dependencies = Object.fromEntries([...imported].sort().map((name) => [name, root.dependencies[name]]));
  const overrides = Object.fromEntries(Object.entries(root.overrides ?? {}).filter(([name]) => !imported.has(name)));
  const manifest = {
    name: "auth0-legacy-facade-service",
    version: root.version,
    private: true,
    description: "The facade in front of a legacy user database, for an Auth0 custom database connection. See docs/facade.md.",
    license: root.license,
    engines: root.engines,
    main: "main.js",
    scripts: { start: "node main.js --config facade.json" },
    dependencies,
    ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
  };
  writeFileSync(join(staging, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  cpSync(join(PROJECT_ROOT, "facade", "examples", "facade.json"), join(staging, "facade.example.json"));
  mkdirSync(join(staging, "migrations"));
  for (const [engine, statements] of Object.entries(MIGRATIONS)) {
    writeFileSync(join(staging, "migrations", `${engine}.sql`), statements.map((statement) => `${statement};\n`).join(""));
  }
  cpSync(join(PROJECT_ROOT, "deploy"), join(staging, "deploy"), { recursive: true });
  // Whole or not at all: a failed build leaves the previous artifact as it was.
  rmSync(out, { recursive: true, force: true });
  cpSync(staging, out, { recursive: true });
  rmSync(staging, { recursive: true, force: true });
  return { folder: out, dependencies };
}

async function main(args: readonly string[]): Promise<void> {
  const { paths } = parseArguments(args, { usage: USAGE, paths: ["--out"] });
  const out = paths["--out"] ?? join(PROJECT_ROOT, ".build", "facade");
  const { dependencies } = await buildFacade(out);
  const names = Object.keys(dependencies);
  console.log(`built the facade in ${out}: node main.js, with ${names.length} runtime dependencies (${names.join(", ")})`);
  console.log("install them there with: npm install --omit=dev");
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.exitCode = runCommand(() => {
      throw error;
    });
  });
}
