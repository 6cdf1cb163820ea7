import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Builds a whole output folder in a staging folder next to it and swaps it in only when
 * `build` succeeded: a failure leaves the previous output exactly as it was, never a
 * half-written one.
 */
export function writeAtomically<T>(outdir: string, build: (staging: string) => T): T {
  const staging = `${outdir}.staging-${process.pid}`;
  const previous = `${outdir}.previous-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(outdir), { recursive: true });
  let result: T;
  try {
    result = build(staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (existsSync(outdir)) renameSync(outdir, previous);
  renameSync(staging, outdir);
  rmSync(previous, { recursive: true, force: true });
  return result;
}
