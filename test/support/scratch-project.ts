import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PROJECT_ROOT } from "../../lib/paths";
import { unmutatedSources } from "./synthesized-examples";

/**
 * A copy of the project's runtime sources (scripts/, actions/, contract/) in a scratch
 * folder, with `files` written over them: for bundling sources that must fail.
 */
export function scratchProject(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "auth0-facade-src-"));
  const sources = unmutatedSources() ?? PROJECT_ROOT;
  for (const folder of ["scripts", "actions", "contract"]) cpSync(join(sources, folder), join(root, folder), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
