import { closeSync, copyFileSync, fsyncSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Replaces `<dir>/<stage>.json` with `text` only after `validate` accepted the whole
 * folder as it would be (a copy, with the new file in it): nothing half-written and
 * nothing invalid ever lands in `dir`. The new text is written to a hidden file next
 * to the stage file, flushed, and renamed over it, which replaces it in one step.
 */
export function replaceStageFile<T>(dir: string, stage: string, text: string, validate: (stagedDir: string) => T): T {
  const staged = mkdtempSync(join(tmpdir(), "auth0-facade-promoted-config-"));
  let result: T;
  try {
    for (const name of readdirSync(dir)) {
      if (statSync(join(dir, name)).isFile()) copyFileSync(join(dir, name), join(staged, name));
    }
    writeFully(join(staged, `${stage}.json`), text);
    result = validate(staged);
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
  const temporary = join(dir, `.${stage}.json.promote-${process.pid}`);
  try {
    writeFully(temporary, text);
    renameSync(temporary, join(dir, `${stage}.json`));
  } finally {
    rmSync(temporary, { force: true });
  }
  return result;
}

function writeFully(file: string, text: string): void {
  const descriptor = openSync(file, "w");
  try {
    writeSync(descriptor, text);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
