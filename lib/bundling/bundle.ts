import { createHash } from "node:crypto";

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

/** A source that cannot become Auth0 code. The message starts with the file. */
export class BundleError extends Error {
  constructor(
    readonly sourceFile: string,
    detail: string,
  ) {
    super(`${sourceFile}: ${detail}`);
    this.name = "BundleError";
  }
}
