import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../lib/paths";

/**
 * The framework (cdktf, or its fork cdktn, and constructs) may be imported only where
 * stacks and constructs are built, plus the generated bindings in .gen: everything else
 * (config, bundling, review, promotion, validation, commands, tests) reads plain data,
 * so the framework can be replaced in one place. The constructs' own tests build them.
 */
const ALLOWED = ["lib/stacks/", "lib/constructs/", "test/constructs/"];
/** These tests name the framework packages in strings, to look for them. */
const SELF = "test/framework/";
const SOURCE_ROOTS = ["main.ts", "lib", "bin", "test", "scripts", "actions", "contract", "examples", "bench"];
const FRAMEWORK = ["cdktf", "cdktn", "constructs"];
const IMPORT = new RegExp(`(?:from\\s+|require\\(\\s*|import\\(\\s*)["'](${FRAMEWORK.join("|")})(?:/[^"']*)?["']`);

function sourceFiles(path: string): string[] {
  const absolute = join(PROJECT_ROOT, path);
  const entries = readdirSync(absolute, { withFileTypes: true });
  return entries.flatMap((entry) => {
    const child = join(path, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(child);
    return /\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name) ? [child] : [];
  });
}

describe("framework imports", () => {
  const files = SOURCE_ROOTS.flatMap((root) => (root.endsWith(".ts") ? [root] : sourceFiles(root)));
  const importing = files.filter((file) => !file.startsWith(SELF) && IMPORT.test(readFileSync(join(PROJECT_ROOT, file), "utf8")));

  it("appear only in lib/stacks and lib/constructs (and the constructs' tests)", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(importing.filter((file) => !ALLOWED.some((prefix) => file.startsWith(prefix)))).toEqual([]);
  });

  it("are found where they are expected, so the check above cannot pass by reading nothing", () => {
    expect(importing).toContain("lib/stacks/synthesize-stages.ts");
    expect(importing).toContain("lib/constructs/custom-database.ts");
  });

  it("in the generated bindings, name cdktf and constructs only", () => {
    const bindings = sourceFiles(".gen/providers/auth0").map((file) => readFileSync(join(PROJECT_ROOT, file), "utf8"));
    const packages = new Set(bindings.flatMap((text) => [...text.matchAll(/from ['"]([^'".][^'"]*)['"]/g)].map((match) => match[1])));
    expect([...packages].sort()).toEqual(["cdktf", "constructs"]);
  });
});
