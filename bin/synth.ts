/** `npm run synth [-- --watch]`: see lib/cli/synth-command.ts and lib/cli/synth-watch.ts. `cdktf synth` runs main.ts instead (no review). */
import { synthCommand } from "../lib/cli/synth-command";
import { WATCH_SWITCH, watchSynth } from "../lib/cli/synth-watch";

export function main(args: readonly string[]): number | Promise<number> {
  if (!args.includes(WATCH_SWITCH)) return synthCommand(args);
  const session = watchSynth(args);
  if (typeof session === "number") return session;
  return new Promise((resolve) => {
    const stop = () => {
      session.close();
      resolve(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

// Run directly (tsx bin/synth.ts); bin/prebundled.cjs calls main itself.
if (require.main === module) void Promise.resolve(main(process.argv.slice(2))).then((code) => (process.exitCode = code));
