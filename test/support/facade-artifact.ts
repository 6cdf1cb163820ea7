import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildFacade } from "../../bin/build-facade";
import type { AuditEntry } from "../../facade/server";

const run = promisify(execFile);
let built: Promise<string> | undefined;

/**
 * The facade as `npm run build:facade` ships it, installed from its own package.json into
 * an empty folder outside the repository (so nothing resolves from the repo's
 * node_modules): built once per test file.
 */
export function builtFacade(): Promise<string> {
  built ??= (async () => {
    const folder = join(mkdtempSync(join(tmpdir(), "facade-artifact-")), "legacy-facade");
    await buildFacade(folder);
    await run("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: folder, timeout: 180_000 });
    return folder;
  })();
  return built;
}

export interface FacadeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything the service log said (stderr), so far. */
  said(): string;
  /** SIGTERM, as a process manager stops it; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** `node main.js --config <file>` in the artifact's folder; resolves once it listens. Audit lines (stdout, `auditLog: "-"`) go to `audit`. */
export function startFacadeProcess(
  folder: string,
  configFile: string,
  env: Record<string, string>,
  audit: (entry: AuditEntry) => void = () => undefined,
): Promise<FacadeProcess> {
  const child = spawn(process.execPath, [join(folder, "main.js"), "--config", configFile], {
    cwd: folder,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let said = "";
  let pending = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.trim() !== "") audit(JSON.parse(line) as AuditEntry);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the facade did not start within 30 s: ${said}`));
    }, 30_000);
    void exited.then((code) => reject(new Error(`the facade exited with ${code} before it listened: ${said}`)));
    child.stderr?.on("data", (chunk: Buffer) => {
      said += chunk.toString();
      const url = /facade listening on (https:\/\/[^\s,]+),/.exec(said)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({
        child,
        url,
        said: () => said,
        stop: () => {
          child.kill("SIGTERM");
          return exited;
        },
      });
    });
  });
}
