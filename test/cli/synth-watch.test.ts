import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type SynthWatch, watchSynth } from "../../lib/cli/synth-watch";
import { folderDigest, scratchOutdir } from "../support/output-folder";
import { scratchProject } from "../support/scratch-project";
import { configFolder, exampleStage } from "../support/stage-files";

async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("npm run synth -- --watch", () => {
  let session: SynthWatch | undefined;
  afterEach(() => session?.close());

  function start() {
    const config = configFolder({ "dev.json": exampleStage("dev"), "prod.json": exampleStage("prod") });
    const outdir = scratchOutdir();
    const sources = scratchProject();
    const logs: string[] = [];
    const errors: string[] = [];
    const started = watchSynth(
      ["--config", config, "--outdir", outdir, "--watch"],
      { log: (line) => logs.push(line), error: (line) => errors.push(line) },
      { sourceRoot: sources },
    );
    if (typeof started === "number") throw new Error(`watch did not start: ${errors.join("\n")}`);
    session = started;
    const stack = (stage: string) => JSON.parse(readFileSync(join(outdir, "stacks", stage, "cdk.tf.json"), "utf8"));
    return { config, outdir, sources, logs, errors, stack };
  }

  it("synthesizes at start, then on each saved stage file, with one line per run naming the change and the review result", async () => {
    const { config, logs, stack } = start();
    expect(logs[0]).toMatch(
      /^\d\d:\d\d:\d\d start: synthesized 2 stage\(s\) \(dev, prod\) in \d+ ms; review dev: passed \(0 errors, 0 warnings, 0 suppressed\); review prod: passed/,
    );
    expect(logs[1]).toMatch(/^watching /);
    const dev = exampleStage("dev");
    dev.facade.timeoutMs = 4321;
    writeFileSync(join(config, "dev.json"), JSON.stringify(dev));
    await until("the second synth", () => logs.length >= 3);
    expect(logs[2]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${config.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/dev.json: synthesized 2 stage\\(s\\)`));
    expect(JSON.stringify(stack("dev"))).toContain("4321");
  }, 30_000);

  it("rebundles a saved script into the stack", async () => {
    const { sources, logs, stack } = start();
    appendFileSync(join(sources, "scripts", "login.ts"), '\nconsole.log("a new line in the login script");\n');
    await until("the synth after the script change", () => logs.length >= 3);
    expect(logs[2]).toContain("scripts/login.ts: synthesized 2 stage(s)");
    expect(JSON.stringify(stack("dev"))).toContain("a new line in the login script");
  }, 30_000);

  it("prints a bad edit's error and keeps the last good output, then recovers on the next save", async () => {
    const { config, outdir, logs, errors, stack } = start();
    const before = folderDigest(outdir);
    writeFileSync(join(config, "dev.json"), "{ not json");
    await until("the error", () => errors.length > 0);
    expect(errors[0]).toMatch(/dev\.json: not synthesized, the last good output stays$/);
    expect(errors.join("\n")).toContain("dev.json");
    expect(folderDigest(outdir)).toEqual(before);
    const dev = exampleStage("dev");
    dev.facade.timeoutMs = 2345;
    writeFileSync(join(config, "dev.json"), JSON.stringify(dev));
    await until("the recovery", () => logs.length >= 3);
    expect(JSON.stringify(stack("dev"))).toContain("2345");
  }, 30_000);

  it("refuses a command line it does not accept, as synth does", () => {
    const errors: string[] = [];
    const code = watchSynth(["--watch", "--frobnicate"], { log: () => undefined, error: (line) => errors.push(line) });
    expect(code).toBe(2);
    expect(errors.at(-1)).toContain("--watch");
  });
});
