import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../facade/server";
import { type DatabaseServer, startMariadb, startPostgres } from "../support/database-servers";
import { type LegacyDatabaseFixture, legacyDatabase } from "../support/legacy-databases";
import { LocalTenant } from "../support/local-tenant";
import { type DatabaseRelay, startRogueDatabase, startSwitchableRelay } from "../support/rogue-database";
import { legacyAuthenticationStage } from "../support/stage-variants";
import { synthesizeExamples } from "../support/synthesized-examples";
import { builtFacade } from "../support/facade-artifact";

const run = promisify(execFile);
const PLACEHOLDER_AUTH0 = { domain: "tenant.test", audience: "https://legacy-facade.test/", approvedClientIds: ["Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk"] };
const ALL_OPERATIONS = { create: true, verifyEmail: true, changePassword: true, remove: true };

/** A script's failure that Auth0 shows as an outage: a plain Error, never a credentials error. */
function expectOutage(error: { name?: string; constructor: { name: string } } | null): void {
  expect(error).not.toBeNull();
  expect(error?.constructor.name).toBe("Error");
  expect(error?.name).not.toBe("WrongUsernameOrPasswordError");
}

/** How the facade runs: `npm run facade`'s code in this process, or the artifact of `npm run build:facade`, installed in an empty folder and started with plain node. */
const RUNNERS = {
  "in this process": { artifact: async () => undefined, command: async () => [process.execPath, "--import", "tsx", "facade/main.ts"] },
  "as the built artifact": {
    artifact: builtFacade,
    command: async () => [process.execPath, join(await builtFacade(), "main.js")],
  },
} as const;

/**
 * The whole path on real servers: the synthesized scripts, run as Auth0 runs them, get a
 * token from the local token endpoint, and call the facade, which fetches the tenant's
 * JWKS itself and reads a legacy users table over pinned TLS.
 */
