import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";

/** This toolkit's npm name: the app's package.json and the packed library's both carry it. */
export const PACKAGE_NAME = "auth0-legacy-facade-cdktf";

function packageNameAt(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/**
 * The project root: the nearest folder above this module whose package.json is this
 * toolkit's. In a clone it is the clone; installed as a library, the package's own
 * folder, which holds the runtime sources it bundles (never the app that uses it).
 */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (packageNameAt(dir) === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json named ${PACKAGE_NAME} found above ${start}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);

/**
 * Where the TypeScript sources of the code Auth0 runs (scripts/, actions/, contract/)
 * are bundled from: the project root in a clone; in the packed library, its
 * `runtime-sources` folder, apart from the compiled JavaScript the library itself runs.
 */
export const RUNTIME_SOURCE_ROOT = existsSync(join(PROJECT_ROOT, "runtime-sources")) ? join(PROJECT_ROOT, "runtime-sources") : PROJECT_ROOT;

/** A path as shown to users: relative to the project root when inside it, else absolute. */
export function displayPath(path: string): string {
  const inside = relative(PROJECT_ROOT, resolve(path));
  return inside === "" || inside.startsWith("..") || isAbsolute(inside) ? resolve(path) : inside;
}
