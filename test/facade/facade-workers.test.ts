import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { type AddressInfo, createServer } from "node:net";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../lib/paths";
import { type DatabaseServer, startPostgres } from "../support/database-servers";
import { type LegacyDatabaseFixture, legacyDatabase } from "../support/legacy-databases";

const AUTH0 = { domain: "tenant.test", audience: "https://legacy-facade.test/", approvedClientIds: ["Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk"] };

interface Started {
  readonly child: ChildProcess;
  readonly said: () => string;
  readonly exited: Promise<number | null>;
}

/** `npm run facade -- --config <file>` with `workers` set, as a deployment runs it. */
function startFacade(fixture: LegacyDatabaseFixture, settings: Record<string, unknown>): Started {
  const file = join(dirname(fixture.config.tls.certificateFile), "facade-workers.json");
  // The service log says where it listens and why it stops.
  writeFileSync(file, JSON.stringify({ ...settings, logLevel: "info" }));
  const child = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "facade", "main.ts"), "--config", file], {
    env: { ...process.env, ...fixture.env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let said = "";
  child.stderr?.on("data", (chunk: Buffer) => (said += chunk.toString()));
  return { child, said: () => said, exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))) };
}

/** The primary's worker processes (not tsx's own helper process). */
function workerPids(primary: ChildProcess): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(primary.pid), "-f", "facade/main.ts"], { encoding: "utf8" })
      .trim()
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function readiness(url: string, certificate: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${url}/readyz`, { ca: certificate, checkServerIdentity: () => undefined }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on("error", reject)
      .end();
  });
}

describe("the facade with several worker processes", () => {
  let server: DatabaseServer;
  let fixture: LegacyDatabaseFixture;

  beforeAll(async () => {
    server = await startPostgres();
    fixture = await legacyDatabase(server, "facade_workers", AUTH0);
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  }, 60_000);

  it("serves one port from every worker, replaces a worker that dies, and stops them all on SIGTERM", async () => {
    const facade = startFacade(fixture, { ...fixture.settings, workers: 2 });
    try {
      await expect.poll(facade.said, { timeout: 30_000 }).toContain("SHA-256 pin");
      const url = /facade listening on (https:\/\/\S+) \(2 worker processes\)/.exec(facade.said())?.[1];
      expect(url).toBeDefined();
      const certificate = readFileSync(fixture.config.tls.certificateFile, "utf8");
      expect(await readiness(url as string, certificate)).toBe(200);
      const workers = workerPids(facade.child);
      expect(workers).toHaveLength(2);

      process.kill(workers[0], "SIGKILL");
      await expect.poll(facade.said, { timeout: 30_000 }).toContain("starting another");
      await expect.poll(() => workerPids(facade.child).filter((pid) => pid !== workers[0]).length, { timeout: 30_000 }).toBe(2);
      expect(await readiness(url as string, certificate)).toBe(200);

      const remaining = workerPids(facade.child);
      facade.child.kill("SIGTERM");
      expect(await facade.exited).toBe(0);
      for (const pid of remaining) expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      for (const pid of workerPids(facade.child)) process.kill(pid, "SIGKILL");
      facade.child.kill("SIGKILL");
    }
  }, 90_000);

  it("stops with an error exit when its workers cannot serve (the database is unreachable), instead of restarting them forever", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const facade = startFacade(fixture, { ...fixture.settings, workers: 2, database: { ...fixture.settings.database, port: closedPort } });
    try {
      expect(await facade.exited).toBe(2);
      expect(facade.said()).toContain("the legacy database is unavailable");
      expect(facade.said()).toContain("before it served: stopping");
      expect(facade.said()).not.toContain(fixture.env.FACADE_DB_PASSWORD);
    } finally {
      for (const pid of workerPids(facade.child)) process.kill(pid, "SIGKILL");
      facade.child.kill("SIGKILL");
    }
  }, 90_000);
});