describe.each([
  ["PostgreSQL", "in this process", startPostgres],
  ["MariaDB", "in this process", startMariadb],
  ["PostgreSQL", "as the built artifact", startPostgres],
  ["MariaDB", "as the built artifact", startMariadb],
] as const)("the synthesized scripts against the facade over %s, %s", (_, runner, start) => {
  const stack = () => synthesizeExamples([legacyAuthenticationStage()]).stacks.dev;
  const audit: AuditEntry[] = [];
  let server: DatabaseServer;
  let fixture: LegacyDatabaseFixture;
  let relay: DatabaseRelay;
  let tenant: LocalTenant;

  beforeAll(async () => {
    server = await start();
    fixture = await legacyDatabase(server, "e2e_legacy", PLACEHOLDER_AUTH0);
    relay = await startSwitchableRelay(server.port);
    const artifact = await RUNNERS[runner].artifact();
    tenant = await LocalTenant.start(stack(), {
      legacyDatabase: fixture,
      ...(artifact === undefined ? {} : { facadeArtifact: artifact }),
      audit: (entry) => audit.push(entry),
      facadeSettings: (settings) => {
        settings.operations = ALL_OPERATIONS;
        settings.database.port = relay.port;
        settings.database.pool.max = 2;
      },
    });
  }, 240_000);
  afterAll(async () => {
    await tenant?.close();
    await relay?.close();
    await server?.stop();
  }, 60_000);

  it("logs in every legacy user, whatever the format of their hash, and refuses a wrong password as the user's mistake", async () => {
    const login = tenant.container("login");
    for (const user of fixture.users) {
      const { error, results } = await login.call(user.email, user.password);
      expect(error, user.format).toBeNull();
      expect(results[0], user.format).toMatchObject({ email: user.email, user_id: expect.any(String) });
      expect(results[0], user.format).not.toHaveProperty("password_hash");
      const wrong = await login.call(user.email, `not ${user.password}`);
      expect(wrong.error, user.format).toMatchObject({ name: "WrongUsernameOrPasswordError", emailOrUserId: user.email });
    }
  });

  it("answers an unknown email as an unknown user, and get_user finds only known ones", async () => {
    expect((await tenant.container("login").call("nobody@legacy.example", "whatever")).error).toMatchObject({
      name: "WrongUsernameOrPasswordError",
      emailOrUserId: undefined,
    });
    expect((await tenant.container("get_user").call(fixture.users[0].email.toUpperCase())).results[0]).toMatchObject({ email: fixture.users[0].email });
    expect(await tenant.container("get_user").call("nobody@legacy.example")).toMatchObject({ error: null, results: [] });
  });

  it("signs up, verifies, changes the password of and deletes a user in the legacy table", async () => {
    const user = { email: "new.user@legacy.example", password: "a brand new passphrase" };
    expect(await tenant.container("create").call(user)).toMatchObject({ error: null });
    expect((await tenant.container("create").call(user)).error).toMatchObject({ name: "ValidationError", code: "user_exists" });
    expect((await tenant.container("verify").call(user.email)).results).toEqual([true]);
    expect((await tenant.container("change_password").call(user.email, "the second passphrase")).results).toEqual([true]);
    expect((await tenant.container("login").call(user.email, user.password)).error?.name).toBe("WrongUsernameOrPasswordError");
    const { results } = await tenant.container("login").call(user.email, "the second passphrase");
    const [row] = await server.admin("SELECT email_verified, password_hash FROM users WHERE email = 'new.user@legacy.example'", [], fixture.database);
    expect(Boolean(row.email_verified)).toBe(true);
    expect(String(row.password_hash)).toMatch(/^\$2b\$10\$/);
    expect(await tenant.container("delete").call((results[0] as { user_id: string }).user_id)).toMatchObject({ error: null });
    expect(await server.admin("SELECT id FROM users WHERE email = 'new.user@legacy.example'", [], fixture.database)).toEqual([]);
  });

  it("audits every operation with client, operation and outcome, and never a password or a token", () => {
    expect(audit.length).toBeGreaterThan(fixture.users.length * 2);
    expect(audit.find((entry) => entry.operation === "authenticate" && entry.outcome === "ok")).toMatchObject({ client: tenant.m2m.clientId, status: 200 });
    expect(audit.find((entry) => entry.outcome === "invalid_credentials")).toMatchObject({ operation: "authenticate", status: 422 });
    const written = JSON.stringify(audit);
    for (const user of fixture.users) expect(written).not.toContain(user.password);
    expect(written).not.toContain("second passphrase");
    expect(written).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });

  it("reports migration progress with one command: who has logged in through the facade, and how many remain", async () => {
    const file = join(dirname(fixture.config.tls.certificateFile), "facade.json");
    writeFileSync(file, JSON.stringify(fixture.settings, null, 2));
    const [node, ...args] = await RUNNERS[runner].command();
    const { stdout } = await run(node, [...args, "progress", "--config", file], { env: { ...process.env, ...fixture.env } });
    expect(stdout.trim()).toBe(`${fixture.users.length} of ${fixture.users.length} legacy users have logged in through the facade (100%); 0 remain`);
  });

  it("reports a hung database as an outage, never as a wrong password, also with every pooled connection taken, and recovers", async () => {
    relay.stall();
    try {
      const login = tenant.container("login");
      const attempts = await Promise.all([0, 1, 2, 3, 4].map(() => login.call(fixture.users[0].email, fixture.users[0].password)));
      for (const { error } of attempts) expectOutage(error);
    } finally {
      relay.flow();
    }
    await expect
      .poll(async () => (await tenant.container("login").call(fixture.users[0].email, fixture.users[0].password)).error, { timeout: 15_000, interval: 500 })
      .toBeNull();
  }, 60_000);

  it("reports a database that is down as an outage, and serves again once it is back", async () => {
    await server.kill();
    try {
      expectOutage((await tenant.container("login").call(fixture.users[1].email, fixture.users[1].password)).error);
      expectOutage((await tenant.container("login").call(fixture.users[1].email, "a wrong password")).error);
    } finally {
      await server.restart();
    }
    await expect
      .poll(async () => (await tenant.container("login").call(fixture.users[1].email, fixture.users[1].password)).error, { timeout: 15_000, interval: 500 })
      .toBeNull();
  }, 60_000);

  it("sends a rogue server at the database's address no byte of a login or query, and reports an outage", async () => {
    const rogue = await startRogueDatabase(server.engine);
    relay.sendTo(rogue.port);
    try {
      expectOutage((await tenant.container("login").call(fixture.users[2].email, fixture.users[2].password)).error);
      expectOutage((await tenant.container("get_user").call(fixture.users[2].email)).error);
      expect(rogue.bytesAfterHandshake()).toBe(0);
    } finally {
      relay.sendTo(server.port);
      await rogue.close();
    }
  }, 60_000);
});
