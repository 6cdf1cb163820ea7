import { type KeyObject, createHash, createPrivateKey } from "crypto";
import { CONFIGURATION_KEY_NAMES, type ConfigurationKey, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from "../../contract/connection-configuration";
import { MAX_PINS, normalizeFingerprint } from "../../contract/fingerprints";

export interface FacadeSettings {
  readonly tokenUrl: URL;
  readonly clientId: string;
  /** How the client authenticates for tokens: its secret, or a private key signing a client assertion (private_key_jwt). */
  readonly clientCredential: { readonly secret: string } | { readonly signingKey: KeyObject };
  readonly facadeUrl: URL;
  readonly audience: string;
  /** Canonical SHA-256 pins; empty means the facade has a CA-issued certificate. */
  readonly pins: readonly string[];
  readonly timeoutMs: number;
}

/** A configuration problem. Its message names the key, never the value. */
function misconfigured(key: string, expected: string): Error {
  return new Error(`connection configuration ${key} is ${expected}`);
}

function requiredText(configuration: Readonly<Record<string, unknown>>, key: ConfigurationKey): string {
  const value = configuration[key];
  if (typeof value !== "string" || value.trim() === "") throw misconfigured(key, "missing or empty");
  return value.trim();
}

function optionalText(configuration: Readonly<Record<string, unknown>>, key: ConfigurationKey): string | undefined {
  const value = configuration[key];
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) return undefined;
  if (typeof value !== "string") throw misconfigured(key, "not a string");
  return value.trim();
}

/** Exactly one of CLIENT_SECRET and CLIENT_ASSERTION_KEY; a signing key must be RSA (RS256) of 2048 bits or more. */
function clientCredential(configuration: Readonly<Record<string, unknown>>): FacadeSettings["clientCredential"] {
  const secret = optionalText(configuration, "CLIENT_SECRET");
  const key = optionalText(configuration, "CLIENT_ASSERTION_KEY");
  if (secret !== undefined && key !== undefined) throw misconfigured("CLIENT_SECRET", "set together with CLIENT_ASSERTION_KEY (expected exactly one)");
  if (key === undefined) {
    if (secret === undefined) throw misconfigured("CLIENT_SECRET", "missing or empty, and so is CLIENT_ASSERTION_KEY (expected exactly one)");
    return { secret };
  }
  let signingKey: KeyObject;
  try {
    signingKey = createPrivateKey(key);
  } catch {
    throw misconfigured("CLIENT_ASSERTION_KEY", "not a PEM private key");
  }
  if (signingKey.asymmetricKeyType !== "rsa" || (signingKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw misconfigured("CLIENT_ASSERTION_KEY", "not an RSA private key of at least 2048 bits (RS256)");
  }
  return { signingKey };
}

function httpsUrl(configuration: Readonly<Record<string, unknown>>, key: ConfigurationKey): URL {
  const text = requiredText(configuration, key);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw misconfigured(key, "not a URL (expected https://host[/path])");
  }
  if (url.protocol !== "https:") throw misconfigured(key, "not an https:// URL");
  if (url.username || url.password) throw misconfigured(key, "a URL with credentials in it");
  if (url.search || url.hash) throw misconfigured(key, "a URL with a query or fragment");
  return url;
}

function pins(configuration: Readonly<Record<string, unknown>>): string[] {
  const setting = "FACADE_CERT_SHA256";
  const value = configuration[setting];
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) return [];
  if (typeof value !== "string") throw misconfigured(setting, "not a string");
  const parsed = value.split(",").map(normalizeFingerprint);
  if (parsed.some((pin) => pin === undefined)) {
    throw misconfigured(setting, "malformed (expected comma-separated SHA-256 fingerprints of 64 hex digits)");
  }
  if (parsed.length > MAX_PINS) throw misconfigured(setting, `holding more than ${MAX_PINS} pins`);
  return parsed as string[];
}

function timeoutMs(configuration: Readonly<Record<string, unknown>>): number {
  const setting = "FACADE_TIMEOUT_MS";
  const value = configuration[setting];
  if (value === undefined || value === null || value === "") return DEFAULT_TIMEOUT_MS;
  const text = String(value).trim();
  const number = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(number >= MIN_TIMEOUT_MS && number <= MAX_TIMEOUT_MS)) {
    throw misconfigured(setting, `not a whole number of milliseconds from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS}`);
  }
  return number;
}

/** Reads and checks the configuration; any problem is an error, never a default. */
export function readSettings(configuration: Readonly<Record<string, unknown>>): FacadeSettings {
  return {
    tokenUrl: httpsUrl(configuration, "TOKEN_URL"),
    clientId: requiredText(configuration, "CLIENT_ID"),
    clientCredential: clientCredential(configuration),
    facadeUrl: httpsUrl(configuration, "FACADE_URL"),
    audience: requiredText(configuration, "FACADE_AUDIENCE"),
    pins: pins(configuration),
    timeoutMs: timeoutMs(configuration),
  };
}

/**
 * A digest of the raw configuration values: it changes whenever any of them does (a
 * rotated client secret, a new pin), and holds none of them in clear.
 */
export function settingsKey(configuration: Readonly<Record<string, unknown>>): string {
  const raw = CONFIGURATION_KEY_NAMES.map((key) => String(configuration[key] ?? ""));
  return createHash("sha256").update(raw.join("\u0000")).digest("hex");
}
