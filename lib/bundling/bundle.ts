import { createHash } from "node:crypto";
import { InputError } from "../input-error";

/** The exact text Auth0 runs for one script or Action, and where it came from. */
export interface Bundle {
  /** Auth0's name for it: a script name (`login`) or an Action folder name. */
  readonly name: string;
  /** The entry source, relative to the project root (`scripts/login.ts`). */
  readonly sourceFile: string;
  readonly code: string;
  readonly bytes: number;
  readonly sha256: string;
}

export function makeBundle(name: string, sourceFile: string, code: string): Bundle {
  return {
    name,
    sourceFile,
    code,
    bytes: Buffer.byteLength(code, "utf8"),
    sha256: createHash("sha256").update(code).digest("hex"),
  };
}

/** A source that cannot become Auth0 code: the one input error, naming the file. */
export function bundleError(sourceFile: string, detail: string): InputError {
  return new InputError([{ file: sourceFile, field: "", expected: detail }]);
}
