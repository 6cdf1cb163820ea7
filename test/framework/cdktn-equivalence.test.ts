import { buildSync } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStages } from "../../lib/config/load-stages";
import { PROJECT_ROOT } from "../../lib/paths";
import { synthesizeStages } from "../../lib/stacks/synthesize-stages";
import { FIXTURE_STAGES } from "../support/stage-files";

/**
 * cdktf is archived (0.21.0 was its last release); cdktn is the community's drop-in
 * fork. This proves the switch is only an npm alias away: the app, the .gen bindings
 * included, is bundled with every `cdktf` import resolved to `cdktn`, run with node,
 * and must synthesize the same cdk.tf.json bytes as with cdktf. The one thing allowed
 * to differ is the framework version written into each stack's `//` metadata. cdktf's
 * own manifest.json (not read by Terraform) must say the same, but cdktn lays out
 * empty lists as `[]` where cdktf breaks the line, so it is compared as JSON.
 */
const ENTRY = `
import { loadStages } from "./lib/config/load-stages";
import { synthesizeStages } from "./lib/stacks/synthesize-stages";
synthesizeStages(loadStages(process.argv[3]), { outdir: process.argv[2] });
`;

/** The framework version stamps, the only text allowed to differ. */
function withoutFrameworkVersion(text: string): string {
  return text.replace(/("version": )"0\.2\d\.\d+"/g, '$1"<framework version>"');
}

function synthesizedFiles(outdir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else files.set(relative(outdir, join(dir, entry.name)), readFileSync(join(dir, entry.name), "utf8"));
    }
  };
  walk(outdir);
  return files;
}

const BUNDLE = join(PROJECT_ROOT, ".build", "framework", `synth-with-cdktn-${process.pid}.cjs`);

describe("the app on cdktn, the community fork of cdktf", () => {
  let withCdktf: Map<string, string>;
  let withCdktn: Map<string, string>;
  let bundledInputs: string[];

  beforeAll(() => {
    const scratch = mkdtempSync(join(tmpdir(), "auth0-facade-cdktn-"));
    synthesizeStages(loadStages(FIXTURE_STAGES), { outdir: join(scratch, "cdktf") });

    // Inside the project, so that the bundle finds node_modules/cdktn and the project root.
    mkdirSync(join(PROJECT_ROOT, ".build", "framework"), { recursive: true });
    const result = buildSync({
      stdin: { contents: ENTRY, resolveDir: PROJECT_ROOT, loader: "ts", sourcefile: "synth-with-cdktn.ts" },
      outfile: BUNDLE,
      absWorkingDir: PROJECT_ROOT,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      alias: { cdktf: "cdktn" },
      // esbuild is native and bundles the scripts at synth time; cdktn and constructs stay
      // packages so the run uses node_modules/cdktn exactly as an npm alias would;
      // jsonc-parser's UMD build loads its parts in a way esbuild cannot follow.
      external: ["esbuild", "cdktn", "constructs", "jsonc-parser"],
      metafile: true,
      logLevel: "silent",
    });
    bundledInputs = Object.values(result.metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    const run = spawnSync(process.execPath, [BUNDLE, join(scratch, "cdktn"), FIXTURE_STAGES], {
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    withCdktf = synthesizedFiles(join(scratch, "cdktf"));
    withCdktn = synthesizedFiles(join(scratch, "cdktn"));
  }, 60_000);

  afterAll(() => rmSync(BUNDLE, { force: true }));

  it("resolves every framework import to cdktn, the generated bindings' too", () => {
    const code = readFileSync(BUNDLE, "utf8");
    expect(code).toContain('require("cdktn")');
    expect(code).not.toMatch(/require\("cdktf"\)/);
    expect(bundledInputs.some((input) => input.startsWith(".gen/providers/auth0/"))).toBe(true);
    expect(bundledInputs.filter((input) => input.includes("node_modules/cdktf/"))).toEqual([]);
  });

  it("writes the same files as cdktf", () => {
    expect([...withCdktn.keys()].sort()).toEqual([...withCdktf.keys()].sort());
    expect([...withCdktf.keys()]).toContain("stacks/prod/cdk.tf.json");
  });

  it("synthesizes byte-identical stacks, but for the framework version in the metadata", () => {
    const stacks = [...withCdktf.keys()].filter((file) => file.endsWith("cdk.tf.json"));
    expect(stacks.sort()).toEqual(["stacks/dev/cdk.tf.json", "stacks/prod/cdk.tf.json"]);
    for (const file of stacks) {
      expect(withoutFrameworkVersion(withCdktn.get(file)!), file).toBe(withoutFrameworkVersion(withCdktf.get(file)!));
    }
    const versions = (files: Map<string, string>) => JSON.parse(files.get("stacks/dev/cdk.tf.json")!)["//"].metadata.version;
    expect(versions(withCdktf)).toBe("0.21.0");
    expect(versions(withCdktn)).toMatch(/^0\.2\d\.\d+$/);
  });

  it("writes a manifest that says the same", () => {
    const manifest = (files: Map<string, string>) => JSON.parse(withoutFrameworkVersion(files.get("manifest.json")!));
    expect(manifest(withCdktn)).toEqual(manifest(withCdktf));
  });
});
