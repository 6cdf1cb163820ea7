/** The reference facade's settings, from the environment; a missing one is named. */
export interface FacadeSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly approvedClientIds: readonly string[];
  readonly jwksUrl: URL;
  readonly usersFile: string;
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
  readonly host: string;
  readonly port: number;
}

export class SettingsError extends Error {}

function required(env: NodeJS.ProcessEnv, name: string, expected: string): string {
  const value = env[name]?.trim();
  if (!value) throw new SettingsError(`environment variable ${name} is missing: expected ${expected}`);
  return value;
}

export function readSettings(env: NodeJS.ProcessEnv): FacadeSettings {
  const issuer = required(env, "FACADE_ISSUER", "the tenant's issuer, e.g. https://acme.eu.auth0.com/ (with the trailing slash)");
  if (!/^https:\/\/[^/]+\/$/.test(issuer))
    throw new SettingsError(`environment variable FACADE_ISSUER: expected https://<tenant domain>/, found ${JSON.stringify(issuer)}`);
  const approved = required(env, "FACADE_APPROVED_CLIENT_IDS", "comma-separated client IDs whose tokens are accepted")
    .split(",")
    .map((id) => id.trim());
  if (approved.some((id) => !/^[A-Za-z0-9_-]+$/.test(id)))
    throw new SettingsError("environment variable FACADE_APPROVED_CLIENT_IDS: expected comma-separated client IDs");
  const certFile = env.FACADE_TLS_CERT_FILE?.trim();
  const keyFile = env.FACADE_TLS_KEY_FILE?.trim();
  if (Boolean(certFile) !== Boolean(keyFile))
    throw new SettingsError("set both FACADE_TLS_CERT_FILE and FACADE_TLS_KEY_FILE, or neither (a self-signed certificate is made)");
  const port = Number(env.FACADE_PORT ?? "8443");
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new SettingsError(`environment variable FACADE_PORT: expected a TCP port, found ${JSON.stringify(env.FACADE_PORT)}`);
  return {
    issuer,
    audience: required(env, "FACADE_AUDIENCE", "the facade API identifier, as in the stage file's facade.audience"),
    approvedClientIds: approved,
    jwksUrl: new URL(env.FACADE_JWKS_URL?.trim() || `${issuer}.well-known/jwks.json`),
    usersFile: env.FACADE_USERS_FILE?.trim() || "facade-users.json",
    tls: certFile && keyFile ? { certFile, keyFile } : undefined,
    host: env.FACADE_HOST?.trim() || "127.0.0.1",
    port,
  };
}
