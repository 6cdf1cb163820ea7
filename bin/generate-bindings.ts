/**
 * Generates the cdktf bindings for the Auth0 provider into `.gen/providers/auth0`,
 * offline, from the provider schema committed in `provider/`.
 *
 * `cdktf get` would need terraform, the provider binary and the internet, and no
 * `@cdktf/provider-auth0` package exists on npm. The output has the same folder shape
 * and import paths as `cdktf get`, so a user with terraform can run `cdktf get` instead.
 * Regeneration is skipped when the schema file is unchanged (its hash is stamped).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgumentsOrExit } from "../lib/cli/arguments";
import { PROJECT_ROOT } from "../lib/paths";

export const PROVIDER_SOURCE = "registry.terraform.io/auth0/auth0";
export const PROVIDER_VERSION = "1.55.0";
const SCHEMA_FILE = join(PROJECT_ROOT, "provider", `auth0-${PROVIDER_VERSION}.schema.json`);
const GEN_ROOT = join(PROJECT_ROOT, ".gen");
const BINDINGS_DIR = join(GEN_ROOT, "providers", "auth0");
const STAMP_FILE = join(BINDINGS_DIR, ".schema-sha256");

export interface GenerateResult {
  readonly generated: boolean;
  readonly milliseconds: number;
}

export async function generateBindings(options: { force?: boolean } = {}): Promise<GenerateResult> {
  const started = performance.now();
  const schemaText = readFileSync(SCHEMA_FILE, "utf8");
  const schemaHash = createHash("sha256").update(schemaText).digest("hex");
  const upToDate = existsSync(STAMP_FILE) && readFileSync(STAMP_FILE, "utf8").trim() === schemaHash;
  if (upToDate && !options.force) {
    return { generated: false, milliseconds: performance.now() - started };
  }

  // Loaded lazily: @cdktf/commons probes `terraform version` at load time, which is
  // slow and noisy, and the up-to-date path above must stay cheap.
  const { CodeMaker } = await import("codemaker");
  const { TerraformProviderGenerator } = await import("@cdktf/provider-generator/lib/get/generator/provider-generator");
  const { ConstructsMakerTarget, TerraformProviderConstraint, LANGUAGES } = await import("@cdktf/commons");

  const schema = JSON.parse(schemaText);
  schema.provider_versions = { [PROVIDER_SOURCE]: PROVIDER_VERSION }; // what `cdktf get` adds
  const code = new CodeMaker();
  new TerraformProviderGenerator(code, schema).generate(
    ConstructsMakerTarget.from(new TerraformProviderConstraint(`auth0/auth0@${PROVIDER_VERSION}`), LANGUAGES[0]),
  );
  rmSync(BINDINGS_DIR, { recursive: true, force: true });
  await code.save(GEN_ROOT);
  writeFileSync(STAMP_FILE, `${schemaHash}\n`);
  return { generated: true, milliseconds: performance.now() - started };
}

if (require.main === module) {
  const { switches } = parseArgumentsOrExit(process.argv.slice(2), { usage: "usage: tsx bin/generate-bindings.ts [--force]", switches: ["--force"] });
  generateBindings({ force: switches.has("--force") }).then(
    (result) => {
      const verb = result.generated ? "generated" : "up to date, skipped";
      console.log(`auth0 provider bindings ${verb} (${result.milliseconds.toFixed(0)} ms): .gen/providers/auth0`);
    },
    (error: unknown) => {
      console.error(`could not generate the auth0 provider bindings from ${SCHEMA_FILE}:`, error);
      process.exitCode = 1;
    },
  );
}
