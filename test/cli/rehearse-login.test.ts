import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../lib/paths";
import { type DatabaseServer, startPostgres } from "../support/database-servers";
import { type LegacyDatabaseFixture, legacyDatabase } from "../support/legacy-databases";
import { synthesizeExamples } from "../support/synthesized-examples";

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `npm run rehearse-login`: what the facade guide asks a new user to run once the facade
 * points at their users table, with the stage synthesized and nothing applied.
 */
describe("npm run rehearse-login", () => {
  let server: DatabaseServer;
  let fixture: LegacyDatabaseFixture;
  let outdir: string;
  let configFile: string;

  const rehearse = (args: string[], password: string, env: Record<string, string> = fixture.env) =>
    new Promise<Outcome>((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", join(PROJECT_ROOT, "bin", "rehearse-login.ts"), ...args],
        { cwd: PROJECT_ROOT, env: { ...process.env, ...env, REHEARSAL_PASSWORD: password, NODE_EXTRA_CA_CERTS: "" }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    server = await startPostgres();
    fixture = await legacyDatabase(server, "rehearsal", {
      domain: "acme-dev.eu.auth0.com",
      audience: "https://placeholder.test/",
      approvedClientIds: ["Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk"],
    });
    outdir = mkdtempSync(join(tmpdir(), "auth0-rehearsal-out-"));
    mkdirSync(join(outdir, "stacks", "dev"), { recursive: true });
    writeFileSync(join(outdir, "stacks", "dev", "cdk.tf.json"), JSON.stringify(synthesizeExamples().stacks.dev.document));
    configFile = join(dirname(fixture.config.sourceFile), "facade.json");
    writeFileSync(configFile, JSON.stringify(fixture.settings));
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  }, 60_000);

  const user = () => fixture.users.find((candidate) => candidate.format === "bcrypt")!;
  const args = (email: string) => ["dev", "--facade-config", configFile, "--email", email, "--outdir", outdir];

  it("logs a legacy user in through the stage's synthesized login script, and finds them with get_user", async () => {
    const { code, stdout } = await rehearse(args(user().email), user().password);
    expect(stdout).toMatch(/^login: authenticated bcrypt@legacy\.example as user_id \d+ \(email_verified (true|false)\)/m);
    expect(stdout).toMatch(/^get_user: found user_id \d+$/m);
    expect(stdout).toContain("facade audit: authenticate 200");
    expect(code).toBe(0);
  }, 60_000);

  it("answers a wrong password as the user would see it, with exit code 1, and never prints the password", async () => {
    const { code, stdout, stderr } = await rehearse(args(user().email), "not the passphrase");
    expect(stdout).toMatch(/^login: wrong email or password/m);
    expect(`${stdout}${stderr}`).not.toContain("not the passphrase");
    expect(code).toBe(1);
  }, 60_000);

  it("names the field of a bad facade config, with exit code 2 and no stack trace", async () => {
    const bad = join(dirname(configFile), "bad.json");
    writeFileSync(bad, JSON.stringify({ ...fixture.settings, database: { ...fixture.settings.database, port: "5432" } }));
    const { code, stderr } = await rehearse(["dev", "--facade-config", bad, "--email", "a@b.example", "--outdir", outdir], "x");
    expect(stderr).toContain(`${bad}: database.port: `);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(2);
  }, 60_000);

  it("says when the database password is not in the environment, naming the variable", async () => {
    const { code, stderr } = await rehearse(args(user().email), "x", { FACADE_DB_PASSWORD: "" });
    expect(stderr).toContain("database.passwordEnv: expected the environment variable FACADE_DB_PASSWORD");
    expect(code).toBe(2);
  }, 60_000);

  it("says to synthesize first when the stage has no stack", async () => {
    const { code, stderr } = await rehearse(["qa", "--facade-config", configFile, "--email", "a@b.example", "--outdir", outdir], "x");
    expect(stderr).toContain("run npm run synth");
    expect(code).toBe(2);
  }, 60_000);
});
