import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";

/** The project root: the nearest folder above this module that holds `cdktf.json`. */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "cdktf.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no cdktf.json found above ${start}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);

/** A path as shown to users: relative to the project root when inside it, else absolute. */
export function displayPath(path: string): string {
  const inside = relative(PROJECT_ROOT, resolve(path));
  return inside === "" || inside.startsWith("..") || isAbsolute(inside) ? resolve(path) : inside;
}
