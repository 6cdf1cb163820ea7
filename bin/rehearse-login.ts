/**
 * `npm run rehearse-login -- <stage> --facade-config <facade.json> --email <email>`
 *
 * A login through the stage's synthesized `login` and `get_user` scripts, before any
 * apply: the scripts run in the local Auth0 sandbox, get their token from a local token
 * endpoint (which runs the stage's synthesized credentials-exchange guard), and call a
 * facade started from your facade config, over your legacy database. Only what cannot
 * exist locally is replaced: the tenant (domain, JWKS, client ID and secret), the
 * facade's address (a free loopback port) and, so the pinned agent accepts it, the pin.
 * The password is asked for without echo (or read from REHEARSAL_PASSWORD).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { FacadeConfigError, loadFacadeConfig, parseFacadeConfig } from "../facade/config";
import { HelpRequested, UsageError, parseArguments } from "../lib/cli/arguments";
import { PROJECT_ROOT } from "../lib/paths";
import { InputError } from "../lib/input-error";
import { SynthesizedStack } from "../lib/synthesized/synthesized-stack";
import { writeTestCa } from "../test/support/global-setup";
import type { LegacyDatabaseFixture } from "../test/support/legacy-databases";
import { LocalTenant } from "../test/support/local-tenant";

const USAGE = "usage: npm run rehearse-login -- <stage> --facade-config <facade.json> --email <email> [--outdir <cdktf.out>]";
const CA_DIR = "AUTH0_REHEARSAL_CA_DIR";

async function askPassword(email: string): Promise<string> {
  if (process.env.REHEARSAL_PASSWORD !== undefined) return process.env.REHEARSAL_PASSWORD;
  process.stderr.write(`password for ${email}: `);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const prompt = createInterface({ input: process.stdin, output: silent, terminal: process.stdin.isTTY === true });
  const password = await new Promise<string>((answer) => prompt.question("", answer));
  prompt.close();
  process.stderr.write("\n");
  return password;
}

/** The facade config as the fixture LocalTenant starts a facade from. */
function facadeFromFile(file: string): LegacyDatabaseFixture {
  const config = loadFacadeConfig(file);
  const settings = JSON.parse(readFileSync(file, "utf8")) as LegacyDatabaseFixture["settings"];
  return {
    settings,
    config,
    env: process.env as Record<string, string>,
    users: [],
    database: config.database.database,
    configWith: (edit) => {
      const copy = structuredClone(settings);
      edit(copy);
      return parseFacadeConfig(copy, file);
    },
    writeConfig: () => {
      throw new Error("a rehearsal runs the facade in this process, not from a built artifact");
    },
  };
}

async function rehearse(args: readonly string[]): Promise<number> {
  const parsed = parseArguments(args, {
    usage: USAGE,
    positionals: { name: "stage", min: 1, max: 1 },
    paths: ["--facade-config", "--outdir"],
    words: ["--email"],
  });
  const stage = parsed.positionals[0];
  const file = parsed.paths["--facade-config"];
  const email = parsed.words["--email"];
  if (file === undefined) throw new UsageError("--facade-config is required", USAGE);
  if (email === undefined) throw new UsageError("--email is required", USAGE);
  const stack = SynthesizedStack.read(parsed.paths["--outdir"] ?? join(PROJECT_ROOT, "cdktf.out"), stage);
  const facade = facadeFromFile(file);
  const caDir = process.env[CA_DIR]!;
  const ca = JSON.parse(readFileSync(join(caDir, "ca.json"), "utf8"));
  const tenant = await LocalTenant.start(stack, {
    ca,
    legacyDatabase: facade,
    facadeSettings: (settings) => {
      settings.listen = { host: "127.0.0.1", port: 0 };
      settings.allowlist = { sourceRanges: ["127.0.0.1/32"], trustedProxies: [] };
      settings.auditLog = "-";
    },
    audit: (entry) => console.log(`  facade audit: ${entry.operation} ${entry.status} ${entry.outcome}`),
  });
  try {
    const password = await askPassword(email);
    console.log(
      `${stage}: the synthesized login script, against ${facade.config.database.engine} ${facade.config.database.host}:${facade.config.database.port}/${facade.database}`,
    );
    const login = await tenant.container("login").call(email, password);
    if (login.error === null) {
      const profile = login.results[0] as { user_id: string; email: string; email_verified: boolean };
      console.log(
        `login: authenticated ${profile.email} as user_id ${profile.user_id} (email_verified ${profile.email_verified}) in ${login.milliseconds.toFixed(0)} ms`,
      );
    } else if (login.error.name === "WrongUsernameOrPasswordError") {
      console.log(`login: wrong email or password, as the user would see it (${login.error.message})`);
    } else {
      console.log(`login: an outage, not the user's fault: ${login.error.message}`);
    }
    const lookup = await tenant.container("get_user").call(email);
    const found = lookup.results[0] as { user_id: string } | undefined;
    console.log(lookup.error ? `get_user: an outage: ${lookup.error.message}` : found ? `get_user: found user_id ${found.user_id}` : "get_user: no such user");
    return login.error === null ? 0 : 1;
  } finally {
    await tenant.close();
  }
}

async function main(args: readonly string[]): Promise<number> {
  if (process.env[CA_DIR] === undefined) {
    // The scripts trust the local token endpoint as they trust Auth0's: through a CA the process knows from its start.
    const caDir = mkdtempSync(join(tmpdir(), "auth0-rehearsal-ca-"));
    try {
      const ca = await writeTestCa(caDir);
      writeFileSync(join(caDir, "ca.json"), JSON.stringify(ca), { mode: 0o600 });
      const child = spawnSync(process.execPath, ["--import", "tsx", resolve(__filename), ...args], {
        stdio: "inherit",
        env: { ...process.env, [CA_DIR]: caDir, NODE_EXTRA_CA_CERTS: join(caDir, "ca.pem") },
      });
      return child.status ?? 1;
    } finally {
      rmSync(caDir, { recursive: true, force: true });
    }
  }
  try {
    return await rehearse(args);
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(USAGE);
      return 0;
    }
    if (error instanceof UsageError || error instanceof FacadeConfigError || error instanceof InputError) {
      console.error(error.message);
      return 2;
    }
    if ((error as Error).name === "DatabaseUnavailableError") {
      console.error(`the facade could not start: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
