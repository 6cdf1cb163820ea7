/**
 * `npm run facade:example`: starts the facade's minimal example (see README.md next to this file).
 * `npm run facade:example -- add-user <email>`: adds a user, reading the password from stdin.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { createRemoteJWKSet } from "jose";
import { createSelfSignedCertificate } from "./certificates";
import { createFacadeServer } from "../../facade/server";
import { SettingsError, readSettings } from "./settings";
import { UserStore } from "./user-store";

const GENERATED_TLS_DIR = ".facade-tls";

async function tlsMaterial(settings: ReturnType<typeof readSettings>): Promise<{ key: string; cert: string; note: string }> {
  if (settings.tls) {
    return { key: readFileSync(settings.tls.keyFile, "utf8"), cert: readFileSync(settings.tls.certFile, "utf8"), note: settings.tls.certFile };
  }
  const certFile = `${GENERATED_TLS_DIR}/cert.pem`;
  const keyFile = `${GENERATED_TLS_DIR}/key.pem`;
  if (!existsSync(certFile)) {
    const made = await createSelfSignedCertificate("reference-facade.local");
    mkdirSync(GENERATED_TLS_DIR, { recursive: true });
    writeFileSync(certFile, made.cert);
    writeFileSync(keyFile, made.key, { mode: 0o600 });
  }
  return { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8"), note: `${certFile} (self-signed, made for you)` };
}

async function addUser(email: string, usersFile: string): Promise<void> {
  const input = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write(`password for ${email}: `);
  const password = (await input.question("")).trim();
  input.close();
  const added = await new UserStore({ file: usersFile }).add({ email, password, email_verified: true });
  console.log(added === "exists" ? `${email} already exists in ${usersFile}` : `added ${email} (user_id ${added.user_id}) to ${usersFile}`);
}

const ADD_USER_USAGE = "usage: npm run facade:example -- add-user <email>";

/** The command line's words, read with node:util's parseArgs; an option it does not take is a usage error. */
function commandLine(args: string[]): string[] {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true }).positionals;
  } catch (error) {
    throw new SettingsError(`${(error as Error).message}; ${ADD_USER_USAGE}`);
  }
}

async function main(): Promise<void> {
  const positionals = commandLine(process.argv.slice(2));
  const [command, email] = positionals;
  if (command !== undefined && command !== "add-user") throw new SettingsError(`unknown command ${command}; ${ADD_USER_USAGE}`);
  if (command === "add-user") {
    if (!email || positionals.length > 2) throw new SettingsError(ADD_USER_USAGE);
    return addUser(email, process.env.FACADE_USERS_FILE?.trim() || "facade-users.json");
  }
  const settings = readSettings(process.env);
  const tls = await tlsMaterial(settings);
  const facade = createFacadeServer({
    tls,
    store: new UserStore({ file: settings.usersFile }),
    issuer: settings.issuer,
    audience: settings.audience,
    keys: createRemoteJWKSet(settings.jwksUrl),
    approvedClientIds: settings.approvedClientIds,
    audit: (entry) => console.log(JSON.stringify(entry)),
  });
  const url = await facade.listen(settings.port, settings.host);
  const { X509Certificate } = await import("node:crypto");
  console.log(`reference facade listening on ${url}`);
  console.log(`certificate: ${tls.note}`);
  console.log(`  SHA-256 pin for the stage file: ${new X509Certificate(tls.cert).fingerprint256}`);
  console.log(`accepting tokens from ${settings.issuer} for ${settings.audience}, clients ${settings.approvedClientIds.join(", ")}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof SettingsError ? error.message : error);
  process.exitCode = 1;
});
