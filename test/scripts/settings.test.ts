import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_TIMEOUT_MS } from "../../contract/connection-configuration";
import { readSettings, settingsKey } from "../../scripts/shared/settings";

const PIN = "ab".repeat(32);
const CONFIGURATION = {
  TOKEN_URL: "https://acme.eu.auth0.com/oauth/token",
  CLIENT_ID: "client-id",
  CLIENT_SECRET: "client-secret",
  FACADE_URL: "https://facade.example/base",
  FACADE_AUDIENCE: "https://facade.example/",
  FACADE_CERT_SHA256: PIN,
  FACADE_TIMEOUT_MS: "3000",
};

describe("the scripts' reading of the connection configuration", () => {
  it("reads every key, trimmed, with the pins normalized", () => {
    const settings = readSettings({ ...CONFIGURATION, CLIENT_ID: " client-id ", FACADE_CERT_SHA256: ` ${PIN.toUpperCase()} , ${"cd".repeat(32)}` });
    expect(settings).toEqual({
      tokenUrl: new URL(CONFIGURATION.TOKEN_URL),
      clientId: "client-id",
      clientCredential: { secret: "client-secret" },
      facadeUrl: new URL(CONFIGURATION.FACADE_URL),
      audience: "https://facade.example/",
      pins: [PIN, "cd".repeat(32)],
      timeoutMs: 3000,
    });
  });

  it("reads a private_key_jwt signing key instead of the secret: exactly one of the two, an RSA key of 2048 bits or more, never echoing either", () => {
    const rsa = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const settings = readSettings({ ...CONFIGURATION, CLIENT_SECRET: "", CLIENT_ASSERTION_KEY: rsa.privateKey });
    expect("signingKey" in settings.clientCredential && settings.clientCredential.signingKey.asymmetricKeyType).toBe("rsa");
    const refused = (configuration: Record<string, unknown>) => {
      try {
        readSettings({ ...CONFIGURATION, ...configuration });
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("expected a refusal");
    };
    expect(refused({ CLIENT_ASSERTION_KEY: rsa.privateKey })).toBe(
      "connection configuration CLIENT_SECRET is set together with CLIENT_ASSERTION_KEY (expected exactly one)",
    );
    expect(refused({ CLIENT_SECRET: "", CLIENT_ASSERTION_KEY: "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----" })).toBe(
      "connection configuration CLIENT_ASSERTION_KEY is not a PEM private key",
    );
    expect(refused({ CLIENT_SECRET: "", CLIENT_ASSERTION_KEY: rsa.publicKey })).toBe("connection configuration CLIENT_ASSERTION_KEY is not a PEM private key");
    const ec = generateKeyPairSync("ec", {
      namedCurve: "P-256",
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    expect(refused({ CLIENT_SECRET: "", CLIENT_ASSERTION_KEY: ec.privateKey })).toBe(
      "connection configuration CLIENT_ASSERTION_KEY is not an RSA private key of at least 2048 bits (RS256)",
    );
    const small = generateKeyPairSync("rsa", {
      modulusLength: 1024,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    expect(refused({ CLIENT_SECRET: "", CLIENT_ASSERTION_KEY: small.privateKey })).toBe(
      "connection configuration CLIENT_ASSERTION_KEY is not an RSA private key of at least 2048 bits (RS256)",
    );
    expect(refused({ CLIENT_SECRET: 42 })).toBe("connection configuration CLIENT_SECRET is not a string");
  });

  it("treats missing or empty pins as a CA-issued certificate, and a missing timeout as the default", () => {
    for (const pins of [undefined, null, "", "  "]) {
      const settings = readSettings({ ...CONFIGURATION, FACADE_CERT_SHA256: pins as string, FACADE_TIMEOUT_MS: undefined as unknown as string });
      expect(settings.pins).toEqual([]);
      expect(settings.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
    }
    expect(readSettings({ ...CONFIGURATION, FACADE_TIMEOUT_MS: "" }).timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
    expect(readSettings({ ...CONFIGURATION, FACADE_TIMEOUT_MS: " 500 " }).timeoutMs).toBe(500);
    expect(readSettings({ ...CONFIGURATION, FACADE_TIMEOUT_MS: "10000" }).timeoutMs).toBe(10000);
  });

  it.each([
    ["TOKEN_URL", undefined, "connection configuration TOKEN_URL is missing or empty"],
    ["TOKEN_URL", "   ", "connection configuration TOKEN_URL is missing or empty"],
    ["TOKEN_URL", 42, "connection configuration TOKEN_URL is missing or empty"],
    ["TOKEN_URL", "not a url", "connection configuration TOKEN_URL is not a URL (expected https://host[/path])"],
    ["TOKEN_URL", "http://acme.eu.auth0.com/oauth/token", "connection configuration TOKEN_URL is not an https:// URL"],
    ["FACADE_URL", "https://user:pass@facade.example", "connection configuration FACADE_URL is a URL with credentials in it"],
    ["FACADE_URL", "https://user@facade.example", "connection configuration FACADE_URL is a URL with credentials in it"],
    ["FACADE_URL", "https://:pass@facade.example", "connection configuration FACADE_URL is a URL with credentials in it"],
    ["FACADE_URL", "https://facade.example/?debug=1", "connection configuration FACADE_URL is a URL with a query or fragment"],
    ["FACADE_URL", "https://facade.example/#x", "connection configuration FACADE_URL is a URL with a query or fragment"],
    ["CLIENT_ID", "", "connection configuration CLIENT_ID is missing or empty"],
    ["CLIENT_SECRET", undefined, "connection configuration CLIENT_SECRET is missing or empty, and so is CLIENT_ASSERTION_KEY (expected exactly one)"],
    ["FACADE_AUDIENCE", " ", "connection configuration FACADE_AUDIENCE is missing or empty"],
    ["FACADE_CERT_SHA256", 7, "connection configuration FACADE_CERT_SHA256 is not a string"],
    [
      "FACADE_CERT_SHA256",
      `${PIN},`,
      "connection configuration FACADE_CERT_SHA256 is malformed (expected comma-separated SHA-256 fingerprints of 64 hex digits)",
    ],
    ["FACADE_CERT_SHA256", `${PIN},${PIN},${PIN}`, "connection configuration FACADE_CERT_SHA256 is holding more than 2 pins"],
    ["FACADE_TIMEOUT_MS", "499", "connection configuration FACADE_TIMEOUT_MS is not a whole number of milliseconds from 500 to 10000"],
    ["FACADE_TIMEOUT_MS", "10001", "connection configuration FACADE_TIMEOUT_MS is not a whole number of milliseconds from 500 to 10000"],
    ["FACADE_TIMEOUT_MS", "1e3", "connection configuration FACADE_TIMEOUT_MS is not a whole number of milliseconds from 500 to 10000"],
    ["FACADE_TIMEOUT_MS", "-1000", "connection configuration FACADE_TIMEOUT_MS is not a whole number of milliseconds from 500 to 10000"],
  ])("refuses %s = %j, naming the key and never the value", (key, value, message) => {
    expect(() => readSettings({ ...CONFIGURATION, [key]: value })).toThrow(new Error(message));
  });

  it("keys the container's state by every value, without holding any in clear", () => {
    const key = settingsKey(CONFIGURATION);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(settingsKey({ ...CONFIGURATION })).toBe(key);
    for (const name of Object.keys(CONFIGURATION)) {
      expect(settingsKey({ ...CONFIGURATION, [name]: `${(CONFIGURATION as Record<string, string>)[name]}x` })).not.toBe(key);
    }
    expect(settingsKey({ ...CONFIGURATION, UNRELATED: "x" })).toBe(key);
  });
});
