import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { CommandOutput } from "../../lib/cli/output";
import { synthCommand } from "../../lib/cli/synth-command";
import { FIXTURE_STAGES } from "./stage-files";
import { unmutatedSources } from "./synthesized-examples";

/** Every file under `dir` with the SHA-256 of its bytes, for before/after comparisons. */
export function folderDigest(dir: string): Record<string, string> {
  const digest: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else digest[relative(dir, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  };
  walk(dir);
  return digest;
}

/** A scratch folder for a command's output. */
export function scratchOutdir(): string {
  return join(mkdtempSync(join(tmpdir(), "auth0-facade-out-")), "cdktf.out");
}

/** Runs `run` with a temporary folder of its own (TMPDIR), and lists what it left there. */
export function leftInTmpdir(run: () => void): string[] {
  const own = mkdtempSync(join(tmpdir(), "auth0-facade-own-tmp-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = own;
  try {
    run();
  } finally {
    process.env.TMPDIR = previous;
  }
  return readdirSync(own);
}

/** A CommandOutput that keeps what a command printed. */
export function capturedOutput(): CommandOutput & { logs: string[]; errors: string[] } {
  const logs: string[] = [];
  const errors: string[] = [];
  return { logs, errors, log: (line) => void logs.push(line), error: (line) => void errors.push(line) };
}

/**
 * An output folder holding a good `npm run synth` of the example stages, with its digest:
 * what a failed run must leave exactly as it was.
 */
export function previousGoodOutput(): { outdir: string; digest: Record<string, string> } {
  const outdir = scratchOutdir();
  const code = synthCommand(["--config", FIXTURE_STAGES, "--outdir", outdir], capturedOutput(), { sourceRoot: unmutatedSources() });
  if (code !== 0) throw new Error(`the example stages did not synthesize (exit ${code})`);
  return { outdir, digest: folderDigest(outdir) };
}
