import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../lib/paths";

/** The example dev stage file, as parsed JSON, for tests to alter. */
export function exampleStage(stage = "dev"): Record<string, any> {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, "config", `${stage}.json`), "utf8"));
}

/** A fresh config folder holding these files (objects are written as JSON, strings as is). */
export function configFolder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "auth0-facade-config-"));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}
