import { join, resolve } from "node:path";
import { PROJECT_ROOT } from "../paths";

/** A command line the command cannot run: the message says what it expects. */
export class UsageError extends Error {}

export interface CommandArguments {
  /** The folder of stage files. @default "config" */
  readonly configDir: string;
  /** The synthesized output folder. @default "cdktf.out" */
  readonly outdir: string;
  /** The switches given, out of the ones the command allows. */
  readonly switches: ReadonlySet<string>;
}

/** Parses `--config <folder>`, `--outdir <folder>` and the command's own switches. */
export function parseCommandArguments(args: readonly string[], allowedSwitches: readonly string[] = []): CommandArguments {
  let configDir = join(PROJECT_ROOT, "config");
  let outdir = join(PROJECT_ROOT, "cdktf.out");
  const switches = new Set<string>();
  const expected = ["--config <folder>", "--outdir <folder>", ...allowedSwitches].join(", ");
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (allowedSwitches.includes(arg)) {
      switches.add(arg);
    } else if (arg === "--config" || arg === "--outdir") {
      const folder = args[++i];
      if (folder === undefined) throw new UsageError(`${arg} needs a folder`);
      if (arg === "--config") configDir = resolve(folder);
      else outdir = resolve(folder);
    } else {
      throw new UsageError(`unknown argument ${arg} (expected ${expected})`);
    }
  }
  return { configDir, outdir, switches };
}
