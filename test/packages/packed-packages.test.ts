import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BINDINGS_PACKAGE, buildPackages, type BuiltPackage } from "../../bin/build-packages";
import { bundleScript } from "../../lib/bundling/bundle-script";
import { PACKAGE_NAME, PROJECT_ROOT } from "../../lib/paths";

/** The TypeScript code blocks of a package's README, in order. */
function readmeExamples(name: string): string[] {
  const readme = readFileSync(join(PROJECT_ROOT, "packages", name, "README.md"), "utf8");
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
}

/**
 * A cdktf app of someone else's, outside this repository, with the packed tarballs
 * installed as npm would unpack them; the packages' dependencies come from this
 * project's node_modules (no network).
 */
function scratchApp(packages: readonly BuiltPackage[]): string {
  const app = mkdtempSync(join(tmpdir(), "auth0-facade-consumer-"));
  const modules = join(app, "node_modules");
  mkdirSync(modules);
  const ours = new Set(packages.map((built) => built.name));
  for (const entry of readdirSync(join(PROJECT_ROOT, "node_modules"))) {
    if (!ours.has(entry) && entry !== ".bin") symlinkSync(join(PROJECT_ROOT, "node_modules", entry), join(modules, entry));
  }
  for (const built of packages) {
    const unpacked = mkdtempSync(join(tmpdir(), "auth0-facade-unpacked-"));
    execFileSync("tar", ["-xzf", built.tarball, "-C", unpacked]);
    renameSync(join(unpacked, "package"), join(modules, built.name));
  }
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "someone-elses-app", private: true }));
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "commonjs", strict: true, esModuleInterop: true, skipLibCheck: false, types: ["node"], noEmit: true },
    }),
  );
  return app;
}

function run(app: string, file: string, code: string): { status: number | null; stderr: string } {
  writeFileSync(join(app, file), code);
  const typecheck = spawnSync(process.execPath, [join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", app], { cwd: app, encoding: "utf8" });
  if (typecheck.status !== 0) return { status: typecheck.status, stderr: `type errors: ${typecheck.stdout}${typecheck.stderr}` };
  const result = spawnSync(join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), [file], {
    cwd: app,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  return { status: result.status, stderr: result.stderr };
}

describe("the npm packages, installed from their tarballs into another cdktf app", () => {
  let app: string;
  beforeAll(() => {
    app = scratchApp(buildPackages());
  }, 180_000);

  it(`${PACKAGE_NAME}: the README's example type-checks against the package's declarations, synthesizes, and passes the review`, () => {
    const [stack, review] = readmeExamples(PACKAGE_NAME);
    const result = run(app, "main.ts", `${stack}\n${review}`);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const document = JSON.parse(readFileSync(join(app, "cdktf.out", "stacks", "prod", "cdk.tf.json"), "utf8"));
    const connection = Object.values(document.resource.auth0_connection as Record<string, { name: string; options: { custom_scripts: { login: string } } }>)[0];
    expect(connection.name).toBe("legacy-users");
    // Bundled at the consumer's synth from the sources inside the package, to the repository's bytes.
    expect(connection.options.custom_scripts.login.replaceAll("$${", "${").replaceAll("%%{", "%{")).toBe(bundleScript("login").code);
  }, 120_000);

  it(`${PACKAGE_NAME}: refuses invalid settings with the stage-file errors`, () => {
    const [stack] = readmeExamples(PACKAGE_NAME);
    const result = run(app, "bad.ts", stack.replace('url: "https://legacy-facade.acme.example"', 'url: "http://legacy-facade.acme.example"'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'the settings of stage prod: facade.url: expected an https:// URL without credentials, query or fragment, found "http://legacy-facade.acme.example"',
    );
  }, 120_000);

  it(`${BINDINGS_PACKAGE}: the README's example type-checks and synthesizes typed Auth0 resources`, () => {
    const [example] = readmeExamples(BINDINGS_PACKAGE);
    const result = run(app, "bindings.ts", example);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const document = JSON.parse(readFileSync(join(app, "cdktf.out", "stacks", "auth0", "cdk.tf.json"), "utf8"));
    expect(Object.values(document.resource.auth0_resource_server)).toEqual([
      expect.objectContaining({ identifier: "https://api.acme.example/", signing_alg: "RS256" }),
    ]);
    expect(document.terraform.required_providers.auth0).toMatchObject({ source: "auth0/auth0", version: "1.55.0" });
  }, 120_000);
});
