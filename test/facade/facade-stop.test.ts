import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { issueServerCertificate } from "../../examples/reference-facade/certificates";
import { PROJECT_ROOT } from "../../lib/paths";
import { type DatabaseServer, startPostgres } from "../support/database-servers";
import { httpsJson } from "../support/https-json";
import { type LegacyDatabaseFixture, legacyDatabase } from "../support/legacy-databases";
import { type DatabaseRelay, startSwitchableRelay } from "../support/rogue-database";
import { type TokenEndpoint, startTokenEndpoint } from "../support/token-endpoint";

const CLIENT_ID = "Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk";
const AUDIENCE = "https://legacy-facade.test/";

/**
 * `npm run facade` stopped the ways a deployment stops it: SIGTERM to npm alone (a process
 * manager that knows only its child), and SIGTERM to the whole process group (a container
 * runtime, Ctrl-C), with a login in flight that must still be answered.
 */
describe("stopping npm run facade", () => {
  let server: DatabaseServer;
  let fixture: LegacyDatabaseFixture;
  let tokens: TokenEndpoint;
  let relay: DatabaseRelay;
  let caFile: string;

  beforeAll(async () => {
    server = await startPostgres();
    fixture = await legacyDatabase(server, "facade_stop", { domain: "tenant.test", audience: AUDIENCE, approvedClientIds: [CLIENT_ID] });
    const ca = inject("testCa");
    caFile = join(dirname(fixture.config.tls.certificateFile), "tenant-ca.pem");
    writeFileSync(caFile, ca.cert);
    tokens = await startTokenEndpoint({ tls: await issueServerCertificate(ca, "tenant.test"), clients: [], grants: [], issuer: "https://tenant.test/" });
    relay = await startSwitchableRelay(server.port);
  }, 90_000);
  afterAll(async () => {
    await tokens?.close();
    await relay?.close();
    await server?.stop();
  }, 60_000);

  function start(): { child: ChildProcess; said: () => string; exited: Promise<number | null> } {
    const file = join(dirname(fixture.config.tls.certificateFile), "facade-stop.json");
    const settings = structuredClone(fixture.settings);
    settings.auth0 = { domain: "tenant.test", audience: AUDIENCE, approvedClientIds: [CLIENT_ID], jwksUrl: tokens.jwksUrl, jwksCaFile: caFile };
    settings.database.port = relay.port;
    settings.logLevel = "info";
    // Room for a login held at a stalled database while the stop begins.
    settings.database.pool.queryTimeoutMs = 10_000;
    writeFileSync(file, JSON.stringify(settings));
    // Its own process group, as a shell or a container gives it.
    const child = spawn("npm", ["run", "--silent", "facade", "--", "--config", file], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...fixture.env },
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
    });
    let said = "";
    child.stderr?.on("data", (chunk: Buffer) => (said += chunk.toString()));
    return { child, said: () => said, exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))) };
  }

  const urlOf = (said: string) => /facade listening on (https:\/\/\S+),/.exec(said)?.[1] as string;
  const certificate = () => readFileSync(fixture.config.tls.certificateFile, "utf8");

  it("stops serving when only npm gets SIGTERM", async () => {
    const facade = start();
    try {
      await expect.poll(facade.said, { timeout: 30_000 }).toContain("SHA-256 pin");
      const url = urlOf(facade.said());
      expect((await httpsJson(`${url}/readyz`, { method: "GET", ca: certificate() })).status).toBe(200);
      facade.child.kill("SIGTERM");
      expect(await facade.exited).toBe(0);
      await expect(httpsJson(`${url}/readyz`, { method: "GET", ca: certificate() })).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      if (facade.child.pid !== undefined) spawn("pkill", ["-KILL", "-g", String(facade.child.pid)]);
    }
  }, 60_000);

  it("answers a login in flight when the whole group gets SIGTERM, then exits 0", async () => {
    const facade = start();
    try {
      await expect.poll(facade.said, { timeout: 30_000 }).toContain("SHA-256 pin");
      const url = urlOf(facade.said());
      const [user] = fixture.users;
      const token = await tokens.mint({
        iss: "https://tenant.test/",
        aud: AUDIENCE,
        azp: CLIENT_ID,
        gty: "client-credentials",
        scope: "users:authenticate",
        exp: Math.floor(Date.now() / 1000) + 300,
      });
      relay.stall();
      const inFlight = httpsJson(`${url}/users/authenticate`, {
        body: { email: user.email, password: user.password },
        ca: certificate(),
        headers: { authorization: `Bearer ${token}` },
      });
      // Long enough for the login to reach the stalled database, on a loaded machine too.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      process.kill(-(facade.child.pid as number), "SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 300));
      relay.flow();
      expect((await inFlight).status).toBe(200);
      expect(await facade.exited).toBe(0);
    } finally {
      relay.flow();
      if (facade.child.pid !== undefined) spawn("pkill", ["-KILL", "-g", String(facade.child.pid)]);
    }
  }, 60_000);
});
