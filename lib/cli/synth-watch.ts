import { type FSWatcher, watch } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT, RUNTIME_SOURCE_ROOT, displayPath } from "../paths";
import { parseArguments } from "./arguments";
import { CONSOLE, type CommandOutput } from "./output";
import { EXIT, runCommand } from "./run-command";
import { SYNTH_USAGE, synthCommand } from "./synth-command";

export const WATCH_SWITCH = "--watch";

/** Editors save in bursts (write, rename, chmod): changes this close together are one save. */
const SETTLE_MS = 15;

export interface SynthWatch {
  /** Stops watching; resolves once the last synth started has finished. */
  close(): void;
}

/**
 * `npm run synth -- --watch [...]`: one warm process. Synthesizes once, then again on every
 * saved change to a stage file, a script, an Action or the contract, printing one line per
 * run: what changed, the stages synthesized, how long it took, each stage's review result.
 * Only changed runtime code is rebundled (the bundle cache is keyed by each input's
 * SHA-256). A bad edit prints its error and leaves the last good output in place.
 */
export function watchSynth(args: readonly string[], output: CommandOutput = CONSOLE, options: { readonly sourceRoot?: string } = {}): SynthWatch | number {
  const synthArgs = args.filter((arg) => arg !== WATCH_SWITCH);
  const given = { configFolder: "" };
  const usable = runCommand(() => {
    const parsed = parseArguments(synthArgs, { usage: SYNTH_USAGE, paths: ["--config", "--outdir"], switches: ["--no-review"] });
    given.configFolder = parsed.paths["--config"] ?? join(PROJECT_ROOT, "config");
    return EXIT.passed;
  }, output);
  if (usable !== EXIT.passed) return usable;
  const sourceRoot = options.sourceRoot ?? RUNTIME_SOURCE_ROOT;
  const watched = [given.configFolder, ...["scripts", "actions", "contract"].map((folder) => join(sourceRoot, folder))];

  const run = (changed: readonly string[]) => {
    const lines: string[] = [];
    const errors: string[] = [];
    const code = synthCommand(synthArgs, { log: (line) => lines.push(line), error: (line) => errors.push(line) }, options);
    const what = changed.length === 0 ? "start" : changed.join(", ");
    const stamp = new Date().toTimeString().slice(0, 8);
    if (code === EXIT.cannotJudge) {
      output.error(`${stamp} ${what}: not synthesized, the last good output stays`);
      for (const line of errors) output.error(`  ${line}`);
      return;
    }
    const summary = lines.filter((line) => !line.startsWith("  ")).map((line) => line.replace(/, see .*$/, "").replace(/ into \S+\/stacks/, ""));
    output.log(`${stamp} ${what}: ${summary.join("; ")}`);
    for (const line of [...errors, ...lines.filter((line) => line.startsWith("  "))]) output.log(`  ${line.trim()}`);
  };

  run([]);
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = watched.map((folder) =>
    watch(folder, { recursive: true }, (_event, file) => {
      if (file === null || file.includes(".staging-") || /(^|\/)\.|~$|\.sw.$/.test(file)) return;
      pending.add(displayPath(join(folder, file)));
      clearTimeout(timer);
      timer = setTimeout(() => {
        const changed = [...pending].sort();
        pending.clear();
        run(changed);
      }, SETTLE_MS);
    }),
  );
  output.log(`watching ${watched.map((folder) => displayPath(folder)).join(", ")} (Ctrl-C stops)`);
  return {
    close: () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
