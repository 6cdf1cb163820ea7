/**
 * The edit loop in watch mode: `npm run synth -- --watch` (bin/prebundled.cjs, as npm runs
 * it) on two generated stages; each run saves a stage file with a new value, then waits
 * for the watcher's line, which it prints once the stacks, code files and review reports
 * are on disk, and checks the new value is in the stack.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../lib/paths";
import { exampleStage } from "../test/support/stage-files";
import { median, percentile } from "./measure";

export interface WatchLoop {
  readonly savesMs: number[];
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export async function measureWatchLoop(env: NodeJS.ProcessEnv, saves = 15): Promise<WatchLoop> {
  const config = mkdtempSync(join(tmpdir(), "auth0-facade-watch-config-"));
  const outdir = join(mkdtempSync(join(tmpdir(), "auth0-facade-watch-out-")), "cdktf.out");
  const dev = exampleStage("dev");
  writeFileSync(join(config, "dev.json"), JSON.stringify(dev));
  writeFileSync(join(config, "prod.json"), JSON.stringify(exampleStage("prod")));
  const child = spawn(process.execPath, [join(PROJECT_ROOT, "bin", "prebundled.cjs"), "bin/synth.ts", "--watch", "--config", config, "--outdir", outdir], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let buffered = "";
  const waiters: ((line: string) => void)[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      waiters.shift()?.(line);
      newline = buffered.indexOf("\n");
    }
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the watcher printed nothing for 30 s:\n${stderr}`)), 30_000);
      waiters.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  try {
    await nextLine(); // the first synth
    await nextLine(); // "watching ..."
    const savesMs: number[] = [];
    for (let save = 0; save < saves; save++) {
      dev.facade.timeoutMs = 3000 + save;
      const line = nextLine();
      const started = performance.now();
      writeFileSync(join(config, "dev.json"), JSON.stringify(dev));
      const printed = await line;
      savesMs.push(performance.now() - started);
      if (!printed.includes("synthesized 2 stage(s)")) throw new Error(`the watcher said: ${printed}\n${stderr}`);
      if (!readFileSync(join(outdir, "stacks", "dev", "cdk.tf.json"), "utf8").includes(String(3000 + save))) {
        throw new Error("the watcher printed before the new stack was on disk");
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { savesMs, p50Ms: median(savesMs), p99Ms: percentile(savesMs, 99) };
  } finally {
    child.kill("SIGINT");
  }
}
