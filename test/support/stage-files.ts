import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../lib/input-error";
import { loadStages } from "../../lib/config/load-stages";
import { PROJECT_ROOT } from "../../lib/paths";

/**
 * The suite's own stage files: a copy of the shipped examples that the tests own, so that
 * a user's edits to `config/` never change what the project's tests expect. The user's
 * stage files are checked generically, by test/your-stages.
 */
export const FIXTURE_STAGES = join(PROJECT_ROOT, "test", "fixtures", "stages");

/** A fixture stage file (dev or prod), as parsed JSON, for tests to alter. */
export function exampleStage(stage = "dev"): Record<string, any> {
  return JSON.parse(readFileSync(join(FIXTURE_STAGES, `${stage}.json`), "utf8"));
}

/** A fresh config folder holding these files (objects are written as JSON, strings as is). */
export function configFolder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "auth0-facade-config-"));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** The problem lines `loadStages` raises for `dir` (file names relative to it); fails when it accepts the folder. */
export function problemsOf(dir: string, only?: readonly string[]): string[] {
  try {
    loadStages(dir, only);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.message
      .split("\n")
      .slice(1)
      .map((line) => line.trim().replaceAll(`${dir}/`, ""));
  }
  throw new Error("expected the stage files to be rejected");
}
