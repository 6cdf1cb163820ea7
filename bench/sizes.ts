/**
 * Sizes and install cost: the bytes of every bundle Auth0 receives, the install
 * footprint of a fresh `npm ci`, and the time to generate the provider bindings (and to
 * skip it when the schema is unchanged).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../lib/paths";
import type { SynthesizedStack } from "../lib/synthesized/synthesized-stack";
import { boundAction, scriptText, synthesizeExamples } from "../test/support/synthesized-examples";

export interface Sizes {
  bundles: Record<string, number>;
  install?: { npmCiSeconds: number; nodeModulesMegabytes: number; bindingsGenerateMs: number; bindingsSkipMs: number };
}

function bundleBytes(stack: SynthesizedStack): Record<string, number> {
  const connection = stack.ofType("auth0_connection")[0];
  const scripts = Object.keys((connection.values.options as { custom_scripts: Record<string, string> }).custom_scripts);
  return {
    ...Object.fromEntries(scripts.map((name) => [`script ${name}`, Buffer.byteLength(scriptText(stack, name))])),
    "action credentials-exchange": Buffer.byteLength(boundAction(stack, "credentials-exchange").code),
    "action post-login": Buffer.byteLength(boundAction(stack, "post-login").code),
  };
}

function timed(command: string, args: string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${result.stderr}`);
  return performance.now() - started;
}

/** A fresh install of the project's manifest and lockfile, in a scratch folder. */
function measureInstall(): NonNullable<Sizes["install"]> {
  const dir = mkdtempSync(join(tmpdir(), "auth0-facade-install-"));
  try {
    for (const path of ["package.json", "package-lock.json", "cdktf.json", "provider", "bin/generate-bindings.ts", "lib/paths.ts"]) {
      cpSync(join(PROJECT_ROOT, path), join(dir, path), { recursive: true });
    }
    const npmCiSeconds = timed("npm", ["ci", "--no-audit", "--no-fund"], dir) / 1000;
    const bytes = Number(execFileSync("du", ["-sb", join(dir, "node_modules")], { encoding: "utf8" }).split("\t")[0]);
    const bindingsSkipMs = timed("node", ["--import", "tsx", "bin/generate-bindings.ts"], dir);
    const bindingsGenerateMs = timed("node", ["--import", "tsx", "bin/generate-bindings.ts", "--force"], dir);
    return { npmCiSeconds, nodeModulesMegabytes: bytes / 1024 / 1024, bindingsGenerateMs, bindingsSkipMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function measureSizes(options: { install: boolean }): Sizes {
  return {
    bundles: bundleBytes(synthesizeExamples().stacks.dev),
    install: options.install ? measureInstall() : undefined,
  };
}
